package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// favIDs is the status ids of favs, in order.
func favIDs(favs []domain.Favorite) []int64 {
	out := make([]int64, len(favs))
	for i, f := range favs {
		out[i] = f.StatusID
	}
	return out
}

func tagTexts(tags []domain.FavoriteTag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Tag
	}
	return out
}

func testFavorites(f *fx) {
	us := f.users("fan", "other")
	fan, other := us[0].ID, us[1].ID
	s1, s2, s3 := f.status(other), f.status(other), f.status(fan)
	at := map[int64]time.Time{}
	for _, s := range []*domain.Status{s1, s2, s3} {
		at[s.ID] = f.tick()
		f.tx(func(tx domain.Tx) error { return tx.AddFavorite(f.ctx, fan, s.ID, at[s.ID]) })
	}
	f.kind("AddFavorite twice", f.txErr(func(tx domain.Tx) error { return tx.AddFavorite(f.ctx, fan, s1.ID, f.tick()) }),
		domain.KindConflict, domain.ReasonNone)

	// Newest favourite first, paged by Count and Page; total counts all.
	favs, total, err := f.s.Favorites(f.ctx, fan, 0, domain.Page{Count: 2})
	f.ok("Favorites", err)
	f.eq("Favorites page 1", []int64{s3.ID, s2.ID}, favIDs(favs))
	f.eq("Favorites total", 3, total)
	f.eq("Favorites time", at[s3.ID], favs[0].CreatedAt)
	favs, total, err = f.s.Favorites(f.ctx, fan, 0, domain.Page{Count: 2, Page: 2})
	f.ok("Favorites page 2", err)
	f.eq("Favorites page 2", []int64{s1.ID}, favIDs(favs))
	f.eq("Favorites page 2 total", 3, total)
	favs, total, err = f.s.Favorites(f.ctx, other, 0, domain.Page{Count: 20})
	f.ok("Favorites of other", err)
	f.eq("Favorites of other", 0, len(favs)+total)

	got, err := f.s.FavoritedAmong(f.ctx, fan, []int64{s1.ID, s2.ID, 999999, s3.ID})
	f.ok("FavoritedAmong", err)
	f.eq("FavoritedAmong", map[int64]bool{s1.ID: true, s2.ID: true, s3.ID: true}, got)
	got, err = f.s.FavoritedAmong(f.ctx, other, []int64{s1.ID})
	f.ok("FavoritedAmong other", err)
	f.eq("FavoritedAmong other", map[int64]bool{}, got)
	fids, err := f.s.FavoriteStatusIDs(f.ctx, fan, 2)
	f.ok("FavoriteStatusIDs", err)
	f.eq("FavoriteStatusIDs", []int64{s3.ID, s2.ID}, fids)

	// Tags: created by the caller, linked to favourites, counted, found by
	// text case-insensitively.
	life, work := domain.FavoriteTag{ID: f.id(), UserID: fan, Tag: "Life"}, domain.FavoriteTag{ID: f.id(), UserID: fan, Tag: "工作"}
	f.tx(func(tx domain.Tx) error {
		if err := tx.CreateFavoriteTag(f.ctx, life); err != nil {
			return err
		}
		return tx.CreateFavoriteTag(f.ctx, work)
	})
	f.kind("CreateFavoriteTag same text", f.txErr(func(tx domain.Tx) error {
		return tx.CreateFavoriteTag(f.ctx, domain.FavoriteTag{ID: f.id(), UserID: fan, Tag: "LIFE"})
	}), domain.KindConflict, domain.ReasonNone)
	f.idTaken("CreateFavoriteTag id in use", f.txErr(func(tx domain.Tx) error {
		return tx.CreateFavoriteTag(f.ctx, domain.FavoriteTag{ID: life.ID, UserID: fan, Tag: "new"})
	}))
	// Another user may use the same text.
	f.tx(func(tx domain.Tx) error {
		return tx.CreateFavoriteTag(f.ctx, domain.FavoriteTag{ID: f.id(), UserID: other, Tag: "life"})
	})
	byText, err := f.s.FavoriteTagsByText(f.ctx, fan, []string{"life", "工作", "none"})
	f.ok("FavoriteTagsByText", err)
	f.eq("FavoriteTagsByText", map[string]domain.FavoriteTag{"life": {ID: life.ID, UserID: fan, Tag: "Life"},
		"工作": {ID: work.ID, UserID: fan, Tag: "工作"}}, byText)

	f.tx(func(tx domain.Tx) error {
		if err := tx.SetFavoriteTags(f.ctx, fan, s1.ID, []int64{life.ID, work.ID}); err != nil {
			return err
		}
		return tx.SetFavoriteTags(f.ctx, fan, s2.ID, []int64{life.ID})
	})
	f.kind("SetFavoriteTags on no favourite", f.txErr(func(tx domain.Tx) error {
		return tx.SetFavoriteTags(f.ctx, other, s1.ID, []int64{life.ID})
	}), domain.KindNotFound, domain.ReasonNone)
	fav, err := f.s.FavoriteOf(f.ctx, fan, s1.ID)
	f.ok("FavoriteOf", err)
	f.eq("FavoriteOf tags", []string{"Life", "工作"}, tagTexts(fav.Tags))
	f.eq("FavoriteOf time", at[s1.ID], fav.CreatedAt)
	_, err = f.s.FavoriteOf(f.ctx, other, s1.ID)
	f.kind("FavoriteOf missing", err, domain.KindNotFound, domain.ReasonStatusNotFound)

	favs, total, err = f.s.Favorites(f.ctx, fan, life.ID, domain.Page{Count: 10})
	f.ok("Favorites by tag", err)
	f.eq("Favorites by tag", []int64{s2.ID, s1.ID}, favIDs(favs))
	f.eq("Favorites by tag total", 2, total)
	f.eq("Favorites by tag carries tags", []string{"Life", "工作"}, tagTexts(favs[1].Tags))

	tags, total, err := f.s.FavoriteTags(f.ctx, fan, domain.Page{Count: 10})
	f.ok("FavoriteTags", err)
	f.eq("FavoriteTags", []domain.FavoriteTag{{ID: life.ID, UserID: fan, Tag: "Life", Count: 2},
		{ID: work.ID, UserID: fan, Tag: "工作", Count: 1}}, tags)
	f.eq("FavoriteTags total", 2, total)
	tag, err := f.s.FavoriteTagByID(f.ctx, fan, life.ID)
	f.ok("FavoriteTagByID", err)
	f.eq("FavoriteTagByID", domain.FavoriteTag{ID: life.ID, UserID: fan, Tag: "Life", Count: 2}, *tag)
	_, err = f.s.FavoriteTagByID(f.ctx, other, life.ID)
	f.kind("FavoriteTagByID of another user", err, domain.KindNotFound, domain.ReasonNone)

	// Rename: the same text (other case) is fine, another tag's is not.
	f.tx(func(tx domain.Tx) error { return tx.RenameFavoriteTag(f.ctx, fan, life.ID, "生活") })
	f.kind("RenameFavoriteTag taken", f.txErr(func(tx domain.Tx) error {
		return tx.RenameFavoriteTag(f.ctx, fan, life.ID, "工作")
	}), domain.KindConflict, domain.ReasonNone)
	f.kind("RenameFavoriteTag missing", f.txErr(func(tx domain.Tx) error {
		return tx.RenameFavoriteTag(f.ctx, other, life.ID, "x")
	}), domain.KindNotFound, domain.ReasonNone)
	fav, _ = f.s.FavoriteOf(f.ctx, fan, s2.ID)
	f.eq("renamed tag", []string{"生活"}, tagTexts(fav.Tags))

	// A tag left on no favourite goes: clearing s1's tags drops 工作.
	f.tx(func(tx domain.Tx) error { return tx.SetFavoriteTags(f.ctx, fan, s1.ID, nil) })
	_, err = f.s.FavoriteTagByID(f.ctx, fan, work.ID)
	f.kind("unused tag dropped", err, domain.KindNotFound, domain.ReasonNone)

	// Deleting a tag unlinks it everywhere.
	f.tx(func(tx domain.Tx) error { return tx.DeleteFavoriteTag(f.ctx, fan, life.ID) })
	f.kind("DeleteFavoriteTag twice", f.txErr(func(tx domain.Tx) error {
		return tx.DeleteFavoriteTag(f.ctx, fan, life.ID)
	}), domain.KindNotFound, domain.ReasonNone)
	fav, _ = f.s.FavoriteOf(f.ctx, fan, s2.ID)
	f.eq("tags after delete", 0, len(fav.Tags))

	// Removing a favourite removes its links and the tags left unused.
	solo := domain.FavoriteTag{ID: f.id(), UserID: fan, Tag: "solo"}
	f.tx(func(tx domain.Tx) error {
		if err := tx.CreateFavoriteTag(f.ctx, solo); err != nil {
			return err
		}
		return tx.SetFavoriteTags(f.ctx, fan, s3.ID, []int64{solo.ID})
	})
	f.tx(func(tx domain.Tx) error { return tx.RemoveFavorite(f.ctx, fan, s3.ID) })
	f.kind("RemoveFavorite twice", f.txErr(func(tx domain.Tx) error { return tx.RemoveFavorite(f.ctx, fan, s3.ID) }),
		domain.KindNotFound, domain.ReasonStatusNotFound)
	_, err = f.s.FavoriteTagByID(f.ctx, fan, solo.ID)
	f.kind("tag of removed favourite", err, domain.KindNotFound, domain.ReasonNone)
	got, _ = f.s.FavoritedAmong(f.ctx, fan, []int64{s3.ID})
	f.eq("FavoritedAmong after remove", map[int64]bool{}, got)
}
