package sqlstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

const oauth1Cols = "token_hash, secret, access, app_id, user_id, callback, verifier_hash, created_at, expires_at, used, revoked"

func (r *reads) OAuth1TokenByHash(ctx context.Context, hash string) (*domain.OAuth1Token, error) {
	var t domain.OAuth1Token
	var access, used, revoked int
	var created, expires int64
	err := r.c.queryRow(ctx, "SELECT "+oauth1Cols+" FROM oauth1_tokens WHERE token_hash = ?", hash).Scan(
		&t.TokenHash, &t.Secret, &access, &t.AppID, &t.UserID, &t.Callback, &t.VerifierHash, &created, &expires, &used, &revoked)
	if err != nil {
		return nil, dbErr(err, "oauth1 token", domain.ReasonNone)
	}
	t.Access, t.Used, t.Revoked = access != 0, used != 0, revoked != 0
	t.CreatedAt = fromMillis(created)
	if expires != 0 {
		t.ExpiresAt = fromMillis(expires)
	}
	return &t, nil
}

func (r *reads) AppSigningSecret(ctx context.Context, appID int64) (string, error) {
	var s string
	err := r.c.queryRow(ctx, "SELECT secret FROM app_signing_secrets WHERE app_id = ?", appID).Scan(&s)
	if err != nil {
		return "", dbErr(err, "app signing secret", domain.ReasonNone)
	}
	return s, nil
}

// CreateOAuth1Token also deletes a few request tokens that have expired,
// so that abandoned authorizations do not pile up.
func (t *tx) CreateOAuth1Token(ctx context.Context, o *domain.OAuth1Token) error {
	var expires int64
	if !o.ExpiresAt.IsZero() {
		expires = toMillis(o.ExpiresAt)
	}
	_, err := t.c.exec(ctx, "INSERT INTO oauth1_tokens ("+oauth1Cols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		o.TokenHash, o.Secret, boolInt(o.Access), o.AppID, o.UserID, o.Callback, o.VerifierHash, toMillis(o.CreatedAt),
		expires, boolInt(o.Used), boolInt(o.Revoked))
	if err != nil {
		return newRowErr(err, "create oauth1 token")
	}
	_, err = t.c.exec(ctx, `DELETE FROM oauth1_tokens WHERE token_hash IN
		(SELECT token_hash FROM oauth1_tokens WHERE expires_at > 0 AND expires_at < ? ORDER BY expires_at LIMIT 10)`,
		toMillis(o.CreatedAt))
	return dbErr(err, "expire oauth1 request tokens", "")
}

func (t *tx) AuthorizeOAuth1Token(ctx context.Context, hash string, userID int64, verifierHash string) error {
	res, err := t.c.exec(ctx, `UPDATE oauth1_tokens SET user_id = ?, verifier_hash = ?
		WHERE token_hash = ? AND access = 0 AND used = 0 AND user_id = 0`, userID, verifierHash, hash)
	if err != nil {
		return dbErr(err, "authorize oauth1 token", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	return &domain.Error{Kind: domain.KindConflict, Msg: "request token already authorized, used or unknown"}
}

func (t *tx) UseOAuth1Token(ctx context.Context, hash string) error {
	res, err := t.c.exec(ctx, "UPDATE oauth1_tokens SET used = 1 WHERE token_hash = ? AND used = 0", hash)
	if err != nil {
		return dbErr(err, "use oauth1 token", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	return &domain.Error{Kind: domain.KindConflict, Msg: "request token already used"}
}

func (t *tx) RevokeOAuth1Tokens(ctx context.Context, userID, appID int64) error {
	_, err := t.c.exec(ctx, "UPDATE oauth1_tokens SET revoked = 1 WHERE user_id = ? AND app_id = ? AND access = 1 AND revoked = 0",
		userID, appID)
	return dbErr(err, "revoke oauth1 tokens", "")
}

func (t *tx) SetAppSigningSecret(ctx context.Context, appID int64, secret string) error {
	_, err := t.c.exec(ctx, `INSERT INTO app_signing_secrets (app_id, secret) VALUES (?, ?)
		ON CONFLICT (app_id) DO UPDATE SET secret = excluded.secret`, appID, secret)
	return dbErr(err, "set app signing secret", "")
}
