package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func testProfile(f *fx) {
	us := f.users("pinner", "other")
	u, other := us[0].ID, us[1].ID
	top, err := f.s.TopStatusOf(f.ctx, u)
	f.ok("TopStatusOf none", err)
	f.eq("TopStatusOf none", int64(0), top)
	s1, s2 := f.status(u), f.status(u)
	f.tx(func(tx domain.Tx) error { return tx.SetTopStatus(f.ctx, u, s1.ID, f.tick()) })
	f.tx(func(tx domain.Tx) error { return tx.SetTopStatus(f.ctx, u, s2.ID, f.tick()) })
	top, err = f.s.TopStatusOf(f.ctx, u)
	f.ok("TopStatusOf", err)
	f.eq("a new pin replaces the old", s2.ID, top)
	top, _ = f.s.TopStatusOf(f.ctx, other)
	f.eq("TopStatusOf other", int64(0), top)
	f.tx(func(tx domain.Tx) error { return tx.ClearTopStatus(f.ctx, u) })
	f.tx(func(tx domain.Tx) error { return tx.ClearTopStatus(f.ctx, u) })
	top, _ = f.s.TopStatusOf(f.ctx, u)
	f.eq("TopStatusOf cleared", int64(0), top)

	// Active days: distinct UTC days with a live status.
	day := time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC)
	at := func(t time.Time) func(s *domain.Status) { return func(s *domain.Status) { s.CreatedAt = t } }
	f.status(other, at(day))
	f.status(other, at(day.Add(30*time.Minute)))       // the same day
	gone := f.status(other, at(day.Add(72*time.Hour))) // deleted: not counted
	f.status(other, at(day.Add(2*time.Hour)))          // the next day
	f.deleteStatus(gone.ID)
	n, err := f.s.ActiveDays(f.ctx, other)
	f.ok("ActiveDays", err)
	f.eq("ActiveDays", 2, n)
}
