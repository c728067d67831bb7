// Package cachetest is the conformance suite of the cache ports every
// engine (cache/memory, cache/redis) passes: the fixed-window Counter behind
// rate limits and login throttles, and the Nonces store behind OAuth 1.0a
// replay protection. It talks to the ports only.
package cachetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

var ctx = context.Background()

// Clock is a settable clock safe for concurrent use.
type Clock struct{ ns atomic.Int64 }

// NewClock returns a Clock reading t.
func NewClock(t time.Time) *Clock {
	c := &Clock{}
	c.ns.Store(t.UnixNano())
	return c
}

// Now reads the clock.
func (c *Clock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// Set sets the clock.
func (c *Clock) Set(t time.Time) { c.ns.Store(t.UnixNano()) }

func at(hh, mm, ss int) time.Time { return time.Date(2024, 5, 31, hh, mm, ss, 0, time.UTC) }

// NewCounter returns an empty counter, private to the test, whose windows
// are read from now.
type NewCounter func(t *testing.T, now func() time.Time) domain.Counter

// RunCounter runs the Counter suite; workers × each increments make the
// concurrency test.
func RunCounter(t *testing.T, newCounter NewCounter, workers, each int) {
	t.Run("Windows", func(t *testing.T) { counterWindows(t, newCounter) })
	t.Run("KeysAndWindowLengthsAreSeparate", func(t *testing.T) { counterSeparate(t, newCounter) })
	t.Run("WindowsAlignToEpoch", func(t *testing.T) { counterEpoch(t, newCounter) })
	t.Run("NegativeIncrements", func(t *testing.T) { counterNegative(t, newCounter) })
	t.Run("RejectsBadWindow", func(t *testing.T) { counterBadWindow(t, newCounter) })
	t.Run("Concurrent", func(t *testing.T) { counterConcurrent(t, newCounter, workers, each) })
}

func incr(t *testing.T, c domain.Counter, key string, n int, w time.Duration) int {
	t.Helper()
	v, err := c.Incr(ctx, key, n, w)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func get(t *testing.T, c domain.Counter, key string, w time.Duration) int {
	t.Helper()
	v, err := c.Get(ctx, key, w)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func counterWindows(t *testing.T, newCounter NewCounter) {
	clk := NewClock(at(10, 0, 0))
	c := newCounter(t, clk.Now)
	if got := get(t, c, "k", time.Hour); got != 0 {
		t.Fatalf("untouched Get = %d, want 0", got)
	}
	if got := incr(t, c, "k", 1, time.Hour); got != 1 {
		t.Fatalf("Incr = %d, want 1", got)
	}
	clk.Set(at(10, 59, 59))
	if got := incr(t, c, "k", 2, time.Hour); got != 3 {
		t.Fatalf("Incr later in the window = %d, want 3", got)
	}
	if got := get(t, c, "k", time.Hour); got != 3 {
		t.Fatalf("Get = %d, want 3", got)
	}
	// Fixed windows: 11:00 starts afresh even though 10:59:59 was a second ago.
	clk.Set(at(11, 0, 0))
	if got := get(t, c, "k", time.Hour); got != 0 {
		t.Fatalf("Get in the next window = %d, want 0", got)
	}
	if got := incr(t, c, "k", 1, time.Hour); got != 1 {
		t.Fatalf("Incr in the next window = %d, want 1", got)
	}
	// Skipping windows also starts afresh.
	clk.Set(at(15, 30, 0))
	if got := incr(t, c, "k", 5, time.Hour); got != 5 {
		t.Fatalf("Incr after idle windows = %d, want 5", got)
	}
}

func counterSeparate(t *testing.T, newCounter NewCounter) {
	clk := NewClock(at(10, 30, 0))
	c := newCounter(t, clk.Now)
	incr(t, c, "a", 1, time.Hour)
	incr(t, c, "a", 1, 24*time.Hour)
	incr(t, c, "a", 1, 24*time.Hour)
	incr(t, c, "b", 7, time.Hour)
	incr(t, c, "a:b", 4, time.Hour) // keys are opaque: no separator confuses them
	incr(t, c, "ip:2001:db8::/64", 3, time.Hour)
	for _, tt := range []struct {
		key  string
		w    time.Duration
		want int
	}{
		{"a", time.Hour, 1},
		{"a", 24 * time.Hour, 2},
		{"b", time.Hour, 7},
		{"b", 24 * time.Hour, 0},
		{"c", time.Hour, 0},
		{"a:b", time.Hour, 4},
		{"ip:2001:db8::/64", time.Hour, 3},
	} {
		if got := get(t, c, tt.key, tt.w); got != tt.want {
			t.Errorf("Get(%s, %v) = %d, want %d", tt.key, tt.w, got, tt.want)
		}
	}
}

func counterEpoch(t *testing.T, newCounter NewCounter) {
	// 15-minute windows: 10:14:59 and 10:15:00 are in different windows,
	// 10:15:00 and 10:29:59 in the same one.
	clk := NewClock(at(10, 14, 59))
	c := newCounter(t, clk.Now)
	incr(t, c, "k", 1, 15*time.Minute)
	clk.Set(at(10, 15, 0))
	if got := incr(t, c, "k", 1, 15*time.Minute); got != 1 {
		t.Fatalf("Incr at 10:15:00 = %d, want 1 (new window)", got)
	}
	clk.Set(at(10, 29, 59))
	if got := incr(t, c, "k", 1, 15*time.Minute); got != 2 {
		t.Fatalf("Incr at 10:29:59 = %d, want 2 (same window)", got)
	}
	// A window of an odd length (the login guard's delays) aligns too.
	w := 1500 * time.Millisecond
	clk.Set(time.Unix(0, 0).Add(1000 * w))
	incr(t, c, "odd", 1, w)
	clk.Advance(w - time.Millisecond)
	if got := incr(t, c, "odd", 1, w); got != 2 {
		t.Fatalf("Incr at the end of a %v window = %d, want 2", w, got)
	}
	clk.Advance(time.Millisecond)
	if got := get(t, c, "odd", w); got != 0 {
		t.Fatalf("Get in the next %v window = %d, want 0", w, got)
	}
}

// counterNegative: the login guard gives a slot back with Incr(-1).
func counterNegative(t *testing.T, newCounter NewCounter) {
	clk := NewClock(at(10, 0, 0))
	c := newCounter(t, clk.Now)
	incr(t, c, "k", 3, time.Hour)
	if got := incr(t, c, "k", -1, time.Hour); got != 2 {
		t.Fatalf("Incr(-1) = %d, want 2", got)
	}
	if got := get(t, c, "k", time.Hour); got != 2 {
		t.Fatalf("Get = %d, want 2", got)
	}
}

func counterBadWindow(t *testing.T, newCounter NewCounter) {
	c := newCounter(t, time.Now)
	if _, err := c.Incr(ctx, "k", 1, 0); err == nil {
		t.Error("Incr with a zero window succeeded")
	}
	if _, err := c.Get(ctx, "k", -time.Second); err == nil {
		t.Error("Get with a negative window succeeded")
	}
}

func counterConcurrent(t *testing.T, newCounter NewCounter, workers, each int) {
	clk := NewClock(at(10, 0, 0))
	c := newCounter(t, clk.Now)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if _, err := c.Incr(ctx, "shared", 1, time.Hour); err != nil {
					t.Error(err)
					return
				}
				_, _ = c.Incr(ctx, fmt.Sprint("own", w), 1, time.Hour)
				_, _ = c.Get(ctx, "shared", time.Hour)
				if i == each/2 && w == 0 {
					clk.Advance(time.Second) // still the same window
				}
			}
		})
	}
	wg.Wait()
	if got := get(t, c, "shared", time.Hour); got != workers*each {
		t.Fatalf("shared = %d, want %d: increments were lost", got, workers*each)
	}
	for w := range workers {
		if got := get(t, c, fmt.Sprint("own", w), time.Hour); got != each {
			t.Errorf("own%d = %d, want %d", w, got, each)
		}
	}
}

// NewNonces returns an empty nonce store, private to the test, and advance,
// which moves the store's notion of time forward by d (a fake clock, a
// fast-forwarded server, or plain waiting).
type NewNonces func(t *testing.T) (n domain.Nonces, advance func(d time.Duration))

// RunNonces runs the Nonces suite. ttl is the lifetime the expiry test
// gives its keys: short for an engine whose advance waits.
func RunNonces(t *testing.T, newNonces NewNonces, ttl time.Duration) {
	n, advance := newNonces(t)
	claim := func(key string, ttl time.Duration) bool {
		t.Helper()
		ok, err := n.Claim(ctx, key, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("a", ttl) {
		t.Fatal("first claim refused")
	}
	if claim("a", ttl) {
		t.Fatal("second claim accepted")
	}
	if !claim("b", ttl) {
		t.Fatal("another key refused")
	}
	// OAuth 1.0a keys join parts with NUL and may be long.
	long := "oauth1:key\x00token\x00" + string(make([]byte, 4096))
	if !claim(long, ttl) || claim(long, ttl) {
		t.Fatal("a long key with NULs is not claimed exactly once")
	}
	if !claim(long+"x", ttl) {
		t.Fatal("a key differing in its last byte was refused")
	}
	advance(ttl / 2)
	if claim("a", ttl) {
		t.Fatal("claim accepted before expiry")
	}
	advance(ttl/2 + 10*time.Millisecond)
	if !claim("a", ttl) {
		t.Fatal("claim refused after expiry")
	}

	// Concurrent claims of one key: exactly one wins.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			ok, err := n.Claim(ctx, "race", time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if w := wins.Load(); w != 1 {
		t.Fatalf("%d concurrent claims of one key won, want 1", w)
	}
}
