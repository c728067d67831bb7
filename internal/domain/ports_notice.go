package domain

import (
	"context"
	"time"
)

// Notices: what the site or an app tells one user (or everyone), in one
// store and one unread counter (remind's "notice", Xweibo unread's
// notices, Tencent info/update's notice). A notice has a kind:
//
//   - NoticeApp: an app's notification/send (Sina, notification.md), built
//     from a template the server's operator approved for the app
//     (weibo app notification-template) and sent to users who authorised it;
//   - NoticeSystem: the site's own voice (Xweibo's sendNotice), to one user
//     or to everyone, possibly scheduled;
//   - NoticeModeration: the outcome of something a user reported, or of a
//     moderator's action on what they posted.
//
// A notice is unread while it became available after its recipient's read
// mark (remind/set_count type=notice, the site's notifications page move
// the mark).

// NoticeKind says who speaks in a notice.
type NoticeKind int

// The kinds of notice. The numbers are stored: do not renumber.
const (
	NoticeApp        NoticeKind = 1
	NoticeSystem     NoticeKind = 2
	NoticeModeration NoticeKind = 3
)

// Valid reports whether k is one of the kinds above.
func (k NoticeKind) Valid() bool { return k >= NoticeApp && k <= NoticeModeration }

// NoticeInput is a notice to deliver (core's Notify).
type NoticeInput struct {
	Kind    NoticeKind
	Title   string // may be empty for NoticeModeration and NoticeApp
	Content string
	// ActionURL is a link the notice points to ("" none).
	ActionURL string
	// AppID is the app that sent it (NoticeApp, or the app whose key sent a
	// system notice); SenderID the user whose token sent it; TemplateID the
	// app's template. All 0 when they do not apply.
	AppID, SenderID, TemplateID int64
	// Ref is the id of what the notice is about (a report, a status), 0 none.
	Ref int64
	// At is when it is shown from: zero or past means now.
	At time.Time
}

// Notice is one notice as stored and read back.
type Notice struct {
	ID   int64
	Kind NoticeKind
	// UserID is 0 for a notice to everyone, else its (first) recipient.
	UserID                      int64
	AppID, SenderID, TemplateID int64
	Ref                         int64
	Title, Content, ActionURL   string
	AvailableAt, CreatedAt      time.Time
	// Unread is set on reads: it became available after the reader's mark.
	Unread bool
}

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

// NotificationReader reads templates, notices and who may receive them.
type NotificationReader interface {
	// NotificationTemplateByID: KindNotFound when there is none.
	NotificationTemplateByID(ctx context.Context, id int64) (*NotificationTemplate, error)
	// NotificationTemplatesOf lists an app's templates, oldest first.
	NotificationTemplatesOf(ctx context.Context, appID int64) ([]NotificationTemplate, error)
	// AuthorizedAmong reports which of userIDs hold a live (not revoked,
	// not expired at now) token of appID, OAuth 2.0 or 1.0a.
	AuthorizedAmong(ctx context.Context, appID int64, userIDs []int64, now time.Time) (map[int64]bool, error)
	// NoticesOf lists the notices of userID available by now, newest
	// first (available time, then id), from c.Cursor: those to them, and
	// those to everyone available since joined; only appID's when appID is
	// not 0. total counts them all. Unread is left false (see NoticeReadAt).
	NoticesOf(ctx context.Context, userID, appID int64, joined, now time.Time, c Cursor) (items []Notice, total int, err error)
	// UnreadNotices counts, up to limit, the notices NoticesOf would list
	// that became available after the user's read mark.
	UnreadNotices(ctx context.Context, userID int64, joined, now time.Time, limit int) (int, error)
	// NoticeReadAt is the user's read mark (zero when never read).
	NoticeReadAt(ctx context.Context, userID int64) (time.Time, error)
}

// NotificationWriter writes templates and notices.
type NotificationWriter interface {
	CreateNotificationTemplate(ctx context.Context, t *NotificationTemplate) error
	// SetNotificationTemplateEnabled: KindNotFound when there is no such template.
	SetNotificationTemplateEnabled(ctx context.Context, id int64, enabled bool) error
	// InsertNotice stores n for recipients; with none, n is to everyone
	// (n.UserID must then be 0).
	InsertNotice(ctx context.Context, n *Notice, recipients []int64) error
	// MarkNoticesRead moves the user's read mark to at: the notices
	// available up to at are read.
	MarkNoticesRead(ctx context.Context, userID int64, at time.Time) error
}
