package sina_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// mustOK fails unless r is a 200.
func mustOK(t *testing.T, r *testkit.Response) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want 200, got %d: %s", r.Status, r.Body)
	}
}

// specMust checks r is a 200 whose body matches the spec type v.
func specMust(t *testing.T, r *testkit.Response, v any) {
	t.Helper()
	mustOK(t, r)
	sinaspec.Decode(t, r.Body, v)
}

func post(t *testing.T, u *testkit.User, text string) sinaspec.Status {
	t.Helper()
	var st sinaspec.Status
	specMust(t, u.Post("/2/statuses/update.json", url.Values{"status": {text}}), &st)
	return st
}

func TestPostShowAndHomeTimeline(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("鲍勃")
	bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), nil)

	st := post(t, alice, "你好 #话题# @鲍勃 http://example.com/x")
	// The link is kept as this server's short link (TestPostedLinksAreShortened).
	if !strings.HasPrefix(st.Text, "你好 #话题# @鲍勃 "+k.URL+"/t/") || st.RepostsCount != 0 {
		t.Fatalf("unexpected status %+v", st)
	}
	if !strings.Contains(st.CreatedAt, "+0800") {
		t.Errorf("created_at %q not in China time", st.CreatedAt)
	}

	// The author sees it at once; the follower after fan-out.
	var home sinaspec.Timeline
	specMust(t, alice.Get("/2/statuses/home_timeline.json", nil), &home)
	if len(home.Statuses) != 1 || home.Statuses[0].ID != st.ID {
		t.Fatalf("author's home: %+v", home.Statuses)
	}
	k.Drain()
	specMust(t, bob.Get("/2/statuses/friends_timeline.json", nil), &home)
	if len(home.Statuses) != 1 || home.Statuses[0].ID != st.ID {
		t.Fatalf("follower's home: %+v", home.Statuses)
	}

	var shown sinaspec.Status
	specMust(t, bob.Get("/2/statuses/show.json", url.Values{"id": {st.IDStr}}), &shown)
	if shown.ID != st.ID {
		t.Fatalf("show: %+v", shown)
	}

	// Counters moved: statuses_count on the author, mention unread on bob.
	var user sinaspec.User
	specMust(t, bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), &user)
	if user.StatusesCount != 1 || user.FollowersCount != 1 || !user.Following || user.Status == nil || user.Status.ID != st.ID {
		t.Fatalf("users/show: %+v", user)
	}
	var unread sinaspec.Unread
	specMust(t, bob.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), &unread)
	if unread.MentionStatus != 1 || unread.Status != 0 {
		t.Fatalf("unread after mention (home already read): %+v", unread)
	}
	var mentions sinaspec.Timeline
	specMust(t, bob.Get("/2/statuses/mentions.json", nil), &mentions)
	if len(mentions.Statuses) != 1 || mentions.TotalNumber != 1 {
		t.Fatalf("mentions: %+v", mentions)
	}
	bob.Must(bob.Post("/2/remind/set_count.json", url.Values{"type": {"mention_status"}}), nil)
	specMust(t, bob.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), &unread)
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
	specMust(t, bare.Get("/2/account/get_uid.json", url.Values{"access_token": {u.Token}}), &uid)
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

	var r1, r2 sinaspec.Status
	specMust(t, b.Post("/2/statuses/repost.json", url.Values{"id": {orig.IDStr}, "status": {"ben says"}, "is_comment": {"1"}}), &r1)
	if r1.RetweetedStatus == nil || r1.RetweetedStatus.ID != orig.ID || r1.RetweetedStatus.RepostsCount != 1 {
		t.Fatalf("repost: %+v", r1.RetweetedStatus)
	}
	specMust(t, c.Post("/2/statuses/repost.json", url.Values{"id": {r1.IDStr}, "status": {"cat too"}}), &r2)
	if r2.Text != "cat too//@ben:ben says" || r2.RetweetedStatus.ID != orig.ID {
		t.Fatalf("chain: %q → %d", r2.Text, r2.RetweetedStatus.ID)
	}
	var counts []sinaspec.StatusCount
	specMust(t, a.Get("/2/statuses/count.json", url.Values{"ids": {orig.IDStr + "," + r1.IDStr}}), &counts)
	if len(counts) != 2 || counts[0].Reposts != 2 || counts[0].Comments != 1 || counts[1].Reposts != 1 {
		t.Fatalf("counts: %+v", counts)
	}
	var reposts sinaspec.Reposts
	specMust(t, a.Get("/2/statuses/repost_timeline.json", url.Values{"id": {orig.IDStr}}), &reposts)
	if reposts.TotalNumber != 2 || len(reposts.Reposts) != 2 {
		t.Fatalf("repost_timeline: %+v", reposts)
	}

	// Deleting the original: show answers 20101; the repost embeds it as deleted.
	b.Fail(b.Post("/2/statuses/destroy.json", url.Values{"id": {orig.IDStr}}), http.StatusForbidden, 20102)
	a.Must(a.Post("/2/statuses/destroy.json", url.Values{"id": {orig.IDStr}}), nil)
	a.Fail(a.Get("/2/statuses/show.json", url.Values{"id": {orig.IDStr}}), http.StatusBadRequest, 20101)
	var again sinaspec.Status
	specMust(t, b.Get("/2/statuses/show.json", url.Values{"id": {r1.IDStr}}), &again)
	if again.RetweetedStatus == nil || again.RetweetedStatus.Deleted != "1" {
		t.Fatalf("deleted original not marked: %+v", again.RetweetedStatus)
	}
	var user sinaspec.User
	specMust(t, a.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), &user)
	if user.StatusesCount != 0 {
		t.Fatalf("statuses_count after delete = %d", user.StatusesCount)
	}
}

func TestCommentsFlow(t *testing.T) {
	k := testkit.Start(t)
	a, b := k.NewUser("ann"), k.NewUser("bo")
	st := post(t, a, "comment me")
	var c1, c2 sinaspec.Comment
	specMust(t, b.Post("/2/comments/create.json", url.Values{"id": {st.IDStr}, "comment": {"nice"}}), &c1)
	if c1.Status == nil || c1.Status.ID != st.ID || c1.User == nil || c1.User.ID != b.ID {
		t.Fatalf("comment: %+v", c1)
	}
	b.Fail(b.Post("/2/comments/create.json", url.Values{"id": {st.IDStr}, "comment": {"nice"}}), http.StatusBadRequest, 20019)
	specMust(t, a.Post("/2/comments/reply.json", url.Values{"id": {st.IDStr}, "cid": {c1.IDStr}, "comment": {"thanks"}}), &c2)
	if c2.Text != "回复@bo:thanks" || c2.ReplyComment == nil || c2.ReplyComment.ID != c1.ID {
		t.Fatalf("reply: %+v", c2)
	}
	var list sinaspec.Comments
	specMust(t, a.Get("/2/comments/show.json", url.Values{"id": {st.IDStr}}), &list)
	if list.TotalNumber != 2 || len(list.Comments) != 2 || list.Comments[0].ID != c2.ID {
		t.Fatalf("comments/show: %+v", list)
	}
	var unread sinaspec.Unread
	specMust(t, a.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), &unread)
	if unread.Cmt != 1 {
		t.Fatalf("cmt unread = %d", unread.Cmt)
	}
	specMust(t, b.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), &unread)
	if unread.Cmt != 1 {
		t.Fatalf("reply should notify bo: %+v", unread)
	}
	a.Fail(a.Post("/2/comments/destroy.json", url.Values{"cid": {c1.IDStr}}), http.StatusForbidden, 20203)
	b.Must(b.Post("/2/comments/destroy.json", url.Values{"cid": {c1.IDStr}}), nil)
	var counts []sinaspec.StatusCount
	specMust(t, a.Get("/2/statuses/count.json", url.Values{"ids": {st.IDStr}}), &counts)
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

	var fs sinaspec.Friendship
	specMust(t, a.Get("/2/friendships/show.json", url.Values{"target_id": {fmt.Sprint(b.ID)}}), &fs)
	if !fs.Source.Following || !fs.Source.FollowedBy || fs.Source.Following != fs.Target.FollowedBy {
		t.Fatalf("show: %+v", fs)
	}
	var ids sinaspec.UserIDs
	specMust(t, a.Get("/2/friendships/friends/bilateral/ids.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), &ids)
	if len(ids.IDs) != 1 || ids.IDs[0] != b.ID {
		t.Fatalf("bilateral ids: %+v", ids)
	}
	var counts []sinaspec.UserCounts
	specMust(t, a.Get("/2/users/counts.json", url.Values{"uids": {fmt.Sprintf("%d,%d", a.ID, b.ID)}}), &counts)
	if counts[0].FriendsCount != 1 || counts[0].FollowersCount != 1 {
		t.Fatalf("counts: %+v", counts)
	}
	a.Must(a.Post("/2/friendships/destroy.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), nil)
	a.Fail(a.Post("/2/friendships/destroy.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), http.StatusBadRequest, 20522)
	var u sinaspec.User
	specMust(t, a.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(b.ID)}}), &u)
	if u.FollowersCount != 0 || u.BiFollowersCount != 0 || u.Following || !u.FollowMe {
		t.Fatalf("after unfollow: %+v", u)
	}
}

func TestWarmHomeTimelineRunsNoSQL(t *testing.T) {
	k := testkit.Start(t)
	a, b := k.NewUser(), k.NewUser()
	b.Must(b.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(a.ID)}}), nil)
	for i := 0; i < 5; i++ {
		st := post(t, a, fmt.Sprintf("post %d", i))
		if i%2 == 0 { // favorited is per viewer, and answered from the cache too
			b.Must(b.Post("/2/favorites/create.json", url.Values{"id": {st.IDStr}}), nil)
		}
	}
	k.Drain()
	var home sinaspec.Timeline
	b.Must(b.Get("/2/statuses/home_timeline.json", url.Values{"count": {"20"}}), &home) // warms the window and caches
	before := k.App.SQL.Queries()
	specMust(t, b.Get("/2/statuses/home_timeline.json", url.Values{"count": {"20"}}), &home)
	if n := k.App.SQL.Queries() - before; n != 0 {
		t.Fatalf("warm home timeline ran %d SQL statements", n)
	}
	if len(home.Statuses) != 5 {
		t.Fatalf("home has %d statuses", len(home.Statuses))
	}
	for i, st := range home.Statuses { // newest first: posts 4..0
		if want := (4-i)%2 == 0; st.Favorited != want {
			t.Fatalf("status %d favorited=%v, want %v", i, st.Favorited, want)
		}
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

// requireKeys checks every key is present in obj.
func requireKeys(t *testing.T, obj map[string]any, keys []string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("missing key %q in %v", k, obj)
		}
	}
}
