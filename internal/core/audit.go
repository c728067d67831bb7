package core

import (
	"context"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Audit actions: what the audit log records (domain.AuditEntry.Action).
const (
	AuditSignIn      = "signin"       // a browser session started (site, consent pages)
	AuditTokenGrant  = "token.grant"  // an app was given an access token (TargetID: app)
	AuditTokenRevoke = "token.revoke" // tokens of an app were revoked (TargetID: app)
	AuditRole        = "user.role"    // Note: the new role
	AuditSuspend     = "user.suspend" // Note: the moderator's reason
	AuditSilence     = "user.silence" // Note: the moderator's reason
	AuditRestore     = "user.restore" // suspension and silence lifted
	AuditDeactivate  = "user.deactivate"
	AuditDelete      = "user.delete"   // an account deleted (Note: its screen name)
	AuditPurge       = "user.purge"    // a deleted account's content removed (Note: counts)
	AuditExport      = "user.export"   // a person's data exported
	AuditCreate      = "user.create"   // an account made by the operator or an admin
	AuditSignUp      = "user.signup"   // a person signed up (Note: "pending" when it waits for approval)
	AuditApprove     = "user.approve"  // a pending account let in
	AuditReject      = "user.reject"   // a pending account refused (removed)
	AuditInvite      = "invite.create" // an invitation code made (Note: uses, lifetime)
)

// MaxAuditPage bounds one page of the audit log.
const MaxAuditPage = 500

// audit appends an entry in the action's own transaction: the log has a
// line exactly when the action happened.
func (s *Service) audit(ctx context.Context, tx domain.Tx, a Actor, action string, targetUser, targetID int64, note string) error {
	err := tx.AppendAudit(ctx, domain.AuditEntry{At: s.now(), ActorID: a.UserID, Action: action,
		TargetUserID: targetUser, TargetID: targetID, Note: note, IP: a.IP})
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// AuditLog pages the audit log for an admin, newest first.
func (s *Service) AuditLog(ctx context.Context, a Actor, since time.Time, beforeID int64, limit int) ([]domain.AuditEntry, error) {
	if err := s.RequireAdmin(ctx, a); err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), MaxAuditPage)
	return s.store.AuditLog(ctx, domain.AuditQuery{Since: since, BeforeID: beforeID, Limit: limit})
}
