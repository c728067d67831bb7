// Package memory is the in-process live hub: notices published on this
// node reach the streams open on this node. A cluster uses a hub that
// crosses nodes instead.
package memory

import (
	"context"
	"sync"

	"github.com/weibo-server/weibo/internal/domain"
)

// Buffer is how many notices a stream may fall behind before new ones are
// dropped for it (they are hints; the next one makes the page re-read).
const Buffer = 16

// Hub is a domain.Live for one process. The zero value is not usable: New.
type Hub struct {
	mu   sync.RWMutex
	subs map[int64]map[*sub]struct{}
}

type sub struct{ ch chan domain.LiveNotice }

// New makes an empty hub.
func New() *Hub { return &Hub{subs: map[int64]map[*sub]struct{}{}} }

// Publish hands each notice to the user's streams without waiting for any.
func (h *Hub) Publish(_ context.Context, notices []domain.LiveNotice) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, n := range notices {
		for s := range h.subs[n.UserID] {
			select {
			case s.ch <- n:
			default: // that stream is behind: it re-reads on the next one
			}
		}
	}
	return nil
}

// Subscribe opens a stream of the user's notices.
func (h *Hub) Subscribe(userID int64) (<-chan domain.LiveNotice, func()) {
	s := &sub{ch: make(chan domain.LiveNotice, Buffer)}
	h.mu.Lock()
	if h.subs[userID] == nil {
		h.subs[userID] = map[*sub]struct{}{}
	}
	h.subs[userID][s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[userID], s)
			if len(h.subs[userID]) == 0 {
				delete(h.subs, userID)
			}
			h.mu.Unlock()
		})
	}
}

// Streams is how many streams are open (tests, metrics).
func (h *Hub) Streams() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	n := 0
	for _, m := range h.subs {
		n += len(m)
	}
	return n
}
