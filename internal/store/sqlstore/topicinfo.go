package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func (r *reads) TopicsByIDs(ctx context.Context, ids []int64) (map[int64]domain.Topic, error) {
	out := make(map[int64]domain.Topic, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := r.c.query(ctx, "SELECT id, name FROM topics WHERE id IN ("+placeholders(len(ids))+")", int64Args(ids)...)
	if err != nil {
		return nil, dbErr(err, "topics by id", "")
	}
	defer rows.Close()
	for rows.Next() {
		var t domain.Topic
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, dbErr(err, "topics by id", "")
		}
		out[t.ID] = t
	}
	return out, dbErr(rows.Err(), "topics by id", "")
}

func (r *reads) TopicFollowerCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := r.c.query(ctx, "SELECT topic_id, COUNT(*) FROM topic_follows WHERE topic_id IN ("+
		placeholders(len(ids))+") GROUP BY topic_id", int64Args(ids)...)
	if err != nil {
		return nil, dbErr(err, "topic follower counts", "")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, dbErr(err, "topic follower counts", "")
		}
		out[id] = n
	}
	return out, dbErr(rows.Err(), "topic follower counts", "")
}

func (r *reads) TopicFollowTimes(ctx context.Context, userID int64, ids []int64) (map[int64]time.Time, error) {
	out := make(map[int64]time.Time, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := r.c.query(ctx, "SELECT topic_id, created_at FROM topic_follows WHERE user_id = ? AND topic_id IN ("+
		placeholders(len(ids))+")", append([]any{userID}, int64Args(ids)...)...)
	if err != nil {
		return nil, dbErr(err, "topic follow times", "")
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, dbErr(err, "topic follow times", "")
		}
		out[id] = fromMillis(at)
	}
	return out, dbErr(rows.Err(), "topic follow times", "")
}
