package sina_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// placeAnn is the place annotation of a place status.
type placeAnn struct {
	Place struct {
		POIID string `json:"poiid"`
		Title string `json:"title"`
		Lon   string `json:"lon"`
		Lat   string `json:"lat"`
		Type  string `json:"type"`
	} `json:"place"`
}

func annotationOf(t *testing.T, st *sinaspec.Status) placeAnn {
	t.Helper()
	var a []placeAnn
	if err := json.Unmarshal(st.Annotations, &a); err != nil || len(a) != 1 {
		t.Fatalf("annotations %s: %v", st.Annotations, err)
	}
	return a[0]
}

func newPOI(t *testing.T, u *testkit.User, title string, lat, lng float64) sinaspec.POI {
	t.Helper()
	return mustDecode[sinaspec.POI](t, u.Post("/2/place/pois/create.json", reqParams("title", title,
		"lat", fmt.Sprint(lat), "long", fmt.Sprint(lng), "city", "0010", "category", "64")))
}

func showPOI(t *testing.T, u *testkit.User, id string) sinaspec.POI {
	t.Helper()
	return mustDecode[sinaspec.POI](t, u.Get("/2/place/pois/show.json", reqParams("poiid", id)))
}

func placeIDs(l sinaspec.Timeline) []int64 {
	var out []int64
	for _, s := range l.Statuses {
		out = append(out, s.ID)
	}
	return out
}

// Check-ins, tips, photos and todos are statuses with the place, in the
// normal timelines, moving the POI's counters both ways; the lists honour
// location privacy and blocks.
func TestPlaceStatuses(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		ctx := context.Background()
		me, friend, stranger := k.NewUser("行者"), k.NewUser("朋友"), k.NewUser("路人")
		follow(t, friend, me.ID)
		poi := newPOI(t, me, "老书虫", 39.935, 116.42)
		post := func(u *testkit.User, what string, kv ...string) *sinaspec.Status {
			t.Helper()
			k.Clock.Advance(time.Second)
			st := mustDecode[sinaspec.Status](t, u.Post("/2/place/pois/add_"+what+".json",
				reqParams(append([]string{"poiid", poi.POIID}, kv...)...)))
			return &st
		}
		c1 := post(me, "checkin", "status", "打卡")
		a := annotationOf(t, c1)
		if a.Place.POIID != poi.POIID || a.Place.Title != "老书虫" || a.Place.Type != "checkin" || a.Place.Lat != poi.Lat ||
			c1.Geo == nil || c1.Geo.Coordinates != [2]float64{39.935, 116.42} || c1.Visible.Type != 0 {
			t.Fatalf("check-in: %+v %+v", a, c1.Geo)
		}
		// An ordinary status: statuses/show, and the follower's home.
		shown := mustDecode[sinaspec.Status](t, friend.Get("/2/statuses/show.json", reqParams("id", idString(c1.ID))))
		if string(shown.Annotations) != string(c1.Annotations) {
			t.Fatalf("statuses/show: %s", shown.Annotations)
		}
		k.Drain()
		home := mustDecode[sinaspec.Timeline](t, friend.Get("/2/statuses/home_timeline.json", nil))
		if len(home.Statuses) != 1 || home.Statuses[0].ID != c1.ID {
			t.Fatalf("home: %v", placeIDs(home))
		}
		post(me, "checkin", "status", "又来了")
		fc := post(friend, "checkin", "status", "我也来")
		tip := post(friend, "tip", "status", "二楼安静")
		photo := mustDecode[sinaspec.Status](t, me.Multipart("/2/place/pois/add_photo.json",
			reqParams("poiid", poi.POIID, "status", url.QueryEscape("书架")), pic(pngOf(t, 40, 30), "a.png")))
		if len(photo.PicURLs) != 1 || annotationOf(t, &photo).Place.Type != "photo" {
			t.Fatalf("photo: %+v", photo)
		}
		k.Clock.Advance(time.Second)
		picCheckin := mustDecode[sinaspec.Status](t, stranger.Multipart("/2/place/pois/add_checkin.json",
			reqParams("poiid", poi.POIID, "status", "带图打卡"), pic(pngOf(t, 30, 40), "b.png")))
		todo := post(me, "todo", "status", "下次带朋友", "public", "1")
		got := showPOI(t, me, poi.POIID)
		if got.CheckinNum != 4 || got.CheckinUserNum != 3 || got.TipNum != 1 || got.PhotoNum != 2 || got.TodoNum != 1 ||
			got.CheckinTime == "" {
			t.Fatalf("counters: %+v", got)
		}

		list := func(u *testkit.User, path string, kv ...string) sinaspec.Timeline {
			t.Helper()
			return mustDecode[sinaspec.Timeline](t, u.Get("/2/place/"+path+".json", reqParams(kv...)))
		}
		if l := list(me, "pois/tips", "poiid", poi.POIID); fmt.Sprint(placeIDs(l)) != fmt.Sprint([]int64{tip.ID}) || l.TotalNumber != 1 {
			t.Fatalf("tips: %v", placeIDs(l))
		}
		if l := list(me, "pois/photos", "poiid", poi.POIID); fmt.Sprint(placeIDs(l)) != fmt.Sprint([]int64{picCheckin.ID, photo.ID}) {
			t.Fatalf("photos: %v", placeIDs(l))
		}
		if l := list(friend, "users/todos", "uid", idString(me.ID)); fmt.Sprint(placeIDs(l)) != fmt.Sprint([]int64{todo.ID}) {
			t.Fatalf("todos: %v", placeIDs(l))
		}
		if l := list(friend, "users/tips", "uid", idString(friend.ID)); len(l.Statuses) != 1 {
			t.Fatalf("user tips: %v", placeIDs(l))
		}
		if l := list(me, "users/photos", "uid", idString(me.ID), "count", "1", "page", "1"); fmt.Sprint(placeIDs(l)) != fmt.Sprint([]int64{photo.ID}) {
			t.Fatalf("user photos: %v", placeIDs(l))
		}
		users := mustDecode[sinaspec.PlaceUsers](t, me.Get("/2/place/pois/users.json", reqParams("poiid", poi.POIID)))
		if users.TotalNumber != 3 || len(users.Users) != 3 || users.Users[0].ID != stranger.ID || users.Users[1].ID != friend.ID {
			t.Fatalf("visitors: %+v", users)
		}
		checkins := mustDecode[sinaspec.POIs](t, friend.Get("/2/place/users/checkins.json", reqParams("uid", idString(me.ID))))
		if checkins.TotalNumber != 1 || checkins.POIs[0].POIID != poi.POIID || checkins.POIs[0].CheckinNum != 4 {
			t.Fatalf("user checkins: %+v", checkins)
		}
		ps := mustDecode[sinaspec.Status](t, stranger.Get("/2/place/statuses/show.json", reqParams("id", idString(tip.ID))))
		if annotationOf(t, &ps).Place.Type != "tip" {
			t.Fatalf("place/statuses/show: %s", ps.Annotations)
		}
		plain := stPost(t, me, "没有位置")
		mustFail(t, me.Client, me.Get("/2/place/statuses/show.json", reqParams("id", idString(plain.ID))), 400, 20101, "")

		// Deleting moves the counters back; the friend's only check-in
		// takes them off the visitors.
		mustOK(t, friend.Post("/2/statuses/destroy.json", reqParams("id", idString(fc.ID))))
		mustOK(t, me.Post("/2/statuses/destroy.json", reqParams("id", idString(photo.ID))))
		got = showPOI(t, me, poi.POIID)
		if got.CheckinNum != 3 || got.CheckinUserNum != 2 || got.PhotoNum != 1 || got.TipNum != 1 {
			t.Fatalf("counters after deletes: %+v", got)
		}
		users = mustDecode[sinaspec.PlaceUsers](t, me.Get("/2/place/pois/users.json", reqParams("poiid", poi.POIID)))
		if users.TotalNumber != 2 {
			t.Fatalf("visitors after delete: %+v", users)
		}

		// Location off: no posting at places, and others no longer see
		// one's place statuses or visits there; one still sees one's own.
		p, err := k.App.Core.Privacy(ctx, friend.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.Geo = false
		if _, err := k.App.Core.SetPrivacy(ctx, friend.ID, p); err != nil {
			t.Fatal(err)
		}
		mustFail(t, friend.Client, friend.Post("/2/place/pois/add_checkin.json", reqParams("poiid", poi.POIID, "status", "x")), 403, 20508, "")
		if l := list(me, "pois/tips", "poiid", poi.POIID); len(l.Statuses) != 0 || !l.HasVisible {
			t.Fatalf("tips of a user with location off: %v", placeIDs(l))
		}
		if l := list(friend, "pois/tips", "poiid", poi.POIID); len(l.Statuses) != 1 {
			t.Fatalf("own tips with location off: %v", placeIDs(l))
		}
		mustFail(t, me.Client, me.Get("/2/place/statuses/show.json", reqParams("id", idString(tip.ID))), 400, 20101, "")
		if l := list(me, "users/tips", "uid", idString(friend.ID)); len(l.Statuses) != 0 {
			t.Fatalf("user tips with location off: %v", placeIDs(l))
		}
		// A block hides the visitor both ways.
		if _, err := k.App.Core.Block(ctx, stranger.Viewer(), core.UserRef{ID: me.ID}); err != nil {
			t.Fatal(err)
		}
		users = mustDecode[sinaspec.PlaceUsers](t, me.Get("/2/place/pois/users.json", reqParams("poiid", poi.POIID)))
		if len(users.Users) != 1 || users.Users[0].ID != me.ID {
			t.Fatalf("visitors with a block: %+v", users)
		}
		if l := list(me, "pois/photos", "poiid", poi.POIID); len(l.Statuses) != 0 {
			t.Fatalf("photos of a blocker: %v", placeIDs(l))
		}

		// Errors.
		mustFail(t, me.Client, me.Post("/2/place/pois/add_checkin.json", reqParams("status", "x")), 400, 10016, "poiid")
		mustFail(t, me.Client, me.Post("/2/place/pois/add_tip.json", reqParams("poiid", poi.POIID)), 400, 10016, "status")
		mustFail(t, me.Client, me.Post("/2/place/pois/add_tip.json", reqParams("poiid", poi.POIID, "status", " ")), 400, 20008, "")
		mustFail(t, me.Client, me.Post("/2/place/pois/add_todo.json", reqParams("poiid", "0000000000000000000F", "status", "x")), 400, 10017, "0000000000000000000F")
		mustFail(t, me.Client, me.Post("/2/place/pois/add_tip.json", reqParams("poiid", poi.POIID, "status", "y", "public", "2")), 400, 10017, "public")
		mustFail(t, me.Client, me.Post("/2/place/pois/add_photo.json", reqParams("poiid", poi.POIID, "status", "x")), 400, 20007, "")
		mustFail(t, me.Client, me.Multipart("/2/place/pois/add_photo.json", reqParams("poiid", poi.POIID, "status", "x"),
			pic([]byte("not a picture"), "x.png")), 400, 20005, "")
		mustFail(t, me.Client, me.Get("/2/place/pois/tips.json", nil), 400, 10016, "poiid")
		mustFail(t, me.Client, me.Get("/2/place/pois/photos.json", reqParams("poiid", poi.POIID, "sort", "2")), 400, 10017, "sort")
		mustFail(t, me.Client, me.Get("/2/place/pois/users.json", reqParams("poiid", "nope")), 400, 10017, "")
		mustFail(t, me.Client, me.Get("/2/place/users/todos.json", nil), 400, 20002, "")
		mustFail(t, me.Client, me.Get("/2/place/users/tips.json", reqParams("uid", "999999")), 400, 20003, "")
		mustFail(t, me.Client, me.Get("/2/place/users/checkins.json", reqParams("uid", "999999")), 400, 20003, "")
		mustFail(t, me.Client, me.Get("/2/place/statuses/show.json", nil), 400, 10016, "id")
		// Nothing half-written by the refused ones.
		if got = showPOI(t, me, poi.POIID); got.TodoNum != 1 || got.TipNum != 1 || got.PhotoNum != 1 {
			t.Fatalf("counters after refusals: %+v", got)
		}
	})
}
