package memory

import (
	"context"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// MaxNonces bounds the nonces held at once. Only requests whose signature
// verified claim one, so only holders of valid credentials can fill the set,
// and the rate limits bound how fast; past the bound Claim refuses
// (Unavailable) rather than forget a nonce still in its window, which
// would let a captured request be replayed.
const MaxNonces = 1 << 21

// Nonces is a domain.Nonces held in the process: right for one node (the
// nonces of several nodes would live in Redis).
type Nonces struct {
	now func() time.Time

	mu      sync.Mutex
	keys    map[string]int64 // key → expiry, Unix ns
	swept   int64            // when expired keys were last dropped
	sweepAt int              // size that triggers a sweep before then
}

var _ domain.Nonces = (*Nonces)(nil)

// NewNonces returns an empty set reading time from now (time.Now when nil).
func NewNonces(now func() time.Time) *Nonces {
	if now == nil {
		now = time.Now
	}
	return &Nonces{now: now, keys: map[string]int64{}, sweepAt: 1024}
}

// Claim records key until ttl passes; false if it is recorded and live.
func (n *Nonces) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := n.now().UnixNano()
	n.mu.Lock()
	defer n.mu.Unlock()
	if exp, ok := n.keys[key]; ok && exp > now {
		return false, nil
	}
	// Drop the expired keys once a second at most, or when the set has
	// doubled since the last sweep: amortized O(1) per claim.
	if len(n.keys) >= n.sweepAt || now-n.swept > int64(time.Second) && len(n.keys) > 0 {
		for k, exp := range n.keys {
			if exp <= now {
				delete(n.keys, k)
			}
		}
		n.swept = now
		n.sweepAt = max(1024, 2*len(n.keys))
	}
	if len(n.keys) >= MaxNonces {
		return false, domain.E(domain.KindUnavailable, domain.ReasonNone, "too many nonces in flight")
	}
	n.keys[key] = now + int64(ttl)
	return true, nil
}
