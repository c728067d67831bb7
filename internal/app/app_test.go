package app_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

// The operational endpoints are tested through the assembled app: the
// server package's own tests cover the middleware in isolation, these prove
// the app wires the API's routes, the database ping and the queue into them.
func TestHealthzAndMetricsThroughTheApp(t *testing.T) {
	k := testkit.Start(t)
	c := k.Anonymous()

	r := c.Get("/healthz", nil)
	if r.Status != 200 || string(r.Body) != "ok" {
		t.Fatalf("healthz: %d %q", r.Status, r.Body)
	}

	alice := k.NewUser("alice")
	alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"度量"}}), nil)
	alice.Fail(alice.Get("/2/statuses/update.json", nil), 405, 10021)
	k.Drain()

	r = c.Get("/metrics", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	body := string(r.Body)
	for _, want := range []string{
		`weibo_http_requests_total{method="POST",route="/2/statuses/update.json",status="200"} 1`,
		`weibo_http_requests_total{method="GET",route="/2/statuses/update.json",status="405"} 1`,
		`weibo_http_requests_total{method="POST",route="/oauth2/access_token",status="200"} 1`,
		`weibo_http_request_duration_seconds_bucket{route="/2/statuses/update.json",le="+Inf"} 2`,
		// Drained: nothing is left for the consumers.
		"weibo_queue_pending 0",
		"go_goroutines ",
		// The caches report themselves: posting looked the poster up.
		`weibo_cache_entries{cache="users"} `,
		`weibo_cache_hits_total{cache="tokens"} `,
		`weibo_cache_misses_total{cache="statuses"} `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", body)
	}

	// A database that cannot be reached makes /healthz answer 503.
	if err := k.App.SQL.Close(); err != nil {
		t.Fatal(err)
	}
	r = c.Get("/healthz", nil)
	if r.Status != 503 {
		t.Fatalf("healthz with the database closed: %d %q", r.Status, r.Body)
	}
}

// Published outbox rows are deleted in the background, in batches, without
// anyone draining: the outbox does not grow with the posts.
func TestPublishedOutboxRowsAreDeletedInTheBackground(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	for i := range 30 {
		alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"第" + strconv.Itoa(i) + "条"}}), nil)
	}
	ctx := t.Context()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		rows, err := k.App.Store.PendingOutbox(ctx, time.Now().Add(time.Hour), 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			return
		}
		// Polling a background worker: no budget of our own, the test's
		// timeout says it never happened.
		select {
		case <-ctx.Done():
			t.Fatalf("%d published outbox rows never deleted", len(rows))
		case <-tick.C:
		}
	}
}

// TestPublicMetricsOff: --public-metrics=false takes /metrics off the API's
// listener (it stays on --debug-addr).
func TestPublicMetricsOff(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Config: func(c *config.Config) { c.PublicMetrics = false }})
	c := k.Anonymous()
	if r := c.Get("/metrics", nil); r.Status != 404 {
		t.Errorf("/metrics with --public-metrics=false: %d", r.Status)
	}
	if r := c.Get("/healthz", nil); r.Status != 200 {
		t.Errorf("healthz: %d", r.Status)
	}
}

// TestServeWithDebugListener: Serve runs the debug listener beside the API's
// and stops both; a debug address that cannot be bound stops Serve too.
func TestServeWithDebugListener(t *testing.T) {
	k := testkit.Start(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	debugAddr := ln.Addr().String()
	ln.Close()
	k.App.Cfg.Addr, k.App.Cfg.DebugAddr = "127.0.0.1:0", debugAddr

	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- k.App.Serve(ctx, func(u string) { urls <- u }) }()
	base := <-urls
	get := func(url string) int {
		t.Helper()
		for { // the debug listener may start a moment after the API's
			resp, err := http.Get(url)
			if err == nil {
				resp.Body.Close()
				return resp.StatusCode
			}
			select {
			case <-t.Context().Done():
				t.Fatalf("GET %s: never answered: %v", url, err)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	if code := get("http://" + debugAddr + "/debug/pprof/"); code != 200 {
		t.Errorf("debug pprof: %d", code)
	}
	if code := get(base + "/healthz"); code != 200 {
		t.Errorf("healthz: %d", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}

	// The debug address is taken: Serve fails instead of running without it.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	k.App.Cfg.DebugAddr = busy.Addr().String()
	if err := k.App.Serve(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "debug") {
		t.Errorf("Serve with a taken debug address: %v", err)
	}
}

// The media handler is mounted over the app's blob store: a file put there
// is served at /media/<key>, under --media-dir (default: the data directory).
func TestMediaServedThroughTheApp(t *testing.T) {
	dir := t.TempDir()
	k := testkit.Start(t, testkit.Options{Config: func(c *config.Config) { c.MediaDir = dir }})
	const key = "large/0123456789abcdef0123456789abcdej.jpg"
	if err := k.App.Blobs.Put(t.Context(), key, "image/jpeg", []byte("not really a jpeg")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "large", "_01", "0123456789abcdef0123456789abcdej.jpg")); err != nil {
		t.Fatalf("the file is not under --media-dir: %v", err)
	}
	c := k.Anonymous()
	r := c.Get("/media/"+key, nil)
	if r.Status != 200 || string(r.Body) != "not really a jpeg" || r.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("GET /media/%s: %d %q %v", key, r.Status, r.Body, r.Header)
	}
	if r := c.Get("/media/large/0123456789abcdef0123456789abcdep.png", nil); r.Status != 404 {
		t.Fatalf("a missing file: %d", r.Status)
	}
	r = c.Get("/metrics", nil)
	if want := `weibo_http_requests_total{method="GET",route="GET /media/",status="200"} 1`; !strings.Contains(string(r.Body), want) {
		t.Fatalf("metrics lack %q", want)
	}
}

// TestSecondServerOnOneDataDirectory: a second server on a data directory
// in use refuses to start and names the process that holds it; a lock file
// left behind by a process that is gone (kill -9 leaves one) is no obstacle.
func TestSecondServerOnOneDataDirectory(t *testing.T) {
	k := testkit.Start(t)
	dir := k.App.Cfg.DataDir
	_, err := app.Start(t.Context(), k.App.Cfg, k.App.Log, app.Hooks{MemoryQueue: true})
	if !errors.Is(err, app.ErrDataDirInUse) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) ||
		!strings.Contains(err.Error(), dir) {
		t.Fatalf("second server on %s: %v", dir, err)
	}
	// The first one still works.
	if r := k.Anonymous().Get("/healthz", nil); r.Status != 200 {
		t.Fatalf("first server after the refused second: %d", r.Status)
	}

	// A stale file (content of a dead process, no lock held) is taken over.
	stale := t.TempDir()
	if err := os.WriteFile(filepath.Join(stale, app.LockFileName), []byte("999999\nghost\n2020-01-01T00:00:00Z\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := k.App.Cfg
	cfg.DataDir = stale
	a, err := app.Start(t.Context(), cfg, k.App.Log, app.Hooks{MemoryQueue: true})
	if err != nil {
		t.Fatalf("start over a stale lock file: %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(stale, app.LockFileName))
	if !strings.HasPrefix(string(b), strconv.Itoa(os.Getpid())+"\n") {
		t.Errorf("lock file after start: %q", b)
	}
	a.Close()
	// Closed: the directory is free again.
	a, err = app.Start(t.Context(), cfg, k.App.Log, app.Hooks{MemoryQueue: true})
	if err != nil {
		t.Fatalf("start after Close: %v", err)
	}
	a.Close()
}

// TestNodeNumbersAreLeased: every process that makes ids holds a node
// number of its own, leased in the database: a server started with a
// number another live server holds refuses to start and names it, and one
// started without a number takes a free one. (Two servers here share one
// SQLite database through --db, each with its own data directory.)
func TestNodeNumbersAreLeased(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	k := testkit.Start(t, testkit.Options{DB: db, Config: func(c *config.Config) { c.Node = 5 }})
	if n := k.App.IDs.Node(); n != 5 {
		t.Fatalf("first server's node %d, want 5", n)
	}
	cfg := k.App.Cfg
	cfg.DataDir = t.TempDir()
	_, err := app.Start(t.Context(), cfg, k.App.Log, app.Hooks{MemoryQueue: true})
	if err == nil || !strings.Contains(err.Error(), "--node 5") || !strings.Contains(err.Error(), "weibo serve (pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second server on node 5: %v", err)
	}
	cfg.Node = -1
	b, err := app.Start(t.Context(), cfg, k.App.Log, app.Hooks{MemoryQueue: true})
	if err != nil {
		t.Fatalf("second server on any node: %v", err)
	}
	if n := b.IDs.Node(); n == 5 || n < 0 {
		t.Fatalf("second server's node %d", n)
	}
	// A CLI command beside them takes a third, and frees it when done.
	st, err := app.OpenStore(t.Context(), cfg, k.App.Log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, done, err := app.NewCore(t.Context(), cfg, st, k.App.Log, "weibo user create")
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(t.Context(), core.CreateUserInput{ScreenName: "cli_user", Password: "secret123"})
	if err != nil {
		t.Fatal(err)
	}
	node := int(u.ID>>7) & 31
	if node == 5 || node == b.IDs.Node() {
		t.Fatalf("CLI made an id as node %d, held by a server", node)
	}
	done()
	// Freed: the next server given that number by hand gets it.
	b.Close()
	cfg.Node = node
	c, err := app.Start(t.Context(), cfg, k.App.Log, app.Hooks{MemoryQueue: true})
	if err != nil {
		t.Fatalf("server on the number the CLI freed: %v", err)
	}
	if c.IDs.Current().Floor <= 0 {
		t.Errorf("no floor inherited from the CLI's lease: %+v", c.IDs.Current())
	}
	c.Close()
}

// TestLoginLimitsFromConfig: the login flags reach the core's guard;
// --rate-limits=false turns every login limit off but keeps the
// password-check slots, which bound memory.
func TestLoginLimitsFromConfig(t *testing.T) {
	start := func(edit func(*config.Config)) core.Options {
		t.Helper()
		cfg := config.Defaults()
		cfg.DataDir, cfg.Addr = t.TempDir(), "127.0.0.1:0"
		edit(&cfg)
		a, err := app.Start(t.Context(), cfg, slog.New(slog.DiscardHandler), app.Hooks{MemoryQueue: true})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		return a.Core.Options()
	}
	o := start(func(c *config.Config) {
		c.LoginIPFailures, c.LoginFreeFailures, c.LoginDelay, c.LoginMaxDelay = 7, 2, 3*time.Second, time.Minute
		c.LoginConcurrency, c.LoginPending = 3, 2
	})
	want := core.LoginLimits{IPFailuresPerHour: 7, FreeFailures: 2, Delay: 3 * time.Second, MaxDelay: time.Minute, MaxPending: 3}
	if o.Limits.Login != want || o.LoginConcurrency != 3 {
		t.Errorf("login limits %+v, concurrency %d; want %+v (pending raised to the slots), 3", o.Limits.Login, o.LoginConcurrency, want)
	}
	o = start(func(c *config.Config) { c.RateLimits = false; c.LoginConcurrency = 3 })
	if o.Limits.Login != (core.LoginLimits{}) || o.LoginConcurrency != 3 {
		t.Errorf("--rate-limits=false: login limits %+v, concurrency %d", o.Limits.Login, o.LoginConcurrency)
	}
	d := config.Defaults()
	if d.LoginConcurrency != runtime.GOMAXPROCS(0) || d.LoginPending != 16*d.LoginConcurrency || !d.RateLimits {
		t.Errorf("defaults: %+v", d)
	}
}

// TestSyncFull: --sync full reaches the database (every commit fsynced).
func TestSyncFull(t *testing.T) {
	for sync, want := range map[string]int{"normal": 1, "full": 2} {
		k := testkit.Start(t, testkit.Options{Config: func(c *config.Config) { c.Sync = sync }})
		var got int
		if err := k.App.SQL.WriteDB().QueryRowContext(t.Context(), "PRAGMA synchronous").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("--sync %s: synchronous = %d, want %d", sync, got, want)
		}
	}
	cfg := config.Defaults()
	cfg.Sync = "sometimes"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "--sync") {
		t.Errorf("--sync sometimes: %v", err)
	}
}

// The API reference is generated from app.RouteTables, without a server:
// it must list exactly what a started server mounts, so a dialect added to
// Start and not to RouteTables fails here rather than going undocumented.
func TestRouteTablesAreWhatStartMounts(t *testing.T) {
	k := testkit.Start(t)
	if diff := cmp.Diff(k.App.Routes, app.RouteTables()); diff != "" {
		t.Fatalf("app.RouteTables() differs from the routes Start mounts (-mounted +RouteTables):\n%s", diff)
	}
	if len(k.App.Routes) == 0 {
		t.Fatal("Start mounted no routes")
	}
}
