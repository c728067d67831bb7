package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

const dmCols = "id, sender_id, recipient_id, app_id, text, rip, created_at, sender_deleted, recipient_deleted"

func scanDM(r rowScanner) (*domain.DirectMessage, error) {
	var m domain.DirectMessage
	var created int64
	var sd, rd int
	if err := r.Scan(&m.ID, &m.SenderID, &m.RecipientID, &m.AppID, &m.Text, &m.RIP, &created, &sd, &rd); err != nil {
		return nil, err
	}
	m.CreatedAt, m.SenderDeleted, m.RecipientDeleted = fromMillis(created), sd != 0, rd != 0
	return &m, nil
}

func (r *reads) DirectMessageByID(ctx context.Context, id int64) (*domain.DirectMessage, error) {
	m, err := scanDM(r.c.queryRow(ctx, "SELECT "+dmCols+" FROM direct_messages WHERE id = ?", id))
	return m, dbErr(err, "direct message", domain.ReasonNone)
}

func (r *reads) DirectMessagesByIDs(ctx context.Context, ids []int64) (map[int64]*domain.DirectMessage, error) {
	out := make(map[int64]*domain.DirectMessage, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := r.c.query(ctx, "SELECT "+dmCols+" FROM direct_messages WHERE id IN ("+placeholders(len(ids))+")", int64Args(ids)...)
	if err != nil {
		return nil, dbErr(err, "direct messages", "")
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanDM(rows)
		if err != nil {
			return nil, dbErr(err, "direct messages", "")
		}
		out[m.ID] = m
	}
	return out, dbErr(rows.Err(), "direct messages", "")
}

func (r *reads) DMInbox(ctx context.Context, userID int64, p domain.Page) ([]int64, int, error) {
	return r.dmBox(ctx, "recipient_id = ? AND recipient_deleted = 0", userID, p)
}

func (r *reads) DMOutbox(ctx context.Context, userID int64, p domain.Page) ([]int64, int, error) {
	return r.dmBox(ctx, "sender_id = ? AND sender_deleted = 0", userID, p)
}

func (r *reads) dmBox(ctx context.Context, where string, userID int64, p domain.Page) ([]int64, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM direct_messages WHERE "+where, userID)
	if err != nil {
		return nil, 0, dbErr(err, "direct message box", "")
	}
	p = p.Bounded()
	if p.Count <= 0 {
		return nil, total, nil
	}
	q, args := "SELECT id FROM direct_messages WHERE "+where, []any{userID}
	if p.SinceID > 0 {
		q, args = q+" AND id > ?", append(args, p.SinceID)
	}
	if p.MaxID > 0 {
		q, args = q+" AND id <= ?", append(args, p.MaxID)
	}
	ids, err := r.c.ids(ctx, q+" ORDER BY id DESC LIMIT ? OFFSET ?", append(args, p.Count, p.Offset())...)
	return ids, total, dbErr(err, "direct message box", "")
}

func (t *tx) InsertDirectMessage(ctx context.Context, m *domain.DirectMessage) error {
	_, err := t.c.exec(ctx, "INSERT INTO direct_messages ("+dmCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.SenderID, m.RecipientID, m.AppID, m.Text, m.RIP, toMillis(m.CreatedAt),
		boolInt(m.SenderDeleted), boolInt(m.RecipientDeleted))
	return newRowErr(err, "insert direct message")
}

func (t *tx) DeleteDirectMessageFor(ctx context.Context, id, userID int64) error {
	res, err := t.c.exec(ctx, `UPDATE direct_messages SET
		sender_deleted = CASE WHEN sender_id = ? THEN 1 ELSE sender_deleted END,
		recipient_deleted = CASE WHEN recipient_id = ? THEN 1 ELSE recipient_deleted END
		WHERE id = ? AND ((sender_id = ? AND sender_deleted = 0) OR (recipient_id = ? AND recipient_deleted = 0))`,
		userID, userID, id, userID, userID)
	if err != nil {
		return dbErr(err, "delete direct message", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	return &domain.Error{Kind: domain.KindNotFound, Msg: "no such direct message"}
}

func (r *reads) SpecialFollowIDs(ctx context.Context, userID int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "special follows", "s.target_id",
		"special_follows s JOIN follows f ON f.follower_id = s.user_id AND f.followee_id = s.target_id",
		"s.user_id = ?", "s.created_at DESC, s.target_id DESC", []any{userID}, c)
}

func (t *tx) AddSpecialFollow(ctx context.Context, userID, target int64, at time.Time) error {
	_, err := t.c.exec(ctx, "INSERT INTO special_follows (user_id, target_id, created_at) VALUES (?, ?, ?)",
		userID, target, toMillis(at))
	return dbErr(err, "add special follow", "")
}

func (t *tx) RemoveSpecialFollow(ctx context.Context, userID, target int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM special_follows WHERE user_id = ? AND target_id = ?", userID, target)
	if err != nil {
		return dbErr(err, "remove special follow", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	return &domain.Error{Kind: domain.KindNotFound, Msg: "not a special follow"}
}
