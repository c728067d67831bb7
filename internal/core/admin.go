package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Administration and moderation (issue 17): roles, suspension and silencing.
//
// A suspended account is hidden by the same mechanism as a deactivated one
// (users.state, account_state.go): the store's user reads answer "not found"
// for it and its statuses are withdrawn in the same transaction, so it
// vanishes from every read path of every dialect, the site and search
// without a check per handler, and a warm home timeline pays nothing for it
// (cached statuses and users are dropped when the state changes). Sessions
// end and tokens are revoked in that transaction. Follow edges stay, so
// lifting the suspension (RestoreUser) brings back the account, its
// statuses (exactly those withdrawn with it) and its place in others' homes.
//
// A silenced account stays a user; the visibility code (visibility.go)
// shows its statuses only to its followers, and the public timeline,
// trends and suggestions leave it out.

// Actor is who performs an administrative action: a signed-in moderator or
// admin (UserID), or the operator at the terminal (UserID 0, the CLI).
type Actor struct {
	UserID int64
	IP     string
}

// Operator is the actor of the command line.
var Operator = Actor{}

// errNotModerator answers an action its actor's role does not allow.
var errNotModerator = domain.E(domain.KindForbidden, domain.ReasonNone, "this needs a moderator or an admin")

// actorRole returns the role the actor acts with (admin for the operator).
func (s *Service) actorRole(ctx context.Context, a Actor) (string, error) {
	if a.UserID == 0 {
		return domain.RoleAdmin, nil
	}
	u, err := s.store.UserByID(ctx, a.UserID)
	if domain.IsKind(err, domain.KindNotFound) {
		return "", errNotModerator
	}
	if err != nil {
		return "", err
	}
	return u.Role, nil
}

// RequireModerator fails unless the actor may moderate.
func (s *Service) RequireModerator(ctx context.Context, a Actor) error {
	role, err := s.actorRole(ctx, a)
	if err != nil {
		return err
	}
	if !domain.Moderates(role) {
		return errNotModerator
	}
	return nil
}

// RequireAdmin fails unless the actor is an admin.
func (s *Service) RequireAdmin(ctx context.Context, a Actor) error {
	role, err := s.actorRole(ctx, a)
	if err != nil {
		return err
	}
	if role != domain.RoleAdmin {
		return domain.E(domain.KindForbidden, domain.ReasonNone, "this needs an admin")
	}
	return nil
}

// Account returns an account in any state, by screen name or, for a name
// of digits, by id.
func (s *Service) Account(ctx context.Context, name string) (*domain.Account, error) {
	name = trimName(name)
	if name == "" {
		return nil, domain.MissingParam("screen_name")
	}
	acc, err := s.store.AccountByName(ctx, name)
	if domain.IsKind(err, domain.KindNotFound) {
		var id int64
		if _, perr := fmt.Sscan(name, &id); perr == nil && id > 0 {
			acc, err = s.store.AccountByID(ctx, id)
		}
	}
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "no user "+name)
	}
	return acc, err
}

// target loads the account an action is aimed at and checks the actor may
// act on it: nobody acts on themselves, and only an admin acts on a
// moderator or an admin.
func (s *Service) target(ctx context.Context, a Actor, name string) (*domain.Account, error) {
	role, err := s.actorRole(ctx, a)
	if err != nil {
		return nil, err
	}
	if !domain.Moderates(role) {
		return nil, errNotModerator
	}
	acc, err := s.Account(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := mayActOn(a, role, acc.User); err != nil {
		return nil, err
	}
	return acc, nil
}

// mayActOn checks an actor of role may act on u's account or content:
// nobody moderates themselves, and only an admin a moderator or an admin.
func mayActOn(a Actor, role string, u *domain.User) error {
	if !domain.Moderates(role) {
		return errNotModerator
	}
	if a.UserID != 0 && u.ID == a.UserID {
		return domain.E(domain.KindForbidden, domain.ReasonNone, "you cannot act on your own account")
	}
	if role != domain.RoleAdmin && domain.Moderates(u.Role) {
		return domain.E(domain.KindForbidden, domain.ReasonNone, "only an admin acts on a moderator or an admin")
	}
	return nil
}

// SetRole gives the named user a role (admin only).
func (s *Service) SetRole(ctx context.Context, a Actor, name, role string) (*domain.Account, error) {
	if !domain.ValidRole(role) {
		return nil, domain.BadParam("role", "admin, moderator or user", role)
	}
	if err := s.RequireAdmin(ctx, a); err != nil {
		return nil, err
	}
	acc, err := s.Account(ctx, name)
	if err != nil {
		return nil, err
	}
	if a.UserID != 0 && acc.User.ID == a.UserID && role != domain.RoleAdmin {
		return nil, domain.E(domain.KindForbidden, domain.ReasonNone, "an admin cannot lower their own role")
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.SetRole(ctx, acc.User.ID, role); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, AuditRole, acc.User.ID, 0, roleName(role))
	})
	if err != nil {
		return nil, err
	}
	acc.User.Role = role
	return acc, nil
}

func roleName(role string) string {
	if role == domain.RoleUser {
		return "user"
	}
	return role
}

// ParseRole reads a role as the CLI and the admin pages spell it ("user"
// or "" for none).
func ParseRole(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "user" || s == "none" {
		s = domain.RoleUser
	}
	return s, domain.ValidRole(s)
}

// SuspendUser suspends the named account: at once, in one transaction, it
// is hidden (state UserSuspended, statuses withdrawn), its sessions end and
// every token it gave an app is revoked.
func (s *Service) SuspendUser(ctx context.Context, a Actor, name, note string) error {
	acc, err := s.target(ctx, a, name)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error { return s.suspendTx(ctx, tx, a, acc, note) })
}

// suspendTx suspends acc inside tx (the actor's right checked by the caller).
func (s *Service) suspendTx(ctx context.Context, tx domain.Tx, a Actor, acc *domain.Account, note string) error {
	if acc.State != domain.UserActive {
		return domain.E(domain.KindConflict, domain.ReasonNone, "the account is not active")
	}
	withdrawn, err := s.hideAccount(ctx, tx, acc.User.ID, domain.UserSuspended)
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "suspending account", "user", acc.User.ID, "by", a.UserID, "statuses_withdrawn", len(withdrawn))
	return s.audit(ctx, tx, a, AuditSuspend, acc.User.ID, 0, note)
}

// SilenceUser silences the named account: its statuses are seen by its
// followers only, and it leaves the public timeline, trends and suggestions.
func (s *Service) SilenceUser(ctx context.Context, a Actor, name, note string) error {
	acc, err := s.target(ctx, a, name)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error { return s.silenceTx(ctx, tx, a, acc, note) })
}

// silenceTx silences acc inside tx (the actor's right checked by the caller).
func (s *Service) silenceTx(ctx context.Context, tx domain.Tx, a Actor, acc *domain.Account, note string) error {
	if acc.State != domain.UserActive {
		return domain.E(domain.KindConflict, domain.ReasonNone, "the account is not active")
	}
	if err := tx.SetSilenced(ctx, acc.User.ID, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, AuditSilence, acc.User.ID, 0, note)
}

// RestoreUser lifts a suspension and a silence: the account, its statuses
// withdrawn with the suspension and its follows are back. Its tokens stay
// revoked (its apps ask it to sign in again). A deactivated account (its
// owner's choice) cannot be restored.
func (s *Service) RestoreUser(ctx context.Context, a Actor, name, note string) error {
	acc, err := s.target(ctx, a, name)
	if err != nil {
		return err
	}
	if acc.State != domain.UserSuspended && acc.State != domain.UserActive {
		return domain.E(domain.KindConflict, domain.ReasonNone, "the account was closed by its owner")
	}
	if acc.State == domain.UserActive && !acc.User.Silenced {
		return domain.E(domain.KindConflict, domain.ReasonNone, "the account is neither suspended nor silenced")
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if acc.State == domain.UserSuspended {
			if _, err := tx.SetUserState(ctx, acc.User.ID, domain.UserSuspended, domain.UserActive, s.now()); err != nil {
				return err
			}
		}
		if acc.User.Silenced {
			if err := tx.SetSilenced(ctx, acc.User.ID, time.Time{}); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, AuditRestore, acc.User.ID, 0, note)
	})
}

// hideAccount moves an active account to a hidden state (deactivated,
// suspended) inside tx: statuses withdrawn, every session ended, every app
// token (OAuth 2.0 and 1.0a) revoked.
func (s *Service) hideAccount(ctx context.Context, tx domain.Tx, userID int64, state int) ([]int64, error) {
	withdrawn, err := tx.SetUserState(ctx, userID, domain.UserActive, state, s.now())
	if err != nil {
		return nil, err
	}
	if err := s.endAccess(ctx, tx, userID); err != nil {
		return nil, err
	}
	return withdrawn, nil
}

// endAccess ends every browser session of the user and revokes every app
// token (OAuth 2.0 and 1.0a) inside tx. The revocations go through the
// cache's per (user, app) revocation, which every node sees once the
// cache is shared.
func (s *Service) endAccess(ctx context.Context, tx domain.Tx, userID int64) error {
	if err := tx.DeleteUserSessions(ctx, userID, ""); err != nil {
		return err
	}
	// Every app holding live tokens; an expired token needs no revoking.
	for {
		gs, err := tx.AppGrants(ctx, userID, s.now(), MaxAppGrants)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if err := revokeAppTokens(ctx, tx, userID, g.AppID); err != nil {
				return err
			}
		}
		if len(gs) < MaxAppGrants {
			return nil
		}
	}
}
