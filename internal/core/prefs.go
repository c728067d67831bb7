package core

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
)

// Per-user settings, personal domains and the site's system notices: the
// local data of an Xweibo site (spec/xweibo.md §5.8, §8), kept here for
// every dialect.

// UserPrefs returns the user's settings (the defaults when they never
// saved any).
func (s *Service) UserPrefs(ctx context.Context, userID int64) (domain.UserPrefs, error) {
	return s.store.UserPrefs(ctx, userID)
}

// UpdateUserPrefs applies change to the viewer's settings in one
// transaction and stores them when they are valid.
func (s *Service) UpdateUserPrefs(ctx context.Context, v domain.Viewer, change func(p *domain.UserPrefs)) (domain.UserPrefs, error) {
	var out domain.UserPrefs
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		p, err := tx.UserPrefs(ctx, v.UserID)
		if err != nil {
			return err
		}
		change(&p)
		if err := validPrefs(p); err != nil {
			return err
		}
		out = p
		return tx.PutUserPrefs(ctx, v.UserID, p)
	})
	return out, err
}

func validPrefs(p domain.UserPrefs) error {
	for _, f := range []struct {
		name   string
		v      int
		lo, hi int
	}{
		{"newfeed", p.NewFeed, 0, 1}, {"newmsg", p.NewMsg, 0, 1},
		{"feedtotal", p.PageStatuses, domain.MinPrefsPage, domain.MaxPrefsPage},
		{"commenttotal", p.PageComments, domain.MinPrefsPage, domain.MaxPrefsPage},
		{"from_user", p.MentionFrom, 0, 1}, {"status_type", p.MentionType, 0, 1},
	} {
		if f.v < f.lo || f.v > f.hi {
			return domain.BadParam(f.name, fmt.Sprintf("an integer in [%d, %d]", f.lo, f.hi), fmt.Sprint(f.v))
		}
	}
	return nil
}

// HomeNewerThan reports whether the viewer's home timeline holds a status
// newer than sinceID.
func (s *Service) HomeNewerThan(ctx context.Context, viewer, sinceID int64) (bool, error) {
	n, err := s.store.CountHomeSince(ctx, viewer, sinceID, 1)
	return n > 0, err
}

// maxUnreadNotices caps the notice counter, as maxUnreadStatus does.
const maxUnreadNotices = 100

// unreadNotices counts the notices u has not read: those to them or to
// everyone, available since they joined and since they last read them.
func (s *Service) unreadNotices(ctx context.Context, u *domain.User) (int, error) {
	return s.store.UnreadNotices(ctx, u.ID, u.CreatedAt, s.now(), maxUnreadNotices)
}

// Limits of a notice.
const (
	MaxNoticeTitle   = 100
	MaxNoticeContent = 1000
	// MaxNoticeDelay bounds how far ahead a notice may be scheduled.
	MaxNoticeDelay = 366 * 24 * time.Hour
)

// NoticeInput is a system notice to send: to user To (0: everyone), shown
// from At (zero or past: now).
type NoticeInput struct {
	To             int64
	Title, Content string
	At             time.Time
}

// SendNotice stores a system notice of the site. It is the site's voice,
// not a user's: the dialects offer it to the callers the operator trusts
// with it (Xweibo's sendNotice, behind the API key of a partner site).
func (s *Service) SendNotice(ctx context.Context, v domain.Viewer, in NoticeInput) (*domain.Notice, error) {
	in.Title, in.Content = strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	if in.Title == "" {
		return nil, domain.MissingParam("title")
	}
	if in.Content == "" {
		return nil, domain.MissingParam("content")
	}
	if n := utf8.RuneCountInString(in.Title); n > MaxNoticeTitle {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTextTooLong, fmt.Sprintf("title is %d characters; at most %d", n, MaxNoticeTitle))
	}
	if n := utf8.RuneCountInString(in.Content); n > MaxNoticeContent {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTextTooLong, fmt.Sprintf("content is %d characters; at most %d", n, MaxNoticeContent))
	}
	now := s.now()
	at := in.At
	if at.Before(now) {
		at = now
	}
	if at.Sub(now) > MaxNoticeDelay {
		return nil, domain.BadParam("available_time", "a time within a year", at.Format(time.RFC3339))
	}
	if in.To < 0 {
		return nil, domain.BadParam("uid", "a user id, or 0 for everyone", fmt.Sprint(in.To))
	}
	if in.To > 0 {
		if _, err := s.store.UserByID(ctx, in.To); err != nil {
			return nil, err
		}
	}
	n := &domain.Notice{UserID: in.To, AppID: v.AppID, Title: in.Title, Content: in.Content, AvailableAt: at, CreatedAt: now}
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		n.ID = s.ids.Next()
		return tx.InsertNotice(ctx, n)
	})
	if err != nil {
		return nil, fmt.Errorf("send notice: %w", err)
	}
	return n, nil
}

// Personal domains: 6 to 20 lower-case letters and digits, not only
// digits (a number would read as a user id), chosen once.
const (
	minDomainLen = 6
	maxDomainLen = 20
)

// reservedDomains are the first path segments of the site's own pages: a
// personal domain is meant to be an address of its own. The site's
// TestSiteAddressesAreReserved fails when a page is added without its
// segment here.
var reservedDomains = map[string]bool{
	"search": true, "settings": true, "signup": true, "signin": true, "logout": true, "oauth2": true,
	"static": true, "emotions": true, "healthz": true, "metrics": true, "notifications": true, "topics": true,
	"groups": true, "favorites": true, "messages": true, "mentions": true, "comments": true, "account": true,
	"register": true, "public": true, "index": true, "weibo": true, "admin": true, "trends": true,
	"compose": true, "following": true, "followers": true, "status": true, "report": true,
}

// ApplyDomain gives the viewer the personal domain d (lower-cased). The
// format is checked first (ReasonBadDomain); a viewer who has one already
// is refused (KindForbidden): a domain, once chosen, is where people find
// them; a domain another user has, or one the site uses, is KindConflict.
func (s *Service) ApplyDomain(ctx context.Context, v domain.Viewer, d string) error {
	d = strings.ToLower(strings.TrimSpace(d))
	if !validDomain(d) {
		return &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonBadDomain, Param: "domain",
			Want: "6 to 20 letters and digits, not only digits", Got: d, Msg: "domain format error"}
	}
	u, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return err
	}
	if u.Domain != "" {
		return domain.E(domain.KindForbidden, domain.ReasonNone, "you have a personal domain already: "+u.Domain)
	}
	taken := domain.E(domain.KindConflict, domain.ReasonNone, "domain "+d+" is taken")
	if reservedDomains[d] {
		return taken
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		u, err := tx.UserByID(ctx, v.UserID)
		if err != nil {
			return err
		}
		if u.Domain != "" {
			return domain.E(domain.KindForbidden, domain.ReasonNone, "you have a personal domain already: "+u.Domain)
		}
		return tx.SetUserDomain(ctx, v.UserID, d)
	})
	if domain.IsKind(err, domain.KindConflict) {
		return taken
	}
	return err
}

func validDomain(d string) bool {
	if len(d) < minDomainLen || len(d) > maxDomainLen {
		return false
	}
	digits := true
	for i := 0; i < len(d); i++ {
		switch c := d[i]; {
		case c >= 'a' && c <= 'z':
			digits = false
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return !digits
}
