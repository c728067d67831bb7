package core

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// The counters of remind/unread_count (objects.md §7, remind.md), and what
// moves each one here:
//
//	status          home statuses newer than the user's read mark (counted on read)
//	follower        a new follower (friendship.go)
//	cmt             a comment on one's status, a reply to one's comment (comment.go)
//	dm              a direct message received (dm.go)
//	mention_status  a status, or a repost, that @mentions one and that one may see (status.go)
//	mention_cmt     a comment that @mentions one (comment.go)
//	notice          an app's notification/send (notification.go)
//
// The others count things this server has no such thing as, and are always
// 0 (documented, not made up; set_count accepts their types and clears
// nothing):
//
//	group, private_group  微群 messages: 微群 were Sina's group chats, which
//	                      this server does not have (friend groups, 好友分组,
//	                      are lists of people, and send no messages)
//	invite                invitations (to a 微群, an event, an app): none exist here
//	badge                 medals (勋章): none are awarded
//	photo                 album messages: there are no albums, only status pictures
//	msgbox                a later field the spec gives no meaning
//
// Tencent's info/update shows the same counters.
var alwaysZero = []string{domain.UnreadGroup, "private_group", domain.UnreadInvite, domain.UnreadBadge, domain.UnreadPhoto, "msgbox"}

// AlwaysZeroCounters names the remind counters that never move here (see above).
func AlwaysZeroCounters() []string { return append([]string(nil), alwaysZero...) }

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
	u, err := s.store.UserByID(ctx, viewer)
	if err != nil {
		return c, err
	}
	if mark == 0 {
		// Never read: everything is new, but "new" for a fresh account is
		// only what arrived after it joined, which the id order gives us.
		mark = minIDAt(u)
	}
	// The site's system notices (prefs.go) count with the notice counter.
	notices, err := s.unreadNotices(ctx, u)
	if err != nil {
		return c, err
	}
	c.Notice += notices
	n, err := s.store.CountHomeSince(ctx, viewer, mark, maxUnreadStatus)
	if err != nil {
		return c, err
	}
	c.Status = n
	// Nothing raises these (see above); a value stored by some earlier
	// version is not shown either.
	c.Group, c.PrivateGroup, c.Invite, c.Badge, c.Photo, c.Msgbox = 0, 0, 0, 0, 0, 0
	return c, nil
}

// minIDAt is a lower bound for ids created at or after the user joined: ids
// are time-ordered, and a user id is itself an id taken at sign-up.
func minIDAt(u *domain.User) int64 { return u.ID }

// resettable are the counters remind/set_count may clear ("status" is not).
var resettable = map[string]bool{
	domain.UnreadFollower: true, domain.UnreadCmt: true, domain.UnreadDM: true,
	domain.UnreadMentionStatus: true, domain.UnreadMentionCmt: true, domain.UnreadNotice: true,
}

// noCounter are set_count types of counters that are always zero here: the
// always-zero counters above that set_count documents (group, invite, badge,
// photo), and the close-friends types later revisions added for a feature
// this server does not have. Clearing them succeeds and does nothing, rather
// than telling a client that sends a documented type that it is invalid.
var noCounter = map[string]bool{
	domain.UnreadGroup: true, domain.UnreadInvite: true, domain.UnreadBadge: true, domain.UnreadPhoto: true,
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
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if kind == domain.UnreadNotice {
			if err := tx.MarkNoticesRead(ctx, viewer, s.now()); err != nil {
				return err
			}
		}
		return tx.ClearUnread(ctx, viewer, kind)
	})
}
