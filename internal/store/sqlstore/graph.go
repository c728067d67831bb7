package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func (r *reads) Relationships(ctx context.Context, viewer int64, ids []int64) (map[int64]domain.Relationship, error) {
	out := make(map[int64]domain.Relationship, len(ids))
	for _, id := range ids {
		out[id] = domain.Relationship{}
	}
	if viewer == 0 {
		return out, nil
	}
	err := inChunks(uniqueIDs(ids), func(part []int64) error {
		in := placeholders(len(part))
		args := make([]any, 0, 4*len(part)+4)
		for range 4 {
			args = append(args, viewer)
			args = append(args, int64Args(part)...)
		}
		rows, err := r.c.query(ctx, `SELECT followee_id, 1, remark FROM follows WHERE follower_id = ? AND followee_id IN (`+in+`)
			UNION ALL SELECT follower_id, 2, '' FROM follows WHERE followee_id = ? AND follower_id IN (`+in+`)
			UNION ALL SELECT target_id, 3, '' FROM blocks WHERE user_id = ? AND target_id IN (`+in+`)
			UNION ALL SELECT user_id, 4, '' FROM blocks WHERE target_id = ? AND user_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var dir int
			var remark string
			if err := rows.Scan(&id, &dir, &remark); err != nil {
				return err
			}
			rel := out[id]
			switch dir {
			case 1:
				rel.Following, rel.Remark = true, remark
			case 2:
				rel.FollowedBy = true
			case 3:
				rel.Blocking = true
			case 4:
				rel.BlockedBy = true
			}
			out[id] = rel
		}
		return rows.Err()
	})
	if err != nil {
		return nil, dbErr(err, "relationships", "")
	}
	return out, nil
}

// userList pages "SELECT col FROM from WHERE where" ordered by order, from
// position c.Cursor, and counts every match. Count <= 0 gives an empty page.
func (r *reads) userList(ctx context.Context, what, col, from, where, order string, args []any, c domain.Cursor) ([]int64, int, error) {
	start := max(c.Cursor, 0)
	var ids []int64
	if c.Count > 0 {
		var err error
		ids, err = r.c.ids(ctx, "SELECT "+col+" FROM "+from+" WHERE "+where+" ORDER BY "+order+" LIMIT ? OFFSET ?",
			append(args, c.Count, start)...)
		if err != nil {
			return nil, 0, dbErr(err, what, "")
		}
		if start == 0 && len(ids) < c.Count {
			return ids, len(ids), nil
		}
	}
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM "+from+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, dbErr(err, what, "")
	}
	return ids, total, nil
}

func (r *reads) FriendIDs(ctx context.Context, userID int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "friend ids", "followee_id", "follows", "follower_id = ?",
		"created_at DESC, followee_id DESC", []any{userID}, c)
}

func (r *reads) FollowerIDs(ctx context.Context, userID int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "follower ids", "follower_id", "follows", "followee_id = ?",
		"created_at DESC, follower_id DESC", []any{userID}, c)
}

// BilateralIDs: whom the user follows and who follow back, newest follow first.
func (r *reads) BilateralIDs(ctx context.Context, userID int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "bilateral ids", "f.followee_id",
		"follows f JOIN follows b ON b.follower_id = f.followee_id AND b.followee_id = f.follower_id",
		"f.follower_id = ?", "f.created_at DESC, f.followee_id DESC", []any{userID}, c)
}

// CommonFriendIDs: whom both a and b follow, in the order a followed them (newest first).
func (r *reads) CommonFriendIDs(ctx context.Context, a, b int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "common friend ids", "fa.followee_id",
		"follows fa JOIN follows fb ON fb.follower_id = ? AND fb.followee_id = fa.followee_id",
		"fa.follower_id = ?", "fa.created_at DESC, fa.followee_id DESC", []any{b, a}, c)
}

func (r *reads) FollowerIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, `SELECT follower_id FROM follows WHERE followee_id = ? AND follower_id > ?
		ORDER BY follower_id LIMIT ?`, userID, afterID, limit)
	return ids, dbErr(err, "follower ids after", "")
}

// lockPair serializes the transaction with every other that changes the
// edges between users a and b, before it changes them itself.
//
// On PostgreSQL it locks both users' rows, the lower id first. A follow moves
// the counters of both users, the follower's first: without the lock, "a
// follows b" and "b follows a" at once update the same two rows in opposite
// orders and deadlock (40P01). With it, the second waits for the first to
// commit, its later counter updates touch rows it already holds, and — READ
// COMMITTED taking a fresh snapshot per statement — a relationship read after
// the lock sees the edge the other committed (which bi_followers_count needs).
// FOR NO KEY UPDATE is the lock the counter UPDATE takes anyway: it blocks
// neither plain reads nor the key-share locks of foreign-key checks.
//
// SQLite needs nothing: its single writer runs transactions one at a time.
func (t *tx) lockPair(ctx context.Context, a, b int64) error {
	if t.c.d.name != dialectPostgres {
		return nil
	}
	_, err := t.c.exec(ctx, "SELECT id FROM users WHERE id IN (?, ?) ORDER BY id FOR NO KEY UPDATE", min(a, b), max(a, b))
	return err
}

// Follow locks the pair (see lockPair) before inserting the edge.
func (t *tx) Follow(ctx context.Context, follower, followee int64, at time.Time, rip string) error {
	if err := t.lockPair(ctx, follower, followee); err != nil {
		return dbErr(err, "follow: lock users", "")
	}
	_, err := t.c.exec(ctx, "INSERT INTO follows (follower_id, followee_id, created_at, rip) VALUES (?, ?, ?, ?)",
		follower, followee, toMillis(at), rip)
	if err != nil && isUniqueViolation(err) {
		return &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonAlreadyFollowed, Msg: "already followed", Err: err}
	}
	return dbErr(err, "follow", "")
}

// Unfollow locks the pair (see lockPair) before deleting the edge.
func (t *tx) Unfollow(ctx context.Context, follower, followee int64) error {
	if err := t.lockPair(ctx, follower, followee); err != nil {
		return dbErr(err, "unfollow: lock users", "")
	}
	res, err := t.c.exec(ctx, "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?", follower, followee)
	if err != nil {
		return dbErr(err, "unfollow", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("unfollow", "")
	}
	return nil
}
