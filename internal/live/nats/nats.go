// Package nats is the live hub of a cluster: notices travel as NATS core
// messages on the subject <prefix>.<user id> (by default weibo.live.<uid>),
// so a notice published by the node that handled a write reaches the
// streams open on every node. It uses the connection the queue already has
// to the NATS cluster; no JetStream: a notice is a hint to re-read, and one
// lost while a node reconnects costs a client nothing but a late refresh.
//
// A node subscribes to a user's subject while it has at least one stream of
// that user open, so NATS routes each notice only to the nodes that hold a
// stream for it, not to every node.
package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/weibo-server/weibo/internal/domain"
)

// Buffer is how many notices a stream may fall behind before new ones are
// dropped for it, as in the in-process hub.
const Buffer = 16

// inboxSize bounds the messages received but not yet handed to streams;
// past it NATS drops messages for this node (a slow consumer), which only
// costs hints.
const inboxSize = 8192

// Options configure a Hub.
type Options struct {
	// Prefix of the subjects; default "weibo.live".
	Prefix string
	Logger *slog.Logger
}

// Hub is a domain.Live over a NATS connection. Make it with New, Close it
// before the connection.
type Hub struct {
	nc     *nats.Conn
	prefix string
	log    *slog.Logger
	// in receives every subscribed subject's messages in the order the
	// connection read them; one goroutine hands them out, so a stream sees
	// the notices in the order they were published.
	in   chan *nats.Msg
	done chan struct{}

	mu     sync.Mutex
	closed bool
	users  map[int64]*user
}

type user struct {
	ns   *nats.Subscription
	subs map[*sub]struct{}
}

type sub struct{ ch chan domain.LiveNotice }

var _ domain.Live = (*Hub)(nil)

// New starts a hub on nc (the caller keeps it).
func New(nc *nats.Conn, o Options) *Hub {
	if o.Prefix == "" {
		o.Prefix = "weibo.live"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Hub{nc: nc, prefix: strings.TrimSuffix(o.Prefix, "."), log: o.Logger.With("component", "live"),
		in: make(chan *nats.Msg, inboxSize), done: make(chan struct{}), users: map[int64]*user{}}
	go h.dispatch()
	return h
}

// wire is a notice on the wire; the user id is in the subject too, but a
// message that says whom it is for can be checked against it.
type wire struct {
	U int64  `json:"u"`
	K string `json:"k"`
	S int64  `json:"s,omitempty"`
}

func (h *Hub) subject(uid int64) string { return h.prefix + "." + strconv.FormatInt(uid, 10) }

// Publish sends each notice to its user's subject. NATS buffers the
// publishes and flushes them in the background, so this does not wait for
// any node; it fails only when the connection is closed for good.
func (h *Hub) Publish(_ context.Context, notices []domain.LiveNotice) error {
	for _, n := range notices {
		data, err := json.Marshal(wire{U: n.UserID, K: n.Kind, S: n.StatusID})
		if err != nil {
			return fmt.Errorf("live/nats: %w", err)
		}
		if err := h.nc.Publish(h.subject(n.UserID), data); err != nil {
			return fmt.Errorf("live/nats: publish: %w", err)
		}
	}
	return nil
}

// subscribeWait bounds the round trip that makes sure the server knows of
// a new subscription before Subscribe returns.
const subscribeWait = 2 * time.Second

// Subscribe opens a stream of the user's notices. The first stream of a
// user on this node subscribes to the user's subject and waits (a round
// trip, at most subscribeWait) until the server has it, so a notice
// published after Subscribe returned reaches the stream. If the
// subscription fails (the connection is down for good), the stream stays
// open and silent: the page still works by reading, it only hears nothing.
func (h *Hub) Subscribe(userID int64) (<-chan domain.LiveNotice, func()) {
	s := &sub{ch: make(chan domain.LiveNotice, Buffer)}
	h.mu.Lock()
	u := h.users[userID]
	var flush bool
	if u == nil {
		u = &user{subs: map[*sub]struct{}{}}
		if !h.closed {
			ns, err := h.nc.ChanSubscribe(h.subject(userID), h.in)
			if err != nil {
				h.log.Warn("live: subscribe", "user", userID, "err", err)
			} else {
				u.ns, flush = ns, true
			}
		}
		h.users[userID] = u
	}
	u.subs[s] = struct{}{}
	h.mu.Unlock()
	if flush {
		if err := h.nc.FlushTimeout(subscribeWait); err != nil {
			h.log.Warn("live: subscribe: flush", "user", userID, "err", err)
		}
	}
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			u := h.users[userID]
			if u == nil {
				return
			}
			delete(u.subs, s)
			if len(u.subs) == 0 {
				delete(h.users, userID)
				if u.ns != nil {
					if err := u.ns.Unsubscribe(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) && !errors.Is(err, nats.ErrBadSubscription) {
						h.log.Warn("live: unsubscribe", "user", userID, "err", err)
					}
				}
			}
		})
	}
}

// dispatch hands each received notice to the user's streams on this node,
// without waiting for any.
func (h *Hub) dispatch() {
	for {
		select {
		case <-h.done:
			return
		case m := <-h.in:
			var w wire
			if err := json.Unmarshal(m.Data, &w); err != nil || m.Subject != h.subject(w.U) {
				h.log.Warn("live: a message that is not a notice", "subject", m.Subject)
				continue
			}
			n := domain.LiveNotice{UserID: w.U, Kind: w.K, StatusID: w.S}
			h.mu.Lock()
			if u := h.users[w.U]; u != nil {
				for s := range u.subs {
					select {
					case s.ch <- n:
					default: // that stream is behind: it re-reads on the next one
					}
				}
			}
			h.mu.Unlock()
		}
	}
}

// Streams is how many streams are open on this node (tests, metrics).
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, u := range h.users {
		n += len(u.subs)
	}
	return n
}

// Close unsubscribes from every subject and stops handing out notices.
// Streams still open stay open and silent.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	for _, u := range h.users {
		if u.ns != nil {
			_ = u.ns.Unsubscribe() // the connection may already be closed
			u.ns = nil
		}
	}
	h.mu.Unlock()
	close(h.done)
}
