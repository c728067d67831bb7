package sina_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Tests of the friendships endpoints (spec/sina-v2/friendships.md): follow
// and unfollow with their counters, friendships/show, and the user lists with
// their cursor and page paging.

// fsGet is a GET decoded strictly into T.
func fsGet[T any](t *testing.T, u *testkit.User, path string, kv ...string) T {
	t.Helper()
	return mustDecode[T](t, u.Get(path, reqParams(kv...)))
}

// fsFollow makes a follow b over HTTP and returns the answer.
func fsFollow(t *testing.T, a, b *testkit.User) sinaspec.User {
	t.Helper()
	return mustDecode[sinaspec.User](t, a.Post("/2/friendships/create.json", reqParams("uid", idString(b.ID))))
}

// fsUser reads a user through users/show, as viewer sees them.
func fsUser(t *testing.T, viewer *testkit.User, uid int64) sinaspec.User {
	t.Helper()
	return fsGet[sinaspec.User](t, viewer, "/2/users/show.json", "uid", idString(uid))
}

// fsCounts checks a user's friends, followers and bi-followers counters.
func fsCounts(t *testing.T, viewer *testkit.User, uid int64, friends, followers, bi int) {
	t.Helper()
	u := fsUser(t, viewer, uid)
	if u.FriendsCount != friends || u.FollowersCount != followers || u.BiFollowersCount != bi {
		t.Fatalf("user %d: friends %d followers %d bi %d, want %d %d %d", uid,
			u.FriendsCount, u.FollowersCount, u.BiFollowersCount, friends, followers, bi)
	}
}

func fsUserIDs(us []*sinaspec.User) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

// fsWant fails unless got holds exactly want, in order.
func fsWant(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got ids %v, want %v", what, got, want)
	}
}

// fsCoreUsers makes n users straight through the core (no tokens): fixtures
// for long lists.
func fsCoreUsers(t *testing.T, k *testkit.Kit, prefix string, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range n {
		u, err := k.App.Core.CreateUser(context.Background(), core.CreateUserInput{ScreenName: prefix + strconv.Itoa(i), Password: "pw-" + prefix})
		if err != nil {
			t.Fatalf("create user: %v", err)
		}
		ids[i] = u.ID
	}
	return ids
}

// fsCoreFollow makes follower follow followee through the core.
func fsCoreFollow(t *testing.T, k *testkit.Kit, follower, followee int64) {
	t.Helper()
	if _, err := k.App.Core.Follow(context.Background(), domain.Viewer{UserID: follower}, core.UserRef{ID: followee}, ""); err != nil {
		t.Fatalf("follow %d → %d: %v", follower, followee, err)
	}
}

func fsRev(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}

func TestFriendshipsCreate(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")

	got := fsFollow(t, alice, bob)
	if got.ID != bob.ID || !got.Following || got.FollowMe || got.FollowersCount != 1 || got.BiFollowersCount != 0 {
		t.Fatalf("create answers the followed user: %+v", got)
	}
	fsCounts(t, alice, alice.ID, 1, 0, 0)
	fsCounts(t, alice, bob.ID, 0, 1, 0)
	if u := fsGet[sinaspec.Unread](t, bob, "/2/remind/unread_count.json", "uid", idString(bob.ID)); u.Follower != 1 {
		t.Fatalf("bob's follower unread = %d, want 1", u.Follower)
	}
	if u := fsGet[sinaspec.Unread](t, alice, "/2/remind/unread_count.json", "uid", idString(alice.ID)); u.Follower != 0 {
		t.Fatalf("the follower's own follower unread moved: %+v", u)
	}

	// Following back makes it mutual: bi_followers_count on both sides.
	back := mustDecode[sinaspec.User](t, bob.Post("/2/friendships/create.json", reqParams("screen_name", "alice")))
	if back.ID != alice.ID || !back.Following || !back.FollowMe || back.BiFollowersCount != 1 {
		t.Fatalf("follow back: %+v", back)
	}
	fsCounts(t, bob, alice.ID, 1, 1, 1)
	fsCounts(t, bob, bob.ID, 1, 1, 1)

	// Errors: each leaves the counters alone.
	create := func(kv ...string) *testkit.Response {
		return alice.Post("/2/friendships/create.json", reqParams(kv...))
	}
	mustFail(t, alice.Client, create("uid", idString(alice.ID)), 403, 20504, "")
	mustFail(t, alice.Client, create("screen_name", "alice"), 403, 20504, "")
	mustFail(t, alice.Client, create("uid", idString(bob.ID)), 400, 20506, "")
	mustFail(t, alice.Client, create("screen_name", "bob"), 400, 20506, "")
	mustFail(t, alice.Client, create("uid", "4242"), 400, 20003, "")
	mustFail(t, alice.Client, create("screen_name", "nobody"), 400, 20003, "")
	mustFail(t, alice.Client, create(), 400, 20502, "")
	mustFail(t, alice.Client, create("uid", idString(bob.ID), "screen_name", "bob"), 400, 10017, "screen_name")
	mustFail(t, alice.Client, create("uid", "abc"), 400, 10017, "uid")
	mustFail(t, alice.Client, create("uid", "0"), 400, 10017, "uid")
	mustFail(t, alice.Client, create("uid", "-3"), 400, 10017, "uid")
	mustFail(t, alice.Client, alice.Get("/2/friendships/create.json", reqParams("uid", idString(bob.ID))), 405, 10021, "")
	anon := k.Anonymous()
	mustFail(t, anon, anon.Post("/2/friendships/create.json", reqParams("uid", idString(bob.ID))), 401, 10006, "")
	fsCounts(t, alice, alice.ID, 1, 1, 1)
	fsCounts(t, alice, bob.ID, 1, 1, 1)

	// rip, the end user's IP as the app reports it, is stored with the edge
	// (README §3: accept and store it, never require it).
	carol := k.NewUser("carol")
	mustDecode[sinaspec.User](t, carol.Post("/2/friendships/create.json", reqParams("uid", idString(alice.ID), "rip", "211.156.0.1")))
	for _, c := range []struct {
		from, to int64
		rip      string
	}{{carol.ID, alice.ID, "211.156.0.1"}, {alice.ID, bob.ID, ""}} {
		e, err := k.App.Store.FollowEdge(context.Background(), c.from, c.to)
		if err != nil || e.RIP != c.rip {
			t.Fatalf("follow %d → %d: %+v, %v; want rip %q", c.from, c.to, e, err, c.rip)
		}
	}
}

// The follow limits (README §5): 20505 past the hourly budget, which refused
// follows do not spend, and 20513 past the friend cap.
func TestFriendshipsCreateLimits(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Limits: &core.RateLimits{FollowsPerHour: 2, MaxFriends: 3}})
	alice := k.NewUser("alice")
	others := []*testkit.User{k.NewUser("u1"), k.NewUser("u2"), k.NewUser("u3"), k.NewUser("u4")}
	fsFollow(t, alice, others[0])
	mustFail(t, alice.Client, alice.Post("/2/friendships/create.json", reqParams("uid", idString(others[0].ID))), 400, 20506, "")
	mustFail(t, alice.Client, alice.Post("/2/friendships/create.json", reqParams("uid", idString(alice.ID))), 403, 20504, "")
	fsFollow(t, alice, others[1])
	mustFail(t, alice.Client, alice.Post("/2/friendships/create.json", reqParams("uid", idString(others[2].ID))), 403, 20505, "")
	fsCounts(t, alice, alice.ID, 2, 0, 0)

	k.Clock.Advance(time.Hour + time.Second)
	fsFollow(t, alice, others[2])
	k.Clock.Advance(time.Hour + time.Second)
	mustFail(t, alice.Client, alice.Post("/2/friendships/create.json", reqParams("uid", idString(others[3].ID))), 403, 20513, "")
	fsCounts(t, alice, alice.ID, 3, 0, 0)
	fsCounts(t, alice, others[3].ID, 0, 0, 0)
}

// replayStore runs every transaction function twice, the first run rolled
// back: what sqlstore does when PostgreSQL aborts a transaction to settle a
// deadlock or serialization conflict.
type replayStore struct{ domain.Store }

var errReplay = errors.New("replay")

func (r replayStore) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	err := r.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errReplay
	})
	if !errors.Is(err, errReplay) {
		return err
	}
	return r.Store.InTx(ctx, fn)
}

// A follow retried after a conflict spends its hourly budget once: the
// counter lives outside the transaction that is rerun.
func TestFriendshipsCreateRetrySpendsOnce(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Limits: &core.RateLimits{FollowsPerHour: 2},
		WrapStore: func(s domain.Store) domain.Store { return replayStore{s} }})
	alice := k.NewUser("alice")
	others := []*testkit.User{k.NewUser("u1"), k.NewUser("u2"), k.NewUser("u3")}
	fsFollow(t, alice, others[0])
	fsFollow(t, alice, others[1])
	mustFail(t, alice.Client, alice.Post("/2/friendships/create.json", reqParams("uid", idString(others[2].ID))), 403, 20505, "")
	fsCounts(t, alice, alice.ID, 2, 0, 0)
}

// Concurrent follows by one user never pass the friend cap together
// (PostgreSQL runs them in parallel; SQLite one at a time).
func TestFriendshipsCreateCapUnderConcurrency(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			opts := testkit.Options{Limits: &core.RateLimits{MaxFriends: 3}}
			if db == "postgres" {
				opts.DB = pgtest.Schema(t, "weibo_sina_")
			}
			k := testkit.Start(t, opts)
			alice := k.NewUser("alice")
			var others []*testkit.User
			for i := range 10 {
				others = append(others, k.NewUser(fmt.Sprintf("u%d", i)))
			}
			codes := make([]int, len(others))
			var wg sync.WaitGroup
			for i, o := range others {
				wg.Go(func() {
					r := alice.Post("/2/friendships/create.json", reqParams("uid", idString(o.ID)))
					codes[i] = r.Status
				})
			}
			wg.Wait()
			ok := 0
			for _, c := range codes {
				switch c {
				case 200:
					ok++
				case 403:
				default:
					t.Errorf("follow answered %d", c)
				}
			}
			if ok != 3 {
				t.Errorf("%d follows succeeded with a cap of 3 (codes %v)", ok, codes)
			}
			fsCounts(t, alice, alice.ID, 3, 0, 0)
		})
	}
}

func TestFriendshipsDestroy(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	fsFollow(t, alice, bob)
	fsFollow(t, bob, alice)
	fsFollow(t, alice, carol)
	fsCounts(t, alice, alice.ID, 2, 1, 1)

	got := mustDecode[sinaspec.User](t, alice.Post("/2/friendships/destroy.json", reqParams("uid", idString(bob.ID))))
	if got.ID != bob.ID || got.Following || !got.FollowMe || got.FollowersCount != 0 || got.BiFollowersCount != 0 {
		t.Fatalf("destroy answers the unfollowed user: %+v", got)
	}
	fsCounts(t, alice, alice.ID, 1, 1, 0)
	fsCounts(t, alice, bob.ID, 1, 0, 0)
	fsWant(t, "alice's friends", fsGet[sinaspec.UserIDs](t, alice, "/2/friendships/friends/ids.json", "uid", idString(alice.ID)).IDs, []int64{carol.ID})
	fsWant(t, "bob's followers", fsGet[sinaspec.UserIDs](t, alice, "/2/friendships/followers/ids.json", "uid", idString(bob.ID)).IDs, nil)
	fsWant(t, "alice's bilateral", fsGet[sinaspec.UserIDs](t, alice, "/2/friendships/friends/bilateral/ids.json", "uid", idString(alice.ID)).IDs, nil)

	// By screen name; then the relation can be made again.
	mustDecode[sinaspec.User](t, alice.Post("/2/friendships/destroy.json", reqParams("screen_name", "carol")))
	fsCounts(t, alice, alice.ID, 0, 1, 0)
	fsFollow(t, alice, bob)
	fsCounts(t, alice, alice.ID, 1, 1, 1)
	fsCounts(t, alice, bob.ID, 1, 1, 1)

	destroy := func(kv ...string) *testkit.Response {
		return alice.Post("/2/friendships/destroy.json", reqParams(kv...))
	}
	mustFail(t, alice.Client, destroy("uid", idString(carol.ID)), 400, 20522, "")
	mustFail(t, alice.Client, destroy("uid", idString(alice.ID)), 400, 20522, "")
	mustFail(t, alice.Client, destroy("uid", "4242"), 400, 20003, "")
	mustFail(t, alice.Client, destroy(), 400, 20502, "")
	mustFail(t, alice.Client, destroy("uid", "x"), 400, 10017, "uid")
	mustFail(t, alice.Client, destroy("uid", idString(bob.ID), "screen_name", "bob"), 400, 10017, "screen_name")
	mustFail(t, alice.Client, alice.Get("/2/friendships/destroy.json", reqParams("uid", idString(bob.ID))), 405, 10021, "")
	fsCounts(t, alice, alice.ID, 1, 1, 1)
}

func TestFriendshipsShow(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	fsFollow(t, alice, bob)

	check := func(f sinaspec.Friendship, src, dst *testkit.User, following, followedBy bool) {
		t.Helper()
		if f.Source.ID != src.ID || f.Source.ScreenName != src.ScreenName || f.Target.ID != dst.ID || f.Target.ScreenName != dst.ScreenName {
			t.Fatalf("sides: %+v", f)
		}
		if f.Source.IDStr != idString(src.ID) || f.Target.IDStr != idString(dst.ID) {
			t.Fatalf("idstr: %+v", f)
		}
		// objects.md §15: source.following == target.followed_by and back.
		if f.Source.Following != following || f.Source.FollowedBy != followedBy ||
			f.Target.FollowedBy != following || f.Target.Following != followedBy {
			t.Fatalf("%s → %s: %+v, want following %v followed_by %v", src.ScreenName, dst.ScreenName, f, following, followedBy)
		}
		if f.Source.NotificationsEnabled || f.Target.NotificationsEnabled {
			t.Fatalf("notifications_enabled is not supported: %+v", f)
		}
	}
	show := func(kv ...string) sinaspec.Friendship {
		t.Helper()
		return fsGet[sinaspec.Friendship](t, carol, "/2/friendships/show.json", kv...)
	}
	// The source defaults to the caller.
	check(fsGet[sinaspec.Friendship](t, alice, "/2/friendships/show.json", "target_id", idString(bob.ID)), alice, bob, true, false)
	check(fsGet[sinaspec.Friendship](t, bob, "/2/friendships/show.json", "target_screen_name", "alice"), bob, alice, false, true)
	// Any two users, by ids or by screen names.
	check(show("source_id", idString(alice.ID), "target_id", idString(bob.ID)), alice, bob, true, false)
	check(show("source_screen_name", "bob", "target_screen_name", "alice"), bob, alice, false, true)
	check(show("source_id", idString(bob.ID), "target_screen_name", "carol"), bob, carol, false, false)
	fsFollow(t, bob, alice)
	check(show("source_screen_name", "alice", "target_id", idString(bob.ID)), alice, bob, true, true)

	get := func(kv ...string) *testkit.Response { return carol.Get("/2/friendships/show.json", reqParams(kv...)) }
	mustFail(t, carol.Client, get(), 400, 20502, "")
	mustFail(t, carol.Client, get("source_id", idString(alice.ID)), 400, 20502, "")
	mustFail(t, carol.Client, get("target_id", "4242"), 400, 20501, "")
	mustFail(t, carol.Client, get("target_screen_name", "nobody"), 400, 20501, "")
	mustFail(t, carol.Client, get("source_id", "4242", "target_id", idString(bob.ID)), 400, 20501, "")
	mustFail(t, carol.Client, get("source_screen_name", "nobody", "target_id", idString(bob.ID)), 400, 20501, "")
	mustFail(t, carol.Client, get("target_id", "x"), 400, 10017, "target_id")
	mustFail(t, carol.Client, get("target_id", "0"), 400, 10017, "target_id")
	mustFail(t, carol.Client, get("source_id", "x", "target_id", idString(bob.ID)), 400, 10017, "source_id")
	mustFail(t, carol.Client, carol.Post("/2/friendships/show.json", reqParams("target_id", idString(bob.ID))), 405, 10021, "")
}

// fsCursorPages walks a cursor-paged list in pages of count and checks each
// page's items and cursors (friendships.md: cursor is the offset of the first
// item, next_cursor the next page's or 0 at the end, previous_cursor the
// previous page's, 0 at the start).
func fsCursorPages(t *testing.T, u *testkit.User, path string, count int, want []int64, ids bool, kv ...string) {
	t.Helper()
	cursor := 0
	for page := 0; ; page++ {
		q := append(slices.Clone(kv), "count", strconv.Itoa(count), "cursor", strconv.Itoa(cursor))
		var got []int64
		var next, prev, total int
		if ids {
			l := fsGet[sinaspec.UserIDs](t, u, path, q...)
			got, next, prev, total = l.IDs, l.NextCursor, l.PreviousCursor, l.TotalNumber
		} else {
			l := fsGet[sinaspec.Users](t, u, path, q...)
			got, next, prev, total = fsUserIDs(l.Users), l.NextCursor, l.PreviousCursor, l.TotalNumber
		}
		end := min(cursor+count, len(want))
		fsWant(t, path+" page "+strconv.Itoa(page), got, want[cursor:end])
		wantNext := end
		if end == len(want) {
			wantNext = 0
		}
		if next != wantNext || prev != max(cursor-count, 0) || total != len(want) {
			t.Fatalf("%s cursor %d: next %d prev %d total %d, want %d %d %d", path, cursor, next, prev, total,
				wantNext, max(cursor-count, 0), len(want))
		}
		if next == 0 {
			if page == 0 && len(want) > count {
				t.Fatalf("%s: a single page of %d", path, len(want))
			}
			return
		}
		cursor = next
	}
}

func TestFriendshipsLists(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	// alice follows seven users, one per second, so "newest follow first" is
	// the reverse of the order here; seven others follow alice.
	friends := fsCoreUsers(t, k, "friend", 7)
	followers := fsCoreUsers(t, k, "fan", 7)
	for i := range 7 {
		fsCoreFollow(t, k, alice.ID, friends[i])
		fsCoreFollow(t, k, followers[i], alice.ID)
		k.Clock.Advance(time.Second)
	}
	// The lists are ordered by follow time, not by id: friend 0 followed again
	// becomes the newest.
	if _, err := k.App.Core.Unfollow(context.Background(), alice.Viewer(), core.UserRef{ID: friends[0]}); err != nil {
		t.Fatal(err)
	}
	fsCoreFollow(t, k, alice.ID, friends[0])
	wantFriends := append([]int64{friends[0]}, fsRev(friends[1:])...)
	wantFollowers := fsRev(followers)

	for _, by := range [][]string{{"uid", idString(alice.ID)}, {"screen_name", "alice"}} {
		fsCursorPages(t, bob, "/2/friendships/friends.json", 3, wantFriends, false, by...)
		fsCursorPages(t, bob, "/2/friendships/friends/ids.json", 3, wantFriends, true, by...)
		fsCursorPages(t, bob, "/2/friendships/followers.json", 3, wantFollowers, false, by...)
		fsCursorPages(t, bob, "/2/friendships/followers/ids.json", 3, wantFollowers, true, by...)
		fsCursorPages(t, carol, "/2/friendships/friends.json", 7, wantFriends, false, by...)
		fsCursorPages(t, carol, "/2/friendships/followers/ids.json", 100, wantFollowers, true, by...)
	}
	// Defaults: one page of everything.
	l := fsGet[sinaspec.Users](t, bob, "/2/friendships/friends.json", "uid", idString(alice.ID))
	fsWant(t, "friends default", fsUserIDs(l.Users), wantFriends)
	if l.NextCursor != 0 || l.PreviousCursor != 0 || l.TotalNumber != 7 {
		t.Fatalf("friends default cursors: %+v", l)
	}
	// Past the end: empty, no next page.
	past := fsGet[sinaspec.UserIDs](t, bob, "/2/friendships/friends/ids.json", "uid", idString(alice.ID), "cursor", "50")
	if len(past.IDs) != 0 || past.NextCursor != 0 || past.TotalNumber != 7 {
		t.Fatalf("past the end: %+v", past)
	}
	// The relation to the caller shows on each listed user.
	fsFollow(t, bob, k.NewUser("loner"))
	fsCoreFollow(t, k, bob.ID, friends[3])
	fsCoreFollow(t, k, friends[3], bob.ID)
	for _, u := range fsGet[sinaspec.Users](t, bob, "/2/friendships/friends.json", "uid", idString(alice.ID)).Users {
		if (u.ID == friends[3]) != (u.Following && u.FollowMe) || u.Remark != "" {
			t.Fatalf("relation of %d to the caller: following %v follow_me %v", u.ID, u.Following, u.FollowMe)
		}
	}

	for _, path := range []string{"/2/friendships/friends.json", "/2/friendships/friends/ids.json",
		"/2/friendships/followers.json", "/2/friendships/followers/ids.json"} {
		get := func(kv ...string) *testkit.Response { return bob.Get(path, reqParams(kv...)) }
		mustFail(t, bob.Client, get(), 400, 10016, "uid")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "screen_name", "alice"), 400, 10017, "screen_name")
		mustFail(t, bob.Client, get("uid", "x"), 400, 10017, "uid")
		mustFail(t, bob.Client, get("uid", "0"), 400, 10017, "uid")
		mustFail(t, bob.Client, get("uid", "4242"), 400, 20003, "")
		mustFail(t, bob.Client, get("screen_name", "nobody"), 400, 20003, "")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "cursor", "-1"), 400, 10017, "cursor")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "cursor", "x"), 400, 10017, "cursor")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "count", "0"), 400, 10017, "count")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "count", "x"), 400, 10017, "count")
		mustFail(t, bob.Client, bob.Post(path, reqParams("uid", idString(alice.ID))), 405, 10021, "")
	}
}

// count defaults and maxima of the user lists (README §6): friends and
// followers 50/200, their id lists 500/5000.
func TestFriendshipsCountDefaultAndClamp(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	fans := fsCoreUsers(t, k, "fan", 201)
	for _, f := range fans {
		fsCoreFollow(t, k, f, alice.ID)
		fsCoreFollow(t, k, alice.ID, f)
		k.Clock.Advance(time.Millisecond)
	}
	want := fsRev(fans)
	for _, path := range []string{"/2/friendships/friends.json", "/2/friendships/followers.json"} {
		l := fsGet[sinaspec.Users](t, alice, path, "uid", idString(alice.ID))
		fsWant(t, path+" default", fsUserIDs(l.Users), want[:50])
		if l.NextCursor != 50 || l.TotalNumber != 201 {
			t.Fatalf("%s default: next %d total %d", path, l.NextCursor, l.TotalNumber)
		}
		l = fsGet[sinaspec.Users](t, alice, path, "uid", idString(alice.ID), "count", "1000")
		fsWant(t, path+" clamped", fsUserIDs(l.Users), want[:200])
		if l.NextCursor != 200 {
			t.Fatalf("%s clamped: next %d", path, l.NextCursor)
		}
	}
	for _, path := range []string{"/2/friendships/friends/ids.json", "/2/friendships/followers/ids.json"} {
		// All 201 fit the default page of 500; a count over 5000 is clamped, not refused.
		fsWant(t, path+" default", fsGet[sinaspec.UserIDs](t, alice, path, "uid", idString(alice.ID)).IDs, want)
		fsWant(t, path+" clamped", fsGet[sinaspec.UserIDs](t, alice, path, "uid", idString(alice.ID), "count", "99999").IDs, want)
	}
	// Page-based lists: bilateral 50/200, bilateral/ids 50/2000.
	bl := fsGet[sinaspec.Users](t, alice, "/2/friendships/friends/bilateral.json", "uid", idString(alice.ID))
	fsWant(t, "bilateral default", fsUserIDs(bl.Users), want[:50])
	bl = fsGet[sinaspec.Users](t, alice, "/2/friendships/friends/bilateral.json", "uid", idString(alice.ID), "count", "300")
	fsWant(t, "bilateral clamped", fsUserIDs(bl.Users), want[:200])
	bi := fsGet[sinaspec.UserIDs](t, alice, "/2/friendships/friends/bilateral/ids.json", "uid", idString(alice.ID))
	fsWant(t, "bilateral/ids default", bi.IDs, want[:50])
	if bi.TotalNumber != 201 {
		t.Fatalf("bilateral/ids total %d", bi.TotalNumber)
	}
	fsWant(t, "bilateral/ids count 2000", fsGet[sinaspec.UserIDs](t, alice, "/2/friendships/friends/bilateral/ids.json",
		"uid", idString(alice.ID), "count", "5000").IDs, want)
	fsCounts(t, alice, alice.ID, 201, 201, 201)
}

// trim_status defaults to 1 on user lists: status_id instead of status.
func TestFriendshipsTrimStatus(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, quiet := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("quiet")
	fsFollow(t, alice, bob)
	fsFollow(t, alice, quiet)
	fsFollow(t, bob, alice)
	fsFollow(t, quiet, alice)
	fsFollow(t, quiet, bob)
	st := mustDecode[sinaspec.Status](t, bob.Post("/2/statuses/update.json", reqParams("status", "bob's latest")))
	private := mustDecode[sinaspec.Status](t, bob.Post("/2/statuses/update.json", reqParams("status", "bob only", "visible", "1")))

	checkTrim := func(path string, kv ...string) {
		t.Helper()
		for _, trim := range []string{"", "1", "0"} {
			q := slices.Clone(kv)
			if trim != "" {
				q = append(q, "trim_status", trim)
			}
			l := fsGet[sinaspec.Users](t, alice, path, q...)
			var b *sinaspec.User
			for _, u := range l.Users {
				if u.ID == bob.ID {
					b = u
				} else if u.Status != nil || u.StatusID != 0 {
					t.Fatalf("%s: a user who never posted has a status: %+v", path, u)
				}
			}
			if b == nil {
				t.Fatalf("%s: bob not listed", path)
			}
			// The newest status alice may see: not bob's private one.
			if trim == "0" {
				if b.Status == nil || b.Status.ID != st.ID || b.StatusID != 0 || b.Status.Text != "bob's latest" {
					t.Fatalf("%s trim_status=0: %+v / %+v", path, b.Status, b.StatusID)
				}
			} else if b.Status != nil || b.StatusID != st.ID {
				t.Fatalf("%s trim_status=%q: status %+v status_id %d, want status_id %d", path, trim, b.Status, b.StatusID, st.ID)
			}
			if b.StatusID == private.ID {
				t.Fatalf("%s: a private status shown", path)
			}
		}
		mustFail(t, alice.Client, alice.Get(path, reqParams(append(slices.Clone(kv), "trim_status", "2")...)), 400, 10017, "trim_status")
	}
	checkTrim("/2/friendships/friends.json", "uid", idString(alice.ID))
	checkTrim("/2/friendships/followers.json", "uid", idString(alice.ID))
	checkTrim("/2/friendships/friends/bilateral.json", "uid", idString(alice.ID))
	checkTrim("/2/friendships/friends/in_common.json", "uid", idString(quiet.ID))
}

func TestFriendshipsInCommon(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	common := fsCoreUsers(t, k, "common", 5)
	onlyA, onlyB := fsCoreUsers(t, k, "onlya", 2), fsCoreUsers(t, k, "onlyb", 2)
	for _, id := range append(slices.Clone(common), onlyA...) {
		fsCoreFollow(t, k, alice.ID, id)
		k.Clock.Advance(time.Second)
	}
	for _, id := range append(fsRev(common), onlyB...) {
		fsCoreFollow(t, k, bob.ID, id)
		k.Clock.Advance(time.Second)
	}
	// In the order uid followed them, newest first.
	want := fsRev(common)

	l := fsGet[sinaspec.Users](t, carol, "/2/friendships/friends/in_common.json", "uid", idString(alice.ID), "suid", idString(bob.ID))
	fsWant(t, "in_common", fsUserIDs(l.Users), want)
	if l.TotalNumber != 5 {
		t.Fatalf("in_common total %d", l.TotalNumber)
	}
	// suid defaults to the caller.
	fsWant(t, "in_common with the caller", fsUserIDs(fsGet[sinaspec.Users](t, bob, "/2/friendships/friends/in_common.json",
		"uid", idString(alice.ID)).Users), want)
	fsWant(t, "in_common nobody", fsUserIDs(fsGet[sinaspec.Users](t, carol, "/2/friendships/friends/in_common.json",
		"uid", idString(alice.ID)).Users), nil)
	// count and page.
	for page, w := range [][]int64{want[:2], want[2:4], want[4:], nil} {
		p := fsGet[sinaspec.Users](t, carol, "/2/friendships/friends/in_common.json", "uid", idString(alice.ID),
			"suid", idString(bob.ID), "count", "2", "page", strconv.Itoa(page+1))
		fsWant(t, "in_common page "+strconv.Itoa(page+1), fsUserIDs(p.Users), w)
		if p.TotalNumber != 5 {
			t.Fatalf("in_common page %d total %d", page+1, p.TotalNumber)
		}
	}

	get := func(kv ...string) *testkit.Response {
		return carol.Get("/2/friendships/friends/in_common.json", reqParams(kv...))
	}
	mustFail(t, carol.Client, get(), 400, 10016, "uid")
	mustFail(t, carol.Client, get("suid", idString(bob.ID)), 400, 10016, "uid")
	mustFail(t, carol.Client, get("uid", "x"), 400, 10017, "uid")
	mustFail(t, carol.Client, get("uid", idString(alice.ID), "suid", "x"), 400, 10017, "suid")
	mustFail(t, carol.Client, get("uid", idString(alice.ID), "suid", "0"), 400, 10017, "suid")
	mustFail(t, carol.Client, get("uid", "4242"), 400, 20003, "")
	mustFail(t, carol.Client, get("uid", idString(alice.ID), "suid", "4242"), 400, 20003, "")
	mustFail(t, carol.Client, get("uid", idString(alice.ID), "page", "0"), 400, 10017, "page")
	mustFail(t, carol.Client, get("uid", idString(alice.ID), "count", "-1"), 400, 10017, "count")
}

func TestFriendshipsBilateral(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	mutual := fsCoreUsers(t, k, "mutual", 5)
	oneWay := fsCoreUsers(t, k, "oneway", 2)
	for _, id := range mutual {
		fsCoreFollow(t, k, alice.ID, id)
		fsCoreFollow(t, k, id, alice.ID)
		k.Clock.Advance(time.Second)
	}
	fsCoreFollow(t, k, alice.ID, oneWay[0]) // alice follows, not back
	fsCoreFollow(t, k, oneWay[1], alice.ID) // follows alice, not back
	want := fsRev(mutual)                   // most recent follow first (sort=0)

	l := fsGet[sinaspec.Users](t, bob, "/2/friendships/friends/bilateral.json", "uid", idString(alice.ID))
	fsWant(t, "bilateral", fsUserIDs(l.Users), want)
	if l.TotalNumber != 5 {
		t.Fatalf("bilateral total %d", l.TotalNumber)
	}
	ids := fsGet[sinaspec.UserIDs](t, bob, "/2/friendships/friends/bilateral/ids.json", "uid", idString(alice.ID), "sort", "0")
	fsWant(t, "bilateral/ids", ids.IDs, want)
	if ids.TotalNumber != 5 || ids.NextCursor != 0 || ids.PreviousCursor != 0 {
		t.Fatalf("bilateral/ids envelope: %+v", ids)
	}
	fsCounts(t, bob, alice.ID, 6, 6, 5)
	for _, path := range []string{"/2/friendships/friends/bilateral.json", "/2/friendships/friends/bilateral/ids.json"} {
		for page, w := range [][]int64{want[:2], want[2:4], want[4:], nil} {
			q := reqParams("uid", idString(alice.ID), "count", "2", "page", strconv.Itoa(page+1))
			var got []int64
			if strings.HasSuffix(path, "ids.json") {
				got = mustDecode[sinaspec.UserIDs](t, bob.Get(path, q)).IDs
			} else {
				got = fsUserIDs(mustDecode[sinaspec.Users](t, bob.Get(path, q)).Users)
			}
			fsWant(t, path+" page "+strconv.Itoa(page+1), got, w)
		}
		get := func(kv ...string) *testkit.Response { return bob.Get(path, reqParams(kv...)) }
		mustFail(t, bob.Client, get(), 400, 10016, "uid")
		mustFail(t, bob.Client, get("uid", "x"), 400, 10017, "uid")
		mustFail(t, bob.Client, get("uid", "4242"), 400, 20003, "")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "sort", "1"), 400, 10017, "sort")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "page", "0"), 400, 10017, "page")
		mustFail(t, bob.Client, get("uid", idString(alice.ID), "count", "0"), 400, 10017, "count")
		mustFail(t, bob.Client, bob.Post(path, reqParams("uid", idString(alice.ID))), 405, 10021, "")
	}

	// Unfollowing either way ends the mutual relation on both sides.
	if _, err := k.App.Core.Unfollow(context.Background(), domain.Viewer{UserID: mutual[0]}, core.UserRef{ID: alice.ID}); err != nil {
		t.Fatal(err)
	}
	fsWant(t, "bilateral after unfollow", fsGet[sinaspec.UserIDs](t, bob, "/2/friendships/friends/bilateral/ids.json",
		"uid", idString(alice.ID)).IDs, want[:4])
	fsCounts(t, bob, alice.ID, 6, 5, 4)
	fsCounts(t, bob, mutual[0], 0, 1, 0)
}
