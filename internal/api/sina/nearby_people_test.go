package sina_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// People nearby: published positions found by distance, ordered and
// filtered as asked, until they expire or are withdrawn; location privacy
// and blocks apply.
func TestNearbyPeople(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		ctx := context.Background()
		me, near, mid, far := k.NewUser("看附近"), k.NewUser("最近的"), k.NewUser("一公里"), k.NewUser("二十公里")
		clat, clng := 31.23, 121.47
		publish := func(u *testkit.User, lat, lng float64) {
			t.Helper()
			var r struct {
				Status int `json:"status"`
			}
			u.Must(u.Post("/2/place/nearby_users/create.json", reqParams("lat", fmt.Sprint(lat), "long", fmt.Sprint(lng), "offset", "1")), &r)
			if r.Status != 1 {
				t.Fatalf("create: %+v", r)
			}
		}
		publish(near, clat+0.001, clng)
		k.Clock.Advance(time.Minute)
		publish(mid, clat+0.009, clng)
		publish(far, clat+0.18, clng)
		publish(me, clat, clng)
		list := func(kv ...string) []int64 {
			t.Helper()
			l := mustDecode[sinaspec.NearbyUsers](t, me.Get("/2/place/nearby_users/list.json", reqParams(append([]string{
				"lat", fmt.Sprint(clat), "long", fmt.Sprint(clng), "offset", "1"}, kv...)...)))
			var ids []int64
			for _, u := range l.Users {
				ids = append(ids, u.ID)
			}
			if l.TotalNumber < len(ids) {
				t.Fatalf("total %d below %d", l.TotalNumber, len(ids))
			}
			return ids
		}
		want := func(what string, got []int64, ids ...int64) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(ids) {
				t.Fatalf("%s: %v, want %v", what, got, ids)
			}
		}
		want("by distance", list("sort", "1"), near.ID, mid.ID)
		want("by time", list("sort", "0"), mid.ID, near.ID)
		want("wider", list("sort", "1", "range", "11132"), near.ID, mid.ID)
		follow(t, me, mid.ID)
		want("social (default)", list(), mid.ID, near.ID)
		want("followed", list("filter", "2"), mid.ID)
		want("strangers", list("filter", "1"), near.ID)
		want("paged", list("sort", "1", "count", "1", "page", "2"), mid.ID)
		want("no 达人 here", list("level", "7"))
		want("no birthdays here", list("startbirth", "20", "endbirth", "30"))
		want("gender", list("gender", "2"))
		// GPS by default: the offset moves the centre hundreds of metres.
		if l := mustDecode[sinaspec.NearbyUsers](t, me.Get("/2/place/nearby_users/list.json", reqParams(
			"lat", fmt.Sprint(clat+0.001), "long", fmt.Sprint(clng), "range", "50"))); l.TotalNumber != 0 {
			t.Fatalf("GPS centre: %+v", l)
		}

		// Location off hides, and refuses publishing; a block hides.
		p, _ := k.App.Core.Privacy(ctx, mid.ID)
		p.Geo = false
		if _, err := k.App.Core.SetPrivacy(ctx, mid.ID, p); err != nil {
			t.Fatal(err)
		}
		want("location off", list(), near.ID)
		mustFail(t, mid.Client, mid.Post("/2/place/nearby_users/create.json", reqParams("lat", "31", "long", "121")), 403, 20508, "")
		if _, err := k.App.Core.Block(ctx, near.Viewer(), core.UserRef{ID: me.ID}); err != nil {
			t.Fatal(err)
		}
		want("blocked", list())
		if _, err := k.App.Core.Unblock(ctx, near.Viewer(), core.UserRef{ID: me.ID}); err != nil {
			t.Fatal(err)
		}
		want("unblocked", list(), near.ID)
		// Withdrawn, and expired.
		mustOK(t, near.Post("/2/place/nearby_users/destroy.json", nil))
		mustOK(t, near.Post("/2/place/nearby_users/destroy.json", nil))
		want("withdrawn", list())
		publish(near, clat, clng)
		want("again", list(), near.ID)
		k.Clock.Advance(core.NearbyPositionTTL + time.Second)
		want("expired", list())

		c := me.Client
		mustFail(t, c, me.Post("/2/place/nearby_users/create.json", reqParams("long", "121")), 400, 10016, "lat")
		mustFail(t, c, me.Post("/2/place/nearby_users/create.json", reqParams("lat", "95", "long", "121")), 400, 10017, "lat")
		mustFail(t, c, me.Get("/2/place/nearby_users/list.json", reqParams("lat", "31", "long", "121", "range", "11133")), 400, 10017, "range")
		mustFail(t, c, me.Get("/2/place/nearby_users/list.json", reqParams("lat", "31", "long", "121", "sort", "3")), 400, 10017, "sort")
		mustFail(t, c, me.Get("/2/place/nearby_users/list.json", reqParams("lat", "31", "long", "121", "level", "3")), 400, 10017, "level")
		mustFail(t, c, me.Get("/2/place/nearby_users/list.json", reqParams("lat", "31", "long", "121", "startbirth", "-1")), 400, 10017, "startbirth")
		mustFail(t, c, me.Get("/2/place/nearby_users/list.json", reqParams("long", "121")), 400, 10016, "lat")
	})
}
