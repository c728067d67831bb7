package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// MaxAppGrants bounds the authorised apps a settings page lists.
const MaxAppGrants = 200

// AuthorizedApp is an app holding live tokens of the person: the settings
// page's "authorised apps", each with a revoke button.
type AuthorizedApp struct {
	App   *domain.App
	Grant domain.AppGrant
}

// AuthorizedApps lists the apps holding live access tokens (OAuth 2.0 or
// 1.0a) of userID, most recently authorised first.
func (s *Service) AuthorizedApps(ctx context.Context, userID int64) ([]AuthorizedApp, error) {
	gs, err := s.store.AppGrants(ctx, userID, s.now(), MaxAppGrants)
	if err != nil {
		return nil, fmt.Errorf("app grants: %w", err)
	}
	out := make([]AuthorizedApp, 0, len(gs))
	for _, g := range gs {
		app, err := s.store.AppByID(ctx, g.AppID)
		if domain.IsKind(err, domain.KindNotFound) {
			continue // tokens of an app that is gone grant nothing
		}
		if err != nil {
			return nil, fmt.Errorf("app %d: %w", g.AppID, err)
		}
		out = append(out, AuthorizedApp{App: app, Grant: g})
	}
	return out, nil
}

// RevokeApp revokes every token userID gave the app (app key), OAuth 2.0
// and 1.0a alike, in one transaction: the app's next call is refused. An
// unknown app is KindNotFound; one holding no tokens is no error.
func (s *Service) RevokeApp(ctx context.Context, v domain.Viewer, appKey string) error {
	userID := v.UserID
	app, err := s.store.AppByKey(ctx, appKey)
	if domain.IsKind(err, domain.KindNotFound) {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "no such app")
	}
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := revokeAppTokens(ctx, tx, userID, app.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{UserID: userID, IP: v.IP}, AuditTokenRevoke, userID, app.ID, "")
	})
}

// confirmPassword checks the viewer's password as a sign-in does (guard
// included) before an action on their whole account, and returns them.
func (s *Service) confirmPassword(ctx context.Context, v domain.Viewer, password string) (*domain.User, error) {
	u, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Authenticate(ctx, LoginAttempt{Login: u.ScreenName, Password: password, IP: v.IP}); err != nil {
		if domain.IsKind(err, domain.KindUnauthenticated) {
			return nil, domain.E(domain.KindUnauthenticated, domain.ReasonBadPassword, "the password is wrong")
		}
		return nil, err
	}
	return u, nil
}

func revokeAppTokens(ctx context.Context, tx domain.Tx, userID, appID int64) error {
	if err := tx.RevokeTokens(ctx, userID, appID); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	if err := tx.RevokeOAuth1Tokens(ctx, userID, appID); err != nil {
		return fmt.Errorf("revoke oauth1 tokens: %w", err)
	}
	return nil
}

// DeactivateAccount closes the viewer's account, after checking their
// password as a sign-in does (guard included). It is final, and at once,
// in one transaction:
//   - the account's state becomes domain.UserDeactivated: the store's user
//     reads answer "not found" for it, so it disappears from every read path
//     of every dialect and of the site (profiles, lists, search, mentions,
//     comments by it), sign-in with its name fails like a wrong password,
//     and its name, e-mail and domain stay taken (no one may pose as it);
//   - its statuses are withdrawn (statuses.deleted = domain.StatusWithdrawn):
//     every read that skips deleted statuses skips them, and reposts of them
//     show the original as deleted;
//   - every browser session ends and every app token (OAuth 2.0 and 1.0a)
//     is revoked.
//
// The rows are kept, withdrawn, not erased. Counters others see (their
// followers count, a status's repost and comment counts) are not lowered.
func (s *Service) DeactivateAccount(ctx context.Context, v domain.Viewer, password string) error {
	u, err := s.confirmPassword(ctx, v, password)
	if err != nil {
		return err
	}
	var withdrawn []int64
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if withdrawn, err = s.hideAccount(ctx, tx, u.ID, domain.UserDeactivated); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{UserID: u.ID, IP: v.IP}, AuditDeactivate, u.ID, 0, "")
	})
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "account deactivated", "user", u.ID, "statuses_withdrawn", len(withdrawn))
	return nil
}
