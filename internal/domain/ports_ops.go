package domain

import (
	"context"
	"time"
)

// NodeLease is one process's hold on a node number of the id layout, so that
// no two live processes make ids as the same node (two processes on one
// number make the same id whenever they make one in the same millisecond).
//
// Two clocks are involved on purpose. Since and Expires are read from the
// leasing store's clock, the one clock every process shares, so whether a
// lease has run out does not depend on whose clock asks. Floor and Ceiling
// are Unix milliseconds of the ids' own clock (the holder's): the holder
// makes no id at or after its Ceiling, and the next holder of the number
// makes none before it (that is its Floor), so ids of successive holders
// never meet, whatever their clocks say and however late a stalled holder
// wakes up.
type NodeLease struct {
	Node    int
	Holder  string // random token of the holding process
	PID     int
	Host    string
	Purpose string // "weibo serve", "weibo user create", ...
	Since   time.Time
	Expires time.Time
	Floor   int64
	Ceiling int64
}

// NodeLeases hands out node numbers to live processes. The SQL store keeps a
// row per number (SQLite and PostgreSQL alike); a Redis engine can keep a key
// per number when nodes scale out.
type NodeLeases interface {
	// AcquireNode leases want.Node (or, when want.Node < 0, the lowest free
	// number in 0..maxNode) to want.Holder for ttl; want's PID, Host, Purpose
	// and Ceiling describe the holder. A number is free when no one ever held
	// it, its holder released it, or its lease expired. The returned lease's
	// Floor is the Ceiling the previous holder left; its Ceiling is at least
	// want.Ceiling and above the Floor. A number held by a live lease is
	// KindConflict, with a message that names the holder; no free number at
	// all is KindUnavailable.
	AcquireNode(ctx context.Context, want NodeLease, maxNode int, ttl time.Duration) (NodeLease, error)
	// RenewNode extends l by ttl from now and raises its Ceiling to ceiling
	// (never lowers it). It is KindNotFound when l.Holder no longer holds
	// l.Node (it expired and another process took it).
	RenewNode(ctx context.Context, l NodeLease, ceiling int64, ttl time.Duration) (NodeLease, error)
	// ReleaseNode frees l.Node and records ceiling (never lower than the
	// Ceiling stored) for the next holder. A lease no longer held is left alone.
	ReleaseNode(ctx context.Context, l NodeLease, ceiling int64) error
}

// IDFence is implemented by id generators that can be unable to hand out
// ids for a while: one whose node lease could not be renewed must stop
// before its Ceiling. Ready waits (bounded by ctx and the generator's own
// patience) until ids can be made, or returns a KindUnavailable error, so
// that a write is refused with "service unavailable" before it starts
// rather than stalling inside its transaction.
type IDFence interface {
	Ready(ctx context.Context) error
}
