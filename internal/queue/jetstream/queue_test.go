package jetstream

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"github.com/weibo-server/weibo/internal/domain"
)

// backend opens queues on one NATS: the embedded server always, and the
// external one named by WEIBO_TEST_NATS when it is set (CI, this machine).
type backend struct {
	name string
	// open returns a queue with test defaults under opts; every queue of one
	// test shares the stream, so reopening sees earlier events.
	open func(t *testing.T, opts Options) *Queue
	// restart restarts the server keeping its store, or is nil when the
	// test cannot restart it (an external server).
	restart func(t *testing.T)
}

func testLogger() *slog.Logger {
	// WEIBO_TEST_LOG=debug|info|warn|error prints the queue's log.
	if lv := os.Getenv("WEIBO_TEST_LOG"); lv != "" {
		var level slog.Level
		_ = level.UnmarshalText([]byte(lv))
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.DiscardHandler)
}

// testOptions keep retries and redeliveries short so tests stay fast.
func testOptions(opts Options) Options {
	if opts.AckWait == 0 {
		opts.AckWait = 5 * time.Second
	}
	if opts.Backoff == nil {
		opts.Backoff = []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}
	}
	if opts.DrainTimeout == 0 {
		opts.DrainTimeout = 5 * time.Second
	}
	opts.Logger = testLogger()
	return opts
}

func forEachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	t.Run("embedded", func(t *testing.T) {
		t.Parallel()
		test(t, embeddedBackend(t))
	})
	url := os.Getenv("WEIBO_TEST_NATS")
	if url == "" {
		return
	}
	t.Run("external", func(t *testing.T) {
		t.Parallel()
		test(t, externalBackend(t, url))
	})
}

func embeddedBackend(t *testing.T) backend {
	dir := t.TempDir()
	start := func() *Server {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv, err := StartEmbedded(ctx, dir, testLogger())
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	var mu sync.Mutex
	srv := start()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		srv.Shutdown()
	})
	b := backend{name: "embedded"}
	b.open = func(t *testing.T, opts Options) *Queue {
		mu.Lock()
		s := srv
		mu.Unlock()
		q, err := ConnectEmbedded(t.Context(), s, testOptions(opts))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.Close() })
		return q
	}
	b.restart = func(t *testing.T) {
		mu.Lock()
		defer mu.Unlock()
		srv.Shutdown()
		srv = start()
	}
	return b
}

func externalBackend(t *testing.T, url string) backend {
	// A unique stream and subject space per test lets tests run in parallel
	// and leaves nothing behind on a shared server.
	var buf [6]byte
	_, _ = rand.Read(buf[:])
	id := hex.EncodeToString(buf[:])
	stream, subjects := "WEIBOTEST_"+id, "weibotest."+id

	nc, err := nats.Connect(url, nats.Timeout(5*time.Second))
	if err != nil {
		// Set but unreachable fails the run: CI must not pass by skipping.
		t.Fatalf("WEIBO_TEST_NATS=%s: %v", url, err)
	}
	t.Cleanup(func() {
		js, err := natsjs.New(nc)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err = js.DeleteStream(ctx, stream)
			cancel()
		}
		if err != nil && !errors.Is(err, natsjs.ErrStreamNotFound) {
			t.Errorf("delete stream %s: %v", stream, err)
		}
		nc.Close()
	})
	return backend{
		name: "external",
		open: func(t *testing.T, opts Options) *Queue {
			opts.Stream, opts.SubjectPrefix = stream, subjects
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			q, err := Connect(ctx, url, testOptions(opts))
			if err != nil {
				t.Fatalf("WEIBO_TEST_NATS=%s: %v", url, err)
			}
			t.Cleanup(func() { _ = q.Close() })
			return q
		},
	}
}

func idle(t *testing.T, q *Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := q.Idle(ctx); err != nil {
		t.Fatalf("Idle: %v", err)
	}
}

func publish(t *testing.T, q *Queue, e domain.Event) {
	t.Helper()
	if err := q.Publish(t.Context(), e); err != nil {
		t.Fatalf("Publish(%s): %v", e.ID, err)
	}
}

func event(i int) domain.Event {
	return domain.Event{ID: fmt.Sprintf("ev-%d", i), Type: "status.posted", Payload: fmt.Appendf(nil, `{"n":%d}`, i)}
}

// recorder is a handler that remembers what it saw.
type recorder struct {
	mu    sync.Mutex
	seen  map[string]domain.Event
	calls map[string]int
}

func newRecorder() *recorder {
	return &recorder{seen: map[string]domain.Event{}, calls: map[string]int{}}
}

func (r *recorder) record(e domain.Event) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[e.ID] = e
	r.calls[e.ID]++
	return r.calls[e.ID]
}

func (r *recorder) handle(_ context.Context, e domain.Event) error {
	r.record(e)
	return nil
}

func (r *recorder) count() (unique, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.calls {
		total += n
	}
	return len(r.calls), total
}

// waitPending waits for Pending to settle at want: the consumer's count of
// undelivered messages trails an acknowledged publish by a moment.
func waitPending(t *testing.T, q *Queue, want int) {
	t.Helper()
	var (
		got int
		err error
	)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if got, err = q.Pending(t.Context()); err == nil && got == want {
			return
		}
		select {
		case <-t.Context().Done(): // no wall-clock budget: the test's own timeout
			t.Fatalf("Pending = %d, %v; want %d", got, err, want)
		case <-tick.C:
		}
	}
}

// streamMsgs is how many messages the stream stores.
func streamMsgs(t *testing.T, q *Queue) uint64 {
	t.Helper()
	si, err := q.stream.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return si.State.Msgs
}

func subscribe(t *testing.T, q *Queue, h func(context.Context, domain.Event) error) {
	t.Helper()
	if err := q.Subscribe(t.Context(), h); err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
}

func TestPublishSubscribe(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{})
		rec := newRecorder()
		subscribe(t, q, rec.handle)
		const n = 200
		for i := range n {
			publish(t, q, event(i))
		}
		idle(t, q)
		if unique, total := rec.count(); unique != n || total != n {
			t.Fatalf("handled %d unique / %d total, want %d", unique, total, n)
		}
		want := event(7)
		got := rec.seen[want.ID]
		if got.Type != want.Type || string(got.Payload) != string(want.Payload) {
			t.Errorf("event = %+v, want %+v", got, want)
		}
		waitPending(t, q, 0)
	})
}

func TestDuplicateIDHandledOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{})
		e := event(1)
		publish(t, q, e)
		publish(t, q, e) // an outbox sweeper racing the first publish
		if n := streamMsgs(t, q); n != 1 {
			t.Fatalf("stream holds %d messages, want 1", n)
		}
		rec := newRecorder()
		subscribe(t, q, rec.handle)
		idle(t, q)
		if unique, total := rec.count(); unique != 1 || total != 1 {
			t.Fatalf("handled %d unique / %d total, want 1/1", unique, total)
		}
	})
}

func TestFailedHandlerIsRetried(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{Concurrency: 2})
		rec := newRecorder()
		subscribe(t, q, func(_ context.Context, e domain.Event) error {
			switch rec.record(e) {
			case 1:
				return errors.New("store unavailable")
			case 2:
				if e.ID == "ev-0" {
					panic("poison, once")
				}
			}
			return nil
		})
		const n = 10
		for i := range n {
			publish(t, q, event(i))
		}
		idle(t, q)
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for i := range n {
			want := 2
			if i == 0 {
				want = 3
			}
			if got := rec.calls[event(i).ID]; got != want {
				t.Errorf("%s handled %d times, want %d", event(i).ID, got, want)
			}
		}
	})
}

func TestMaxDeliverTerminates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{MaxDeliver: 3})
		var calls atomic.Int32
		subscribe(t, q, func(context.Context, domain.Event) error {
			calls.Add(1)
			return errors.New("always fails")
		})
		publish(t, q, event(1))
		idle(t, q) // a terminated event counts as done
		if got := calls.Load(); got != 3 {
			t.Fatalf("handler called %d times, want MaxDeliver=3", got)
		}
		waitPending(t, q, 0)
	})
}

func TestIdleWaitsForHandlers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{})
		publish(t, q, event(1))

		// Nothing consumes yet: Idle must not report idle.
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		err := q.Idle(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Idle with no subscriber = %v, want DeadlineExceeded", err)
		}

		release := make(chan struct{})
		var done atomic.Bool
		subscribe(t, q, func(context.Context, domain.Event) error {
			<-release
			done.Store(true)
			return nil
		})
		ctx, cancel = context.WithTimeout(t.Context(), 100*time.Millisecond)
		err = q.Idle(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Idle with a running handler = %v, want DeadlineExceeded", err)
		}
		close(release)
		idle(t, q)
		if !done.Load() {
			t.Fatal("Idle returned before the handler finished")
		}
	})
}

func TestConcurrencyIsBounded(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		const limit = 3
		q := b.open(t, Options{Concurrency: limit})
		var running, peak atomic.Int32
		full := make(chan struct{}) // closed when limit handlers run at once
		var fullOnce sync.Once      // the limit is reached again after release
		release := make(chan struct{})
		subscribe(t, q, func(context.Context, domain.Event) error {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			if n == limit {
				// Once only: a second close would panic inside the handler,
				// skip the decrement below and inflate the next peak.
				fullOnce.Do(func() { close(full) })
			}
			<-release // hold every worker until the limit is reached
			running.Add(-1)
			return nil
		})
		for i := range 30 {
			publish(t, q, event(i))
		}
		// With 30 events waiting, the workers fill up to the limit and stay
		// there: the peak is exactly the limit, whatever the machine's speed.
		<-full
		close(release)
		idle(t, q)
		if p := peak.Load(); p != limit {
			t.Fatalf("peak concurrency %d, want %d", p, limit)
		}
	})
}

func TestCloseDrainsRunningHandlers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{})
		started := make(chan struct{})
		var finished atomic.Bool
		subscribe(t, q, func(ctx context.Context, _ domain.Event) error {
			close(started)
			// Finish only once Close has begun: Close must wait for this.
			for !q.isClosed() {
				runtime.Gosched()
			}
			finished.Store(ctx.Err() == nil)
			return nil
		})
		publish(t, q, event(1))
		<-started
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
		if !finished.Load() {
			t.Fatal("Close returned before the running handler finished, or cancelled it")
		}
		if err := q.Subscribe(t.Context(), newRecorder().handle); !errors.Is(err, ErrClosed) {
			t.Errorf("Subscribe after Close = %v, want ErrClosed", err)
		}
		// The handled event was acked before the connection closed.
		q2 := b.open(t, Options{})
		waitPending(t, q2, 0)
	})
}

func TestCloseCancelsStuckHandlers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{DrainTimeout: 50 * time.Millisecond})
		started := make(chan struct{})
		subscribe(t, q, func(ctx context.Context, _ domain.Event) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		publish(t, q, event(1))
		<-started
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSubscribeStopsWhenContextEnds(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{})
		rec := newRecorder()
		ctx, cancel := context.WithCancel(t.Context())
		if err := q.Subscribe(ctx, rec.handle); err != nil {
			t.Fatal(err)
		}
		publish(t, q, event(1))
		idle(t, q)
		cancel()
		// Fetching stops asynchronously; wait for the loop to return.
		q.mu.Lock()
		loopDone := q.loopDone
		q.mu.Unlock()
		<-loopDone
		publish(t, q, event(2))
		// The fetch loop has returned, so nothing can hand event 2 to a
		// handler any more: it stays pending.
		waitPending(t, q, 1)
		if unique, _ := rec.count(); unique != 1 {
			t.Fatalf("handled %d events after ctx ended", unique-1)
		}
	})
}

func TestEventsSurviveReopen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		q := b.open(t, Options{})
		const n = 20
		for i := range n {
			publish(t, q, event(i))
		}
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
		if b.restart != nil {
			b.restart(t) // a crash before any consumer ran: files must hold them
		}
		q2 := b.open(t, Options{})
		waitPending(t, q2, n)
		rec := newRecorder()
		subscribe(t, q2, rec.handle)
		idle(t, q2)
		if unique, total := rec.count(); unique != n || total != n {
			t.Fatalf("handled %d unique / %d total, want %d", unique, total, n)
		}
		// The de-duplication window survives too.
		publish(t, q2, event(0))
		idle(t, q2)
		if unique, total := rec.count(); total != n {
			t.Errorf("after republishing: handled %d unique / %d total, want %d", unique, total, n)
		}
	})
}

func TestPublishRejectsBadEvents(t *testing.T) {
	b := embeddedBackend(t)
	q := b.open(t, Options{MemoryStorage: true})
	for _, e := range []domain.Event{
		{ID: "", Type: "status.posted"},
		{ID: "x", Type: ""},
		{ID: "x", Type: "status.*"},
		{ID: "x", Type: "status..posted"},
		{ID: "x", Type: "status posted"},
		{ID: "x", Type: "status.>"},
	} {
		if err := q.Publish(t.Context(), e); err == nil {
			t.Errorf("Publish(%+v) succeeded, want an error", e)
		}
	}
}

func TestSubscribeTwice(t *testing.T) {
	b := embeddedBackend(t)
	q := b.open(t, Options{MemoryStorage: true})
	subscribe(t, q, newRecorder().handle)
	if err := q.Subscribe(t.Context(), newRecorder().handle); err == nil {
		t.Fatal("second Subscribe succeeded")
	}
}

func TestStartEmbeddedHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if srv, err := StartEmbedded(ctx, t.TempDir(), nil); err == nil {
		// Readiness can win the race against a cancelled context; that is fine.
		srv.Shutdown()
	}
}

var _ domain.Queue = (*Queue)(nil)

// TestEmbeddedSyncAlways: --sync full makes the embedded JetStream fsync
// every stored event before acknowledging its publish.
func TestEmbeddedSyncAlways(t *testing.T) {
	for _, want := range []bool{false, true} {
		srv, err := StartEmbeddedWith(t.Context(), t.TempDir(), testLogger(), EmbeddedOptions{SyncAlways: want})
		if err != nil {
			t.Fatal(err)
		}
		if got := srv.SyncAlways(); got != want {
			t.Errorf("SyncAlways %v: server says %v", want, got)
		}
		srv.Shutdown()
	}
}
