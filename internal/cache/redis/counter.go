package redis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/weibo-server/weibo/internal/domain"
)

// Counter is a domain.Counter in Redis, shared by every node: Sina's fixed
// windows aligned to the Unix epoch (as cache/memory's), one key per key,
// window length and window start, counted with INCRBY and expired when the
// window ends. The window is chosen on the node's clock, so nodes must keep
// their clocks in step (NTP) as they must for token expiry anyway.
type Counter struct {
	c      redis.UniversalClient
	prefix string
	now    func() time.Time
}

var _ domain.Counter = (*Counter)(nil)

// expiryGrace keeps a counter a while past its window's end, so that a node
// whose clock runs a little behind the one that made the key still finds it
// while its own clock says the window is open.
const expiryGrace = time.Minute

// NewCounter returns a Counter with keys under prefix ("weibo:" when
// empty), reading time from now (time.Now when nil).
func NewCounter(c redis.UniversalClient, prefix string, now func() time.Time) *Counter {
	if prefix == "" {
		prefix = "weibo:"
	}
	if now == nil {
		now = time.Now
	}
	return &Counter{c: c, prefix: prefix, now: now}
}

// window returns the key of key's counter in the window of length w that
// holds now, and the time left in that window.
func (c *Counter) window(key string, w time.Duration) (string, time.Duration) {
	t := c.now().UnixNano()
	start := t - t%int64(w)
	if t < 0 && t%int64(w) != 0 { // floor, not truncation, before 1970
		start -= int64(w)
	}
	// The caller's key goes last, after fixed-format numbers, so no key can
	// pose as another's (keys are opaque and may hold ':').
	return c.prefix + "ctr:" + strconv.FormatInt(int64(w), 10) + ":" + strconv.FormatInt(start, 10) + ":" + key,
		time.Duration(start + int64(w) - t)
}

// Incr adds n to key's counter in the current window and returns the total:
// INCRBY and the expiry in one MULTI, one round trip.
//
// The expiry is relative (PEXPIRE to the window's end, measured on the
// node's clock, plus a grace) rather than absolute (EXPIREAT): correctness
// comes from the window start in the key, so the expiry only collects
// garbage, and a relative one cannot delete a live counter the moment it is
// made when the node's clock is ahead of Redis's (or is a test's fake clock).
func (c *Counter) Incr(ctx context.Context, key string, n int, w time.Duration) (int, error) {
	if w <= 0 {
		return 0, fmt.Errorf("redis counter: window %v must be positive", w)
	}
	k, left := c.window(key, w)
	var incr *redis.IntCmd
	_, err := c.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.IncrBy(ctx, k, int64(n))
		p.PExpire(ctx, k, left+expiryGrace)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("redis counter: %w", err)
	}
	return int(incr.Val()), nil
}

// Get returns key's counter in the current window (0 if untouched).
func (c *Counter) Get(ctx context.Context, key string, w time.Duration) (int, error) {
	if w <= 0 {
		return 0, fmt.Errorf("redis counter: window %v must be positive", w)
	}
	k, _ := c.window(key, w)
	v, err := c.c.Get(ctx, k).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("redis counter: %w", err)
	}
	return v, nil
}

// Nonces is a domain.Nonces in Redis: a nonce claimed on one node is spent
// on every node. A claim is one SET NX PX.
type Nonces struct {
	c      redis.UniversalClient
	prefix string
}

var _ domain.Nonces = (*Nonces)(nil)

// NewNonces returns a Nonces with keys under prefix ("weibo:" when empty).
func NewNonces(c redis.UniversalClient, prefix string) *Nonces {
	if prefix == "" {
		prefix = "weibo:"
	}
	return &Nonces{c: c, prefix: prefix}
}

// Claim records key until ttl passes; false if it is recorded and live. The
// key is hashed: a client chooses the nonce, and so the key's length.
func (n *Nonces) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	sum := sha256.Sum256([]byte(key))
	ok, err := n.c.SetNX(ctx, n.prefix+"nonce:"+hex.EncodeToString(sum[:]), 1, max(ttl, time.Millisecond)).Result()
	if err != nil {
		return false, fmt.Errorf("redis nonces: %w", err)
	}
	return ok, nil
}
