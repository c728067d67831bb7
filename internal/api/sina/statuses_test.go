package sina_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// stGet is a GET decoded strictly into T.
func stGet[T any](t *testing.T, c *testkit.Client, path string, kv ...string) T {
	t.Helper()
	return mustDecode[T](t, c.Get(path, reqParams(kv...)))
}

// stPost posts a status through statuses/update (extra parameters as pairs).
func stPost(t *testing.T, u *testkit.User, text string, kv ...string) *sinaspec.Status {
	t.Helper()
	v := reqParams(kv...)
	v.Set("status", text)
	st := mustDecode[sinaspec.Status](t, u.Post("/2/statuses/update.json", v))
	return &st
}

// stRepost reposts id with text through statuses/repost.
func stRepost(t *testing.T, u *testkit.User, id int64, kv ...string) *sinaspec.Status {
	t.Helper()
	v := reqParams(kv...)
	v.Set("id", strconv.FormatInt(id, 10))
	st := mustDecode[sinaspec.Status](t, u.Post("/2/statuses/repost.json", v))
	return &st
}

// stFollow makes a follow b.
func stFollow(t *testing.T, a, b *testkit.User) {
	t.Helper()
	a.Must(a.Post("/2/friendships/create.json", reqParams("uid", strconv.FormatInt(b.ID, 10))), nil)
}

// stTimeline reads a T-envelope timeline.
func stTimeline(t *testing.T, u *testkit.User, path string, kv ...string) sinaspec.Timeline {
	t.Helper()
	return stGet[sinaspec.Timeline](t, u.Client, path, kv...)
}

// stIDTimeline reads an I-envelope id list.
func stIDTimeline(t *testing.T, u *testkit.User, path string, kv ...string) *sinaspec.IDTimeline {
	t.Helper()
	l := stGet[sinaspec.IDTimeline](t, u.Client, path, kv...)
	return &l
}

// stIDsOf lists the ids of statuses, in order.
func stIDsOf(sts []*sinaspec.Status) []int64 {
	out := make([]int64, len(sts))
	for i, s := range sts {
		out[i] = s.ID
	}
	return out
}

// stIDs is stIDsOf for the statuses returned by stPost and friends.
func stIDs(sts ...*sinaspec.Status) []int64 { return stIDsOf(sts) }

// stWant fails unless got and want hold the same ids in the same order.
func stWant(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got ids %v, want %v", what, got, want)
	}
}

// stTimelineIDs reads a T timeline and returns its ids, also checking that
// its id twin (the /ids endpoint, when given) lists exactly the same ids.
func stTimelineIDs(t *testing.T, u *testkit.User, path, idsPath string, kv ...string) []int64 {
	t.Helper()
	tl := stTimeline(t, u, path, kv...)
	got := stIDsOf(tl.Statuses)
	if idsPath != "" {
		var idkv []string
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] != "trim_user" {
				idkv = append(idkv, kv[i], kv[i+1])
			}
		}
		stWant(t, idsPath+" vs "+path, stIDTimeline(t, u, idsPath, idkv...).IDs(), got)
	}
	return got
}

// stRev returns ids newest first (posting order reversed).
func stRev(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}

// stCorePost posts through the core directly: for statuses the HTTP API
// cannot make (pictures, no app) and for bulk fixtures.
func stCorePost(t *testing.T, k *testkit.Kit, v domain.Viewer, text string, pics ...string) int64 {
	t.Helper()
	ids := make([]string, len(pics))
	for i, name := range pics {
		ids[i] = uploadTestPicture(t, k, v, name)
	}
	sv, err := k.App.Core.PostStatus(context.Background(), v, core.PostStatusInput{Text: text, PicIDs: ids})
	if err != nil {
		t.Fatalf("core post %q: %v", text, err)
	}
	return sv.Status.ID
}

// stOtherApp gives u a token for a second app, for base_app.
func stOtherApp(t *testing.T, k *testkit.Kit, u *testkit.User) *testkit.User {
	t.Helper()
	ap, secret, err := k.App.Core.CreateApp(context.Background(), core.CreateAppInput{Name: "另一个应用", RedirectURI: k.URL + "/other"})
	if err != nil {
		t.Fatalf("create app: %v", err)
	}
	c := k.Anonymous()
	r := c.Post("/oauth2/access_token", reqParams("client_id", ap.Key, "client_secret", secret,
		"grant_type", "password", "username", u.ScreenName, "password", u.Password))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &tok) != nil || tok.AccessToken == "" {
		t.Fatalf("token for the second app: %d %s", r.Status, r.Body)
	}
	c.Token = tok.AccessToken
	return &testkit.User{ID: u.ID, ScreenName: u.ScreenName, Password: u.Password, Client: c}
}

// stUnread reads u's remind counters.
func stUnread(t *testing.T, u *testkit.User) sinaspec.Unread {
	t.Helper()
	return stGet[sinaspec.Unread](t, u.Client, "/2/remind/unread_count.json", "uid", strconv.FormatInt(u.ID, 10))
}

func TestStatusesUpdate(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")

	st := stPost(t, alice, "第一条 hello", "lat", "39.9", "long", "116.4",
		"annotations", `{"k":"v"}`, "rip", "211.156.0.1", "visible", "0")
	if st.Text != "第一条 hello" || st.User == nil || st.User.ID != alice.ID || st.User.ScreenName != "alice" {
		t.Fatalf("update: %+v", st)
	}
	if st.Visible.Type != 0 || st.RepostsCount != 0 || st.CommentsCount != 0 || st.RetweetedStatus != nil || st.Deleted != "" {
		t.Fatalf("update: %+v", st)
	}
	// The raw GPS point is kept in GCJ-02, the datum of every point the
	// server holds.
	glng, glat := geo.WGSToGCJ(116.4, 39.9)
	if st.Geo == nil || st.Geo.Type != "Point" || st.Geo.Coordinates != [2]float64{glat, glng} {
		t.Fatalf("geo: %+v", st.Geo)
	}
	if string(st.Annotations) != `[{"k":"v"}]` {
		t.Fatalf("annotations: %s", st.Annotations)
	}
	if !strings.Contains(st.Source, ">testkit</a>") {
		t.Fatalf("source does not name the posting app: %q", st.Source)
	}
	if st.User.StatusesCount != 1 {
		t.Fatalf("author's statuses_count in the answer = %d", st.User.StatusesCount)
	}
	// A plain post has no geo (null) and no annotations.
	plain := stPost(t, alice, "second")
	if plain.Geo != nil || plain.Annotations != nil {
		t.Fatalf("plain post: geo %+v annotations %s", plain.Geo, plain.Annotations)
	}

	// The effect: show and the author's timeline have both, counters moved.
	shown := stGet[sinaspec.Status](t, alice.Client, "/2/statuses/show.json", "id", st.IDStr)
	if shown.ID != st.ID || shown.Text != st.Text || string(shown.Annotations) != `[{"k":"v"}]` {
		t.Fatalf("show: %+v", shown)
	}
	stWant(t, "user_timeline", stTimelineIDs(t, alice, "/2/statuses/user_timeline.json", ""), stIDs(plain, st))
	u := stGet[sinaspec.User](t, alice.Client, "/2/users/show.json", "uid", idString(alice.ID))
	if u.StatusesCount != 2 || u.Status == nil || u.Status.ID != plain.ID {
		t.Fatalf("users/show after posting: %+v", u)
	}

	// The 140-character rule (README §9): 140 汉字 fit, 141 do not; a link costs 10.
	stPost(t, alice, strings.Repeat("汉", 140))
	stPost(t, alice, strings.Repeat("汉", 129)+" http://example.com/"+strings.Repeat("x", 100))

	post := func(kv ...string) *testkit.Response { return alice.Post("/2/statuses/update.json", reqParams(kv...)) }
	mustFail(t, alice.Client, post(), 400, 10016, "status")
	mustFail(t, alice.Client, post("status", ""), 400, 20008, "")
	mustFail(t, alice.Client, post("status", " \n "), 400, 20008, "")
	mustFail(t, alice.Client, post("status", strings.Repeat("汉", 141)), 400, 20012, "")
	mustFail(t, alice.Client, post("status", strings.Repeat("汉", 129)+" http://example.com/"+strings.Repeat("x", 100)), 400, 20019, "")
	mustFail(t, alice.Client, post("status", "v", "visible", "4"), 400, 10017, "visible")
	mustFail(t, alice.Client, post("status", "v", "visible", "x"), 400, 10017, "visible")
	mustFail(t, alice.Client, post("status", "v", "visible", "3"), 400, 10016, "list_id")
	alice.Fail(post("status", "v", "visible", "3", "list_id", "77"), 400, 20603) // no such group
	mustFail(t, alice.Client, post("status", "v", "list_id", "x"), 400, 10017, "list_id")
	mustFail(t, alice.Client, post("status", "v", "lat", "90.5"), 400, 10017, "lat")
	mustFail(t, alice.Client, post("status", "v", "long", "-180.01"), 400, 10017, "long")
	mustFail(t, alice.Client, post("status", "v", "lat", "north"), 400, 10017, "lat")
	mustFail(t, alice.Client, post("status", "v", "annotations", "{not json"), 400, 10017, "annotations")
	mustFail(t, alice.Client, post("status", "v", "annotations", `"a string"`), 400, 10017, "annotations")
	mustFail(t, alice.Client, post("status", "v", "annotations", `["`+strings.Repeat("a", 520)+`"]`), 400, 10017, "annotations")
	alice.Fail(alice.Get("/2/statuses/update.json", reqParams("status", "v")), 405, 10021)

	// None of the refused posts was written.
	u = stGet[sinaspec.User](t, alice.Client, "/2/users/show.json", "uid", idString(alice.ID))
	if u.StatusesCount != 4 {
		t.Fatalf("statuses_count after refused posts = %d, want 4", u.StatusesCount)
	}
	anon := k.Anonymous()
	anon.Fail(anon.Post("/2/statuses/update.json", reqParams("status", "x")), 401, 10006)
}

// TestStatusesVisibility covers visible=0/1/2 on every read: a private
// status (1) is its author's alone; a 密友 status (request 2, stored as
// type 4) reaches mutual followers only (domain.CanSee).
func TestStatusesVisibility(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol, dave := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave")
	stFollow(t, alice, bob)
	stFollow(t, bob, alice) // bob is mutual: a close friend
	stFollow(t, carol, alice)

	pub := stPost(t, alice, "public @bob @carol")
	priv := stPost(t, alice, "private @bob @carol", "visible", "1")
	friendsOnly := stPost(t, alice, "close friends @bob @carol", "visible", "2")
	if pub.Visible.Type != 0 || priv.Visible.Type != 1 || friendsOnly.Visible.Type != 4 {
		t.Fatalf("visible types: %d %d %d", pub.Visible.Type, priv.Visible.Type, friendsOnly.Visible.Type)
	}
	k.Drain()

	all := stIDs(friendsOnly, priv, pub)
	sees := map[*testkit.User][]int64{
		alice: all,
		bob:   stIDs(friendsOnly, pub),
		carol: stIDs(pub),
		dave:  stIDs(pub),
	}
	for u, want := range sees {
		stWant(t, u.ScreenName+" user_timeline", stTimelineIDs(t, u, "/2/statuses/user_timeline.json",
			"/2/statuses/user_timeline/ids.json", "uid", idString(alice.ID)), want)
		stWant(t, u.ScreenName+" user_timeline by name", stTimelineIDs(t, u, "/2/statuses/user_timeline.json",
			"/2/statuses/user_timeline/ids.json", "screen_name", "alice"), want)
		for _, s := range []*sinaspec.Status{pub, priv, friendsOnly} {
			r := u.Get("/2/statuses/show.json", reqParams("id", s.IDStr))
			if slices.Contains(want, s.ID) {
				if got := mustDecode[sinaspec.Status](t, r); got.ID != s.ID || got.Visible.Type != s.Visible.Type {
					t.Fatalf("%s show %d: %+v", u.ScreenName, s.ID, got)
				}
			} else {
				u.Fail(r, 400, 20101)
				u.Fail(u.Get("/2/statuses/repost_timeline.json", reqParams("id", s.IDStr)), 400, 20101)
				u.Fail(u.Get("/2/statuses/querymid.json", reqParams("id", s.IDStr, "type", "1")), 400, 20101)
			}
		}
		counts := stGet[[]sinaspec.StatusCount](t, u.Client, "/2/statuses/count.json", "ids", pub.IDStr+","+priv.IDStr+","+friendsOnly.IDStr)
		var got []int64
		for _, c := range counts {
			got = append(got, c.ID)
		}
		stWant(t, u.ScreenName+" statuses/count", got, stRev(want...))
		// users/show embeds the newest status the viewer may see.
		us := stGet[sinaspec.User](t, u.Client, "/2/users/show.json", "uid", idString(alice.ID))
		if us.Status == nil || us.Status.ID != want[0] {
			t.Fatalf("%s sees alice's latest as %+v, want %d", u.ScreenName, us.Status, want[0])
		}
	}
	// Home timelines (alice: her own; bob: followee, close friend; carol:
	// one-way follower; dave: follows no one).
	stWant(t, "alice home", stTimelineIDs(t, alice, "/2/statuses/home_timeline.json", "/2/statuses/home_timeline/ids.json"), all)
	stWant(t, "bob home", stTimelineIDs(t, bob, "/2/statuses/home_timeline.json", "/2/statuses/home_timeline/ids.json"), stIDs(friendsOnly, pub))
	stWant(t, "carol home", stTimelineIDs(t, carol, "/2/statuses/friends_timeline.json", "/2/statuses/friends_timeline/ids.json"), stIDs(pub))
	stWant(t, "dave home", stTimelineIDs(t, dave, "/2/statuses/home_timeline.json", ""), nil)
	stWant(t, "alice bilateral", stTimelineIDs(t, alice, "/2/statuses/bilateral_timeline.json", ""), all)
	stWant(t, "bob bilateral", stTimelineIDs(t, bob, "/2/statuses/bilateral_timeline.json", ""), stIDs(friendsOnly, pub))
	stWant(t, "public", stTimelineIDs(t, alice, "/2/statuses/public_timeline.json", ""), stIDs(pub))

	// Mentions: only what the mentioned user may see, and only that counts as unread.
	stWant(t, "bob mentions", stTimelineIDs(t, bob, "/2/statuses/mentions.json", "/2/statuses/mentions/ids.json"), stIDs(friendsOnly, pub))
	stWant(t, "carol mentions", stTimelineIDs(t, carol, "/2/statuses/mentions.json", "/2/statuses/mentions/ids.json"), stIDs(pub))
	if n := stUnread(t, bob).MentionStatus; n != 2 {
		t.Fatalf("bob mention_status = %d, want 2", n)
	}
	if n := stUnread(t, carol).MentionStatus; n != 1 {
		t.Fatalf("carol mention_status = %d, want 1", n)
	}

	// Reposting: what one cannot see does not exist; a 密友 status may be
	// seen but not spread (20508).
	bob.Fail(bob.Post("/2/statuses/repost.json", reqParams("id", priv.IDStr)), 400, 20101)
	bob.Fail(bob.Post("/2/statuses/repost.json", reqParams("id", friendsOnly.IDStr)), 403, 20508)
	rp := stRepost(t, bob, pub.ID, "status", "spreading")
	stWant(t, "repost_timeline for alice", stTimelineIDsReposts(t, alice, pub.ID), stIDs(rp))
	stWant(t, "private repost_timeline for alice", stTimelineIDsReposts(t, alice, priv.ID), nil)
	if n := stUnread(t, bob).MentionStatus; n != 2 {
		t.Fatalf("bob's own repost changed his mention_status to %d", n)
	}
}

// stTimelineIDsReposts reads repost_timeline and its /ids twin.
func stTimelineIDsReposts(t *testing.T, u *testkit.User, id int64, kv ...string) []int64 {
	t.Helper()
	kv = append([]string{"id", idString(id)}, kv...)
	rl := stGet[sinaspec.Reposts](t, u.Client, "/2/statuses/repost_timeline.json", kv...)
	got := stIDsOf(rl.Reposts)
	stWant(t, "repost_timeline/ids", stIDTimeline(t, u, "/2/statuses/repost_timeline/ids.json", kv...).IDs(), got)
	return got
}

// TestStatusesPaging checks since_id (exclusive), max_id (inclusive), count,
// page and total_number on every since/max/page timeline and its /ids twin.
func TestStatusesPaging(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	stFollow(t, alice, bob)
	stFollow(t, bob, alice)
	orig := stPost(t, bob, "the original")
	var posted []int64 // alice's statuses, oldest first; each mentions bob and reposts orig
	for i := range 7 {
		posted = append(posted, stRepost(t, alice, orig.ID, "status", fmt.Sprintf("repost %d @bob", i)).ID)
	}
	k.Drain()
	newest := stRev(posted...) // p6 … p0
	p := func(i int) string { return idString(posted[i]) }

	type tl struct{ path, ids string }
	timelines := []tl{
		{"/2/statuses/user_timeline.json", "/2/statuses/user_timeline/ids.json"},
		{"/2/statuses/home_timeline.json", "/2/statuses/home_timeline/ids.json"},
		{"/2/statuses/friends_timeline.json", "/2/statuses/friends_timeline/ids.json"},
		{"/2/statuses/bilateral_timeline.json", ""},
		{"/2/statuses/repost_by_me.json", ""},
		{"/2/statuses/mentions.json", "/2/statuses/mentions/ids.json"},
		{"/2/statuses/repost_timeline.json", "/2/statuses/repost_timeline/ids.json"},
	}
	for _, tc := range timelines {
		reader, extra := alice, []string{"uid", idString(alice.ID)}
		switch {
		case strings.Contains(tc.path, "mentions"):
			reader, extra = bob, nil
		case strings.Contains(tc.path, "repost_timeline"):
			extra = []string{"id", orig.IDStr}
		case !strings.Contains(tc.path, "user_timeline"):
			extra = nil
		}
		read := func(kv ...string) []int64 {
			t.Helper()
			kv = append(slices.Clone(extra), kv...)
			if strings.Contains(tc.path, "repost_") {
				if strings.Contains(tc.path, "repost_timeline") {
					return stTimelineIDsReposts(t, reader, orig.ID, kv[2:]...)
				}
				rl := stGet[sinaspec.Reposts](t, reader.Client, tc.path, kv...)
				return stIDsOf(rl.Reposts)
			}
			return stTimelineIDs(t, reader, tc.path, tc.ids, kv...)
		}
		want := newest
		if strings.Contains(tc.path, "home") || strings.Contains(tc.path, "friends") || strings.Contains(tc.path, "bilateral") {
			want = append(slices.Clone(newest), orig.ID) // bob's original is the oldest
		}
		name := tc.path
		stWant(t, name+" all", read(), want)
		stWant(t, name+" since_id is exclusive", read("since_id", p(3)), newest[:3])
		stWant(t, name+" max_id is inclusive", read("max_id", p(3)), want[3:])
		stWant(t, name+" since_id and max_id", read("since_id", p(1), "max_id", p(4)), stRev(posted[2:5]...))
		stWant(t, name+" count", read("count", "2"), newest[:2])
		stWant(t, name+" page", read("count", "2", "page", "2"), newest[2:4])
		stWant(t, name+" page past the end", read("count", "5", "page", "3"), nil)
		stWant(t, name+" page within max_id", read("count", "2", "page", "2", "max_id", p(5)), newest[3:5])
		// Blank values are absent ones (SDKs send "max_id=").
		stWant(t, name+" blank", read("since_id", "", "max_id", "", "count", "", "page", ""), want)

		for _, bad := range [][]string{{"count", "0"}, {"count", "-1"}, {"count", "many"}, {"page", "0"},
			{"page", "x"}, {"since_id", "-1"}, {"since_id", "x"}, {"max_id", "-5"}, {"max_id", "1.5"}} {
			kv := append(slices.Clone(extra), bad...)
			mustFail(t, reader.Client, reader.Get(tc.path, reqParams(kv...)), 400, 10017, bad[0])
			if tc.ids != "" {
				mustFail(t, reader.Client, reader.Get(tc.ids, reqParams(kv...)), 400, 10017, bad[0])
			}
		}
	}

	// total_number counts every match, not just the page, where the store
	// can count (user, mentions, reposts, repost_by_me).
	for _, c := range []struct {
		u    *testkit.User
		path string
		kv   []string
		want int
	}{
		{alice, "/2/statuses/user_timeline.json", []string{"count", "2"}, 7},
		{bob, "/2/statuses/user_timeline.json", []string{"uid", idString(alice.ID), "count", "2"}, 7},
		{bob, "/2/statuses/mentions.json", []string{"count", "3"}, 7},
		// The total is the timeline's, whatever window of it the page shows.
		{bob, "/2/statuses/mentions.json", []string{"count", "3", "since_id", p(4)}, 7},
		{alice, "/2/statuses/user_timeline.json", []string{"max_id", p(2)}, 7},
	} {
		if tl := stTimeline(t, c.u, c.path, c.kv...); tl.TotalNumber != c.want {
			t.Fatalf("%s %v total_number = %d, want %d", c.path, c.kv, tl.TotalNumber, c.want)
		}
	}
	if rl := stGet[sinaspec.Reposts](t, alice.Client, "/2/statuses/repost_by_me.json", "count", "2"); rl.TotalNumber != 7 || len(rl.Reposts) != 2 {
		t.Fatalf("repost_by_me total_number = %d with %d reposts, want 7 with 2", rl.TotalNumber, len(rl.Reposts))
	}
	if rl := stGet[sinaspec.Reposts](t, bob.Client, "/2/statuses/repost_timeline.json", "id", orig.IDStr, "count", "2"); rl.TotalNumber != 7 {
		t.Fatalf("repost_timeline total_number = %d, want 7", rl.TotalNumber)
	}
	if ids := stIDTimeline(t, alice, "/2/statuses/user_timeline/ids.json", "count", "1"); ids.TotalNumber != 7 {
		t.Fatalf("user_timeline/ids total_number = %d, want 7", ids.TotalNumber)
	}
	// next_cursor is the next page's max_id (README §6 allows a server to fill
	// it so), 0 when the page is empty; previous_cursor is always 0.
	for _, path := range []string{"/2/statuses/user_timeline.json", "/2/statuses/home_timeline.json", "/2/statuses/mentions.json"} {
		reader := alice
		if strings.Contains(path, "mentions") {
			reader = bob
		}
		first := stTimeline(t, reader, path, "count", "2")
		if first.PreviousCursor != 0 || first.NextCursor == 0 {
			t.Fatalf("%s cursors: previous %d next %d", path, first.PreviousCursor, first.NextCursor)
		}
		stWant(t, path+" by next_cursor", stTimelineIDs(t, reader, path, "", "count", "2", "max_id", idString(first.NextCursor)), newest[2:4])
		ids := stIDTimeline(t, reader, strings.Replace(path, ".json", "/ids.json", 1), "count", "2")
		if ids.NextCursor != first.NextCursor {
			t.Fatalf("%s/ids next_cursor %d, timeline %d", path, ids.NextCursor, first.NextCursor)
		}
		if empty := stTimeline(t, reader, path, "since_id", p(6)); len(empty.Statuses) != 0 || empty.NextCursor != 0 {
			t.Fatalf("%s empty page: %+v", path, empty)
		}
	}
	// public_timeline pages with page/count (no since/max in the 2013 page).
	stWant(t, "public page 2", stTimelineIDs(t, alice, "/2/statuses/public_timeline.json", "", "count", "3", "page", "2"),
		stRev(posted[1:4]...))
	alice.Fail(alice.Get("/2/statuses/public_timeline.json", reqParams("page", "0")), 400, 10017)
}

// TestStatusesCountDefaultsAndClamp checks each family's default count and
// that a count above the maximum is clamped to it (README §6).
func TestStatusesCountDefaultsAndClamp(t *testing.T) {
	if testing.Short() {
		t.Skip("posts 400 statuses")
	}
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	stFollow(t, alice, bob)
	stFollow(t, bob, alice)
	orig := stPost(t, alice, "repost me")
	for i := range 201 {
		stCorePost(t, k, alice.Viewer(), fmt.Sprintf("post %d @bob", i))
		if _, err := k.App.Core.Repost(context.Background(), bob.Viewer(), core.RepostInput{ID: orig.ID, Text: fmt.Sprintf("repost %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	k.Drain()
	for _, c := range []struct {
		u        *testkit.User
		path     string
		kv       []string
		def, max int
	}{
		{alice, "/2/statuses/public_timeline.json", nil, 20, 200},
		{alice, "/2/statuses/home_timeline.json", nil, 20, 100},
		{alice, "/2/statuses/friends_timeline.json", nil, 20, 100},
		{alice, "/2/statuses/home_timeline/ids.json", nil, 20, 100},
		{alice, "/2/statuses/friends_timeline/ids.json", nil, 20, 100},
		{alice, "/2/statuses/bilateral_timeline.json", nil, 20, 100},
		{alice, "/2/statuses/user_timeline.json", nil, 20, 100},
		{alice, "/2/statuses/user_timeline/ids.json", nil, 20, 100},
		{bob, "/2/statuses/mentions.json", nil, 20, 200},
		{bob, "/2/statuses/mentions/ids.json", nil, 20, 200},
		{bob, "/2/statuses/repost_by_me.json", nil, 20, 200},
		{alice, "/2/statuses/repost_timeline.json", []string{"id", orig.IDStr}, 20, 200},
		{alice, "/2/statuses/repost_timeline/ids.json", []string{"id", orig.IDStr}, 20, 200},
	} {
		n := func(kv ...string) int {
			t.Helper()
			r := c.u.Get(c.path, reqParams(append(slices.Clone(c.kv), kv...)...))
			var m map[string]json.RawMessage
			if r.Status != 200 || json.Unmarshal(r.Body, &m) != nil {
				t.Fatalf("%s: %d %s", c.path, r.Status, r.Body)
			}
			var list []json.RawMessage
			key := "statuses"
			if _, ok := m["reposts"]; ok {
				key = "reposts"
			}
			if err := json.Unmarshal(m[key], &list); err != nil {
				t.Fatalf("%s: %v", c.path, err)
			}
			return len(list)
		}
		if got := n(); got != c.def {
			t.Errorf("%s default count: %d items, want %d", c.path, got, c.def)
		}
		if got := n("count", "100000"); got != c.max {
			t.Errorf("%s count=100000: %d items, want the maximum %d", c.path, got, c.max)
		}
		if got := n("count", strconv.Itoa(c.max+1)); got != c.max {
			t.Errorf("%s count=max+1: %d items, want %d", c.path, got, c.max)
		}
	}
	// A strict decode of a full page, once per envelope.
	stGet[sinaspec.Timeline](t, alice.Client, "/2/statuses/public_timeline.json", "count", "200")
	stGet[sinaspec.Reposts](t, alice.Client, "/2/statuses/repost_timeline.json", "id", orig.IDStr, "count", "200")
}

// TestStatusesFeatureAndBaseApp covers feature (0 all, 1 original, 2 picture,
// 3 video, 4 music) and base_app on the timelines that document them.
func TestStatusesFeatureAndBaseApp(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	stFollow(t, alice, bob)
	stFollow(t, bob, alice)
	other := stOtherApp(t, k, alice)

	bobs := stPost(t, bob, "bob's original")
	text := stPost(t, alice, "plain text via testkit")
	viaOther := stPost(t, other, "plain text via the other app")
	if !strings.Contains(viaOther.Source, "另一个应用") {
		t.Fatalf("source of the other app's post: %q", viaOther.Source)
	}
	pic := stCorePost(t, k, domain.Viewer{UserID: alice.ID}, "with a picture", "pic1")
	repost := stRepost(t, alice, bobs.ID, "status", "a repost")
	k.Drain()

	// Alice's home, bilateral and own timeline hold the same statuses here.
	mine := []int64{repost.ID, pic, viaOther.ID, text.ID}
	home := append(slices.Clone(mine), bobs.ID)
	for _, c := range []struct {
		path, ids string
		kv        []string
		all       []int64
	}{
		{"/2/statuses/home_timeline.json", "/2/statuses/home_timeline/ids.json", nil, home},
		{"/2/statuses/friends_timeline.json", "/2/statuses/friends_timeline/ids.json", nil, home},
		{"/2/statuses/bilateral_timeline.json", "", nil, home},
		{"/2/statuses/user_timeline.json", "/2/statuses/user_timeline/ids.json", []string{"uid", idString(alice.ID)}, mine},
	} {
		read := func(u *testkit.User, kv ...string) []int64 {
			t.Helper()
			return stTimelineIDs(t, u, c.path, c.ids, append(slices.Clone(c.kv), kv...)...)
		}
		without := func(drop ...int64) []int64 {
			return slices.DeleteFunc(slices.Clone(c.all), func(id int64) bool { return slices.Contains(drop, id) })
		}
		stWant(t, c.path+" feature=0", read(alice, "feature", "0"), c.all)
		stWant(t, c.path+" feature=1", read(alice, "feature", "1"), without(repost.ID))
		stWant(t, c.path+" feature=2", read(alice, "feature", "2"), []int64{pic})
		stWant(t, c.path+" feature=3", read(alice, "feature", "3"), nil)
		stWant(t, c.path+" feature=4", read(alice, "feature", "4"), nil)
		// base_app=1: only what the calling app posted (the kit's app posted
		// the original, the repost and bob's status; the core post had no app).
		stWant(t, c.path+" base_app=1", read(alice, "base_app", "1"), without(pic, viaOther.ID))
		stWant(t, c.path+" base_app=1 other app", read(other, "base_app", "1"), []int64{viaOther.ID})
		stWant(t, c.path+" base_app=0", read(other, "base_app", "0"), c.all)
		stWant(t, c.path+" base_app and feature", read(alice, "base_app", "1", "feature", "1"), without(pic, viaOther.ID, repost.ID))
		for _, bad := range [][]string{{"feature", "5"}, {"feature", "-1"}, {"feature", "x"}, {"base_app", "2"}, {"base_app", "x"}} {
			mustFail(t, alice.Client, alice.Get(c.path, reqParams(append(slices.Clone(c.kv), bad...)...)), 400, 10017, bad[0])
		}
	}
	// public_timeline documents base_app only.
	stWant(t, "public base_app=1", stTimelineIDs(t, other, "/2/statuses/public_timeline.json", "", "base_app", "1"), []int64{viaOther.ID})
	stWant(t, "public", stTimelineIDs(t, other, "/2/statuses/public_timeline.json", ""), home)
	// The picture status renders its picture fields only when it has one; a
	// status without one has none of them.
	shown := stGet[sinaspec.Status](t, alice.Client, "/2/statuses/show.json", "id", text.IDStr)
	if shown.ThumbnailPic != "" || len(shown.PicURLs) != 0 {
		t.Fatalf("a status without pictures has picture fields: %+v", shown)
	}
}

// TestStatusesTrimUser checks trim_user=1 reduces user to its ids (and adds
// uid) on every timeline that documents it, retweeted statuses included.
func TestStatusesTrimUser(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	stFollow(t, alice, bob)
	stFollow(t, bob, alice)
	orig := stPost(t, bob, "original")
	rp := stRepost(t, alice, orig.ID, "status", "repost")
	k.Drain()
	for _, c := range []struct {
		path string
		kv   []string
		want []int64
	}{
		{"/2/statuses/home_timeline.json", nil, stIDs(rp, orig)},
		{"/2/statuses/friends_timeline.json", nil, stIDs(rp, orig)},
		{"/2/statuses/bilateral_timeline.json", nil, stIDs(rp, orig)},
		{"/2/statuses/user_timeline.json", []string{"uid", idString(alice.ID)}, stIDs(rp)},
	} {
		tt := stGet[sinaspec.TrimmedTimeline](t, alice.Client, c.path, append(slices.Clone(c.kv), "trim_user", "1")...)
		var got []int64
		for _, s := range tt.Statuses {
			got = append(got, s.ID)
			author := alice.ID
			if s.ID == orig.ID {
				author = bob.ID
			}
			if s.UID != author || s.User.ID != author || s.User.IDStr != idString(author) {
				t.Fatalf("%s trimmed status %d: uid %d user %+v, want %d", c.path, s.ID, s.UID, s.User, author)
			}
			if s.ID == rp.ID && (s.RetweetedStatus == nil || s.RetweetedStatus.ID != orig.ID || s.RetweetedStatus.UID != bob.ID) {
				t.Fatalf("%s trimmed retweeted_status: %+v", c.path, s.RetweetedStatus)
			}
		}
		stWant(t, c.path+" trim_user=1", got, c.want)
		// trim_user=0 is the full object.
		full := stTimeline(t, alice, c.path, append(slices.Clone(c.kv), "trim_user", "0")...)
		if len(full.Statuses) == 0 || full.Statuses[0].User == nil || full.Statuses[0].User.ScreenName != "alice" {
			t.Fatalf("%s trim_user=0: %+v", c.path, full.Statuses)
		}
		mustFail(t, alice.Client, alice.Get(c.path, reqParams(append(slices.Clone(c.kv), "trim_user", "2")...)), 400, 10017, "trim_user")
	}
}

// TestStatusesRepost covers statuses/repost: the root original, the //@
// chain, counters, is_comment 0–3 and the error paths.
func TestStatusesRepost(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	dave, erin := k.NewUser("dave"), k.NewUser("erin")
	orig := stPost(t, alice, "original")
	r1 := stRepost(t, bob, orig.ID)
	if r1.Text != "转发微博" || r1.RetweetedStatus == nil || r1.RetweetedStatus.ID != orig.ID ||
		r1.RetweetedStatus.RepostsCount != 1 || r1.RetweetedStatus.User == nil || r1.RetweetedStatus.User.ID != alice.ID {
		t.Fatalf("repost with the default text: %+v", r1)
	}
	if r1.User == nil || r1.User.ID != bob.ID || r1.User.StatusesCount != 1 {
		t.Fatalf("repost author: %+v", r1.User)
	}
	// Reposting a repost: the new status still points at the root and
	// carries the chain; both the parent and the root count it.
	r2 := stRepost(t, carol, r1.ID, "status", "carol says", "is_comment", "0")
	if r2.Text != "carol says//@bob:转发微博" || r2.RetweetedStatus == nil || r2.RetweetedStatus.ID != orig.ID {
		t.Fatalf("repost of a repost: %q → %+v", r2.Text, r2.RetweetedStatus)
	}
	counts := func(ids ...int64) map[int64]sinaspec.StatusCount {
		t.Helper()
		var s []string
		for _, id := range ids {
			s = append(s, idString(id))
		}
		out := map[int64]sinaspec.StatusCount{}
		for _, c := range stGet[[]sinaspec.StatusCount](t, alice.Client, "/2/statuses/count.json", "ids", strings.Join(s, ",")) {
			out[c.ID] = c
		}
		return out
	}
	c := counts(orig.ID, r1.ID, r2.ID)
	if c[orig.ID].Reposts != 2 || c[r1.ID].Reposts != 1 || c[r2.ID].Reposts != 0 || c[orig.ID].Comments != 0 || c[r1.ID].Comments != 0 {
		t.Fatalf("counts after reposts: %+v", c)
	}

	// is_comment: 1 comments on the reposted status, 2 on the original, 3 on both.
	for i, want := range []struct{ onParent, onRoot int }{{1, 0}, {0, 1}, {1, 1}} {
		before := counts(orig.ID, r1.ID)
		stRepost(t, carol, r1.ID, "status", fmt.Sprintf("with comment %d", i+1), "is_comment", strconv.Itoa(i+1))
		after := counts(orig.ID, r1.ID)
		if after[r1.ID].Comments-before[r1.ID].Comments != want.onParent || after[orig.ID].Comments-before[orig.ID].Comments != want.onRoot {
			t.Fatalf("is_comment=%d: comments %+v → %+v", i+1, before, after)
		}
		if after[r1.ID].Reposts != before[r1.ID].Reposts+1 || after[orig.ID].Reposts != before[orig.ID].Reposts+1 {
			t.Fatalf("is_comment=%d: reposts %+v → %+v", i+1, before, after)
		}
	}
	// The comment's text is the repost's own words.
	cl := stGet[sinaspec.Comments](t, alice.Client, "/2/comments/show.json", "id", orig.IDStr)
	if len(cl.Comments) != 2 || cl.Comments[0].Text != "with comment 3" || cl.Comments[1].Text != "with comment 2" {
		t.Fatalf("comments made by is_comment: %+v", cl.Comments)
	}
	// is_comment with the default text makes no comment.
	before := counts(orig.ID)
	stRepost(t, carol, orig.ID, "is_comment", "3")
	if after := counts(orig.ID); after[orig.ID].Comments != before[orig.ID].Comments {
		t.Fatalf("default text commented: %+v → %+v", before, after)
	}

	repost := func(kv ...string) *testkit.Response { return carol.Post("/2/statuses/repost.json", reqParams(kv...)) }
	mustFail(t, carol.Client, repost(), 400, 10016, "id")
	mustFail(t, carol.Client, repost("id", "abc"), 400, 10017, "id")
	mustFail(t, carol.Client, repost("id", "-3"), 400, 10017, "id")
	mustFail(t, carol.Client, repost("id", orig.IDStr, "is_comment", "4"), 400, 10017, "is_comment")
	mustFail(t, carol.Client, repost("id", orig.IDStr, "is_comment", "x"), 400, 10017, "is_comment")
	carol.Fail(repost("id", "123456789"), 400, 20101)
	carol.Fail(repost("id", orig.IDStr, "status", strings.Repeat("长", 141)), 400, 20012)
	alice.Fail(alice.Post("/2/statuses/repost.json", reqParams("id", orig.IDStr)), 403, 20103)
	// Reposting a repost of one's own original is still reposting oneself? No:
	// the target is someone else's status, which is allowed.
	stRepost(t, alice, r1.ID, "status", "back to me")
	// Reposting the same status with the same text twice in a row is a duplicate.
	stRepost(t, carol, orig.ID, "status", "same")
	carol.Fail(repost("id", orig.IDStr, "status", "same"), 400, 20019)
	carol.Fail(carol.Get("/2/statuses/repost.json", reqParams("id", orig.IDStr)), 405, 10021)

	// Clients that pre-fill the repost box the way weibo.com does send the
	// user's words followed by the chain: it is not appended a second time,
	// whether the chain is whole, cut short by the client, or alone.
	for _, c := range []struct{ send, want string }{
		{"carol says//@bob:转发微博", "carol says//@bob:转发微博"},
		{"pre-filled //@bob:转发", "pre-filled //@bob:转发微博"},
		{"//@bob:转发微博", "转发微博//@bob:转发微博"},
		{"a quote of my own //@bob:something else", "a quote of my own //@bob:something else//@bob:转发微博"},
	} {
		if got := stRepost(t, carol, r1.ID, "status", c.send); got.Text != c.want || got.RetweetedStatus.ID != orig.ID {
			t.Fatalf("repost of a repost sent as %q: %q, want %q", c.send, got.Text, c.want)
		}
	}
	// Deeper: r2 carries a chain of its own; both styles give one status text.
	ownOnly := stRepost(t, dave, r2.ID, "status", "dave says")
	prefilled := stRepost(t, erin, r2.ID, "status", "dave says//@carol:carol says//@bob:转发微博")
	if want := "dave says//@carol:carol says//@bob:转发微博"; ownOnly.Text != want || prefilled.Text != want {
		t.Fatalf("reposting a chain: own words only %q, pre-filled %q; want both %q", ownOnly.Text, prefilled.Text, want)
	}
	// is_comment comments with the reposter's own words, not the chain.
	stRepost(t, erin, r2.ID, "status", "erin again//@carol:carol says//@bob:转发微博", "is_comment", "1")
	if cl := stGet[sinaspec.Comments](t, carol.Client, "/2/comments/show.json", "id", r2.IDStr); len(cl.Comments) != 1 || cl.Comments[0].Text != "erin again" {
		t.Fatalf("comment of a pre-filled repost: %+v", cl.Comments)
	}
}

// TestStatusesRepostTimeline covers repost_timeline (+/ids, filter_by_author)
// and repost_by_me.
func TestStatusesRepostTimeline(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	stFollow(t, alice, bob) // alice follows bob, not carol
	orig := stPost(t, alice, "original")
	b1 := stRepost(t, bob, orig.ID, "status", "b1")
	c1 := stRepost(t, carol, orig.ID, "status", "c1")
	c2 := stRepost(t, carol, b1.ID, "status", "c2") // direct parent b1
	b2 := stRepost(t, bob, orig.ID, "status", "b2")

	stWant(t, "reposts of the original", stTimelineIDsReposts(t, alice, orig.ID), stIDs(b2, c2, c1, b1))
	stWant(t, "reposts of a repost", stTimelineIDsReposts(t, alice, b1.ID), stIDs(c2))
	stWant(t, "filter_by_author=0", stTimelineIDsReposts(t, alice, orig.ID, "filter_by_author", "0"), stIDs(b2, c2, c1, b1))
	stWant(t, "filter_by_author=1", stTimelineIDsReposts(t, alice, orig.ID, "filter_by_author", "1"), stIDs(b2, b1))
	stWant(t, "filter_by_author=2", stTimelineIDsReposts(t, alice, orig.ID, "filter_by_author", "2"), stIDs(c2, c1))
	rl := stGet[sinaspec.Reposts](t, alice.Client, "/2/statuses/repost_timeline.json", "id", orig.IDStr)
	for _, r := range rl.Reposts {
		if r.RetweetedStatus == nil || r.RetweetedStatus.ID != orig.ID || r.RetweetedStatus.RepostsCount != 4 {
			t.Fatalf("repost %d embeds %+v", r.ID, r.RetweetedStatus)
		}
	}
	if rl.TotalNumber != 4 {
		t.Fatalf("total_number = %d", rl.TotalNumber)
	}

	mine := stGet[sinaspec.Reposts](t, carol.Client, "/2/statuses/repost_by_me.json")
	stWant(t, "repost_by_me", stIDsOf(mine.Reposts), stIDs(c2, c1))
	if mine.TotalNumber != 2 || mine.Reposts[0].RetweetedStatus == nil || mine.Reposts[0].RetweetedStatus.ID != orig.ID {
		t.Fatalf("repost_by_me: %+v", mine)
	}
	stWant(t, "repost_by_me of someone with none", stIDsOf(stGet[sinaspec.Reposts](t, alice.Client, "/2/statuses/repost_by_me.json").Reposts), nil)

	for _, path := range []string{"/2/statuses/repost_timeline.json", "/2/statuses/repost_timeline/ids.json"} {
		mustFail(t, alice.Client, alice.Get(path, nil), 400, 10016, "id")
		mustFail(t, alice.Client, alice.Get(path, reqParams("id", "x")), 400, 10017, "id")
		mustFail(t, alice.Client, alice.Get(path, reqParams("id", orig.IDStr, "filter_by_author", "3")), 400, 10017, "filter_by_author")
		alice.Fail(alice.Get(path, reqParams("id", "987654321")), 400, 20101)
	}

	// A deleted repost leaves the list and the counters; reposts of it stay
	// (their root is the original).
	bob.Must(bob.Post("/2/statuses/destroy.json", reqParams("id", b1.IDStr)), nil)
	stWant(t, "after deleting b1", stTimelineIDsReposts(t, alice, orig.ID), stIDs(b2, c2, c1))
	alice.Fail(alice.Get("/2/statuses/repost_timeline.json", reqParams("id", b1.IDStr)), 400, 20101)
	stWant(t, "repost_by_me after deleting b1", stIDsOf(stGet[sinaspec.Reposts](t, bob.Client, "/2/statuses/repost_by_me.json").Reposts), stIDs(b2))
	if s := stGet[sinaspec.Status](t, alice.Client, "/2/statuses/show.json", "id", orig.IDStr); s.RepostsCount != 3 {
		t.Fatalf("reposts_count after deleting a repost = %d", s.RepostsCount)
	}
}

// TestStatusesDestroy covers destroy and that a deleted status vanishes
// from every read while embedded copies render as deleted.
func TestStatusesDestroy(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	stFollow(t, bob, alice)
	stFollow(t, alice, bob)
	keep := stPost(t, alice, "keep")
	gone := stPost(t, alice, "to be deleted @bob")
	rp := stRepost(t, bob, gone.ID, "status", "bob's repost")
	k.Drain()

	destroyed := mustDecode[sinaspec.Status](t, alice.Post("/2/statuses/destroy.json", reqParams("id", gone.IDStr)))
	if destroyed.ID != gone.ID || destroyed.Text != gone.Text || destroyed.Deleted != "" || destroyed.User == nil {
		t.Fatalf("destroy answers the status as it was: %+v", destroyed)
	}
	for _, u := range []*testkit.User{alice, bob} {
		u.Fail(u.Get("/2/statuses/show.json", reqParams("id", gone.IDStr)), 400, 20101)
		u.Fail(u.Get("/2/statuses/repost_timeline.json", reqParams("id", gone.IDStr)), 400, 20101)
		for _, path := range []string{"/2/statuses/home_timeline.json", "/2/statuses/bilateral_timeline.json", "/2/statuses/public_timeline.json"} {
			if ids := stTimelineIDs(t, u, path, ""); slices.Contains(ids, gone.ID) || !slices.Contains(ids, keep.ID) {
				t.Fatalf("%s %s after delete: %v", u.ScreenName, path, ids)
			}
		}
		stWant(t, "user_timeline after delete", stTimelineIDs(t, u, "/2/statuses/user_timeline.json",
			"/2/statuses/user_timeline/ids.json", "uid", idString(alice.ID)), stIDs(keep))
		if c := stGet[[]sinaspec.StatusCount](t, u.Client, "/2/statuses/count.json", "ids", gone.IDStr); len(c) != 0 {
			t.Fatalf("count of a deleted status: %+v", c)
		}
	}
	stWant(t, "mentions after delete", stTimelineIDs(t, bob, "/2/statuses/mentions.json", "/2/statuses/mentions/ids.json"), nil)
	// After fan-out too (the windows are cleaned in the background).
	k.Drain()
	if ids := stTimelineIDs(t, bob, "/2/statuses/home_timeline.json", "/2/statuses/home_timeline/ids.json"); slices.Contains(ids, gone.ID) {
		t.Fatalf("bob's home after drain: %v", ids)
	}
	// The repost remains and embeds the original as deleted.
	shown := stGet[sinaspec.Status](t, bob.Client, "/2/statuses/show.json", "id", rp.IDStr)
	if shown.RetweetedStatus == nil || shown.RetweetedStatus.Deleted != "1" || shown.RetweetedStatus.ID != gone.ID ||
		shown.RetweetedStatus.Text != "此微博已被原作者删除。" || shown.RetweetedStatus.User != nil {
		t.Fatalf("deleted original embedded as %+v", shown.RetweetedStatus)
	}
	home := stTimeline(t, bob, "/2/statuses/home_timeline.json")
	if len(home.Statuses) == 0 || home.Statuses[0].ID != rp.ID || home.Statuses[0].RetweetedStatus.Deleted != "1" {
		t.Fatalf("bob's home shows the repost with the deleted original: %+v", home.Statuses)
	}
	// Counters: statuses_count went down.
	if u := stGet[sinaspec.User](t, bob.Client, "/2/users/show.json", "uid", idString(alice.ID)); u.StatusesCount != 1 || u.Status == nil || u.Status.ID != keep.ID {
		t.Fatalf("alice after delete: count %d latest %+v", u.StatusesCount, u.Status)
	}

	destroy := func(u *testkit.User, kv ...string) *testkit.Response {
		return u.Post("/2/statuses/destroy.json", reqParams(kv...))
	}
	mustFail(t, alice.Client, destroy(alice), 400, 10016, "id")
	mustFail(t, alice.Client, destroy(alice, "id", "zz"), 400, 10017, "id")
	mustFail(t, alice.Client, destroy(alice, "id", "0"), 400, 10017, "id")
	alice.Fail(destroy(alice, "id", gone.IDStr), 400, 20101) // already deleted
	alice.Fail(destroy(alice, "id", "123456789"), 400, 20101)
	bob.Fail(destroy(bob, "id", keep.IDStr), 403, 20102)
	alice.Fail(alice.Get("/2/statuses/destroy.json", reqParams("id", keep.IDStr)), 405, 10021)
	// Nothing was deleted by the refused calls.
	stGet[sinaspec.Status](t, alice.Client, "/2/statuses/show.json", "id", keep.IDStr)
}

func TestStatusesShow(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	orig := stPost(t, alice, "show me")
	rp := stRepost(t, bob, orig.ID, "status", "look")
	s := stGet[sinaspec.Status](t, bob.Client, "/2/statuses/show.json", "id", rp.IDStr)
	if s.ID != rp.ID || s.Text != "look" || s.User == nil || s.User.ID != bob.ID || s.RetweetedStatus == nil ||
		s.RetweetedStatus.ID != orig.ID || s.RetweetedStatus.User == nil || s.RetweetedStatus.User.ID != alice.ID ||
		s.RetweetedStatus.RepostsCount != 1 || s.CreatedAt != rp.CreatedAt {
		t.Fatalf("show: %+v", s)
	}
	// The viewer's relationship is reflected in the embedded user.
	stFollow(t, bob, alice)
	s = stGet[sinaspec.Status](t, bob.Client, "/2/statuses/show.json", "id", orig.IDStr)
	if !s.User.Following || s.User.FollowersCount != 1 {
		t.Fatalf("show after follow: %+v", s.User)
	}
	mustFail(t, bob.Client, bob.Get("/2/statuses/show.json", nil), 400, 10016, "id")
	mustFail(t, bob.Client, bob.Get("/2/statuses/show.json", reqParams("id", "1e5")), 400, 10017, "id")
	bob.Fail(bob.Get("/2/statuses/show.json", reqParams("id", "42")), 400, 20101)
	bob.Fail(bob.Post("/2/statuses/show.json", reqParams("id", orig.IDStr)), 405, 10021)
}

// TestStatusesHomeTimeline covers whose statuses the home feed holds and
// its unread counter: one's own posts are not news.
func TestStatusesHomeTimeline(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	stFollow(t, bob, alice)
	a1 := stPost(t, alice, "a1")
	if n := stUnread(t, alice).Status; n != 0 {
		t.Fatalf("alice's own post counts as unread in her home: status=%d", n)
	}
	c1 := stPost(t, carol, "c1") // bob does not follow carol
	b1 := stPost(t, bob, "b1")
	a2 := stPost(t, alice, "a2")
	k.Drain()
	if n := stUnread(t, bob).Status; n != 2 {
		t.Fatalf("bob's unread status = %d, want 2 (alice's posts, not his own)", n)
	}
	if n := stUnread(t, alice).Status; n != 0 {
		t.Fatalf("alice's unread status = %d, want 0", n)
	}
	for _, path := range []string{"/2/statuses/home_timeline.json", "/2/statuses/friends_timeline.json"} {
		stWant(t, path, stTimelineIDs(t, bob, path, strings.Replace(path, ".json", "/ids.json", 1)), stIDs(a2, b1, a1))
	}
	if n := stUnread(t, bob).Status; n != 0 {
		t.Fatalf("reading home did not clear status: %d", n)
	}
	a3 := stPost(t, alice, "a3")
	k.Drain()
	if n := stUnread(t, bob).Status; n != 1 {
		t.Fatalf("bob's unread status after one more = %d", n)
	}
	// Reading an older page (max_id) does not mark the newest read.
	stTimelineIDs(t, bob, "/2/statuses/home_timeline.json", "", "max_id", idString(a2.ID))
	if n := stUnread(t, bob).Status; n != 1 {
		t.Fatalf("an older page cleared status: %d", n)
	}
	stWant(t, "carol's home is her own", stTimelineIDs(t, carol, "/2/statuses/home_timeline.json", ""), stIDs(c1))
	// Following later brings the followee's earlier statuses in.
	stFollow(t, carol, alice)
	stWant(t, "carol's home after follow", stTimelineIDs(t, carol, "/2/statuses/home_timeline.json", "/2/statuses/home_timeline/ids.json"),
		stIDs(a3, a2, c1, a1))
	tl := stTimeline(t, carol, "/2/statuses/home_timeline.json")
	if tl.HasVisible || tl.PreviousCursor != 0 {
		t.Fatalf("envelope: %+v", tl)
	}
}

func TestStatusesBilateralTimeline(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol, dave := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave")
	stFollow(t, alice, bob)
	stFollow(t, bob, alice) // mutual
	stFollow(t, alice, carol)
	stFollow(t, dave, alice) // one way each
	a := stPost(t, alice, "a")
	b := stPost(t, bob, "b")
	stPost(t, carol, "c")
	d := stPost(t, dave, "d")
	stWant(t, "alice bilateral", stTimelineIDs(t, alice, "/2/statuses/bilateral_timeline.json", ""), stIDs(b, a))
	stWant(t, "bob bilateral", stTimelineIDs(t, bob, "/2/statuses/bilateral_timeline.json", ""), stIDs(b, a))
	stWant(t, "dave bilateral (his own only)", stTimelineIDs(t, dave, "/2/statuses/bilateral_timeline.json", ""), stIDs(d))
	alice.Fail(alice.Post("/2/statuses/bilateral_timeline.json", nil), 405, 10021)
}

// TestStatusesMentions covers mentions (+/ids), filter_by_author/source/type,
// and the mention_status counter: statuses.md §10 says reading does not
// reset it; remind/set_count does.
func TestStatusesMentions(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	stFollow(t, bob, alice) // bob follows alice, not carol
	m1 := stPost(t, alice, "hi @bob")
	m2 := stPost(t, carol, "@bob: hello")
	stPost(t, carol, "not a mention: bob@example.com")
	carolOrig := stPost(t, carol, "carol's original")
	m3 := stRepost(t, alice, carolOrig.ID, "status", "look @bob")
	stPost(t, bob, "@bob myself") // one's own mention of oneself is not a mention

	mentions := func(kv ...string) []int64 {
		t.Helper()
		return stTimelineIDs(t, bob, "/2/statuses/mentions.json", "/2/statuses/mentions/ids.json", kv...)
	}
	stWant(t, "mentions", mentions(), stIDs(m3, m2, m1))
	stWant(t, "filter_by_author=1", mentions("filter_by_author", "1"), stIDs(m3, m1))
	stWant(t, "filter_by_author=2", mentions("filter_by_author", "2"), stIDs(m2))
	stWant(t, "filter_by_type=1", mentions("filter_by_type", "1"), stIDs(m2, m1))
	stWant(t, "filter_by_type=0", mentions("filter_by_type", "0"), stIDs(m3, m2, m1))
	stWant(t, "filter_by_source=1", mentions("filter_by_source", "1"), stIDs(m3, m2, m1))
	stWant(t, "filter_by_source=2 (no 微群 here)", mentions("filter_by_source", "2"), nil)
	stWant(t, "filter_by_source=0", mentions("filter_by_source", "0"), stIDs(m3, m2, m1))
	stWant(t, "filters combined", mentions("filter_by_author", "1", "filter_by_type", "1"), stIDs(m1))
	tl := stTimeline(t, bob, "/2/statuses/mentions.json", "trim_user", "0")
	if tl.TotalNumber != 3 || tl.Statuses[0].RetweetedStatus == nil || tl.Statuses[0].RetweetedStatus.ID != carolOrig.ID {
		t.Fatalf("mentions envelope: %+v", tl)
	}
	for _, bad := range [][]string{{"filter_by_author", "3"}, {"filter_by_source", "3"}, {"filter_by_type", "2"}, {"filter_by_type", "x"}} {
		mustFail(t, bob.Client, bob.Get("/2/statuses/mentions.json", reqParams(bad...)), 400, 10017, bad[0])
		mustFail(t, bob.Client, bob.Get("/2/statuses/mentions/ids.json", reqParams(bad...)), 400, 10017, bad[0])
	}

	// Reading does not reset mention_status; set_count does.
	if n := stUnread(t, bob).MentionStatus; n != 3 {
		t.Fatalf("mention_status = %d, want 3", n)
	}
	mentions()
	if n := stUnread(t, bob).MentionStatus; n != 3 {
		t.Fatalf("reading mentions changed mention_status to %d", n)
	}
	bob.Must(bob.Post("/2/remind/set_count.json", reqParams("type", "mention_status")), nil)
	if n := stUnread(t, bob).MentionStatus; n != 0 {
		t.Fatalf("set_count left mention_status at %d", n)
	}
	stPost(t, carol, "again @bob")
	if n := stUnread(t, bob).MentionStatus; n != 1 {
		t.Fatalf("mention_status after a new mention = %d", n)
	}
	if n := stUnread(t, alice).MentionStatus; n != 0 {
		t.Fatalf("alice was not mentioned: %d", n)
	}
}

func TestStatusesPublicTimeline(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	a := stPost(t, alice, "public a")
	stPost(t, alice, "private", "visible", "1")
	b := stPost(t, bob, "public b")
	for _, u := range []*testkit.User{alice, bob} {
		stWant(t, "public", stTimelineIDs(t, u, "/2/statuses/public_timeline.json", ""), stIDs(b, a))
		stWant(t, "public count", stTimelineIDs(t, u, "/2/statuses/public_timeline.json", "", "count", "1"), stIDs(b))
		stWant(t, "public page 2", stTimelineIDs(t, u, "/2/statuses/public_timeline.json", "", "count", "1", "page", "2"), stIDs(a))
	}
	mustFail(t, alice.Client, alice.Get("/2/statuses/public_timeline.json", reqParams("count", "x")), 400, 10017, "count")
	mustFail(t, alice.Client, alice.Get("/2/statuses/public_timeline.json", reqParams("base_app", "3")), 400, 10017, "base_app")
	anon := k.Anonymous()
	anon.Fail(anon.Get("/2/statuses/public_timeline.json", nil), 401, 10006)
}

// stMid and stQueryID are querymid's and queryid's single answers.
type stMid struct {
	Mid string `json:"mid"`
}

type stQueryID struct {
	ID string `json:"id"`
}

// TestStatusesQueryMidAndID checks the base62 conversion against README §7's
// vectors on statuses stored with those ids, and the batch, type, inbox and
// isBase62 parameters.
func TestStatusesQueryMidAndID(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	vectors := map[int64]string{3436240135184587: "yfcLPlKKn", 3436255091659029: "yfd9X6XAx", 3504803600502730: "z20XK26My"}
	ctx := context.Background()
	for id := range vectors {
		st := &domain.Status{ID: id, UserID: alice.ID, Text: "vector " + idString(id), CreatedAt: time.Now()}
		if err := k.App.Store.InTx(ctx, func(tx domain.Tx) error { return tx.InsertStatus(ctx, st, nil, nil, nil) }); err != nil {
			t.Fatal(err)
		}
	}
	for id, mid := range vectors {
		if got := stGet[stMid](t, bob.Client, "/2/statuses/querymid.json", "id", idString(id), "type", "1"); got.Mid != mid {
			t.Fatalf("querymid %d = %q, want %q", id, got.Mid, mid)
		}
		if got := stGet[stQueryID](t, bob.Client, "/2/statuses/queryid.json", "mid", mid, "type", "1", "isBase62", "1"); got.ID != idString(id) {
			t.Fatalf("queryid %s = %q, want %d", mid, got.ID, id)
		}
		if got := stGet[stQueryID](t, bob.Client, "/2/statuses/queryid.json", "mid", idString(id), "type", "1"); got.ID != idString(id) {
			t.Fatalf("queryid decimal %d = %q", id, got.ID)
		}
	}
	// type defaults to 1; a real, newly posted status round-trips.
	own := stPost(t, alice, "round trip")
	mid := stGet[stMid](t, bob.Client, "/2/statuses/querymid.json", "id", own.IDStr).Mid
	if got := stGet[stQueryID](t, bob.Client, "/2/statuses/queryid.json", "mid", mid, "isBase62", "1"); got.ID != own.IDStr {
		t.Fatalf("round trip %d → %s → %s", own.ID, mid, got.ID)
	}

	// Batch: one-key objects in request order; unknown ids are skipped.
	batch := stGet[[]map[string]string](t, bob.Client, "/2/statuses/querymid.json",
		"id", "3436240135184587,999,3436255091659029", "type", "1", "is_batch", "1")
	wantBatch := []map[string]string{{"3436240135184587": "yfcLPlKKn"}, {"3436255091659029": "yfd9X6XAx"}}
	if fmt.Sprint(batch) != fmt.Sprint(wantBatch) {
		t.Fatalf("querymid batch = %v, want %v", batch, wantBatch)
	}
	idBatch := stGet[[]map[string]string](t, bob.Client, "/2/statuses/queryid.json",
		"mid", "yfcLPlKKn,z20XK26My", "type", "1", "is_batch", "1", "isBase62", "1")
	if fmt.Sprint(idBatch) != fmt.Sprint([]map[string]string{{"yfcLPlKKn": "3436240135184587"}, {"z20XK26My": "3504803600502730"}}) {
		t.Fatalf("queryid batch = %v", idBatch)
	}

	// Comments (type 2) have mids too.
	cm := mustDecode[sinaspec.Comment](t, bob.Post("/2/comments/create.json", reqParams("id", own.IDStr, "comment", "hi")))
	if got := stGet[stMid](t, bob.Client, "/2/statuses/querymid.json", "id", cm.IDStr, "type", "2"); got.Mid == "" {
		t.Fatalf("querymid of a comment: %+v", got)
	}
	bob.Fail(bob.Get("/2/statuses/querymid.json", reqParams("id", own.IDStr, "type", "2")), 400, 20201)

	// Without a user token, source suffices (README §3); with neither, 10006.
	anon := k.Anonymous()
	if got := stGet[stMid](t, anon, "/2/statuses/querymid.json", "id", "3436240135184587", "source", k.AppKey()); got.Mid != "yfcLPlKKn" {
		t.Fatalf("querymid with source: %+v", got)
	}
	if got := stGet[stQueryID](t, anon, "/2/statuses/queryid.json", "mid", "yfcLPlKKn", "isBase62", "1", "source", k.AppKey()); got.ID != "3436240135184587" {
		t.Fatalf("queryid with source: %+v", got)
	}
	anon.Fail(anon.Get("/2/statuses/querymid.json", reqParams("id", "3436240135184587")), 401, 10006)
	anon.Fail(anon.Get("/2/statuses/queryid.json", reqParams("mid", "yfcLPlKKn", "isBase62", "1")), 401, 10006)

	many := make([]string, 21)
	for i := range many {
		many[i] = idString(int64(1000 + i))
	}
	qm := func(kv ...string) *testkit.Response { return bob.Get("/2/statuses/querymid.json", reqParams(kv...)) }
	qi := func(kv ...string) *testkit.Response { return bob.Get("/2/statuses/queryid.json", reqParams(kv...)) }
	mustFail(t, bob.Client, qm(), 400, 10016, "id")
	mustFail(t, bob.Client, qm("id", "x"), 400, 10017, "id")
	mustFail(t, bob.Client, qm("id", own.IDStr, "type", "3"), 400, 10017, "type")
	mustFail(t, bob.Client, qm("id", own.IDStr, "type", "0"), 400, 10017, "type")
	mustFail(t, bob.Client, qm("id", own.IDStr, "is_batch", "2"), 400, 10017, "is_batch")
	mustFail(t, bob.Client, qm("id", own.IDStr+",3436240135184587"), 400, 10017, "id")
	bob.Fail(qm("id", strings.Join(many, ","), "is_batch", "1"), 400, 20009)
	bob.Fail(qm("id", "424242"), 400, 20101)
	mustFail(t, bob.Client, qi(), 400, 10016, "mid")
	mustFail(t, bob.Client, qi("mid", "yfcLPlKKn"), 400, 10017, "mid") // base62 without isBase62
	mustFail(t, bob.Client, qi("mid", "!!", "isBase62", "1"), 400, 10017, "mid")
	mustFail(t, bob.Client, qi("mid", "yfcLPlKKn", "isBase62", "2"), 400, 10017, "isBase62")
	mustFail(t, bob.Client, qi("mid", "yfcLPlKKn", "isBase62", "1", "inbox", "2"), 400, 10017, "inbox")
	mustFail(t, bob.Client, qi("mid", "yfcLPlKKn", "isBase62", "1", "type", "4"), 400, 10017, "type")
	mustFail(t, bob.Client, qi("mid", "yfcLPlKKn,yfd9X6XAx", "isBase62", "1"), 400, 10017, "mid")
	bob.Fail(qi("mid", strings.Join(many, ","), "is_batch", "1"), 400, 20009)
	bob.Fail(qi("mid", "zzzz", "isBase62", "1"), 400, 20101)
	bob.Fail(bob.Post("/2/statuses/querymid.json", reqParams("id", own.IDStr)), 405, 10021)
}

func TestStatusesCount(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	a := stPost(t, alice, "a")
	b := stPost(t, alice, "b")
	stRepost(t, bob, a.ID, "status", "r", "is_comment", "1")
	got := stGet[[]sinaspec.StatusCount](t, bob.Client, "/2/statuses/count.json", "ids", b.IDStr+", 777,"+a.IDStr)
	want := []sinaspec.StatusCount{{ID: b.ID}, {ID: a.ID, Reposts: 1, Comments: 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("count = %+v, want %+v", got, want)
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = idString(int64(i + 1))
	}
	bob.Fail(bob.Get("/2/statuses/count.json", nil), 400, 20001)
	bob.Fail(bob.Get("/2/statuses/count.json", reqParams("ids", strings.Join(many, ","))), 400, 20009)
	mustFail(t, bob.Client, bob.Get("/2/statuses/count.json", reqParams("ids", "1,x")), 400, 10017, "ids")
	mustFail(t, bob.Client, bob.Get("/2/statuses/count.json", reqParams("ids", "1,,2")), 400, 10017, "ids")
	// 100 ids are allowed.
	stGet[[]sinaspec.StatusCount](t, bob.Client, "/2/statuses/count.json", "ids", strings.Join(many[:100], ","))
}

func TestStatusesGo(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := stPost(t, alice, "go there")
	for _, c := range []*testkit.Client{bob.Client, k.Anonymous()} {
		for _, path := range []string{"/2/statuses/go", "/2/statuses/go.json"} {
			r := c.Get(path, reqParams("uid", idString(alice.ID), "id", st.IDStr))
			loc := r.Header.Get("Location")
			mid := stGet[stMid](t, bob.Client, "/2/statuses/querymid.json", "id", st.IDStr).Mid
			if r.Status != http.StatusFound || !strings.HasSuffix(loc, "/"+idString(alice.ID)+"/"+mid) {
				t.Fatalf("%s: %d Location %q", path, r.Status, loc)
			}
		}
	}
	mustFail(t, bob.Client, bob.Get("/2/statuses/go", reqParams("id", st.IDStr)), 400, 10016, "uid")
	mustFail(t, bob.Client, bob.Get("/2/statuses/go", reqParams("uid", idString(alice.ID))), 400, 10016, "id")
	mustFail(t, bob.Client, bob.Get("/2/statuses/go", reqParams("uid", "x", "id", st.IDStr)), 400, 10017, "uid")
	bob.Fail(bob.Get("/2/statuses/go", reqParams("uid", idString(bob.ID), "id", st.IDStr)), 400, 20101)
	bob.Fail(bob.Get("/2/statuses/go", reqParams("uid", idString(alice.ID), "id", "31337")), 400, 20101)
	priv := stPost(t, alice, "private", "visible", "1")
	bob.Fail(bob.Get("/2/statuses/go", reqParams("uid", idString(alice.ID), "id", priv.IDStr)), 400, 20101)
}

// TestStatusesRoutes checks every statuses route answers a wrong method with
// 10021, and unknown paths with 10020.
func TestStatusesRoutes(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	gets := []string{"public_timeline", "friends_timeline", "home_timeline", "friends_timeline/ids", "home_timeline/ids",
		"user_timeline", "user_timeline/ids", "repost_timeline", "repost_timeline/ids", "repost_by_me", "mentions",
		"mentions/ids", "bilateral_timeline", "show", "querymid", "queryid", "count", "go"}
	posts := []string{"update", "repost", "destroy"}
	for _, p := range gets {
		u.Fail(u.Post("/2/statuses/"+p+".json", nil), 405, 10021)
	}
	for _, p := range posts {
		u.Fail(u.Get("/2/statuses/"+p+".json", nil), 405, 10021)
	}
	for _, p := range []string{"/2/statuses/nope.json", "/2/statuses/home_timeline/nope.json", "/2/statuses.json", "/2/users/nope.json"} {
		e := u.Fail(u.Get(p, nil), 404, 10020)
		if e.Request != p {
			t.Fatalf("request = %q, want %q", e.Request, p)
		}
	}
	// Without the .json suffix the same routes answer (README §1).
	stGet[sinaspec.Timeline](t, u.Client, "/2/statuses/home_timeline")
}

// raceRebuildStore runs during() once, right after the first home timeline
// read from the store returns: inside a window rebuild, between the read
// and the Fill.
type raceRebuildStore struct {
	domain.Store
	once   sync.Once
	during func()
}

func (s *raceRebuildStore) HomeStatusIDs(ctx context.Context, uid int64, q domain.StatusQuery) ([]int64, error) {
	ids, err := s.Store.HomeStatusIDs(ctx, uid, q)
	s.once.Do(func() {
		if s.during != nil {
			s.during()
		}
	})
	return ids, err
}

// A status fanned out while the reader's window is being rebuilt (after the
// rebuild read the store, before it filled the window) finds no window to go
// into; the rebuild's catch-up read must still bring it into the page.
func TestHomeTimelineRebuildRacingFanOut(t *testing.T) {
	var rs *raceRebuildStore
	k := testkit.Start(t, testkit.Options{WrapStore: func(s domain.Store) domain.Store {
		rs = &raceRebuildStore{Store: s}
		return rs
	}})
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	stFollow(t, alice, bob)
	early := stPost(t, bob, "重建之前")
	k.Drain()
	var late *sinaspec.Status
	rs.during = func() {
		late = stPost(t, bob, "重建之中")
		k.Drain() // the fan-out has run, and found no window for alice
	}
	// alice's first read rebuilds her window; bob posts in the middle of it.
	got := stIDsOf(stTimeline(t, alice, "/2/statuses/home_timeline.json").Statuses)
	if late == nil {
		t.Fatal("the rebuild never read the store")
	}
	stWant(t, "home during the race", got, stIDs(late, early))
	// And the window keeps it: the next read comes from the window.
	stWant(t, "home after the race", stIDsOf(stTimeline(t, alice, "/2/statuses/home_timeline.json").Statuses), stIDs(late, early))
}

// countingStore counts the transactions the database aborted and InTx ran
// again (a deadlock, on PostgreSQL).
type countingStore struct {
	domain.Store
	reruns atomic.Int64
}

func (c *countingStore) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	runs := 0
	return c.Store.InTx(ctx, func(tx domain.Tx) error {
		if runs++; runs > 1 {
			c.reruns.Add(1)
		}
		return fn(tx)
	})
}

// Posts mentioning the same people in different orders raise the same unread
// counters; on PostgreSQL they must queue, not deadlock and rerun.
func TestPostsMentioningInDifferentOrdersDoNotDeadlock(t *testing.T) {
	cs := &countingStore{}
	k := testkit.Start(t, testkit.Options{DB: pgtest.Schema(t, "weibo_sina_"),
		WrapStore: func(s domain.Store) domain.Store { cs.Store = s; return cs }})
	names := []string{"alpha", "bravo", "charlie", "delta"}
	var mentioned []*testkit.User
	for _, n := range names {
		mentioned = append(mentioned, k.NewUser(n))
	}
	forward := "@alpha @bravo @charlie @delta"
	backward := "@delta @charlie @bravo @alpha"
	const posters, each = 8, 6
	var wg sync.WaitGroup
	for p := range posters {
		u := k.NewUser(fmt.Sprintf("poster%d", p))
		wg.Go(func() {
			for i := range each {
				text := forward
				if (p+i)%2 == 1 {
					text = backward
				}
				r := u.Post("/2/statuses/update.json", reqParams("status", fmt.Sprintf("%s 第%d条", text, i)))
				if r.Status != http.StatusOK {
					t.Errorf("post: %d %s", r.Status, r.Body)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := cs.reruns.Load(); n > 0 {
		t.Errorf("%d transactions were aborted (deadlocked) and rerun", n)
	}
	for _, m := range mentioned {
		if got := stUnread(t, m).MentionStatus; got != posters*each {
			t.Errorf("%s: mention_status = %d, want %d", m.ScreenName, got, posters*each)
		}
	}
}

// A mix of every kind of write, run concurrently against PostgreSQL, never
// has a transaction aborted and rerun: the core and the store take their
// row locks in orders that cannot form a cycle.
func TestConcurrentWritesDoNotDeadlock(t *testing.T) {
	cs := &countingStore{}
	k := testkit.Start(t, testkit.Options{DB: pgtest.Schema(t, "weibo_sina_"),
		WrapStore: func(s domain.Store) domain.Store { cs.Store = s; return cs }})
	const n, rounds = 6, 12
	users := make([]*testkit.User, n)
	for i := range users {
		users[i] = k.NewUser(fmt.Sprintf("writer%d", i))
	}
	var mu sync.Mutex
	var ids []string // statuses to repost and comment on
	seed := stPost(t, users[0], "起点 @writer1 @writer2")
	ids = append(ids, seed.IDStr)
	pick := func(r *rand.Rand) string {
		mu.Lock()
		defer mu.Unlock()
		return ids[r.IntN(len(ids))]
	}
	var wg sync.WaitGroup
	for w, u := range users {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range rounds {
				a, b := users[r.IntN(n)].ScreenName, users[r.IntN(n)].ScreenName
				var resp *testkit.Response
				kind := r.IntN(5)
				keep := kind <= 1
				switch kind {
				case 0:
					resp = u.Post("/2/statuses/update.json", reqParams("status", fmt.Sprintf("@%s @%s 第%d-%d", a, b, w, i)))
				case 1:
					resp = u.Post("/2/statuses/repost.json", reqParams("id", pick(r), "status", fmt.Sprintf("转 @%s @%s %d-%d", a, b, w, i), "is_comment", "3"))
				case 2:
					resp = u.Post("/2/comments/create.json", reqParams("id", pick(r), "comment", fmt.Sprintf("评 @%s @%s %d-%d", a, b, w, i), "comment_ori", "1"))
				case 3:
					other := users[r.IntN(n)]
					if other == u {
						continue
					}
					path := "/2/friendships/create.json"
					if r.IntN(2) == 0 {
						path = "/2/friendships/destroy.json"
					}
					u.Post(path, reqParams("uid", idString(other.ID))) // already (not) following is fine
					continue
				case 4:
					mine := stPost(t, u, fmt.Sprintf("删 %d-%d", w, i))
					resp = u.Post("/2/statuses/destroy.json", reqParams("id", mine.IDStr))
				}
				if resp.Status == http.StatusForbidden && strings.Contains(string(resp.Body), "20103") {
					continue // picked a status of their own to repost
				}
				if resp.Status != http.StatusOK {
					t.Errorf("writer %d round %d: %d %s", w, i, resp.Status, resp.Body)
					continue
				}
				var st struct {
					IDStr string `json:"idstr"`
				}
				if !keep {
					continue // only statuses that stay are reposted and commented on
				}
				if json.Unmarshal(resp.Body, &st) == nil && st.IDStr != "" {
					mu.Lock()
					ids = append(ids, st.IDStr)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	k.Drain()
	if n := cs.reruns.Load(); n > 0 {
		t.Errorf("%d transactions were aborted (deadlocked) and rerun", n)
	}
}

// A user timeline longer than the counted limit reports the author's
// statuses_count as total_number (the spec allows an approximate total for
// large timelines) instead of counting on every call; a filtered one is
// still counted exactly, and the page itself is exact either way.
func TestUserTimelineLargeTotal(t *testing.T) {
	k := testkit.Start(t)
	big, viewer := k.NewUser("prolific"), k.NewUser("reader")
	const n, private = 1005, 7
	gen, err := ids.New(3, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	var newest []int64 // the newest public ids, newest first
	ctx := context.Background()
	err = k.App.Store.InTx(ctx, func(tx domain.Tx) error {
		for i := range n {
			st := &domain.Status{ID: gen.Next(), UserID: big.ID, Text: fmt.Sprintf("第%d条", i), CreatedAt: time.Now()}
			if i >= n-private {
				st.Visible.Type = domain.VisiblePrivate
			} else {
				newest = append([]int64{st.ID}, newest...)
			}
			if err := tx.InsertStatus(ctx, st, nil, nil, nil); err != nil {
				return err
			}
		}
		return tx.AddUserCounts(ctx, big.ID, domain.UserCounts{Statuses: n})
	})
	if err != nil {
		t.Fatal(err)
	}
	uid := idString(big.ID)
	tl := stTimeline(t, viewer, "/2/statuses/user_timeline.json", "uid", uid, "count", "20")
	stWant(t, "large timeline page", stIDsOf(tl.Statuses), newest[:20])
	if tl.TotalNumber != n {
		t.Errorf("total_number = %d, want statuses_count %d", tl.TotalNumber, n)
	}
	if ids := stIDTimeline(t, viewer, "/2/statuses/user_timeline/ids.json", "uid", uid); ids.TotalNumber != n {
		t.Errorf("ids total_number = %d, want %d", ids.TotalNumber, n)
	}
	// Filtered (originals only: all of them): counted, private ones excluded.
	if f := stTimeline(t, viewer, "/2/statuses/user_timeline.json", "uid", uid, "feature", "1"); f.TotalNumber != n-private {
		t.Errorf("filtered total_number = %d, want %d", f.TotalNumber, n-private)
	}
	// A page deep in the timeline is still exact.
	deep := stTimeline(t, viewer, "/2/statuses/user_timeline.json", "uid", uid, "count", "20", "page", "3")
	stWant(t, "page 3", stIDsOf(deep.Statuses), newest[40:60])
}
