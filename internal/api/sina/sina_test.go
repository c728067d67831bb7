package sina_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/api/sina"
	"github.com/weibo-server/weibo/internal/testkit"
)

// statusKeys and userKeys are every field objects.md §1/§2 says is always
// present (absent-when-empty fields are checked where they apply).
var statusKeys = []string{"created_at", "id", "mid", "idstr", "text", "source", "favorited", "truncated",
	"in_reply_to_status_id", "in_reply_to_user_id", "in_reply_to_screen_name", "pic_urls", "geo", "user",
	"reposts_count", "comments_count", "attitudes_count", "mlevel", "visible"}

var userKeys = []string{"id", "idstr", "screen_name", "name", "province", "city", "location", "description", "url",
	"profile_image_url", "profile_url", "domain", "weihao", "gender", "followers_count", "friends_count",
	"statuses_count", "favourites_count", "created_at", "following", "allow_all_act_msg", "geo_enabled", "verified",
	"verified_type", "remark", "allow_all_comment", "avatar_large", "avatar_hd", "verified_reason", "follow_me",
	"online_status", "bi_followers_count", "lang"}

func requireKeys(t *testing.T, obj map[string]any, keys []string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("missing key %q in %v", k, obj)
		}
	}
}

// checkStatusJSON checks a raw status object's keys and id types.
func checkStatusJSON(t *testing.T, raw []byte) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	requireKeys(t, m, statusKeys)
	if _, ok := m["id"].(float64); !ok {
		t.Errorf("id is not a number: %v", m["id"])
	}
	if s, ok := m["idstr"].(string); !ok || s != strconv.FormatInt(int64(m["id"].(float64)), 10) {
		t.Errorf("idstr %v does not match id %v", m["idstr"], m["id"])
	}
	if m["mid"] != m["idstr"] {
		t.Errorf("mid %v != idstr %v", m["mid"], m["idstr"])
	}
	u, ok := m["user"].(map[string]any)
	if !ok {
		t.Fatalf("user is not an object: %v", m["user"])
	}
	requireKeys(t, u, userKeys)
}

func post(t *testing.T, u *testkit.User, text string) sina.Status {
	t.Helper()
	var st sina.Status
	r := u.Post("/2/statuses/update.json", url.Values{"status": {text}})
	u.Must(r, &st)
	checkStatusJSON(t, r.Body)
	return st
}

func TestPostShowAndHomeTimeline(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("鲍勃")
	bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), nil)

	st := post(t, alice, "你好 #话题# @鲍勃 http://example.com/x")
	if st.Text != "你好 #话题# @鲍勃 http://example.com/x" || st.RepostsCount != 0 {
		t.Fatalf("unexpected status %+v", st)
	}
	if !strings.Contains(st.CreatedAt, "+0800") {
		t.Errorf("created_at %q not in China time", st.CreatedAt)
	}

	// The author sees it at once; the follower after fan-out.
	var home sina.Timeline
	alice.Must(alice.Get("/2/statuses/home_timeline.json", nil), &home)
	if len(home.Statuses) != 1 || home.Statuses[0].ID != st.ID {
		t.Fatalf("author's home: %+v", home.Statuses)
	}
	k.Drain()
	bob.Must(bob.Get("/2/statuses/friends_timeline.json", nil), &home)
	if len(home.Statuses) != 1 || home.Statuses[0].ID != st.ID {
		t.Fatalf("follower's home: %+v", home.Statuses)
	}

	var shown sina.Status
	bob.Must(bob.Get("/2/statuses/show.json", url.Values{"id": {st.IDStr}}), &shown)
	if shown.ID != st.ID {
		t.Fatalf("show: %+v", shown)
	}

	// Counters moved: statuses_count on the author, mention unread on bob.
	var user sina.User
	bob.Must(bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), &user)
	if user.StatusesCount != 1 || user.FollowersCount != 1 || !user.Following || user.Status == nil || user.Status.ID != st.ID {
		t.Fatalf("users/show: %+v", user)
	}
	var unread sina.Unread
	bob.Must(bob.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), &unread)
	if unread.MentionStatus != 1 || unread.Status != 0 {
		t.Fatalf("unread after mention (home already read): %+v", unread)
	}
	var mentions sina.Timeline
	bob.Must(bob.Get("/2/statuses/mentions.json", nil), &mentions)
	if len(mentions.Statuses) != 1 || mentions.TotalNumber != 1 {
		t.Fatalf("mentions: %+v", mentions)
	}
	bob.Must(bob.Post("/2/remind/set_count.json", url.Values{"type": {"mention_status"}}), nil)
	bob.Must(bob.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), &unread)
	if unread.MentionStatus != 0 {
		t.Fatalf("set_count did not clear: %+v", unread)
	}
}

func TestTextLengthAndDuplicates(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	post(t, u, strings.Repeat("汉", 140))
	e := u.Fail(u.Post("/2/statuses/update.json", url.Values{"status": {strings.Repeat("汉", 141)}}), http.StatusBadRequest, 20012)
	if e.Request != "/2/statuses/update.json" {
		t.Errorf("request = %q", e.Request)
	}
	u.Fail(u.Post("/2/statuses/update.json", url.Values{"status": {"  "}}), http.StatusBadRequest, 20008)
	u.Fail(u.Post("/2/statuses/update.json", url.Values{"status": {strings.Repeat("汉", 140)}}), http.StatusBadRequest, 20019)
	u.Fail(u.Post("/2/statuses/update.json", url.Values{"status": {"x"}, "visible": {"9"}}), http.StatusBadRequest, 10017)
	u.Fail(u.Post("/2/statuses/update.json", url.Values{"status": {"x"}, "lat": {"91"}}), http.StatusBadRequest, 10017)
	u.Fail(u.Get("/2/statuses/update.json", url.Values{"status": {"x"}}), http.StatusMethodNotAllowed, 10021)
	u.Fail(u.Get("/2/statuses/nope.json", nil), http.StatusNotFound, 10020)
}

func TestAuthErrors(t *testing.T) {
	k := testkit.Start(t)
	anon := k.Anonymous()
	anon.Fail(anon.Get("/2/statuses/home_timeline.json", nil), http.StatusUnauthorized, 10006)
	anon.Token = "2.00bogus"
	anon.Fail(anon.Get("/2/statuses/home_timeline.json", nil), http.StatusUnauthorized, 21332)

	u := k.NewUser()
	// access_token as a parameter works as well as the header.
	bare := k.Anonymous()
	var uid map[string]int64
	bare.Must(bare.Get("/2/account/get_uid.json", url.Values{"access_token": {u.Token}}), &uid)
	if uid["uid"] != u.ID {
		t.Fatalf("get_uid: %v", uid)
	}
	// Expiry.
	k.Clock.Advance(31 * 24 * 3600 * 1e9)
	u.Fail(u.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21327)
}

func TestRepostChainAndCounters(t *testing.T) {
	k := testkit.Start(t)
	a, b, c := k.NewUser("amy"), k.NewUser("ben"), k.NewUser("cat")
	orig := post(t, a, "original")
	b.Fail(b.Post("/2/statuses/repost.json", url.Values{"id": {"12345"}}), http.StatusBadRequest, 20101)
	a.Fail(a.Post("/2/statuses/repost.json", url.Values{"id": {orig.IDStr}}), http.StatusForbidden, 20103)

	var r1, r2 sina.Status
	b.Must(b.Post("/2/statuses/repost.json", url.Values{"id": {orig.IDStr}, "status": {"ben says"}, "is_comment": {"1"}}), &r1)
	if r1.RetweetedStatus == nil || r1.RetweetedStatus.ID != orig.ID || r1.RetweetedStatus.RepostsCount != 1 {
		t.Fatalf("repost: %+v", r1.RetweetedStatus)
	}
	c.Must(c.Post("/2/statuses/repost.json", url.Values{"id": {r1.IDStr}, "status": {"cat too"}}), &r2)
	if r2.Text != "cat too//@ben:ben says" || r2.RetweetedStatus.ID != orig.ID {
		t.Fatalf("chain: %q → %d", r2.Text, r2.RetweetedStatus.ID)
	}
	var counts []sina.StatusCount
	a.Must(a.Get("/2/statuses/count.json", url.Values{"ids": {orig.IDStr + "," + r1.IDStr}}), &counts)
	if len(counts) != 2 || counts[0].Reposts != 2 || counts[0].Comments != 1 || counts[1].Reposts != 1 {
		t.Fatalf("counts: %+v", counts)
	}
	var reposts sina.RepostList
	a.Must(a.Get("/2/statuses/repost_timeline.json", url.Values{"id": {orig.IDStr}}), &reposts)
	if reposts.TotalNumber != 2 || len(reposts.Reposts) != 2 {
		t.Fatalf("repost_timeline: %+v", reposts)
	}

	// Deleting the original: show answers 20101; the repost embeds it as deleted.
	b.Fail(b.Post("/2/statuses/destroy.json", url.Values{"id": {orig.IDStr}}), http.StatusForbidden, 20102)
	a.Must(a.Post("/2/statuses/destroy.json", url.Values{"id": {orig.IDStr}}), nil)
	a.Fail(a.Get("/2/statuses/show.json", url.Values{"id": {orig.IDStr}}), http.StatusBadRequest, 20101)
	var again sina.Status
	b.Must(b.Get("/2/statuses/show.json", url.Values{"id": {r1.IDStr}}), &again)
	if again.RetweetedStatus == nil || again.RetweetedStatus.Deleted != "1" {
		t.Fatalf("deleted original not marked: %+v", again.RetweetedStatus)
	}
	var user sina.User
	a.Must(a.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), &user)
	if user.StatusesCount != 0 {
		t.Fatalf("statuses_count after delete = %d", user.StatusesCount)
	}
}

func TestCommentsFlow(t *testing.T) {
	k := testkit.Start(t)
	a, b := k.NewUser("ann"), k.NewUser("bo")
	st := post(t, a, "comment me")
	var c1, c2 sina.Comment
	b.Must(b.Post("/2/comments/create.json", url.Values{"id": {st.IDStr}, "comment": {"nice"}}), &c1)
	if c1.Status == nil || c1.Status.ID != st.ID || c1.User == nil || c1.User.ID != b.ID {
		t.Fatalf("comment: %+v", c1)
	}
	b.Fail(b.Post("/2/comments/create.json", url.Values{"id": {st.IDStr}, "comment": {"nice"}}), http.StatusBadRequest, 20019)
	a.Must(a.Post("/2/comments/reply.json", url.Values{"id": {st.IDStr}, "cid": {c1.IDStr}, "comment": {"thanks"}}), &c2)
	if c2.Text != "回复@bo:thanks" || c2.ReplyComment == nil || c2.ReplyComment.ID != c1.ID {
		t.Fatalf("reply: %+v", c2)
	}
	var list sina.CommentList
	a.Must(a.Get("/2/comments/show.json", url.Values{"id": {st.IDStr}}), &list)
	if list.TotalNumber != 2 || len(list.Comments) != 2 || list.Comments[0].ID != c2.ID {
		t.Fatalf("comments/show: %+v", list)
	}
	var unread sina.Unread
	a.Must(a.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), &unread)
	if unread.Cmt != 1 {
		t.Fatalf("cmt unread = %d", unread.Cmt)
	}
	b.Must(b.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), &unread)
	if unread.Cmt != 1 {
		t.Fatalf("reply should notify bo: %+v", unread)
	}
	a.Fail(a.Post("/2/comments/destroy.json", url.Values{"cid": {c1.IDStr}}), http.StatusForbidden, 20203)
	b.Must(b.Post("/2/comments/destroy.json", url.Values{"cid": {c1.IDStr}}), nil)
	var counts []sina.StatusCount
	a.Must(a.Get("/2/statuses/count.json", url.Values{"ids": {st.IDStr}}), &counts)
	if counts[0].Comments != 1 {
		t.Fatalf("comments count after destroy = %d", counts[0].Comments)
	}
	b.Fail(b.Post("/2/comments/destroy.json", url.Values{"cid": {c1.IDStr}}), http.StatusBadRequest, 20201)
}

func TestFriendships(t *testing.T) {
	k := testkit.Start(t)
	a, b := k.NewUser("aa"), k.NewUser("bb")
	a.Fail(a.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), http.StatusForbidden, 20504)
	a.Must(a.Post("/2/friendships/create.json", url.Values{"screen_name": {"bb"}}), nil)
	a.Fail(a.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), http.StatusBadRequest, 20506)
	b.Must(b.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), nil)

	var fs sina.Friendship
	a.Must(a.Get("/2/friendships/show.json", url.Values{"target_id": {fmt.Sprint(b.ID)}}), &fs)
	if !fs.Source.Following || !fs.Source.FollowedBy || fs.Source.Following != fs.Target.FollowedBy {
		t.Fatalf("show: %+v", fs)
	}
	var ids sina.IDPage
	a.Must(a.Get("/2/friendships/friends/bilateral/ids.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), &ids)
	if len(ids.IDs) != 1 || ids.IDs[0] != b.ID {
		t.Fatalf("bilateral ids: %+v", ids)
	}
	var counts []sina.UserCounts
	a.Must(a.Get("/2/users/counts.json", url.Values{"uids": {fmt.Sprintf("%d,%d", a.ID, b.ID)}}), &counts)
	if counts[0].FriendsCount != 1 || counts[0].FollowersCount != 1 {
		t.Fatalf("counts: %+v", counts)
	}
	a.Must(a.Post("/2/friendships/destroy.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), nil)
	a.Fail(a.Post("/2/friendships/destroy.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), http.StatusBadRequest, 20522)
	var u sina.User
	a.Must(a.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), &u)
	if u.FollowersCount != 0 || u.BiFollowersCount != 0 || u.Following || !u.FollowMe {
		t.Fatalf("after unfollow: %+v", u)
	}
}

func TestWarmHomeTimelineRunsNoSQL(t *testing.T) {
	k := testkit.Start(t)
	a, b := k.NewUser(), k.NewUser()
	b.Must(b.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), nil)
	for i := 0; i < 5; i++ {
		post(t, a, fmt.Sprintf("post %d", i))
	}
	k.Drain()
	var home sina.Timeline
	b.Must(b.Get("/2/statuses/home_timeline.json", url.Values{"count": {"20"}}), &home) // warms the window and caches
	before := k.App.SQL.Queries()
	b.Must(b.Get("/2/statuses/home_timeline.json", url.Values{"count": {"20"}}), &home)
	if n := k.App.SQL.Queries() - before; n != 0 {
		t.Fatalf("warm home timeline ran %d SQL statements", n)
	}
	if len(home.Statuses) != 5 {
		t.Fatalf("home has %d statuses", len(home.Statuses))
	}
}

func TestOAuthPasswordGrantErrors(t *testing.T) {
	k := testkit.Start(t)
	k.NewUser("pw")
	c := k.Anonymous()
	form := func(v url.Values) *testkit.Response { return c.Post("/oauth2/access_token", v) }
	c.Fail(form(url.Values{"grant_type": {"password"}, "client_id": {k.AppKey()}}), http.StatusBadRequest, 21323)
	c.Fail(form(url.Values{"grant_type": {"password"}, "client_id": {k.AppKey()}, "client_secret": {"wrong"}, "username": {"pw"}, "password": {"x"}}), http.StatusUnauthorized, 21324)
	c.Fail(form(url.Values{"grant_type": {"password"}, "client_id": {k.AppKey()}, "client_secret": {k.AppSecret()}, "username": {"pw"}, "password": {"wrong"}}), http.StatusUnauthorized, 21302)
	c.Fail(form(url.Values{"grant_type": {"magic"}, "client_id": {k.AppKey()}, "client_secret": {k.AppSecret()}}), http.StatusBadRequest, 21328)
}
