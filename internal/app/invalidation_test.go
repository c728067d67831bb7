package app_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

// staleBound is how long a test waits for another node's write to show: a
// failure here is not a slow machine, it is a missing invalidation (the
// nodes' cache TTL is an hour).
const staleBound = 5 * time.Second

// eventually polls read until it reports true and returns how long that
// took after the write returned; it fails the test after staleBound.
func eventually(t *testing.T, what string, read func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !read() {
		if time.Since(start) > staleBound {
			t.Fatalf("%s: still stale after %v", what, staleBound)
		}
		time.Sleep(500 * time.Microsecond)
	}
	return time.Since(start)
}

// loose decodes a 200 answer's body into v, ignoring fields v does not name.
func loose(t *testing.T, r *testkit.Response, v any) {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%v: %s", err, r.Body)
	}
}

// TestCacheInvalidationAcrossNodes: two nodes on one PostgreSQL schema and
// one Redis, each caching for an hour. A status deleted, a status's
// counters moved, a user's counters moved, a follow made and a token
// revoked through node A are seen by node B's reads within milliseconds:
// the invalidations node A publishes after each commit (cachedstore,
// remote.go), not the TTL.
func TestCacheInvalidationAcrossNodes(t *testing.T) {
	pgtest.DSN(t)
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			dsn := pgtest.Schema(t, "weibo_inval_")
			cfg := func(c *config.Config) { withRedis(e)(c); c.CacheTTL = time.Hour }
			a := testkit.Start(t, testkit.Options{DB: dsn, Config: cfg})
			b := testkit.Start(t, testkit.Options{DB: dsn, Config: cfg})
			alice, bob := a.NewUser("alice"), a.NewUser("bob")
			aliceB, bobB := b.On(alice.Client), b.On(bob.Client)

			var st struct {
				ID       int64 `json:"id"`
				Comments int   `json:"comments_count"`
			}
			loose(t, alice.Post("/2/statuses/update.json", url.Values{"status": {"会被删掉"}}), &st)
			sid := strconv.FormatInt(st.ID, 10)
			show := func() *testkit.Response { return bobB.Get("/2/statuses/show.json", url.Values{"id": {sid}}) }
			userOnB := func() (followers, statuses int) {
				var u struct {
					Followers int `json:"followers_count"`
					Statuses  int `json:"statuses_count"`
				}
				loose(t, bobB.Get("/2/users/show.json", url.Values{"uid": {strconv.FormatInt(alice.ID, 10)}}), &u)
				return u.Followers, u.Statuses
			}
			following := func() bool {
				var r struct {
					Source struct {
						Following bool `json:"following"`
					} `json:"source"`
				}
				loose(t, bobB.Get("/2/friendships/show.json", url.Values{"source_id": {strconv.FormatInt(bob.ID, 10)},
					"target_id": {strconv.FormatInt(alice.ID, 10)}}), &r)
				return r.Source.Following
			}
			// Node B caches the status, alice and the relationship.
			bobB.Must(show(), nil)
			if f, s := userOnB(); f != 0 || s != 1 {
				t.Fatalf("alice on B: %d followers, %d statuses", f, s)
			}
			if following() {
				t.Fatal("bob follows alice already")
			}

			// A status's counters.
			bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {sid}, "comment": {"评论"}}), nil)
			dComment := eventually(t, "comments_count on B", func() bool {
				r := show()
				return r.Status == 200 && json.Unmarshal(r.Body, &st) == nil && st.Comments == 1
			})
			// A follow: the relationship and the user's counters.
			bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {strconv.FormatInt(alice.ID, 10)}}), nil)
			dFollow := eventually(t, "the follow on B", following)
			dUser := eventually(t, "alice's followers_count on B", func() bool { f, _ := userOnB(); return f == 1 })
			// A deletion.
			alice.Must(alice.Post("/2/statuses/destroy.json", url.Values{"id": {sid}}), nil)
			dDelete := eventually(t, "the deleted status on B", func() bool { return show().Status != 200 })
			if r := show(); r.Status == 200 {
				t.Fatalf("deleted status still shown on B: %s", r.Body)
			}
			// A revoked token.
			aliceB.Must(aliceB.Get("/2/account/get_uid.json", nil), nil) // cached on B
			alice.Must(alice.Post("/oauth2/revokeoauth2", url.Values{"access_token": {alice.Token}}), nil)
			dToken := eventually(t, "the revoked token on B", func() bool {
				return aliceB.Get("/2/account/get_uid.json", nil).Status != 200
			})
			t.Logf("write through A → gone from B's reads (%s): comment count %v, follow %v, user %v, delete %v, token %v",
				e.Name, dComment, dFollow, dUser, dDelete, dToken)
		})
	}
}

// TestCelebrityListsAcrossNodes: whom a viewer follows among authors merged
// at read time (celebrities) is cached per node; a follow made through node
// A reaches node B's list at once, so B's home timeline merges the new
// followee's posts (not after the list's five minutes).
func TestCelebrityListsAcrossNodes(t *testing.T) {
	pgtest.DSN(t)
	e := redistest.Mini(t)
	dsn := pgtest.Schema(t, "weibo_celebs_")
	opts := testkit.Options{DB: dsn, Config: withRedis(e), CelebrityFollowers: 1}
	a, b := testkit.Start(t, opts), testkit.Start(t, opts)
	alice, bob := a.NewUser("alice"), a.NewUser("bob")
	bobB := b.On(bob.Client)
	if h := readHome(t, bobB); len(h.Statuses) != 0 { // B lists bob's celebrities: none
		t.Fatalf("home = %+v", h)
	}
	bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {strconv.FormatInt(alice.ID, 10)}}), nil)
	if h := readHome(t, bobB); len(h.Statuses) != 0 { // B rebuilds bob's window (the follow dropped it)
		t.Fatalf("home = %+v", h)
	}
	// A celebrity's post is not pushed: B merges it only if its list of
	// bob's celebrities has alice.
	alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"名人的微博"}}), nil)
	a.Drain()
	b.Drain()
	d := eventually(t, "alice's post in bob's home on B", func() bool {
		h := readHome(t, bobB)
		return len(h.Statuses) == 1 && h.Statuses[0].Text == "名人的微博"
	})
	t.Logf("celebrity list on B current after %v", d)
}
