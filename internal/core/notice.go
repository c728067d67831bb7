package core

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
)

// Notices: one store and one unread counter for everything the site or an
// app tells a user (domain.Notice: app notifications, system notices,
// moderation outcomes). The API, small and stable, for every caller in
// core, the dialects and the site:
//
//	Notify(ctx, userID, domain.NoticeInput{Kind: ..., Title: ..., Content: ...})
//	    delivers one notice to userID (0: everyone, system notices only)
//	    in its own transaction. Callers inside a transaction of their own
//	    (run through inTxNewIDs, as ids are taken) use deliverNotice.
//	Notices(ctx, v, cursor)
//	    the viewer's notices, newest first, each marked Unread or not, with
//	    the total and the unread count.
//	ReadNotices(ctx, v)
//	    moves the viewer's read mark to now (what remind/set_count
//	    type=notice does too).
//
// The unread count is not stored: it is counted from the notices and the
// read mark (unreadNotices), so a notice to everyone costs one row, a
// scheduled one starts counting when it becomes available, and nothing can
// drift. It shows as remind's "notice", Xweibo unread's notices and
// Tencent info/update's notice counter, unless the user switched the
// system-notice tip off (saveNotice notice=0, UserPrefs.NewNotice).

// Limits of a notice.
const (
	MaxNoticeTitle   = 100
	MaxNoticeContent = 1000
	// MaxNoticeDelay bounds how far ahead a notice may be scheduled.
	MaxNoticeDelay = 366 * 24 * time.Hour
	// maxUnreadNotices caps the notice counter, as maxUnreadStatus does.
	maxUnreadNotices = 100
	// MaxNoticesPage bounds one page of Notices.
	MaxNoticesPage = 100
)

// Notify delivers a notice to userID, or to everyone when userID is 0 (only
// a NoticeSystem may be). A system notice needs a title and content; the
// others a content or a title. Errors: KindInvalid for a bad input (an unknown kind,
// text too long, a link that is not http(s), a time more than a year
// ahead), KindNotFound when there is no such user.
func (s *Service) Notify(ctx context.Context, userID int64, in domain.NoticeInput) (*domain.Notice, error) {
	if userID < 0 {
		return nil, domain.BadParam("uid", "a user id, or 0 for everyone", fmt.Sprint(userID))
	}
	if userID == 0 && in.Kind != domain.NoticeSystem {
		return nil, domain.BadParam("uid", "a user id: only a system notice goes to everyone", "0")
	}
	if userID > 0 {
		if _, err := s.store.UserByID(ctx, userID); err != nil {
			return nil, err
		}
	}
	var to []int64
	if userID > 0 {
		to = []int64{userID}
	}
	var out *domain.Notice
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		var err error
		out, err = s.deliverNotice(ctx, tx, to, in)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	return out, nil
}

// deliverNotice checks in and stores it for the users to inside tx, which
// must run through inTxNewIDs (it takes an id). With no users, a system
// notice is to everyone; any other kind is kept but reaches nobody
// (UserID -1: an app's notice whose recipients all failed).
func (s *Service) deliverNotice(ctx context.Context, tx domain.Tx, to []int64, in domain.NoticeInput) (*domain.Notice, error) {
	n, err := s.checkNotice(in)
	if err != nil {
		return nil, err
	}
	switch {
	case len(to) > 0:
		n.UserID = to[0]
	case in.Kind != domain.NoticeSystem:
		n.UserID = -1
	}
	n.ID = s.ids.Next()
	if err := tx.InsertNotice(ctx, n, to); err != nil {
		return nil, err
	}
	return n, nil
}

// checkNotice validates in and makes the notice it describes.
func (s *Service) checkNotice(in domain.NoticeInput) (*domain.Notice, error) {
	if !in.Kind.Valid() {
		return nil, domain.BadParam("kind", "a kind of notice", fmt.Sprint(int(in.Kind)))
	}
	title, content := strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	if title == "" && in.Kind == domain.NoticeSystem {
		return nil, domain.MissingParam("title")
	}
	if content == "" && (title == "" || in.Kind == domain.NoticeSystem) {
		// An app's template may render to a title alone.
		return nil, domain.MissingParam("content")
	}
	if !utf8.ValidString(title) || !utf8.ValidString(content) {
		return nil, domain.BadParam("content", "UTF-8 text", "")
	}
	if n := utf8.RuneCountInString(title); n > MaxNoticeTitle {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTextTooLong, fmt.Sprintf("title is %d characters; at most %d", n, MaxNoticeTitle))
	}
	if n := utf8.RuneCountInString(content); n > MaxNoticeContent {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTextTooLong, fmt.Sprintf("content is %d characters; at most %d", n, MaxNoticeContent))
	}
	link := ""
	if strings.TrimSpace(in.ActionURL) != "" {
		u, ok := longURL(in.ActionURL)
		if !ok {
			return nil, domain.BadParam("action_url", "an http or https URL", in.ActionURL)
		}
		link = u
	}
	now := s.now()
	at := in.At
	if at.Before(now) {
		at = now
	}
	if at.Sub(now) > MaxNoticeDelay {
		return nil, domain.BadParam("available_time", "a time within a year", at.Format(time.RFC3339))
	}
	return &domain.Notice{Kind: in.Kind, AppID: in.AppID, SenderID: in.SenderID, TemplateID: in.TemplateID, Ref: in.Ref,
		Title: title, Content: content, ActionURL: link, AvailableAt: at, CreatedAt: now}, nil
}

// NoticePage is one page of a user's notices.
type NoticePage struct {
	Items  []domain.Notice
	Total  int // all the user's notices
	Unread int // the unread ones, up to the counter's cap
	// Apps are the apps that sent the listed notices, by id (an app since
	// deleted is missing).
	Apps map[int64]*domain.App
}

// Notices lists the viewer's notices available now, newest first, from
// c (Count 1..MaxNoticesPage), each marked Unread when it came after the
// read mark. Reading does not move the mark (ReadNotices does).
func (s *Service) Notices(ctx context.Context, v domain.Viewer, c domain.Cursor) (*NoticePage, error) {
	return s.notices(ctx, v, 0, c)
}

// NoticesFromApp lists, as Notices does, only the notices the app with key
// appKey sent (KindInvalid for a key of no app).
func (s *Service) NoticesFromApp(ctx context.Context, v domain.Viewer, appKey string, c domain.Cursor) (*NoticePage, error) {
	a, err := s.appByKey(ctx, appKey)
	if err != nil {
		return nil, err
	}
	return s.notices(ctx, v, a.ID, c)
}

func (s *Service) notices(ctx context.Context, v domain.Viewer, appID int64, c domain.Cursor) (*NoticePage, error) {
	if !v.Authenticated() {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonNone, "sign in to read your notices")
	}
	if c.Count < 1 || c.Count > MaxNoticesPage || c.Cursor < 0 {
		return nil, domain.BadParam("count", fmt.Sprintf("1 to %d", MaxNoticesPage), fmt.Sprint(c.Count))
	}
	u, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	items, total, err := s.store.NoticesOf(ctx, u.ID, appID, u.CreatedAt, now, c.Bounded())
	if err != nil {
		return nil, err
	}
	mark, err := s.store.NoticeReadAt(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Unread = items[i].AvailableAt.After(mark)
	}
	unread, err := s.store.UnreadNotices(ctx, u.ID, u.CreatedAt, now, maxUnreadNotices)
	if err != nil {
		return nil, err
	}
	apps := map[int64]*domain.App{}
	for _, n := range items {
		if n.AppID == 0 || apps[n.AppID] != nil {
			continue
		}
		a, err := s.store.AppByID(ctx, n.AppID)
		if domain.IsKind(err, domain.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		apps[n.AppID] = a
	}
	return &NoticePage{Items: items, Total: total, Unread: unread, Apps: apps}, nil
}

// ReadNotices marks every notice available now as read by the viewer.
func (s *Service) ReadNotices(ctx context.Context, v domain.Viewer) error {
	if !v.Authenticated() {
		return domain.E(domain.KindUnauthenticated, domain.ReasonNone, "sign in to read your notices")
	}
	return s.ResetUnread(ctx, v.UserID, domain.UnreadNotice)
}

// unreadNotices counts the notices u has not read.
func (s *Service) unreadNotices(ctx context.Context, u *domain.User) (int, error) {
	return s.store.UnreadNotices(ctx, u.ID, u.CreatedAt, s.now(), maxUnreadNotices)
}
