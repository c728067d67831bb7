package cachedstore

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// loopBus is an in-process domain.Broadcast joining several stores: a
// message reaches every subscriber but its publisher's, synchronously.
type loopBus struct {
	mu   sync.Mutex
	subs []loopSub
}

type loopSub struct {
	node  int
	topic string
	fn    func([]byte)
	reset func()
}

// node returns the Broadcast of one node on b.
func (b *loopBus) node(n int) domain.Broadcast { return loopNode{b, n} }

type loopNode struct {
	b *loopBus
	n int
}

func (l loopNode) Publish(_ context.Context, topic string, msg []byte) error {
	l.b.mu.Lock()
	subs := append([]loopSub(nil), l.b.subs...)
	l.b.mu.Unlock()
	for _, s := range subs {
		if s.node != l.n && s.topic == topic {
			s.fn(msg)
		}
	}
	return nil
}

func (l loopNode) Subscribe(topic string, fn func([]byte), reset func()) {
	l.b.mu.Lock()
	l.b.subs = append(l.b.subs, loopSub{node: l.n, topic: topic, fn: fn, reset: reset})
	l.b.mu.Unlock()
}

// twoNodes returns two caches over one inner store, joined by a bus, with a
// TTL long enough that only the bus can explain a fresh read.
func twoNodes(t *testing.T) (a, b *Store, bus *loopBus) {
	t.Helper()
	f := newFake()
	bus = &loopBus{}
	a = New(f, Options{TTL: time.Hour, Broadcast: bus.node(1)})
	b = New(f, Options{TTL: time.Hour, Broadcast: bus.node(2)})
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	return a, b, bus
}

// TestRemoteInvalidation: what a transaction on node A changes is gone from
// node B's cache once A's InTx has returned (the loop bus delivers at once).
func TestRemoteInvalidation(t *testing.T) {
	a, b, _ := twoNodes(t)
	ctx := context.Background()

	// B caches a status, a user, a relationship and a token.
	if st := must(b.StatusByID(ctx, 5)); st.Deleted {
		t.Fatal("status 5 deleted already")
	}
	must(b.UserByID(ctx, 7))
	if r := must(b.Relationships(ctx, 3, []int64{4})); r[4].Following {
		t.Fatal("3 follows 4 already")
	}
	must(b.TokenByAccessHash(ctx, "h1"))

	commit(t, a, func(ctx context.Context, tx domain.Tx) error {
		if err := tx.MarkStatusDeleted(ctx, 5); err != nil {
			return err
		}
		if err := tx.Follow(ctx, 3, 4, time.Now(), ""); err != nil {
			return err
		}
		return tx.RevokeTokens(ctx, 1, 1)
	})

	if st := must(b.StatusByID(ctx, 5)); !st.Deleted {
		t.Error("node B still serves status 5 as not deleted")
	}
	if r := must(b.Relationships(ctx, 3, []int64{4})); !r[4].Following {
		t.Error("node B still says 3 does not follow 4")
	}
	if tok, err := b.TokenByAccessHash(ctx, "h1"); err == nil && !tok.Revoked {
		t.Error("node B still serves token h1 as not revoked")
	}
	// What the transaction did not touch stays warm.
	if n := inner(b.inner.(*fakeStore), func() { must(b.UserByID(ctx, 7)) }); n != 0 {
		t.Errorf("user 7 was reloaded (%d inner reads): only the touched keys go", n)
	}
}

// TestRemoteReset: a reset (messages may have been lost) empties every cache.
func TestRemoteReset(t *testing.T) {
	_, b, bus := twoNodes(t)
	ctx := context.Background()
	f := b.inner.(*fakeStore)
	must(b.StatusByID(ctx, 5))
	must(b.UserByID(ctx, 3))
	for _, s := range bus.subs {
		if s.node == 2 {
			s.reset()
		}
	}
	if n := inner(f, func() { must(b.StatusByID(ctx, 5)); must(b.UserByID(ctx, 3)) }); n != 2 {
		t.Fatalf("after a reset %d inner reads, want 2", n)
	}
}

// TestWireKeysRoundTrip: every kind of key survives the trip between nodes;
// a kind added to keys without a place in wireKeys fails here.
func TestWireKeysRoundTrip(t *testing.T) {
	k := &keys{statuses: []int64{1}, users: []int64{2}, rels: []relKey{{3, 4}}, members: []memberKey{{5, 6}},
		groups: []int64{7}, tokens: []string{"h"}, revoked: []userApp{{8, 9}}, appKeys: []string{"k"},
		appIDs: []int64{10}, favs: []int64{11}, filters: []int64{12}}
	v := reflect.ValueOf(*k)
	for i := range v.NumField() {
		if v.Field(i).Len() == 0 {
			t.Fatalf("test keys leave %s empty", v.Type().Field(i).Name)
		}
	}
	if got := k.wire().keys(); !reflect.DeepEqual(got, k) {
		t.Fatalf("round trip: %+v, want %+v", got, k)
	}
	if !(&keys{}).empty() || k.empty() {
		t.Fatal("empty() is wrong")
	}
}
