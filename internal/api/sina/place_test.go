package sina_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func TestPlacePOIs(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	create := func(title string, lat, lng float64, extra ...string) sinaspec.POI {
		t.Helper()
		p := reqParams(append([]string{"title", title, "lat", fmt.Sprint(lat), "long", fmt.Sprint(lng)}, extra...)...)
		return mustDecode[sinaspec.POI](t, u.Post("/2/place/pois/create.json", p))
	}
	cafe := create("理想国际大厦咖啡", 39.98, 116.32, "city", "0010", "address", "北四环西路58号", "category", "64", "phone", "010-1234")
	if len(cafe.POIID) != 20 || cafe.City != "0010" || cafe.Category != "64" || cafe.CategoryName != "餐饮美食" ||
		cafe.Province != nil || cafe.CheckinNum != 0 || cafe.Lat != "39.98" || cafe.Lon != "116.32" {
		t.Fatalf("created: %+v", cafe)
	}
	shown := mustDecode[sinaspec.POI](t, u.Get("/2/place/pois/show.json", reqParams("poiid", cafe.POIID)))
	if shown != cafe {
		t.Fatalf("show: %+v\nwant %+v", shown, cafe)
	}
	// Without a city a place takes the nearest prefecture's (Shanghai's
	// 0021 for the Bund; none out at sea), and a city search finds it.
	bund := create("外滩观景台", 31.2400, 121.4900)
	if bund.City != "0021" {
		t.Fatalf("derived city %q, want 0021", bund.City)
	}
	if sea := create("海上", 0.5, -150); sea.City != "" {
		t.Fatalf("a place at sea got city %q", sea.City)
	}
	byCity := mustDecode[sinaspec.POIs](t, u.Get("/2/place/pois/search.json", reqParams("keyword", "外滩", "city", "0021")))
	if len(byCity.POIs) != 1 || byCity.POIs[0].POIID != bund.POIID {
		t.Fatalf("search by the derived city: %+v", byCity)
	}
	// Generated places around a centre; nearby answers what brute force does.
	rng := rand.New(rand.NewPCG(1, 2))
	clat, clng := 39.9, 116.4
	type pt struct {
		id       string
		lat, lng float64
	}
	var pts []pt
	for i := range 40 {
		lat, lng := clat+(rng.Float64()-0.5)*0.06, clng+(rng.Float64()-0.5)*0.08
		p := create(fmt.Sprintf("地点%d", i), lat, lng, "category", "601")
		pts = append(pts, pt{p.POIID, lat, lng})
	}
	for _, radius := range []int{500, 2000, 3000} {
		var want []string
		for _, p := range pts {
			if geo.Distance(clat, clng, p.lat, p.lng) <= float64(radius) {
				want = append(want, p.id)
			}
		}
		got := mustDecode[sinaspec.POIs](t, u.Get("/2/place/nearby/pois.json", reqParams("lat", fmt.Sprint(clat),
			"long", fmt.Sprint(clng), "offset", "1", "range", fmt.Sprint(radius), "sort", "1", "count", "50")))
		var ids []string
		last := -1
		for _, p := range got.POIs {
			ids = append(ids, p.POIID)
			if p.Distance < last || p.Distance > radius {
				t.Fatalf("radius %d: distance %d after %d", radius, p.Distance, last)
			}
			last = p.Distance
		}
		sort.Strings(ids)
		sort.Strings(want)
		if fmt.Sprint(ids) != fmt.Sprint(want) || got.TotalNumber != len(want) {
			t.Fatalf("radius %d: got %d %v, want %d %v", radius, got.TotalNumber, ids, len(want), want)
		}
	}
	// offset=0 takes the centre as raw GPS and offsets it.
	gps := mustDecode[sinaspec.POIs](t, u.Get("/2/place/nearby/pois.json", reqParams("lat", "39.978", "long", "116.314", "range", "100")))
	if len(gps.POIs) != 1 || gps.POIs[0].POIID != cafe.POIID {
		t.Fatalf("GPS centre: %+v", gps)
	}
	// Keyword, city and category searches.
	found := mustDecode[sinaspec.POIs](t, u.Get("/2/place/pois/search.json", reqParams("keyword", "咖啡", "city", "0010")))
	if found.TotalNumber != 1 || found.POIs[0].POIID != cafe.POIID {
		t.Fatalf("search: %+v", found)
	}
	pg := mustDecode[sinaspec.POIs](t, u.Get("/2/place/pois/search.json", reqParams("keyword", "地点", "category", "601", "count", "15", "page", "3")))
	if pg.TotalNumber != 40 || len(pg.POIs) != 10 {
		t.Fatalf("page 3: %d of %d", len(pg.POIs), pg.TotalNumber)
	}
	if none := mustDecode[sinaspec.POIs](t, u.Get("/2/place/pois/search.json", reqParams("keyword", "%"))); none.TotalNumber != 0 {
		t.Fatalf("%% is not a wildcard: %+v", none)
	}
	cats := mustDecode[[]sinaspec.PlaceCategory](t, u.Get("/2/place/pois/category.json", nil))
	if len(cats) != 9 || cats[0] != (sinaspec.PlaceCategory{ID: "19", Name: "出行住宿", PID: "0"}) {
		t.Fatalf("categories: %+v", cats)
	}

	mustFail(t, u.Client, u.Post("/2/place/pois/create.json", reqParams("lat", "1", "long", "1")), 400, 10016, "title")
	mustFail(t, u.Client, u.Post("/2/place/pois/create.json", reqParams("title", "x", "long", "1")), 400, 10016, "lat")
	mustFail(t, u.Client, u.Post("/2/place/pois/create.json", reqParams("title", "x", "lat", "91", "long", "1")), 400, 10017, "lat")
	mustFail(t, u.Client, u.Post("/2/place/pois/create.json", reqParams("title", "x", "lat", "1", "long", "1", "city", "12345")), 400, 21918, "city")
	mustFail(t, u.Client, u.Post("/2/place/pois/create.json", reqParams("title", string(make([]rune, 31)), "lat", "1", "long", "1")), 400, 10017, "title")
	mustFail(t, u.Client, u.Get("/2/place/pois/show.json", reqParams("poiid", "00000000000000000000")), 400, 10017, "00000000000000000000")
	mustFail(t, u.Client, u.Get("/2/place/pois/show.json", nil), 400, 10016, "poiid")
	mustFail(t, u.Client, u.Get("/2/place/pois/search.json", nil), 400, 10016, "keyword")
	mustFail(t, u.Client, u.Get("/2/place/nearby/pois.json", reqParams("lat", "39.9", "long", "116.4", "range", "10001")), 400, 10017, "range")
	mustFail(t, u.Client, u.Get("/2/place/nearby/pois.json", reqParams("lat", "39.9")), 400, 10016, "long")
	mustFail(t, u.Client, u.Get("/2/place/nearby/pois.json", reqParams("lat", "39.9", "long", "116.4", "sort", "2")), 400, 10017, "sort")
}
