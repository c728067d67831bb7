package storetest

import (
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testFollowEdge: a follow keeps when it was made and the rip it carried.
func testFollowEdge(f *fx) {
	a, b, c := f.user("a"), f.user("b"), f.user("c")
	at := f.tick()
	f.tx(func(tx domain.Tx) error { return tx.Follow(f.ctx, a.ID, b.ID, at, "211.156.0.1") })
	f.follow(a.ID, c.ID)
	e, err := f.s.FollowEdge(f.ctx, a.ID, b.ID)
	f.ok("FollowEdge", err)
	f.eq("FollowEdge", &domain.FollowEdge{Follower: a.ID, Followee: b.ID, CreatedAt: at, RIP: "211.156.0.1"}, e)
	e, err = f.s.FollowEdge(f.ctx, a.ID, c.ID)
	f.ok("FollowEdge without rip", err)
	f.eq("FollowEdge without rip", "", e.RIP)
	_, err = f.s.FollowEdge(f.ctx, b.ID, a.ID)
	f.kind("FollowEdge of the reverse", err, domain.KindNotFound, domain.ReasonNone)
	// Following again after an unfollow stores the new rip.
	f.tx(func(tx domain.Tx) error { return tx.Unfollow(f.ctx, a.ID, b.ID) })
	f.tx(func(tx domain.Tx) error { return tx.Follow(f.ctx, a.ID, b.ID, f.tick(), "10.1.2.3") })
	e, err = f.s.FollowEdge(f.ctx, a.ID, b.ID)
	f.ok("FollowEdge after following again", err)
	f.eq("FollowEdge after following again", "10.1.2.3", e.RIP)
}

// testAudienceStatusIDs: an author's statuses by audience, each visibility
// type in the audience domain.Visibility.Audience gives it.
func testAudienceStatusIDs(f *fx) {
	a, b := f.user("a"), f.user("b")
	byAudience := map[domain.Audience][]int64{}
	for i := range 15 {
		typ := []int{domain.VisiblePublic, domain.VisiblePrivate, domain.VisibleCloseFriends, domain.VisibleGroup, 2}[i%5]
		s := f.status(a.ID, visible(typ))
		f.status(b.ID, visible(typ)) // another author's never come back
		if i == 5 || i == 7 {
			f.deleteStatus(s.ID) // nor do deleted ones
			continue
		}
		au := s.Visible.Audience()
		byAudience[au] = append([]int64{s.ID}, byAudience[au]...)
	}
	for _, au := range []domain.Audience{domain.AudienceEveryone, domain.AudienceSome, domain.AudienceAuthor} {
		all := byAudience[au]
		for _, p := range []domain.Page{{Count: 100}, {Count: 2}, {Count: 2, Page: 2}, {MaxID: all[1], Count: 100}, {SinceID: all[len(all)-1], Count: 100}} {
			got, err := f.s.AudienceStatusIDs(f.ctx, a.ID, au, p)
			f.ok("AudienceStatusIDs", err)
			f.eq(fmt.Sprintf("AudienceStatusIDs(%d, %+v)", au, p), pageOf(all, p), got)
		}
	}
}

// testTimelineCounts: each count agrees with the ids its selection lists,
// for every viewer and filter, and stops at its limit; the public tally
// follows posts and deletes of public statuses only.
func testTimelineCounts(f *fx) {
	us := f.users("v", "a", "b", "c")
	v, a, b, c := us[0], us[1], us[2], us[3]
	f.follow(v.ID, a.ID, a.ID, v.ID, v.ID, b.ID) // v ↔ a mutual; v → b
	tally := func(want int) {
		f.t.Helper()
		n, err := f.s.PublicStatusTotal(f.ctx)
		f.ok("PublicStatusTotal", err)
		f.eq("PublicStatusTotal", want, n)
	}
	tally(0)
	public := 0
	var victims []int64
	for i := range 6 {
		for _, u := range us {
			typ := []int{domain.VisiblePublic, domain.VisiblePrivate, domain.VisibleCloseFriends, domain.VisiblePublic}[(i+int(u.ID))%4]
			s := f.status(u.ID, visible(typ), func(s *domain.Status) {
				if i%3 == 1 {
					s.RetweetedID = 1 // not an original
				}
				if i == 4 {
					s.AppID = 2
				}
			})
			if typ == domain.VisiblePublic {
				public++
			}
			if i == 2 {
				victims = append(victims, s.ID)
			}
		}
	}
	tally(public)
	for _, id := range victims {
		s, err := f.s.StatusByID(f.ctx, id)
		f.ok("StatusByID", err)
		f.deleteStatus(id)
		if s.Visible.Type == domain.VisiblePublic {
			public--
		}
	}
	tally(public)
	err := f.txErr(func(tx domain.Tx) error { return tx.MarkStatusDeleted(f.ctx, victims[0]) })
	f.kind("MarkStatusDeleted twice", err, domain.KindNotFound, domain.ReasonStatusNotFound)
	tally(public) // a second delete moves nothing

	filters := []domain.TimelineFilter{{}, {Feature: 1}, {BaseAppID: 2}, {FilterByAuthor: 1}, {FilterByAuthor: 2}, {Feature: 3}}
	all := domain.Page{Count: 1000}
	for _, viewer := range []int64{v.ID, a.ID, c.ID, 0} {
		for _, flt := range filters {
			qq := domain.StatusQuery{Page: all, Filter: flt, Viewer: viewer}
			what := fmt.Sprintf("viewer %d filter %+v", viewer, flt)
			check := func(name string, ids []int64, err error, count func(limit int) (int, error)) {
				f.t.Helper()
				f.ok(name, err)
				for _, limit := range []int{1000, len(ids), 2, 0} {
					n, err := count(limit)
					f.ok(name, err)
					f.eq(fmt.Sprintf("%s %s limit %d", name, what, limit), min(len(ids), limit), n)
				}
			}
			if viewer != 0 {
				ids, err := f.s.HomeStatusIDs(f.ctx, viewer, qq)
				check("CountHomeStatuses", ids, err, func(limit int) (int, error) {
					// The page is ignored: the count is of the whole selection.
					return f.s.CountHomeStatuses(f.ctx, viewer, domain.StatusQuery{Page: domain.Page{Count: 1, Page: 2}, Filter: flt, Viewer: viewer}, limit)
				})
			}
			authors := []int64{v.ID, a.ID, a.ID}
			ids, err := f.s.AuthorsStatusIDs(f.ctx, authors, qq)
			check("CountAuthorsStatuses", ids, err, func(limit int) (int, error) {
				return f.s.CountAuthorsStatuses(f.ctx, authors, qq, limit)
			})
			ids, err = f.s.PublicStatusIDs(f.ctx, qq)
			check("CountPublicStatuses", ids, err, func(limit int) (int, error) {
				return f.s.CountPublicStatuses(f.ctx, qq, limit)
			})
		}
	}
	n, err := f.s.CountAuthorsStatuses(f.ctx, nil, domain.StatusQuery{Viewer: v.ID}, 10)
	f.ok("CountAuthorsStatuses of nobody", err)
	f.eq("CountAuthorsStatuses of nobody", 0, n)
}

// testSessions: a session is found by its hash until deleted; creating one
// clears sessions long expired, and leaves the live ones.
func testSessions(f *fx) {
	u := f.user("u")
	now := f.tick()
	live := &domain.Session{IDHash: "live", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	old := &domain.Session{IDHash: "old", UserID: u.ID, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	f.tx(func(tx domain.Tx) error { return tx.CreateSession(f.ctx, old) })
	f.tx(func(tx domain.Tx) error { return tx.CreateSession(f.ctx, live) })
	got, err := f.s.SessionByHash(f.ctx, "live")
	f.ok("SessionByHash", err)
	f.eq("SessionByHash", live, got)
	_, err = f.s.SessionByHash(f.ctx, "old")
	f.kind("SessionByHash of an expired session after a sign-in", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.SessionByHash(f.ctx, "never")
	f.kind("SessionByHash of an unknown hash", err, domain.KindNotFound, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error { return tx.CreateSession(f.ctx, live) })
	f.kind("CreateSession twice", err, domain.KindConflict, domain.ReasonNone)
	f.tx(func(tx domain.Tx) error { return tx.DeleteSession(f.ctx, "live") })
	f.tx(func(tx domain.Tx) error { return tx.DeleteSession(f.ctx, "live") }) // again: no error
	_, err = f.s.SessionByHash(f.ctx, "live")
	f.kind("SessionByHash after DeleteSession", err, domain.KindNotFound, domain.ReasonNone)
}
