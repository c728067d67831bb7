package memory

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var ctx = context.Background()

// fakeClock is a settable clock safe for concurrent use.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock(t time.Time) *fakeClock {
	c := &fakeClock{}
	c.ns.Store(t.UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }
func (c *fakeClock) Set(t time.Time)         { c.ns.Store(t.UnixNano()) }
func (c *fakeClock) counter() *Counter       { return NewCounter(c.Now) }
func at(hh, mm, ss int) time.Time            { return time.Date(2024, 5, 31, hh, mm, ss, 0, time.UTC) }
func incr(t *testing.T, c *Counter, key string, n int, w time.Duration) int {
	t.Helper()
	v, err := c.Incr(ctx, key, n, w)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func get(t *testing.T, c *Counter, key string, w time.Duration) int {
	t.Helper()
	v, err := c.Get(ctx, key, w)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCounterWindows(t *testing.T) {
	clk := newFakeClock(at(10, 0, 0))
	c := clk.counter()

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

func TestCounterKeysAndWindowLengthsAreSeparate(t *testing.T) {
	clk := newFakeClock(at(10, 30, 0))
	c := clk.counter()
	incr(t, c, "a", 1, time.Hour)
	incr(t, c, "a", 1, 24*time.Hour)
	incr(t, c, "a", 1, 24*time.Hour)
	incr(t, c, "b", 7, time.Hour)
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
	} {
		if got := get(t, c, tt.key, tt.w); got != tt.want {
			t.Errorf("Get(%s, %v) = %d, want %d", tt.key, tt.w, got, tt.want)
		}
	}
}

func TestCounterWindowsAlignToEpoch(t *testing.T) {
	// 15-minute windows: 10:14:59 and 10:15:00 are in different windows,
	// 10:15:00 and 10:29:59 in the same one.
	clk := newFakeClock(at(10, 14, 59))
	c := clk.counter()
	incr(t, c, "k", 1, 15*time.Minute)
	clk.Set(at(10, 15, 0))
	if got := incr(t, c, "k", 1, 15*time.Minute); got != 1 {
		t.Fatalf("Incr at 10:15:00 = %d, want 1 (new window)", got)
	}
	clk.Set(at(10, 29, 59))
	if got := incr(t, c, "k", 1, 15*time.Minute); got != 2 {
		t.Fatalf("Incr at 10:29:59 = %d, want 2 (same window)", got)
	}
}

func TestCounterKeysExpire(t *testing.T) {
	clk := newFakeClock(at(10, 0, 0))
	c := clk.counter()
	for i := range 1000 {
		incr(t, c, fmt.Sprint("k", i), 1, time.Minute)
	}
	c.keys.CleanUp()
	if n := c.keys.EstimatedSize(); n != 1000 {
		t.Fatalf("%d keys before the window ends, want 1000", n)
	}
	clk.Advance(time.Minute)
	c.keys.CleanUp()
	if n := c.keys.EstimatedSize(); n != 0 {
		t.Fatalf("%d keys left after their window ended, want 0", n)
	}
}

func TestCounterRejectsBadWindow(t *testing.T) {
	c := NewCounter(nil)
	if _, err := c.Incr(ctx, "k", 1, 0); err == nil {
		t.Error("Incr with a zero window succeeded")
	}
	if _, err := c.Get(ctx, "k", -time.Second); err == nil {
		t.Error("Get with a negative window succeeded")
	}
}

func TestCounterConcurrent(t *testing.T) {
	clk := newFakeClock(at(10, 0, 0))
	c := clk.counter()
	const workers, each = 8, 1000
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

func BenchmarkCounterIncr(b *testing.B) {
	c := NewCounter(nil)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = c.Incr(ctx, "ip:203.0.113.7", 1, time.Hour)
		}
	})
}
