package sina_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// advancedClient is a client for u through an app of the advanced access
// level (README §4), with a token from the password grant.
func advancedClient(t *testing.T, k *testkit.Kit, u *testkit.User) *testkit.Client {
	t.Helper()
	ap, secret, err := k.App.Core.CreateApp(context.Background(), core.CreateAppInput{Name: "advanced " + u.ScreenName,
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
		"grant_type", "password", "username", u.ScreenName, "password", u.Password)), &tok)
	c.Token = tok.AccessToken
	return c
}

func utTimelineIDs(t *testing.T, c *testkit.Client, uid int64, kv ...string) []int64 {
	t.Helper()
	tl := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", reqParams(append([]string{"uid", idString(uid)}, kv...)...)))
	out := make([]int64, len(tl.Statuses))
	for i, st := range tl.Statuses {
		out[i] = st.ID
	}
	return out
}

func TestTopStatus(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob := k.NewUser("alice"), k.NewUser("bob")
		s1 := stPost(t, alice, "最早的一条")
		s2 := stPost(t, alice, "第二条")
		s3 := stPost(t, alice, "第三条")
		private := stPost(t, alice, "只给自己", "visible", "1")
		bobs := stPost(t, bob, "bob 的")
		adv, bobAdv := advancedClient(t, k, alice), advancedClient(t, k, bob)

		// Advanced endpoints refuse a normal app's token.
		mustFail(t, alice.Client, alice.Post("/2/users/set_top_status.json", reqParams("id", s1.IDStr)), 403, 10014, "")
		mustFail(t, bob.Client, bob.Get("/2/users/get_top_status.json", reqParams("uid", idString(alice.ID))), 403, 10014, "")

		var none map[string]any
		specMust(t, bobAdv.Get("/2/users/get_top_status.json", reqParams("uid", idString(alice.ID))), &none)
		if len(none) != 0 {
			t.Fatalf("nothing pinned: %v", none)
		}
		pinned := mustDecode[sinaspec.Status](t, adv.Post("/2/users/set_top_status.json", reqParams("id", s1.IDStr)))
		if pinned.ID != s1.ID {
			t.Fatalf("set_top_status: %+v", pinned)
		}
		if got := mustDecode[sinaspec.Status](t, bobAdv.Get("/2/users/get_top_status.json", reqParams("uid", idString(alice.ID)))); got.ID != s1.ID {
			t.Fatalf("get_top_status: %+v", got)
		}

		// First on the first page of the author's timeline, once; later
		// pages and id-bounded pages keep plain time order.
		if got, want := utTimelineIDs(t, bob.Client, alice.ID, "count", "2"), []int64{s1.ID, s3.ID, s2.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("user_timeline with a pin: %v, want %v", got, want)
		}
		if got, want := utTimelineIDs(t, bob.Client, alice.ID), []int64{s1.ID, s3.ID, s2.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("user_timeline (pin also in the page): %v, want %v", got, want)
		}
		if got, want := utTimelineIDs(t, bob.Client, alice.ID, "count", "2", "page", "2"), []int64{s1.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("page 2: %v, want %v", got, want)
		}
		if got, want := utTimelineIDs(t, bob.Client, alice.ID, "max_id", s3.IDStr), []int64{s3.ID, s2.ID, s1.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("max_id page: %v, want %v", got, want)
		}
		ids := mustDecode[sinaspec.IDTimeline](t, bob.Get("/2/statuses/user_timeline/ids.json", reqParams("uid", idString(alice.ID), "count", "1")))
		if got := ids.IDs(); len(got) != 2 || got[0] != s1.ID || got[1] != s3.ID {
			t.Fatalf("user_timeline/ids: %v", got)
		}
		// A filter that leaves the pinned status out leaves it out.
		if got := utTimelineIDs(t, bob.Client, alice.ID, "feature", "2"); len(got) != 0 {
			t.Fatalf("feature=2 shows %v", got)
		}

		// A new pin replaces the old; a pin only the author may see shows
		// to no one else.
		mustOK(t, adv.Post("/2/users/set_top_status.json", reqParams("id", private.IDStr)))
		if got := utTimelineIDs(t, bob.Client, alice.ID); len(got) != 3 || got[0] != s3.ID {
			t.Fatalf("hidden pin shows to bob: %v", got)
		}
		if got := utTimelineIDs(t, alice.Client, alice.ID, "count", "1"); len(got) != 1 || got[0] != private.ID {
			t.Fatalf("author's own timeline: %v", got)
		}
		specMust(t, bobAdv.Get("/2/users/get_top_status.json", reqParams("uid", idString(alice.ID))), &none)
		if len(none) != 0 {
			t.Fatalf("hidden pin: %v", none)
		}

		// Errors.
		mustFail(t, adv, adv.Post("/2/users/set_top_status.json", reqParams("id", bobs.IDStr)), 403, 20102, "")
		mustFail(t, adv, adv.Post("/2/users/set_top_status.json", reqParams("id", "987654321")), 400, 20101, "")
		mustFail(t, adv, adv.Post("/2/users/set_top_status.json", nil), 400, 20109, "")
		mustFail(t, adv, adv.Post("/2/users/set_top_status.json", reqParams("id", "x")), 400, 10017, "id")
		mustFail(t, adv, adv.Post("/2/users/cancel_top_status.json", reqParams("id", s2.IDStr)), 400, 10017, "id")
		mustFail(t, bobAdv, bobAdv.Get("/2/users/get_top_status.json", nil), 400, 20002, "")
		mustFail(t, bobAdv, bobAdv.Get("/2/users/get_top_status.json", reqParams("uid", "999999")), 400, 20003, "")

		// cancel returns the unpinned status (GET accepted too).
		if got := mustDecode[sinaspec.Status](t, adv.Get("/2/users/cancel_top_status.json", reqParams("id", private.IDStr))); got.ID != private.ID {
			t.Fatalf("cancel_top_status: %+v", got)
		}
		if got := utTimelineIDs(t, alice.Client, alice.ID, "count", "1"); len(got) != 1 || got[0] != private.ID {
			t.Fatalf("after cancel: %v", got)
		}
		mustFail(t, adv, adv.Post("/2/users/cancel_top_status.json", reqParams("id", private.IDStr)), 400, 10017, "id")

		// A deleted pin is no pin.
		mustOK(t, adv.Post("/2/users/set_top_status.json", reqParams("id", s2.IDStr)))
		mustOK(t, alice.Post("/2/statuses/destroy.json", reqParams("id", s2.IDStr)))
		if got := utTimelineIDs(t, bob.Client, alice.ID); len(got) != 2 || got[0] != s3.ID {
			t.Fatalf("deleted pin: %v", got)
		}
	})
}

// users/show_rank: the level grows with the days on which the user posted.
func TestShowRank(t *testing.T) {
	k := testkit.Start(t)
	u, other := k.NewUser("ranked"), k.NewUser()
	rank := func() sinaspec.UserRank {
		return mustDecode[sinaspec.UserRank](t, other.Get("/2/users/show_rank.json", reqParams("uid", idString(u.ID))))
	}
	if r := rank(); r.UID != u.ID || r.Rank != 1 {
		t.Fatalf("new user: %+v", r)
	}
	for day := 0; day < 5; day++ {
		stPost(t, u, fmt.Sprintf("第 %d 天", day))
		stPost(t, u, fmt.Sprintf("第 %d 天又一条", day))
		k.Clock.Advance(24 * time.Hour)
	}
	if r := rank(); r.Rank != 2 {
		t.Fatalf("after 5 active days: %+v", r)
	}
	mustFail(t, other.Client, other.Get("/2/users/show_rank.json", nil), 400, 20002, "")
	mustFail(t, other.Client, other.Get("/2/users/show_rank.json", reqParams("uid", "999999")), 400, 20003, "")
	mustFail(t, other.Client, other.Get("/2/users/show_rank.json", reqParams("uid", "abc")), 400, 10017, "uid")
	mustFail(t, other.Client, other.Post("/2/users/show_rank.json", reqParams("uid", idString(u.ID))), 405, 10021, "")
}

func TestRankForDays(t *testing.T) {
	for _, tc := range []struct{ days, rank int }{{0, 1}, {4, 1}, {5, 2}, {14, 2}, {15, 3}, {30, 4}, {50, 5}, {1 << 30, core.MaxRank}} {
		if got := core.RankForDays(tc.days); got != tc.rank {
			t.Errorf("RankForDays(%d) = %d, want %d", tc.days, got, tc.rank)
		}
	}
}
