package storetest

import (
	"fmt"

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
