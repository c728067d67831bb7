package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Notices (domain.Notice, 00081) and the app notification templates of
// notification/send.

const templateCols = "id, app_id, title, content, enabled, created_at"

func scanTemplate(r rowScanner) (*domain.NotificationTemplate, error) {
	var t domain.NotificationTemplate
	var enabled int
	var created int64
	if err := r.Scan(&t.ID, &t.AppID, &t.Title, &t.Content, &enabled, &created); err != nil {
		return nil, err
	}
	t.Enabled, t.CreatedAt = enabled != 0, fromMillis(created)
	return &t, nil
}

func (r *reads) NotificationTemplateByID(ctx context.Context, id int64) (*domain.NotificationTemplate, error) {
	t, err := scanTemplate(r.c.queryRow(ctx, "SELECT "+templateCols+" FROM notification_templates WHERE id = ?", id))
	return t, dbErr(err, "notification template", "")
}

func (r *reads) NotificationTemplatesOf(ctx context.Context, appID int64) ([]domain.NotificationTemplate, error) {
	rows, err := r.c.query(ctx, "SELECT "+templateCols+" FROM notification_templates WHERE app_id = ? ORDER BY id", appID)
	if err != nil {
		return nil, dbErr(err, "notification templates", "")
	}
	defer rows.Close()
	var out []domain.NotificationTemplate
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, dbErr(err, "notification templates", "")
		}
		out = append(out, *t)
	}
	return out, dbErr(rows.Err(), "notification templates", "")
}

func (r *reads) AuthorizedAmong(ctx context.Context, appID int64, userIDs []int64, now time.Time) (map[int64]bool, error) {
	out := map[int64]bool{}
	at := toMillis(now)
	err := inChunks(uniqueIDs(userIDs), func(part []int64) error {
		in := placeholders(len(part))
		args := append([]any{appID, at}, int64Args(part)...)
		args = append(args, appID, at)
		args = append(args, int64Args(part)...)
		ids, err := r.c.ids(ctx, `SELECT user_id FROM tokens WHERE app_id = ? AND revoked = 0 AND (expires_at = 0 OR expires_at > ?)
			AND user_id IN (`+in+`)
			UNION SELECT user_id FROM oauth1_tokens WHERE app_id = ? AND access = 1 AND revoked = 0
			AND (expires_at = 0 OR expires_at > ?) AND user_id IN (`+in+`)`, args...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, dbErr(err, "authorized among", "")
}

// noticesOf selects the notices of user ? (to them, through
// notice_recipients, or to everyone since joined ?) available by ?; its
// arguments are noticeArgs.
const noticesOf = `SELECT n.id, n.kind, n.user_id, n.app_id, n.sender_id, n.template_id, n.ref_id, n.title, n.content,
		n.action_url, n.available_at, n.created_at
	FROM notice_recipients r JOIN notices n ON n.id = r.notice_id
	WHERE r.user_id = ? AND n.available_at <= ? AND n.available_at > ?
	UNION ALL
	SELECT n.id, n.kind, n.user_id, n.app_id, n.sender_id, n.template_id, n.ref_id, n.title, n.content,
		n.action_url, n.available_at, n.created_at
	FROM notices n WHERE n.user_id = 0 AND n.available_at >= ? AND n.available_at <= ? AND n.available_at > ?`

func noticeArgs(userID int64, joined, now time.Time, after int64) []any {
	at := toMillis(now)
	return []any{userID, at, after, toMillis(joined), at, after}
}

func (r *reads) NoticesOf(ctx context.Context, userID, appID int64, joined, now time.Time, c domain.Cursor) ([]domain.Notice, int, error) {
	args := noticeArgs(userID, joined, now, -1)
	where := ""
	if appID != 0 {
		where, args = " WHERE app_id = ?", append(args, appID)
	}
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM ("+noticesOf+") t"+where, args...)
	if err != nil || c.Count <= 0 {
		return nil, total, dbErr(err, "notices", "")
	}
	rows, err := r.c.query(ctx, "SELECT * FROM ("+noticesOf+") t"+where+" ORDER BY available_at DESC, id DESC LIMIT ? OFFSET ?",
		append(args, c.Count, c.Cursor)...)
	if err != nil {
		return nil, 0, dbErr(err, "notices", "")
	}
	defer rows.Close()
	var out []domain.Notice
	for rows.Next() {
		var n domain.Notice
		var avail, created int64
		if err := rows.Scan(&n.ID, &n.Kind, &n.UserID, &n.AppID, &n.SenderID, &n.TemplateID, &n.Ref, &n.Title, &n.Content,
			&n.ActionURL, &avail, &created); err != nil {
			return nil, 0, dbErr(err, "notices", "")
		}
		n.AvailableAt, n.CreatedAt = fromMillis(avail), fromMillis(created)
		out = append(out, n)
	}
	return out, total, dbErr(rows.Err(), "notices", "")
}

func (r *reads) UnreadNotices(ctx context.Context, userID int64, joined, now time.Time, limit int) (int, error) {
	mark, err := r.NoticeReadAt(ctx, userID)
	if err != nil {
		return 0, err
	}
	after := int64(-1)
	if !mark.IsZero() {
		after = toMillis(mark)
	}
	n, err := r.c.count(ctx, "SELECT COUNT(*) FROM ("+noticesOf+" LIMIT ?) t", append(noticeArgs(userID, joined, now, after), limit)...)
	return n, dbErr(err, "unread notices", "")
}

func (r *reads) NoticeReadAt(ctx context.Context, userID int64) (time.Time, error) {
	var at int64
	err := r.c.queryRow(ctx, "SELECT notice_read_at FROM user_prefs WHERE user_id = ?", userID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && at == 0) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, dbErr(err, "notice read mark", "")
	}
	return fromMillis(at), nil
}

func (t *tx) CreateNotificationTemplate(ctx context.Context, nt *domain.NotificationTemplate) error {
	_, err := t.c.exec(ctx, "INSERT INTO notification_templates ("+templateCols+") VALUES (?, ?, ?, ?, ?, ?)",
		nt.ID, nt.AppID, nt.Title, nt.Content, boolInt(nt.Enabled), toMillis(nt.CreatedAt))
	return newRowErr(err, "create notification template")
}

func (t *tx) SetNotificationTemplateEnabled(ctx context.Context, id int64, enabled bool) error {
	res, err := t.c.exec(ctx, "UPDATE notification_templates SET enabled = ? WHERE id = ?", boolInt(enabled), id)
	if err != nil {
		return dbErr(err, "set notification template", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set notification template", "")
	}
	return nil
}

func (t *tx) InsertNotice(ctx context.Context, n *domain.Notice, recipients []int64) error {
	_, err := t.c.exec(ctx, `INSERT INTO notices (id, kind, user_id, app_id, sender_id, template_id, ref_id, title, content,
		action_url, available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, int(n.Kind), n.UserID, n.AppID, n.SenderID, n.TemplateID, n.Ref, n.Title, n.Content, n.ActionURL,
		toMillis(n.AvailableAt), toMillis(n.CreatedAt))
	if err != nil {
		return newRowErr(err, "insert notice")
	}
	for _, u := range uniqueIDs(recipients) {
		if _, err := t.c.exec(ctx, "INSERT INTO notice_recipients (user_id, notice_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
			u, n.ID); err != nil {
			return dbErr(err, "notice recipients", "")
		}
	}
	return nil
}

func (t *tx) MarkNoticesRead(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.c.exec(ctx, `INSERT INTO user_prefs (user_id, notice_read_at) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET notice_read_at = excluded.notice_read_at`, userID, toMillis(at))
	return dbErr(err, "mark notices read", "")
}
