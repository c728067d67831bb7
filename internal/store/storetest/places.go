package storetest

import (
	"slices"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

func testPlaces(f *fx) {
	u := f.users("placer")[0].ID
	mk := func(id, title string, lat, lng float64, checkins int) domain.POI {
		p := domain.POI{ID: id, Title: title, Address: "路" + id, Category: 64, City: "0010", Lat: lat, Lng: lng,
			Cell: geo.Cell(lat, lng), UserID: u, Created: f.tick(), CheckinNum: checkins}
		f.tx(func(tx domain.Tx) error { return tx.InsertPOI(f.ctx, &p) })
		return p
	}
	a := mk("A0000000000000000001", "咖啡_馆", 39.9, 116.4, 3)
	b := mk("A0000000000000000002", "Cafe", 39.91, 116.41, 5)
	c := mk("A0000000000000000003", "far south", -60, -100, 0) // face 4/5: a negative cell
	got, err := f.s.POIByID(f.ctx, a.ID)
	f.ok("POIByID", err)
	f.eq("POIByID", a, *got)
	_, err = f.s.POIByID(f.ctx, "nope")
	f.kind("POIByID missing", err, domain.KindNotFound, domain.ReasonPOINotFound)

	ps, total, err := f.s.SearchPOIs(f.ctx, "CAFE", "", 0, domain.Page{Count: 10, Page: 1})
	f.ok("SearchPOIs", err)
	f.eq("SearchPOIs case-insensitive", 1, total)
	f.eq("SearchPOIs hit", b.ID, ps[0].ID)
	_, total, _ = f.s.SearchPOIs(f.ctx, "_", "", 0, domain.Page{Count: 10, Page: 1})
	f.eq("SearchPOIs: _ is no wildcard", 1, total)
	ps, total, _ = f.s.SearchPOIs(f.ctx, "路", "0010", 64, domain.Page{Count: 1, Page: 1})
	f.eq("SearchPOIs total", 3, total)
	f.eq("SearchPOIs most checked-in first", b.ID, ps[0].ID)

	ids := func(ps []domain.POI) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		slices.Sort(out)
		return out
	}
	near, err := f.s.POIsInCells(f.ctx, geo.Cover(39.9, 116.4, 2000), 100)
	f.ok("POIsInCells", err)
	f.eq("POIsInCells", []string{a.ID, b.ID}, ids(near))
	south, _ := f.s.POIsInCells(f.ctx, geo.Cover(-60, -100, 1000), 100)
	f.eq("POIsInCells negative cells", []string{c.ID}, ids(south))
	few, _ := f.s.POIsInCells(f.ctx, geo.Cover(39.9, 116.4, 2000), 1)
	f.eq("POIsInCells limit", 1, len(few))
}
