package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Account deletion (issue 17). Unlike deactivation (account_state.go),
// which hides an account and keeps its rows, deletion removes what the
// person wrote and what describes them, and corrects what others see:
//
//   - At once, in one transaction (markDeleted): the account's state
//     becomes domain.UserDeleted (hidden from every read path of every
//     dialect, the site and search, as a suspended account is, its live
//     statuses withdrawn), every session ends and every app token is
//     revoked (through the cache's revocation, so on every node), the
//     profile is cleared (description, location, url, avatar, password,
//     e-mail and personal domain, the e-mail and domain free for others),
//     the screen name is freed but held back for Options.NameHold
//     (sign-up and rename refuse it), and an audit line and an
//     account.deleted event are written.
//   - Then the purge (PurgeAccount), in small transactions, each
//     idempotent, driven by that event (the web) or run at once (the CLI):
//     its statuses are erased (text, pictures, place, annotations gone;
//     the row stays as a deleted status so reposts by others show "deleted",
//     exactly as when an author deletes one, and reposts counts of what it
//     reposted are lowered), with the comments on them; its comments on
//     others' statuses are deleted and their comments counts lowered
//     (replies others wrote to them stay, as after any comment deletion);
//     every follow either way is removed with the counters of the other
//     side (followers, friends, mutual); direct messages sent and received
//     are deleted on both sides (the other side's copy would be a
//     conversation with no one, and the person's words are theirs to take
//     back); favourites, tags, groups, blocks, filters, settings, notices,
//     places visited and upload ownership are deleted; pictures are
//     released and swept after the media retention unless another status
//     shows them. Each erased status goes through status.deleted, which
//     takes it out of the search index and of home timelines.
//
// The users row stays, state 4, with only its id, screen name (for the
// operator's audit log) and counts: ids that others' reposts and replies
// hold keep naming an account that reads answer as "not found".
//
// A crash anywhere leaves either nothing (before the first commit) or a
// deleted account whose purge is unfinished: the account.deleted event is
// in the outbox until published and is redelivered until handled, and
// `weibo user delete NAME` finishes the purge too.

// DefaultNameHold is how long a deleted account's screen name is held back
// when --deleted-name-hold is not set.
const DefaultNameHold = 30 * 24 * time.Hour

// EventAccountDeleted asks for the purge of a deleted account.
const EventAccountDeleted = "account.deleted"

// AccountEvent is the payload of account.deleted.
type AccountEvent struct {
	UserID int64 `json:"user_id"`
}

// purgeBatch is how many statuses, comments, follows or messages one purge
// transaction handles.
const purgeBatch = 100

// PurgeReport counts what a purge removed.
type PurgeReport struct {
	UserID     int64  `json:"id"`
	ScreenName string `json:"screen_name"`
	// Rerun: the account was already deleted; this run finished its purge.
	Rerun     bool `json:"rerun"`
	Statuses  int  `json:"statuses"`
	Comments  int  `json:"comments"`
	Following int  `json:"following"`
	Followers int  `json:"followers"`
	Messages  int  `json:"messages"`
	// NameHeldUntil is when the screen name is free again.
	NameHeldUntil time.Time `json:"name_held_until"`
}

// DeleteAccount deletes the viewer's own account after checking their
// password as a sign-in does (guard included). The purge runs in the
// background (the account.deleted event); the account is gone at once.
func (s *Service) DeleteAccount(ctx context.Context, v domain.Viewer, password string) error {
	u, err := s.confirmPassword(ctx, v, password)
	if err != nil {
		return err
	}
	ev, err := s.markDeleted(ctx, Actor{UserID: u.ID, IP: v.IP}, u.ID, domain.UserActive)
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "account deleted by its owner; purge queued", "user", u.ID)
	s.publish(ctx, ev)
	return nil
}

// DeleteUser deletes the named account (an admin, or the operator at the
// terminal) in any state, and runs its purge to the end before returning.
// Rerun on an account already deleted, it finishes the purge (by the old
// screen name, through its hold, or by id).
func (s *Service) DeleteUser(ctx context.Context, a Actor, name string) (*PurgeReport, error) {
	if err := s.RequireAdmin(ctx, a); err != nil {
		return nil, err
	}
	acc, err := s.deletableAccount(ctx, name)
	if err != nil {
		return nil, err
	}
	if a.UserID != 0 && acc.User.ID == a.UserID {
		return nil, domain.E(domain.KindForbidden, domain.ReasonNone, "delete your own account from your settings")
	}
	rerun := acc.State == domain.UserDeleted
	if !rerun {
		ev, err := s.markDeleted(ctx, a, acc.User.ID, acc.State)
		if err != nil {
			return nil, err
		}
		s.publish(ctx, ev)
	}
	rep, err := s.PurgeAccount(ctx, acc.User.ID)
	if err != nil {
		return nil, err
	}
	rep.Rerun = rerun
	return rep, nil
}

// deletableAccount finds an account by name or id, or a deleted one by
// the name it had (its hold).
func (s *Service) deletableAccount(ctx context.Context, name string) (*domain.Account, error) {
	acc, err := s.Account(ctx, name)
	if !domain.IsKind(err, domain.KindNotFound) {
		return acc, err
	}
	h, herr := s.store.NameHoldOf(ctx, trimName(name))
	if herr != nil {
		return nil, err // the first answer: no such user
	}
	acc, herr = s.store.AccountByID(ctx, h.UserID)
	if herr != nil || acc.State != domain.UserDeleted {
		return nil, err
	}
	return acc, nil
}

// markDeleted is the first, atomic step of a deletion (see above).
func (s *Service) markDeleted(ctx context.Context, a Actor, userID int64, from int) (domain.OutboxEvent, error) {
	var ev domain.OutboxEvent
	now := s.now()
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		acc, err := tx.AccountByID(ctx, userID)
		if err != nil {
			return err
		}
		if acc.State != from {
			return domain.E(domain.KindConflict, domain.ReasonNone, "the account changed meanwhile; try again")
		}
		if _, err := tx.SetUserState(ctx, userID, from, domain.UserDeleted, now); err != nil {
			return err
		}
		if err := s.endAccess(ctx, tx, userID); err != nil {
			return err
		}
		if acc.User.Avatar != "" {
			if err := tx.ReleasePictures(ctx, []string{acc.User.Avatar}, now); err != nil {
				return err
			}
		}
		if err := tx.EraseAccount(ctx, userID, now.Add(s.opts.NameHold)); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, AuditDelete, userID, 0, acc.User.ScreenName); err != nil {
			return err
		}
		ev, err = s.newEvent(EventAccountDeleted, userID, AccountEvent{UserID: userID})
		if err != nil {
			return err
		}
		return tx.AddOutbox(ctx, ev)
	})
	if domain.IsKind(err, domain.KindNotFound) {
		return ev, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "no such user")
	}
	return ev, err
}

// PurgeAccount removes the content of a deleted account (see above). It
// is idempotent and resumable: each step re-reads what is left.
func (s *Service) PurgeAccount(ctx context.Context, userID int64) (*PurgeReport, error) {
	acc, err := s.store.AccountByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if acc.State != domain.UserDeleted {
		return nil, domain.E(domain.KindConflict, domain.ReasonNone, "the account is not deleted")
	}
	rep := &PurgeReport{UserID: userID, ScreenName: acc.User.ScreenName}
	steps := []struct {
		n    *int
		step func(context.Context, int64) (int, error)
	}{
		{&rep.Statuses, s.purgeStatuses},
		{&rep.Comments, s.purgeComments},
		{&rep.Following, s.purgeFollowing},
		{&rep.Followers, s.purgeFollowers},
		{&rep.Messages, s.purgeMessages},
	}
	for _, st := range steps {
		for {
			n, err := st.step(ctx, userID)
			if err != nil {
				return nil, fmt.Errorf("purge user %d: %w", userID, err)
			}
			if n == 0 {
				break
			}
			*st.n += n
		}
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.PurgeUserRows(ctx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Operator, AuditPurge, userID, 0, fmt.Sprintf("statuses %d, comments %d, following %d, followers %d, messages %d",
			rep.Statuses, rep.Comments, rep.Following, rep.Followers, rep.Messages))
	})
	if err != nil {
		return nil, fmt.Errorf("purge user %d: %w", userID, err)
	}
	if h, err := s.store.NameHoldOf(ctx, acc.User.ScreenName); err == nil && h.UserID == userID {
		rep.NameHeldUntil = h.Until
	}
	s.log.InfoContext(ctx, "account purged", "user", userID, "statuses", rep.Statuses, "comments", rep.Comments,
		"following", rep.Following, "followers", rep.Followers, "messages", rep.Messages)
	return rep, nil
}

// purgeStatuses erases up to purgeBatch withdrawn statuses as DestroyStatus
// deletes one, and returns how many.
func (s *Service) purgeStatuses(ctx context.Context, userID int64) (int, error) {
	ids, err := s.fresh.WithdrawnStatusIDs(ctx, userID, purgeBatch)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	var evs []domain.OutboxEvent
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		evs = evs[:0]
		m, err := tx.StatusesByIDs(ctx, ids)
		if err != nil {
			return err
		}
		// Only those this transaction erased: a purge running beside it
		// (a redelivered event, the CLI) moved the others' counters.
		erased, err := tx.EraseStatuses(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range erased {
			st := m[id]
			if st == nil {
				continue
			}
			ev, err := s.statusGone(ctx, tx, st)
			if err != nil {
				return err
			}
			evs = append(evs, ev)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.publish(ctx, evs...)
	return len(ids), nil
}

// purgeComments deletes up to purgeBatch of the user's comments, lowering
// the comments count of their statuses, and returns how many.
func (s *Service) purgeComments(ctx context.Context, userID int64) (int, error) {
	ids, err := s.fresh.OwnCommentIDsAfter(ctx, userID, 0, purgeBatch)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	n := 0
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		n = 0
		m, err := tx.CommentsByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			c := m[id]
			if c == nil {
				continue
			}
			err := tx.DeleteComment(ctx, c.ID)
			if domain.IsKind(err, domain.KindNotFound) {
				continue // deleted concurrently, with its count
			}
			if err != nil {
				return err
			}
			if err := tx.AddStatusCounts(ctx, c.StatusID, 0, -1, 0); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// purgeFollowing removes up to purgeBatch of the user's follows, each with
// the counters of whom they followed.
func (s *Service) purgeFollowing(ctx context.Context, userID int64) (int, error) {
	ids, err := s.fresh.FriendIDsAfter(ctx, userID, 0, purgeBatch)
	if err != nil {
		return 0, err
	}
	return s.unfollowAll(ctx, ids, func(id int64) error { return s.unfollowEdge(ctx, userID, id) })
}

// purgeFollowers removes up to purgeBatch follows of the user, each with
// the counters of the follower.
func (s *Service) purgeFollowers(ctx context.Context, userID int64) (int, error) {
	ids, err := s.fresh.FollowerIDsAfter(ctx, userID, 0, purgeBatch)
	if err != nil {
		return 0, err
	}
	return s.unfollowAll(ctx, ids, func(id int64) error { return s.unfollowEdge(ctx, id, userID) })
}

func (s *Service) unfollowAll(_ context.Context, ids []int64, unfollow func(int64) error) (int, error) {
	n := 0
	for _, id := range ids {
		err := unfollow(id)
		if domain.IsReason(err, domain.ReasonNotFollowed) {
			continue // removed concurrently
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// purgeMessages deletes a batch of the direct messages the user sent or
// received.
func (s *Service) purgeMessages(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		n, err = tx.DeleteDirectMessagesOf(ctx, userID, purgeBatch*5)
		return err
	})
	return n, err
}

// handleAccountDeleted is the queue's handler of account.deleted.
func (s *Service) handleAccountDeleted(ctx context.Context, e domain.Event) error {
	var p AccountEvent
	if err := json.Unmarshal(e.Payload, &p); err != nil || p.UserID == 0 {
		s.log.ErrorContext(ctx, "drop malformed event", "event", e.ID, "err", err)
		return nil
	}
	_, err := s.PurgeAccount(ctx, p.UserID)
	if domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindConflict) {
		s.log.WarnContext(ctx, "account.deleted for an account not deleted; dropped", "user", p.UserID, "err", err)
		return nil
	}
	return err
}

// checkNameFree refuses a screen name held back after its account was
// deleted (sign-up and rename).
func (s *Service) checkNameFree(ctx context.Context, name string) error {
	h, err := s.store.NameHoldOf(ctx, name)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !s.now().Before(h.Until) {
		return nil
	}
	return &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonBadParam, Param: "screen_name",
		Want: "a name not held back", Got: name, Err: ErrNameHeld,
		Msg: "this screen name belonged to a deleted account and is held back until " + h.Until.UTC().Format("2006-01-02")}
}

// ErrNameHeld is wrapped by the error refusing a screen name held back
// after its account was deleted, so the site can say so.
var ErrNameHeld = errors.New("screen name held back after an account deletion")

func trimName(name string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "@"))
}
