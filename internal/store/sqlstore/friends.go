package sqlstore

import (
	"context"
	"strings"
)

func (r *reads) Remarks(ctx context.Context, userID int64) (map[int64]string, error) {
	rows, err := r.c.query(ctx, "SELECT followee_id, remark FROM follows WHERE follower_id = ? AND remark <> ''", userID)
	if err != nil {
		return nil, dbErr(err, "remarks", "")
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var remark string
		if err := rows.Scan(&id, &remark); err != nil {
			return nil, dbErr(err, "remarks", "")
		}
		out[id] = remark
	}
	return out, dbErr(rows.Err(), "remarks", "")
}

// interactionArms are the ways two users interact, each selecting (the
// other, the interaction's id) for user ? and others IN (%s): comments
// either way, reposts either way (by the direct parent), mentions either
// way. Each arm reads an index by the user's side.
var interactionArms = []string{
	"SELECT c.status_user_id AS o, c.id AS i FROM comments c WHERE c.user_id = ? AND c.status_user_id IN (%s)",
	"SELECT c.user_id, c.id FROM comments c WHERE c.status_user_id = ? AND c.user_id IN (%s)",
	`SELECT p.user_id, s.id FROM statuses s JOIN statuses p ON p.id = s.parent_id
		WHERE s.user_id = ? AND s.parent_id <> 0 AND s.deleted = 0 AND p.user_id IN (%s)`,
	`SELECT s.user_id, s.id FROM statuses p JOIN statuses s ON s.parent_id = p.id AND s.parent_id <> 0
		WHERE p.user_id = ? AND s.deleted = 0 AND s.user_id IN (%s)`,
	`SELECT m.user_id, s.id FROM statuses s JOIN status_mentions m ON m.status_id = s.id
		WHERE s.user_id = ? AND s.deleted = 0 AND m.user_id IN (%s)`,
	`SELECT s.user_id, s.id FROM status_mentions m JOIN statuses s ON s.id = m.status_id
		WHERE m.user_id = ? AND s.deleted = 0 AND s.user_id IN (%s)`,
}

func (r *reads) LastInteractions(ctx context.Context, userID int64, others []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := inChunks(uniqueIDs(others), func(part []int64) error {
		in := placeholders(len(part))
		arms := make([]string, len(interactionArms))
		var args []any
		for i, a := range interactionArms {
			arms[i] = strings.Replace(a, "%s", in, 1)
			args = append(args, userID)
			args = append(args, int64Args(part)...)
		}
		rows, err := r.c.query(ctx, "SELECT o, MAX(i) FROM ("+strings.Join(arms, " UNION ALL ")+") x GROUP BY o", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o, i int64
			if err := rows.Scan(&o, &i); err != nil {
				return err
			}
			out[o] = i
		}
		return rows.Err()
	})
	delete(out, userID)
	return out, dbErr(err, "last interactions", "")
}

func (t *tx) SetRemark(ctx context.Context, follower, followee int64, remark string) error {
	res, err := t.c.exec(ctx, "UPDATE follows SET remark = ? WHERE follower_id = ? AND followee_id = ?", remark, follower, followee)
	if err != nil {
		return dbErr(err, "set remark", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set remark", "")
	}
	return nil
}
