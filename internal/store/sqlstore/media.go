package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Pictures and avatars: see migrations/sqlite/00040_media.sql.

const pictureCols = `id, kind, width, height, animated, bytes, refs, released_at, created_at`

func scanPicture(r rowScanner) (*domain.Picture, error) {
	var p domain.Picture
	var animated int
	var released, created int64
	if err := r.Scan(&p.ID, &p.Kind, &p.Width, &p.Height, &animated, &p.Bytes, &p.Refs, &released, &created); err != nil {
		return nil, err
	}
	p.Animated = animated != 0
	p.ReleasedAt, p.CreatedAt = fromMillis(released), fromMillis(created)
	return &p, nil
}

func (r *reads) PictureByID(ctx context.Context, id string) (*domain.Picture, error) {
	p, err := scanPicture(r.c.queryRow(ctx, "SELECT "+pictureCols+" FROM pictures WHERE id = ?", id))
	if err != nil {
		return nil, dbErr(err, "picture by id", "")
	}
	return p, nil
}

// maxPictureBatch bounds the ids of one OwnedPictures call: a status has at
// most nine pictures, and the caller's list is bounded by the API.
const maxPictureBatch = 100

func (r *reads) OwnedPictures(ctx context.Context, userID int64, kind string, ids []string) (map[string]bool, error) {
	list := uniqueStrings(ids)
	out := make(map[string]bool, len(list))
	for len(list) > 0 {
		part := list[:min(len(list), maxPictureBatch)]
		list = list[len(part):]
		args := append([]any{userID, kind}, part...)
		rows, err := r.c.query(ctx, `SELECT p.id FROM picture_owners o JOIN pictures p ON p.id = o.picture_id
			WHERE o.user_id = ? AND p.kind = ? AND p.state = 0 AND o.picture_id IN (`+placeholders(len(part))+")", args...)
		if err != nil {
			return nil, dbErr(err, "owned pictures", "")
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, dbErr(err, "owned pictures", "")
			}
			out[id] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, dbErr(err, "owned pictures", "")
		}
	}
	return out, nil
}

// sweepable is SweepablePictures' condition: unreferenced (the partial
// index pictures_unreferenced) and released long enough ago, and either
// live or claimed by a sweep that stopped.
const sweepable = `refs = 0 AND released_at < ? AND (state = 0 OR claimed_at < ?)`

func (r *reads) SweepablePictures(ctx context.Context, releasedBefore, claimedBefore time.Time, limit int) ([]domain.Picture, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, "SELECT "+pictureCols+" FROM pictures WHERE "+sweepable+" ORDER BY released_at LIMIT ?",
		toMillis(releasedBefore), toMillis(claimedBefore), limit)
	if err != nil {
		return nil, dbErr(err, "sweepable pictures", "")
	}
	defer rows.Close()
	var out []domain.Picture
	for rows.Next() {
		p, err := scanPicture(rows)
		if err != nil {
			return nil, dbErr(err, "sweepable pictures", "")
		}
		out = append(out, *p)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, "sweepable pictures", "")
	}
	return out, nil
}

// RegisterPicture inserts the picture or, when a live row exists, restarts
// the retention of an unreferenced one; a row being deleted matches the
// upsert's WHERE nowhere, so nothing changes and the caller hears Conflict.
func (t *tx) RegisterPicture(ctx context.Context, p *domain.Picture, owner int64) error {
	at := toMillis(p.CreatedAt)
	res, err := t.c.exec(ctx, `INSERT INTO pictures (`+pictureCols+`) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
		ON CONFLICT (id) DO UPDATE SET released_at = CASE WHEN pictures.refs = 0 THEN excluded.released_at ELSE pictures.released_at END
		WHERE pictures.state = 0`,
		p.ID, p.Kind, p.Width, p.Height, boolInt(p.Animated), p.Bytes, at, at)
	if err != nil {
		return dbErr(err, "register picture", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return &domain.Error{Kind: domain.KindConflict, Msg: fmt.Sprintf("picture %s is being deleted", p.ID)}
	}
	if _, err := t.c.exec(ctx, `INSERT INTO picture_owners (picture_id, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, p.ID, owner, at); err != nil {
		return dbErr(err, "register picture owner", "")
	}
	return nil
}

func (t *tx) RetainPictures(ctx context.Context, ids []string) error {
	for _, id := range ids {
		res, err := t.c.exec(ctx, "UPDATE pictures SET refs = refs + 1 WHERE id = ? AND state = 0", id)
		if err != nil {
			return dbErr(err, "retain picture", "")
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return &domain.Error{Kind: domain.KindNotFound, Msg: "no picture " + id, Got: id, Err: domain.ErrNotFound}
		}
	}
	return nil
}

func (t *tx) ReleasePictures(ctx context.Context, ids []string, at time.Time) error {
	for _, id := range ids {
		if _, err := t.c.exec(ctx, `UPDATE pictures SET refs = refs - 1,
			released_at = CASE WHEN refs = 1 THEN ? ELSE released_at END WHERE id = ? AND refs > 0`, toMillis(at), id); err != nil {
			return dbErr(err, "release picture", "")
		}
	}
	return nil
}

// ClaimPicture is a conditional update: of two sweeps (or a sweep and an
// upload that just registered the picture again) only one sees the
// condition hold. Under PostgreSQL's read committed the second waits for
// the first's row lock and re-checks the condition on the new row.
func (t *tx) ClaimPicture(ctx context.Context, id string, releasedBefore, claimedBefore, now time.Time) (bool, error) {
	res, err := t.c.exec(ctx, "UPDATE pictures SET state = 1, claimed_at = ? WHERE id = ? AND "+sweepable,
		toMillis(now), id, toMillis(releasedBefore), toMillis(claimedBefore))
	if err != nil {
		return false, dbErr(err, "claim picture", "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, dbErr(err, "claim picture", "")
	}
	return n == 1, nil
}

func (t *tx) DeletePicture(ctx context.Context, id string) error {
	res, err := t.c.exec(ctx, "DELETE FROM pictures WHERE id = ? AND state = 1", id)
	if err != nil {
		return dbErr(err, "delete picture", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return nil // not claimed (or gone): its owners stay with it
	}
	if _, err := t.c.exec(ctx, "DELETE FROM picture_owners WHERE picture_id = ?", id); err != nil {
		return dbErr(err, "delete picture owners", "")
	}
	return nil
}

func (t *tx) SetAvatar(ctx context.Context, userID int64, avatarID string) error {
	res, err := t.c.exec(ctx, "UPDATE users SET avatar = ? WHERE id = ?", avatarID, userID)
	if err != nil {
		return dbErr(err, "set avatar", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set avatar", domain.ReasonUserNotFound)
	}
	return nil
}

var (
	_ domain.MediaReader = (*reads)(nil)
	_ domain.MediaWriter = (*tx)(nil)
)
