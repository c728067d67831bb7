package storetest

import (
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
