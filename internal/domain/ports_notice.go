package domain

import (
	"context"
	"time"
)

// App notifications (Sina notification/send, spec/sina-v2/notification.md):
// an app sends a notice built from a template the server's operator has
// approved for it (weibo app notification-template) to users who authorised
// the app. Each recipient's "notice" unread counter moves.

// NotificationTemplate is a template an operator registered for an app. Its
// title and content hold placeholders ({objects1}, {objects1_count}, ...)
// that notification/send fills in.
type NotificationTemplate struct {
	ID        int64
	AppID     int64
	Title     string
	Content   string
	Enabled   bool
	CreatedAt time.Time
}

// Notification is one notice sent, as rendered for its recipients.
type Notification struct {
	ID         int64
	AppID      int64
	TemplateID int64
	SenderID   int64 // the user whose token sent it
	Title      string
	Content    string
	ActionURL  string
	CreatedAt  time.Time
}

// NotificationReader reads templates, notices and who may receive them.
type NotificationReader interface {
	// NotificationTemplateByID: KindNotFound when there is none.
	NotificationTemplateByID(ctx context.Context, id int64) (*NotificationTemplate, error)
	// NotificationTemplatesOf lists an app's templates, oldest first.
	NotificationTemplatesOf(ctx context.Context, appID int64) ([]NotificationTemplate, error)
	// AuthorizedAmong reports which of userIDs hold a live (not revoked,
	// not expired at now) token of appID, OAuth 2.0 or 1.0a.
	AuthorizedAmong(ctx context.Context, appID int64, userIDs []int64, now time.Time) (map[int64]bool, error)
	// NotificationsOf lists the notices userID received, newest first,
	// from c.Cursor; total counts them all.
	NotificationsOf(ctx context.Context, userID int64, c Cursor) (items []Notification, total int, err error)
}

// NotificationWriter writes templates and notices.
type NotificationWriter interface {
	CreateNotificationTemplate(ctx context.Context, t *NotificationTemplate) error
	// SetNotificationTemplateEnabled: KindNotFound when there is no such template.
	SetNotificationTemplateEnabled(ctx context.Context, id int64, enabled bool) error
	// CreateNotification records n and delivers it to recipients.
	CreateNotification(ctx context.Context, n *Notification, recipients []int64) error
}
