package sqlstore

import (
	"context"
	"slices"

	"github.com/weibo-server/weibo/internal/domain"
)

// StatusIDsAmong applies a StatusQuery to candidate ids with the very
// statusTimeline every timeline uses, so visibility (and whatever joins it
// later: friend groups, blocks) is decided in one place for search too.
func (r *reads) StatusIDsAmong(ctx context.Context, ids []int64, q domain.StatusQuery) ([]int64, error) {
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var out []int64
	err := inChunks(ids, func(part []int64) error {
		pq := q
		pq.Page = domain.Page{SinceID: q.Page.SinceID, MaxID: q.Page.MaxID, Count: len(part), Page: 1}
		got, _, err := r.statusTimeline(ctx, "statuses among", "statuses s",
			one("s.id IN ("+placeholders(len(part))+")", int64Args(part)...), "s.id", pq, false)
		out = append(out, got...)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(ids) > maxBatch { // chunks are each newest first; the whole must be too
		slices.Sort(out)
		slices.Reverse(out)
	}
	return out, nil
}

// StatusesAfter walks the statuses by id for a rebuild of the index.
func (r *reads) StatusesAfter(ctx context.Context, afterID int64, limit int) ([]*domain.Status, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, "SELECT "+statusCols+" FROM statuses WHERE id > ? AND deleted = 0 ORDER BY id LIMIT ?", afterID, limit)
	if err != nil {
		return nil, dbErr(err, "statuses after", "")
	}
	defer rows.Close()
	out := make([]*domain.Status, 0, limit)
	for rows.Next() {
		s, err := scanStatus(rows)
		if err != nil {
			return nil, dbErr(err, "statuses after", "")
		}
		out = append(out, s)
	}
	return out, dbErr(rows.Err(), "statuses after", "")
}

// CountStatusesAfter counts the statuses after afterID that are not deleted.
func (r *reads) CountStatusesAfter(ctx context.Context, afterID int64) (int, error) {
	n, err := r.c.count(ctx, "SELECT COUNT(*) FROM statuses WHERE id > ? AND deleted = 0", afterID)
	return n, dbErr(err, "count statuses", "")
}
