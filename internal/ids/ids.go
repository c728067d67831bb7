// Package ids hands out the int64 ids of statuses, comments, users and the
// other objects of Weibo Server, and converts a status id (the "mid") to and
// from the short base62 form used in weibo.com links.
//
// Ids are time-ordered because the Weibo APIs page with since_id/max_id and
// clients rely on a newer object having a larger id. They are unique across
// nodes without coordination because every node has its own node number. And
// they stay below 2^53 because JSON numbers are IEEE doubles in JavaScript:
// an id above 2^53 is silently rounded by a browser client (we still emit
// idstr, but many old clients read id).
//
// Bit layout, most significant first (53 bits used, bits 53–63 always zero):
//
//	| 41 bits: milliseconds since Epoch | 5 bits: node | 7 bits: sequence |
//
// The widths were chosen so:
//   - 41 bits of milliseconds last 69.7 years: from 2024-01-01 UTC until
//     2093-09-06 15:47:35.552 UTC.
//   - 5 bits of node give 32 nodes (0–31), far more than a self-hosted
//     deployment behind one load balancer runs, with room to spare so
//     operators need not reuse numbers.
//   - 7 bits of sequence give 128 ids per millisecond per node, i.e. 128,000
//     ids per second sustained; a burst above that borrows milliseconds from
//     the future (see Generator.Next) instead of failing or blocking.
//
// Sina's own ids of 2013 were around 3.5e15 (about 2^51.6); ours reach that
// magnitude around 2051, so they look familiar to clients while staying under
// the 2^53 ceiling for the whole lifetime above.
package ids

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

const (
	seqBits  = 7
	nodeBits = 5
	msBits   = 41

	maxSeq  = 1<<seqBits - 1
	maxMs   = 1<<msBits - 1
	msShift = nodeBits + seqBits
)

const (
	// MaxNode is the largest node number New accepts.
	MaxNode = 1<<nodeBits - 1

	// MaxID is the largest id the layout can express; every id is <= MaxID < 2^53.
	MaxID = 1<<(msBits+msShift) - 1
)

// Epoch is the zero of the id clock. A recent epoch keeps ids short and
// gives the 41-bit millisecond field its whole lifetime ahead of us.
var Epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

var epochMs = Epoch.UnixMilli()

// Generator hands out ids for one node. It is safe for concurrent use.
type Generator struct {
	node int64
	now  func() time.Time

	// mu guards lastMs and seq. A mutex rather than a CAS loop: it lets the
	// injected clock be called under the lock, so test clocks need no
	// synchronisation of their own, and an uncontended lock costs ~10ns.
	mu     sync.Mutex
	lastMs int64 // millisecond field of the last id handed out; -1 before the first
	seq    int64 // sequence field of the last id handed out

	// limit, when positive, is the millisecond field every id must stay
	// below: the ceiling of the node's lease (see Lease). Next waits at it
	// for the lease to be renewed; raised is closed (and replaced) whenever
	// limit rises or the node changes, to wake the waiters.
	limit     int64
	raised    chan struct{}
	fenceWait time.Duration
}

var _ domain.IDGen = (*Generator)(nil)

// New returns a Generator for node (0..MaxNode) reading the time from now;
// a nil now means time.Now. Two nodes must never share a number: that is the
// only thing that keeps their ids apart.
func New(node int, now func() time.Time) (*Generator, error) {
	if node < 0 || node > MaxNode {
		return nil, fmt.Errorf("ids: node %d out of range 0..%d", node, MaxNode)
	}
	if now == nil {
		now = time.Now
	}
	return &Generator{node: int64(node), now: now, lastMs: -1, raised: make(chan struct{}), fenceWait: defaultFenceWait}, nil
}

// defaultFenceWait is how long Next and Ready wait at the lease's ceiling
// for a renewal before they give up.
const defaultFenceWait = 5 * time.Second

// Node returns the node number the generator makes ids as now.
func (g *Generator) Node() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return int(g.node)
}

// Next returns a new id, strictly greater than every id this Generator
// returned before.
//
// When the clock goes backwards (NTP step, VM migration) Next keeps counting
// in the last millisecond it used rather than reuse a millisecond it may
// already have spent; when the 128 sequence numbers of a millisecond are
// used up it moves on to the next millisecond without waiting for the clock.
// Either way the id's embedded time can run ahead of the wall clock for a
// while, which is harmless for ordering. The one hazard of running ahead is a
// restart within that lead on the same node number: sustained rates above
// 128,000 ids/s are needed to build a lead worth worrying about.
//
// Next panics after 2093-09-06 (see the package comment) rather than emit an
// id at or above 2^53.
//
// Under a lease (see Lease) Next never makes an id at or past the lease's
// ceiling: it waits there for the lease to be renewed, and panics if that
// does not happen within the generator's patience (5 s), which only a
// database unreachable for the whole lease length leads to. Writers go
// through Ready first, which answers "unavailable" instead.
func (g *Generator) Next() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	var give *time.Timer
	for {
		ms, seq := g.step()
		if g.limit <= 0 || ms < g.limit {
			g.lastMs, g.seq = ms, seq
			if give != nil {
				give.Stop()
			}
			return g.lastMs<<msShift | g.node<<seqBits | g.seq
		}
		if give == nil {
			give = time.NewTimer(g.fenceWait)
		}
		raised := g.raised
		g.mu.Unlock()
		select {
		case <-raised:
			g.mu.Lock()
		case <-give.C:
			g.mu.Lock()
			panic(fmt.Sprintf("ids: node %d: no id can be made before the node lease is renewed "+
				"(ceiling %s reached); is the database reachable?", g.node, time.UnixMilli(g.limit+epochMs).UTC().Format(time.RFC3339)))
		}
	}
}

// step computes the next (millisecond, sequence) pair without taking it.
func (g *Generator) step() (ms, seq int64) {
	ms = msSinceEpoch(g.now())
	switch {
	case ms > g.lastMs:
		seq = 0
	case g.seq < maxSeq:
		ms, seq = g.lastMs, g.seq+1
	default:
		ms, seq = g.lastMs+1, 0
	}
	if ms > maxMs {
		panic("ids: clock beyond the 41-bit id lifetime (2093-09-06)")
	}
	return ms, seq
}

// Ready reports whether an id can be made now (domain.IDFence): at once
// without a lease or below its ceiling; at the ceiling it waits for a
// renewal, up to ctx and the generator's patience, then answers
// KindUnavailable.
func (g *Generator) Ready(ctx context.Context) error {
	var give <-chan time.Time
	for {
		g.mu.Lock()
		ms, _ := g.step()
		fenced, raised, node := g.limit > 0 && ms >= g.limit, g.raised, g.node
		g.mu.Unlock()
		if !fenced {
			return nil
		}
		if give == nil {
			t := time.NewTimer(g.fenceWait)
			defer t.Stop()
			give = t.C
		}
		select {
		case <-raised:
		case <-give:
			return &domain.Error{Kind: domain.KindUnavailable,
				Msg: fmt.Sprintf("ids: node %d: the node lease could not be renewed; no ids until it is", node)}
		case <-ctx.Done():
			return &domain.Error{Kind: domain.KindUnavailable, Msg: "ids: waiting for the node lease", Err: ctx.Err()}
		}
	}
}

// fence makes the generator hand out ids as node, at or after floor and
// below ceiling (Unix ms; 0 = no bound). Ids stay increasing across a change
// of node: the first under the new node is in a later millisecond than the
// last under the old one.
func (g *Generator) fence(node int, floor, ceiling int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if int64(node) != g.node && g.lastMs >= 0 {
		// seq = maxSeq: the next id moves to a new millisecond.
		g.seq = maxSeq
	}
	g.node = int64(node)
	if f := floor - epochMs - 1; floor > 0 && f > g.lastMs {
		// seq = maxSeq: the next id is in millisecond f+1, the floor.
		g.lastMs, g.seq = f, maxSeq
	}
	g.limit = 0
	if ceiling > 0 {
		g.limit = max(ceiling-epochMs, 0)
	}
	close(g.raised)
	g.raised = make(chan struct{})
}

// ceiling is the smallest Unix ms above the millisecond of every id handed
// out (and of the floor): what a lease records for the next holder.
func (g *Generator) ceiling() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lastMs + 1 + epochMs
}

// msSinceEpoch clamps times before Epoch to 0, so a clock reset to 1970 still
// yields positive, increasing ids (Next keeps counting from the last one).
func msSinceEpoch(t time.Time) int64 {
	ms := t.UnixMilli() - epochMs
	if ms < 0 {
		return 0
	}
	return ms
}

// TimeOf returns the time embedded in id, in UTC, to the millisecond. For an
// id handed out while the generator ran ahead of the clock it is slightly
// later than the moment of creation.
func TimeOf(id int64) time.Time {
	return time.UnixMilli(id>>msShift + epochMs).UTC()
}

// MinIDAt returns the smallest id any node can generate at t (node 0,
// sequence 0). Paging by time uses it as a bound: an id whose TimeOf is at or
// after t is >= MinIDAt(t), one whose TimeOf is before t is < MinIDAt(t).
// Times before Epoch give 0; times after the lifetime clamp to its last
// millisecond.
func MinIDAt(t time.Time) int64 {
	ms := msSinceEpoch(t)
	if ms > maxMs {
		ms = maxMs
	}
	return ms << msShift
}
