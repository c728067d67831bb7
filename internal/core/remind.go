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
//	notice          a notice: an app's notification/send, a system notice, a
//	                moderation outcome (notice.go; counted on read)
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
// Tencent's info/update shows the same counters. Each user's reminder
// settings (domain.UserPrefs, Xweibo's saveNotice) apply to all of them:
// a reminder switched off reads 0 (applyReminders), and the @mentions that
// do not count for the user (from people they do not follow, in reposts)
// do not move the mention counters (mentionCounts).
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
	// Notices are counted from their store and the read mark (notice.go);
	// a stored counter of an earlier version is not shown.
	if c.Notice, err = s.unreadNotices(ctx, u); err != nil {
		return c, err
	}
	n, err := s.store.CountHomeSince(ctx, viewer, mark, maxUnreadStatus)
	if err != nil {
		return c, err
	}
	c.Status = n
	// The reminders the user switched off (Xweibo's saveNotice; the same
	// settings for every dialect and the site) show nothing.
	prefs, err := s.store.UserPrefs(ctx, viewer)
	if err != nil {
		return c, err
	}
	applyReminders(&c, prefs)
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

// applyReminders zeroes the counters of the reminders p switched off:
// comments (cmt), messages (dm), followers, @mentions (of statuses and of
// comments) and the system-notice tip (notice). The counters go on moving
// underneath: switching a reminder back on shows what came meanwhile.
func applyReminders(c *domain.UnreadCounts, p domain.UserPrefs) {
	if !p.RemindComment {
		c.Cmt = 0
	}
	if !p.RemindDM {
		c.DM = 0
	}
	if !p.RemindFollower {
		c.Follower = 0
	}
	if !p.RemindMention {
		c.MentionStatus, c.MentionCmt = 0, 0
	}
	if !p.NewNotice {
		c.Notice = 0
	}
}

// UnreadOriginals counts the original statuses (not reposts) among the
// viewer's unread home statuses: Tencent info/update's "create". They are
// read from the later of the home read mark (reading the home timeline,
// clearing "status" or Tencent's type 5 clears them too: they are part of
// it) and their own mark, which ResetHomeOriginals moves alone (type 9).
func (s *Service) UnreadOriginals(ctx context.Context, viewer int64) (int, error) {
	_, mark, err := s.store.Unread(ctx, viewer)
	if err != nil {
		return 0, err
	}
	om, err := s.store.HomeOriginalsMark(ctx, viewer)
	if err != nil {
		return 0, err
	}
	if mark = max(mark, om); mark == 0 {
		u, err := s.store.UserByID(ctx, viewer)
		if err != nil {
			return 0, err
		}
		mark = minIDAt(u)
	}
	return s.store.CountHomeOriginalsSince(ctx, viewer, mark, maxUnreadStatus)
}

// ResetHomeOriginals marks the original statuses of the viewer's home
// timeline read, leaving the rest of it unread (Tencent info/update op=1
// type=9).
func (s *Service) ResetHomeOriginals(ctx context.Context, v domain.Viewer) error {
	ids, err := s.homeIDs(ctx, v.UserID, domain.Page{Count: 1, Page: 1}, domain.TimelineFilter{})
	if err != nil || len(ids) == 0 {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error { return tx.SetHomeOriginalsMark(ctx, v.UserID, ids[0]) })
}
