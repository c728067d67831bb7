package core

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// maxUnreadStatus caps the "status" counter: clients show "99+" anyway and
// counting further would scan the whole home timeline.
const maxUnreadStatus = 1000

// UnreadCounts returns the viewer's counters. "status" is counted live: the
// home statuses newer than the newest one the user has read.
func (s *Service) UnreadCounts(ctx context.Context, viewer int64) (domain.UnreadCounts, error) {
	c, mark, err := s.store.Unread(ctx, viewer)
	if err != nil {
		return c, err
	}
	if mark == 0 {
		// Never read: everything is new, but "new" for a fresh account is
		// only what arrived after it joined, which the id order gives us.
		u, err := s.store.UserByID(ctx, viewer)
		if err != nil {
			return c, err
		}
		mark = minIDAt(u)
	}
	n, err := s.store.CountHomeSince(ctx, viewer, mark, maxUnreadStatus)
	if err != nil {
		return c, err
	}
	c.Status = n
	return c, nil
}

// minIDAt is a lower bound for ids created at or after the user joined: ids
// are time-ordered, and a user id is itself an id taken at sign-up.
func minIDAt(u *domain.User) int64 { return u.ID }

// resettable are the counters remind/set_count may clear ("status" is not).
var resettable = map[string]bool{
	domain.UnreadFollower: true, domain.UnreadCmt: true, domain.UnreadDM: true,
	domain.UnreadMentionStatus: true, domain.UnreadMentionCmt: true, domain.UnreadGroup: true,
	domain.UnreadNotice: true, domain.UnreadInvite: true, domain.UnreadBadge: true, domain.UnreadPhoto: true,
}

// noCounter are set_count types that later revisions added for features this
// server does not have (close friends). Their counters are always zero, so
// clearing them succeeds and does nothing, rather than telling a client that
// sends a documented type that it is invalid.
var noCounter = map[string]bool{
	"close_friends_feeds": true, "close_friends_mention_status": true, "close_friends_mention_cmt": true,
	"close_friends_cmt": true, "close_friends_attitude": true, "close_friends_common_cmt": true,
	"close_friends_invite": true,
}

// ResetUnread clears one counter (remind/set_count).
func (s *Service) ResetUnread(ctx context.Context, viewer int64, kind string) error {
	if noCounter[kind] {
		return nil
	}
	if !resettable[kind] {
		return &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonInvalidCategory, Param: "type",
			Msg: "invalid category " + kind}
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error { return tx.ClearUnread(ctx, viewer, kind) })
}
