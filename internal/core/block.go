package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// Blocks (the blacklist). One user blocking another cuts every tie between
// the two, both ways (docs/SOCIAL.md): the follows between them end, neither
// may follow the other again until the block is lifted, neither sees the
// other's statuses on any read path (domain.CanSee), comments on or reposts
// them (the status is not visible: 20101), nor is notified of the other's
// mentions, nor may message the other (CanMessage). Every dialect and the
// site call these methods; none keeps a rule of its own.

// notBlocked answers the refusal a block between the viewer and another
// user makes, seen from the viewer's side (rel is viewer → other): the
// viewer's own block must be lifted first (20512), the other's forbids it
// (20508).
func notBlocked(rel domain.Relationship) error {
	switch {
	case rel.Blocking:
		return domain.E(domain.KindForbidden, domain.ReasonUnblockFirst, "unblock the user first")
	case rel.BlockedBy:
		return domain.E(domain.KindForbidden, domain.ReasonBlockedBy, "the user does not allow this")
	}
	return nil
}

// CheckNotBlocked refuses an action of viewer towards other when either
// blocks the other. Dialects that act on a user directly (direct messages,
// special follows) call it; the core's own actions check inside their
// transactions.
func (s *Service) CheckNotBlocked(ctx context.Context, viewer, other int64) error {
	if viewer == 0 || other == 0 || viewer == other {
		return nil
	}
	rels, err := s.store.Relationships(ctx, viewer, []int64{other})
	if err != nil {
		return fmt.Errorf("relationship %d → %d: %w", viewer, other, err)
	}
	return notBlocked(rels[other])
}

// Block makes the viewer block target: the follows between them end (with
// their counters) in the same transaction.
func (s *Service) Block(ctx context.Context, v domain.Viewer, ref UserRef) (*UserView, error) {
	target, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	if target.ID == v.UserID {
		return nil, domain.E(domain.KindInvalid, domain.ReasonBlockSelf, "can not block yourself")
	}
	var ended domain.Relationship
	var left []int64
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.Block(ctx, v.UserID, target.ID, s.now()); err != nil {
			if domain.IsKind(err, domain.KindConflict) {
				return domain.E(domain.KindConflict, domain.ReasonAlreadyBlocked, "already blocked")
			}
			return fmt.Errorf("block: %w", err)
		}
		// Counted after the insert, which locked the blocker (as Follow's cap).
		if _, n, err := tx.BlockedIDs(ctx, v.UserID, domain.Cursor{Count: 0}); err != nil {
			return fmt.Errorf("count blocks: %w", err)
		} else if n > domain.MaxBlocks {
			return domain.E(domain.KindForbidden, domain.ReasonBlockLimit, "blacklist limit has been reached")
		}
		rels, err := tx.Relationships(ctx, v.UserID, []int64{target.ID})
		if err != nil {
			return fmt.Errorf("relationship %d → %d: %w", v.UserID, target.ID, err)
		}
		ended = rels[target.ID]
		if err := s.endFollows(ctx, tx, v.UserID, target.ID, ended); err != nil {
			return err
		}
		// Neither stays in the other's friend groups.
		if left, err = tx.LeaveOwnerGroups(ctx, v.UserID, target.ID); err != nil {
			return err
		}
		more, err := tx.LeaveOwnerGroups(ctx, target.ID, v.UserID)
		left = append(left, more...)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.dropGroupWindows(ctx, left...)
	// Both home windows may hold the other's statuses; both lose them.
	s.graphChanged(ctx, v.UserID, target.ID, true)
	s.graphChanged(ctx, target.ID, v.UserID, false)
	return s.oneUserView(ctx, v.UserID, target.ID)
}

// endFollows removes the follows between a and b that rel (a → b) says
// exist, moving the counters as Unfollow does.
func (s *Service) endFollows(ctx context.Context, tx domain.Tx, a, b int64, rel domain.Relationship) error {
	bi := 0
	if rel.Following && rel.FollowedBy {
		bi = 1
	}
	edges := []struct {
		on       bool
		from, to int64
	}{{rel.Following, a, b}, {rel.FollowedBy, b, a}}
	for _, e := range edges {
		if !e.on {
			continue
		}
		if err := tx.Unfollow(ctx, e.from, e.to); err != nil {
			return fmt.Errorf("unfollow %d → %d: %w", e.from, e.to, err)
		}
		if err := tx.AddUserCounts(ctx, e.from, domain.UserCounts{Friends: -1}); err != nil {
			return err
		}
		if err := tx.AddUserCounts(ctx, e.to, domain.UserCounts{Followers: -1}); err != nil {
			return err
		}
	}
	if bi != 0 {
		for _, u := range []int64{a, b} {
			if err := tx.AddUserCounts(ctx, u, domain.UserCounts{BiFollowers: -1}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Unblock lifts the viewer's block of target. Nothing else comes back: the
// follows the block ended stay ended.
func (s *Service) Unblock(ctx context.Context, v domain.Viewer, ref UserRef) (*UserView, error) {
	target, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.Unblock(ctx, v.UserID, target.ID); err != nil {
			if domain.IsKind(err, domain.KindNotFound) {
				return domain.E(domain.KindConflict, domain.ReasonNotBlocked, "not blocked")
			}
			return fmt.Errorf("unblock: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Windows are rebuilt: statuses the block hid may show again (reposts
	// of the other's, their group or close-friends posts).
	s.graphChanged(ctx, v.UserID, target.ID, true)
	s.graphChanged(ctx, target.ID, v.UserID, false)
	return s.oneUserView(ctx, v.UserID, target.ID)
}

// Blocks lists whom the viewer blocks, newest block first.
func (s *Service) Blocks(ctx context.Context, viewer int64, c domain.Cursor) (*UserList, error) {
	return s.userList(ctx, viewer, s.store.BlockedIDs, viewer, c, false)
}

// BlockIDs lists the ids of whom uid blocks, newest block first.
func (s *Service) BlockIDs(ctx context.Context, uid int64, c domain.Cursor) (*IDPage, error) {
	return s.idPage(ctx, s.store.BlockedIDs, uid, c)
}
