package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// Privacy settings (account/get_privacy). They are enforced here, once, for
// every dialect: who may comment (insertComment), who may send messages
// (CanMessage, for the direct-message area), whether a posted location is
// kept (PostStatus), whether an e-mail address finds the user
// (SuggestUsers). Blocks come first: a blocked user may do none of it,
// whatever the settings say.

// Privacy returns uid's privacy settings.
func (s *Service) Privacy(ctx context.Context, uid int64) (domain.Privacy, error) {
	u, err := s.store.UserByID(ctx, uid)
	if err != nil {
		return domain.Privacy{}, err
	}
	return u.Privacy, nil
}

// SetPrivacy replaces uid's privacy settings.
func (s *Service) SetPrivacy(ctx context.Context, uid int64, p domain.Privacy) (domain.Privacy, error) {
	if !p.Comment.Valid() {
		return domain.Privacy{}, domain.BadParam("comment", "0, 1 or 2", fmt.Sprint(int(p.Comment)))
	}
	if !p.Message.Valid() {
		return domain.Privacy{}, domain.BadParam("message", "0, 1 or 2", fmt.Sprint(int(p.Message)))
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.SetPrivacy(ctx, uid, p) })
	if err != nil {
		return domain.Privacy{}, err
	}
	return p, nil
}

// mayAct checks that owner's setting lvl (with blocks) lets actor act on
// owner: comment on their statuses, message them. r reads inside the
// caller's transaction when there is one.
func (s *Service) mayAct(ctx context.Context, r domain.Reader, actor int64, owner *domain.User, lvl domain.PrivacyLevel) error {
	if actor == owner.ID {
		return nil
	}
	rels, err := r.Relationships(ctx, owner.ID, []int64{actor})
	if err != nil {
		return fmt.Errorf("relationship %d → %d: %w", owner.ID, actor, err)
	}
	rel := rels[actor] // owner → actor
	if err := notBlocked(rel.Reverse()); err != nil {
		return err
	}
	if lvl == domain.PrivacyEveryone || rel.Following {
		return nil
	}
	var a *domain.User
	if lvl == domain.PrivacyTrusted {
		if a, err = r.UserByID(ctx, actor); err != nil {
			return err
		}
	}
	if !lvl.Allows(a, rel.Following) {
		return domain.E(domain.KindForbidden, domain.ReasonPrivacyForbidden, "the user's privacy settings do not allow this")
	}
	return nil
}

// mayComment checks that commenter may comment on st (its author's
// comment setting and blocks).
func (s *Service) mayComment(ctx context.Context, r domain.Reader, commenter int64, st *domain.Status) error {
	if commenter == st.UserID {
		return nil
	}
	author, err := r.UserByID(ctx, st.UserID)
	if err != nil {
		return err
	}
	return s.mayAct(ctx, r, commenter, author, author.Privacy.Comment)
}

// CanMessage checks that sender may send recipient a direct message: no
// block between them, and recipient's message setting allows it (20508
// otherwise). The direct-message area calls it before every send.
func (s *Service) CanMessage(ctx context.Context, sender, recipient int64) error {
	if sender == recipient {
		return domain.E(domain.KindForbidden, domain.ReasonPrivacyForbidden, "can not message yourself")
	}
	to, err := s.store.UserByID(ctx, recipient)
	if domain.IsKind(err, domain.KindNotFound) {
		return domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "user does not exist")
	}
	if err != nil {
		return err
	}
	return s.mayAct(ctx, s.store, sender, to, to.Privacy.Message)
}
