package storetest

import "github.com/weibo-server/weibo/internal/domain"

func testFilters(f *fx) {
	us := f.users("me", "author")
	me, author := us[0].ID, us[1].ID
	s1, s2 := f.status(author), f.status(author)
	for range 2 { // idempotent
		f.tx(func(tx domain.Tx) error { return tx.AddHomeFilter(f.ctx, me, s1.ID, f.tick()) })
	}
	got, err := f.s.HomeFilteredAmong(f.ctx, me, []int64{s1.ID, s2.ID})
	f.ok("HomeFilteredAmong", err)
	f.eq("HomeFilteredAmong", map[int64]bool{s1.ID: true}, got)
	got, _ = f.s.HomeFilteredAmong(f.ctx, author, []int64{s1.ID})
	f.eq("HomeFilteredAmong other", map[int64]bool{}, got)
	ids, err := f.s.HomeFilteredIDs(f.ctx, me, 10)
	f.ok("HomeFilteredIDs", err)
	f.eq("HomeFilteredIDs", []int64{s1.ID}, ids)

	// Shielded mentions leave MentionStatusIDs; with follow-up so do the
	// reposts of the status, by root or by direct parent.
	// Statuses that mention me: the original, its reposts and another.
	m := func(opts ...func(s *domain.Status)) *domain.Status {
		s := &domain.Status{ID: f.id(), UserID: author, AppID: 1, Text: "@me", CreatedAt: f.tick()}
		for _, o := range opts {
			o(s)
		}
		f.tx(func(tx domain.Tx) error { return tx.InsertStatus(f.ctx, s, []int64{me}, nil, nil) })
		return s
	}
	mo := m()
	mr1 := m(repostOf(mo.ID, mo.ID))
	mr2 := m(repostOf(mo.ID, mr1.ID))
	mx := m()
	list := func() []int64 {
		ids, total, err := f.s.MentionStatusIDs(f.ctx, me, q(me, 20))
		f.ok("MentionStatusIDs", err)
		f.eq("MentionStatusIDs total", len(ids), total)
		return ids
	}
	f.eq("mentions", []int64{mx.ID, mr2.ID, mr1.ID, mo.ID}, list())
	f.tx(func(tx domain.Tx) error { return tx.ShieldMention(f.ctx, me, mo.ID, false, f.tick()) })
	f.eq("shielded alone", []int64{mx.ID, mr2.ID, mr1.ID}, list())
	sh, err := f.s.MentionShieldedFor(f.ctx, []int64{me, author}, []int64{mo.ID})
	f.ok("MentionShieldedFor", err)
	f.eq("MentionShieldedFor without follow-up", map[int64]bool{}, sh)
	f.tx(func(tx domain.Tx) error { return tx.ShieldMention(f.ctx, me, mo.ID, true, f.tick()) })
	f.eq("shielded with follow-up", []int64{mx.ID}, list())
	sh, _ = f.s.MentionShieldedFor(f.ctx, []int64{me, author}, []int64{mr1.ID, mo.ID})
	f.eq("MentionShieldedFor", map[int64]bool{me: true}, sh)
}
