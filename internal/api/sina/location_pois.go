package sina

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// location.md §1, §7–11: the location service's POI searches and the
// app's own POIs, over the server's POI rows (core/location_pois.go), and
// the static map (location_map.go).
func (a *API) locationPOIRoutes() []route {
	qCat := ps(apiutil.P("q", apiutil.KindText), apiutil.P("category", apiutil.KindInt), apiutil.P("city", apiutil.KindText))
	text := func(names ...string) []apiutil.ParamInfo {
		out := make([]apiutil.ParamInfo, len(names))
		for i, n := range names {
			out[i] = apiutil.P(n, apiutil.KindText)
		}
		return out
	}
	return []route{
		{path: "location/pois/search/by_location", methods: "GET", rate: core.RateGeneral, params: ps(qCat, pageCursorPs),
			h: a.poisByLocation},
		{path: "location/pois/search/by_geo", methods: "GET", rate: core.RateGeneral,
			params: ps(text("q", "coordinate", "cenname", "city", "searchtype", "srctype"), apiutil.P("range", apiutil.KindInt),
				apiutil.P("naviflag", apiutil.KindBool), apiutil.P("sr", apiutil.KindBool), pageCursorPs),
			h: a.poisByGeo},
		{path: "location/pois/search/by_area", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("coordinates", apiutil.KindText).Req(), qCat, pageCursorPs), h: a.poisByArea},
		{path: "location/pois/show_batch", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("srcids", apiutil.KindIDs).Of("srcid").Req()), h: a.poisShowBatch},
		{path: "location/pois/add", methods: "POST", rate: core.RateGeneral,
			params: ps(apiutil.P("srcid", apiutil.KindText).Req(), apiutil.P("name", apiutil.KindText).Req(),
				apiutil.P("category", apiutil.KindText).Req(), apiutil.P("longitude", apiutil.KindText).Req(),
				apiutil.P("latitude", apiutil.KindText).Req(),
				text("address", "city_name", "telephone", "pic_url", "url", "tags", "description", "intro", "traffic")),
			h: a.poisAdd},
		{path: "location/base/get_map_image", methods: "GET", rate: core.RateGeneral,
			params: ps(text("center_coordinate", "city", "coordinates", "names", "font", "lines", "polygons", "size", "format"),
				apiutil.P("offset_x", apiutil.KindInt), apiutil.P("offset_y", apiutil.KindInt), apiutil.P("zoom", apiutil.KindInt),
				apiutil.P("scale", apiutil.KindBool), apiutil.P("traffic", apiutil.KindBool)),
			h: a.mapImage},
	}
}

// LocPOI is a POI of the location service's searches (location.md §7).
type LocPOI struct {
	PID          string `json:"pid"`
	Longitude    string `json:"longitude"`
	Latitude     string `json:"latitude"`
	Name         string `json:"name"`
	CityName     string `json:"city_name"`
	ProvinceName string `json:"province_name"`
	Address      string `json:"address"`
	Telephone    string `json:"telephone"`
	Category     string `json:"category"`
	Navigator    string `json:"navigator"`
	PicURL       string `json:"pic_url"`
	Distance     string `json:"distance,omitempty"` // metres, by_geo around a centre
}

// LocPOIs is the envelope of the searches; by_area echoes its box.
type LocPOIs struct {
	Coordinates string    `json:"coordinates,omitempty"`
	POIs        []*LocPOI `json:"pois"`
	TotalNumber int       `json:"total_number"`
}

// cityNames are the names of a POI's city and province from its code.
func cityNames(code string) (city, prov string) {
	u, ok := geo.UnitByCityCode(code)
	if !ok {
		return "", ""
	}
	if u.Parent == 0 {
		return u.Name, u.Name
	}
	if p, ok := geo.UnitByGB(u.Parent); ok {
		return u.Name, p.Name
	}
	return u.Name, ""
}

func renderLocPOIs(ns []core.NearbyPOI, total int) LocPOIs {
	out := LocPOIs{POIs: make([]*LocPOI, len(ns)), TotalNumber: total}
	for i, n := range ns {
		p := n.POI
		city, prov := cityNames(p.City)
		lp := &LocPOI{PID: core.PIDOf(p.ID), Longitude: coordStr(p.Lng), Latitude: coordStr(p.Lat), Name: p.Title,
			CityName: city, ProvinceName: prov, Address: p.Address, Telephone: p.Phone, Category: strconv.Itoa(p.Category),
			Navigator: core.CategoryName(p.Category)}
		if n.Distance >= 0 {
			lp.Distance = strconv.Itoa(int(n.Distance + 0.5))
		}
		out.POIs[i] = lp
	}
	return out
}

// locPage reads page (at most 40) and count (default 10, clamped to max).
func locPage(p apiutil.Params, maxCount int) (domain.Page, error) {
	count, err := p.Int("count", 10, 1, maxCount)
	if err != nil {
		return domain.Page{}, err
	}
	page, err := p.IntIn("page", 1, 1, 40)
	if err != nil {
		return domain.Page{}, err
	}
	return domain.Page{Count: count, Page: page}, nil
}

// locCity reads a city code ("" nationwide); with names, a city name as
// by_geo allows (北京).
func locCity(raw string, names bool) (string, error) {
	city := strings.TrimSpace(raw)
	if city == "" {
		return "", nil
	}
	if _, ok := geo.UnitByCityCode(city); ok {
		return city, nil
	}
	if names {
		for _, u := range geo.FindUnits(city) {
			if u.Tel != "" {
				return u.Tel, nil
			}
		}
	}
	return "", &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCity, Param: "city", Got: city,
		Msg: "unknown city " + city}
}

// keywordQuery reads q and category, one of them required (by_location,
// by_area), with city and paging. Every parameter is read before any is
// judged, so that a bad one does not hide the others from the route check.
func keywordQuery(p apiutil.Params) (core.LocationQuery, error) {
	var q core.LocationQuery
	q.Keyword = strings.TrimSpace(p.String("q"))
	cityRaw := p.String("city")
	cat, errCat := p.Int("category", 0, 1, 1<<30)
	pg, errPage := locPage(p, 20)
	switch {
	case errCat != nil:
		return q, errCat
	case errPage != nil:
		return q, errPage
	}
	q.Category, q.Page = cat, pg
	if q.Keyword == "" && q.Category == 0 {
		return q, domain.MissingParam("q")
	}
	var err error
	q.City, err = locCity(cityRaw, false)
	return q, err
}

func (a *API) poisByLocation(ctx context.Context, c *call) (any, error) {
	q, err := keywordQuery(c.p)
	if err != nil {
		return nil, err
	}
	ns, total, err := a.svc.SearchLocationPOIs(ctx, q)
	if err != nil {
		return nil, err
	}
	return renderLocPOIs(ns, total), nil
}

// srctypes are by_geo's sources: POI (the server's POIs) and BUS (bus
// stops, which no offline server has), mixed as "BUS:1000+POI".
var srctypeRe = regexp.MustCompile(`^(POI|BUS)(:\d{1,5})?(\+(POI|BUS)(:\d{1,5})?)?$`)

func (a *API) poisByGeo(ctx context.Context, c *call) (any, error) {
	var q core.LocationQuery
	q.Keyword = strings.TrimSpace(c.p.String("q"))
	cityRaw, stRaw, searchtype := c.p.String("city"), c.p.String("srctype"), strings.TrimSpace(c.p.String("searchtype"))
	coord, cen := strings.TrimSpace(c.p.String("coordinate")), strings.TrimSpace(c.p.String("cenname"))
	pg, errPage := locPage(c.p, 200)
	radius, errRange := c.p.Int("range", 3000, 1, 50000)
	navi, errNavi := c.p.Bool01("naviflag", false)
	_, errSr := c.p.Bool01("sr", false) // straight distance is the only order around a centre
	for _, err := range []error{errPage, errRange, errNavi, errSr} {
		if err != nil {
			return nil, err
		}
	}
	q.Page = pg
	var err error
	if q.City, err = locCity(cityRaw, true); err != nil {
		return nil, err
	}
	if st := strings.ToUpper(strings.TrimSpace(stRaw)); st != "" {
		if !srctypeRe.MatchString(st) {
			return nil, domain.BadParam("srctype", "POI, BUS or a mix such as BUS:1000+POI", stRaw)
		}
		if !strings.Contains(st, "POI") {
			return nil, core.NoGeoService("location/pois/search/by_geo", "bus stop data (srctype=BUS)")
		}
	}
	if navi {
		return nil, core.NoGeoService("location/pois/search/by_geo", "a road network (naviflag=1 sorts by driving distance)")
	}
	if searchtype != "" {
		if q.Category = core.CategoryByName(searchtype); q.Category == 0 {
			return LocPOIs{POIs: []*LocPOI{}}, nil // a category the tree does not have holds no POI
		}
	}
	switch {
	case coord != "":
		if q.Lng, q.Lat, err = parseLngLat("coordinate", coord); err != nil {
			return nil, err
		}
		q.Radius = float64(radius)
	case cen != "":
		if q.Lat, q.Lng, err = a.svc.CentreNamed(ctx, cen, q.City); err != nil {
			return nil, err
		}
		q.Radius = float64(radius)
	case q.Keyword == "" && q.Category == 0:
		return nil, domain.MissingParam("q")
	}
	ns, total, err := a.svc.SearchLocationPOIs(ctx, q)
	if err != nil {
		return nil, err
	}
	return renderLocPOIs(ns, total), nil
}

func (a *API) poisByArea(ctx context.Context, c *call) (any, error) {
	raw, err := c.p.RequiredString("coordinates")
	if err != nil {
		return nil, err
	}
	q, err := keywordQuery(c.p)
	if err != nil {
		return nil, err
	}
	corners := strings.Split(raw, "|")
	if len(corners) != 2 {
		return nil, badCoord("coordinates", raw)
	}
	west, north, err := parseLngLat("coordinates", corners[0])
	if err != nil {
		return nil, err
	}
	east, south, err := parseLngLat("coordinates", corners[1])
	if err != nil {
		return nil, err
	}
	if north <= south || east <= west { // upper-left, then lower-right
		return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCoordinate, Param: "coordinates",
			Want: "lng,lat|lng,lat (upper-left, then lower-right)", Got: raw,
			Msg: "coordinates: the first corner must be north-west of the second"}
	}
	q.South, q.West, q.North, q.East = south, west, north, east
	ns, total, err := a.svc.SearchLocationPOIs(ctx, q)
	if err != nil {
		return nil, err
	}
	out := renderLocPOIs(ns, total)
	out.Coordinates = raw
	return out, nil
}

// AppPOI is a POI an app added (location.md §10).
type AppPOI struct {
	SrcID       string `json:"srcid"`
	Longitude   string `json:"longitude"`
	Latitude    string `json:"latitude"`
	Name        string `json:"name"`
	CityName    string `json:"city_name"`
	Address     string `json:"address"`
	Telephone   string `json:"telephone"`
	Category    string `json:"category"`
	Description string `json:"description"`
	Intro       string `json:"intro"`
	Tags        string `json:"tags"`
	URL         string `json:"url"`
	Traffic     string `json:"traffic"`
	Deal        string `json:"deal"`
	PID         string `json:"pid"`
}

// AppPOIs is show_batch's envelope.
type AppPOIs struct {
	POIs        []*AppPOI `json:"pois"`
	TotalNumber int       `json:"total_number"`
}

func renderAppPOI(l *domain.LocationPOI) *AppPOI {
	city := l.CityName
	if city == "" {
		city, _ = cityNames(l.POI.City)
	}
	// deal is "1": an added POI is in the searchable store at once.
	return &AppPOI{SrcID: strconv.FormatInt(l.SrcID, 10), Longitude: coordStr(l.POI.Lng), Latitude: coordStr(l.POI.Lat),
		Name: l.POI.Title, CityName: city, Address: l.POI.Address, Telephone: l.POI.Phone, Category: l.CategoryName,
		Description: l.Description, Intro: l.Intro, Tags: l.Tags, URL: l.URL, Traffic: l.Traffic, Deal: "1", PID: core.PIDOf(l.POI.ID)}
}

func (a *API) poisShowBatch(ctx context.Context, c *call) (any, error) {
	ids, err := c.p.Int64List("srcids", 5)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, domain.MissingParam("srcids")
	}
	ls, err := a.svc.LocationPOIs(ctx, c.v, ids)
	if err != nil {
		return nil, err
	}
	out := AppPOIs{POIs: make([]*AppPOI, len(ls)), TotalNumber: len(ls)}
	for i := range ls {
		out.POIs[i] = renderAppPOI(&ls[i])
	}
	return out, nil
}

// readDegrees reads pois/add's longitude or latitude: a number of 2–15
// characters (21906 otherwise) within the globe (21907 otherwise).
func readDegrees(name, s string, limit float64) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, domain.MissingParam(name)
	}
	f, perr := strconv.ParseFloat(s, 64)
	if perr != nil || len(s) < 2 || len(s) > 15 || f != f {
		return 0, badCoord(name, s)
	}
	if f < -limit || f > limit {
		return 0, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoOutOfRange, Param: name, Got: s,
			Want: "degrees in [-" + strconv.FormatFloat(limit, 'f', -1, 64) + ", " + strconv.FormatFloat(limit, 'f', -1, 64) + "]",
			Msg:  name + " out of range: " + s}
	}
	return f, nil
}

func (a *API) poisAdd(ctx context.Context, c *call) (any, error) {
	raw, err := c.p.RequiredString("srcid")
	if err != nil {
		return nil, err
	}
	in := core.NewLocationPOI{Name: c.p.String("name"), Category: c.p.String("category"),
		Address: c.p.String("address"), CityName: c.p.String("city_name"), Telephone: c.p.String("telephone"),
		PicURL: c.p.String("pic_url"), URL: c.p.String("url"), Tags: c.p.String("tags"),
		Description: c.p.String("description"), Intro: c.p.String("intro"), Traffic: c.p.String("traffic")}
	lngRaw, latRaw := c.p.String("longitude"), c.p.String("latitude")
	raw = strings.TrimSpace(raw)
	srcid, perr := strconv.ParseInt(raw, 10, 64)
	if perr != nil || srcid < 10 || srcid > 99999999 || strings.HasPrefix(raw, "0") || strings.HasPrefix(raw, "+") {
		return nil, domain.BadParam("srcid", "an integer of 2 to 8 digits", raw)
	}
	in.SrcID = srcid
	if strings.TrimSpace(in.Name) == "" {
		return nil, domain.MissingParam("name")
	}
	if strings.TrimSpace(in.Category) == "" {
		return nil, domain.MissingParam("category")
	}
	if in.Lng, err = readDegrees("longitude", lngRaw, 180); err != nil {
		return nil, err
	}
	if in.Lat, err = readDegrees("latitude", latRaw, 90); err != nil {
		return nil, err
	}
	l, err := a.svc.AddLocationPOI(ctx, c.v, in)
	if err != nil {
		return nil, err
	}
	return renderAppPOI(l), nil
}
