package core

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
)

// OverviewDays is how many days of statuses the instance overview charts.
const OverviewDays = 30

// Overview is the instance at a glance, for the admin pages.
type Overview struct {
	Users       int // accounts in any state
	Pending     int // waiting for approval (up to a thousand)
	OpenReports int // waiting for a moderator (up to a thousand)
	// QueueDepth is the background events waiting; -1 when unknown.
	QueueDepth int
	// StatusesPerDay has one entry per UTC day, oldest first, today last.
	StatusesPerDay []domain.DayCount
	Disk           []domain.DiskUse
}

// Overview gathers the overview for a moderator.
func (s *Service) Overview(ctx context.Context, a Actor) (*Overview, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return nil, err
	}
	o := &Overview{QueueDepth: -1}
	var err error
	if o.Users, err = s.store.CountAccounts(ctx); err != nil {
		return nil, err
	}
	pending := domain.UserPending
	accs, err := s.store.Accounts(ctx, domain.AccountQuery{State: &pending, Limit: maxOpenCount})
	if err != nil {
		return nil, err
	}
	o.Pending = len(accs)
	if o.OpenReports, err = s.store.CountOpenReports(ctx, maxOpenCount); err != nil {
		return nil, err
	}
	if s.queue != nil {
		if n, err := s.queue.Pending(ctx); err == nil {
			o.QueueDepth = n
		} else {
			s.log.WarnContext(ctx, "overview: queue depth", "err", err)
		}
	}
	today := s.now().UTC().Truncate(24 * time.Hour)
	from := today.AddDate(0, 0, -(OverviewDays - 1))
	days, err := s.store.StatusesPerDay(ctx, from, ids.MinIDAt(from))
	if err != nil {
		return nil, err
	}
	counts := make(map[int64]int, len(days))
	for _, d := range days {
		counts[d.Day.Unix()] = d.Count
	}
	for d := from; !d.After(today); d = d.AddDate(0, 0, 1) {
		o.StatusesPerDay = append(o.StatusesPerDay, domain.DayCount{Day: d, Count: counts[d.Unix()]})
	}
	if s.disk != nil {
		if o.Disk, err = s.disk(ctx); err != nil {
			s.log.WarnContext(ctx, "overview: disk use", "err", err)
			o.Disk = nil
		}
	}
	return o, nil
}

// MaxAccountsPage bounds a page of the admin pages' user list.
const MaxAccountsPage = 100

// SearchAccounts pages accounts in any state for a moderator, newest
// first; query, when given, matches the start of the screen name.
func (s *Service) SearchAccounts(ctx context.Context, a Actor, query string, beforeID int64, limit int) ([]*domain.Account, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return nil, err
	}
	query = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(query), "@"))
	if !utf8.ValidString(query) || utf8.RuneCountInString(query) > 30 {
		return nil, domain.BadParam("q", "the start of a screen name", query)
	}
	return s.store.Accounts(ctx, domain.AccountQuery{Query: query, BeforeID: max(beforeID, 0),
		Limit: min(max(limit, 1), MaxAccountsPage)})
}
