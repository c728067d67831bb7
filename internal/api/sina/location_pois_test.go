package sina_test

import (
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// TestLocationPOIs: location/pois/add keys a POI by the app's srcid,
// show_batch reads them back for that app only, and the three searches
// find POIs of both groups (place/pois/create and location/pois/add).
func TestLocationPOIs(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	add := func(extra ...string) *testkit.Response {
		return u.Post("/2/location/pois/add.json", reqParams(extra...))
	}
	office := mustDecode[sinaspec.AppPOI](t, add("srcid", "1001", "name", "理想国际大厦", "category", "楼宇机构",
		"longitude", "116.322479", "latitude", "39.980781", "address", "北四环西路58号", "city_name", "北京",
		"telephone", "010-6253", "tags", "写字楼,大厦", "description", "office tower", "intro", `{"floors":"27"}`,
		"traffic", "地铁4号线", "url", "http://example.com/lx", "pic_url", "http://example.com/lx.jpg"))
	if office.SrcID != "1001" || !strings.HasPrefix(office.PID, "P") || len(office.PID) != 21 || office.Deal != "1" ||
		office.Longitude != "116.322479" || office.Latitude != "39.980781" || office.Category != "楼宇机构" ||
		office.CityName != "北京" || office.Intro != `{"floors":"27"}` || office.Tags != "写字楼,大厦" {
		t.Fatalf("added: %+v", office)
	}
	// No city_name: the city comes from the point.
	shop := mustDecode[sinaspec.AppPOI](t, add("srcid", "1002", "name", "Coffee Corner", "category", "咖啡",
		"longitude", "116.3300", "latitude", "39.9750"))
	if shop.CityName != "北京市" {
		t.Fatalf("city from the point: %+v", shop)
	}
	// A place POI is in the same store.
	place := mustDecode[sinaspec.POI](t, u.Post("/2/place/pois/create.json", reqParams("title", "五道口咖啡",
		"lat", "39.9925", "long", "116.3375", "city", "0010", "category", "64")))
	// And an added one is a place one can look up by its poiid.
	shown := mustDecode[sinaspec.POI](t, u.Get("/2/place/pois/show.json", reqParams("poiid", office.PID[1:])))
	if shown.Title != "理想国际大厦" || shown.CategoryName != "楼宇机构" || shown.City != "0010" {
		t.Fatalf("added POI as a place: %+v", shown)
	}

	batch := mustDecode[sinaspec.AppPOIs](t, u.Get("/2/location/pois/show_batch.json", reqParams("srcids", "1002,1001")))
	if batch.TotalNumber != 2 || batch.POIs[0].SrcID != "1002" || batch.POIs[1] != office {
		t.Fatalf("show_batch: %+v", batch)
	}
	mustFail(t, u.Client, u.Get("/2/location/pois/show_batch.json", reqParams("srcids", "1001,4242")), 400, 10017, "4242")
	mustFail(t, u.Client, u.Get("/2/location/pois/show_batch.json", nil), 400, 10016, "srcids")
	mustFail(t, u.Client, u.Get("/2/location/pois/show_batch.json", reqParams("srcids", "1,2,3,4,5,6")), 400, 20009, "")
	mustFail(t, u.Client, u.Get("/2/location/pois/show_batch.json", reqParams("srcids", "x")), 400, 10017, "srcids")
	// Another app does not see this app's srcids, and may use them itself.
	key2, secret2 := newApp(t, k, "other maps", "http://other.example/cb")
	other := k.Anonymous()
	other.Token = passwordToken(t, k, key2, secret2, u.ScreenName, u.Password, "").AccessToken
	mustFail(t, other, other.Get("/2/location/pois/show_batch.json", reqParams("srcids", "1001")), 400, 10017, "1001")
	mustDecode[sinaspec.AppPOI](t, other.Post("/2/location/pois/add.json", reqParams("srcid", "1001", "name", "Other",
		"category", "地点", "longitude", "121.47", "latitude", "31.23")))

	// by_location: keyword, category, city.
	byLoc := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_location.json", reqParams("q", "咖啡", "city", "0010")))
	if byLoc.TotalNumber != 1 || byLoc.POIs[0].PID != "P"+place.POIID || byLoc.POIs[0].CityName != "北京市" ||
		byLoc.POIs[0].Navigator != "餐饮美食" || byLoc.POIs[0].Distance != "" {
		t.Fatalf("by_location: %+v", byLoc)
	}
	byCat := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_location.json", reqParams("category", "44")))
	if byCat.TotalNumber != 1 || byCat.POIs[0].PID != office.PID || byCat.POIs[0].Telephone != "010-6253" {
		t.Fatalf("by_location category: %+v", byCat)
	}
	if none := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_location.json", reqParams("q", "咖啡", "city", "0021"))); none.TotalNumber != 0 || len(none.POIs) != 0 {
		t.Fatalf("by_location Shanghai: %+v", none)
	}
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_location.json", reqParams("city", "0010")), 400, 10016, "q")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_location.json", reqParams("q", "x", "city", "9999")), 400, 21918, "city")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_location.json", reqParams("q", "x", "page", "41")), 400, 10017, "page")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_location.json", reqParams("category", "abc")), 400, 10017, "category")

	// by_geo: around a point, nearest first, with distances.
	near := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_geo.json", reqParams("coordinate", "116.322479,39.980781", "range", "1500")))
	if near.TotalNumber != 2 || near.POIs[0].PID != office.PID || near.POIs[0].Distance != "0" ||
		near.POIs[1].PID != shop.PID || near.POIs[1].Distance == "" {
		t.Fatalf("by_geo around a point: %+v", near)
	}
	wide := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_geo.json", reqParams("coordinate", "116.322479,39.980781", "q", "咖啡")))
	if wide.TotalNumber != 1 || wide.POIs[0].PID != "P"+place.POIID || wide.POIs[0].Distance != "1826" {
		t.Fatalf("by_geo q around a point: %+v", wide)
	}
	// Around a named centre, in a city given by name.
	cen := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_geo.json", reqParams("cenname", "理想国际", "q", "coffee", "city", "北京")))
	if cen.TotalNumber != 1 || cen.POIs[0].PID != shop.PID {
		t.Fatalf("by_geo cenname: %+v", cen)
	}
	kw := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_geo.json", reqParams("q", "理想")))
	if kw.TotalNumber != 1 || kw.POIs[0].Distance != "" {
		t.Fatalf("by_geo keyword: %+v", kw)
	}
	st := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_geo.json", reqParams("coordinate", "116.33,39.98", "searchtype", "住宅小区")))
	if st.TotalNumber != 0 || len(st.POIs) != 0 {
		t.Fatalf("by_geo unknown searchtype: %+v", st)
	}
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_geo.json", nil), 400, 10016, "q")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_geo.json", reqParams("coordinate", "39.98,116.32")), 400, 21906, "coordinate")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_geo.json", reqParams("cenname", "Atlantis")), 400, 21903, "")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_geo.json", reqParams("q", "x", "city", "火星")), 400, 21918, "city")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_geo.json", reqParams("q", "x", "srctype", "TRAIN")), 400, 10017, "srctype")
	if e := u.Fail(u.Get("/2/location/pois/search/by_geo.json", reqParams("q", "x", "srctype", "BUS")), 400, 21903); !strings.Contains(e.Error, "bus") {
		t.Fatalf("srctype BUS: %s", e.Error)
	}
	u.Fail(u.Get("/2/location/pois/search/by_geo.json", reqParams("q", "x", "naviflag", "1")), 400, 21903)
	mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_geo.json", reqParams("q", "x", "srctype", "BUS:1000+POI", "sr", "1")))

	// by_area: a box, upper-left then lower-right.
	box := "116.30,39.99|116.335,39.97"
	area := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_area.json", reqParams("coordinates", box, "q", "o")))
	if area.Coordinates != box || area.TotalNumber != 1 || area.POIs[0].PID != shop.PID {
		t.Fatalf("by_area: %+v", area)
	}
	areaCat := mustDecode[sinaspec.LocPOIs](t, u.Get("/2/location/pois/search/by_area.json", reqParams("coordinates", "116.0,40.5|117.0,39.5", "category", "64")))
	if areaCat.TotalNumber != 1 || areaCat.POIs[0].PID != "P"+place.POIID {
		t.Fatalf("by_area category: %+v", areaCat)
	}
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_area.json", reqParams("coordinates", "116.335,39.97|116.30,39.99", "q", "o")), 400, 21906, "coordinates")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_area.json", reqParams("coordinates", "116.30,39.99", "q", "o")), 400, 21906, "coordinates")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_area.json", reqParams("coordinates", box)), 400, 10016, "q")
	mustFail(t, u.Client, u.Get("/2/location/pois/search/by_area.json", reqParams("q", "o")), 400, 10016, "coordinates")

	// pois/add's checks.
	for _, c := range []struct {
		params []string
		code   int
		param  string
	}{
		{[]string{"name", "x", "category", "c", "longitude", "116.3", "latitude", "39.9"}, 10016, "srcid"},
		{[]string{"srcid", "1", "name", "x", "category", "c", "longitude", "116.3", "latitude", "39.9"}, 10017, "srcid"},
		{[]string{"srcid", "123456789", "name", "x", "category", "c", "longitude", "116.3", "latitude", "39.9"}, 10017, "srcid"},
		{[]string{"srcid", "1001", "name", "again", "category", "c", "longitude", "116.3", "latitude", "39.9"}, 20606, ""},
		{[]string{"srcid", "2001", "category", "c", "longitude", "116.3", "latitude", "39.9"}, 10016, "name"},
		{[]string{"srcid", "2001", "name", "x", "longitude", "116.3", "latitude", "39.9"}, 10016, "category"},
		{[]string{"srcid", "2001", "name", "x", "category", "c", "latitude", "39.9"}, 10016, "longitude"},
		{[]string{"srcid", "2001", "name", "x", "category", "c", "longitude", "116.3"}, 10016, "latitude"},
		{[]string{"srcid", "2001", "name", "x", "category", "c", "longitude", "east", "latitude", "39.9"}, 21906, "longitude"},
		{[]string{"srcid", "2001", "name", "x", "category", "c", "longitude", "116.3", "latitude", "95.5"}, 21907, "latitude"},
		{[]string{"srcid", "2001", "name", strings.Repeat("名", 31), "category", "c", "longitude", "116.3", "latitude", "39.9"}, 10017, "name"},
		{[]string{"srcid", "2001", "name", "x", "category", "c", "longitude", "116.3", "latitude", "39.9", "description", strings.Repeat("d", 121)}, 10017, "description"},
	} {
		mustFail(t, u.Client, add(c.params...), 400, c.code, c.param)
	}
	if b := mustDecode[sinaspec.AppPOIs](t, u.Get("/2/location/pois/show_batch.json", reqParams("srcids", "1001"))); b.POIs[0].Name != "理想国际大厦" {
		t.Fatalf("a refused re-add changed the POI: %+v", b)
	}
	k.Anonymous().Fail(k.Anonymous().Get("/2/location/pois/search/by_location.json", reqParams("q", "x")), 401, 10006)
}
