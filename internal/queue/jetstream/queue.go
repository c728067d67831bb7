// Package jetstream implements domain.Queue over NATS JetStream: one
// work-queue stream, one durable pull consumer shared by every node, explicit
// acks, and de-duplication by event id. The same code runs against the
// in-process server of the embedded mode (StartEmbedded) and a real cluster.
package jetstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"github.com/weibo-server/weibo/internal/domain"
)

// TypeHeader carries Event.Type. The subject carries it too, but a header
// survives a change of subject prefix and needs no parsing.
const TypeHeader = "Weibo-Event-Type"

// ErrClosed is returned by a Queue after Close.
var ErrClosed = errors.New("jetstream: queue closed")

// Options configure a Queue. Zero values take the defaults below.
type Options struct {
	Stream        string // stream name; default "WEIBO"
	SubjectPrefix string // events go to <prefix>.<type>; default "weibo.events"
	Durable       string // durable consumer name, shared by all nodes; default "core"

	// MemoryStorage keeps the stream in memory (tests); the default is files,
	// because an acknowledged publish must survive a crash.
	MemoryStorage bool
	Replicas      int           // stream replicas in a cluster; default 1
	Duplicates    time.Duration // de-duplication window for Event.ID; default 2m

	// MaxDeliver is how many times an event is tried before it is
	// terminated (logged at Error and dropped); default 10.
	MaxDeliver int
	// AckWait is how long the server waits for an ack before redelivering.
	// Handlers that run longer are kept alive with in-progress acks; default 30s.
	AckWait time.Duration
	// Backoff is the delay before retry n after a handler error (the last
	// value repeats); default 1s, 5s, 30s, 2m, 10m.
	Backoff []time.Duration
	// Concurrency bounds the handlers running at once on this node; default 4.
	// Handlers mostly wait on the store (a single writer on SQLite), so more
	// workers mostly add contention there; raise it with PostgreSQL.
	Concurrency int
	// DrainTimeout bounds how long Close waits for running handlers before it
	// cancels their context; default 30s.
	DrainTimeout time.Duration

	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Stream == "" {
		o.Stream = "WEIBO"
	}
	if o.SubjectPrefix == "" {
		o.SubjectPrefix = "weibo.events"
	}
	o.SubjectPrefix = strings.TrimSuffix(o.SubjectPrefix, ".")
	if o.Durable == "" {
		o.Durable = "core"
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.Duplicates <= 0 {
		o.Duplicates = 2 * time.Minute
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 10
	}
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	if len(o.Backoff) == 0 {
		o.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute}
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Queue is a domain.Queue over one JetStream stream and durable consumer.
type Queue struct {
	opts     Options
	log      *slog.Logger
	nc       *nats.Conn
	ownsConn bool
	js       natsjs.JetStream
	stream   natsjs.Stream
	cons     natsjs.Consumer
	sem      chan struct{} // one token per running handler

	inflight atomic.Int64   // handlers running now, for Idle
	wg       sync.WaitGroup // handler goroutines, for Close

	mu         sync.Mutex
	closed     bool
	stopFetch  context.CancelFunc // nil until Subscribe; ends the fetch loop
	loopDone   chan struct{}      // closed when the fetch loop has returned
	cancelWork context.CancelFunc // cancels handler contexts after DrainTimeout
}

var _ domain.Queue = (*Queue)(nil)

// Connect dials an external NATS server or cluster (urls as nats.Connect
// takes them, comma-separated) and opens the queue on it; Close closes the
// connection. The client reconnects forever: a NATS restart must not take
// the app down.
func Connect(ctx context.Context, urls string, opts Options) (*Queue, error) {
	nopts := []nats.Option{nats.MaxReconnects(-1)}
	if d, ok := ctx.Deadline(); ok {
		nopts = append(nopts, nats.Timeout(time.Until(d)))
	}
	return dial(ctx, urls, opts, nopts...)
}

// ConnectEmbedded opens the queue on an in-process server; Close closes the
// connection (the server stays up: Shutdown it after).
func ConnectEmbedded(ctx context.Context, srv *Server, opts Options) (*Queue, error) {
	return dial(ctx, "", opts, nats.InProcessServer(srv))
}

func dial(ctx context.Context, urls string, opts Options, nopts ...nats.Option) (*Queue, error) {
	log := opts.withDefaults().Logger.With("component", "nats")
	nopts = append(nopts,
		nats.Name("weibo"),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }),
	)
	nc, err := nats.Connect(urls, nopts...)
	if err != nil {
		return nil, fmt.Errorf("jetstream: connect: %w", err)
	}
	q, err := Open(ctx, nc, opts)
	if err != nil {
		nc.Close()
		return nil, err
	}
	q.ownsConn = true
	return q, nil
}

// Open creates or updates the stream and the durable consumer on conn. The
// caller keeps ownership of conn. Every node opens the same stream and
// consumer; the work-queue retention hands each event to exactly one of them.
func Open(ctx context.Context, conn *nats.Conn, opts Options) (*Queue, error) {
	opts = opts.withDefaults()
	js, err := natsjs.New(conn)
	if err != nil {
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	storage := natsjs.FileStorage
	if opts.MemoryStorage {
		storage = natsjs.MemoryStorage
	}
	stream, err := js.CreateOrUpdateStream(ctx, natsjs.StreamConfig{
		Name:        opts.Stream,
		Description: "Weibo Server background events",
		Subjects:    []string{opts.SubjectPrefix + ".>"},
		// Work queue: a message is deleted once acked, so the stream holds
		// only outstanding work and needs no age or size limits.
		Retention:  natsjs.WorkQueuePolicy,
		Storage:    storage,
		Replicas:   opts.Replicas,
		Duplicates: opts.Duplicates,
	})
	if err != nil {
		return nil, fmt.Errorf("jetstream: stream %s: %w", opts.Stream, err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, opts.Stream, natsjs.ConsumerConfig{
		Durable:       opts.Durable,
		Description:   "Weibo Server event handlers",
		AckPolicy:     natsjs.AckExplicitPolicy,
		AckWait:       opts.AckWait,
		MaxDeliver:    opts.MaxDeliver,
		FilterSubject: opts.SubjectPrefix + ".>",
		// Backoff is applied by NakWithDelay in handle, not by the server: a
		// consumer BackOff would replace AckWait for crashed deliveries too.
	})
	if err != nil {
		return nil, fmt.Errorf("jetstream: consumer %s: %w", opts.Durable, err)
	}
	return &Queue{
		opts:   opts,
		log:    opts.Logger.With("component", "queue", "stream", opts.Stream),
		nc:     conn,
		js:     js,
		stream: stream,
		cons:   cons,
		sem:    make(chan struct{}, opts.Concurrency),
	}, nil
}

// Conn is the NATS connection the queue uses: the live hub of a cluster
// sends its notices over it (one connection per node).
func (q *Queue) Conn() *nats.Conn { return q.nc }

// Publish stores e in the stream and returns once JetStream has acknowledged
// it, i.e. once it is durable. The event id is the JetStream message id, so
// publishing the same event again within Options.Duplicates (an outbox
// sweeper racing the first publish) stores it only once.
func (q *Queue) Publish(ctx context.Context, e domain.Event) error {
	if e.ID == "" {
		return fmt.Errorf("jetstream: publish %q: empty event id", e.Type)
	}
	if !validType(e.Type) {
		return fmt.Errorf("jetstream: publish %s: invalid event type %q", e.ID, e.Type)
	}
	msg := nats.NewMsg(q.opts.SubjectPrefix + "." + e.Type)
	msg.Header.Set(TypeHeader, e.Type)
	msg.Data = e.Payload
	if _, err := q.js.PublishMsg(ctx, msg, natsjs.WithMsgID(e.ID)); err != nil {
		return fmt.Errorf("jetstream: publish %s %s: %w", e.Type, e.ID, err)
	}
	return nil
}

// validType accepts types that make a literal subject: dot-separated tokens
// without wildcards or whitespace.
func validType(t string) bool {
	if t == "" {
		return false
	}
	for tok := range strings.SplitSeq(t, ".") {
		if tok == "" || tok == "*" || tok == ">" || strings.ContainsAny(tok, " \t\r\n") {
			return false
		}
	}
	return true
}

// Subscribe starts handing events to h, at most Options.Concurrency at a
// time, until ctx ends or Close is called. A nil error acks the event; an
// error (or a panic) redelivers it after a backoff, until MaxDeliver tries.
//
// Handlers get a context that keeps ctx's values but not its cancellation:
// when ctx ends the queue stops fetching and lets running handlers finish,
// so a shutdown does not turn half-done work into failures. Close cancels
// that context if handlers outlive Options.DrainTimeout.
func (q *Queue) Subscribe(ctx context.Context, h func(ctx context.Context, e domain.Event) error) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if q.stopFetch != nil {
		return errors.New("jetstream: already subscribed")
	}
	fetchCtx, stopFetch := context.WithCancel(ctx)
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	q.stopFetch, q.cancelWork, q.loopDone = stopFetch, cancelWork, make(chan struct{})
	go q.fetchLoop(fetchCtx, workCtx, h)
	return nil
}

// fetchWait is how long one pull request waits for messages on the server.
// It only bounds idle round trips: a message that arrives is delivered at once.
const fetchWait = 5 * time.Second

// fetchLoop keeps one pull request outstanding for as many messages as
// there are free workers, and hands what arrives to them.
//
// It uses Fetch rather than Consume on purpose: Consume's client-side
// accounting of outstanding pulls (nats.go v1.55) can lose a re-pull when
// messages come back before the request is marked sent, which is easy with
// the in-process server and a small buffer; the consumer then sits idle with
// work pending until its heartbeat check fires 30 s later. One Fetch per
// batch has no such state: it ends when filled or expired, then we ask again.
// Fetching only for free workers also means nothing waits in a client
// buffer while its AckWait runs.
func (q *Queue) fetchLoop(ctx, workCtx context.Context, h func(context.Context, domain.Event) error) {
	defer close(q.loopDone)
	failures := 0
	for {
		n, ok := q.freeWorkers(ctx)
		if !ok {
			return
		}
		wctx, cancel := context.WithTimeout(ctx, fetchWait)
		batch, err := q.cons.Fetch(n, natsjs.FetchContext(wctx))
		if err == nil {
			// Messages already received are handled even if ctx ended
			// meanwhile: they are ours until acked, like a drain.
			for m := range batch.Messages() {
				q.dispatch(workCtx, m, h)
			}
			err = batch.Error()
		}
		cancel()
		if err == nil || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			failures = 0
			continue
		}
		// NATS down or reconnecting, consumer deleted: keep trying, slower.
		failures++
		delay := min(100*time.Millisecond<<min(failures, 6), 5*time.Second)
		q.log.Warn("fetch failed", "err", err, "retry_in", delay)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
	}
}

// freeWorkers waits until at least one worker is free and says how many are.
// Only the fetch loop takes tokens, so the count can only grow until it
// dispatches: a batch of n never blocks on the semaphore.
func (q *Queue) freeWorkers(ctx context.Context) (int, bool) {
	select {
	case q.sem <- struct{}{}:
	case <-ctx.Done():
		return 0, false
	}
	n := cap(q.sem) - len(q.sem) + 1
	<-q.sem
	return n, true
}

// dispatch starts a handler for m on a free worker.
func (q *Queue) dispatch(ctx context.Context, m natsjs.Msg, h func(context.Context, domain.Event) error) {
	q.sem <- struct{}{}
	q.inflight.Add(1)
	q.wg.Add(1)
	go func() {
		defer func() {
			q.inflight.Add(-1)
			<-q.sem
			q.wg.Done()
		}()
		q.handle(ctx, m, h)
	}()
}

func (q *Queue) handle(ctx context.Context, m natsjs.Msg, h func(context.Context, domain.Event) error) {
	e := domain.Event{
		ID:      m.Headers().Get(natsjs.MsgIDHeader),
		Type:    m.Headers().Get(TypeHeader),
		Payload: m.Data(),
	}
	if e.Type == "" {
		e.Type = strings.TrimPrefix(m.Subject(), q.opts.SubjectPrefix+".")
	}
	var tries uint64 = 1
	if md, err := m.Metadata(); err == nil {
		tries = md.NumDelivered
	}

	stop := q.keepAlive(m)
	err := call(ctx, h, e)
	stop()

	if err == nil {
		if err := m.Ack(); err != nil {
			// The event was handled; the server will redeliver it and the
			// idempotent handler will see it twice. Nothing else to do.
			q.log.Warn("ack failed", "event", e.Type, "id", e.ID, "err", err)
		}
		return
	}
	if tries >= uint64(q.opts.MaxDeliver) {
		// Plain Term rather than TermWithReason: older servers (Debian ships
		// 2.9) do not understand the reason suffix. The log line is the record.
		q.log.Error("event dropped after max deliveries", "event", e.Type, "id", e.ID,
			"tries", tries, "err", err, "payload", string(e.Payload))
		if err := m.Term(); err != nil {
			q.log.Warn("term failed", "event", e.Type, "id", e.ID, "err", err)
		}
		return
	}
	delay := q.opts.Backoff[min(int(tries), len(q.opts.Backoff))-1]
	q.log.Warn("event handler failed, will retry", "event", e.Type, "id", e.ID,
		"tries", tries, "retry_in", delay, "err", err)
	if err := m.NakWithDelay(delay); err != nil {
		q.log.Warn("nak failed", "event", e.Type, "id", e.ID, "err", err)
	}
}

// call runs h and turns a panic into an error: one poison event must not
// take the node down, it is retried and eventually terminated like any other.
func call(ctx context.Context, h func(context.Context, domain.Event) error, e domain.Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v\n%s", r, debug.Stack())
		}
	}()
	return h(ctx, e)
}

// keepAlive tells the server the handler is still working every half
// AckWait, so that a long fan-out is not redelivered to another node while
// it runs. It returns the function that stops it.
func (q *Queue) keepAlive(m natsjs.Msg) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(q.opts.AckWait / 2)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				_ = m.InProgress()
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}

// Idle blocks until every event published before the call has been handled
// and acked (or terminated): the consumer has delivered up to the stream's
// last sequence and has nothing pending, unacked or running here. It polls
// every few milliseconds and returns ctx's error when ctx ends first. It
// waits across redeliveries, so a failing handler keeps it waiting.
func (q *Queue) Idle(ctx context.Context) error {
	si, err := q.stream.Info(ctx)
	if err != nil {
		return fmt.Errorf("jetstream: idle: %w", err)
	}
	// NumPending alone can lag a publish that was just acked; the delivered
	// stream sequence cannot, so wait for it to reach the last sequence.
	last := si.State.LastSeq
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		ci, err := q.cons.Info(ctx)
		if err != nil {
			return fmt.Errorf("jetstream: idle: %w", err)
		}
		if ci.NumPending == 0 && ci.NumAckPending == 0 && ci.Delivered.Stream >= last && q.inflight.Load() == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			// Say what is outstanding: a test that times out here wants to know.
			return fmt.Errorf("jetstream: idle: %w (pending %d, ack pending %d, delivered seq %d of %d, running %d)",
				ctx.Err(), ci.NumPending, ci.NumAckPending, ci.Delivered.Stream, last, q.inflight.Load())
		case <-t.C:
		}
	}
}

// Pending reports the events not yet handled: waiting for delivery plus
// delivered and not yet acked (running, or waiting for a retry). The server
// updates the first part asynchronously, so it may trail a publish by a
// moment; that is fine for a gauge (Idle does not rely on it alone).
func (q *Queue) Pending(ctx context.Context) (int, error) {
	ci, err := q.cons.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("jetstream: pending: %w", err)
	}
	return int(ci.NumPending) + ci.NumAckPending, nil
}

// isClosed reports whether Close has begun.
func (q *Queue) isClosed() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.closed
}

// Close stops fetching, waits up to Options.DrainTimeout for running
// handlers (then cancels their context and waits for them to return),
// flushes outstanding acks and closes the connection if the queue owns it.
// Events not handled stay in the stream for the next start or another node.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	stopFetch, loopDone, cancelWork := q.stopFetch, q.loopDone, q.cancelWork
	q.mu.Unlock()

	if stopFetch != nil {
		// The loop returns promptly: a cancelled Fetch ends at once and its
		// messages never wait for a worker. After it, no handler can start,
		// so waiting on wg is safe.
		stopFetch()
		<-loopDone
		done := make(chan struct{})
		go func() { q.wg.Wait(); close(done) }()
		timer := time.NewTimer(q.opts.DrainTimeout)
		select {
		case <-done:
		case <-timer.C:
			q.log.Warn("handlers still running after drain timeout, cancelling them", "running", q.inflight.Load())
			cancelWork()
			<-done
		}
		timer.Stop()
		cancelWork()
	}

	var err error
	if q.nc.IsConnected() {
		err = q.nc.FlushTimeout(5 * time.Second)
	}
	if q.ownsConn {
		q.nc.Close()
	}
	if err != nil {
		return fmt.Errorf("jetstream: close: %w", err)
	}
	return nil
}
