package core

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Registration modes (--registrations): who may create an account by
// signing up (web sign-up and any API path that creates users). Accounts
// made by the operator's CLI or an admin (CreateUserInput.By) are not
// governed by it.
const (
	RegistrationsOpen     = "open"     // anyone
	RegistrationsApproval = "approval" // anyone, but the account waits for a moderator (domain.UserPending)
	RegistrationsInvite   = "invite"   // with an invitation code a user or an admin made
	RegistrationsClosed   = "closed"   // no one
)

// ValidRegistrations reports whether m is a registration mode.
func ValidRegistrations(m string) bool {
	switch m {
	case RegistrationsOpen, RegistrationsApproval, RegistrationsInvite, RegistrationsClosed:
		return true
	}
	return false
}

// Registrations is the instance's registration mode.
func (s *Service) Registrations() string {
	if s.opts.Registrations == "" {
		return RegistrationsOpen
	}
	return s.opts.Registrations
}

// Bounds of invitations.
const (
	MaxInviteUses     = 100                 // uses of one code an admin makes
	MaxUserInviteUses = 5                   // uses of one code an ordinary user makes
	MaxInviteTTL      = 90 * 24 * time.Hour // longest an invitation lasts
	DefaultInviteTTL  = 7 * 24 * time.Hour  // when none is asked
	MaxInvitesListed  = 50                  // invitations a settings page lists
)

// ErrRegistrationsClosed answers a sign-up when --registrations closed.
var ErrRegistrationsClosed = domain.E(domain.KindForbidden, domain.ReasonNone, "registrations are closed on this server")

// admission checks a person's sign-up against the registration mode inside
// the creating transaction: it spends the invitation, and tells whether the
// account waits for approval.
func (s *Service) admission(ctx context.Context, tx domain.Tx, invite string) (pending bool, err error) {
	switch s.Registrations() {
	case RegistrationsClosed:
		return false, ErrRegistrationsClosed
	case RegistrationsApproval:
		return true, nil
	case RegistrationsInvite:
		code := strings.TrimSpace(invite)
		if code == "" {
			return false, domain.MissingParam("invite")
		}
		err := tx.UseInvite(ctx, hashSecret(code), s.now())
		if domain.IsKind(err, domain.KindNotFound) {
			return false, domain.BadParam("invite", "a valid invitation code", "")
		}
		return false, err
	}
	return false, nil
}

// CreateInvite makes an invitation code good for uses sign-ups until ttl
// from now (0: DefaultInviteTTL). Any active user may invite (up to
// MaxUserInviteUses per code); admins and the operator up to MaxInviteUses.
// The code is shown once; only its hash is kept.
func (s *Service) CreateInvite(ctx context.Context, a Actor, uses int, ttl time.Duration) (string, *domain.Invite, error) {
	role, err := s.actorRole(ctx, a)
	if err != nil {
		return "", nil, err
	}
	maxUses := MaxUserInviteUses
	if role == domain.RoleAdmin {
		maxUses = MaxInviteUses
	}
	if uses <= 0 || uses > maxUses {
		return "", nil, domain.BadParam("uses", "1 to "+itoa(maxUses), itoa(uses))
	}
	if ttl == 0 {
		ttl = DefaultInviteTTL
	}
	if ttl < 0 || ttl > MaxInviteTTL {
		return "", nil, domain.BadParam("expires", "up to 90 days", ttl.String())
	}
	code := randomToken(12)
	now := s.now()
	inv := &domain.Invite{CodeHash: hashSecret(code), CreatedBy: a.UserID, CreatedAt: now, ExpiresAt: now.Add(ttl), UsesLeft: uses}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreateInvite(ctx, inv); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, AuditInvite, 0, 0, itoa(uses)+" uses, "+ttl.String())
	})
	if err != nil {
		return "", nil, err
	}
	return code, inv, nil
}

// Invites lists the invitations the user made.
func (s *Service) Invites(ctx context.Context, userID int64) ([]domain.Invite, error) {
	return s.store.InvitesBy(ctx, userID, MaxInvitesListed)
}

// MaxPendingPage bounds a page of accounts waiting for approval.
const MaxPendingPage = 100

// PendingAccounts lists accounts waiting for approval, newest first.
func (s *Service) PendingAccounts(ctx context.Context, a Actor, beforeID int64, limit int) ([]*domain.Account, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return nil, err
	}
	st := domain.UserPending
	return s.store.Accounts(ctx, domain.AccountQuery{State: &st, BeforeID: beforeID, Limit: min(max(limit, 1), MaxPendingPage)})
}

// ApproveUser lets a pending account in: it becomes active and may sign in.
func (s *Service) ApproveUser(ctx context.Context, a Actor, name string) error {
	acc, err := s.pendingTarget(ctx, a, name)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := tx.SetUserState(ctx, acc.User.ID, domain.UserPending, domain.UserActive, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, AuditApprove, acc.User.ID, 0, acc.User.ScreenName)
	})
}

// RejectUser refuses a pending account: it is removed, and its name is
// free again.
func (s *Service) RejectUser(ctx context.Context, a Actor, name, note string) error {
	acc, err := s.pendingTarget(ctx, a, name)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeletePendingUser(ctx, acc.User.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, AuditReject, acc.User.ID, 0, acc.User.ScreenName+": "+note)
	})
}

func (s *Service) pendingTarget(ctx context.Context, a Actor, name string) (*domain.Account, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return nil, err
	}
	acc, err := s.Account(ctx, name)
	if err != nil {
		return nil, err
	}
	if acc.State != domain.UserPending {
		return nil, domain.E(domain.KindConflict, domain.ReasonNone, "the account is not waiting for approval")
	}
	return acc, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
