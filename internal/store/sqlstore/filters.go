package sqlstore

import (
	"context"
	"time"
)

func (r *reads) HomeFilteredIDs(ctx context.Context, userID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, "SELECT status_id FROM home_filters WHERE user_id = ? ORDER BY created_at DESC, status_id DESC LIMIT ?",
		userID, limit)
	return ids, dbErr(err, "home filters", "")
}

func (r *reads) HomeFilteredAmong(ctx context.Context, userID int64, statusIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if userID == 0 {
		return out, nil
	}
	err := inChunks(uniqueIDs(statusIDs), func(part []int64) error {
		ids, err := r.c.ids(ctx, "SELECT status_id FROM home_filters WHERE user_id = ? AND status_id IN ("+placeholders(len(part))+")",
			append([]any{userID}, int64Args(part)...)...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, dbErr(err, "home filtered among", "")
}

func (r *reads) MentionShieldedFor(ctx context.Context, userIDs, statusIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	us, ss := uniqueIDs(userIDs), uniqueIDs(statusIDs)
	if len(us) == 0 || len(ss) == 0 || len(ss) > maxBatch {
		return out, nil
	}
	err := inChunks(us, func(part []int64) error {
		args := append(int64Args(part), int64Args(ss)...)
		ids, err := r.c.ids(ctx, "SELECT DISTINCT user_id FROM mention_shields WHERE follow_up = 1 AND user_id IN ("+
			placeholders(len(part))+") AND status_id IN ("+placeholders(len(ss))+")", args...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, dbErr(err, "mention shields", "")
}

func (t *tx) AddHomeFilter(ctx context.Context, userID, statusID int64, at time.Time) error {
	_, err := t.c.exec(ctx, "INSERT INTO home_filters (user_id, status_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		userID, statusID, toMillis(at))
	return dbErr(err, "add home filter", "")
}

func (t *tx) ShieldMention(ctx context.Context, userID, statusID int64, followUp bool, at time.Time) error {
	f := 0
	if followUp {
		f = 1
	}
	_, err := t.c.exec(ctx, `INSERT INTO mention_shields (user_id, status_id, follow_up, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, status_id) DO UPDATE SET follow_up = excluded.follow_up`, userID, statusID, f, toMillis(at))
	return dbErr(err, "shield mention", "")
}
