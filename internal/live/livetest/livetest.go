// Package livetest is the conformance suite every domain.Live engine
// passes (live/memory, live/nats). An engine is opened as two hubs, the
// publishing node's and the subscribing node's: for the in-process hub they
// are one and the same; for a hub that crosses nodes they are two
// connections, so the suite proves a notice published on node A reaches a
// stream open on node B.
package livetest

import (
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Pair is the publishing and the subscribing node's hub.
type Pair struct {
	Pub, Sub domain.Live
}

// Run runs the suite; open returns a fresh pair for each subtest.
func Run(t *testing.T, open func(t *testing.T) Pair) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, p Pair)
	}{
		{"Delivers", testDelivers},
		{"EveryStreamOfTheUser", testEveryStream},
		{"Cancel", testCancel},
		{"SlowStreamNeverBlocks", testSlow},
		{"ManyUsers", testManyUsers},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// wait is how long a notice may take to cross nodes in a test.
const wait = 5 * time.Second

func recv(t *testing.T, ch <-chan domain.LiveNotice) domain.LiveNotice {
	t.Helper()
	select {
	case n := <-ch:
		return n
	case <-time.After(wait):
		t.Fatal("no notice arrived")
		return domain.LiveNotice{}
	}
}

func publish(t *testing.T, p Pair, ns ...domain.LiveNotice) {
	t.Helper()
	if err := p.Pub.Publish(t.Context(), ns); err != nil {
		t.Fatalf("Publish: %v", err)
	}
}

func testDelivers(t *testing.T, p Pair) {
	mine, cancel := p.Sub.Subscribe(1)
	defer cancel()
	other, cancelOther := p.Sub.Subscribe(2)
	defer cancelOther()
	marker, cancelMarker := p.Sub.Subscribe(99)
	defer cancelMarker()
	publish(t, p, domain.LiveNotice{UserID: 1, Kind: domain.LiveHome, StatusID: 1 << 52},
		domain.LiveNotice{UserID: 3, Kind: domain.LiveUnread})
	if n := recv(t, mine); n != (domain.LiveNotice{UserID: 1, Kind: domain.LiveHome, StatusID: 1 << 52}) {
		t.Fatalf("got %+v", n)
	}
	// The user with no notice gets none: published after user 1's and user
	// 3's, the marker arrives after them.
	publish(t, p, domain.LiveNotice{UserID: 99, Kind: domain.LiveUnread})
	recv(t, marker)
	select {
	case n := <-other:
		t.Fatalf("user 2 got %+v", n)
	default:
	}
}

func testEveryStream(t *testing.T, p Pair) {
	a, cancelA := p.Sub.Subscribe(7)
	defer cancelA()
	b, cancelB := p.Sub.Subscribe(7)
	defer cancelB()
	publish(t, p, domain.LiveNotice{UserID: 7, Kind: domain.LiveUnread})
	recv(t, a)
	recv(t, b)
	// One publish is one notice per stream, not one per stream per stream.
	marker, cancelM := p.Sub.Subscribe(98)
	defer cancelM()
	publish(t, p, domain.LiveNotice{UserID: 98, Kind: domain.LiveUnread})
	recv(t, marker)
	for _, ch := range []<-chan domain.LiveNotice{a, b} {
		select {
		case n := <-ch:
			t.Fatalf("a second copy: %+v", n)
		default:
		}
	}
}

func testCancel(t *testing.T, p Pair) {
	a, cancelA := p.Sub.Subscribe(5)
	b, cancelB := p.Sub.Subscribe(5)
	defer cancelB()
	marker, cancelM := p.Sub.Subscribe(97)
	defer cancelM()
	cancelA()
	cancelA() // twice is harmless
	publish(t, p, domain.LiveNotice{UserID: 5, Kind: domain.LiveUnread})
	recv(t, b) // the other stream of the user still hears
	publish(t, p, domain.LiveNotice{UserID: 97, Kind: domain.LiveUnread})
	recv(t, marker)
	select {
	case n := <-a:
		t.Fatalf("a cancelled stream got %+v", n)
	default:
	}
	cancelB()
	// With no stream left, a user's notices go nowhere, without error.
	publish(t, p, domain.LiveNotice{UserID: 5, Kind: domain.LiveUnread})
	// And the user can subscribe again.
	c, cancelC := p.Sub.Subscribe(5)
	defer cancelC()
	publish(t, p, domain.LiveNotice{UserID: 5, Kind: domain.LiveHome, StatusID: 3})
	// (The notice published while no stream was open may still have been
	// in flight to this node; it is a hint, and arriving late is allowed.)
	for n := recv(t, c); n.StatusID != 3; n = recv(t, c) {
		if n.Kind != domain.LiveUnread {
			t.Fatalf("after resubscribing: %+v", n)
		}
	}
}

// testSlow: a stream nobody reads loses notices past its buffer; neither
// publishing nor the user's other streams wait for it.
func testSlow(t *testing.T, p Pair) {
	stuck, cancelS := p.Sub.Subscribe(4)
	defer cancelS()
	live, cancelL := p.Sub.Subscribe(4)
	defer cancelL()
	const n = 200
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			if err := p.Pub.Publish(t.Context(), []domain.LiveNotice{{UserID: 4, Kind: domain.LiveHome, StatusID: int64(i + 1)}}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("Publish blocked on a stream nobody reads")
	}
	// Once everything published has been handed out (the marker, published
	// last, has arrived), the stuck stream holds a full buffer and the
	// other, drained, hears the next notice at once.
	marker, cancelM := p.Sub.Subscribe(96)
	defer cancelM()
	publish(t, p, domain.LiveNotice{UserID: 96, Kind: domain.LiveUnread})
	recv(t, marker)
	if len(stuck) != cap(stuck) {
		t.Fatalf("the stuck stream holds %d of %d", len(stuck), cap(stuck))
	}
	for len(live) > 0 {
		<-live
	}
	publish(t, p, domain.LiveNotice{UserID: 4, Kind: domain.LiveHome, StatusID: n + 1})
	if got := recv(t, live); got.StatusID != n+1 {
		t.Fatalf("after draining: %+v", got)
	}
}

func testManyUsers(t *testing.T, p Pair) {
	const users = 50
	chans := make([]<-chan domain.LiveNotice, users)
	for i := range users {
		ch, cancel := p.Sub.Subscribe(int64(1000 + i))
		defer cancel()
		chans[i] = ch
	}
	var batch []domain.LiveNotice
	for i := range users {
		batch = append(batch, domain.LiveNotice{UserID: int64(1000 + i), Kind: domain.LiveHome, StatusID: int64(i)})
	}
	publish(t, p, batch...)
	for i, ch := range chans {
		if n := recv(t, ch); n.UserID != int64(1000+i) || n.StatusID != int64(i) {
			t.Fatalf("user %d got %+v", 1000+i, n)
		}
	}
}
