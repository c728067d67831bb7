package sina_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Place timelines by author and by distance: the same visibility as the
// status timelines, location privacy and blocks, and nearby answers what
// brute force over the posted points does.
func TestPlaceTimelines(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		ctx := context.Background()
		me, friend, fan, other := k.NewUser("我自己"), k.NewUser("好友"), k.NewUser("粉丝"), k.NewUser("别人")
		follow(t, friend, me.ID)
		follow(t, me, friend.ID)
		follow(t, fan, me.ID)
		at := func(u *testkit.User, text string, lat, lng float64, kv ...string) *sinaspec.Status {
			t.Helper()
			k.Clock.Advance(time.Second)
			return stPost(t, u, text, append([]string{"lat", fmt.Sprint(lat), "long", fmt.Sprint(lng)}, kv...)...)
		}
		tl := func(u *testkit.User, path string, kv ...string) sinaspec.Timeline {
			t.Helper()
			return mustDecode[sinaspec.Timeline](t, u.Get("/2/place/"+path+".json", reqParams(kv...)))
		}
		want := func(what string, l sinaspec.Timeline, ids ...int64) {
			t.Helper()
			if fmt.Sprint(placeIDs(l)) != fmt.Sprint(ids) {
				t.Fatalf("%s: %v, want %v", what, placeIDs(l), ids)
			}
		}
		m1 := at(me, "第一条", 39.9, 116.4)
		stPost(t, me, "没有位置")
		mp := at(me, "只给自己", 39.9, 116.4, "visible", "1")
		f1 := at(friend, "好友的", 39.91, 116.41)
		o1 := at(other, "别人的", 31.2, 121.5)
		want("public", tl(fan, "public_timeline"), o1.ID, f1.ID, m1.ID)
		want("public count", tl(fan, "public_timeline", "count", "1"), o1.ID)
		want("friends", tl(me, "friends_timeline"), f1.ID, mp.ID, m1.ID)
		want("friends of a fan", tl(fan, "friends_timeline"), m1.ID)
		want("mutual", tl(fan, "friends_timeline", "type", "1"))
		want("mutual of me", tl(me, "friends_timeline", "type", "1"), f1.ID)
		want("user", tl(fan, "user_timeline", "uid", idString(me.ID)), m1.ID)
		want("own", tl(me, "user_timeline", "uid", idString(me.ID)), mp.ID, m1.ID)
		want("user paged", tl(me, "user_timeline", "uid", idString(me.ID), "max_id", idString(mp.ID-1)), m1.ID)
		if l := tl(fan, "user_timeline", "uid", idString(me.ID)); l.TotalNumber != 1 || l.Statuses[0].Geo == nil {
			t.Fatalf("user timeline: %+v", l)
		}
		poi := newPOI(t, other, "广场", 39.9, 116.4)
		k.Clock.Advance(time.Second)
		tip := mustDecode[sinaspec.Status](t, friend.Post("/2/place/pois/add_tip.json", reqParams("poiid", poi.POIID, "status", "人多")))
		want("poi", tl(me, "poi_timeline", "poiid", poi.POIID), tip.ID)
		want("poi since", tl(me, "poi_timeline", "poiid", poi.POIID, "since_id", idString(tip.ID)))

		// Nearby: generated points around a centre, against brute force.
		rng := rand.New(rand.NewPCG(3, 4))
		clat, clng := 39.95, 116.35
		type pt struct {
			id       int64
			lat, lng float64
		}
		var pts []pt
		for i := range 30 {
			lat, lng := clat+(rng.Float64()-0.5)*0.06, clng+(rng.Float64()-0.5)*0.08
			st := at(other, fmt.Sprintf("附近%d", i), lat, lng)
			glng, glat := geo.WGSToGCJ(lng, lat) // statuses/update's raw GPS is kept in GCJ-02
			pts = append(pts, pt{st.ID, glat, glng})
		}
		for _, radius := range []int{800, 2000, 3500} {
			var byTime []int64
			for i := len(pts) - 1; i >= 0; i-- {
				if geo.Distance(clat, clng, pts[i].lat, pts[i].lng) <= float64(radius) {
					byTime = append(byTime, pts[i].id)
				}
			}
			q := []string{"lat", fmt.Sprint(clat), "long", fmt.Sprint(clng), "offset", "1", "range", fmt.Sprint(radius), "count", "50"}
			l := tl(me, "nearby_timeline", q...)
			want(fmt.Sprintf("nearby %d", radius), l, byTime...)
			if l.TotalNumber != len(byTime) {
				t.Fatalf("nearby %d: total %d, want %d", radius, l.TotalNumber, len(byTime))
			}
			l = tl(me, "nearby_timeline", append(q, "sort", "1")...)
			last := -1.0
			for _, s := range l.Statuses {
				d := geo.Distance(clat, clng, s.Geo.Coordinates[0], s.Geo.Coordinates[1])
				if d < last-0.05 || d > float64(radius)+0.05 {
					t.Fatalf("nearby %d by distance: %.1f after %.1f", radius, d, last)
				}
				last = d
			}
			if len(l.Statuses) != len(byTime) {
				t.Fatalf("nearby %d by distance: %d", radius, len(l.Statuses))
			}
		}
		// The time window bounds the ids, which hold the real time they
		// were made at (the kit's clock moves only created_at).
		win := func(kv ...string) sinaspec.Timeline {
			return tl(me, "nearby_timeline", append([]string{"lat", fmt.Sprint(clat), "long", fmt.Sprint(clng),
				"offset", "1", "range", "2000", "count", "50"}, kv...)...)
		}
		hour := time.Hour
		all := placeIDs(win())
		if len(all) == 0 {
			t.Fatal("no status within 2 km")
		}
		want("nearby until later", win("endtime", fmt.Sprint(time.Now().Add(hour).Unix())), all...)
		want("nearby until before", win("endtime", fmt.Sprint(time.Now().Add(-hour).Unix())))
		want("nearby from before", win("starttime", fmt.Sprint(time.Now().Add(-hour).Unix())), all...)
		want("nearby from later", win("starttime", fmt.Sprint(time.Now().Add(hour).Unix())))
		// offset=0 takes GPS and moves it by the offset (hundreds of
		// metres): the raw point is then no longer within 50 m.
		want("nearby GPS", tl(me, "nearby_timeline", "lat", fmt.Sprint(pts[0].lat), "long", fmt.Sprint(pts[0].lng), "range", "50"))
		want("nearby offset", tl(me, "nearby_timeline", "lat", fmt.Sprint(pts[0].lat), "long", fmt.Sprint(pts[0].lng), "range", "50", "offset", "1"), pts[0].id)

		// Photos near a point, and the people who posted nearby: a phone
		// posts raw GPS and asks with raw GPS (offset=0), and the two meet.
		k.Clock.Advance(time.Second)
		ph := mustDecode[sinaspec.Status](t, fan.Multipart("/2/statuses/upload.json", reqParams("status", "照片",
			"lat", fmt.Sprint(clat), "long", fmt.Sprint(clng)), pic(pngOf(t, 20, 20), "n.png")))
		want("nearby photos", tl(me, "nearby/photos", "lat", fmt.Sprint(clat), "long", fmt.Sprint(clng)), ph.ID)
		nu := func(kv ...string) sinaspec.NearbyUsers {
			t.Helper()
			return mustDecode[sinaspec.NearbyUsers](t, me.Get("/2/place/nearby/users.json", reqParams(append([]string{
				"lat", fmt.Sprint(clat), "long", fmt.Sprint(clng), "range", "5000"}, kv...)...)))
		}
		users := nu()
		if users.TotalNumber != 2 || users.Users[0].ID != fan.ID || users.Users[1].ID != other.ID || users.Users[0].Distance != 0 {
			t.Fatalf("nearby users: %+v", users)
		}

		// users/show counts.
		lbs := mustDecode[sinaspec.UserPlaces](t, me.Get("/2/place/users/show.json", reqParams("uid", idString(friend.ID))))
		if lbs.UID != friend.ID || lbs.TipNum != 1 || lbs.CheckinNum != 0 || lbs.GeoStatusesNum != 2 {
			t.Fatalf("users/show: %+v", lbs)
		}
		if own := mustDecode[sinaspec.UserPlaces](t, me.Get("/2/place/users/show.json", reqParams("uid", idString(me.ID)))); own.GeoStatusesNum != 2 {
			t.Fatalf("own users/show: %+v", own)
		}
		if seen := mustDecode[sinaspec.UserPlaces](t, fan.Get("/2/place/users/show.json", reqParams("uid", idString(me.ID)))); seen.GeoStatusesNum != 1 {
			t.Fatalf("users/show of another: %+v", seen)
		}

		// Location off hides the fan; a block hides the other, both ways.
		p, _ := k.App.Core.Privacy(ctx, fan.ID)
		p.Geo = false
		if _, err := k.App.Core.SetPrivacy(ctx, fan.ID, p); err != nil {
			t.Fatal(err)
		}
		if _, err := k.App.Core.Block(ctx, other.Viewer(), core.UserRef{ID: me.ID}); err != nil {
			t.Fatal(err)
		}
		if users = nu(); users.TotalNumber != 0 {
			t.Fatalf("nearby users with location off and a block: %+v", users)
		}
		want("nearby photos, location off", tl(me, "nearby/photos", "lat", fmt.Sprint(clat), "long", fmt.Sprint(clng)))
		want("fan's own photos", tl(fan, "nearby/photos", "lat", fmt.Sprint(clat), "long", fmt.Sprint(clng)), ph.ID)
		want("public, location off and block", tl(me, "public_timeline"), tip.ID, f1.ID, m1.ID)
		want("user timeline, location off", tl(me, "user_timeline", "uid", idString(fan.ID)))
		if lbs := mustDecode[sinaspec.UserPlaces](t, me.Get("/2/place/users/show.json", reqParams("uid", idString(fan.ID)))); lbs.GeoStatusesNum != 0 {
			t.Fatalf("users/show, location off: %+v", lbs)
		}

		// Errors.
		c := me.Client
		mustFail(t, c, me.Get("/2/place/nearby_timeline.json", reqParams("lat", "39.9")), 400, 10016, "long")
		mustFail(t, c, me.Get("/2/place/nearby_timeline.json", reqParams("lat", "39.9", "long", "116.4", "range", "11133")), 400, 10017, "range")
		mustFail(t, c, me.Get("/2/place/nearby_timeline.json", reqParams("lat", "39.9", "long", "181")), 400, 10017, "long")
		mustFail(t, c, me.Get("/2/place/nearby_timeline.json", reqParams("lat", "39.9", "long", "116.4", "sort", "2")), 400, 10017, "sort")
		mustFail(t, c, me.Get("/2/place/nearby/users.json", reqParams("lat", "39.9", "long", "116.4", "starttime", "-1")), 400, 10017, "starttime")
		mustFail(t, c, me.Get("/2/place/nearby/photos.json", reqParams("lat", "39.9", "long", "116.4", "offset", "2")), 400, 10017, "offset")
		mustFail(t, c, me.Get("/2/place/friends_timeline.json", reqParams("type", "2")), 400, 10017, "type")
		mustFail(t, c, me.Get("/2/place/public_timeline.json", reqParams("count", "0")), 400, 10017, "count")
		mustFail(t, c, me.Get("/2/place/user_timeline.json", nil), 400, 20002, "")
		mustFail(t, c, me.Get("/2/place/user_timeline.json", reqParams("uid", "999999")), 400, 20003, "")
		mustFail(t, c, me.Get("/2/place/users/show.json", reqParams("uid", "999999")), 400, 20003, "")
		mustFail(t, c, me.Get("/2/place/poi_timeline.json", reqParams("poiid", "0000000000000000000F")), 400, 10017, "")
		mustFail(t, c, me.Get("/2/place/poi_timeline.json", nil), 400, 10016, "poiid")
	})
}
