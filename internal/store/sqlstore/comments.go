package sqlstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

const commentCols = "id, status_id, user_id, app_id, text, reply_id, created_at, rip, kind"

func scanComment(r rowScanner) (*domain.Comment, error) {
	var c domain.Comment
	var created int64
	if err := r.Scan(&c.ID, &c.StatusID, &c.UserID, &c.AppID, &c.Text, &c.ReplyID, &created, &c.RIP, &c.Kind); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMillis(created)
	return &c, nil
}

func (r *reads) CommentByID(ctx context.Context, id int64) (*domain.Comment, error) {
	c, err := scanComment(r.c.queryRow(ctx, "SELECT "+commentCols+" FROM comments WHERE id = ?", id))
	if err != nil {
		return nil, dbErr(err, "comment by id", domain.ReasonCommentNotFound)
	}
	return c, nil
}

func (r *reads) CommentsByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Comment, error) {
	ids = uniqueIDs(ids)
	out := make(map[int64]*domain.Comment, len(ids))
	err := inChunks(ids, func(part []int64) error {
		rows, err := r.c.query(ctx, "SELECT "+commentCols+" FROM comments WHERE id IN ("+placeholders(len(part))+")", int64Args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanComment(rows)
			if err != nil {
				return err
			}
			out[c.ID] = c
		}
		return rows.Err()
	})
	if err != nil {
		return nil, dbErr(err, "comments by ids", "")
	}
	return out, nil
}

// commentTimeline applies CommentQuery (visibility, author filter, app,
// page) to the comments c, joined to their statuses s, selected by
// "FROM from WHERE where".
func (r *reads) commentTimeline(ctx context.Context, what, from string, arms []arm, rest string, restArgs []any, col string, q domain.CommentQuery) ([]int64, int, error) {
	if q.FilterAuthor == 1 && q.Viewer == 0 {
		return nil, 0, nil
	}
	var cond builder
	cond.add(rest, restArgs...)
	// A comment is as visible as its status: the join (every from has s)
	// drops comments on deleted statuses and on statuses the viewer may not
	// see, so pages come back full and totals exact.
	cond.add(" AND s.deleted = 0")
	visibleTo(&cond, q.Viewer)
	if q.BaseAppID != 0 {
		cond.add(" AND c.app_id = ?", q.BaseAppID)
	}
	authorFilter(&cond, q.FilterAuthor, q.Viewer, "c.user_id")
	ids, total, err := r.pageOf(ctx, from, arms, &cond, col, q.Page, true)
	if err != nil {
		return nil, 0, dbErr(err, what, "")
	}
	return ids, total, nil
}

// commentsFrom is the FROM of comment timelines: comments with their status.
const commentsFrom = "comments c JOIN statuses s ON s.id = c.status_id"

func (r *reads) CommentsOnStatus(ctx context.Context, statusID int64, q domain.CommentQuery) ([]int64, int, error) {
	return r.commentTimeline(ctx, "comments on status", commentsFrom, one("c.status_id = ?", statusID), "", nil, "c.id", q)
}

func (r *reads) CommentsByUser(ctx context.Context, userID int64, q domain.CommentQuery) ([]int64, int, error) {
	return r.commentTimeline(ctx, "comments by user", commentsFrom, one("c.user_id = ?", userID), "", nil, "c.id", q)
}

// The "to me" timelines are unions of index arms (see pageOf); the
// "reply_user_id <> 0" term lets the partial index serve its arm.

func toUserArms(userID int64) []arm {
	return []arm{
		{"c.status_user_id = ?", []any{userID}},
		{"c.reply_user_id = ? AND c.reply_user_id <> 0", []any{userID}},
	}
}

func (r *reads) CommentsToUser(ctx context.Context, userID int64, q domain.CommentQuery) ([]int64, int, error) {
	return r.commentTimeline(ctx, "comments to user", commentsFrom, toUserArms(userID),
		" AND c.user_id <> ?", []any{userID}, "c.id", q)
}

func (r *reads) CommentsInvolving(ctx context.Context, userID int64, q domain.CommentQuery) ([]int64, int, error) {
	arms := append(one("c.user_id = ?", userID), toUserArms(userID)...)
	return r.commentTimeline(ctx, "comments involving user", commentsFrom, arms, "", nil, "c.id", q)
}

func (r *reads) CommentMentionIDs(ctx context.Context, userID int64, q domain.CommentQuery) ([]int64, int, error) {
	return r.commentTimeline(ctx, "comment mentions", "comment_mentions m JOIN comments c ON c.id = m.comment_id JOIN statuses s ON s.id = c.status_id",
		one("m.user_id = ?", userID), "", nil, "m.comment_id", q)
}

// InsertComment stores the comment with the authors of its status and of the
// comment it replies to (0 when unknown), which the "to me" queries use.
func (t *tx) InsertComment(ctx context.Context, c *domain.Comment, mentions []int64) error {
	_, err := t.c.exec(ctx, `INSERT INTO comments (id, status_id, status_user_id, user_id, app_id, text,
		reply_id, reply_user_id, created_at, rip, kind)
		VALUES (?, ?, COALESCE((SELECT user_id FROM statuses WHERE id = ?), 0), ?, ?, ?,
		?, COALESCE((SELECT r.user_id FROM comments r WHERE r.id = ?), 0), ?, ?, ?)`,
		c.ID, c.StatusID, c.StatusID, c.UserID, c.AppID, c.Text, c.ReplyID, c.ReplyID, toMillis(c.CreatedAt), c.RIP, c.Kind)
	if err != nil {
		return newRowErr(err, "insert comment")
	}
	if err := t.insertPairs(ctx, "comment_mentions (comment_id, user_id)", c.ID, int64Args(uniqueIDs(mentions))); err != nil {
		return dbErr(err, "insert comment mentions", "")
	}
	return nil
}

func (t *tx) DeleteComment(ctx context.Context, id int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM comments WHERE id = ?", id)
	if err != nil {
		return dbErr(err, "delete comment", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("delete comment", domain.ReasonCommentNotFound)
	}
	return nil
}

func (t *tx) DeleteCommentsOfStatus(ctx context.Context, statusID int64) (int, error) {
	res, err := t.c.exec(ctx, "DELETE FROM comments WHERE status_id = ?", statusID)
	if err != nil {
		return 0, dbErr(err, "delete comments of status", "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, dbErr(err, "delete comments of status", "")
	}
	return int(n), nil
}
