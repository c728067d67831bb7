package sqlstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

func (r *reads) SessionByHash(ctx context.Context, hash string) (*domain.Session, error) {
	s := domain.Session{IDHash: hash}
	var created, expires int64
	err := r.c.queryRow(ctx, "SELECT user_id, created_at, expires_at FROM sessions WHERE id_hash = ?", hash).
		Scan(&s.UserID, &created, &expires)
	if err != nil {
		return nil, dbErr(err, "session", domain.ReasonNone)
	}
	s.CreatedAt, s.ExpiresAt = fromMillis(created), fromMillis(expires)
	return &s, nil
}

// CreateSession also deletes the sessions that have expired, a few at a
// time, so that the table does not grow with every sign-in ever made.
func (t *tx) CreateSession(ctx context.Context, s *domain.Session) error {
	_, err := t.c.exec(ctx, "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		s.IDHash, s.UserID, toMillis(s.CreatedAt), toMillis(s.ExpiresAt))
	if err != nil {
		return dbErr(err, "create session", "")
	}
	_, err = t.c.exec(ctx, `DELETE FROM sessions WHERE id_hash IN
		(SELECT id_hash FROM sessions WHERE expires_at < ? ORDER BY expires_at LIMIT 10)`, toMillis(s.CreatedAt))
	return dbErr(err, "expire sessions", "")
}

func (t *tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := t.c.exec(ctx, "DELETE FROM sessions WHERE id_hash = ?", hash)
	return dbErr(err, "delete session", "")
}
