package sina

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// location.md: the geo utilities the embedded tables answer. line/* and
// cell positioning need data no offline server ships: they answer 21903
// and say what is missing (README "Places and location").
func (a *API) locationRoutes() []route {
	pCoord := apiutil.P("coordinate", apiutil.KindText).Req()
	begin := ps(apiutil.P("begin_pid", apiutil.KindText), apiutil.P("begin_coordinate", apiutil.KindText),
		apiutil.P("end_pid", apiutil.KindText), apiutil.P("end_coordinate", apiutil.KindText), apiutil.P("type", apiutil.KindInt))
	lineQ := ps(apiutil.P("q", apiutil.KindText).Req(), apiutil.P("city", apiutil.KindText), pageCursorPs)
	rs := []route{
		{path: "location/geo/ip_to_geo", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("ip", apiutil.KindList).Req()), h: a.ipToGeo},
		{path: "location/geo/address_to_geo", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("address", apiutil.KindText).Req()), h: a.addressToGeo},
		{path: "location/geo/geo_to_address", methods: "GET", rate: core.RateGeneral,
			params: ps(pCoord), h: a.geoToAddress},
		{path: "location/geo/gps_to_offset", methods: "GET", rate: core.RateGeneral,
			params: ps(pCoord), h: a.gpsToOffset},
		{path: "location/geo/is_domestic", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(apiutil.P("coordinates", apiutil.KindText).Req()), h: a.isDomestic},
		{path: "location/mobile/get_location", methods: "POST", rate: core.RateGeneral,
			params: ps(apiutil.P("json", apiutil.KindText)), h: a.mobileLocation},
		{path: "location/line/drive_route", methods: "GET", rate: core.RateGeneral, params: begin, h: a.driveRoute},
		{path: "location/line/bus_route", methods: "GET", rate: core.RateGeneral, params: begin, h: a.noRoutes},
		{path: "location/line/bus_line", methods: "GET", rate: core.RateGeneral, params: lineQ, h: a.noTransit},
		{path: "location/line/bus_station", methods: "GET", rate: core.RateGeneral, params: lineQ, h: a.noTransit},
	}
	return append(rs, a.locationPOIRoutes()...)
}

// GeoAnswer is one element of "geos" (location.md §2–5).
type GeoAnswer struct {
	IP           string `json:"ip,omitempty"`
	Longitude    string `json:"longitude"`
	Latitude     string `json:"latitude"`
	City         string `json:"city"`
	Province     string `json:"province"`
	CityName     string `json:"city_name"`
	ProvinceName string `json:"province_name"`
	Address      string `json:"address"`
	More         string `json:"more,omitempty"`
}

// Geos is the envelope of the geocoding endpoints.
type Geos[T any] struct {
	Geos []T `json:"geos"`
}

func coordStr(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func geoAnswers(gs []core.GeoPlace) Geos[GeoAnswer] {
	out := Geos[GeoAnswer]{Geos: make([]GeoAnswer, len(gs))}
	for i, g := range gs {
		out.Geos[i] = GeoAnswer{IP: g.IP, Longitude: coordStr(g.Lng), Latitude: coordStr(g.Lat), City: g.CityCode,
			Province: g.Province, CityName: g.CityName, ProvinceName: g.ProvinceName, Address: g.Address, More: g.More}
	}
	return out
}

// badCoord is 21906 naming the parameter and what it got.
func badCoord(param, got string) error {
	if len(got) > 64 {
		got = got[:64] + "..."
	}
	return &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCoordinate, Param: param, Want: "lng,lat",
		Got: got, Msg: "parameter " + param + ": expected lng,lat, got " + strconv.Quote(got)}
}

// parseLngLat reads one "lng,lat" (longitude first, location.md): two
// finite numbers within the globe. A latitude past ±90 is most often a
// swapped pair, and is refused like any other.
func parseLngLat(param, s string) (lng, lat float64, err error) {
	f := strings.Split(strings.TrimSpace(s), ",")
	if len(f) != 2 {
		return 0, 0, badCoord(param, s)
	}
	lng, e1 := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
	lat, e2 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
	if e1 != nil || e2 != nil || !geo.ValidPoint(lng, lat) {
		return 0, 0, badCoord(param, s)
	}
	return lng, lat, nil
}

func readLngLat(p apiutil.Params, param string) (float64, float64, error) {
	s, err := p.RequiredString(param)
	if err != nil {
		return 0, 0, err
	}
	return parseLngLat(param, s)
}

func (a *API) ipToGeo(_ context.Context, c *call) (any, error) {
	ips, err := c.p.StringList("ip", 10)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, domain.MissingParam("ip")
	}
	gs, err := core.IPToGeo(ips)
	if err != nil {
		return nil, err
	}
	return geoAnswers(gs), nil
}

func (a *API) addressToGeo(_ context.Context, c *call) (any, error) {
	addr, err := c.p.RequiredString("address")
	if err != nil {
		return nil, err
	}
	gs, err := core.AddressToGeo(addr)
	if err != nil {
		return nil, err
	}
	return geoAnswers(gs), nil
}

func (a *API) geoToAddress(_ context.Context, c *call) (any, error) {
	lng, lat, err := readLngLat(c.p, "coordinate")
	if err != nil {
		return nil, err
	}
	gs, err := core.GeoToAddress(lng, lat)
	if err != nil {
		return nil, err
	}
	return geoAnswers(gs), nil
}

// Offset is the one element of gps_to_offset.
type Offset struct {
	Longitude string `json:"longitude"`
	Latitude  string `json:"latitude"`
}

func (a *API) gpsToOffset(_ context.Context, c *call) (any, error) {
	lng, lat, err := readLngLat(c.p, "coordinate")
	if err != nil {
		return nil, err
	}
	glng, glat := geo.WGSToGCJ(lng, lat)
	return Geos[Offset]{Geos: []Offset{{Longitude: strconv.FormatFloat(glng, 'f', 7, 64), Latitude: strconv.FormatFloat(glat, 'f', 7, 64)}}}, nil
}

// DomesticAnswer is one value of is_domestic's object.
type DomesticAnswer struct {
	Type    int    `json:"type"`
	Address string `json:"address"`
}

// isDomestic reads "lng,lat,tag|…" (at most 50) and answers an object
// keyed by the tags.
func (a *API) isDomestic(_ context.Context, c *call) (any, error) {
	raw, err := c.p.RequiredString("coordinates")
	if err != nil {
		return nil, err
	}
	items := strings.Split(raw, "|")
	if len(items) > 50 {
		return nil, domain.BadParam("coordinates", "at most 50 items", strconv.Itoa(len(items))+" items")
	}
	out := map[string]DomesticAnswer{}
	for _, it := range items {
		f := strings.Split(it, ",")
		if len(f) != 3 || strings.TrimSpace(f[2]) == "" {
			return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCoordinate, Param: "coordinates",
				Want: "lng,lat,tag", Got: it, Msg: "coordinates: expected lng,lat,tag, got " + strconv.Quote(it)}
		}
		lng, lat, err := parseLngLat("coordinates", f[0]+","+f[1])
		if err != nil {
			return nil, err
		}
		d := core.IsDomestic(lng, lat)
		ans := DomesticAnswer{Address: d.Address}
		if d.Domestic {
			ans.Type = 1
		}
		out[strings.TrimSpace(f[2])] = ans
	}
	return out, nil
}

// mobileRequest is get_location's JSON body (location.md §12).
type mobileRequest struct {
	Version        string `json:"version"`
	Host           string `json:"host"`
	RadioType      string `json:"radio_type"`
	RequestAddress bool   `json:"request_address"`
	DecodePos      bool   `json:"decode_pos"`
	IP             string `json:"ip"`
	Location       *struct {
		Latitude  json.Number `json:"latitude"`
		Longitude json.Number `json:"longitude"`
		Accuracy  json.Number `json:"accuracy"`
	} `json:"location"`
	CellTowers []json.RawMessage `json:"cell_towers"`
	WifiTowers []json.RawMessage `json:"wifi_towers"`
}

// MobileLocation is get_location's answer.
type MobileLocation struct {
	Location struct {
		Longitude        string         `json:"longitude"`
		Latitude         string         `json:"latitude"`
		Accuracy         string         `json:"accuracy"`
		Altitude         string         `json:"altitude"`
		AltitudeAccuracy string         `json:"altitude_accuracy"`
		Address          *MobileAddress `json:"address,omitempty"`
	} `json:"location"`
}

// MobileAddress is the address get_location adds on request_address.
type MobileAddress struct {
	City         string `json:"city"`
	Province     string `json:"province"`
	CityName     string `json:"city_name"`
	ProvinceName string `json:"province_name"`
}

// mobileLocation answers from what the request itself holds: a GPS fix
// (offset when decode_pos), else the client IP through the IP table. Cell
// towers and Wi-Fi alone need a positioning database: 21903.
func (a *API) mobileLocation(_ context.Context, c *call) (any, error) {
	body := c.p.String("json")
	if body == "" && strings.HasPrefix(c.r.Header.Get("Content-Type"), "application/json") {
		b, err := io.ReadAll(http.MaxBytesReader(nil, c.r.Body, 64<<10))
		if err != nil {
			return nil, domain.BadParam("json", "a JSON document of at most 64 KiB", "an unreadable body")
		}
		body = string(b)
	}
	if strings.TrimSpace(body) == "" {
		return nil, domain.MissingParam("json")
	}
	var req mobileRequest
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return nil, domain.BadParam("json", "the get_location JSON document", "malformed JSON")
	}
	if req.Version == "" {
		return nil, domain.MissingParam("version")
	}
	var out MobileLocation
	var lng, lat float64
	accuracy := ""
	switch {
	case req.Location != nil:
		var e1, e2 error
		lat, e1 = req.Location.Latitude.Float64()
		lng, e2 = req.Location.Longitude.Float64()
		if e1 != nil || e2 != nil || !geo.ValidPoint(lng, lat) {
			return nil, badCoord("location", string(req.Location.Longitude)+","+string(req.Location.Latitude))
		}
		if req.DecodePos {
			lng, lat = geo.WGSToGCJ(lng, lat)
		}
		accuracy = string(req.Location.Accuracy)
	case req.IP != "":
		gs, err := core.IPToGeo([]string{req.IP})
		if err != nil {
			return nil, err
		}
		lng, lat, accuracy = gs[0].Lng, gs[0].Lat, "25000" // a city centre: tens of kilometres
	default:
		return nil, core.NoGeoService("location/mobile/get_location", "a cell-tower and Wi-Fi positioning database (send location or ip)")
	}
	out.Location.Longitude, out.Location.Latitude, out.Location.Accuracy = coordStr(lng), coordStr(lat), accuracy
	if req.RequestAddress {
		if gs, err := core.GeoToAddress(lng, lat); err == nil {
			g := gs[0]
			out.Location.Address = &MobileAddress{City: g.CityCode, Province: g.Province, CityName: g.CityName, ProvinceName: g.ProvinceName}
		}
	}
	return out, nil
}

// noRoutes checks what a route request says, so that a malformed one is
// told so, then answers that no road or transit network is installed.
func (a *API) noRoutes(_ context.Context, c *call) (any, error) {
	if _, _, _, err := routeArgs(c); err != nil {
		return nil, err
	}
	return nil, core.NoGeoService(routePath(c), "a road and transit network")
}

// routeArgs reads a route request's type (0–2 for drives, 0–4 for buses)
// and its two ends, each a pid or a coordinate (the pid wins).
func routeArgs(c *call) (typ int, begin, end core.RouteEnd, err error) {
	maxType := 4
	if strings.HasSuffix(routePath(c), "drive_route") {
		maxType = core.DriveShortest
	}
	if typ, err = c.p.IntIn("type", 0, 0, maxType); err != nil {
		return 0, begin, end, err
	}
	ends := [2]*core.RouteEnd{&begin, &end}
	for i, side := range []string{"begin", "end"} {
		pid, coord := c.p.String(side+"_pid"), c.p.String(side+"_coordinate")
		switch {
		case pid != "":
			ends[i].PID = pid
		case coord == "":
			return 0, begin, end, domain.MissingParam(side + "_pid or " + side + "_coordinate")
		default:
			if ends[i].Lng, ends[i].Lat, err = parseLngLat(side+"_coordinate", coord); err != nil {
				return 0, begin, end, err
			}
		}
	}
	return typ, begin, end, nil
}

// DriveRouteAnswer is drive_route's answer (location.md §13): numbers as
// strings, coordinates as "lng,lat" joined by "|".
type DriveRouteAnswer struct {
	Type             string      `json:"type"`
	RoadNumber       string      `json:"road_number"`
	Distance         string      `json:"distance"`   // metres
	DriveTime        string      `json:"drive_time"` // minutes (inferred unit)
	DriveCoordinates string      `json:"drive_coordinates"`
	PassCoordinates  string      `json:"pass_coordinates"` // no via points are taken: ""
	BeginCoordinate  string      `json:"begin_coordinate"`
	EndCoordinate    string      `json:"end_coordinate"`
	ExtensionInfo    string      `json:"extension_info"`
	Roads            []RoadRoute `json:"roads"`
}

// RoadRoute is one stretch of a drive along one road (fields inferred:
// the spec did not capture them).
type RoadRoute struct {
	Name        string `json:"name"`
	Distance    string `json:"distance"`   // metres
	DriveTime   string `json:"drive_time"` // minutes
	Action      string `json:"action"`     // depart, turn, merge, arrive, ...
	Direction   string `json:"direction"`  // left, right, straight, ...
	Coordinates string `json:"coordinates"`
}

// driveRoute plans a drive through the operator's routing service, or
// answers as noRoutes when there is none.
func (a *API) driveRoute(ctx context.Context, c *call) (any, error) {
	if !a.svc.HasRouter() {
		return a.noRoutes(ctx, c)
	}
	typ, begin, end, err := routeArgs(c)
	if err != nil {
		return nil, err
	}
	r, err := a.svc.DriveRoute(ctx, begin, end, typ)
	if err != nil {
		return nil, err
	}
	out := &DriveRouteAnswer{Type: strconv.Itoa(r.Type), RoadNumber: strconv.Itoa(len(r.Steps)),
		Distance: metres(r.Distance), DriveTime: minutes(r.Duration), DriveCoordinates: pathStr(r.Path),
		BeginCoordinate: pathStr([][2]float64{r.Begin}), EndCoordinate: pathStr([][2]float64{r.End}),
		Roads: make([]RoadRoute, len(r.Steps))}
	for i, st := range r.Steps {
		out.Roads[i] = RoadRoute{Name: st.Road, Distance: metres(st.Distance), DriveTime: minutes(st.Duration),
			Action: st.Action, Direction: st.Direction, Coordinates: pathStr(st.Path)}
	}
	return out, nil
}

func metres(m float64) string { return strconv.FormatFloat(math.Round(m), 'f', -1, 64) }

// minutes rounds up: a 20-second stretch still takes a minute.
func minutes(sec float64) string { return strconv.FormatFloat(math.Ceil(sec/60), 'f', -1, 64) }

// pathStr is points as "lng,lat|lng,lat".
func pathStr(path [][2]float64) string {
	var b strings.Builder
	for i, p := range path {
		if i > 0 {
			b.WriteByte('|')
		}
		// Six decimals are 0.1 m: the router's precision, and a third of
		// the bytes of a float64's shortest form.
		b.WriteString(strconv.FormatFloat(p[0], 'f', 6, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(p[1], 'f', 6, 64))
	}
	return b.String()
}

func routePath(c *call) string {
	return strings.TrimSuffix(strings.TrimPrefix(c.r.URL.Path, "/2/"), ".json")
}

// noTransit checks a bus line or station query, then answers that no
// transit database is installed.
func (a *API) noTransit(_ context.Context, c *call) (any, error) {
	if _, err := c.p.RequiredString("q"); err != nil {
		return nil, err
	}
	if _, err := c.p.Int("count", 10, 1, 50); err != nil {
		return nil, err
	}
	if _, err := c.p.IntIn("page", 1, 1, 40); err != nil {
		return nil, err
	}
	if city := c.p.String("city"); city != "" {
		if _, ok := geo.UnitByCityCode(city); !ok {
			return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCity, Param: "city", Got: city,
				Msg: "unknown city code " + city}
		}
	}
	return nil, core.NoGeoService(routePath(c), "a bus line and station database")
}
