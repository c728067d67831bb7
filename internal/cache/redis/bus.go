package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/weibo-server/weibo/internal/domain"
)

// Bus is a domain.Broadcast over Redis pub/sub: one channel per deployment
// (prefix + "bus"), every node subscribed to it, each message framed as
// "<origin> <topic> <payload>" so that a node skips its own. Redis delivers
// a channel's messages to a subscriber in the order they were published,
// at most once.
//
// Messages are lost when a node's subscription connection is (the Redis
// server restarted, a network fault, the server dropped a slow
// subscriber). go-redis reconnects and subscribes again, checking the
// connection with a PING when it has been quiet for healthCheck; every
// subscription confirmed after the first calls the topics' reset
// functions, since anything published in between is gone.
type Bus struct {
	c       redis.UniversalClient
	channel string
	origin  string
	log     *slog.Logger

	mu       sync.RWMutex
	handlers map[string][]busHandler

	ps   *redis.PubSub
	done chan struct{}
}

type busHandler struct {
	fn    func([]byte)
	reset func()
}

var _ domain.Broadcast = (*Bus)(nil)

// healthCheck is how long a quiet subscription waits before it pings
// Redis; a ping unanswered within pingTimeout reconnects it.
const (
	healthCheck = 3 * time.Second
	pingTimeout = 2 * time.Second
)

// NewBus returns a Bus on prefix's channel ("weibo:" when prefix is
// empty). Subscribe handlers, then Start it.
func NewBus(c redis.UniversalClient, prefix string, log *slog.Logger) *Bus {
	if prefix == "" {
		prefix = "weibo:"
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &Bus{c: c, channel: prefix + "bus", origin: hex.EncodeToString(b), log: log,
		handlers: map[string][]busHandler{}}
}

// Subscribe registers fn and reset for topic (domain.Broadcast). Topics
// are words: no spaces.
func (b *Bus) Subscribe(topic string, fn func(msg []byte), reset func()) {
	b.mu.Lock()
	b.handlers[topic] = append(b.handlers[topic], busHandler{fn: fn, reset: reset})
	b.mu.Unlock()
}

// Start subscribes to the channel and returns once Redis has confirmed the
// subscription: from then on every message published by another node
// reaches the handlers. Close stops it.
func (b *Bus) Start(ctx context.Context) error {
	ps := b.c.Subscribe(ctx, b.channel)
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := ps.Receive(sctx); err != nil { // the subscription's confirmation
		_ = ps.Close()
		return fmt.Errorf("redis bus: subscribe %s: %w", b.channel, err)
	}
	b.ps, b.done = ps, make(chan struct{})
	ch := ps.ChannelWithSubscriptions(redis.WithChannelSize(4096),
		redis.WithChannelHealthCheckInterval(healthCheck), redis.WithChannelPingTimeout(pingTimeout))
	go b.run(ch)
	return nil
}

func (b *Bus) run(ch <-chan any) {
	defer close(b.done)
	for m := range ch {
		switch m := m.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				// Subscribed again after a lost connection: what was published
				// meanwhile never reached us.
				b.log.Warn("redis bus: subscription restored; forgetting what other nodes' messages may have corrected", "channel", b.channel)
				b.resetAll()
			}
		case *redis.Message:
			b.deliver(m.Payload)
		}
	}
}

func (b *Bus) deliver(frame string) {
	origin, rest, ok := strings.Cut(frame, " ")
	if !ok || origin == b.origin {
		return
	}
	topic, payload, ok := strings.Cut(rest, " ")
	if !ok {
		return
	}
	b.mu.RLock()
	hs := b.handlers[topic]
	b.mu.RUnlock()
	for _, h := range hs {
		h.fn([]byte(payload))
	}
}

func (b *Bus) resetAll() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, hs := range b.handlers {
		for _, h := range hs {
			if h.reset != nil {
				h.reset()
			}
		}
	}
}

// Publish sends msg on topic to the other nodes (domain.Broadcast).
func (b *Bus) Publish(ctx context.Context, topic string, msg []byte) error {
	var sb strings.Builder
	sb.Grow(len(b.origin) + len(topic) + len(msg) + 2)
	sb.WriteString(b.origin)
	sb.WriteByte(' ')
	sb.WriteString(topic)
	sb.WriteByte(' ')
	sb.Write(msg)
	if err := b.c.Publish(ctx, b.channel, sb.String()).Err(); err != nil {
		return fmt.Errorf("redis bus: publish %s: %w", topic, err)
	}
	return nil
}

// Close ends the subscription and waits for the handlers' last call.
func (b *Bus) Close() error {
	if b.ps == nil {
		return nil
	}
	err := b.ps.Close()
	<-b.done
	b.ps = nil
	return err
}
