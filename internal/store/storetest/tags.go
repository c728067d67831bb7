package storetest

import (
	"github.com/weibo-server/weibo/internal/domain"
)

func statusTagTexts(tags []domain.StatusTag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Tag
	}
	return out
}

func userTagTexts(tags []domain.UserTag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Tag
	}
	return out
}

func testStatusTags(f *fx) {
	us := f.users("owner", "other")
	owner, other := us[0].ID, us[1].ID
	s1, s2, s3 := f.status(owner), f.status(owner), f.status(owner)
	travel := domain.StatusTag{ID: f.id(), UserID: owner, Tag: "Travel"}
	work := domain.StatusTag{ID: f.id(), UserID: owner, Tag: "工作"}
	theirs := domain.StatusTag{ID: f.id(), UserID: other, Tag: "travel"}
	f.tx(func(tx domain.Tx) error {
		for _, t := range []domain.StatusTag{travel, work, theirs} {
			if err := tx.CreateStatusTag(f.ctx, t, f.tick()); err != nil {
				return err
			}
		}
		return nil
	})
	f.kind("CreateStatusTag same text", f.txErr(func(tx domain.Tx) error {
		return tx.CreateStatusTag(f.ctx, domain.StatusTag{ID: f.id(), UserID: owner, Tag: "TRAVEL"}, f.tick())
	}), domain.KindConflict, domain.ReasonNone)
	f.idTaken("CreateStatusTag id taken", f.txErr(func(tx domain.Tx) error {
		return tx.CreateStatusTag(f.ctx, domain.StatusTag{ID: travel.ID, UserID: owner, Tag: "new"}, f.tick())
	}))

	// Links: a foreign label id is skipped; setting again replaces.
	f.tx(func(tx domain.Tx) error {
		if err := tx.SetStatusTags(f.ctx, owner, s1.ID, []int64{travel.ID, work.ID, theirs.ID}); err != nil {
			return err
		}
		if err := tx.SetStatusTags(f.ctx, owner, s2.ID, []int64{work.ID}); err != nil {
			return err
		}
		if err := tx.SetStatusTags(f.ctx, owner, s3.ID, []int64{travel.ID}); err != nil {
			return err
		}
		return tx.SetStatusTags(f.ctx, owner, s2.ID, []int64{travel.ID})
	})
	of, err := f.s.StatusTagsOf(f.ctx, owner, []int64{s1.ID, s2.ID, 999999})
	f.ok("StatusTagsOf", err)
	f.eq("StatusTagsOf", map[int64][]string{s1.ID: {"Travel", "工作"}, s2.ID: {"Travel"}}, of)
	of, err = f.s.StatusTagsOf(f.ctx, other, []int64{s1.ID})
	f.ok("StatusTagsOf other", err)
	f.eq("StatusTagsOf other", map[int64][]string{}, of)

	// Counts leave deleted statuses out; most used first.
	f.deleteStatus(s3.ID)
	tags, total, err := f.s.StatusTags(f.ctx, owner, domain.Page{Count: 10})
	f.ok("StatusTags", err)
	f.eq("StatusTags", []string{"Travel", "工作"}, statusTagTexts(tags))
	f.eq("StatusTags counts", []int{2, 1}, []int{tags[0].Count, tags[1].Count})
	f.eq("StatusTags total", 2, total)
	_, total, err = f.s.StatusTags(f.ctx, owner, domain.Page{})
	f.ok("StatusTags count only", err)
	f.eq("StatusTags count only", 2, total)

	byText, err := f.s.StatusTagsByText(f.ctx, owner, []string{"travel", "工作", "none"})
	f.ok("StatusTagsByText", err)
	f.eq("StatusTagsByText", 2, len(byText))
	f.eq("StatusTagsByText travel", travel.ID, byText["travel"].ID)

	ids, total, err := f.s.TaggedStatusIDs(f.ctx, owner, travel.ID, domain.StatusQuery{Page: domain.Page{Count: 10}, Viewer: owner})
	f.ok("TaggedStatusIDs", err)
	f.eq("TaggedStatusIDs", []int64{s2.ID, s1.ID}, ids)
	f.eq("TaggedStatusIDs total", 2, total)

	// Rename and delete.
	f.kind("RenameStatusTag taken", f.txErr(func(tx domain.Tx) error { return tx.RenameStatusTag(f.ctx, owner, travel.ID, "工作") }),
		domain.KindConflict, domain.ReasonNone)
	f.kind("RenameStatusTag not theirs", f.txErr(func(tx domain.Tx) error { return tx.RenameStatusTag(f.ctx, other, travel.ID, "x") }),
		domain.KindNotFound, domain.ReasonNone)
	f.tx(func(tx domain.Tx) error { return tx.RenameStatusTag(f.ctx, owner, travel.ID, "旅行") })
	f.kind("DeleteStatusTag not theirs", f.txErr(func(tx domain.Tx) error { return tx.DeleteStatusTag(f.ctx, other, work.ID) }),
		domain.KindNotFound, domain.ReasonNone)
	f.tx(func(tx domain.Tx) error { return tx.DeleteStatusTag(f.ctx, owner, work.ID) })
	of, err = f.s.StatusTagsOf(f.ctx, owner, []int64{s1.ID})
	f.ok("StatusTagsOf after", err)
	f.eq("StatusTagsOf after", map[int64][]string{s1.ID: {"旅行"}}, of)
}

func testUserTags(f *fx) {
	us := f.users("a", "b", "c")
	a, b, c := us[0].ID, us[1].ID, us[2].ID
	f.follow(c, a, c, b)
	var photo, eighties, travel int64
	f.tx(func(tx domain.Tx) error {
		var err error
		if photo, err = tx.AddUserTagText(f.ctx, f.id(), "摄影"); err != nil {
			return err
		}
		if eighties, err = tx.AddUserTagText(f.ctx, f.id(), "80后"); err != nil {
			return err
		}
		if travel, err = tx.AddUserTagText(f.ctx, f.id(), "Travel"); err != nil {
			return err
		}
		again, err := tx.AddUserTagText(f.ctx, f.id(), "TRAVEL")
		if err == nil && again != travel {
			f.t.Errorf("AddUserTagText of a known text: id %d, want %d", again, travel)
		}
		return err
	})
	f.tx(func(tx domain.Tx) error {
		for _, p := range [][2]int64{{a, photo}, {a, eighties}, {b, photo}, {b, travel}, {c, eighties}} {
			if err := tx.AddUserTag(f.ctx, p[0], p[1], f.tick()); err != nil {
				return err
			}
		}
		return nil
	})
	f.kind("AddUserTag twice", f.txErr(func(tx domain.Tx) error { return tx.AddUserTag(f.ctx, a, photo, f.tick()) }),
		domain.KindConflict, domain.ReasonNone)

	tags, total, err := f.s.UserTags(f.ctx, a, domain.Page{Count: 10})
	f.ok("UserTags", err)
	f.eq("UserTags", []string{"80后", "摄影"}, userTagTexts(tags))
	f.eq("UserTags weights", []int{2, 2}, []int{tags[0].Weight, tags[1].Weight})
	f.eq("UserTags total", 2, total)
	of, err := f.s.UserTagsOf(f.ctx, []int64{a, b, 999999})
	f.ok("UserTagsOf", err)
	f.eq("UserTagsOf", [][]string{{"80后", "摄影"}, {"Travel", "摄影"}}, [][]string{userTagTexts(of[a]), userTagTexts(of[b])})
	f.eq("UserTagsOf size", 2, len(of))
	byText, err := f.s.UserTagsByText(f.ctx, []string{"travel", "none"})
	f.ok("UserTagsByText", err)
	f.eq("UserTagsByText", map[string]domain.UserTag{"travel": {ID: travel, Tag: "Travel", Weight: 1}}, byText)

	// Who carries a tag: newest account first, paged, counted.
	with, total, err := f.s.UserIDsWithTag(f.ctx, photo, domain.Page{Count: 1})
	f.ok("UserIDsWithTag", err)
	f.eq("UserIDsWithTag", []int64{max(a, b)}, with)
	f.eq("UserIDsWithTag total", 2, total)
	with, _, err = f.s.UserIDsWithTag(f.ctx, photo, domain.Page{Count: 1, Page: 2})
	f.ok("UserIDsWithTag page 2", err)
	f.eq("UserIDsWithTag page 2", []int64{min(a, b)}, with)
	with, total, err = f.s.UserIDsWithTag(f.ctx, photo, domain.Page{Count: 5, Page: 3})
	f.ok("UserIDsWithTag past the end", err)
	f.eq("UserIDsWithTag past the end", 0, len(with))
	f.eq("UserIDsWithTag past the end total", 2, total)

	// Popular: among c's followees, most carried first, none of c's own.
	pop, err := f.s.PopularUserTags(f.ctx, c, 5)
	f.ok("PopularUserTags", err)
	f.eq("PopularUserTags", []string{"摄影", "Travel"}, userTagTexts(pop))
	pop, err = f.s.PopularUserTags(f.ctx, a, 5)
	f.ok("PopularUserTags of a stranger to all", err)
	f.eq("PopularUserTags of a stranger to all", []string{"Travel"}, userTagTexts(pop))

	f.tx(func(tx domain.Tx) error { return tx.RemoveUserTag(f.ctx, a, photo) })
	f.kind("RemoveUserTag twice", f.txErr(func(tx domain.Tx) error { return tx.RemoveUserTag(f.ctx, a, photo) }),
		domain.KindNotFound, domain.ReasonNone)
	tags, _, err = f.s.UserTags(f.ctx, b, domain.Page{Count: 10})
	f.ok("UserTags after remove", err)
	f.eq("UserTags weight after remove", map[string]int{"Travel": 1, "摄影": 1}, map[string]int{tags[0].Tag: tags[0].Weight, tags[1].Tag: tags[1].Weight})
}
