package core

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func TestLoginDelay(t *testing.T) {
	l := LoginLimits{FreeFailures: 5, Delay: time.Second, MaxDelay: 15 * time.Minute}
	for n, want := range map[int]time.Duration{
		5: time.Second, 6: 2 * time.Second, 7: 4 * time.Second, 14: 512 * time.Second,
		15: 15 * time.Minute, 16: 15 * time.Minute, 1 << 30: 15 * time.Minute,
	} {
		if got := loginDelay(l, n); got != want {
			t.Errorf("loginDelay(%d) = %v, want %v", n, got, want)
		}
	}
	// No free failures: the first failure already waits Delay. A maximum
	// below the delay is the delay.
	if got := loginDelay(LoginLimits{Delay: time.Second, MaxDelay: time.Second}, 1); got != time.Second {
		t.Errorf("no free failures: %v", got)
	}
	if got := loginDelay(LoginLimits{FreeFailures: 1, Delay: 3 * time.Second}, 9); got != 3*time.Second {
		t.Errorf("MaxDelay below Delay: %v", got)
	}
}

func TestLoginIPKey(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"203.0.113.9":         "203.0.113.9",
		"::ffff:203.0.113.9":  "203.0.113.9",
		"2001:db8:1:2::1":     "2001:db8:1:2::/64",
		"2001:db8:1:2:ff::9":  "2001:db8:1:2::/64",
		"2001:db8:1:3::1":     "2001:db8:1:3::/64",
		"fe80::1%eth0":        "fe80::/64",
		"@":                   "@",
		"not an address here": "not an address here",
	} {
		if got := loginIPKey(in); got != want {
			t.Errorf("loginIPKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := loginIPKey(string(make([]byte, 1000))); len(got) != 32 {
		t.Errorf("a long non-address is not hashed: %d bytes", len(got))
	}
}

// TestPasswordGate: slots bound the checks at once; with a bound on the
// sign-ins in progress the one over it is refused at once; a waiter whose
// request ends gives up its place.
func TestPasswordGate(t *testing.T) {
	var busy atomic.Int64
	g := newPasswordGate(1, &busy)
	ctx := context.Background()
	rel1, err := g.enter(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	// A second waits for the slot (pending 2) ...
	entered := make(chan func(), 1)
	go func() {
		rel, err := g.enter(ctx, 2)
		if err != nil {
			t.Error(err)
		}
		entered <- rel
	}()
	for g.pending.Load() != 2 {
		time.Sleep(time.Millisecond) // until the goroutine is queued
	}
	// ... a third is refused at once.
	if _, err := g.enter(ctx, 2); !domain.IsReason(err, domain.ReasonPasswordRateLimit) || domain.AsError(err).RetryAfter <= 0 {
		t.Fatalf("over the bound: %v", err)
	}
	if busy.Load() != 1 {
		t.Fatalf("busy refusals = %d", busy.Load())
	}
	// A waiter whose request is cancelled leaves.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := g.enter(cctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: %v", err)
	}
	rel1()
	rel2 := <-entered
	if len(g.slots) != 1 || g.pending.Load() != 1 {
		t.Fatalf("after hand-over: %d checking, %d pending", len(g.slots), g.pending.Load())
	}
	rel2()
	if len(g.slots) != 0 || g.pending.Load() != 0 {
		t.Fatalf("after release: %d checking, %d pending", len(g.slots), g.pending.Load())
	}
}
