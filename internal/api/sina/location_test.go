package sina_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func oneKey(t *testing.T, m map[string]string) (string, string) {
	t.Helper()
	if len(m) != 1 {
		t.Fatalf("element with %d keys: %v", len(m), m)
	}
	for k, v := range m {
		return k, v
	}
	return "", ""
}

func TestCommonCodeTables(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	anon := k.Anonymous() // an app key alone is enough

	provs := mustDecode[sinaspec.CodeNames](t, anon.Get("/2/common/get_province.json", reqParams("country", "001")))
	if len(provs) != 36 {
		t.Fatalf("%d provinces", len(provs))
	}
	if c, n := oneKey(t, provs[0]); c != "001011" || n != "北京" {
		t.Fatalf("first province %s %s", c, n)
	}
	cities := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/get_city.json", reqParams("province", "001011")))
	if c, n := oneKey(t, cities[0]); c != "001011001" || n != "东城区" || len(cities) != 18 {
		t.Fatalf("Beijing: %d cities, first %s %s", len(cities), c, n)
	}
	// language and capital are honoured.
	tw := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/get_city.json", reqParams("province", "001011", "language", "zh-tw", "capital", "c")))
	var names []string
	for _, e := range tw {
		_, n := oneKey(t, e)
		names = append(names, n)
	}
	if strings.Join(names, ",") != "崇文區,朝陽區,昌平區" {
		t.Fatalf("zh-tw, capital c: %v", names)
	}
	en := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/get_province.json", reqParams("country", "001", "language", "english", "capital", "g")))
	var ens []string
	for _, e := range en {
		_, n := oneKey(t, e)
		ens = append(ens, n)
	}
	if strings.Join(ens, ",") != "Guangdong,Guangxi,Guizhou,Gansu" {
		t.Fatalf("english, capital g: %v", ens)
	}
	// Another country has no provinces here.
	if l := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/get_province.json", reqParams("country", "002"))); len(l) != 0 {
		t.Fatalf("country 002: %v", l)
	}
	loc := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/code_to_location.json", reqParams("codes", "001011,001011005,999999,001,001044003")))
	want := []string{"001011=北京", "001011005=朝阳区", "001=中国", "001044003=深圳"}
	if len(loc) != len(want) {
		t.Fatalf("code_to_location: %v", loc)
	}
	for i, e := range loc {
		if c, n := oneKey(t, e); c+"="+n != want[i] {
			t.Fatalf("code_to_location[%d] = %s=%s, want %s", i, c, n, want[i])
		}
	}
	countries := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/get_country.json", reqParams("language", "english")))
	if c, n := oneKey(t, countries[0]); c != "001" || n != "China" || len(countries) < 200 {
		t.Fatalf("%d countries, first %s %s", len(countries), c, n)
	}
	zh := mustDecode[sinaspec.CodeNames](t, u.Get("/2/common/get_country.json", reqParams("capital", "z")))
	if c, n := oneKey(t, zh[0]); c != "001" || n != "中国" {
		t.Fatalf("capital z starts with %s %s", c, n)
	}
	tz := mustDecode[map[string]string](t, u.Get("/2/common/get_timezone.json", nil))
	var shanghai bool
	for _, l := range tz {
		shanghai = shanghai || l == "(GMT+08:00) 中国 Asia/Shanghai"
	}
	if !shanghai || tz["999"] != "其他" {
		t.Fatalf("timezones: %d, Shanghai %v, 999 %q", len(tz), shanghai, tz["999"])
	}

	mustFail(t, u.Client, u.Get("/2/common/get_city.json", nil), 400, 10016, "province")
	mustFail(t, u.Client, u.Get("/2/common/get_city.json", reqParams("province", "11")), 400, 10017, "province")
	mustFail(t, u.Client, u.Get("/2/common/get_city.json", reqParams("province", "001011", "capital", "A")), 400, 10017, "capital")
	mustFail(t, u.Client, u.Get("/2/common/get_province.json", reqParams("country", "1")), 400, 10017, "country")
	mustFail(t, u.Client, u.Get("/2/common/get_province.json", nil), 400, 10016, "country")
	mustFail(t, u.Client, u.Get("/2/common/get_country.json", reqParams("language", "fr")), 400, 10017, "language")
	mustFail(t, u.Client, u.Get("/2/common/code_to_location.json", nil), 400, 10016, "codes")
}

func TestLocationGeo(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()

	off := mustDecode[sinaspec.OffsetGeos](t, u.Get("/2/location/geo/gps_to_offset.json", reqParams("coordinate", "116.404,39.915")))
	if len(off.Geos) != 1 || off.Geos[0].Longitude != "116.4102445" || off.Geos[0].Latitude != "39.9164043" {
		t.Fatalf("gps_to_offset: %+v", off)
	}
	for _, bad := range []string{"39.915", "abc,39.9", "116.4,39.9,1", "39.915,116.404", "181,0", "NaN,1", ""} {
		r := u.Get("/2/location/geo/gps_to_offset.json", reqParams("coordinate", bad))
		if bad == "" {
			mustFail(t, u.Client, r, 400, 10016, "coordinate")
			continue
		}
		mustFail(t, u.Client, r, 400, 21906, "coordinate")
	}

	dom := mustDecode[map[string]sinaspec.Domestic](t, k.Anonymous().Get("/2/location/geo/is_domestic.json",
		reqParams("coordinates", "121.56,25.03,g1|116.035847163,38.1014362572,g2|139.69,35.69,g3|114.17,22.30,hk")))
	if dom["g1"].Type != 1 || dom["g2"].Type != 1 || !strings.HasPrefix(dom["g2"].Address, "河北省 ") ||
		dom["g3"] != (sinaspec.Domestic{}) || dom["hk"].Type != 1 || len(dom) != 4 {
		t.Fatalf("is_domestic: %+v", dom)
	}
	mustFail(t, u.Client, u.Get("/2/location/geo/is_domestic.json", reqParams("coordinates", "121.56,25.03")), 400, 21906, "coordinates")
	mustFail(t, u.Client, u.Get("/2/location/geo/is_domestic.json", reqParams("coordinates", strings.Repeat("1,1,g|", 51))), 400, 10017, "coordinates")

	ips := mustDecode[sinaspec.Geos](t, u.Get("/2/location/geo/ip_to_geo.json", reqParams("ip", "202.96.128.86,59.66.1.1")))
	if len(ips.Geos) != 2 {
		t.Fatalf("ip_to_geo: %+v", ips)
	}
	if g := ips.Geos[0]; g.IP != "202.96.128.86" || g.City != "0020" || g.Province != "44" || g.CityName != "广州市" ||
		g.ProvinceName != "广东省" || g.More != "中国 广东省 广州市" || !strings.HasPrefix(g.Longitude, "113.") {
		t.Fatalf("Guangzhou: %+v", g)
	}
	if g := ips.Geos[1]; g.City != "0010" || g.Province != "11" || g.CityName != "北京市" {
		t.Fatalf("Beijing: %+v", g)
	}
	mustFail(t, u.Client, u.Get("/2/location/geo/ip_to_geo.json", reqParams("ip", "10.0.0.1")), 400, 21903, "")
	mustFail(t, u.Client, u.Get("/2/location/geo/ip_to_geo.json", reqParams("ip", "300.1.1.1")), 400, 21905, "ip")
	mustFail(t, u.Client, u.Get("/2/location/geo/ip_to_geo.json", reqParams("ip", "::1")), 400, 21905, "ip")
	mustFail(t, u.Client, u.Get("/2/location/geo/ip_to_geo.json", reqParams("ip", "1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9,1.1.1.10,1.1.1.11")), 400, 20009, "")

	addr := mustDecode[sinaspec.Geos](t, u.Get("/2/location/geo/address_to_geo.json", reqParams("address", "广东省深圳市南山区科技园")))
	if g := addr.Geos[0]; g.CityName != "深圳市" || g.City != "0755" || g.ProvinceName != "广东省" {
		t.Fatalf("address_to_geo: %+v", g)
	}
	mustFail(t, u.Client, u.Get("/2/location/geo/address_to_geo.json", reqParams("address", "Atlantis")), 400, 21903, "")

	rev := mustDecode[sinaspec.Geos](t, u.Get("/2/location/geo/geo_to_address.json", reqParams("coordinate", "116.48,39.92")))
	if g := rev.Geos[0]; g.CityName != "朝阳区" || g.ProvinceName != "北京市" || g.City != "0010" {
		t.Fatalf("geo_to_address: %+v", g)
	}
	mustFail(t, u.Client, u.Get("/2/location/geo/geo_to_address.json", reqParams("coordinate", "139.69,35.69")), 400, 21903, "")
	mustFail(t, u.Client, u.Get("/2/location/geo/geo_to_address.json", reqParams("coordinate", "116.48;39.92")), 400, 21906, "coordinate")

	// Login is required, but for is_domestic.
	k.Anonymous().Fail(k.Anonymous().Get("/2/location/geo/gps_to_offset.json", reqParams("coordinate", "116.404,39.915")), 401, 10006)
}

func TestLocationMobileAndLines(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	post := func(body string) *testkit.Response {
		req, _ := http.NewRequest(http.MethodPost, k.URL+"/2/location/mobile/get_location.json", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		return u.Do(req)
	}
	loc := mustDecode[sinaspec.MobileLocation](t, post(`{"version":"2.0","host":"api.weibo.com","radio_type":"gsm",
		"request_address":true,"decode_pos":true,"location":{"latitude":"39.915","longitude":"116.404","accuracy":"30"}}`))
	if l := loc.Location; l.Longitude != "116.4102445" && !strings.HasPrefix(l.Longitude, "116.41024") || l.Accuracy != "30" ||
		l.Address == nil || l.Address.City != "0010" {
		t.Fatalf("get_location: %+v", loc)
	}
	byIP := mustDecode[sinaspec.MobileLocation](t, post(`{"version":"1.1.0","host":"api.weibo.com","radio_type":"gsm","ip":"202.96.128.86"}`))
	if !strings.HasPrefix(byIP.Location.Longitude, "113.") || byIP.Location.Address != nil {
		t.Fatalf("by ip: %+v", byIP)
	}
	e := u.Fail(post(`{"version":"2.0","host":"api.weibo.com","radio_type":"gsm","cell_towers":[{"cell_id":1}]}`), 400, 21903)
	if !strings.Contains(e.Error, "cell-tower") {
		t.Fatalf("cell towers: %s", e.Error)
	}
	mustFail(t, u.Client, post(`{"version":`), 400, 10017, "json")
	mustFail(t, u.Client, post(`{"host":"api.weibo.com"}`), 400, 10016, "version")
	mustFail(t, u.Client, u.Post("/2/location/mobile/get_location.json", nil), 400, 10016, "json")

	for _, p := range []string{"drive_route", "bus_route"} {
		e := u.Fail(u.Get("/2/location/line/"+p+".json", reqParams("begin_coordinate", "116.3,39.9", "end_coordinate", "116.4,39.9")), 400, 21903)
		if !strings.Contains(e.Error, "road") {
			t.Fatalf("%s: %s", p, e.Error)
		}
	}
	for _, p := range []string{"bus_line", "bus_station"} {
		u.Fail(u.Get("/2/location/line/"+p+".json", reqParams("q", "598")), 400, 21903)
		mustFail(t, u.Client, u.Get("/2/location/line/"+p+".json", nil), 400, 10016, "q")
		mustFail(t, u.Client, u.Get("/2/location/line/"+p+".json", reqParams("q", "598", "city", "9999")), 400, 21918, "city")
	}
	mustFail(t, u.Client, u.Get("/2/location/line/drive_route.json", reqParams("end_coordinate", "116.4,39.9")), 400, 10016, "begin_pid")
	mustFail(t, u.Client, u.Get("/2/location/line/drive_route.json", reqParams("begin_coordinate", "39.9,116.4", "end_pid", "P1")), 400, 21906, "begin_coordinate")
}
