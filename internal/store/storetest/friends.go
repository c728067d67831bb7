package storetest

import (
	"github.com/weibo-server/weibo/internal/domain"
)

func testRemarksAndInteractions(f *fx) {
	us := f.users("a", "b", "c", "d")
	a, b, c, d := us[0].ID, us[1].ID, us[2].ID, us[3].ID
	f.follow(a, b, a, c)
	f.tx(func(tx domain.Tx) error { return tx.SetRemark(f.ctx, a, b, "老同学") })
	f.kind("SetRemark without a follow", f.txErr(func(tx domain.Tx) error { return tx.SetRemark(f.ctx, b, a, "x") }),
		domain.KindNotFound, domain.ReasonNone)
	rels, err := f.s.Relationships(f.ctx, a, []int64{b, c})
	f.ok("Relationships", err)
	f.eq("Relationships remark", map[int64]domain.Relationship{b: {Following: true, Remark: "老同学"}, c: {Following: true}}, rels)
	rels, err = f.s.Relationships(f.ctx, b, []int64{a})
	f.ok("Relationships reverse", err)
	f.eq("Relationships reverse", domain.Relationship{FollowedBy: true}, rels[a])
	rm, err := f.s.Remarks(f.ctx, a)
	f.ok("Remarks", err)
	f.eq("Remarks", map[int64]string{b: "老同学"}, rm)

	// Interactions either way: comments, reposts, mentions.
	sb := f.status(b)
	cm := f.comment(sb.ID, a, 0)
	sa := f.status(a)
	rp := f.status(c, repostOf(sa.ID, sa.ID))
	var men *domain.Status
	f.tx(func(tx domain.Tx) error {
		men = &domain.Status{ID: f.id(), UserID: d, Text: "@a", CreatedAt: f.tick()}
		return tx.InsertStatus(f.ctx, men, []int64{a}, nil, nil)
	})
	last, err := f.s.LastInteractions(f.ctx, a, []int64{b, c, d, a})
	f.ok("LastInteractions", err)
	f.eq("LastInteractions", map[int64]int64{b: cm.ID, c: rp.ID, d: men.ID}, last)
}
