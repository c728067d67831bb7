package sina

import (
	"context"
	"strconv"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// placeRoutes are every place.md route: the POIs' here, the others in
// place_*.go.
func (a *API) placeRoutes() []route {
	rs := a.poiRoutes()
	rs = append(rs, a.placeStatusRoutes()...)
	return append(rs, a.placeTimelineRoutes()...)
}

// place.md: POIs (create, show, search, categories, nearby).
func (a *API) poiRoutes() []route {
	pLat, pLong := apiutil.P("lat", apiutil.KindFloat).Req(), apiutil.P("long", apiutil.KindFloat).Req()
	pPOI := apiutil.P("poiid", apiutil.KindText).Req()
	pOffset := apiutil.P("offset", apiutil.KindBool)
	return []route{
		{path: "place/pois/create", methods: "POST", rate: core.RateGeneral,
			params: ps(apiutil.P("title", apiutil.KindText).Req(), apiutil.P("address", apiutil.KindText),
				apiutil.P("category", apiutil.KindInt), pLat, pLong, apiutil.P("city", apiutil.KindText),
				apiutil.P("province", apiutil.KindText), apiutil.P("country", apiutil.KindText),
				apiutil.P("phone", apiutil.KindText), apiutil.P("postcode", apiutil.KindText), apiutil.P("extra", apiutil.KindText)),
			h: a.poiCreate},
		{path: "place/pois/show", methods: "GET", rate: core.RateGeneral, params: ps(pPOI, pBaseApp), h: a.poiShow},
		{path: "place/pois/search", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("keyword", apiutil.KindText).Req(), apiutil.P("city", apiutil.KindText),
				apiutil.P("category", apiutil.KindInt), pageCursorPs), h: a.poiSearch},
		{path: "place/pois/category", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("pid", apiutil.KindInt), apiutil.P("flag", apiutil.KindBool)), h: a.poiCategory},
		{path: "place/nearby/pois", methods: "GET", rate: core.RateGeneral,
			params: ps(pLat, pLong, apiutil.P("range", apiutil.KindInt), apiutil.P("q", apiutil.KindText),
				apiutil.P("category", apiutil.KindInt), pageCursorPs, apiutil.P("sort", apiutil.KindEnum).OneOf("0", "1", "3"), pOffset),
			h: a.nearbyPOIs},
	}
}

// POI is the place object of place.md.
type POI struct {
	POIID          string  `json:"poiid"`
	Title          string  `json:"title"`
	Address        string  `json:"address"`
	Lon            string  `json:"lon"`
	Lat            string  `json:"lat"`
	Category       string  `json:"category"`
	City           string  `json:"city"`
	Province       *string `json:"province"`
	Country        *string `json:"country"`
	URL            string  `json:"url"`
	Phone          string  `json:"phone"`
	Postcode       string  `json:"postcode"`
	WeiboID        string  `json:"weibo_id"`
	Icon           string  `json:"icon"`
	Extra          string  `json:"extra"`
	RID            string  `json:"rid"`
	Categorys      string  `json:"categorys"`
	CategoryName   string  `json:"category_name"`
	CheckinNum     int     `json:"checkin_num"`
	CheckinUserNum int     `json:"checkin_user_num"`
	CheckinTime    string  `json:"checkin_time"`
	TipNum         int     `json:"tip_num"`
	PhotoNum       int     `json:"photo_num"`
	TodoNum        int     `json:"todo_num"`
	Distance       *int    `json:"distance,omitempty"`
}

// placeTimeLayout is how the place group writes times (checkin_time, checkin_at).
const placeTimeLayout = "2006-01-02 15:04:05"

// POIs is the POI list envelope.
type POIs struct {
	POIs        []*POI `json:"pois"`
	TotalNumber int    `json:"total_number"`
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (a *API) renderPOI(p *domain.POI) *POI {
	out := &POI{POIID: p.ID, Title: p.Title, Address: p.Address, Lon: coordStr(p.Lng), Lat: coordStr(p.Lat),
		Category: strconv.Itoa(p.Category), City: p.City, Province: orNull(p.Province), Country: orNull(p.Country),
		Phone: p.Phone, Postcode: p.Postcode, WeiboID: "0", Extra: p.Extra, RID: "0", Categorys: strconv.Itoa(p.Category),
		CategoryName: core.CategoryName(p.Category), CheckinNum: p.CheckinNum, CheckinUserNum: p.CheckinUserNum,
		TipNum: p.TipNum, PhotoNum: p.PhotoNum, TodoNum: p.TodoNum}
	if !p.LastCheckin.IsZero() {
		out.CheckinTime = p.LastCheckin.In(a.opts.Location).Format(placeTimeLayout)
	}
	return out
}

// placePage reads count (default 20, at most 50) and page (place.md).
func placePage(p apiutil.Params) (domain.Page, error) {
	count, err := p.Int("count", 20, 1, 50)
	if err != nil {
		return domain.Page{}, err
	}
	page, err := p.IntIn("page", 1, 1, apiutil.MaxPage)
	if err != nil {
		return domain.Page{}, err
	}
	return domain.Page{Count: count, Page: page}, nil
}

// readPoint reads the required lat and long; with offset 0 (the default
// where a route reads it) they are raw GPS and are converted to GCJ-02.
func readPoint(p apiutil.Params, withOffset bool) (lat, lng float64, err error) {
	lat, ok, err := p.Lat("lat")
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return 0, 0, domain.MissingParam("lat")
	}
	lng, ok, err = p.Long("long")
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return 0, 0, domain.MissingParam("long")
	}
	if withOffset {
		off, err := p.Bool01("offset", false)
		if err != nil {
			return 0, 0, err
		}
		if !off {
			lng, lat = geo.WGSToGCJ(lng, lat)
		}
	}
	return lat, lng, nil
}

func (a *API) poiCreate(ctx context.Context, c *call) (any, error) {
	lat, lng, err := readPoint(c.p, false)
	if err != nil {
		return nil, err
	}
	cat, err := c.p.Int("category", 0, 1, 1<<30)
	if err != nil {
		return nil, err
	}
	in := core.NewPOI{Title: c.p.String("title"), Address: c.p.String("address"), City: c.p.String("city"),
		Province: c.p.String("province"), Country: c.p.String("country"), Phone: c.p.String("phone"),
		Postcode: c.p.String("postcode"), Extra: c.p.String("extra"), Category: cat, Lat: lat, Lng: lng}
	p, err := a.svc.CreatePOI(ctx, c.v, in)
	if err != nil {
		return nil, err
	}
	return a.renderPOI(p), nil
}

func (a *API) poiShow(ctx context.Context, c *call) (any, error) {
	if _, err := c.p.Bool01("base_app", false); err != nil {
		return nil, err
	}
	p, err := a.svc.POI(ctx, c.p.String("poiid"))
	if err != nil {
		return nil, err
	}
	return a.renderPOI(p), nil
}

func (a *API) poiSearch(ctx context.Context, c *call) (any, error) {
	pg, err := placePage(c.p)
	if err != nil {
		return nil, err
	}
	cat, err := c.p.Int("category", 0, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	city := c.p.String("city")
	if city != "" {
		if _, ok := geo.UnitByCityCode(city); !ok {
			return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCity, Param: "city", Got: city, Msg: "unknown city code " + city}
		}
	}
	ps, total, err := a.svc.SearchPOIs(ctx, c.p.String("keyword"), city, cat, pg)
	if err != nil {
		return nil, err
	}
	out := &POIs{POIs: make([]*POI, len(ps)), TotalNumber: total}
	for i := range ps {
		out.POIs[i] = a.renderPOI(&ps[i])
	}
	return out, nil
}

// PlaceCategory is one element of place/pois/category.
type PlaceCategory struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	PID  string `json:"pid"`
}

// poiCategory answers the nine root categories, the only part of Sina's
// tree known: other parents have no children here.
func (a *API) poiCategory(_ context.Context, c *call) (any, error) {
	pid, err := c.p.Int("pid", 0, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	if _, err := c.p.Bool01("flag", false); err != nil {
		return nil, err
	}
	out := []PlaceCategory{}
	if pid == 0 {
		for _, cat := range core.PlaceCategories {
			out = append(out, PlaceCategory{ID: strconv.Itoa(cat.ID), Name: cat.Name, PID: "0"})
		}
	}
	return out, nil
}

func (a *API) nearbyPOIs(ctx context.Context, c *call) (any, error) {
	lat, lng, err := readPoint(c.p, true)
	if err != nil {
		return nil, err
	}
	radius, err := c.p.IntIn("range", 2000, 1, 10000)
	if err != nil {
		return nil, err
	}
	cat, err := c.p.Int("category", 0, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	sort, err := c.p.Enum("sort", "0", "0", "1", "3")
	if err != nil {
		return nil, err
	}
	pg, err := placePage(c.p)
	if err != nil {
		return nil, err
	}
	so, _ := strconv.Atoi(sort)
	ps, total, err := a.svc.NearbyPOIs(ctx, core.NearbyQuery{Lat: lat, Lng: lng, Radius: float64(radius),
		Keyword: c.p.String("q"), Category: cat, Sort: so, Page: pg})
	if err != nil {
		return nil, err
	}
	out := &POIs{POIs: make([]*POI, len(ps)), TotalNumber: total}
	for i := range ps {
		out.POIs[i] = a.renderPOI(&ps[i].POI)
		d := int(ps[i].Distance + 0.5)
		out.POIs[i].Distance = &d
	}
	return out, nil
}
