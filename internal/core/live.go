package core

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// Live notices (DESIGN.md §4, "Live push"): after the fan-out of a post
// each follower it reached hears of it (LiveHome), and after any
// transaction that raised unread counters their owners hear of that
// (LiveUnread). Notices are sent after the facts are stored and are only
// hints; a missing Live sends none.

// SubscribeLive opens a stream of the user's notices, until cancel.
func (s *Service) SubscribeLive(userID int64) (<-chan domain.LiveNotice, func()) {
	if s.live == nil {
		return nil, func() {}
	}
	return s.live.Subscribe(userID)
}

// LiveEnabled reports whether notices are sent at all.
func (s *Service) LiveEnabled() bool { return s.live != nil }

func (s *Service) notify(ctx context.Context, notices []domain.LiveNotice) {
	if s.live == nil || len(notices) == 0 {
		return
	}
	if err := s.live.Publish(ctx, notices); err != nil {
		s.log.WarnContext(ctx, "live notices", "n", len(notices), "err", err)
	}
}

// notifyHome tells the users a status reached their home timelines.
func (s *Service) notifyHome(ctx context.Context, users []int64, statusID int64) {
	if s.live == nil {
		return
	}
	ns := make([]domain.LiveNotice, len(users))
	for i, u := range users {
		ns[i] = domain.LiveNotice{UserID: u, Kind: domain.LiveHome, StatusID: statusID}
	}
	s.notify(ctx, ns)
}

// liveStore is the store as the core uses it when notices are on: every
// transaction remembers whose unread counters it raised, and tells them
// once it has committed. Wrapping the store keeps the many places that
// raise counters (comments, mentions, follows, ...) free of it.
type liveStore struct {
	domain.Store
	s *Service
}

func (l liveStore) InTx(ctx context.Context, fn func(tx domain.Tx) error) error {
	var raised map[int64]bool
	err := l.Store.InTx(ctx, func(tx domain.Tx) error {
		raised = nil // a retried transaction starts over
		return fn(&unreadTx{Tx: tx, raised: &raised})
	})
	if err == nil && len(raised) > 0 {
		ns := make([]domain.LiveNotice, 0, len(raised))
		for u := range raised {
			ns = append(ns, domain.LiveNotice{UserID: u, Kind: domain.LiveUnread})
		}
		l.s.notify(ctx, ns)
	}
	return err
}

type unreadTx struct {
	domain.Tx
	raised *map[int64]bool
}

func (t *unreadTx) AddUnread(ctx context.Context, userID int64, kind string, n int) error {
	if err := t.Tx.AddUnread(ctx, userID, kind, n); err != nil {
		return err
	}
	if n > 0 {
		if *t.raised == nil {
			*t.raised = map[int64]bool{}
		}
		(*t.raised)[userID] = true
	}
	return nil
}

// InsertNotice tells a notice's recipients, as a raised counter does (a
// notice to everyone is not pushed: it would wake every stream at once
// for something a poll of the counters finds).
func (t *unreadTx) InsertNotice(ctx context.Context, n *domain.Notice, recipients []int64) error {
	if err := t.Tx.InsertNotice(ctx, n, recipients); err != nil {
		return err
	}
	for _, u := range recipients {
		if *t.raised == nil {
			*t.raised = map[int64]bool{}
		}
		(*t.raised)[u] = true
	}
	return nil
}
