package sina_test

import (
	"context"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// advancedScoped is advancedClient with the token granted scope.
func advancedScoped(t *testing.T, k *testkit.Kit, u *testkit.User, scope string) *testkit.Client {
	t.Helper()
	ap, secret, err := k.App.Core.CreateApp(context.Background(), core.CreateAppInput{Name: "advanced scoped " + u.ScreenName,
		RedirectURI: k.URL + "/callback", Level: domain.AppLevelAdvanced})
	if err != nil {
		t.Fatal(err)
	}
	c := k.Anonymous()
	var tok struct {
		AccessToken  string `json:"access_token"`
		ExpiresIn    int    `json:"expires_in"`
		RemindIn     string `json:"remind_in"`
		UID          string `json:"uid"`
		RefreshToken string `json:"refresh_token"`
	}
	c.Must(c.Post("/oauth2/access_token", reqParams("client_id", ap.Key, "client_secret", secret,
		"grant_type", "password", "username", u.ScreenName, "password", u.Password, "scope", scope)), &tok)
	c.Token = tok.AccessToken
	return c
}

// A remark is the viewer's own note on someone they follow, in every user
// object they read of that person, the cached fast renderings included.
func TestRemarks(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
		follow(t, alice, bob.ID)
		follow(t, carol, bob.ID)
		st := stPost(t, bob, "bob 的近况")
		k.Drain()
		adv := advancedClient(t, k, alice)

		u := mustDecode[sinaspec.User](t, adv.Post("/2/friendships/remark/update.json", reqParams("uid", idString(bob.ID), "remark", " 老同学 ")))
		if u.ID != bob.ID || u.Remark != "老同学" {
			t.Fatalf("remark/update: %+v", u)
		}
		if u := stGet[sinaspec.User](t, alice.Client, "/2/users/show.json", "uid", idString(bob.ID)); u.Remark != "老同学" {
			t.Fatalf("users/show for alice: remark %q", u.Remark)
		}
		if u := stGet[sinaspec.User](t, carol.Client, "/2/users/show.json", "uid", idString(bob.ID)); u.Remark != "" {
			t.Fatalf("users/show for carol: remark %q", u.Remark)
		}
		// Home timelines render users from cached bytes: each reader's own.
		for i := range 2 {
			home := stGet[sinaspec.Timeline](t, alice.Client, "/2/statuses/home_timeline.json")
			if len(home.Statuses) == 0 || home.Statuses[0].ID != st.ID || home.Statuses[0].User.Remark != "老同学" {
				t.Fatalf("alice's home (%d): %+v", i, home.Statuses)
			}
			home = stGet[sinaspec.Timeline](t, carol.Client, "/2/statuses/home_timeline.json")
			if len(home.Statuses) == 0 || home.Statuses[0].User.Remark != "" {
				t.Fatalf("carol's home (%d): %+v", i, home.Statuses)
			}
		}

		mustFail(t, adv, adv.Post("/2/friendships/remark/update.json", reqParams("uid", idString(carol.ID), "remark", "x")), 403, 20503, "")
		mustFail(t, adv, adv.Post("/2/friendships/remark/update.json", reqParams("uid", "4503599627370495", "remark", "x")), 400, 20003, "")
		mustFail(t, adv, adv.Post("/2/friendships/remark/update.json", reqParams("uid", idString(bob.ID), "remark", "一二三四五六七八九十一二三四五六")), 400, 10017, "remark")
		mustFail(t, adv, adv.Post("/2/friendships/remark/update.json", reqParams("uid", idString(bob.ID))), 400, 10016, "remark")
		mustFail(t, alice.Client, alice.Post("/2/friendships/remark/update.json", reqParams("uid", idString(bob.ID), "remark", "x")), 403, 10014, "")

		// The remark lives on the follow.
		mustOK(t, alice.Post("/2/friendships/destroy.json", reqParams("uid", idString(bob.ID))))
		follow(t, alice, bob.ID)
		if u := stGet[sinaspec.User](t, alice.Client, "/2/users/show.json", "uid", idString(bob.ID)); u.Remark != "" {
			t.Fatalf("remark outlived the follow: %q", u.Remark)
		}
	})
}

// sort_interactive: mutual follows, the latest interaction first.
func TestSortInteractive(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol, dave, erin := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave"), k.NewUser("erin")
		for _, u := range []*testkit.User{bob, carol, dave} {
			follow(t, alice, u.ID)
			follow(t, u, alice.ID)
		}
		follow(t, alice, erin.ID) // not mutual
		cs := stPost(t, carol, "carol 的")
		mustOK(t, alice.Post("/2/comments/create.json", reqParams("id", cs.IDStr, "comment", "评论")))
		stPost(t, dave, "你好 @alice")
		stPost(t, erin, "你好 @alice")
		adv := advancedScoped(t, k, alice, "all")

		l := mustDecode[struct {
			Users       []sinaspec.User `json:"users"`
			TotalNumber int             `json:"total_number"`
		}](t, adv.Get("/2/friendships/friends/bilateral/sort_interactive.json", nil))
		var order []int64
		for _, u := range l.Users {
			order = append(order, u.ID)
		}
		if l.TotalNumber != 3 || len(order) != 3 || order[0] != dave.ID || order[1] != carol.ID || order[2] != bob.ID {
			t.Fatalf("sort_interactive: total %d, order %v (dave %d, carol %d, bob %d)", l.TotalNumber, order, dave.ID, carol.ID, bob.ID)
		}
		page2 := mustDecode[struct {
			Users       []sinaspec.User `json:"users"`
			TotalNumber int             `json:"total_number"`
		}](t, adv.Get("/2/friendships/friends/bilateral/sort_interactive.json", reqParams("uid", idString(alice.ID), "count", "2", "page", "2")))
		if len(page2.Users) != 1 || page2.Users[0].ID != bob.ID {
			t.Fatalf("sort_interactive page 2: %+v", page2)
		}
		// The advanced level and the scope are both required.
		mustFail(t, alice.Client, alice.Get("/2/friendships/friends/bilateral/sort_interactive.json", nil), 403, 10014, "")
		noScope := advancedScoped(t, k, alice, "")
		mustFail(t, noScope, noScope.Get("/2/friendships/friends/bilateral/sort_interactive.json", nil), 403, 10014, "")
		mustFail(t, adv, adv.Get("/2/friendships/friends/bilateral/sort_interactive.json", reqParams("uid", "4503599627370495")), 400, 20003, "")
	})
}
