package core

import (
	"context"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// UserList is a page of users with Sina-style cursors.
type UserList struct {
	Users          []*UserView
	Total          int
	NextCursor     int
	PreviousCursor int
}

// IDPage is a page of user ids with cursors.
type IDPage struct {
	IDs            []int64
	Total          int
	NextCursor     int
	PreviousCursor int
}

func cursors(c domain.Cursor, got, total int) (next, prev int) {
	if c.Cursor+got < total && got > 0 {
		next = c.Cursor + got
	}
	if c.Cursor > 0 {
		prev = max(c.Cursor-c.Count, 0)
	}
	return next, prev
}

// Follow makes the viewer follow target. Counters of both users move in the
// same transaction; the viewer's home window is rebuilt on next read. rip is
// the end user's IP address as the app reported it, stored with the edge
// ("" when the app sent none: the spec never rejects its absence).
func (s *Service) Follow(ctx context.Context, v domain.Viewer, ref UserRef, rip string) (*UserView, error) {
	target, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	if target.ID == v.UserID {
		return nil, domain.E(domain.KindInvalid, domain.ReasonFollowSelf, "can not follow yourself")
	}
	spent := false // the store may run the function again after a conflict
	var bi int
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.Follow(ctx, v.UserID, target.ID, s.now(), rip); err != nil {
			if domain.IsKind(err, domain.KindConflict) {
				return domain.E(domain.KindConflict, domain.ReasonAlreadyFollowed, "already followed")
			}
			return fmt.Errorf("follow: %w", err)
		}
		// Read the reverse edge and the blocks only now: Follow has locked
		// the pair, so a concurrent "target follows me" (or a block) is
		// either committed and seen here, or waits for us and sees our edge.
		rels, err := tx.Relationships(ctx, v.UserID, []int64{target.ID})
		if err != nil {
			return fmt.Errorf("relationship %d → %d: %w", v.UserID, target.ID, err)
		}
		if err := notBlocked(rels[target.ID]); err != nil {
			return err
		}
		bi = 0
		if rels[target.ID].FollowedBy {
			bi = 1
		}
		// The cap is checked only now that Follow has locked the follower:
		// a count read before could be passed by concurrent follows of the
		// same user, each seeing room for one more. Over it, returning
		// rolls the edge back.
		if s.opts.Limits.MaxFriends > 0 {
			me, err := tx.UserByID(ctx, v.UserID)
			if err != nil {
				return err
			}
			if me.FriendsCount >= s.opts.Limits.MaxFriends {
				return domain.E(domain.KindForbidden, domain.ReasonFriendLimit, "friend count is out of limit")
			}
		}
		// The budget is spent only by a follow that is otherwise going to
		// happen (a refused one, 20504/20506/20513, must not count); over it,
		// returning rolls the edge back. The counter is not transactional:
		// a rerun after a deadlock must not spend it twice.
		if !spent {
			if err := s.checkFollowLimit(ctx, v.UserID); err != nil {
				return err
			}
			spent = true
		}
		if err := tx.AddUserCounts(ctx, v.UserID, domain.UserCounts{Friends: 1, BiFollowers: bi}); err != nil {
			return err
		}
		if err := tx.AddUserCounts(ctx, target.ID, domain.UserCounts{Followers: 1, BiFollowers: bi}); err != nil {
			return err
		}
		return tx.AddUnread(ctx, target.ID, domain.UnreadFollower, 1)
	})
	if err != nil {
		return nil, err
	}
	s.graphChanged(ctx, v.UserID, target.ID, bi != 0)
	return s.oneUserView(ctx, v.UserID, target.ID)
}

// mutual is 1 when target follows uid, else 0: the bi_followers_count step
// a change of the edge uid → target makes.
func (s *Service) mutual(ctx context.Context, tx domain.Tx, uid, target int64) (int, error) {
	rels, err := tx.Relationships(ctx, uid, []int64{target})
	if err != nil {
		return 0, fmt.Errorf("relationship %d → %d: %w", uid, target, err)
	}
	if rels[target].FollowedBy {
		return 1, nil
	}
	return 0, nil
}

// Unfollow makes the viewer stop following target.
func (s *Service) Unfollow(ctx context.Context, v domain.Viewer, ref UserRef) (*UserView, error) {
	target, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := s.unfollowEdge(ctx, v.UserID, target.ID); err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, v.UserID, target.ID)
}

// RemoveFollower makes follower stop following the viewer (移除粉丝,
// Xweibo's deleteFriendship with is_follower=1): the same edge Unfollow
// removes, from the other end.
func (s *Service) RemoveFollower(ctx context.Context, v domain.Viewer, ref UserRef) (*UserView, error) {
	follower, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := s.unfollowEdge(ctx, follower.ID, v.UserID); err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, v.UserID, follower.ID)
}

// unfollowEdge removes the follow uid → target with its counters and the
// group memberships it carried; ReasonNotFollowed when there is none.
func (s *Service) unfollowEdge(ctx context.Context, uid, target int64) error {
	var bi int
	var left []int64
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.Unfollow(ctx, uid, target); err != nil {
			if domain.IsKind(err, domain.KindNotFound) {
				return domain.E(domain.KindConflict, domain.ReasonNotFollowed, "not followed")
			}
			return fmt.Errorf("unfollow: %w", err)
		}
		// After the pair is locked, as in Follow.
		var err error
		if bi, err = s.mutual(ctx, tx, uid, target); err != nil {
			return err
		}
		if err := tx.AddUserCounts(ctx, uid, domain.UserCounts{Friends: -1, BiFollowers: -bi}); err != nil {
			return err
		}
		if err := tx.AddUserCounts(ctx, target, domain.UserCounts{Followers: -1, BiFollowers: -bi}); err != nil {
			return err
		}
		// Groups hold only people their owner follows (friendships.md §12).
		left, err = tx.LeaveOwnerGroups(ctx, uid, target)
		return err
	})
	if err != nil {
		return err
	}
	s.dropGroupWindows(ctx, left...)
	s.graphChanged(ctx, uid, target, bi != 0)
	return nil
}

// graphChanged forgets what this node derived from uid's followees after
// uid followed or unfollowed target. When that made or ended a mutual
// follow, target's window goes too: close-friends statuses uid wrote are
// now visible to target, or no longer are, and a window must hold exactly
// what its owner may see (no hidden entries to shorten pages).
func (s *Service) graphChanged(ctx context.Context, uid, target int64, mutualChanged bool) {
	drop := []int64{uid}
	if mutualChanged {
		drop = append(drop, target)
	}
	for _, id := range drop {
		if err := s.feed.Drop(ctx, id); err != nil {
			s.log.WarnContext(ctx, "drop home window", "user", id, "err", err)
		}
	}
	s.forgetCelebs(ctx, uid)
}

// checkFollowLimit enforces the per-user follow limits (20505).
func (s *Service) checkFollowLimit(ctx context.Context, uid int64) error {
	l := s.opts.Limits
	if s.counter == nil || (l.FollowsPerHour <= 0 && l.FollowsPerDay <= 0) {
		return nil
	}
	key := fmt.Sprintf("follow:%d", uid)
	if l.FollowsPerHour > 0 {
		n, err := s.counter.Incr(ctx, key+":h", 1, time.Hour)
		if err != nil {
			return fmt.Errorf("follow limit: %w", err)
		}
		if n > l.FollowsPerHour {
			return domain.E(domain.KindRateLimited, domain.ReasonFollowRateLimit, "social graph updates out of rate limit")
		}
	}
	if l.FollowsPerDay > 0 {
		n, err := s.counter.Incr(ctx, key+":d", 1, 24*time.Hour)
		if err != nil {
			return fmt.Errorf("follow limit: %w", err)
		}
		if n > l.FollowsPerDay {
			return domain.E(domain.KindRateLimited, domain.ReasonFollowRateLimit, "social graph updates out of rate limit")
		}
	}
	return nil
}

type idLister func(ctx context.Context, uid int64, c domain.Cursor) ([]int64, int, error)

// pastDepth turns a cursor at or past MaxCursorDepth into a page of 0, which
// the store answers with the list's total and no entries: user lists end
// there, as Weibo's did.
func pastDepth(c domain.Cursor) domain.Cursor {
	if c.PastDepth() {
		c.Count = 0
	}
	return c
}

func (s *Service) userList(ctx context.Context, viewer int64, list idLister, uid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	c = pastDepth(c)
	ids, total, err := list(ctx, uid, c)
	if err != nil {
		return nil, err
	}
	users, err := s.userViews(ctx, viewer, ids, withStatus)
	if err != nil {
		return nil, err
	}
	next, prev := cursors(c, len(ids), total)
	return &UserList{Users: users, Total: total, NextCursor: next, PreviousCursor: prev}, nil
}

func (s *Service) idPage(ctx context.Context, list idLister, uid int64, c domain.Cursor) (*IDPage, error) {
	c = pastDepth(c)
	ids, total, err := list(ctx, uid, c)
	if err != nil {
		return nil, err
	}
	next, prev := cursors(c, len(ids), total)
	return &IDPage{IDs: ids, Total: total, NextCursor: next, PreviousCursor: prev}, nil
}

// Friends lists whom uid follows.
func (s *Service) Friends(ctx context.Context, viewer, uid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	return s.userList(ctx, viewer, s.store.FriendIDs, uid, c, withStatus)
}

// FriendIDs lists the ids of whom uid follows.
func (s *Service) FriendIDs(ctx context.Context, uid int64, c domain.Cursor) (*IDPage, error) {
	return s.idPage(ctx, s.store.FriendIDs, uid, c)
}

// Followers lists who follows uid.
func (s *Service) Followers(ctx context.Context, viewer, uid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	return s.userList(ctx, viewer, s.store.FollowerIDs, uid, c, withStatus)
}

// FollowerIDs lists the ids of who follows uid.
func (s *Service) FollowerIDs(ctx context.Context, uid int64, c domain.Cursor) (*IDPage, error) {
	return s.idPage(ctx, s.store.FollowerIDs, uid, c)
}

// Bilateral lists uid's mutual follows.
func (s *Service) Bilateral(ctx context.Context, viewer, uid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	return s.userList(ctx, viewer, s.store.BilateralIDs, uid, c, withStatus)
}

// BilateralIDs lists the ids of uid's mutual follows.
func (s *Service) BilateralIDs(ctx context.Context, uid int64, c domain.Cursor) (*IDPage, error) {
	return s.idPage(ctx, s.store.BilateralIDs, uid, c)
}

// InCommon lists whom both uid and suid follow.
func (s *Service) InCommon(ctx context.Context, viewer, uid, suid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	list := func(ctx context.Context, a int64, c domain.Cursor) ([]int64, int, error) {
		return s.store.CommonFriendIDs(ctx, a, suid, c)
	}
	return s.userList(ctx, viewer, list, uid, c, withStatus)
}

// FriendshipSide is one side of friendships/show.
type FriendshipSide struct {
	User       *domain.User
	Following  bool // this side follows the other
	FollowedBy bool // this side is followed by the other
}

// ShowFriendship describes the relationship between two users.
func (s *Service) ShowFriendship(ctx context.Context, source, target UserRef) (src, dst FriendshipSide, err error) {
	su, err := s.ResolveUser(ctx, source)
	if err == nil {
		var tu *domain.User
		tu, err = s.ResolveUser(ctx, target)
		if err == nil {
			rels, rerr := s.store.Relationships(ctx, su.ID, []int64{tu.ID})
			if rerr != nil {
				return src, dst, rerr
			}
			r := rels[tu.ID]
			return FriendshipSide{User: su, Following: r.Following, FollowedBy: r.FollowedBy},
				FriendshipSide{User: tu, Following: r.FollowedBy, FollowedBy: r.Following}, nil
		}
	}
	if domain.IsReason(err, domain.ReasonUserNotFound) {
		return src, dst, domain.E(domain.KindNotFound, domain.ReasonFriendshipUsers, "source_user or target_user does not exists")
	}
	return src, dst, err
}
