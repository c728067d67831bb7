// Package osrm is the domain.Router engine over an OSRM server's HTTP API
// (version 5: project-osrm.org/docs/v5.24.0/api), the open-source road
// router most operators can run on an OpenStreetMap extract of their
// region. The server answers location/line/drive_route through it when an
// operator points --routing-url at one; nothing here is invented: every
// route, distance and duration is the router's.
//
// The router is the operator's own service (usually on a private address),
// so it is dialled as configured, unlike a client's URL (package fetch).
// Answers are bounded in bytes and in time all the same.
package osrm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Defaults of Options.
const (
	defaultTimeout  = 10 * time.Second
	defaultMaxBytes = 8 << 20
	defaultProfile  = "driving"
)

// Options configure a Router.
type Options struct {
	// BaseURL is the OSRM server, e.g. http://osrm:5000 (a path prefix is
	// kept: http://gateway/osrm).
	BaseURL string
	// Profile is the profile the server was built with (default driving).
	Profile string
	// Timeout bounds one request (default 10s).
	Timeout time.Duration
	// MaxBytes bounds one answer (default 8 MiB: a cross-country route
	// with full geometry and steps is a few hundred KiB).
	MaxBytes int64
	// Client is the HTTP client (default: one with Timeout, no proxy).
	Client *http.Client
}

// Router asks an OSRM server for routes.
type Router struct {
	base     *url.URL
	profile  string
	maxBytes int64
	client   *http.Client
}

var _ domain.Router = (*Router)(nil)

// New checks the options and returns a Router.
func New(o Options) (*Router, error) {
	u, err := url.Parse(strings.TrimSpace(o.BaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, fmt.Errorf("routing URL %q: want http(s)://host[:port][/prefix]", o.BaseURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	r := &Router{base: u, profile: o.Profile, maxBytes: o.MaxBytes, client: o.Client}
	if r.profile == "" {
		r.profile = defaultProfile
	}
	if r.maxBytes <= 0 {
		r.maxBytes = defaultMaxBytes
	}
	if r.client == nil {
		t := o.Timeout
		if t <= 0 {
			t = defaultTimeout
		}
		r.client = &http.Client{Timeout: t, Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 8, IdleConnTimeout: time.Minute}}
	}
	return r, nil
}

// answer is the part of OSRM's route service answer the server reads.
type answer struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Routes  []struct {
		Distance float64  `json:"distance"`
		Duration float64  `json:"duration"`
		Geometry geometry `json:"geometry"`
		Legs     []struct {
			Steps []struct {
				Name     string   `json:"name"`
				Ref      string   `json:"ref"`
				Distance float64  `json:"distance"`
				Duration float64  `json:"duration"`
				Geometry geometry `json:"geometry"`
				Maneuver struct {
					Type     string `json:"type"`
					Modifier string `json:"modifier"`
				} `json:"maneuver"`
			} `json:"steps"`
		} `json:"legs"`
	} `json:"routes"`
}

// geometry is a GeoJSON LineString (geometries=geojson).
type geometry struct {
	Coordinates [][2]float64 `json:"coordinates"`
}

// Drive asks for the route from one point to another with alternatives,
// steps and the full geometry; avoidTolls excludes toll roads (the
// server's profile must have been built with the toll class, as OSRM's
// car profile is; one that was not answers an error, told as upstream).
func (r *Router) Drive(ctx context.Context, from, to [2]float64, avoidTolls bool) ([]domain.Route, error) {
	u := *r.base
	u.Path += "/route/v1/" + url.PathEscape(r.profile) + "/" + coord(from) + ";" + coord(to)
	q := url.Values{"overview": {"full"}, "geometries": {"geojson"}, "steps": {"true"}, "alternatives": {"true"}}
	if avoidTolls {
		q.Set("exclude", "toll")
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, upstream("a bad request: " + err.Error())
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, upstream("no answer: " + errText(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.maxBytes+1))
	if err != nil {
		return nil, upstream("a broken answer: " + errText(err))
	}
	if int64(len(body)) > r.maxBytes {
		return nil, upstream("an answer over " + strconv.FormatInt(r.maxBytes, 10) + " bytes")
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, upstream("HTTP " + strconv.Itoa(resp.StatusCode) + " without an OSRM answer")
	}
	switch a.Code {
	case "Ok":
	case "NoRoute", "NoSegment":
		// No road joins the points, or one of them is nowhere near a road.
		return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoData, Msg: "no road route between the points: " + a.Message}
	default:
		return nil, upstream("OSRM " + a.Code + ": " + a.Message)
	}
	if len(a.Routes) == 0 {
		return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoData, Msg: "the router found no route"}
	}
	out := make([]domain.Route, 0, len(a.Routes))
	for _, rt := range a.Routes {
		d := domain.Route{Distance: rt.Distance, Duration: rt.Duration, Path: rt.Geometry.Coordinates}
		for _, leg := range rt.Legs {
			for _, st := range leg.Steps {
				name := st.Name
				if name == "" {
					name = st.Ref
				}
				d.Steps = append(d.Steps, domain.RouteStep{Road: name, Distance: st.Distance, Duration: st.Duration,
					Action: st.Maneuver.Type, Direction: st.Maneuver.Modifier, Path: st.Geometry.Coordinates})
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// coord is a point as OSRM's path wants it: lng,lat.
func coord(p [2]float64) string {
	return strconv.FormatFloat(p[0], 'f', 6, 64) + "," + strconv.FormatFloat(p[1], 'f', 6, 64)
}

// upstream is a failure of the router.
func upstream(what string) error {
	return &domain.Error{Kind: domain.KindUnavailable, Reason: domain.ReasonGeoUpstream, Param: what, Msg: "routing service: " + what}
}

// errText is a transport error without the URL and address net/http puts
// in it: they name the operator's internal host, which a client need not
// see.
func errText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return "timed out"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Op + ": " + oe.Err.Error()
	}
	if ue != nil {
		return ue.Err.Error()
	}
	return err.Error()
}
