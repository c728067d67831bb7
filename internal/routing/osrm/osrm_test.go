package osrm

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// OSRM itself cannot run here (no package in Debian bookworm, and it needs
// a road graph built from an OpenStreetMap extract), so these tests speak
// to a server that answers as OSRM's route service documents
// (project-osrm.org/docs/v5.24.0/api/#route-service), and check what is
// asked of it as much as what is made of its answer.

const twoRoutes = `{"code":"Ok","waypoints":[],"routes":[
 {"distance":1520.4,"duration":245.3,"weight":245.3,"weight_name":"routability",
  "geometry":{"type":"LineString","coordinates":[[116.3975,39.9087],[116.4010,39.9087],[116.4040,39.9150]]},
  "legs":[{"distance":1520.4,"duration":245.3,"summary":"","steps":[
   {"name":"长安街","ref":"","distance":300.2,"duration":40,"geometry":{"type":"LineString","coordinates":[[116.3975,39.9087],[116.4010,39.9087]]},"maneuver":{"type":"depart","modifier":"","location":[116.3975,39.9087]}},
   {"name":"","ref":"G4","distance":1220.2,"duration":205.3,"geometry":{"type":"LineString","coordinates":[[116.4010,39.9087],[116.4040,39.9150]]},"maneuver":{"type":"turn","modifier":"left","location":[116.4010,39.9087]}},
   {"name":"","ref":"","distance":0,"duration":0,"geometry":{"type":"LineString","coordinates":[[116.4040,39.9150],[116.4040,39.9150]]},"maneuver":{"type":"arrive","modifier":"","location":[116.4040,39.9150]}}]}]},
 {"distance":1400,"duration":300,"geometry":{"type":"LineString","coordinates":[[116.3975,39.9087],[116.4040,39.9150]]},
  "legs":[{"steps":[{"name":"小路","distance":1400,"duration":300,"geometry":{"type":"LineString","coordinates":[[116.3975,39.9087],[116.4040,39.9150]]},"maneuver":{"type":"depart"}}]}]}]}`

func serve(t *testing.T, h http.HandlerFunc) *Router {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	r, err := New(Options{BaseURL: srv.URL + "/osrm/", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDrive(t *testing.T) {
	var asked *http.Request
	r := serve(t, func(w http.ResponseWriter, req *http.Request) {
		asked = req
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(twoRoutes))
	})
	routes, err := r.Drive(context.Background(), [2]float64{116.3975, 39.9087}, [2]float64{116.404, 39.915}, false)
	if err != nil {
		t.Fatal(err)
	}
	if asked.URL.Path != "/osrm/route/v1/driving/116.397500,39.908700;116.404000,39.915000" {
		t.Errorf("path %q", asked.URL.Path)
	}
	q := asked.URL.Query()
	for k, want := range map[string]string{"overview": "full", "geometries": "geojson", "steps": "true", "alternatives": "true", "exclude": ""} {
		if q.Get(k) != want {
			t.Errorf("%s=%q, want %q", k, q.Get(k), want)
		}
	}
	if len(routes) != 2 || routes[0].Distance != 1520.4 || routes[0].Duration != 245.3 || len(routes[0].Path) != 3 ||
		routes[1].Distance != 1400 || len(routes[1].Steps) != 1 {
		t.Fatalf("routes: %+v", routes)
	}
	st := routes[0].Steps
	if len(st) != 3 || st[0].Road != "长安街" || st[0].Action != "depart" || st[1].Road != "G4" || st[1].Direction != "left" ||
		st[1].Distance != 1220.2 || len(st[1].Path) != 2 || st[2].Action != "arrive" {
		t.Fatalf("steps: %+v", st)
	}

	if _, err := r.Drive(context.Background(), [2]float64{1, 2}, [2]float64{3, 4}, true); err != nil {
		t.Fatal(err)
	}
	if asked.URL.Query().Get("exclude") != "toll" {
		t.Errorf("avoiding tolls asked %q", asked.URL.RawQuery)
	}
}

func TestDriveFailures(t *testing.T) {
	big := `{"code":"Ok","routes":[{"geometry":{"coordinates":[` + strings.Repeat("[1,2],", 2_000_000) + `[1,2]]}}]}`
	for _, c := range []struct {
		name   string
		status int
		body   string
		reason domain.Reason
		says   string
	}{
		{"no route", 400, `{"code":"NoRoute","message":"Impossible route between points"}`, domain.ReasonGeoNoData, "Impossible route"},
		{"no segment", 400, `{"code":"NoSegment","message":"Could not find a matching segment for coordinate 0"}`, domain.ReasonGeoNoData, "matching segment"},
		{"ok without routes", 200, `{"code":"Ok","routes":[]}`, domain.ReasonGeoNoData, "no route"},
		{"excluded class unknown", 400, `{"code":"InvalidValue","message":"Exclude flag combination is not supported."}`, domain.ReasonGeoUpstream, "InvalidValue"},
		{"not OSRM", 502, `<html>Bad Gateway</html>`, domain.ReasonGeoUpstream, "HTTP 502"},
		{"too large", 200, big, domain.ReasonGeoUpstream, "bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := serve(t, func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(c.body))
			})
			_, err := r.Drive(context.Background(), [2]float64{1, 2}, [2]float64{3, 4}, false)
			var de *domain.Error
			if !domain.IsReason(err, c.reason) || !asDomain(err, &de) || !strings.Contains(de.Msg, c.says) {
				t.Fatalf("got %v, want %s saying %q", err, c.reason, c.says)
			}
		})
	}

	// A router that does not answer in time, or at all.
	slow := serve(t, func(w http.ResponseWriter, req *http.Request) {
		select {
		case <-req.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	if _, err := slow.Drive(context.Background(), [2]float64{1, 2}, [2]float64{3, 4}, false); !domain.IsReason(err, domain.ReasonGeoUpstream) {
		t.Fatalf("slow router: %v", err)
	}
	gone, err := New(Options{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = gone.Drive(context.Background(), [2]float64{1, 2}, [2]float64{3, 4}, false)
	if !domain.IsReason(err, domain.ReasonGeoUpstream) || strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("unreachable router: %v (the client must not learn the router's address)", err)
	}
}

func TestNewRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "osrm:5000", "ftp://osrm", "http://", "http://osrm?x=1", "://x"} {
		if _, err := New(Options{BaseURL: u}); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
}

func asDomain(err error, de **domain.Error) bool {
	e, ok := err.(*domain.Error)
	*de = e
	return ok
}
