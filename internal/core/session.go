package core

import (
	"context"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// SessionTTL is how long a browser session lasts after sign-in.
const SessionTTL = 14 * 24 * time.Hour

// StartSession signs userID in for a browser: it returns the session's
// secret (for a cookie) and when it expires. Only the secret's hash is
// stored. ip, the client's address, goes to the audit log's sign-in line.
func (s *Service) StartSession(ctx context.Context, userID int64, ip string) (string, time.Time, error) {
	secret := randomToken(32)
	now := s.now()
	sess := &domain.Session{IDHash: hashSecret(secret), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(SessionTTL)}
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{UserID: userID, IP: ip}, AuditSignIn, userID, 0, "")
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("start session: %w", err)
	}
	return secret, sess.ExpiresAt, nil
}

// SessionUser returns the user a session secret signs in, or a
// KindUnauthenticated error when there is no such live session.
func (s *Service) SessionUser(ctx context.Context, secret string) (*domain.User, error) {
	none := domain.E(domain.KindUnauthenticated, domain.ReasonNone, "no session")
	if secret == "" {
		return nil, none
	}
	sess, err := s.store.SessionByHash(ctx, hashSecret(secret))
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, none
	}
	if err != nil {
		return nil, err
	}
	if !s.now().Before(sess.ExpiresAt) {
		return nil, none
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, none
	}
	return u, err
}

// SignOut ends a browser session; an unknown one is no error.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error { return tx.DeleteSession(ctx, hashSecret(secret)) })
}
