package memory

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/cache/cachetest"
	"github.com/weibo-server/weibo/internal/domain"
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

// TestCounterConformance runs the domain.Counter suite every engine passes.
func TestCounterConformance(t *testing.T) {
	cachetest.RunCounter(t, func(t *testing.T, now func() time.Time) domain.Counter { return NewCounter(now) }, 8, 1000)
}

// TestNoncesConformance runs the domain.Nonces suite every engine passes.
func TestNoncesConformance(t *testing.T) {
	cachetest.RunNonces(t, func(t *testing.T) (domain.Nonces, func(time.Duration)) {
		c := newFakeClock(at(12, 0, 0))
		return NewNonces(c.Now), c.Advance
	}, time.Minute)
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

func BenchmarkCounterIncr(b *testing.B) {
	c := NewCounter(nil)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = c.Incr(ctx, "ip:203.0.113.7", 1, time.Hour)
		}
	})
}
