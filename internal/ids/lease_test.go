package ids

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// memLeases is domain.NodeLeases in memory, with its own settable clock
// (the "database's" clock), for the generator's side of the protocol. The
// SQL store's side is in storetest.
type memLeases struct {
	mu    sync.Mutex
	now   time.Time
	rows  map[int]domain.NodeLease
	renew error // when set, RenewNode fails with it
}

func newMemLeases(now time.Time) *memLeases {
	return &memLeases{now: now, rows: make(map[int]domain.NodeLease)}
}

func (m *memLeases) free(l domain.NodeLease) bool { return l.Holder == "" || l.Expires.Before(m.now) }

func (m *memLeases) AcquireNode(_ context.Context, want domain.NodeLease, maxNode int, ttl time.Duration) (domain.NodeLease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	take := func(n int) domain.NodeLease {
		old := m.rows[n]
		l := want
		l.Node, l.Since, l.Expires, l.Floor = n, m.now, m.now.Add(ttl), old.Ceiling
		l.Ceiling = max(want.Ceiling, old.Ceiling+ttl.Milliseconds())
		m.rows[n] = l
		return l
	}
	if want.Node >= 0 {
		if old, ok := m.rows[want.Node]; ok && !m.free(old) {
			return domain.NodeLease{}, &domain.Error{Kind: domain.KindConflict, Msg: fmt.Sprintf("node %d is leased to pid %d", want.Node, old.PID)}
		}
		return take(want.Node), nil
	}
	for n := 0; n <= maxNode; n++ {
		if old, ok := m.rows[n]; !ok || m.free(old) {
			return take(n), nil
		}
	}
	return domain.NodeLease{}, &domain.Error{Kind: domain.KindUnavailable, Msg: "all leased"}
}

func (m *memLeases) RenewNode(_ context.Context, l domain.NodeLease, ceiling int64, ttl time.Duration) (domain.NodeLease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.renew != nil {
		return domain.NodeLease{}, m.renew
	}
	cur := m.rows[l.Node]
	if cur.Holder != l.Holder {
		return domain.NodeLease{}, &domain.Error{Kind: domain.KindNotFound, Msg: "not yours"}
	}
	cur.Expires, cur.Ceiling = m.now.Add(ttl), max(cur.Ceiling, ceiling)
	m.rows[l.Node] = cur
	return cur, nil
}

func (m *memLeases) ReleaseNode(_ context.Context, l domain.NodeLease, ceiling int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur := m.rows[l.Node]
	if cur.Holder == l.Holder {
		cur.Holder, cur.Expires, cur.Ceiling = "", time.Time{}, max(cur.Ceiling, ceiling)
		m.rows[l.Node] = cur
	}
	return nil
}

// syncClock is a settable clock safe to read from several goroutines.
type syncClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *syncClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *syncClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func mustLease(t *testing.T, m *memLeases, clock *syncClock, node int) *Lease {
	t.Helper()
	l, err := NewLease(context.Background(), m, LeaseOptions{Node: node, Purpose: "test", PID: 7, TTL: time.Minute, Now: clock.now})
	if err != nil {
		t.Fatalf("NewLease(%d): %v", node, err)
	}
	return l
}

// Two live processes get two numbers; a number given by hand that a live
// process holds is refused.
func TestLeaseDistinctNodes(t *testing.T) {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	m, clock := newMemLeases(start), &syncClock{t: start}
	a, b := mustLease(t, m, clock, -1), mustLease(t, m, clock, -1)
	if a.Node() == b.Node() {
		t.Fatalf("two leases on node %d", a.Node())
	}
	if id := b.Next(); nodeOf(id) != b.Node() {
		t.Errorf("id %d made as node %d, leased %d", id, nodeOf(id), b.Node())
	}
	_, err := NewLease(context.Background(), m, LeaseOptions{Node: a.Node(), Now: clock.now})
	if !domain.IsKind(err, domain.KindConflict) || !strings.Contains(err.Error(), "pid 7") {
		t.Fatalf("a held node given by hand: %v", err)
	}
	if _, err := NewLease(context.Background(), m, LeaseOptions{Node: MaxNode + 1}); err == nil {
		t.Error("node out of range accepted")
	}
}

func nodeOf(id int64) int { return int(id>>seqBits) & MaxNode }

// The next holder of a number starts at the ceiling its previous holder
// left, even when its own clock is behind: ids of the two never meet.
func TestLeaseFloorFromPreviousHolder(t *testing.T) {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	m, clock := newMemLeases(start), &syncClock{t: start}
	a := mustLease(t, m, clock, 3)
	var last int64
	for range 1000 { // spans several milliseconds: 128 ids each
		last = a.Next()
	}
	if err := a.Release(context.Background()); err != nil {
		t.Fatal(err)
	}
	// b's clock is a minute behind a's.
	behind := &syncClock{t: start.Add(-time.Minute)}
	b := mustLease(t, m, behind, 3)
	if first := b.Next(); first <= last {
		t.Fatalf("next holder's first id %d <= previous holder's last %d", first, last)
	}

	// A holder that died without releasing: its number expires, and the
	// next one starts at its stored ceiling, a lease length ahead.
	c := mustLease(t, m, clock, 5)
	made := c.Next()
	m.mu.Lock()
	m.now = m.now.Add(2 * time.Minute)
	m.mu.Unlock()
	d := mustLease(t, m, behind, 5)
	if first := d.Next(); first <= made || TimeOf(first).Before(TimeOf(made).Add(time.Minute)) {
		t.Fatalf("after an expired lease: first id %d at %v, dead holder's %d at %v", first, TimeOf(first), made, TimeOf(made))
	}
}

// A holder that cannot renew stops at its ceiling: Ready answers
// unavailable and Next gives up instead of making an id the next holder
// could make too; a renewal lets both go on.
func TestLeaseFenceAtCeiling(t *testing.T) {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	m, clock := newMemLeases(start), &syncClock{t: start}
	l := mustLease(t, m, clock, -1)
	l.fenceWait = time.Millisecond // give up at once: the test is about the outcome, not the wait
	if err := l.Ready(context.Background()); err != nil {
		t.Fatalf("Ready under the ceiling: %v", err)
	}
	stored := l.Current().Ceiling
	clock.add(2 * time.Minute) // past the ceiling, never renewed
	if err := l.Ready(context.Background()); !domain.IsKind(err, domain.KindUnavailable) {
		t.Fatalf("Ready past the ceiling: %v", err)
	}
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("Next made an id past the lease's ceiling")
			}
		}()
		id := l.Next()
		t.Errorf("id %d at %v, ceiling %v", id, TimeOf(id), time.UnixMilli(stored))
	}()

	m.mu.Lock()
	m.renew = &domain.Error{Kind: domain.KindInternal, Msg: "database down"}
	m.mu.Unlock()
	if err := l.renew(context.Background()); err == nil {
		t.Fatal("renew with the database down succeeded")
	}
	m.mu.Lock()
	m.renew = nil
	m.mu.Unlock()
	if err := l.renew(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := l.Ready(context.Background()); err != nil {
		t.Fatalf("Ready after renewal: %v", err)
	}
	if id := l.Next(); TimeOf(id).Before(time.UnixMilli(stored)) {
		t.Errorf("id after renewal %v", TimeOf(id))
	}

	// A waiter at the ceiling is woken by the renewal.
	clock.add(2 * time.Minute)
	l.fenceWait = time.Hour
	got := make(chan int64)
	go func() { got <- l.Next() }()
	ready := make(chan error)
	go func() { ready <- l.Ready(context.Background()) }()
	if err := l.renew(context.Background()); err != nil {
		t.Fatal(err)
	}
	if id := <-got; nodeOf(id) != l.Node() {
		t.Errorf("woken Next: node %d", nodeOf(id))
	}
	if err := <-ready; err != nil {
		t.Errorf("woken Ready: %v", err)
	}
}

// A holder that finds its number taken (it stalled past its lease) leases
// another and goes on, its ids still increasing.
func TestLeaseLostAndReplaced(t *testing.T) {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	m, clock := newMemLeases(start), &syncClock{t: start}
	a := mustLease(t, m, clock, -1)
	before := a.Next()
	m.mu.Lock()
	m.now = m.now.Add(2 * time.Minute) // a's lease expired
	m.mu.Unlock()
	b := mustLease(t, m, clock, a.Node())
	if err := a.renew(context.Background()); !domain.IsKind(err, domain.KindNotFound) {
		t.Fatalf("renewing a number taken over: %v", err)
	}
	// What Run does on that answer.
	if err := a.acquire(context.Background(), -1); err != nil {
		t.Fatal(err)
	}
	if a.Node() == b.Node() {
		t.Fatalf("both on node %d", a.Node())
	}
	after := a.Next()
	if after <= before || nodeOf(after) != a.Node() {
		t.Fatalf("id after the change %d (node %d), before %d", after, nodeOf(after), before)
	}
}

// Run renews on its own schedule and stops with its context.
func TestLeaseRunRenews(t *testing.T) {
	start := time.Now()
	m := newMemLeases(start)
	l, err := NewLease(context.Background(), m, LeaseOptions{TTL: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	first := l.Current().Expires
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.Run(ctx); close(done) }()
	for l.Current().Expires.Equal(first) {
		m.mu.Lock()
		m.now = m.now.Add(time.Millisecond) // the store's clock moves; renewals move the expiry
		m.mu.Unlock()
		time.Sleep(time.Millisecond) // yield to Run's timer: polling a condition
	}
	cancel()
	<-done
}
