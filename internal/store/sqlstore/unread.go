package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// unreadField maps a counter name (remind/set_count's spelling) to its field.
func unreadField(c *domain.UnreadCounts, kind string) *int {
	switch kind {
	case "status":
		return &c.Status
	case "follower":
		return &c.Follower
	case "cmt":
		return &c.Cmt
	case "dm":
		return &c.DM
	case "mention_status":
		return &c.MentionStatus
	case "mention_cmt":
		return &c.MentionCmt
	case "group":
		return &c.Group
	case "private_group":
		return &c.PrivateGroup
	case "notice":
		return &c.Notice
	case "invite":
		return &c.Invite
	case "badge":
		return &c.Badge
	case "photo":
		return &c.Photo
	case "msgbox":
		return &c.Msgbox
	}
	return nil
}

func checkUnreadKind(kind string) error {
	if unreadField(&domain.UnreadCounts{}, kind) == nil {
		return &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonInvalidCategory,
			Msg: "unknown unread counter " + kind, Param: "type", Got: kind}
	}
	return nil
}

// Unread returns every counter of the user and the home read mark, in one query.
func (r *reads) Unread(ctx context.Context, userID int64) (domain.UnreadCounts, int64, error) {
	var counts domain.UnreadCounts
	var mark int64
	rows, err := r.c.query(ctx, `SELECT kind, count FROM unread WHERE user_id = ?
		UNION ALL SELECT '', status_id FROM home_read_marks WHERE user_id = ?`, userID, userID)
	if err != nil {
		return counts, 0, dbErr(err, "unread", "")
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			return counts, 0, dbErr(err, "unread", "")
		}
		if kind == "" {
			mark = n
		} else if f := unreadField(&counts, kind); f != nil {
			*f = int(n)
		}
	}
	if err := rows.Err(); err != nil {
		return counts, 0, dbErr(err, "unread", "")
	}
	return counts, mark, nil
}

// unreadAdd is one AddUnread call waiting for its transaction's end.
type unreadAdd struct {
	user int64
	kind string
	n    int
}

// AddUnread adds n (which may be negative) to a counter, never below zero.
//
// The write is deferred to the end of the transaction (flushUnread), where
// all of its counter writes run sorted by (user, kind). Each is a row lock on
// PostgreSQL, and transactions raise counters in whatever order their
// actions name people (a post mentioning "@b @a", a comment on a's status
// mentioning b, a repost that also comments): in one global order, and last,
// two transactions raising the same counters queue instead of deadlocking.
func (t *tx) AddUnread(_ context.Context, userID int64, kind string, n int) error {
	if err := checkUnreadKind(kind); err != nil {
		return err
	}
	t.unread = append(t.unread, unreadAdd{userID, kind, n})
	return nil
}

// flushUnread writes the deferred AddUnread calls in (user, kind) order;
// calls on one counter keep their order (the clamp at zero depends on it).
func (t *tx) flushUnread(ctx context.Context) error {
	slices.SortStableFunc(t.unread, func(a, b unreadAdd) int {
		return cmp.Or(cmp.Compare(a.user, b.user), strings.Compare(a.kind, b.kind))
	})
	for _, u := range t.unread {
		_, err := t.c.exec(ctx, `INSERT INTO unread (user_id, kind, count) VALUES (?, ?, ?)
			ON CONFLICT (user_id, kind) DO UPDATE SET count = `+t.c.d.clampAdd("unread.count"),
			u.user, u.kind, max(u.n, 0), u.n)
		if err != nil {
			return dbErr(err, "add unread", "")
		}
	}
	t.unread = t.unread[:0]
	return nil
}

// Unread inside a transaction sees the transaction's own AddUnread calls.
func (t *tx) Unread(ctx context.Context, userID int64) (domain.UnreadCounts, int64, error) {
	if err := t.flushUnread(ctx); err != nil {
		return domain.UnreadCounts{}, 0, err
	}
	return t.reads.Unread(ctx, userID)
}

func (t *tx) ClearUnread(ctx context.Context, userID int64, kind string) error {
	if err := checkUnreadKind(kind); err != nil {
		return err
	}
	// Earlier AddUnread calls of this transaction come before the clear.
	if err := t.flushUnread(ctx); err != nil {
		return err
	}
	_, err := t.c.exec(ctx, "UPDATE unread SET count = 0 WHERE user_id = ? AND kind = ?", userID, kind)
	return dbErr(err, "clear unread", "")
}

// SetHomeReadMark moves the mark forward only: nodes answering the same
// user's reads at once (or a slow request behind a fast one) may set it in
// any order, and the newest status seen must win. The guard is in the
// statement, so it holds under concurrent transactions on both engines.
func (t *tx) SetHomeReadMark(ctx context.Context, userID, statusID int64) error {
	_, err := t.c.exec(ctx, `INSERT INTO home_read_marks (user_id, status_id) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET status_id = excluded.status_id
		WHERE home_read_marks.status_id < excluded.status_id`, userID, statusID)
	return dbErr(err, "set home read mark", "")
}

func (t *tx) SetHomeOriginalsMark(ctx context.Context, userID, statusID int64) error {
	_, err := t.c.exec(ctx, `INSERT INTO home_originals_marks (user_id, status_id) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET status_id = excluded.status_id
		WHERE home_originals_marks.status_id < excluded.status_id`, userID, statusID)
	return dbErr(err, "set home originals mark", "")
}

func (r *reads) HomeOriginalsMark(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := r.c.queryRow(ctx, "SELECT status_id FROM home_originals_marks WHERE user_id = ?", userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, dbErr(err, "home originals mark", "")
}

func (r *reads) PendingOutbox(ctx context.Context, olderThan time.Time, limit int) ([]domain.OutboxEvent, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, `SELECT id, type, payload, created_at FROM outbox
		WHERE created_at <= ? ORDER BY created_at, id LIMIT ?`, toMillis(olderThan), limit)
	if err != nil {
		return nil, dbErr(err, "pending outbox", "")
	}
	defer rows.Close()
	var out []domain.OutboxEvent
	for rows.Next() {
		var e domain.OutboxEvent
		var created int64
		if err := rows.Scan(&e.ID, &e.Type, &e.Payload, &created); err != nil {
			return nil, dbErr(err, "pending outbox", "")
		}
		e.CreatedAt = fromMillis(created)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, "pending outbox", "")
	}
	return out, nil
}

func (t *tx) AddOutbox(ctx context.Context, e domain.OutboxEvent) error {
	payload := e.Payload
	if payload == nil {
		payload = []byte{}
	}
	_, err := t.c.exec(ctx, "INSERT INTO outbox (id, type, payload, created_at) VALUES (?, ?, ?, ?)",
		e.ID, e.Type, payload, toMillis(e.CreatedAt))
	return dbErr(err, "add outbox", "")
}

// DeleteOutbox removes a published event; deleting an absent one is not an
// error (the publisher and the sweeper may both try).
func (t *tx) DeleteOutbox(ctx context.Context, id string) error {
	_, err := t.c.exec(ctx, "DELETE FROM outbox WHERE id = ?", id)
	return dbErr(err, "delete outbox", "")
}
