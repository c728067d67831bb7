package core

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// Places (place.md): POIs are rows of their own, found by keyword or by
// distance through S2 cell ranges (internal/geo/cells.go).

// Place categories: only the nine roots of Sina's tree are known
// (place.md §17); a POI may carry any positive category id.
var PlaceCategories = []struct {
	ID   int
	Name string
}{{19, "出行住宿"}, {44, "楼宇机构"}, {51, "校园生活"}, {64, "餐饮美食"}, {115, "购物服务"},
	{169, "生活娱乐"}, {194, "公园户外"}, {258, "公司"}, {601, "地点"}}

// DefaultPlaceCategory is what a POI created without a category gets.
const DefaultPlaceCategory = 500

// CategoryName is the name of a known category, "" otherwise.
func CategoryName(id int) string {
	for _, c := range PlaceCategories {
		if c.ID == id {
			return c.Name
		}
	}
	return ""
}

// MaxNearbyCandidates bounds the rows a nearby search reads before the
// exact distance filter. The rings of the disc are read nearest first
// (readRings), so in an area denser than that the nearest are answered:
// the radius in effect shrinks.
const MaxNearbyCandidates = 5000

// readRings reads the rows of a disc ring by ring, nearest first
// (geo.Rings), each read asking only for what is still missing, and stops
// once limit rows are in: a crowded centre costs one small read, an empty
// disc a few reads of nothing.
func readRings[T any](lat, lng, radius float64, limit int, read func(ranges []domain.CellRange, n int) ([]T, error)) ([]T, error) {
	var out []T
	for _, ring := range geo.Rings(lat, lng, radius) {
		got, err := read(ring, limit-len(out))
		if err != nil {
			return nil, err
		}
		if out = append(out, got...); len(out) >= limit {
			break
		}
	}
	return out, nil
}

// NewPOI is place/pois/create's input; Lat/Lng are GCJ-02.
type NewPOI struct {
	Title, Address, City, Province, Country, Phone, Postcode, Extra string
	Category                                                        int
	Lat, Lng                                                        float64
}

func checkLen(param, v string, maxRunes int) error {
	if utf8.RuneCountInString(v) > maxRunes {
		return domain.BadParam(param, fmt.Sprintf("at most %d characters", maxRunes), v)
	}
	return nil
}

// CreatePOI stores a new place created by the viewer.
func (s *Service) CreatePOI(ctx context.Context, v domain.Viewer, in NewPOI) (*domain.POI, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		return nil, domain.MissingParam("title")
	}
	for _, c := range []struct {
		p, v string
		n    int
	}{{"title", in.Title, 30}, {"address", in.Address, 60}, {"phone", in.Phone, 14}, {"postcode", in.Postcode, 10},
		{"extra", in.Extra, 140}} {
		if err := checkLen(c.p, c.v, c.n); err != nil {
			return nil, err
		}
	}
	if in.City != "" {
		if _, ok := geo.UnitByCityCode(in.City); !ok {
			return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadCity, Param: "city", Got: in.City,
				Msg: "unknown city code " + in.City}
		}
	} else {
		// Without a city the place is in the prefecture nearest its point
		// (as location/pois/add does), so a city search finds it.
		in.City = cityCodeOf("", in.Lng, in.Lat)
	}
	if in.Category == 0 {
		in.Category = DefaultPlaceCategory
	}
	p := &domain.POI{Title: in.Title, Address: in.Address, Category: in.Category, City: in.City, Province: in.Province,
		Country: in.Country, Phone: in.Phone, Postcode: in.Postcode, Extra: in.Extra, Lat: in.Lat, Lng: in.Lng,
		Cell: geo.Cell(in.Lat, in.Lng), UserID: v.UserID, AppID: v.AppID, Created: s.now()}
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		p.ID = fmt.Sprintf("%020X", s.ids.Next())
		return tx.InsertPOI(ctx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// POI shows one place.
func (s *Service) POI(ctx context.Context, id string) (*domain.POI, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if id == "" {
		return nil, domain.MissingParam("poiid")
	}
	p, err := s.store.POIByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonPOINotFound, Param: "poiid", Got: id, Msg: "no place " + id, Err: err}
	}
	return p, err
}

// SearchPOIs finds places by keyword, in a city and of a category.
func (s *Service) SearchPOIs(ctx context.Context, keyword, city string, category int, pg domain.Page) ([]domain.POI, int, error) {
	keyword = strings.TrimSpace(keyword)
	if keyword == "" {
		return nil, 0, domain.MissingParam("keyword")
	}
	return s.store.SearchPOIs(ctx, keyword, city, category, pg)
}

// NearbyPOI is a place with its distance from the query point, in metres.
type NearbyPOI struct {
	POI      domain.POI
	Distance float64
}

// NearbyQuery is a nearby search of places.
type NearbyQuery struct {
	Lat, Lng float64 // GCJ-02
	Radius   float64 // metres
	Keyword  string
	Category int
	City     string // 4-digit city code; "" anywhere
	// Sort: 0 by weight (check-ins, then distance), 1 by distance, 3 by
	// check-in users.
	Sort int
	Page domain.Page
}

// NearbyPOIs lists the places within the radius: the store reads the
// rows of the covering cells, the exact distance keeps those inside.
func (s *Service) NearbyPOIs(ctx context.Context, q NearbyQuery) ([]NearbyPOI, int, error) {
	cands, err := readRings(q.Lat, q.Lng, q.Radius, MaxNearbyCandidates, func(rs []domain.CellRange, n int) ([]domain.POI, error) {
		return s.store.POIsInCells(ctx, rs, n)
	})
	if err != nil {
		return nil, 0, err
	}
	kw := strings.ToLower(strings.TrimSpace(q.Keyword))
	var in []NearbyPOI
	for _, p := range cands {
		d := geo.Distance(q.Lat, q.Lng, p.Lat, p.Lng)
		if d > q.Radius || q.Category != 0 && p.Category != q.Category || q.City != "" && p.City != q.City ||
			kw != "" && !strings.Contains(strings.ToLower(p.Title+" "+p.Address), kw) {
			continue
		}
		in = append(in, NearbyPOI{POI: p, Distance: d})
	}
	slices.SortFunc(in, func(a, b NearbyPOI) int {
		switch q.Sort {
		case 0:
			if c := b.POI.CheckinNum - a.POI.CheckinNum; c != 0 {
				return c
			}
		case 3:
			if c := b.POI.CheckinUserNum - a.POI.CheckinUserNum; c != 0 {
				return c
			}
		}
		switch {
		case a.Distance < b.Distance:
			return -1
		case a.Distance > b.Distance:
			return 1
		}
		return strings.Compare(a.POI.ID, b.POI.ID)
	})
	total := len(in)
	pg := q.Page.Bounded()
	lo := min(pg.Offset(), total)
	return in[lo:min(lo+pg.Count, total)], total, nil
}
