package sina_test

import (
	"fmt"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// total_number of the home (friends), public and bilateral timelines is the
// number of statuses the reader may see there, not the page's length: on
// both databases, with posts pushed to home windows or merged at read time,
// and with windows far smaller than the timeline (whose totals the windows
// keep as statuses are pushed and removed).
func TestTimelineTotals(t *testing.T) {
	variants := []struct {
		name string
		opts testkit.Options
	}{
		{"pushed", testkit.Options{}},
		{"merged", testkit.Options{CelebrityFollowers: 1}},
		{"pushed-small-window", testkit.Options{HomeWindow: 20}},
		{"merged-small-window", testkit.Options{CelebrityFollowers: 1, HomeWindow: 20}},
	}
	for _, db := range []string{"sqlite", "postgres"} {
		for _, v := range variants {
			t.Run(db+"/"+v.name, func(t *testing.T) {
				opts := v.opts
				if db == "postgres" {
					opts.DB = pgtest.Schema(t, "weibo_sina_")
				}
				testTimelineTotals(t, testkit.Start(t, opts))
			})
		}
	}
}

func testTimelineTotals(t *testing.T, k *testkit.Kit) {
	viewer, friend, followed, stranger := k.NewUser("viewer"), k.NewUser("friend"), k.NewUser("followed"), k.NewUser("stranger")
	stFollow(t, viewer, friend)
	stFollow(t, friend, viewer) // mutual: friends-only statuses are seen
	stFollow(t, viewer, followed)
	stFollow(t, stranger, followed) // followed has two followers
	k.Drain()
	// Read first, so that windows exist and later statuses are pushed into them.
	stTimeline(t, viewer, "/2/statuses/home_timeline.json")

	posts := func(u *testkit.User, n int, kv ...string) []int64 {
		t.Helper()
		var ids []int64
		for i := range n {
			ids = append(ids, stPost(t, u, fmt.Sprintf("%s %v %d", u.ScreenName, kv, i), kv...).ID)
		}
		return ids
	}
	posts(viewer, 2)
	posts(viewer, 1, "visible", "1") // own private: seen by its author
	posts(friend, 24)                // more than the smallest window holds
	posts(friend, 2, "visible", "1") // private: hidden
	posts(friend, 2, "visible", "2") // friends-only, mutual: seen
	followedPublic := posts(followed, 3)
	posts(followed, 2, "visible", "2") // friends-only, not mutual: hidden
	posts(followed, 1, "visible", "1")
	strangerPublic := posts(stranger, 3) // not followed
	stRepost(t, friend, strangerPublic[0], "status", "转发")
	k.Drain()

	check := func(what string, home, public, bilateral, originals int) {
		t.Helper()
		for _, path := range []string{"home_timeline", "friends_timeline"} {
			for _, kv := range [][]string{nil, {"count", "2"}, {"count", "3", "page", "3"}, {"count", "100"}} {
				tl := stTimeline(t, viewer, "/2/statuses/"+path+".json", kv...)
				if tl.TotalNumber != home {
					t.Errorf("%s: %s %v total_number = %d, want %d", what, path, kv, tl.TotalNumber, home)
				}
				if len(kv) == 2 && kv[1] == "100" && len(tl.Statuses) != home {
					t.Errorf("%s: %s holds %d statuses, total_number %d", what, path, len(tl.Statuses), home)
				}
				ids := stIDTimeline(t, viewer, "/2/statuses/"+path+"/ids.json", kv...)
				if ids.TotalNumber != home {
					t.Errorf("%s: %s/ids %v total_number = %d, want %d", what, path, kv, ids.TotalNumber, home)
				}
			}
			if tl := stTimeline(t, viewer, "/2/statuses/"+path+".json", "feature", "1", "count", "1"); tl.TotalNumber != originals {
				t.Errorf("%s: %s feature=1 total_number = %d, want %d", what, path, tl.TotalNumber, originals)
			}
		}
		for _, kv := range [][]string{nil, {"count", "2"}, {"count", "100"}} {
			tl := stTimeline(t, viewer, "/2/statuses/public_timeline.json", kv...)
			if tl.TotalNumber != public {
				t.Errorf("%s: public_timeline %v total_number = %d, want %d", what, kv, tl.TotalNumber, public)
			}
			tl = stTimeline(t, viewer, "/2/statuses/bilateral_timeline.json", kv...)
			if tl.TotalNumber != bilateral {
				t.Errorf("%s: bilateral_timeline %v total_number = %d, want %d", what, kv, tl.TotalNumber, bilateral)
			}
			if len(kv) == 2 && kv[1] == "100" && len(tl.Statuses) != bilateral {
				t.Errorf("%s: bilateral_timeline holds %d statuses, total_number %d", what, len(tl.Statuses), bilateral)
			}
		}
	}
	// home: viewer 3 + friend 24+2 + the repost + followed 3; public: every
	// public status (the repost too); bilateral: viewer 3 + friend 27.
	check("posted", 33, 33, 30, 32)

	// A delete leaves every total; a new post joins them.
	stranger.Fail(stranger.Post("/2/statuses/destroy.json", reqParams("id", idString(followedPublic[0]))), 403, 20102) // not theirs
	followed.Must(followed.Post("/2/statuses/destroy.json", reqParams("id", idString(followedPublic[0]))), nil)
	k.Drain()
	check("deleted", 32, 32, 30, 31)
	posts(friend, 1)
	posts(followed, 1, "visible", "2") // hidden from the viewer: moves none of their totals
	k.Drain()
	check("posted again", 33, 33, 31, 32)
}

// A warm home timeline answers its real total without any SQL.
func TestWarmHomeTimelineTotalRunsNoSQL(t *testing.T) {
	for _, opts := range []testkit.Options{{}, {HomeWindow: 20}, {CelebrityFollowers: 1}, {CelebrityFollowers: 1, HomeWindow: 20}} {
		k := testkit.Start(t, opts)
		a, b := k.NewUser(), k.NewUser()
		stFollow(t, b, a)
		for i := range 25 {
			post(t, a, fmt.Sprintf("post %d", i))
		}
		stPost(t, a, "private", "visible", "1")
		k.Drain()
		stTimeline(t, b, "/2/statuses/home_timeline.json") // warms the windows and caches
		before := k.App.SQL.Queries()
		var home sinaspec.Timeline
		specMust(t, b.Get("/2/statuses/home_timeline.json", reqParams("count", "2")), &home)
		if n := k.App.SQL.Queries() - before; n != 0 {
			t.Errorf("%+v: warm home timeline ran %d SQL statements", opts, n)
		}
		if home.TotalNumber != 25 || len(home.Statuses) != 2 {
			t.Errorf("%+v: warm home timeline: %d statuses, total_number %d; want 2 of 25", opts, len(home.Statuses), home.TotalNumber)
		}
	}
}
