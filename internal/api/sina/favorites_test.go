package sina_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func favCount(t *testing.T, u *testkit.User) int {
	t.Helper()
	return stGet[sinaspec.User](t, u.Client, "/2/users/show.json", "uid", idString(u.ID)).FavouritesCount
}

func favTagTexts(tags []sinaspec.FavoriteTag) string {
	var out []string
	for _, t := range tags {
		out = append(out, t.Tag)
	}
	return strings.Join(out, ",")
}

// Favourites: create, read back everywhere a status is rendered, tag,
// list by tag, rename and drop tags, destroy; counters move with them.
func TestFavorites(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
		follow(t, bob, alice.ID)
		follow(t, bob, carol.ID)
		s1 := stPost(t, alice, "第一条")
		s2 := stPost(t, alice, "第二条")
		private := stPost(t, alice, "只给自己", "visible", "1")

		fav := mustDecode[sinaspec.Favorite](t, bob.Post("/2/favorites/create.json", reqParams("id", s1.IDStr)))
		if fav.Status == nil || fav.Status.ID != s1.ID || !fav.Status.Favorited || len(fav.Tags) != 0 {
			t.Fatalf("create: %+v", fav)
		}
		again := mustDecode[sinaspec.Favorite](t, bob.Post("/2/favorites/create.json", reqParams("id", s1.IDStr)))
		if again.FavoritedTime != fav.FavoritedTime {
			t.Fatalf("favouriting twice changed the favourite: %q then %q", fav.FavoritedTime, again.FavoritedTime)
		}
		if n := favCount(t, bob); n != 1 {
			t.Fatalf("favourites_count after create twice = %d, want 1", n)
		}

		// favorited is the viewer's, in every status object: show, home
		// timeline, and a repost's original.
		if st := stGet[sinaspec.Status](t, bob.Client, "/2/statuses/show.json", "id", s1.IDStr); !st.Favorited {
			t.Fatal("show: favorited false for the favouriter")
		}
		if st := stGet[sinaspec.Status](t, alice.Client, "/2/statuses/show.json", "id", s1.IDStr); st.Favorited {
			t.Fatal("show: favorited true for someone else")
		}
		stRepost(t, carol, s1.ID)
		k.Drain()
		home := stGet[sinaspec.Timeline](t, bob.Client, "/2/statuses/home_timeline.json")
		var sawRepost bool
		for _, st := range home.Statuses {
			switch {
			case st.ID == s1.ID && !st.Favorited, st.ID == s2.ID && st.Favorited:
				t.Fatalf("home: status %d favorited=%v", st.ID, st.Favorited)
			case st.RetweetedStatus != nil:
				sawRepost = true
				if st.Favorited || !st.RetweetedStatus.Favorited {
					t.Fatalf("home: repost favorited=%v, original favorited=%v", st.Favorited, st.RetweetedStatus.Favorited)
				}
			}
		}
		if !sawRepost {
			t.Fatalf("home has no repost: %+v", home.Statuses)
		}

		// Lists, newest favourite first, paged; ids list the status ids.
		k.Clock.Advance(1e9)
		mustOK(t, bob.Post("/2/favorites/create.json", reqParams("id", s2.IDStr)))
		list := mustDecode[sinaspec.Favorites](t, bob.Get("/2/favorites.json", nil))
		if list.TotalNumber != 2 || len(list.Favorites) != 2 || list.Favorites[0].Status.ID != s2.ID || list.Favorites[1].Status.ID != s1.ID {
			t.Fatalf("favorites: %+v", list)
		}
		list = mustDecode[sinaspec.Favorites](t, bob.Get("/2/favorites.json", reqParams("count", "1", "page", "2")))
		if list.TotalNumber != 2 || len(list.Favorites) != 1 || list.Favorites[0].Status.ID != s1.ID {
			t.Fatalf("favorites page 2: %+v", list)
		}
		ids := mustDecode[sinaspec.FavoriteIDs](t, bob.Get("/2/favorites/ids.json", nil))
		if ids.TotalNumber != 2 || len(ids.Favorites) != 2 || ids.Favorites[0].Status != s2.ID {
			t.Fatalf("favorites/ids: %+v", ids)
		}
		if l := mustDecode[sinaspec.Favorites](t, alice.Get("/2/favorites.json", nil)); l.TotalNumber != 0 || len(l.Favorites) != 0 {
			t.Fatalf("alice has favourites: %+v", l)
		}
		mustFail(t, bob.Client, bob.Get("/2/favorites.json", reqParams("count", "0")), 400, 10017, "count")
		mustFail(t, bob.Client, bob.Get("/2/favorites.json", reqParams("page", "x")), 400, 10017, "page")

		// show
		if f := mustDecode[sinaspec.Favorite](t, bob.Get("/2/favorites/show.json", reqParams("id", s1.IDStr))); f.Status.ID != s1.ID {
			t.Fatalf("show: %+v", f)
		}
		mustFail(t, alice.Client, alice.Get("/2/favorites/show.json", reqParams("id", s1.IDStr)), 400, 20101, "")
		mustFail(t, bob.Client, bob.Get("/2/favorites/show.json", nil), 400, 20109, "")
		mustFail(t, bob.Client, bob.Get("/2/favorites/show.json", reqParams("id", "abc")), 400, 10017, "id")

		// Tags: at most two, new texts become tags, counted per tag.
		f := mustDecode[sinaspec.Favorite](t, bob.Post("/2/favorites/tags/update.json", reqParams("id", s1.IDStr, "tags", "生活, Work")))
		if favTagTexts(f.Tags) != "生活,Work" || f.Tags[0].ID == 0 {
			t.Fatalf("tags/update: %+v", f.Tags)
		}
		f = mustDecode[sinaspec.Favorite](t, bob.Post("/2/favorites/tags/update.json", reqParams("id", s2.IDStr, "tags", "work")))
		if favTagTexts(f.Tags) != "Work" {
			t.Fatalf("an existing tag is found case-insensitively: %+v", f.Tags)
		}
		tags := mustDecode[sinaspec.FavoriteTags](t, bob.Get("/2/favorites/tags.json", nil))
		if tags.TotalNumber != 2 || len(tags.Tags) != 2 || tags.Tags[0].Tag != "Work" || tags.Tags[0].Count != 2 || tags.Tags[1].Count != 1 {
			t.Fatalf("favorites/tags: %+v", tags)
		}
		work, life := tags.Tags[0].ID, tags.Tags[1].ID
		byTag := mustDecode[sinaspec.Favorites](t, bob.Get("/2/favorites/by_tags.json", reqParams("tid", idString(life))))
		if byTag.TotalNumber != 1 || len(byTag.Favorites) != 1 || byTag.Favorites[0].Status.ID != s1.ID {
			t.Fatalf("by_tags: %+v", byTag)
		}
		byTagIDs := mustDecode[sinaspec.FavoriteIDs](t, bob.Get("/2/favorites/by_tags/ids.json", reqParams("tid", idString(work))))
		if byTagIDs.TotalNumber != 2 || byTagIDs.Favorites[0].Status != s2.ID || byTagIDs.Favorites[1].Status != s1.ID {
			t.Fatalf("by_tags/ids: %+v", byTagIDs)
		}
		mustFail(t, bob.Client, bob.Get("/2/favorites/by_tags.json", nil), 400, 10016, "tid")
		mustFail(t, alice.Client, alice.Get("/2/favorites/by_tags.json", reqParams("tid", idString(life))), 400, 10017, "tid")
		mustFail(t, bob.Client, bob.Get("/2/favorites/by_tags/ids.json", reqParams("tid", "-1")), 400, 10017, "tid")

		upd := func(id, tags string) *testkit.Response {
			return bob.Post("/2/favorites/tags/update.json", reqParams("id", id, "tags", tags))
		}
		mustFail(t, bob.Client, upd(s1.IDStr, "a,b,c"), 400, 20702, "")
		mustFail(t, bob.Client, upd(s1.IDStr, "a,A"), 400, 20701, "")
		mustFail(t, bob.Client, upd(s1.IDStr, "坏<b>"), 400, 20703, "")
		mustFail(t, bob.Client, upd(s1.IDStr, "a,"), 400, 20703, "")
		mustFail(t, bob.Client, upd(s1.IDStr, strings.Repeat("长", 21)), 400, 20703, "")
		mustFail(t, alice.Client, alice.Post("/2/favorites/tags/update.json", reqParams("id", s1.IDStr, "tags", "x")), 400, 20101, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/tags/update.json", reqParams("tags", "x")), 400, 20109, "")

		// Rename one tag everywhere; another tag's text is taken.
		var renamed sinaspec.FavoriteTag
		specMust(t, bob.Post("/2/favorites/tags/update_batch.json", reqParams("tid", idString(work), "tag", "工作")), &renamed)
		if renamed.ID != work || renamed.Tag != "工作" {
			t.Fatalf("update_batch: %+v", renamed)
		}
		if f := mustDecode[sinaspec.Favorite](t, bob.Get("/2/favorites/show.json", reqParams("id", s2.IDStr))); favTagTexts(f.Tags) != "工作" {
			t.Fatalf("renamed tag not on the favourite: %+v", f.Tags)
		}
		mustFail(t, bob.Client, bob.Post("/2/favorites/tags/update_batch.json", reqParams("tid", idString(work), "tag", "生活")), 400, 20701, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/tags/update_batch.json", reqParams("tid", idString(work), "tag", "a/b")), 400, 20703, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/tags/update_batch.json", reqParams("tid", idString(work))), 400, 10016, "tag")
		mustFail(t, alice.Client, alice.Post("/2/favorites/tags/update_batch.json", reqParams("tid", idString(work), "tag", "x")), 400, 10017, "tid")

		// Drop a tag from every favourite.
		var res sinaspec.Result
		specMust(t, bob.Post("/2/favorites/tags/destroy_batch.json", reqParams("tid", idString(work))), &res)
		if !res.Result {
			t.Fatal("tags/destroy_batch: result false")
		}
		if f := mustDecode[sinaspec.Favorite](t, bob.Get("/2/favorites/show.json", reqParams("id", s1.IDStr))); favTagTexts(f.Tags) != "生活" {
			t.Fatalf("tags after destroy_batch: %+v", f.Tags)
		}
		mustFail(t, bob.Client, bob.Post("/2/favorites/tags/destroy_batch.json", reqParams("tid", idString(work))), 400, 10017, "tid")
		mustFail(t, bob.Client, bob.Post("/2/favorites/tags/destroy_batch.json", nil), 400, 10016, "tid")

		// Only statuses the user may see; missing ones are 20101.
		mustFail(t, bob.Client, bob.Post("/2/favorites/create.json", reqParams("id", private.IDStr)), 400, 20101, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/create.json", reqParams("id", "123456789")), 400, 20101, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/create.json", nil), 400, 20109, "")
		mustFail(t, bob.Client, bob.Get("/2/favorites/create.json", reqParams("id", s1.IDStr)), 405, 10021, "")

		// destroy returns the favourite as it was, un-favourited.
		f = mustDecode[sinaspec.Favorite](t, bob.Post("/2/favorites/destroy.json", reqParams("id", s1.IDStr)))
		if f.Status.ID != s1.ID || f.Status.Favorited || favTagTexts(f.Tags) != "生活" {
			t.Fatalf("destroy: %+v", f)
		}
		if n := favCount(t, bob); n != 1 {
			t.Fatalf("favourites_count after destroy = %d, want 1", n)
		}
		if st := stGet[sinaspec.Status](t, bob.Client, "/2/statuses/show.json", "id", s1.IDStr); st.Favorited {
			t.Fatal("show: still favorited after destroy")
		}
		mustFail(t, bob.Client, bob.Post("/2/favorites/destroy.json", reqParams("id", s1.IDStr)), 400, 20101, "")
		if tags := mustDecode[sinaspec.FavoriteTags](t, bob.Get("/2/favorites/tags.json", nil)); tags.TotalNumber != 0 {
			t.Fatalf("a tag on no favourite remains: %+v", tags)
		}

		// A deleted status stays a favourite, shown as deleted.
		mustOK(t, alice.Post("/2/statuses/destroy.json", reqParams("id", s2.IDStr)))
		list = mustDecode[sinaspec.Favorites](t, bob.Get("/2/favorites.json", nil))
		if list.TotalNumber != 1 || len(list.Favorites) != 1 || list.Favorites[0].Status.Deleted != "1" || list.Favorites[0].Status.ID != s2.ID {
			t.Fatalf("favourite of a deleted status: %s", bob.Get("/2/favorites.json", nil).Body)
		}

		// destroy_batch: at most 10 ids; ids not favourited are skipped.
		many := make([]string, 11)
		for i := range many {
			many[i] = fmt.Sprint(i + 1)
		}
		mustFail(t, bob.Client, bob.Post("/2/favorites/destroy_batch.json", reqParams("ids", strings.Join(many, ","))), 400, 20009, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/destroy_batch.json", nil), 400, 20001, "")
		mustFail(t, bob.Client, bob.Post("/2/favorites/destroy_batch.json", reqParams("ids", "1,x")), 400, 10017, "ids")
		mustFail(t, bob.Client, bob.Post("/2/favorites/destroy_batch.json", reqParams("ids", s1.IDStr)), 400, 20101, "")
		specMust(t, bob.Post("/2/favorites/destroy_batch.json", reqParams("ids", s2.IDStr+","+s1.IDStr)), &res)
		if n := favCount(t, bob); !res.Result || n != 0 {
			t.Fatalf("destroy_batch: result %v, favourites_count %d", res.Result, n)
		}

		// Login required.
		anon := k.Anonymous()
		mustFail(t, anon, anon.Get("/2/favorites.json", nil), 401, 10006, "")
	})
}
