package core

import (
	"context"
	"fmt"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
)

// Per-user settings and personal domains: the
// local data of an Xweibo site (spec/xweibo.md §5.8, §8), kept here for
// every dialect. The site's system notices are notices (notice.go).

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

// mentionCounts reports whether a mention of m by someone (rel: the
// mentioner's relationship to m) moves m's mention counter under m's
// settings (saveNotice): from_user 1 counts only people m follows;
// status_type 1 counts only original weibos, not reposts (repost; a
// mention in a comment is not a weibo's and is not concerned).
func mentionCounts(ctx context.Context, tx domain.Tx, m int64, rel domain.Relationship, repost bool) (bool, error) {
	p, err := tx.UserPrefs(ctx, m)
	if err != nil {
		return false, err
	}
	if p.MentionFrom == 1 && !rel.FollowedBy {
		return false, nil
	}
	return p.MentionType != 1 || !repost, nil
}

// HomeNewerThan reports whether the viewer's home timeline holds a status
// newer than sinceID.
func (s *Service) HomeNewerThan(ctx context.Context, viewer, sinceID int64) (bool, error) {
	n, err := s.store.CountHomeSince(ctx, viewer, sinceID, 1)
	return n > 0, err
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
