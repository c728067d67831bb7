package geo

import (
	"math"
	"net/netip"
	"testing"
)

// The vectors of geo-data.md §3.3 (computed with npm coordtransform 2.1.2).
func TestWGSToGCJVectors(t *testing.T) {
	for _, c := range []struct{ lng, lat, glng, glat float64 }{
		{116.404, 39.915, 116.4102445, 39.9164043},
		{121.4737, 31.2304, 121.4782231, 31.2284577},
		{113.2644, 23.1291, 113.2697296, 23.1264233},
		{104.0665, 30.5723, 104.0690049, 30.5698455},
		{87.6168, 43.8256, 87.6196499, 43.8268054},
		{139.69, 35.69, 139.69, 35.69}, // Tokyo: unchanged
	} {
		glng, glat := WGSToGCJ(c.lng, c.lat)
		if math.Abs(glng-c.glng) > 1e-7 || math.Abs(glat-c.glat) > 1e-7 {
			t.Errorf("WGSToGCJ(%v, %v) = %.7f, %.7f; want %.7f, %.7f", c.lng, c.lat, glng, glat, c.glng, c.glat)
		}
		wlng, wlat := GCJToWGS(glng, glat)
		if math.Abs(wlng-c.lng) > 1e-8 || math.Abs(wlat-c.lat) > 1e-8 {
			t.Errorf("GCJToWGS(%v, %v) = %.9f, %.9f; want %v, %v", glng, glat, wlng, wlat, c.lng, c.lat)
		}
	}
}

func TestDistance(t *testing.T) {
	// Beijing to Shanghai, about 1,067 km.
	if d := Distance(39.9042, 116.4074, 31.2304, 121.4737); math.Abs(d-1067e3) > 5e3 {
		t.Errorf("Beijing-Shanghai = %.0f m", d)
	}
	// One degree of latitude is about 111.2 km.
	if d := Distance(30, 100, 31, 100); math.Abs(d-111195) > 10 {
		t.Errorf("one degree = %.1f m", d)
	}
}

// Points near the borders: the outline, not a box (geo-data.md §3.4).
func TestInChina(t *testing.T) {
	for _, c := range []struct {
		name     string
		lng, lat float64
		in       bool
	}{
		{"Beijing", 116.40, 39.90, true},
		{"Shanghai", 121.47, 31.23, true},
		{"Macau", 113.54, 22.19, true},
		{"Hong Kong", 114.17, 22.30, true},
		{"Taipei", 121.56, 25.03, true},
		{"Haikou", 110.33, 20.03, true},
		{"Sanya", 109.51, 18.25, true},
		{"Urumqi", 87.62, 43.83, true},
		{"Lhasa", 91.11, 29.65, true},
		{"Dandong (on the Yalu)", 124.38, 40.13, true},
		{"Sinuiju (across the Yalu)", 124.40, 40.05, false},
		{"Seoul", 126.98, 37.57, false},
		{"Tokyo", 139.69, 35.69, false},
		{"Hanoi", 105.85, 21.03, false},
		{"Ulaanbaatar", 106.92, 47.92, false},
		{"Pyongyang", 125.75, 39.02, false},
		{"Vladivostok", 131.89, 43.12, false},
		{"Kathmandu", 85.32, 27.72, false},
		{"Erenhot (on the Mongolian border)", 111.98, 43.65, true},
		{"Zamyn-Uud (across it)", 111.90, 43.72, false},
		{"Manila", 120.98, 14.60, false},
	} {
		if got := InChina(c.lng, c.lat); got != c.in {
			t.Errorf("InChina(%s %v,%v) = %v, want %v", c.name, c.lng, c.lat, got, c.in)
		}
	}
}

func TestTables(t *testing.T) {
	w, ok := WeiboByCode("001011005")
	if !ok || w.Names[ZhCN] != "朝阳区" || w.Names[ZhTW] != "朝陽區" || w.Names[English] != "Chaoyang" || w.GB != 110105 {
		t.Fatalf("001011005 = %+v", w)
	}
	if len(WeiboProvinces()) != 36 {
		t.Errorf("%d provinces", len(WeiboProvinces()))
	}
	n := 0
	for _, p := range WeiboProvinces() {
		n += len(WeiboCities(p.Prov))
	}
	if n != 447 {
		t.Errorf("%d cities, want 447", n)
	}
	if _, ok := WeiboByCode("001011010"); ok {
		t.Error("Beijing has no city 10")
	}
	if c := Countries()[0]; c.Code != "001" || c.Alpha2 != "CN" || c.Names[ZhCN] != "中国" {
		t.Errorf("first country %+v", c)
	}
	u, ok := UnitByCityCode("0010")
	if !ok || u.GB != 110000 {
		t.Errorf("0010 = %+v", u)
	}
	if u, ok := UnitByCityCode("0755"); !ok || u.Name != "深圳市" {
		t.Errorf("0755 = %+v", u)
	}
	city, prov, ok := Nearest(114.06, 22.55)
	if !ok || city.Name != "深圳市" || prov.Name != "广东省" {
		t.Errorf("Nearest(Shenzhen) = %v %v %v", city, prov, ok)
	}
	if us := FindUnits("广东省深圳市南山区科技园"); len(us) == 0 || us[0].Name != "深圳市" {
		t.Errorf("FindUnits = %v", us)
	}
	var sh *Zone
	for _, z := range Zones() {
		if z.Name == "Asia/Shanghai" {
			sh = z
		}
	}
	if sh == nil || sh.Offset != 8*3600 {
		t.Errorf("Asia/Shanghai = %+v", sh)
	}
}

func TestLookupIP(t *testing.T) {
	for _, c := range []struct {
		ip   string
		want IPRegion
		ok   bool
	}{
		{"114.114.114.114", IPRegion{Country: "中国", Province: "江苏省", City: "南京市"}, true},
		{"202.96.128.86", IPRegion{Country: "中国", Province: "广东省", City: "广州市"}, true},
		{"8.8.8.8", IPRegion{Country: "美国"}, true},
		{"10.0.0.1", IPRegion{}, false},
		{"127.0.0.1", IPRegion{}, false},
		{"::1", IPRegion{}, false},
	} {
		got, ok := LookupIP(netip.MustParseAddr(c.ip))
		if got != c.want || ok != c.ok {
			t.Errorf("LookupIP(%s) = %+v %v, want %+v %v", c.ip, got, ok, c.want, c.ok)
		}
	}
}

func BenchmarkLookupIP(b *testing.B) {
	a := netip.MustParseAddr("202.96.128.86")
	LookupIP(a)
	for b.Loop() {
		LookupIP(a)
	}
}

// Every point within the radius lies in the covering; the covering stays small.
func TestCover(t *testing.T) {
	lat, lng := 39.9, 116.4
	for _, radius := range []float64{100, 2000, 11132} {
		rs := Cover(lat, lng, radius)
		if len(rs) == 0 || len(rs) > maxCells {
			t.Fatalf("radius %v: %d ranges", radius, len(rs))
		}
		for i := range 2000 {
			a := float64(i) * 0.37
			d := radius * float64(i%100) / 100
			plat := lat + d/111195*math.Cos(a)
			plng := lng + d/111195*math.Sin(a)/math.Cos(lat*math.Pi/180)
			if Distance(lat, lng, plat, plng) > radius {
				continue
			}
			c := Cell(plat, plng)
			in := false
			for _, r := range rs {
				in = in || c >= r.Lo && c <= r.Hi
			}
			if !in {
				t.Fatalf("radius %v: %v,%v outside the covering", radius, plat, plng)
			}
		}
	}
	// Faces 4 and 5 (negative as int64) still give ordered ranges.
	for _, r := range Cover(-60, -100, 5000) {
		if r.Lo > r.Hi {
			t.Fatalf("unordered range %+v", r)
		}
	}
}
