package storetest

import (
	"github.com/weibo-server/weibo/internal/domain"
)

func testShortURLs(f *fx) {
	us := f.users("a", "b")
	a, b := us[0].ID, us[1].ID
	var link *domain.ShortURL
	at := f.tick()
	f.tx(func(tx domain.Tx) error {
		var err error
		link, err = tx.CreateShortURL(f.ctx, domain.ShortURL{ID: f.id(), Code: "abc", Long: "http://example.com/x", CreatedAt: at})
		if err != nil {
			return err
		}
		again, err := tx.CreateShortURL(f.ctx, domain.ShortURL{ID: f.id(), Code: "abd", Long: "http://example.com/x", CreatedAt: f.tick()})
		if err == nil && again.ID != link.ID {
			f.t.Errorf("CreateShortURL of a known long URL made %+v, want %+v", again, link)
		}
		return err
	})
	f.eq("CreateShortURL", domain.ShortURL{ID: link.ID, Code: "abc", Long: "http://example.com/x", CreatedAt: at}, *link)
	f.idTaken("CreateShortURL code taken", f.txErr(func(tx domain.Tx) error {
		_, err := tx.CreateShortURL(f.ctx, domain.ShortURL{ID: f.id(), Code: "abc", Long: "http://example.com/y", CreatedAt: f.tick()})
		return err
	}))
	m, err := f.s.ShortURLsByCode(f.ctx, []string{"abc", "none"})
	f.ok("ShortURLsByCode", err)
	f.eq("ShortURLsByCode", 1, len(m))
	_, err = f.s.ShortURLByLong(f.ctx, "http://example.com/none")
	f.kind("ShortURLByLong unknown", err, domain.KindNotFound, domain.ReasonNone)

	// Clicks, with sources past the bound counted as "other".
	f.tx(func(tx domain.Tx) error {
		for _, c := range []domain.Click{{Referer: "x.org", Location: "广东", Province: 44}, {Referer: "x.org", Location: "美国", Province: 400}, {Location: "广东", Province: 44}} {
			if err := tx.AddClick(f.ctx, link.ID, c); err != nil {
				return err
			}
		}
		return nil
	})
	f.kind("AddClick unknown", f.txErr(func(tx domain.Tx) error { return tx.AddClick(f.ctx, 999999, domain.Click{}) }),
		domain.KindNotFound, domain.ReasonNone)
	refs, err := f.s.ClickReferers(f.ctx, link.ID, 10)
	f.ok("ClickReferers", err)
	f.eq("ClickReferers", []domain.ClickCount{{Key: "x.org", Clicks: 2}, {Key: "", Clicks: 1}}, refs)
	locs, err := f.s.ClickLocations(f.ctx, link.ID, 10)
	f.ok("ClickLocations", err)
	f.eq("ClickLocations", []domain.ClickCount{{Key: "广东", Province: 44, Clicks: 2}, {Key: "美国", Province: 400, Clicks: 1}}, locs)
	m, _ = f.s.ShortURLsByCode(f.ctx, []string{"abc"})
	f.eq("Clicks", 3, m["abc"].Clicks)

	// Statuses and comments holding a link, by either spelling, once each.
	ins := func(author int64, visible int, links ...string) *domain.Status {
		st := &domain.Status{ID: f.id(), UserID: author, Text: "link", CreatedAt: f.tick()}
		st.Visible.Type = visible
		f.tx(func(tx domain.Tx) error { return tx.InsertStatus(f.ctx, st, nil, nil, links) })
		return st
	}
	urls := []string{"http://s/abc", "http://example.com/x"}
	s1 := ins(a, 0, urls...)
	s2 := ins(b, 0, "http://example.com/x")
	ins(b, 1, "http://s/abc")
	ins(b, 0, "http://other")
	ids, total, err := f.s.LinkStatusIDs(f.ctx, urls, domain.StatusQuery{Page: domain.Page{Count: 10}})
	f.ok("LinkStatusIDs", err)
	f.eq("LinkStatusIDs", []int64{s2.ID, s1.ID}, ids)
	f.eq("LinkStatusIDs total", 2, total)
	_, total, err = f.s.LinkStatusIDs(f.ctx, urls, domain.StatusQuery{Viewer: b})
	f.ok("LinkStatusIDs count", err)
	f.eq("LinkStatusIDs count for the author of the private one", 3, total)
	c1 := f.comment(s1.ID, b, 0)
	f.comment(s1.ID, b, 0)
	f.tx(func(tx domain.Tx) error {
		return tx.AddCommentLinks(f.ctx, c1.ID, []string{"http://s/abc", "http://s/abc"})
	})
	cids, total, err := f.s.LinkCommentIDs(f.ctx, urls, domain.CommentQuery{Page: domain.Page{Count: 10}})
	f.ok("LinkCommentIDs", err)
	f.eq("LinkCommentIDs", []int64{c1.ID}, cids)
	f.eq("LinkCommentIDs total", 1, total)
}
