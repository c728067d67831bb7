// Package memory holds in-process cache engines: the fixed-window Counter
// behind rate limits. It is right for one node; several nodes share their
// counters through the Redis engine instead.
package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/maypok86/otter/v2"

	"github.com/weibo-server/weibo/internal/domain"
)

// MaxKeys bounds the counters held at once. Under pressure the cache keeps
// the most frequently hit keys, which for rate limiting are the ones that
// matter: a flood of one-off keys cannot push out a busy client's counter.
const MaxKeys = 1 << 20

// Counter is a domain.Counter with fixed windows aligned to the Unix epoch:
// the window of length w containing t is [floor(t/w)*w, floor(t/w)*w + w).
// Each counter expires when its window ends, so keys do not pile up.
type Counter struct {
	now  func() time.Time
	keys *otter.Cache[counterKey, slot]
}

var _ domain.Counter = (*Counter)(nil)

// counterKey includes the window length: the same key counted per hour and
// per day is two counters.
type counterKey struct {
	key    string
	window time.Duration
}

// slot is one key's count in the window starting at start (Unix ns).
type slot struct {
	start int64
	n     int
}

// NewCounter returns a Counter reading time from now (time.Now when nil).
func NewCounter(now func() time.Time) *Counter {
	if now == nil {
		now = time.Now
	}
	return &Counter{
		now: now,
		keys: otter.Must(&otter.Options[counterKey, slot]{
			MaximumSize: MaxKeys,
			// Expire each counter at the end of its window, measured on the
			// same clock that picks the window, so a fake clock in tests
			// expires them too.
			ExpiryCalculator: otter.ExpiryWritingFunc(func(e otter.Entry[counterKey, slot]) time.Duration {
				return max(time.Duration(e.Value.start+int64(e.Key.window)-e.SnapshotAtNano), 1)
			}),
			Clock: clock{now},
		}),
	}
}

// windowStart is floor(now/w)*w in Unix nanoseconds.
func (c *Counter) windowStart(w time.Duration) int64 {
	t := c.now().UnixNano()
	start := t - t%int64(w)
	if t < 0 && t%int64(w) != 0 { // floor, not truncation, before 1970
		start -= int64(w)
	}
	return start
}

// Incr adds n to key's counter in the current window and returns the total.
func (c *Counter) Incr(_ context.Context, key string, n int, window time.Duration) (int, error) {
	if window <= 0 {
		return 0, fmt.Errorf("memory counter: window %v must be positive", window)
	}
	start := c.windowStart(window)
	// Compute makes read-modify-write atomic per key without a global lock.
	v, _ := c.keys.Compute(counterKey{key, window}, func(old slot, found bool) (slot, otter.ComputeOp) {
		if !found || old.start != start {
			old = slot{start: start} // a new window starts from zero
		}
		old.n += n
		return old, otter.WriteOp
	})
	return v.n, nil
}

// Get returns key's counter in the current window (0 if untouched).
func (c *Counter) Get(_ context.Context, key string, window time.Duration) (int, error) {
	if window <= 0 {
		return 0, fmt.Errorf("memory counter: window %v must be positive", window)
	}
	v, ok := c.keys.GetIfPresent(counterKey{key, window})
	if !ok || v.start != c.windowStart(window) {
		return 0, nil
	}
	return v.n, nil
}

// clock lets otter measure expiry on the Counter's clock.
type clock struct{ now func() time.Time }

func (c clock) NowNano() int64 { return c.now().UnixNano() }

// Tick drives otter's periodic clean-up of expired counters on real time,
// whatever the clock says; with a fake clock it simply finds nothing new.
func (c clock) Tick(d time.Duration) <-chan time.Time { return time.Tick(d) }
