package redis_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	cacheredis "github.com/weibo-server/weibo/internal/cache/redis"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

// inbox collects what a bus delivers on one topic.
type inbox struct {
	mu     sync.Mutex
	msgs   []string
	at     []time.Time
	resets int
	ch     chan struct{}
}

func newInbox() *inbox { return &inbox{ch: make(chan struct{}, 1000)} }

func (i *inbox) fn(msg []byte) {
	i.mu.Lock()
	i.msgs = append(i.msgs, string(msg))
	i.at = append(i.at, time.Now())
	i.mu.Unlock()
	i.ch <- struct{}{}
}

func (i *inbox) reset() {
	i.mu.Lock()
	i.resets++
	i.mu.Unlock()
	i.ch <- struct{}{}
}

// wait waits until cond holds of the inbox.
func (i *inbox) wait(t *testing.T, what string, cond func(*inbox) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		i.mu.Lock()
		ok := cond(i)
		i.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-i.ch:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func startBus(t *testing.T, c goredis.UniversalClient, prefix string) *cacheredis.Bus {
	t.Helper()
	b := cacheredis.NewBus(c, prefix, nil)
	return b
}

func run(t *testing.T, b *cacheredis.Bus) {
	t.Helper()
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
}

// TestBus: a message reaches the other nodes' handlers of its topic, in
// publish order, and never its publisher's own; and how long it takes.
func TestBus(t *testing.T) {
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			a, b, c := startBus(t, e.Client, e.Prefix), startBus(t, e.Client, e.Prefix), startBus(t, e.Client, e.Prefix)
			other := startBus(t, e.Client, e.Prefix+"other:") // another deployment
			inA, inB, inC, inOther, inBx := newInbox(), newInbox(), newInbox(), newInbox(), newInbox()
			a.Subscribe("cache", inA.fn, inA.reset)
			b.Subscribe("cache", inB.fn, inB.reset)
			b.Subscribe("x", inBx.fn, inBx.reset)
			c.Subscribe("cache", inC.fn, inC.reset)
			other.Subscribe("cache", inOther.fn, inOther.reset)
			for _, x := range []*cacheredis.Bus{a, b, c, other} {
				run(t, x)
			}
			const n = 200
			sent := make([]time.Time, n)
			for i := range n {
				sent[i] = time.Now()
				if err := a.Publish(ctx, "cache", fmt.Appendf(nil, "m %d", i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.Publish(ctx, "x", []byte("for x")); err != nil {
				t.Fatal(err)
			}
			inBx.wait(t, "b's x message", func(i *inbox) bool { return len(i.msgs) == 1 })
			for name, in := range map[string]*inbox{"b": inB, "c": inC} {
				in.wait(t, name+"'s messages", func(i *inbox) bool { return len(i.msgs) == n })
				for i, m := range in.msgs {
					if m != fmt.Sprintf("m %d", i) {
						t.Fatalf("%s: message %d is %q: out of order", name, i, m)
					}
				}
			}
			if len(inA.msgs) != 0 || len(inOther.msgs) != 0 {
				t.Fatalf("publisher got %d of its own messages, another deployment %d", len(inA.msgs), len(inOther.msgs))
			}
			if inBx.msgs[0] != "for x" || len(inB.msgs) != n {
				t.Fatalf("topics mixed: %q", inBx.msgs)
			}
			inB.mu.Lock()
			lat := make([]time.Duration, n)
			for i := range n {
				lat[i] = inB.at[i].Sub(sent[i])
			}
			inB.mu.Unlock()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			t.Logf("publish → delivered on another node (%s, %d messages): median %v, p99 %v, max %v",
				e.Name, n, lat[n/2], lat[n*99/100], lat[n-1])
		})
	}
}

// TestBusResetAfterReconnect: when the subscription's connection is lost
// and restored, every handler's reset runs (what was published meanwhile
// is gone), and messages flow again.
func TestBusResetAfterReconnect(t *testing.T) {
	e := redistest.Mini(t)
	ctx := context.Background()
	a, b := startBus(t, e.Client, e.Prefix), startBus(t, e.Client, e.Prefix)
	in := newInbox()
	b.Subscribe("cache", in.fn, in.reset)
	run(t, a)
	run(t, b)
	if err := a.Publish(ctx, "cache", []byte("before")); err != nil {
		t.Fatal(err)
	}
	in.wait(t, "the first message", func(i *inbox) bool { return len(i.msgs) == 1 })
	e.Mini.Close() // drops every connection
	if err := e.Mini.Restart(); err != nil {
		t.Fatal(err)
	}
	in.wait(t, "a reset", func(i *inbox) bool { return i.resets >= 1 })
	// Published after the resubscription, it arrives.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_ = a.Publish(ctx, "cache", []byte("after"))
		in.mu.Lock()
		got := slices.Contains(in.msgs, "after")
		in.mu.Unlock()
		if got {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no message arrives after the reconnection")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
