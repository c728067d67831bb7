package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// App notifications (notification/send): templates, notices, recipients.

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

func (r *reads) NotificationsOf(ctx context.Context, userID int64, c domain.Cursor) ([]domain.Notification, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM notification_recipients WHERE user_id = ?", userID)
	if err != nil || c.Count <= 0 {
		return nil, total, dbErr(err, "notifications", "")
	}
	rows, err := r.c.query(ctx, `SELECT n.id, n.app_id, n.template_id, n.sender_id, n.title, n.content, n.action_url, n.created_at
		FROM notification_recipients nr JOIN notifications n ON n.id = nr.notification_id
		WHERE nr.user_id = ? ORDER BY nr.notification_id DESC LIMIT ? OFFSET ?`, userID, c.Count, c.Cursor)
	if err != nil {
		return nil, 0, dbErr(err, "notifications", "")
	}
	defer rows.Close()
	var out []domain.Notification
	for rows.Next() {
		var n domain.Notification
		var created int64
		if err := rows.Scan(&n.ID, &n.AppID, &n.TemplateID, &n.SenderID, &n.Title, &n.Content, &n.ActionURL, &created); err != nil {
			return nil, 0, dbErr(err, "notifications", "")
		}
		n.CreatedAt = fromMillis(created)
		out = append(out, n)
	}
	return out, total, dbErr(rows.Err(), "notifications", "")
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

func (t *tx) CreateNotification(ctx context.Context, n *domain.Notification, recipients []int64) error {
	_, err := t.c.exec(ctx, `INSERT INTO notifications (id, app_id, template_id, sender_id, title, content, action_url, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.ID, n.AppID, n.TemplateID, n.SenderID, n.Title, n.Content, n.ActionURL, toMillis(n.CreatedAt))
	if err != nil {
		return newRowErr(err, "create notification")
	}
	return dbErr(t.insertPairs(ctx, "notification_recipients (notification_id, user_id)", n.ID, int64Args(uniqueIDs(recipients))),
		"notification recipients", "")
}
