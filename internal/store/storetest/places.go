package storetest

import (
	"time"

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
	box, _ := f.s.POIsInCells(f.ctx, geo.CoverRect(39.85, 116.35, 39.95, 116.45), 100)
	f.eq("POIsInCells box", []string{a.ID, b.ID}, ids(box))

	// The location service's srcids, per app.
	la := domain.LocationPOI{AppID: 7, SrcID: 1001, UserID: u, CityName: "北京", CategoryName: "写字楼", Tags: "t",
		Intro: `{"x":1}`, Traffic: "地铁", Created: f.tick(), POI: a}
	f.tx(func(tx domain.Tx) error { return tx.InsertLocationPOI(f.ctx, &la) })
	lb := domain.LocationPOI{AppID: 7, SrcID: 1002, UserID: u, Created: f.tick(), POI: b}
	f.tx(func(tx domain.Tx) error { return tx.InsertLocationPOI(f.ctx, &lb) })
	other := domain.LocationPOI{AppID: 8, SrcID: 1001, UserID: u, Created: f.tick(), POI: c}
	f.tx(func(tx domain.Tx) error { return tx.InsertLocationPOI(f.ctx, &other) })
	again := domain.LocationPOI{AppID: 7, SrcID: 1001, UserID: u, Created: f.tick(), POI: c}
	err = f.s.InTx(f.ctx, func(tx domain.Tx) error { return tx.InsertLocationPOI(f.ctx, &again) })
	f.kind("InsertLocationPOI srcid taken", err, domain.KindConflict, "")
	ls, err := f.s.LocationPOIs(f.ctx, 7, []int64{1002, 1001, 9})
	f.ok("LocationPOIs", err)
	f.eq("LocationPOIs", []domain.LocationPOI{la, lb}, ls)
	ls, _ = f.s.LocationPOIs(f.ctx, 8, []int64{1001, 1002})
	f.eq("LocationPOIs per app", 1, len(ls))
	f.eq("LocationPOIs per app", c.ID, ls[0].POI.ID)
}

func testPlaceStatuses(f *fx) {
	var us []int64
	for _, u := range f.users("visitor1", "visitor2") {
		us = append(us, u.ID)
	}
	poi := domain.POI{ID: "B0000000000000000001", Title: "店", Lat: 31.2, Lng: 121.5, Cell: geo.Cell(31.2, 121.5),
		UserID: us[0], Created: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.InsertPOI(f.ctx, &poi) })
	add := func(u int64, k domain.PlaceKind, photo bool) domain.PlaceStatus {
		p := domain.PlaceStatus{StatusID: f.id(), POIID: poi.ID, UserID: u, AppID: 7, Kind: k, Photo: photo, CreatedAt: f.tick()}
		f.tx(func(tx domain.Tx) error { return tx.InsertPlaceStatus(f.ctx, &p) })
		return p
	}
	c1 := add(us[0], domain.PlaceCheckin, false)
	c2 := add(us[0], domain.PlaceCheckin, true)
	t1 := add(us[1], domain.PlaceTip, false)
	got, err := f.s.PlaceStatusOf(f.ctx, c2.StatusID)
	f.ok("PlaceStatusOf", err)
	f.eq("PlaceStatusOf", c2, *got)
	_, err = f.s.PlaceStatusOf(f.ctx, 1)
	f.kind("PlaceStatusOf missing", err, domain.KindNotFound, "")
	ids, total, err := f.s.PlaceStatusIDs(f.ctx, domain.PlaceStatusQuery{POIID: poi.ID, Page: domain.Page{Count: 10}})
	f.ok("PlaceStatusIDs", err)
	f.eq("PlaceStatusIDs all", []int64{t1.StatusID, c2.StatusID, c1.StatusID}, ids)
	f.eq("PlaceStatusIDs total", 3, total)
	ids, _, _ = f.s.PlaceStatusIDs(f.ctx, domain.PlaceStatusQuery{UserID: us[0], Photo: true, AppID: 7, Page: domain.Page{Count: 10}})
	f.eq("PlaceStatusIDs photos", []int64{c2.StatusID}, ids)
	ids, _, _ = f.s.PlaceStatusIDs(f.ctx, domain.PlaceStatusQuery{Kind: domain.PlaceTip, Page: domain.Page{Count: 10}})
	f.eq("PlaceStatusIDs tips", []int64{t1.StatusID}, ids)

	// Visits: the first check-in is first; recounting after a delete.
	var first bool
	f.tx(func(tx domain.Tx) (err error) {
		first, err = tx.RecordVisit(f.ctx, poi.ID, us[0], c1.CreatedAt)
		return
	})
	f.eq("RecordVisit first", true, first)
	f.tx(func(tx domain.Tx) (err error) {
		first, err = tx.RecordVisit(f.ctx, poi.ID, us[0], c2.CreatedAt)
		return
	})
	f.eq("RecordVisit again", false, first)
	vs, total, err := f.s.POIVisitors(f.ctx, poi.ID, domain.Cursor{Count: 10})
	f.ok("POIVisitors", err)
	f.eq("POIVisitors", []domain.PlaceVisit{{POIID: poi.ID, UserID: us[0], Checkins: 2, Last: c2.CreatedAt}}, vs)
	f.eq("POIVisitors total", 1, total)
	var gone bool
	f.tx(func(tx domain.Tx) error {
		if err := tx.DeletePlaceStatus(f.ctx, c2.StatusID); err != nil {
			return err
		}
		gone, err = tx.RecountVisit(f.ctx, poi.ID, us[0])
		return err
	})
	f.eq("RecountVisit left one", false, gone)
	vs, _, _ = f.s.UserVisits(f.ctx, us[0], domain.Cursor{Count: 10})
	f.eq("UserVisits after recount", []domain.PlaceVisit{{POIID: poi.ID, UserID: us[0], Checkins: 1, Last: c1.CreatedAt}}, vs)
	f.tx(func(tx domain.Tx) error {
		if err := tx.DeletePlaceStatus(f.ctx, c1.StatusID); err != nil {
			return err
		}
		gone, err = tx.RecountVisit(f.ctx, poi.ID, us[0])
		return err
	})
	f.eq("RecountVisit none left", true, gone)
	err = f.txErr(func(tx domain.Tx) error { return tx.DeletePlaceStatus(f.ctx, c1.StatusID) })
	f.kind("DeletePlaceStatus twice", err, domain.KindNotFound, "")

	// Counters never go below zero; the last check-in only moves forward.
	f.tx(func(tx domain.Tx) error {
		return tx.AddPOICounts(f.ctx, poi.ID, domain.POICounts{Checkins: 2, Tips: -1, LastCheckin: c2.CreatedAt})
	})
	f.tx(func(tx domain.Tx) error {
		return tx.AddPOICounts(f.ctx, poi.ID, domain.POICounts{Checkins: -1, LastCheckin: c1.CreatedAt})
	})
	p, _ := f.s.POIByID(f.ctx, poi.ID)
	f.eq("AddPOICounts", [3]any{1, 0, c2.CreatedAt}, [3]any{p.CheckinNum, p.TipNum, p.LastCheckin})
	err = f.txErr(func(tx domain.Tx) error { return tx.AddPOICounts(f.ctx, "nope", domain.POICounts{Todos: 1}) })
	f.kind("AddPOICounts missing", err, domain.KindNotFound, domain.ReasonPOINotFound)
	m, err := f.s.POIsByIDs(f.ctx, []string{poi.ID, "nope", poi.ID})
	f.ok("POIsByIDs", err)
	f.eq("POIsByIDs", 1, len(m))

	// The geo index: public ones only, newest first, photo and app filters.
	geoAt := func(lat, lng float64, public, photo bool) int64 {
		g := domain.GeoStatus{StatusID: f.id(), UserID: us[1], AppID: 3, Lat: lat, Lng: lng, Cell: geo.Cell(lat, lng),
			Public: public, Photo: photo}
		f.tx(func(tx domain.Tx) error { return tx.IndexStatusGeo(f.ctx, &g) })
		return g.StatusID
	}
	g1 := geoAt(31.2, 121.5, true, false)
	g2 := geoAt(31.201, 121.501, true, true)
	geoAt(31.2, 121.5, false, true)
	geoAt(-33.9, 18.4, true, true)
	cover := geo.Cover(31.2, 121.5, 1000)
	gs, err := f.s.PublicGeoStatusesInCells(f.ctx, cover, domain.GeoQuery{}, 10)
	f.ok("PublicGeoStatusesInCells", err)
	var gids []int64
	for _, g := range gs {
		gids = append(gids, g.StatusID)
	}
	slices.Sort(gids)
	f.eq("PublicGeoStatusesInCells", []int64{g1, g2}, gids)
	gs, _ = f.s.PublicGeoStatusesInCells(f.ctx, cover, domain.GeoQuery{PhotoOnly: true, AppID: 3}, 10)
	f.eq("PublicGeoStatusesInCells photos", 1, len(gs))
	gs, _ = f.s.PublicGeoStatusesInCells(f.ctx, cover, domain.GeoQuery{MaxID: g1}, 10)
	f.eq("PublicGeoStatusesInCells max id", 1, len(gs))
	gs, _ = f.s.PublicGeoStatusesInCells(f.ctx, cover, domain.GeoQuery{}, 1)
	f.eq("PublicGeoStatusesInCells limit", 1, len(gs))
	f.tx(func(tx domain.Tx) error { return tx.UnindexStatusGeo(f.ctx, g2) })
	gs, _ = f.s.PublicGeoStatusesInCells(f.ctx, cover, domain.GeoQuery{}, 10)
	f.eq("UnindexStatusGeo", 1, len(gs))
}

func testNearbyPositions(f *fx) {
	u := f.users("nearby1")[0].ID
	now := f.tick()
	p := domain.NearbyPosition{UserID: u, Lat: 30.5, Lng: 114.3, Cell: geo.Cell(30.5, 114.3), CreatedAt: now,
		ExpiresAt: now.Add(time.Hour)}
	f.tx(func(tx domain.Tx) error { return tx.SetNearbyPosition(f.ctx, &p) })
	cover := geo.Cover(30.5, 114.3, 500)
	got, err := f.s.NearbyPositions(f.ctx, cover, now, 10)
	f.ok("NearbyPositions", err)
	f.eq("NearbyPositions", []domain.NearbyPosition{p}, got)
	got, _ = f.s.NearbyPositions(f.ctx, cover, now.Add(time.Hour), 10)
	f.eq("NearbyPositions expired", 0, len(got))
	moved := p
	moved.Lat, moved.Cell = -30.5, geo.Cell(-30.5, 114.3)
	f.tx(func(tx domain.Tx) error { return tx.SetNearbyPosition(f.ctx, &moved) })
	got, _ = f.s.NearbyPositions(f.ctx, cover, now, 10)
	f.eq("NearbyPositions replaced", 0, len(got))
	var found bool
	f.tx(func(tx domain.Tx) (err error) { found, err = tx.DeleteNearbyPosition(f.ctx, u); return })
	f.eq("DeleteNearbyPosition", true, found)
	f.tx(func(tx domain.Tx) (err error) { found, err = tx.DeleteNearbyPosition(f.ctx, u); return })
	f.eq("DeleteNearbyPosition again", false, found)
}
