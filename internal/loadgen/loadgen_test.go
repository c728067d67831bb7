package loadgen_test

import (
	"context"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/loadgen"
	"github.com/weibo-server/weibo/internal/seed"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
	"github.com/weibo-server/weibo/internal/testkit"
)

func TestHistogramPercentiles(t *testing.T) {
	var h, a, b loadgen.Histogram
	r := rand.New(rand.NewPCG(1, 2))
	var all []time.Duration
	for i := 0; i < 100_000; i++ {
		d := time.Duration(r.ExpFloat64() * float64(5*time.Millisecond))
		all = append(all, d)
		h.Record(d)
		if i%2 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
	}
	a.Merge(&b)
	slices.Sort(all)
	for _, p := range []float64{50, 90, 99, 99.9} {
		exact := all[int(p/100*float64(len(all)))-1]
		got := h.Percentile(p)
		if diff := float64(got-exact) / float64(exact); diff > 0.01 || diff < -0.01 {
			t.Errorf("p%v = %v, exact %v", p, got, exact)
		}
		if a.Percentile(p) != got {
			t.Errorf("merged p%v = %v, want %v", p, a.Percentile(p), got)
		}
	}
	if h.Max() != all[len(all)-1] || h.Percentile(100) != h.Max() || h.Count() != uint64(len(all)) {
		t.Errorf("max %v (want %v), p100 %v, count %d", h.Max(), all[len(all)-1], h.Percentile(100), h.Count())
	}
	var one loadgen.Histogram
	one.Record(42 * time.Microsecond)
	if one.Percentile(50) < 41*time.Microsecond || one.Percentile(50) > 42*time.Microsecond {
		t.Errorf("one record: p50 %v", one.Percentile(50))
	}
}

// seeded boots the real server on a small seeded database and returns a
// fixture whose tokens came from the password grant: seeded users can log in.
func seeded(t *testing.T) (*testkit.Kit, *loadgen.Fixture) {
	t.Helper()
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "weibo.db")
	ds, err := seed.Generate(seed.Config{Seed: 1, Users: 60, Follows: 15, Statuses: 600, Comments: 100})
	if err != nil {
		t.Fatal(err)
	}
	const pw = "seeded-pw"
	hash, err := core.HashPassword(pw, core.PasswordParams{MemoryKiB: 64, Time: 1, Threads: 1}) // fast, tests only
	if err != nil {
		t.Fatal(err)
	}
	b, err := sqlstore.OpenBulk(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := ds.EachUser(func(u *domain.User) error { return b.AddUser(ctx, u, hash) }); err != nil {
		t.Fatal(err)
	}
	if err := ds.EachFollow(func(f seed.Follow) error { return b.AddFollow(ctx, f.Follower, f.Followee, f.At) }); err != nil {
		t.Fatal(err)
	}
	if err := ds.EachStatus(func(s *seed.Status) error { return b.AddStatus(ctx, &s.Status, s.Mentions, s.Topics, s.Links) }); err != nil {
		t.Fatal(err)
	}
	if err := b.Finish(ctx, nil); err != nil {
		t.Fatal(err)
	}
	k := testkit.Start(t, testkit.Options{DB: dsn})
	f := &loadgen.Fixture{AppKey: k.AppKey(), AppSecret: k.AppSecret(), Password: pw}
	celeb := ds.Celebrity()
	for i, r := range append([]seed.UserRef{celeb}, ds.Sample(20)...) {
		c := k.Anonymous()
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		r2 := c.Post("/oauth2/access_token", url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()},
			"grant_type": {"password"}, "username": {r.ScreenName}, "password": {pw}})
		if err := json.Unmarshal(r2.Body, &tok); err != nil || tok.AccessToken == "" {
			t.Fatalf("log in as seeded %s: %d %s", r.ScreenName, r2.Status, r2.Body)
		}
		u := loadgen.User{ID: r.ID, ScreenName: r.ScreenName, Followers: r.Followers, Followees: r.Followees,
			FollowsCelebrity: ds.Follows(r.ID, celeb.ID), Token: tok.AccessToken}
		if i == 0 {
			f.Celebrity = u
		} else if u.ID != celeb.ID {
			f.Users = append(f.Users, u)
		}
	}
	return k, f
}

func TestWorkloadsAgainstTheServer(t *testing.T) {
	k, f := seeded(t)
	ctx := t.Context()
	// Deadline -1: the celebrity workload waits until each post is visible
	// rather than counting it missed after a wall-clock limit, and
	// MinRequests: every worker measures at least one answer however long it
	// takes (a slow, shared machine is not a failure; a post that never
	// shows up hangs the test until its timeout, which is).
	opts := loadgen.Options{URL: k.URL, Concurrency: 4, Duration: 400 * time.Millisecond, Warmup: -1, Fixture: f,
		PostEvery: 100 * time.Millisecond, Sample: 10, Deadline: -1, MinRequests: 1}
	// The bulk load bypassed the queue: build the index as weibo reindex does.
	if _, err := k.App.Core.Reindex(ctx, core.ReindexOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"home_timeline", "mixed", "comment", "search"} {
		opts.Workload = w
		r, err := loadgen.Run(ctx, opts)
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		if r.Requests == 0 || r.Errors != 0 || r.MeanBytes < 100 || r.Latency.P50 <= 0 || r.Latency.Max < r.Latency.P99 {
			t.Fatalf("%s: %+v", w, r)
		}
		if w == "mixed" && len(r.Ops) < 2 {
			t.Errorf("mixed ran only %v", r.Ops)
		}
	}
	opts.Workload = "celebrity"
	r, err := loadgen.Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Posts == 0 || r.Missed != 0 || r.VisibleAll.Count != uint64(r.Posts) || r.Followers == 0 {
		t.Fatalf("celebrity: %+v", r)
	}

	opts.Workload = "home_timeline"
	r, err = loadgen.Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Duration = 200 * time.Millisecond
	if err := loadgen.CompareStatic(ctx, opts, r); err != nil {
		t.Fatal(err)
	}
	if r.Static == nil || r.Static.Errors != 0 || r.Static.MeanBytes != float64(int(r.MeanBytes)) || r.Ratio == nil || *r.Ratio <= 0 {
		t.Fatalf("static: %+v ratio %v", r.Static, r.Ratio)
	}
}

func TestErrorsAreCounted(t *testing.T) {
	k, f := seeded(t)
	f.Users = []loadgen.User{{ID: 1, ScreenName: "nobody", Token: "2.00bogus"}}
	r, err := loadgen.Run(context.Background(), loadgen.Options{URL: k.URL, Workload: "post", Concurrency: 2,
		Duration: 200 * time.Millisecond, Warmup: -1, Fixture: f, MinRequests: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("error kinds %v", r.ErrorKinds)
	if r.Errors == 0 || r.Errors != r.Requests || len(r.ErrorKinds) != 1 || !strings.HasPrefix(slices.Collect(maps.Keys(r.ErrorKinds))[0], "http_401_") {
		t.Fatalf("errors %d of %d: %v", r.Errors, r.Requests, r.ErrorKinds)
	}
}
