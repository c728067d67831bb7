package sqlstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

func (t *tx) UpdateProfile(ctx context.Context, userID int64, p domain.ProfileChange) error {
	q := `UPDATE users SET screen_name = ?, screen_name_key = ?, description = ?, location = ?, gender = ?`
	args := []any{p.ScreenName, nameKey(p.ScreenName), p.Description, p.Location, p.Gender}
	if p.Province != nil {
		q, args = q+", province = ?", append(args, *p.Province)
	}
	if p.City != nil {
		q, args = q+", city = ?", append(args, *p.City)
	}
	res, err := t.c.exec(ctx, q+" WHERE id = ?", append(args, userID)...)
	if err != nil {
		return dbErr(err, "update profile", domain.ReasonUserNotFound)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("update profile", domain.ReasonUserNotFound)
	}
	return nil
}

func (t *tx) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	res, err := t.c.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	if err != nil {
		return dbErr(err, "set password", domain.ReasonUserNotFound)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set password", domain.ReasonUserNotFound)
	}
	return nil
}

func (t *tx) DeleteUserSessions(ctx context.Context, userID int64, keepHash string) error {
	_, err := t.c.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", userID, keepHash)
	return dbErr(err, "delete sessions", "")
}

var _ domain.AccountWriter = (*tx)(nil)
