package sqlstore

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

const appCols = "id, app_key, secret_hash, name, redirect_uri, level, url, created_at"

func scanApp(r rowScanner) (*domain.App, error) {
	var a domain.App
	var level string
	var created int64
	if err := r.Scan(&a.ID, &a.Key, &a.SecretHash, &a.Name, &a.RedirectURI, &level, &a.URL, &created); err != nil {
		return nil, err
	}
	a.Level = domain.AppLevel(level)
	a.CreatedAt = fromMillis(created)
	return &a, nil
}

func (r *reads) AppByKey(ctx context.Context, key string) (*domain.App, error) {
	a, err := scanApp(r.c.queryRow(ctx, "SELECT "+appCols+" FROM apps WHERE app_key = ?", key))
	return a, dbErr(err, "app by key", "")
}

func (r *reads) AppByID(ctx context.Context, id int64) (*domain.App, error) {
	a, err := scanApp(r.c.queryRow(ctx, "SELECT "+appCols+" FROM apps WHERE id = ?", id))
	return a, dbErr(err, "app by id", "")
}

func (t *tx) CreateApp(ctx context.Context, a *domain.App) error {
	level := a.Level
	if level == "" {
		level = domain.AppLevelNormal
	}
	_, err := t.c.exec(ctx, "INSERT INTO apps ("+appCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		a.ID, a.Key, a.SecretHash, a.Name, a.RedirectURI, string(level), a.URL, toMillis(a.CreatedAt))
	if isUniqueViolation(err) && !isPrimaryKeyViolation(err) {
		// The only other unique column is the app key, which the core
		// generates at random: as much a generated id as the id.
		return &domain.Error{Kind: domain.KindInternal, Msg: "create app: generated app key already in use",
			Err: fmt.Errorf("%w: %w", domain.ErrIDTaken, err)}
	}
	return newRowErr(err, "create app")
}

const tokenCols = "access_hash, refresh_hash, user_id, app_id, scopes, created_at, expires_at, revoked, code_hash"

func scanToken(r rowScanner) (*domain.Token, error) {
	var t domain.Token
	var refresh, code *string
	var scopes string
	var created, expires int64
	var revoked int
	if err := r.Scan(&t.AccessHash, &refresh, &t.UserID, &t.AppID, &scopes, &created, &expires, &revoked, &code); err != nil {
		return nil, err
	}
	if refresh != nil {
		t.RefreshHash = *refresh
	}
	if code != nil {
		t.CodeHash = *code
	}
	t.Scopes = splitList(scopes)
	t.CreatedAt, t.ExpiresAt = fromMillis(created), fromMillis(expires)
	t.Revoked = revoked != 0
	return &t, nil
}

func (r *reads) TokenByAccessHash(ctx context.Context, hash string) (*domain.Token, error) {
	t, err := scanToken(r.c.queryRow(ctx, "SELECT "+tokenCols+" FROM tokens WHERE access_hash = ?", hash))
	return t, dbErr(err, "token", "")
}

func (r *reads) TokenByRefreshHash(ctx context.Context, hash string) (*domain.Token, error) {
	if hash == "" {
		return nil, notFound("token by refresh hash", "")
	}
	t, err := scanToken(r.c.queryRow(ctx, "SELECT "+tokenCols+" FROM tokens WHERE refresh_hash = ?", hash))
	return t, dbErr(err, "token by refresh hash", "")
}

func (t *tx) CreateToken(ctx context.Context, tok *domain.Token) error {
	_, err := t.c.exec(ctx, "INSERT INTO tokens ("+tokenCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		tok.AccessHash, nullString(tok.RefreshHash), tok.UserID, tok.AppID, joinList(tok.Scopes),
		toMillis(tok.CreatedAt), toMillis(tok.ExpiresAt), boolInt(tok.Revoked), nullString(tok.CodeHash))
	return dbErr(err, "create token", "")
}

func (t *tx) RevokeTokens(ctx context.Context, userID, appID int64) error {
	if _, err := t.c.exec(ctx, "UPDATE tokens SET revoked = 1 WHERE user_id = ? AND app_id = ? AND revoked = 0", userID, appID); err != nil {
		return dbErr(err, "revoke tokens", "")
	}
	// A code the user approved but the app has not exchanged yet is part of
	// the same grant: spent now, it cannot mint a token after the revocation.
	_, err := t.c.exec(ctx, "UPDATE auth_codes SET used = 1 WHERE user_id = ? AND app_id = ? AND used = 0", userID, appID)
	return dbErr(err, "revoke auth codes", "")
}

// RevokeToken revokes one token; revoking a revoked token is not an error, an
// unknown one is KindNotFound.
func (t *tx) RevokeToken(ctx context.Context, accessHash string) error {
	res, err := t.c.exec(ctx, "UPDATE tokens SET revoked = 1 WHERE access_hash = ?", accessHash)
	if err != nil {
		return dbErr(err, "revoke token", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("revoke token", "")
	}
	return nil
}

const authCodeCols = "code_hash, app_id, user_id, redirect_uri, scopes, expires_at, used"

func (r *reads) AuthCodeByHash(ctx context.Context, hash string) (*domain.AuthCode, error) {
	var c domain.AuthCode
	var scopes string
	var expires int64
	var used int
	err := r.c.queryRow(ctx, "SELECT "+authCodeCols+" FROM auth_codes WHERE code_hash = ?", hash).
		Scan(&c.CodeHash, &c.AppID, &c.UserID, &c.RedirectURI, &scopes, &expires, &used)
	if err != nil {
		return nil, dbErr(err, "auth code", "")
	}
	c.Scopes = splitList(scopes)
	c.ExpiresAt = fromMillis(expires)
	c.Used = used != 0
	return &c, nil
}

func (t *tx) CreateAuthCode(ctx context.Context, c *domain.AuthCode) error {
	_, err := t.c.exec(ctx, "INSERT INTO auth_codes ("+authCodeCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		c.CodeHash, c.AppID, c.UserID, c.RedirectURI, joinList(c.Scopes), toMillis(c.ExpiresAt), boolInt(c.Used))
	return dbErr(err, "create auth code", "")
}

func (t *tx) UseAuthCode(ctx context.Context, hash string) error {
	res, err := t.c.exec(ctx, "UPDATE auth_codes SET used = 1 WHERE code_hash = ? AND used = 0", hash)
	if err != nil {
		return dbErr(err, "use auth code", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	var used int
	if err := t.c.queryRow(ctx, "SELECT used FROM auth_codes WHERE code_hash = ?", hash).Scan(&used); err != nil {
		return dbErr(err, "use auth code", "")
	}
	return &domain.Error{Kind: domain.KindConflict, Msg: "auth code already used"}
}

func (r *reads) AppSecretHash(ctx context.Context, appID int64) (string, error) {
	var h string
	err := r.c.queryRow(ctx, "SELECT secret_hash FROM apps WHERE id = ?", appID).Scan(&h)
	return h, dbErr(err, "app secret hash", "")
}

func (t *tx) SetAppSecretHash(ctx context.Context, appID int64, hash string) error {
	res, err := t.c.exec(ctx, "UPDATE apps SET secret_hash = ? WHERE id = ?", hash, appID)
	if err != nil {
		return dbErr(err, "set app secret", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set app secret", "")
	}
	return nil
}
