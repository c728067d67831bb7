package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func testTrends(f *fx) {
	us := f.users("a", "b")
	a, b := us[0].ID, us[1].ID
	post := func(author, app int64, visible int, topics ...string) *domain.Status {
		f.t.Helper()
		st := &domain.Status{ID: f.id(), UserID: author, AppID: app, Text: "topics", CreatedAt: f.tick()}
		st.Visible.Type = visible
		f.tx(func(tx domain.Tx) error { return tx.InsertStatus(f.ctx, st, nil, topics, nil) })
		return st
	}
	early := f.now
	post(a, 1, 0, "旧闻")
	post(a, 1, 0, "周末")
	mid := f.tick()
	post(a, 1, 0, "周末", "读书")
	post(b, 2, 0, "周末")
	post(b, 1, 0, "读书")
	post(b, 1, 1, "周末") // private: never counted
	gone := post(b, 1, 0, "周末")
	f.deleteStatus(gone.ID)
	end := f.tick()

	w := domain.TopicWindow{From: mid, To: end}
	hot, err := f.s.HotTopics(f.ctx, w, 10)
	f.ok("HotTopics", err)
	// A tie goes to the topic used most recently.
	f.eq("HotTopics", []domain.TopicCount{{Topic: "读书", Count: 2}, {Topic: "周末", Count: 2}}, hot)
	hot, err = f.s.HotTopics(f.ctx, domain.TopicWindow{From: mid, To: end, AppID: 1}, 1)
	f.ok("HotTopics app", err)
	f.eq("HotTopics app", []domain.TopicCount{{Topic: "读书", Count: 2}}, hot)
	hot, err = f.s.HotTopics(f.ctx, domain.TopicWindow{From: end, To: end.Add(time.Hour)}, 10)
	f.ok("HotTopics empty", err)
	f.eq("HotTopics empty", 0, len(hot))
	in, err := f.s.TopicCountsIn(f.ctx, domain.TopicWindow{From: early, To: mid}, []string{"周末", "读书", "旧闻"})
	f.ok("TopicCountsIn", err)
	f.eq("TopicCountsIn", map[string]int{"周末": 1, "旧闻": 1}, in)
	all, err := f.s.TopicStatusCounts(f.ctx, []string{"周末", "读书", "没有"})
	f.ok("TopicStatusCounts", err)
	f.eq("TopicStatusCounts", map[string]int{"周末": 3, "读书": 2}, all)

	// Topics and follows.
	var weekend, books int64
	f.tx(func(tx domain.Tx) error {
		var err error
		if weekend, err = tx.AddTopic(f.ctx, f.id(), "周末"); err != nil {
			return err
		}
		again, err := tx.AddTopic(f.ctx, f.id(), "周末")
		if err == nil && again != weekend {
			f.t.Errorf("AddTopic of a known topic: %d, want %d", again, weekend)
		}
		if books, err = tx.AddTopic(f.ctx, f.id(), "读书"); err != nil {
			return err
		}
		if err := tx.FollowTopic(f.ctx, a, weekend, f.tick()); err != nil {
			return err
		}
		return tx.FollowTopic(f.ctx, a, books, f.tick())
	})
	f.kind("FollowTopic twice", f.txErr(func(tx domain.Tx) error { return tx.FollowTopic(f.ctx, a, books, f.tick()) }),
		domain.KindConflict, domain.ReasonNone)
	tp, err := f.s.TopicByName(f.ctx, "读书")
	f.ok("TopicByName", err)
	f.eq("TopicByName", domain.Topic{ID: books, Name: "读书"}, *tp)
	_, err = f.s.TopicByName(f.ctx, "没有")
	f.kind("TopicByName unknown", err, domain.KindNotFound, domain.ReasonNone)
	topics, total, err := f.s.FollowedTopics(f.ctx, a, domain.Page{Count: 1, Page: 2})
	f.ok("FollowedTopics", err)
	f.eq("FollowedTopics", []domain.Topic{{ID: weekend, Name: "周末"}}, topics)
	f.eq("FollowedTopics total", 2, total)
	ok, err := f.s.FollowsTopic(f.ctx, b, weekend)
	f.ok("FollowsTopic", err)
	f.eq("FollowsTopic b", false, ok)
	f.tx(func(tx domain.Tx) error { return tx.UnfollowTopic(f.ctx, a, weekend) })
	f.kind("UnfollowTopic twice", f.txErr(func(tx domain.Tx) error { return tx.UnfollowTopic(f.ctx, a, weekend) }),
		domain.KindNotFound, domain.ReasonNone)
	ok, err = f.s.FollowsTopic(f.ctx, a, weekend)
	f.ok("FollowsTopic after", err)
	f.eq("FollowsTopic after", false, ok)
}
