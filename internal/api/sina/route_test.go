package sina_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// fakeOSRM answers OSRM's route service (HTTP API v5) the way an OSRM
// server does: OSRM cannot run here (it is not in Debian bookworm and needs
// a road graph built from an OpenStreetMap extract). It draws two routes
// between the asked points, a fast one over a detour and a shorter slow
// one, and remembers what it was asked.
type fakeOSRM struct {
	mu    sync.Mutex
	asked []string // paths and queries
	fail  string   // "norute" or "down"
}

func (f *fakeOSRM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.asked = append(f.asked, r.URL.Path+"?"+r.URL.RawQuery)
	fail := f.fail
	f.mu.Unlock()
	switch fail {
	case "noroute":
		w.WriteHeader(400)
		fmt.Fprint(w, `{"code":"NoRoute","message":"Impossible route between points"}`)
		return
	case "down":
		w.WriteHeader(503)
		fmt.Fprint(w, "<html>maintenance</html>")
		return
	}
	ends := strings.Split(strings.TrimPrefix(r.URL.Path, "/route/v1/driving/"), ";")
	var pts [2][2]float64
	for i, e := range ends {
		f := strings.Split(e, ",")
		pts[i][0], _ = strconv.ParseFloat(f[0], 64)
		pts[i][1], _ = strconv.ParseFloat(f[1], 64)
	}
	mid := [2]float64{pts[1][0], pts[0][1]}
	line := func(p ...[2]float64) map[string]any { return map[string]any{"type": "LineString", "coordinates": p} }
	step := func(name, typ, mod string, d, s float64, p ...[2]float64) map[string]any {
		return map[string]any{"name": name, "distance": d, "duration": s, "geometry": line(p...), "maneuver": map[string]any{"type": typ, "modifier": mod}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"code": "Ok", "routes": []any{
		map[string]any{"distance": 2500.4, "duration": 290.0, "geometry": line(pts[0], mid, pts[1]), "legs": []any{map[string]any{"steps": []any{
			step("长安街", "depart", "", 1300.2, 130, pts[0], mid),
			step("东单北大街", "turn", "left", 1200.2, 160, mid, pts[1]),
			step("", "arrive", "", 0, 0, pts[1], pts[1]),
		}}}},
		map[string]any{"distance": 1800, "duration": 600, "geometry": line(pts[0], pts[1]), "legs": []any{map[string]any{"steps": []any{
			step("胡同", "depart", "", 1800, 600, pts[0], pts[1]),
		}}}},
	}})
}

// TestDriveRoute: with --routing-url, drive_route answers the router's
// route in the API's GCJ-02 (the router speaks WGS-84), picks the type's
// route among the alternatives, takes an end from a pid, and tells the
// router's failures apart from the client's mistakes.
func TestDriveRoute(t *testing.T) {
	osrm := &fakeOSRM{}
	srv := httptest.NewServer(osrm)
	defer srv.Close()
	k := testkit.Start(t, testkit.Options{RoutingURL: srv.URL})
	u := k.NewUser()
	get := func(kv ...string) *testkit.Response {
		return u.Get("/2/location/line/drive_route.json", reqParams(kv...))
	}
	gcj := func(wlng, wlat float64) string {
		lng, lat := geo.WGSToGCJ(wlng, wlat)
		return strconv.FormatFloat(lng, 'f', 6, 64) + "," + strconv.FormatFloat(lat, 'f', 6, 64)
	}

	// Tiananmen to Wangfujing, given in GCJ-02 as every client does.
	const begin, end = "116.397470,39.908823", "116.410886,39.915175"
	r := mustDecode[sinaspec.DriveRoute](t, get("begin_coordinate", begin, "end_coordinate", end))
	if r.Type != "0" || r.Distance != "2500" || r.DriveTime != "5" || r.RoadNumber != "3" || len(r.Roads) != 3 ||
		r.BeginCoordinate != begin || r.EndCoordinate != end || r.PassCoordinates != "" {
		t.Fatalf("fastest: %+v", r)
	}
	// The path comes back in GCJ-02: its first point is the start again.
	if first := strings.Split(r.DriveCoordinates, "|")[0]; first != begin {
		t.Fatalf("path starts at %s, want %s (converted back from WGS-84)", first, begin)
	}
	if r.Roads[0].Name != "长安街" || r.Roads[0].Action != "depart" || r.Roads[1].Direction != "left" ||
		r.Roads[1].Distance != "1200" || r.Roads[1].DriveTime != "3" || len(strings.Split(r.Roads[1].Coordinates, "|")) != 2 {
		t.Fatalf("roads: %+v", r.Roads)
	}
	if strings.Contains(osrm.asked[0], "exclude") {
		t.Fatalf("the fastest route asked to exclude: %s", osrm.asked[0])
	}
	// The router was asked the WGS-84 points, a few hundred metres off
	// the GCJ-02 ones in Beijing.
	wlng, wlat := geo.GCJToWGS(116.397470, 39.908823)
	wgs := strconv.FormatFloat(wlng, 'f', 6, 64) + "," + strconv.FormatFloat(wlat, 'f', 6, 64)
	if !strings.HasPrefix(osrm.asked[0], "/route/v1/driving/"+wgs+";") || wgs == begin || gcj(wlng, wlat) != begin {
		t.Fatalf("asked %s, want the start as %s", osrm.asked[0], wgs)
	}

	short := mustDecode[sinaspec.DriveRoute](t, get("begin_coordinate", begin, "end_coordinate", end, "type", "2"))
	if short.Type != "2" || short.Distance != "1800" || short.RoadNumber != "1" || short.Roads[0].Name != "胡同" {
		t.Fatalf("shortest: %+v", short)
	}
	mustDecode[sinaspec.DriveRoute](t, get("begin_coordinate", begin, "end_coordinate", end, "type", "1"))
	if last := osrm.asked[len(osrm.asked)-1]; !strings.Contains(last, "exclude=toll") {
		t.Fatalf("no tolls asked %s", last)
	}

	// An end given by a pid: the POI's point (the pid wins over a coordinate).
	office := mustDecode[sinaspec.AppPOI](t, u.Post("/2/location/pois/add.json", reqParams("srcid", "77", "name", "王府井大厦",
		"category", "楼宇机构", "longitude", "116.410886", "latitude", "39.915175", "city_name", "北京")))
	byPID := mustDecode[sinaspec.DriveRoute](t, get("begin_coordinate", begin, "end_pid", office.PID, "end_coordinate", "1,1"))
	if byPID.EndCoordinate != end {
		t.Fatalf("end by pid: %s", byPID.EndCoordinate)
	}

	// The client's mistakes.
	mustFail(t, u.Client, get("begin_coordinate", begin, "end_pid", "P00000000000000000000"), 400, 10017, "end_pid")
	mustFail(t, u.Client, get("begin_coordinate", begin, "end_pid", "X1"), 400, 10017, "end_pid")
	mustFail(t, u.Client, get("begin_coordinate", begin, "end_coordinate", end, "type", "3"), 400, 10017, "type")
	mustFail(t, u.Client, get("end_coordinate", end), 400, 10016, "begin_pid")
	mustFail(t, u.Client, get("begin_coordinate", "39.9,116.4", "end_coordinate", end), 400, 21906, "begin_coordinate")
	mustFail(t, u.Client, get("begin_coordinate", begin, "end_coordinate", "abc"), 400, 21906, "end_coordinate")

	// The router's answers: no road (21903), and a router that fails (21909).
	osrm.mu.Lock()
	osrm.fail = "noroute"
	osrm.mu.Unlock()
	u.Fail(get("begin_coordinate", begin, "end_coordinate", end), 400, 21903)
	osrm.mu.Lock()
	osrm.fail = "down"
	osrm.mu.Unlock()
	e := u.Fail(get("begin_coordinate", begin, "end_coordinate", end), 502, 21909)
	if !strings.Contains(e.Error, "HTTP 503") || strings.Contains(e.Error, "127.0.0.1") {
		t.Fatalf("router down: %s", e.Error)
	}
	// Bus routes still need a transit network no router here has.
	u.Fail(u.Get("/2/location/line/bus_route.json", reqParams("begin_coordinate", begin, "end_coordinate", end)), 400, 21903)
}
