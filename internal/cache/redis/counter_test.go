package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/cache/cachetest"
	cacheredis "github.com/weibo-server/weibo/internal/cache/redis"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

func TestCounterConformance(t *testing.T) {
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			n := 0
			cachetest.RunCounter(t, func(t *testing.T, now func() time.Time) domain.Counter {
				n++
				return cacheredis.NewCounter(e.Client, e.Prefix+time.Duration(n).String()+":", now)
			}, 8, 100)
		})
	}
}

func TestNoncesConformance(t *testing.T) {
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			cachetest.RunNonces(t, func(t *testing.T) (domain.Nonces, func(time.Duration)) {
				return cacheredis.NewNonces(e.Client, e.Prefix), e.Advance
			}, 400*time.Millisecond)
		})
	}
}

// TestCounterSharedBetweenNodes: two nodes (two clients, as two processes
// would hold) count into the same window.
func TestCounterSharedBetweenNodes(t *testing.T) {
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			clk := cachetest.NewClock(time.Date(2024, 5, 31, 10, 0, 0, 0, time.UTC))
			a := cacheredis.NewCounter(e.Client, e.Prefix, clk.Now)
			b := cacheredis.NewCounter(e.Client, e.Prefix, clk.Now)
			for range 3 {
				if _, err := a.Incr(ctx, "rl:ip:203.0.113.7", 1, time.Hour); err != nil {
					t.Fatal(err)
				}
			}
			if got, err := b.Incr(ctx, "rl:ip:203.0.113.7", 1, time.Hour); err != nil || got != 4 {
				t.Fatalf("the other node's Incr = %d, %v; want 4", got, err)
			}
		})
	}
}

func TestNewClientURLs(t *testing.T) {
	for _, tt := range []struct {
		url  string
		kind string // "" for an error
	}{
		{"redis://127.0.0.1:6379/0", "*redis.Client"},
		{"rediss://user:pw@redis.example:6380/2?dial_timeout=3s", "*redis.Client"},
		{"redis://s1:26379?master_name=mymaster&addr=s2:26379", "*redis.Client"}, // a failover client is a *redis.Client
		{"redis://n1:7000?cluster=true", "*redis.ClusterClient"},
		{"redis://n1:7000?addr=n2:7000&addr=n3:7000", "*redis.ClusterClient"},
		{"http://127.0.0.1:6379", ""},
		{"redis://127.0.0.1:6379?cluster=maybe", ""},
		{"redis://127.0.0.1:6379?bogus=1", ""},
	} {
		c, err := cacheredis.NewClient(tt.url)
		if tt.kind == "" {
			if err == nil {
				t.Errorf("NewClient(%q) succeeded, want an error", tt.url)
				_ = c.Close()
			}
			continue
		}
		if err != nil {
			t.Errorf("NewClient(%q): %v", tt.url, err)
			continue
		}
		if got := typeName(c); got != tt.kind {
			t.Errorf("NewClient(%q) is a %s, want %s", tt.url, got, tt.kind)
		}
		_ = c.Close()
	}
	if got := cacheredis.Redact("redis://user:secret@h:6379/0"); got != "redis://user:xxxxx@h:6379/0" {
		t.Errorf("Redact = %q", got)
	}
}
