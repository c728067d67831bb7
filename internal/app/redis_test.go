package app_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

// redisURL is a --redis URL for e.
func redisURL(e redistest.Engine) string {
	if e.Mini != nil {
		return "redis://" + e.Mini.Addr() + "/0"
	}
	return redistest.URL()
}

func withRedis(e redistest.Engine) func(*config.Config) {
	return func(c *config.Config) { c.Redis, c.RedisPrefix = redisURL(e), e.Prefix }
}

// readHome reads c's home timeline (only the fields the tests look at).
func readHome(t *testing.T, c *testkit.Client) homeTimeline {
	t.Helper()
	r := c.Get("/2/statuses/home_timeline.json", nil)
	var h homeTimeline
	if r.Status != 200 {
		t.Fatalf("home_timeline: %d %s", r.Status, r.Body)
	}
	if err := json.Unmarshal(r.Body, &h); err != nil {
		t.Fatalf("home_timeline: %v", err)
	}
	return h
}

type homeTimeline struct {
	Statuses []struct {
		ID   int64  `json:"id"`
		Text string `json:"text"`
	} `json:"statuses"`
	TotalNumber int `json:"total_number"`
}

// TestServeWithRedis: one node with --redis keeps its home windows in
// Redis (and answers from them).
func TestServeWithRedis(t *testing.T) {
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			k := testkit.Start(t, testkit.Options{Config: withRedis(e)})
			alice, bob := k.NewUser("alice"), k.NewUser("bob")
			bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {strconv.FormatInt(alice.ID, 10)}}), nil)
			readHome(t, bob.Client) // builds bob's window
			alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"在 Redis 里"}}), nil)
			k.Drain()
			home := readHome(t, bob.Client)
			if len(home.Statuses) != 1 || home.Statuses[0].Text != "在 Redis 里" || home.TotalNumber != 1 {
				t.Fatalf("home = %+v", home)
			}
			n, err := e.Client.Exists(t.Context(), e.Prefix+"feed:{"+strconv.FormatInt(bob.ID, 10)+"}").Result()
			if err != nil || n != 1 {
				t.Fatalf("bob's window is not in Redis: %d, %v", n, err)
			}
		})
	}
}

// twoNodes starts two nodes on one PostgreSQL schema and one Redis: what a
// load balancer in front of a cluster gives a client.
func twoNodes(t *testing.T, e redistest.Engine, limits *core.RateLimits) (a, b *testkit.Kit) {
	t.Helper()
	dsn := pgtest.Schema(t, "weibo_nodes_")
	a = testkit.Start(t, testkit.Options{DB: dsn, Config: withRedis(e), Limits: limits})
	b = testkit.Start(t, testkit.Options{DB: dsn, Config: withRedis(e), Limits: limits})
	if a.App.IDs.Node() == b.App.IDs.Node() {
		t.Fatalf("both nodes hold node number %d", a.App.IDs.Node())
	}
	return a, b
}

// TestNodesShareHomeWindows: a post fanned out by node A is in the window
// node B reads.
func TestNodesShareHomeWindows(t *testing.T) {
	pgtest.DSN(t)
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			a, b := twoNodes(t, e, nil)
			alice, bob := a.NewUser("alice"), a.NewUser("bob")
			bobB := b.On(bob.Client)
			bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {strconv.FormatInt(alice.ID, 10)}}), nil)
			readHome(t, bobB) // B builds the window
			alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"从 A 发出"}}), nil)
			a.Drain() // A's consumer fans out, into Redis
			home := readHome(t, bobB)
			if len(home.Statuses) != 1 || home.Statuses[0].Text != "从 A 发出" || home.TotalNumber != 1 {
				t.Fatalf("home on B = %+v", home)
			}
		})
	}
}

// TestNodesShareRateLimits: Sina's hourly post limit counts calls on every
// node, and so do the login guard's failures.
func TestNodesShareRateLimits(t *testing.T) {
	pgtest.DSN(t)
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			limits := core.RateLimits{PostsPerHour: 2, Login: core.LoginLimits{IPFailuresPerHour: 2}}
			a, b := twoNodes(t, e, &limits)
			alice := a.NewUser("alice")
			aliceB := b.On(alice.Client)
			alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"一"}}), nil)
			aliceB.Must(aliceB.Post("/2/statuses/update.json", url.Values{"status": {"二"}}), nil)
			alice.Fail(alice.Post("/2/statuses/update.json", url.Values{"status": {"三"}}), 403, 10024)
			aliceB.Fail(aliceB.Post("/2/statuses/update.json", url.Values{"status": {"四"}}), 403, 10024)

			// Two failed sign-ins from this address, one on each node: the
			// third is refused on either.
			guess := func(k *testkit.Kit) *testkit.Response {
				c := k.Anonymous()
				return c.Form("POST", "/oauth2/access_token", url.Values{"client_id": {a.AppKey()}, "client_secret": {a.AppSecret()},
					"grant_type": {"password"}, "username": {"alice"}, "password": {"wrong"}})
			}
			for _, k := range []*testkit.Kit{a, b} {
				if r := guess(k); r.Status != 400 && r.Status != 401 && r.Status != 403 {
					t.Fatalf("a wrong password: %d %s", r.Status, r.Body)
				}
			}
			anon := b.Anonymous()
			anon.Fail(guess(b), 403, 10022)
		})
	}
}
