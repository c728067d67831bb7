package core

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// Drive routes (location/line/drive_route, location.md §13). No server
// ships a road network, so the routes come from an operator's routing
// service (Deps.Router, --routing-url) or not at all: without one the
// answer says so (NoGeoService) and nothing is invented. The APIs speak
// GCJ-02 and road data WGS-84: the ends are converted on the way out and
// every point of the answer on the way back.

// Drive route types (location.md §13 "type").
const (
	DriveFastest  = 0
	DriveCheapest = 1 // no toll roads
	DriveShortest = 2
)

// RouteEnd is one end of a route: a location POI's pid, or a point.
type RouteEnd struct {
	PID      string
	Lng, Lat float64 // GCJ-02, when PID is empty
}

// DriveRoute is the route drive_route answers, in GCJ-02.
type DriveRoute struct {
	Type       int
	Begin, End [2]float64
	domain.Route
}

// HasRouter reports whether drive routes are served.
func (s *Service) HasRouter() bool { return s.router != nil }

// DriveRoute plans a drive between two ends of the kind typ names.
func (s *Service) DriveRoute(ctx context.Context, begin, end RouteEnd, typ int) (*DriveRoute, error) {
	if s.router == nil {
		return nil, NoGeoService("location/line/drive_route", "a road network (an operator's routing service, --routing-url)")
	}
	if typ < DriveFastest || typ > DriveShortest {
		return nil, domain.BadParam("type", "0 (fastest), 1 (no tolls) or 2 (shortest)", "")
	}
	b, err := s.routeEnd(ctx, "begin", begin)
	if err != nil {
		return nil, err
	}
	e, err := s.routeEnd(ctx, "end", end)
	if err != nil {
		return nil, err
	}
	routes, err := s.router.Drive(ctx, toWGS(b), toWGS(e), typ == DriveCheapest)
	if err != nil {
		return nil, err
	}
	// The router answers the fastest first; the shortest is the one of
	// its alternatives with the least distance.
	best := routes[0]
	if typ == DriveShortest {
		for _, r := range routes[1:] {
			if r.Distance < best.Distance {
				best = r
			}
		}
	}
	out := &DriveRoute{Type: typ, Begin: b, End: e, Route: best}
	out.Path = toGCJ(best.Path)
	out.Steps = make([]domain.RouteStep, len(best.Steps))
	for i, st := range best.Steps {
		st.Path = toGCJ(st.Path)
		out.Steps[i] = st
	}
	return out, nil
}

// routeEnd is the GCJ-02 point of a route's end: its POI's, when a pid
// names one (the pid wins over a coordinate, location.md §13).
func (s *Service) routeEnd(ctx context.Context, side string, e RouteEnd) ([2]float64, error) {
	if e.PID == "" {
		return [2]float64{e.Lng, e.Lat}, nil
	}
	id, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(e.PID)), "P")
	if !ok || id == "" {
		return [2]float64{}, domain.BadParam(side+"_pid", "a pid from location/pois/search", e.PID)
	}
	p, err := s.store.POIByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return [2]float64{}, domain.BadParam(side+"_pid", "the pid of a known place", e.PID)
	}
	if err != nil {
		return [2]float64{}, err
	}
	return [2]float64{p.Lng, p.Lat}, nil
}

func toWGS(p [2]float64) [2]float64 {
	lng, lat := geo.GCJToWGS(p[0], p[1])
	return [2]float64{lng, lat}
}

func toGCJ(path [][2]float64) [][2]float64 {
	out := make([][2]float64, len(path))
	for i, p := range path {
		out[i][0], out[i][1] = geo.WGSToGCJ(p[0], p[1])
	}
	return out
}
