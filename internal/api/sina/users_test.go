package sina_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// usShow reads users/show strictly against the spec.
func usShow(t *testing.T, c *testkit.Client, kv ...string) sinaspec.User {
	t.Helper()
	return stGet[sinaspec.User](t, c, "/2/users/show.json", kv...)
}

func TestUsersShow(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	stFollow(t, bob, alice)
	stFollow(t, alice, bob)
	stFollow(t, carol, alice)

	// A user who never posted has neither status nor status_id.
	fresh := usShow(t, alice.Client, "uid", idString(carol.ID))
	if fresh.Status != nil || fresh.StatusID != 0 || fresh.StatusesCount != 0 || fresh.ScreenName != "carol" {
		t.Fatalf("carol: %+v", fresh)
	}

	pub := stPost(t, alice, "public")
	priv := stPost(t, alice, "private", "visible", "1")

	byID := usShow(t, bob.Client, "uid", idString(alice.ID))
	byName := usShow(t, bob.Client, "screen_name", "alice")
	if byID.ID != alice.ID || byID.IDStr != idString(alice.ID) || byID.ScreenName != "alice" || byName.ID != alice.ID {
		t.Fatalf("users/show: %+v / %+v", byID, byName)
	}
	if byID.FollowersCount != 2 || byID.FriendsCount != 1 || byID.BiFollowersCount != 1 || byID.StatusesCount != 2 {
		t.Fatalf("counters: followers %d friends %d bi %d statuses %d", byID.FollowersCount, byID.FriendsCount,
			byID.BiFollowersCount, byID.StatusesCount)
	}
	if !byID.Following || !byID.FollowMe {
		t.Fatalf("bob and alice follow each other: following %v follow_me %v", byID.Following, byID.FollowMe)
	}
	if c := usShow(t, carol.Client, "uid", idString(alice.ID)); !c.Following || c.FollowMe {
		t.Fatalf("carol follows alice one way: following %v follow_me %v", c.Following, c.FollowMe)
	}
	// The embedded status is the newest the viewer may see, without a user.
	if byID.Status == nil || byID.Status.ID != pub.ID || byID.Status.Text != "public" || byID.Status.User != nil {
		t.Fatalf("bob sees alice's latest as %+v", byID.Status)
	}
	if own := usShow(t, alice.Client, "uid", idString(alice.ID)); own.Status == nil || own.Status.ID != priv.ID || own.Status.Visible.Type != 1 {
		t.Fatalf("alice sees her own latest as %+v", own.Status)
	}
	// trim_status=1 puts status_id instead (default 0 here).
	trimmed := usShow(t, bob.Client, "uid", idString(alice.ID), "trim_status", "1")
	if trimmed.Status != nil || trimmed.StatusID != pub.ID {
		t.Fatalf("trim_status=1: status %+v status_id %d", trimmed.Status, trimmed.StatusID)
	}
	if u := usShow(t, bob.Client, "uid", idString(alice.ID), "trim_status", "0"); u.Status == nil || u.StatusID != 0 {
		t.Fatalf("trim_status=0: %+v", u)
	}
	// Screen names are matched without regard to case (they are unique that way).
	if u := usShow(t, bob.Client, "screen_name", "ALICE"); u.ID != alice.ID {
		t.Fatalf("screen_name in another case: %+v", u)
	}

	show := func(kv ...string) *testkit.Response { return bob.Get("/2/users/show.json", reqParams(kv...)) }
	mustFail(t, bob.Client, show(), 400, 10016, "uid")
	mustFail(t, bob.Client, show("uid", idString(alice.ID), "screen_name", "alice"), 400, 10017, "screen_name")
	mustFail(t, bob.Client, show("uid", "alice"), 400, 10017, "uid")
	mustFail(t, bob.Client, show("uid", "0"), 400, 10017, "uid")
	mustFail(t, bob.Client, show("uid", "-7"), 400, 10017, "uid")
	mustFail(t, bob.Client, show("uid", idString(alice.ID), "trim_status", "2"), 400, 10017, "trim_status")
	bob.Fail(show("uid", "123456"), 400, 20003)
	bob.Fail(show("screen_name", "nobody"), 400, 20003)
	bob.Fail(bob.Post("/2/users/show.json", reqParams("uid", idString(alice.ID))), 405, 10021)
	anon := k.Anonymous()
	anon.Fail(anon.Get("/2/users/show.json", reqParams("uid", idString(alice.ID))), 401, 10006)

	// A deleted latest status gives way to the one before it.
	alice.Must(alice.Post("/2/statuses/destroy.json", reqParams("id", pub.IDStr)), nil)
	if u := usShow(t, bob.Client, "uid", idString(alice.ID)); u.Status != nil || u.StatusesCount != 1 {
		t.Fatalf("after deleting the only visible status: %+v", u)
	}
}

func TestUsersDomainShow(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := stPost(t, alice, "hello")

	// A user with a personal domain (no API sets one yet: made in the store).
	zaku := &domain.User{ID: 424242, ScreenName: "zaku", Domain: "zaku", Gender: "m", Lang: "zh-cn", VerifiedType: -1,
		CreatedAt: time.Now()}
	ctx := context.Background()
	if err := k.App.Store.InTx(ctx, func(tx domain.Tx) error {
		return tx.CreateUser(ctx, zaku, &domain.Credentials{UserID: zaku.ID, PasswordHash: "x"})
	}); err != nil {
		t.Fatal(err)
	}
	u := stGet[sinaspec.User](t, bob.Client, "/2/users/domain_show.json", "domain", "zaku")
	if u.ID != zaku.ID || u.Domain != "zaku" || u.ProfileURL != "zaku" || u.Gender != "m" {
		t.Fatalf("domain_show zaku: %+v", u)
	}
	// Without a domain, profile_url is u/<uid>, and both that and the bare
	// uid lead back to the user, with the latest status.
	a := usShow(t, bob.Client, "uid", idString(alice.ID))
	if a.Domain != "" || a.ProfileURL != "u/"+idString(alice.ID) {
		t.Fatalf("alice without a domain: domain %q profile_url %q", a.Domain, a.ProfileURL)
	}
	for _, d := range []string{a.ProfileURL, idString(alice.ID), " " + idString(alice.ID) + " "} {
		u := stGet[sinaspec.User](t, bob.Client, "/2/users/domain_show.json", "domain", d)
		if u.ID != alice.ID || u.Status == nil || u.Status.ID != st.ID {
			t.Fatalf("domain_show %q: %+v", d, u)
		}
	}
	bob.Fail(bob.Get("/2/users/domain_show.json", reqParams("domain", "nosuch")), 400, 20401)
	bob.Fail(bob.Get("/2/users/domain_show.json", reqParams("domain", "999999")), 400, 20401)
	mustFail(t, bob.Client, bob.Get("/2/users/domain_show.json", nil), 400, 10016, "domain")
	mustFail(t, bob.Client, bob.Get("/2/users/domain_show.json", reqParams("domain", "   ")), 400, 10016, "domain")
	bob.Fail(bob.Get("/2/users/domain_show.json", reqParams("domain", "a b")), 400, 21101)
	bob.Fail(bob.Get("/2/users/domain_show.json", reqParams("domain", strings.Repeat("z", 65))), 400, 21101)
	bob.Fail(bob.Post("/2/users/domain_show.json", reqParams("domain", "zaku")), 405, 10021)
}

func TestUsersCounts(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	stFollow(t, bob, alice)
	stFollow(t, carol, alice)
	stFollow(t, alice, bob)
	stPost(t, alice, "one")
	stPost(t, alice, "two")
	stPost(t, bob, "three")

	got := stGet[[]sinaspec.UserCounts](t, carol.Client, "/2/users/counts.json",
		"uids", idString(carol.ID)+",777, "+idString(alice.ID)+","+idString(bob.ID)+","+idString(alice.ID))
	want := []sinaspec.UserCounts{
		{ID: carol.ID, FriendsCount: 1},
		{ID: alice.ID, FollowersCount: 2, FriendsCount: 1, StatusesCount: 2},
		{ID: bob.ID, FollowersCount: 1, FriendsCount: 1, StatusesCount: 1},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("users/counts = %+v, want %+v", got, want)
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = idString(int64(i + 1))
	}
	carol.Fail(carol.Get("/2/users/counts.json", nil), 400, 20001)
	carol.Fail(carol.Get("/2/users/counts.json", reqParams("uids", strings.Join(many, ","))), 400, 20009)
	mustFail(t, carol.Client, carol.Get("/2/users/counts.json", reqParams("uids", "1,abc")), 400, 10017, "uids")
	mustFail(t, carol.Client, carol.Get("/2/users/counts.json", reqParams("uids", "1,-2")), 400, 10017, "uids")
	if got := stGet[[]sinaspec.UserCounts](t, carol.Client, "/2/users/counts.json", "uids", strings.Join(many[:100], ",")); len(got) != 0 {
		t.Fatalf("unknown uids are skipped: %+v", got)
	}
	carol.Fail(carol.Post("/2/users/counts.json", reqParams("uids", idString(alice.ID))), 405, 10021)
}

// TestUsersLatestStatusInLists checks the status each user of a user list
// carries (the batch path of core.userViews): the newest one the viewer may
// see, nothing for users who never posted or whose statuses are hidden.
func TestUsersLatestStatusInLists(t *testing.T) {
	k := testkit.Start(t)
	viewer, bob, carol, dave, erin := k.NewUser("viewer"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave"), k.NewUser("erin")
	for _, u := range []*testkit.User{bob, carol, dave, erin} {
		stFollow(t, viewer, u)
	}
	stFollow(t, bob, viewer) // bob is mutual: his 密友 statuses reach the viewer
	bobClose := stPost(t, bob, "bob close", "visible", "2")
	stPost(t, bob, "bob private", "visible", "1")
	stPost(t, dave, "dave 1")
	d2 := stPost(t, dave, "dave 2")
	stPost(t, erin, "erin private", "visible", "1")
	e0 := stPost(t, erin, "erin public")
	erin.Must(erin.Post("/2/statuses/destroy.json", reqParams("id", e0.IDStr)), nil)

	l := stGet[sinaspec.Users](t, viewer.Client, "/2/friendships/friends.json", "uid", idString(viewer.ID), "trim_status", "0")
	latest := map[int64]int64{}
	for _, u := range l.Users {
		if u.StatusID != 0 {
			t.Fatalf("trim_status=0 gave status_id for %s", u.ScreenName)
		}
		if u.Status != nil {
			latest[u.ID] = u.Status.ID
		}
	}
	want := map[int64]int64{bob.ID: bobClose.ID, dave.ID: d2.ID}
	if len(l.Users) != 4 || len(latest) != len(want) || latest[bob.ID] != want[bob.ID] || latest[dave.ID] != want[dave.ID] {
		t.Fatalf("latest statuses in the list: %v, want %v (users %d)", latest, want, len(l.Users))
	}
	// The default trim_status=1 carries the same ids as status_id.
	l = stGet[sinaspec.Users](t, viewer.Client, "/2/friendships/friends.json", "uid", idString(viewer.ID))
	for _, u := range l.Users {
		if u.Status != nil || u.StatusID != want[u.ID] {
			t.Fatalf("trim_status default: %s status %+v status_id %d, want %d", u.ScreenName, u.Status, u.StatusID, want[u.ID])
		}
	}
	// A list of users none of whom posted costs no status queries.
	quiet := k.NewUser("quiet")
	for _, n := range []string{"q1", "q2", "q3"} {
		stFollow(t, quiet, k.NewUser(n))
	}
	stGet[sinaspec.Users](t, quiet.Client, "/2/friendships/friends.json", "uid", idString(quiet.ID), "trim_status", "0") // warm caches
	k.Drain()                                                                                                            // background work (fan-out, outbox deletes) must not run inside the counted window
	before := k.App.SQL.Queries()
	stGet[sinaspec.Users](t, quiet.Client, "/2/friendships/friends.json", "uid", idString(quiet.ID), "trim_status", "0")
	stGet[sinaspec.Users](t, quiet.Client, "/2/friendships/friends.json", "uid", idString(quiet.ID), "trim_status", "0")
	perCall := (k.App.SQL.Queries() - before) / 2
	// Each user costs a status query when they have posted; an extra user who
	// never posted must not add one.
	stFollow(t, quiet, k.NewUser("q4"))
	stGet[sinaspec.Users](t, quiet.Client, "/2/friendships/friends.json", "uid", idString(quiet.ID), "trim_status", "0")
	k.Drain()
	before = k.App.SQL.Queries()
	stGet[sinaspec.Users](t, quiet.Client, "/2/friendships/friends.json", "uid", idString(quiet.ID), "trim_status", "0")
	if n := k.App.SQL.Queries() - before; n > perCall {
		t.Fatalf("a user who never posted cost %d more queries", n-perCall)
	}
}
