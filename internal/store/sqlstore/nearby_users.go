package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Published positions of people nearby (migration 00092).

func (r *reads) NearbyPositions(ctx context.Context, ranges []domain.CellRange, now time.Time, limit int) ([]domain.NearbyPosition, error) {
	if len(ranges) == 0 || limit <= 0 {
		return nil, nil
	}
	var b builder
	cellScan(&b, "user_id, lat, lng, cell, created_at, expires_at", "nearby_users", "", ranges, limit, func(b *builder) {
		b.add(" AND expires_at > ?", toMillis(now))
	})
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "nearby positions", "")
	}
	defer rows.Close()
	var out []domain.NearbyPosition
	for rows.Next() {
		var p domain.NearbyPosition
		var created, expires int64
		if err := rows.Scan(&p.UserID, &p.Lat, &p.Lng, &p.Cell, &created, &expires); err != nil {
			return nil, dbErr(err, "nearby positions", "")
		}
		p.CreatedAt, p.ExpiresAt = fromMillis(created), fromMillis(expires)
		out = append(out, p)
	}
	return out[:min(len(out), limit)], dbErr(rows.Err(), "nearby positions", "")
}

func (t *tx) SetNearbyPosition(ctx context.Context, p *domain.NearbyPosition) error {
	_, err := t.c.exec(ctx, `INSERT INTO nearby_users (user_id, lat, lng, cell, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET lat = excluded.lat, lng = excluded.lng,
		cell = excluded.cell, created_at = excluded.created_at, expires_at = excluded.expires_at`,
		p.UserID, p.Lat, p.Lng, p.Cell, toMillis(p.CreatedAt), toMillis(p.ExpiresAt))
	return dbErr(err, "set nearby position", "")
}

func (t *tx) DeleteNearbyPosition(ctx context.Context, userID int64) (bool, error) {
	res, err := t.c.exec(ctx, "DELETE FROM nearby_users WHERE user_id = ?", userID)
	if err != nil {
		return false, dbErr(err, "delete nearby position", "")
	}
	n, err := res.RowsAffected()
	return n > 0, dbErr(err, "delete nearby position", "")
}
