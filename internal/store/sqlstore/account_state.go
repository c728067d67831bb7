package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// AppGrants lists the apps holding live access tokens of the user, from
// both token tables (OAuth 2.0 and the Tencent dialect's OAuth 1.0a), by
// the (user_id, app_id) indexes both have.
func (r *reads) AppGrants(ctx context.Context, userID int64, now time.Time, limit int) ([]domain.AppGrant, error) {
	if limit <= 0 {
		return nil, nil
	}
	at := toMillis(now)
	rows, err := r.c.query(ctx, `SELECT app_id, MIN(created_at), MAX(created_at) FROM (
		SELECT app_id, created_at FROM tokens WHERE user_id = ? AND revoked = 0 AND (expires_at = 0 OR expires_at > ?)
		UNION ALL
		SELECT app_id, created_at FROM oauth1_tokens WHERE user_id = ? AND access = 1 AND revoked = 0
			AND (expires_at = 0 OR expires_at > ?)) g
		GROUP BY app_id ORDER BY MAX(created_at) DESC, app_id LIMIT ?`, userID, at, userID, at, limit)
	if err != nil {
		return nil, dbErr(err, "app grants", "")
	}
	defer rows.Close()
	var out []domain.AppGrant
	for rows.Next() {
		var g domain.AppGrant
		var since, latest int64
		if err := rows.Scan(&g.AppID, &since, &latest); err != nil {
			return nil, dbErr(err, "app grants", "")
		}
		g.Since, g.Latest = fromMillis(since), fromMillis(latest)
		out = append(out, g)
	}
	return out, dbErr(rows.Err(), "app grants", "")
}

// SetUserState moves the account from one state to another. Leaving the
// active state withdraws its live statuses in the same transaction; coming
// back restores those withdrawn (deleted = domain.StatusWithdrawn), not
// those deleted by hand. The public-status tally follows, as if each had
// been deleted or posted again.
func (t *tx) SetUserState(ctx context.Context, userID int64, from, to int, at time.Time) ([]int64, error) {
	if from == to {
		return nil, nil
	}
	var one int
	err := t.c.queryRow(ctx, "UPDATE users SET state = ?, state_at = ? WHERE id = ? AND state = ? RETURNING 1",
		to, toMillis(at), userID, from).Scan(&one)
	if err != nil {
		return nil, dbErr(err, "set user state", domain.ReasonUserNotFound)
	}
	var was, now, sign int
	switch {
	case from == domain.UserActive:
		was, now, sign = 0, domain.StatusWithdrawn, -1
	case to == domain.UserActive:
		was, now, sign = domain.StatusWithdrawn, 0, 1
	default:
		return nil, nil // hidden either way: the statuses stay withdrawn
	}
	rows, err := t.c.query(ctx, "UPDATE statuses SET deleted = ? WHERE user_id = ? AND deleted = ? RETURNING id, visible_type",
		now, userID, was)
	if err != nil {
		return nil, dbErr(err, "withdraw statuses", "")
	}
	defer rows.Close()
	var ids []int64
	public := 0
	for rows.Next() {
		var id int64
		var visible int
		if err := rows.Scan(&id, &visible); err != nil {
			return nil, dbErr(err, "withdraw statuses", "")
		}
		ids = append(ids, id)
		if visible == domain.VisiblePublic {
			public++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, "withdraw statuses", "")
	}
	rows.Close()
	if public > 0 {
		if err := t.addTally(ctx, tallyPublic, userID, sign*public); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
