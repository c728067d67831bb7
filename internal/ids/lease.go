package ids

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// LeaseOptions configure a Lease.
type LeaseOptions struct {
	// Node is the number to lease; -1 leases the lowest free one.
	Node int
	// Purpose, PID and Host describe the holder to a process that finds the
	// number taken ("weibo serve", os.Getpid(), os.Hostname()).
	Purpose string
	PID     int
	Host    string
	// TTL is the lease's length; it is renewed every TTL/3. Default 30 s.
	TTL time.Duration
	// Now is the ids' clock; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// DefaultLeaseTTL is the length of a node lease. It decides how soon the
// number of a process that died unannounced (kill -9, power loss) can be
// taken again, and how long a holder that cannot reach the database keeps
// making ids (until its ceiling). Safety does not depend on it: ids of two
// holders of a number are kept apart by the ceiling, whatever the length.
const DefaultLeaseTTL = 30 * time.Second

// Lease is a Generator whose node number is leased through a
// domain.NodeLeases, so that no two live processes make ids as one node.
//
// The guarantee: at every moment the generator's bound (its ceiling) is at
// or below the ceiling stored in the lease, because a new ceiling is stored
// first and applied after; the next holder of the number starts at the
// stored ceiling (its floor). So even a holder that stalls past its lease
// (a paused VM, a stopped process) and wakes up to find its number taken
// makes only ids below what the new holder makes. Renewing moves the
// ceiling to a lease length past the newest id; a holder that cannot renew
// for a whole lease length reaches its ceiling and stops making ids (Ready
// answers KindUnavailable) until it can.
//
// Lease is safe for concurrent use. Run renews it; Release frees the number.
type Lease struct {
	*Generator
	store domain.NodeLeases
	opts  LeaseOptions
	log   *slog.Logger

	mu    sync.Mutex
	lease domain.NodeLease
}

var (
	_ domain.IDGen   = (*Lease)(nil)
	_ domain.IDFence = (*Lease)(nil)
)

// NewLease leases a node number and returns the generator that makes ids as
// it. A number given in opts.Node that a live process holds is refused with
// the store's KindConflict error, which names that process.
func NewLease(ctx context.Context, store domain.NodeLeases, opts LeaseOptions) (*Lease, error) {
	if opts.Node < -1 || opts.Node > MaxNode {
		return nil, fmt.Errorf("ids: node %d out of range -1..%d", opts.Node, MaxNode)
	}
	if opts.TTL <= 0 {
		opts.TTL = DefaultLeaseTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	gen, err := New(0, opts.Now)
	if err != nil {
		return nil, err
	}
	var token [12]byte
	if _, err := rand.Read(token[:]); err != nil {
		return nil, fmt.Errorf("ids: lease holder token: %w", err)
	}
	l := &Lease{Generator: gen, store: store, opts: opts, log: opts.Log}
	l.lease = domain.NodeLease{Holder: hex.EncodeToString(token[:]), PID: opts.PID, Host: opts.Host, Purpose: opts.Purpose}
	if err := l.acquire(ctx, opts.Node); err != nil {
		return nil, err
	}
	l.log.Debug("node number leased", "node", l.Node(), "ttl", opts.TTL)
	return l, nil
}

// acquire leases node (-1: any) and points the generator at it.
func (l *Lease) acquire(ctx context.Context, node int) error {
	l.mu.Lock()
	want := l.lease
	l.mu.Unlock()
	want.Node = node
	want.Ceiling = max(l.opts.Now().UnixMilli(), l.ceiling()) + l.opts.TTL.Milliseconds()
	got, err := l.store.AcquireNode(ctx, want, MaxNode, l.opts.TTL)
	if err != nil {
		return fmt.Errorf("ids: lease a node number: %w", err)
	}
	l.mu.Lock()
	l.lease = got
	l.mu.Unlock()
	l.fence(got.Node, got.Floor, got.Ceiling)
	return nil
}

// Run renews the lease every TTL/3 until ctx ends; a failed renewal is
// tried again every second. Should another process have taken the number
// meanwhile (this one stalled past its lease), it leases another: its ids so
// far are below the ceiling the other one started from.
func (l *Lease) Run(ctx context.Context) {
	every, retry := l.opts.TTL/3, min(time.Second, l.opts.TTL/10)
	t := time.NewTimer(every)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := l.renew(ctx)
		switch {
		case err == nil:
			if failing {
				l.log.Info("node lease renewed again", "node", l.Node())
			}
			failing = false
			t.Reset(every)
			continue
		case ctx.Err() != nil:
			return
		case domain.IsKind(err, domain.KindNotFound):
			old := l.Node()
			l.log.Error("node lease lost to another process; leasing another number", "node", old, "err", err)
			if err = l.acquire(ctx, -1); err == nil {
				l.log.Warn("node number leased after a lost lease", "node", l.Node(), "was", old)
				failing = false
				t.Reset(every)
				continue
			}
		}
		if !failing {
			l.log.Warn("node lease renewal failed; retrying", "node", l.Node(), "err", err)
		}
		failing = true
		t.Reset(retry)
	}
}

// renew extends the lease and moves the ceiling a lease length past now.
func (l *Lease) renew(ctx context.Context) error {
	l.mu.Lock()
	cur := l.lease
	l.mu.Unlock()
	ceiling := max(l.opts.Now().UnixMilli(), l.ceiling()) + l.opts.TTL.Milliseconds()
	got, err := l.store.RenewNode(ctx, cur, ceiling, l.opts.TTL)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.lease = got
	l.mu.Unlock()
	// Stored first, applied now: the bound never passes the stored ceiling.
	l.fence(got.Node, 0, got.Ceiling)
	return nil
}

// Release stops id making and frees the number, recording the ceiling of
// the ids made so the next holder starts after them. Call it once Run has
// returned and nothing makes ids any more; Next panics after it.
func (l *Lease) Release(ctx context.Context) error {
	l.mu.Lock()
	cur := l.lease
	l.mu.Unlock()
	c := l.ceiling()
	l.fence(cur.Node, 0, c)
	if err := l.store.ReleaseNode(ctx, cur, c); err != nil {
		return fmt.Errorf("ids: release node %d: %w", cur.Node, err)
	}
	return nil
}

// Current returns the lease as last stored.
func (l *Lease) Current() domain.NodeLease {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lease
}
