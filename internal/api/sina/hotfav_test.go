package sina_test

import (
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// suggestions/favorites/hot ranks public statuses by this week's favourites.
func TestHotFavorites(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol, dave := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave")
		old := stPost(t, alice, "上周的")
		mustOK(t, bob.Post("/2/favorites/create.json", reqParams("id", old.IDStr)))
		mustOK(t, carol.Post("/2/favorites/create.json", reqParams("id", old.IDStr)))
		mustOK(t, dave.Post("/2/favorites/create.json", reqParams("id", old.IDStr)))
		k.Clock.Advance(8 * 24 * time.Hour)
		s1 := stPost(t, alice, "一")
		s2 := stPost(t, alice, "二")
		private := stPost(t, alice, "私密", "visible", "1")
		for _, u := range []*testkit.User{bob, carol} {
			mustOK(t, u.Post("/2/favorites/create.json", reqParams("id", s1.IDStr)))
		}
		mustOK(t, dave.Post("/2/favorites/create.json", reqParams("id", s2.IDStr)))
		mustOK(t, alice.Post("/2/favorites/create.json", reqParams("id", private.IDStr)))

		hot := mustDecode[[]sinaspec.Status](t, dave.Get("/2/suggestions/favorites/hot.json", nil))
		if len(hot) != 2 || hot[0].ID != s1.ID || hot[1].ID != s2.ID || !hot[1].Favorited || hot[0].Favorited {
			t.Fatalf("favorites/hot: %+v", hot)
		}
		if hot := mustDecode[[]sinaspec.Status](t, dave.Get("/2/suggestions/favorites/hot.json", reqParams("count", "1", "page", "2"))); len(hot) != 1 || hot[0].ID != s2.ID {
			t.Fatalf("favorites/hot page 2: %+v", hot)
		}
		// A block hides the author's statuses here too.
		if _, err := k.App.Core.Block(t.Context(), domain.Viewer{UserID: dave.ID}, core.UserRef{ID: alice.ID}); err != nil {
			t.Fatal(err)
		}
		if hot := mustDecode[[]sinaspec.Status](t, dave.Get("/2/suggestions/favorites/hot.json", nil)); len(hot) != 0 {
			t.Fatalf("favorites/hot after blocking the author: %+v", hot)
		}
	})
}
