package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testPrefs: settings read back (the defaults before any), notices counted
// for their user and for everyone from when they are available and until
// read, a personal domain unique and read back through any cache, and a
// profile change's place codes kept or replaced.
func testPrefs(f *fx) {
	a, b := f.user("alice"), f.user("bob")
	p, err := f.s.UserPrefs(f.ctx, a.ID)
	f.ok("UserPrefs of a user who saved none", err)
	f.eq("default prefs", domain.DefaultUserPrefs(), p)
	want := domain.UserPrefs{NewFeed: 1, NewMsg: 1, PageStatuses: 50, PageComments: 5, RemindDM: true, MentionFrom: 1, MentionType: 1}
	f.tx(func(tx domain.Tx) error { return tx.PutUserPrefs(f.ctx, a.ID, want) })
	p, err = f.s.UserPrefs(f.ctx, a.ID)
	f.ok("UserPrefs", err)
	f.eq("prefs read back", want, p)

	t0 := f.tick()
	notice := func(to int64, at time.Time) {
		f.tx(func(tx domain.Tx) error {
			var rcpt []int64
			if to != 0 {
				rcpt = []int64{to}
			}
			return tx.InsertNotice(f.ctx, &domain.Notice{ID: f.id(), Kind: domain.NoticeSystem, UserID: to, Title: "t",
				Content: "c", AvailableAt: at, CreatedAt: t0}, rcpt)
		})
	}
	notice(a.ID, t0)
	notice(0, t0)
	notice(b.ID, t0)
	notice(0, t0.Add(time.Hour))
	count := func(u int64, joined, now time.Time) int {
		n, err := f.s.UnreadNotices(f.ctx, u, joined, now, 100)
		f.ok("UnreadNotices", err)
		return n
	}
	f.eq("alice's notices now", 2, count(a.ID, t0, t0))
	f.eq("bob's notices now", 2, count(b.ID, t0, t0))
	f.eq("alice's notices in two hours", 3, count(a.ID, t0, t0.Add(2*time.Hour)))
	// A notice to them counts whenever it came; one to everyone only
	// from when they joined.
	f.eq("notices of one who joined later", 2, count(a.ID, t0.Add(time.Minute), t0.Add(2*time.Hour)))
	f.eq("limit", 1, func() int { n, _ := f.s.UnreadNotices(f.ctx, a.ID, t0, t0.Add(2*time.Hour), 1); return n }())
	f.tx(func(tx domain.Tx) error { return tx.MarkNoticesRead(f.ctx, a.ID, t0) })
	f.eq("alice's notices after reading", 0, count(a.ID, t0, t0))
	f.eq("alice's notices after reading, in two hours", 1, count(a.ID, t0, t0.Add(2*time.Hour)))
	p, err = f.s.UserPrefs(f.ctx, a.ID)
	f.ok("UserPrefs after MarkNoticesRead", err)
	f.eq("prefs kept by MarkNoticesRead", want, p)
	f.tx(func(tx domain.Tx) error { return tx.MarkNoticesRead(f.ctx, b.ID, t0) })
	p, err = f.s.UserPrefs(f.ctx, b.ID)
	f.ok("UserPrefs of a user who only read notices", err)
	f.eq("defaults of a user who only read notices", domain.DefaultUserPrefs(), p)

	f.tx(func(tx domain.Tx) error { return tx.SetUserDomain(f.ctx, a.ID, "alicehome") })
	got, err := f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID after SetUserDomain", err)
	f.eq("domain", "alicehome", got.Domain)
	byDomain, err := f.s.UserByDomain(f.ctx, "alicehome")
	f.ok("UserByDomain", err)
	f.eq("UserByDomain", a.ID, byDomain.ID)
	err = f.txErr(func(tx domain.Tx) error { return tx.SetUserDomain(f.ctx, b.ID, "alicehome") })
	f.kind("SetUserDomain to a taken domain", err, domain.KindConflict, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error { return tx.SetUserDomain(f.ctx, -5, "nobodyhome") })
	f.kind("SetUserDomain of nobody", err, domain.KindNotFound, domain.ReasonUserNotFound)

	prov, city := 11, 1
	ch := domain.ProfileChange{ScreenName: "alice", Gender: "f", Province: &prov, City: &city}
	f.tx(func(tx domain.Tx) error { return tx.UpdateProfile(f.ctx, a.ID, ch) })
	got, err = f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID after a place change", err)
	f.eq("place", [2]int{11, 1}, [2]int{got.Province, got.City})
	ch.Province, ch.City, ch.Description = nil, nil, "kept place"
	f.tx(func(tx domain.Tx) error { return tx.UpdateProfile(f.ctx, a.ID, ch) })
	got, err = f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID after a change without place", err)
	f.eq("place kept", [2]int{11, 1}, [2]int{got.Province, got.City})
}
