// Package memory holds in-process cache engines: the fixed-window Counter
// behind rate limits.
package memory

import (
	"context"
	"sync"
	"time"
)

// Counter implements domain.Counter with fixed windows aligned to the epoch.
type Counter struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]entry
	n   int
}

type entry struct {
	window int64 // window start, unix nanoseconds
	count  int
}

// NewCounter builds a counter on the given clock (time.Now when nil).
func NewCounter(now func() time.Time) *Counter {
	if now == nil {
		now = time.Now
	}
	return &Counter{now: now, m: make(map[string]entry)}
}

func (c *Counter) start(window time.Duration) int64 {
	return c.now().Truncate(window).UnixNano()
}

// Incr implements domain.Counter.
func (c *Counter) Incr(_ context.Context, key string, n int, window time.Duration) (int, error) {
	ws := c.start(window)
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[key]
	if e.window != ws {
		e = entry{window: ws}
	}
	e.count += n
	c.m[key] = e
	c.n++
	if c.n%4096 == 0 {
		c.sweep()
	}
	return e.count, nil
}

// Get implements domain.Counter.
func (c *Counter) Get(_ context.Context, key string, window time.Duration) (int, error) {
	ws := c.start(window)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok && e.window == ws {
		return e.count, nil
	}
	return 0, nil
}

// sweep drops entries of windows that ended more than a day ago (the longest
// window in use), so keys do not accumulate.
func (c *Counter) sweep() {
	cutoff := c.now().Add(-25 * time.Hour).UnixNano()
	for k, e := range c.m {
		if e.window < cutoff {
			delete(c.m, k)
		}
	}
}
