package domain

import (
	"context"
	"time"
)

// POI is a place of the place/* group (place.md): a row of its own, with
// counters the check-ins, tips, photos and todos move.
type POI struct {
	ID       string // poiid: 20 upper-case hex characters
	Title    string
	Address  string
	Category int
	City     string // 4-digit city code, "" when unknown
	Province string
	Country  string
	Phone    string
	Postcode string
	Extra    string
	Lat, Lng float64 // GCJ-02
	Cell     int64   // S2 leaf cell of the point (geo.Cell)
	UserID   int64   // who created it
	AppID    int64
	Created  time.Time

	CheckinNum     int
	CheckinUserNum int
	TipNum         int
	PhotoNum       int
	TodoNum        int
	LastCheckin    time.Time // zero when none
}

// CellRange is an inclusive range of stored S2 cell ids.
type CellRange struct{ Lo, Hi int64 }

// PlaceReader reads places.
type PlaceReader interface {
	// POIByID finds one POI (KindNotFound, ReasonPOINotFound when absent).
	POIByID(ctx context.Context, id string) (*POI, error)
	// SearchPOIs finds POIs whose title or address contains keyword, in
	// city when not "", of category when not 0, most checked-in first.
	SearchPOIs(ctx context.Context, keyword, city string, category int, p Page) ([]POI, int, error)
	// POIsInCells lists at most limit POIs whose cell lies in one of the
	// ranges (the candidates of a nearby search), in no particular order.
	POIsInCells(ctx context.Context, ranges []CellRange, limit int) ([]POI, error)
}

// PlaceWriter writes places.
type PlaceWriter interface {
	// InsertPOI stores a new POI (its ID already chosen).
	InsertPOI(ctx context.Context, p *POI) error
}
