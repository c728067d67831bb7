package sqlstore

import (
	"context"
	"time"
)

func (r *reads) TopStatusOf(ctx context.Context, userID int64) (int64, error) {
	ids, err := r.c.ids(ctx, "SELECT status_id FROM top_statuses WHERE user_id = ?", userID)
	if err != nil || len(ids) == 0 {
		return 0, dbErr(err, "top status", "")
	}
	return ids[0], nil
}

func (r *reads) ActiveDays(ctx context.Context, userID int64) (int, error) {
	n, err := r.c.count(ctx, "SELECT COUNT(DISTINCT created_at / 86400000) FROM statuses WHERE user_id = ? AND deleted = 0", userID)
	return n, dbErr(err, "active days", "")
}

func (t *tx) SetTopStatus(ctx context.Context, userID, statusID int64, at time.Time) error {
	_, err := t.c.exec(ctx, `INSERT INTO top_statuses (user_id, status_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET status_id = excluded.status_id, created_at = excluded.created_at`,
		userID, statusID, toMillis(at))
	return dbErr(err, "set top status", "")
}

func (t *tx) ClearTopStatus(ctx context.Context, userID int64) error {
	_, err := t.c.exec(ctx, "DELETE FROM top_statuses WHERE user_id = ?", userID)
	return dbErr(err, "clear top status", "")
}
