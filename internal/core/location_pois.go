package core

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// The location service's POIs (location.md §7–11). Sina kept two stores,
// place/* POIs (poiid) and location POIs (pid); this server holds one set
// of POI rows (places_pois) and shows it through both: a pid is "P" and
// the poiid, so neither group takes the other's ids, yet a POI created by
// place/pois/create is found by location/pois/search/* and one added by
// location/pois/add is a place one can check in at. pois/add keys the
// row by the app's own srcid as well (location_pois).

// PIDOf is the location-service id of a POI.
func PIDOf(poiID string) string { return "P" + poiID }

// NewLocationPOI is location/pois/add's input; Lat/Lng are GCJ-02, as
// everything in location/*.
type NewLocationPOI struct {
	SrcID                                          int64
	Name, Address, CityName, Category, Telephone   string
	PicURL, URL, Tags, Description, Intro, Traffic string
	Lat, Lng                                       float64
}

// CategoryByName is the id of a known category name, 0 otherwise.
func CategoryByName(name string) int {
	for _, c := range PlaceCategories {
		if c.Name == name {
			return c.ID
		}
	}
	return 0
}

// AddLocationPOI stores a POI an app submitted: a place row, keyed by the
// app's srcid too. It is searchable at once, so it is "dealt" with.
func (s *Service) AddLocationPOI(ctx context.Context, v domain.Viewer, in NewLocationPOI) (*domain.LocationPOI, error) {
	in.Name, in.Category = strings.TrimSpace(in.Name), strings.TrimSpace(in.Category)
	switch {
	case in.Name == "":
		return nil, domain.MissingParam("name")
	case in.Category == "":
		return nil, domain.MissingParam("category")
	}
	for _, c := range []struct {
		p, v string
		n    int
	}{{"name", in.Name, 30}, {"address", in.Address, 60}, {"city_name", in.CityName, 30}, {"category", in.Category, 30},
		{"telephone", in.Telephone, 14}, {"pic_url", in.PicURL, 60}, {"url", in.URL, 60}, {"tags", in.Tags, 60},
		{"description", in.Description, 120}, {"intro", in.Intro, 120}, {"traffic", in.Traffic, 120}} {
		if err := checkLen(c.p, c.v, c.n); err != nil {
			return nil, err
		}
	}
	cat := CategoryByName(in.Category)
	if cat == 0 {
		cat = DefaultPlaceCategory
	}
	p := domain.POI{Title: in.Name, Address: in.Address, Category: cat, City: cityCodeOf(in.CityName, in.Lng, in.Lat),
		Phone: in.Telephone, Extra: in.Description, Lat: in.Lat, Lng: in.Lng, Cell: geo.Cell(in.Lat, in.Lng),
		UserID: v.UserID, AppID: v.AppID, Created: s.now()}
	l := &domain.LocationPOI{AppID: v.AppID, SrcID: in.SrcID, UserID: v.UserID, CityName: in.CityName,
		CategoryName: in.Category, PicURL: in.PicURL, URL: in.URL, Tags: in.Tags, Description: in.Description,
		Intro: in.Intro, Traffic: in.Traffic, Created: p.Created}
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		p.ID = fmt.Sprintf("%020X", s.ids.Next())
		if err := tx.InsertPOI(ctx, &p); err != nil {
			return err
		}
		l.POI = p
		return tx.InsertLocationPOI(ctx, l)
	})
	if domain.IsKind(err, domain.KindConflict) {
		return nil, &domain.Error{Kind: domain.KindConflict, Param: "srcid", Got: strconv.FormatInt(in.SrcID, 10),
			Msg: "this app already added a POI with srcid " + strconv.FormatInt(in.SrcID, 10), Err: err}
	}
	if err != nil {
		return nil, err
	}
	return l, nil
}

// cityCodeOf is the 4-digit city code of a city name when the tables know
// it, else of the prefecture nearest the point (inside China), else "".
func cityCodeOf(name string, lng, lat float64) string {
	if name = strings.TrimSpace(name); name != "" {
		for _, u := range geo.FindUnits(name) {
			if u.Tel != "" {
				return u.Tel
			}
		}
	}
	if city, prov, ok := geo.Nearest(lng, lat); ok {
		if city.Tel != "" {
			return city.Tel
		}
		if prov != nil {
			return prov.Tel
		}
	}
	return ""
}

// LocationPOIs shows the POIs the viewer's app added under srcids, in the
// order asked; one unknown id fails the call and is named (location.md §10).
func (s *Service) LocationPOIs(ctx context.Context, v domain.Viewer, srcids []int64) ([]domain.LocationPOI, error) {
	got, err := s.store.LocationPOIs(ctx, v.AppID, srcids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.LocationPOI, 0, len(srcids))
	for _, id := range srcids {
		i := slices.IndexFunc(got, func(l domain.LocationPOI) bool { return l.SrcID == id })
		if i < 0 {
			return nil, domain.BadParam("srcids", "srcids this app added with location/pois/add", strconv.FormatInt(id, 10))
		}
		out = append(out, got[i])
	}
	return out, nil
}

// LocationQuery is a search of location/pois/search/*: by keyword or
// category, in a city, and around a centre or inside a box when given.
type LocationQuery struct {
	Keyword  string
	Category int // 0 any
	City     string
	// Around a centre (by_geo): Radius > 0.
	Lat, Lng, Radius float64
	// Inside a box (by_area): North > South.
	South, West, North, East float64
	Page                     domain.Page
}

// SearchLocationPOIs answers the three searches from the POI rows: around
// a centre nearest first (with distances), inside a box or by keyword most
// checked-in first.
func (s *Service) SearchLocationPOIs(ctx context.Context, q LocationQuery) ([]NearbyPOI, int, error) {
	switch {
	case q.Radius > 0:
		return s.NearbyPOIs(ctx, NearbyQuery{Lat: q.Lat, Lng: q.Lng, Radius: q.Radius, Keyword: q.Keyword,
			Category: q.Category, City: q.City, Sort: 1, Page: q.Page})
	case q.North > q.South:
		return s.poisInBox(ctx, q)
	}
	ps, total, err := s.store.SearchPOIs(ctx, strings.TrimSpace(q.Keyword), q.City, q.Category, q.Page)
	if err != nil {
		return nil, 0, err
	}
	out := make([]NearbyPOI, len(ps))
	for i, p := range ps {
		out[i] = NearbyPOI{POI: p, Distance: -1}
	}
	return out, total, nil
}

// poisInBox reads the rows of the cells covering the box (at most
// MaxNearbyCandidates) and keeps those inside that match.
func (s *Service) poisInBox(ctx context.Context, q LocationQuery) ([]NearbyPOI, int, error) {
	cands, err := s.store.POIsInCells(ctx, geo.CoverRect(q.South, q.West, q.North, q.East), MaxNearbyCandidates)
	if err != nil {
		return nil, 0, err
	}
	kw := strings.ToLower(strings.TrimSpace(q.Keyword))
	var in []NearbyPOI
	for _, p := range cands {
		if !geo.InRect(p.Lat, p.Lng, q.South, q.West, q.North, q.East) || q.Category != 0 && p.Category != q.Category ||
			q.City != "" && p.City != q.City || kw != "" && !strings.Contains(strings.ToLower(p.Title+" "+p.Address), kw) {
			continue
		}
		in = append(in, NearbyPOI{POI: p, Distance: -1})
	}
	slices.SortFunc(in, func(a, b NearbyPOI) int {
		if c := b.POI.CheckinNum - a.POI.CheckinNum; c != 0 {
			return c
		}
		return strings.Compare(a.POI.ID, b.POI.ID)
	})
	total := len(in)
	pg := q.Page.Bounded()
	lo := min(pg.Offset(), total)
	return in[lo:min(lo+pg.Count, total)], total, nil
}

// CentreNamed finds the point a by_geo cenname names: the most checked-in
// POI whose name or address contains it (in the city when given), else a
// city or district of the tables; no data otherwise.
func (s *Service) CentreNamed(ctx context.Context, name, city string) (lat, lng float64, err error) {
	ps, _, err := s.store.SearchPOIs(ctx, strings.TrimSpace(name), city, 0, domain.Page{Count: 1, Page: 1})
	if err != nil {
		return 0, 0, err
	}
	if len(ps) > 0 {
		return ps[0].Lat, ps[0].Lng, nil
	}
	if us := geo.FindUnits(name); len(us) > 0 {
		return us[0].Lat, us[0].Lng, nil
	}
	return 0, 0, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoData, Msg: "no place is named " + name}
}
