package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Place statuses (check-ins, tips, photos, todos), the visits they count
// and the geo index of located statuses (migration 00091).

const placeStatusCols = "status_id, poi_id, user_id, app_id, kind, photo, created_at"

func (r *reads) PlaceStatusOf(ctx context.Context, statusID int64) (*domain.PlaceStatus, error) {
	var p domain.PlaceStatus
	var photo int
	var created int64
	err := r.c.queryRow(ctx, "SELECT "+placeStatusCols+" FROM place_statuses WHERE status_id = ?", statusID).
		Scan(&p.StatusID, &p.POIID, &p.UserID, &p.AppID, &p.Kind, &photo, &created)
	if err != nil {
		return nil, dbErr(err, "place status", "")
	}
	p.Photo, p.CreatedAt = photo != 0, fromMillis(created)
	return &p, nil
}

func (r *reads) PlaceStatusIDs(ctx context.Context, q domain.PlaceStatusQuery) ([]int64, int, error) {
	var w builder
	w.add("1 = 1")
	if q.POIID != "" {
		w.add(" AND poi_id = ?", q.POIID)
	}
	if q.UserID != 0 {
		w.add(" AND user_id = ?", q.UserID)
	}
	if q.Kind != 0 {
		w.add(" AND kind = ?", int(q.Kind))
	}
	if q.Photo {
		w.add(" AND photo = 1")
	}
	if q.AppID != 0 {
		w.add(" AND app_id = ?", q.AppID)
	}
	ids, total, err := r.pageOf(ctx, "place_statuses", one(w.String(), w.args...), &builder{}, "status_id", q.Page, true)
	return ids, total, dbErr(err, "place statuses", "")
}

func (r *reads) visits(ctx context.Context, what, col string, key any, c domain.Cursor) ([]domain.PlaceVisit, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM place_visits WHERE "+col+" = ?", key)
	if err != nil {
		return nil, 0, dbErr(err, what, "")
	}
	c = c.Bounded()
	if c.Count <= 0 || c.Cursor >= total {
		return nil, total, nil
	}
	rows, err := r.c.query(ctx, "SELECT poi_id, user_id, checkins, last_at FROM place_visits WHERE "+col+
		" = ? ORDER BY last_at DESC, poi_id, user_id LIMIT ? OFFSET ?", key, c.Count, c.Cursor)
	if err != nil {
		return nil, 0, dbErr(err, what, "")
	}
	defer rows.Close()
	var out []domain.PlaceVisit
	for rows.Next() {
		var v domain.PlaceVisit
		var last int64
		if err := rows.Scan(&v.POIID, &v.UserID, &v.Checkins, &last); err != nil {
			return nil, 0, dbErr(err, what, "")
		}
		v.Last = fromMillis(last)
		out = append(out, v)
	}
	return out, total, dbErr(rows.Err(), what, "")
}

func (r *reads) POIVisitors(ctx context.Context, poiID string, c domain.Cursor) ([]domain.PlaceVisit, int, error) {
	return r.visits(ctx, "poi visitors", "poi_id", poiID, c)
}

func (r *reads) UserVisits(ctx context.Context, userID int64, c domain.Cursor) ([]domain.PlaceVisit, int, error) {
	return r.visits(ctx, "user visits", "user_id", userID, c)
}

func (r *reads) POIsByIDs(ctx context.Context, ids []string) (map[string]*domain.POI, error) {
	out := map[string]*domain.POI{}
	seen := map[string]bool{}
	var uniq []any
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	for len(uniq) > 0 {
		part := uniq[:min(len(uniq), maxBatch)]
		uniq = uniq[len(part):]
		rows, err := r.c.query(ctx, "SELECT "+poiCols+" FROM places_pois WHERE id IN ("+placeholders(len(part))+")", part...)
		if err != nil {
			return nil, dbErr(err, "pois by ids", "")
		}
		ps, err := scanPOIs(rows, "pois by ids")
		if err != nil {
			return nil, err
		}
		for i := range ps {
			out[ps[i].ID] = &ps[i]
		}
	}
	return out, nil
}

// PublicGeoStatusesInCells reads the cell index only, at most limit rows
// in no particular order (cellScan).
func (r *reads) PublicGeoStatusesInCells(ctx context.Context, ranges []domain.CellRange, q domain.GeoQuery, limit int) ([]domain.GeoStatus, error) {
	if len(ranges) == 0 || limit <= 0 {
		return nil, nil
	}
	var b builder
	cellScan(&b, "status_id, user_id, app_id, cell, photo", "geo_statuses", "public = 1 AND", ranges, limit, func(b *builder) {
		if q.PhotoOnly {
			b.add(" AND photo = 1")
		}
		if q.AppID != 0 {
			b.add(" AND app_id = ?", q.AppID)
		}
		pageBounds(b, domain.Page{SinceID: q.SinceID, MaxID: q.MaxID}, "status_id")
	})
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "nearby statuses", "")
	}
	defer rows.Close()
	var out []domain.GeoStatus
	for rows.Next() {
		var g domain.GeoStatus
		var photo int
		if err := rows.Scan(&g.StatusID, &g.UserID, &g.AppID, &g.Cell, &photo); err != nil {
			return nil, dbErr(err, "nearby statuses", "")
		}
		g.Public, g.Photo = true, photo != 0
		out = append(out, g)
	}
	return out[:min(len(out), limit)], dbErr(rows.Err(), "nearby statuses", "")
}

func (t *tx) InsertPlaceStatus(ctx context.Context, p *domain.PlaceStatus) error {
	_, err := t.c.exec(ctx, "INSERT INTO place_statuses ("+placeStatusCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		p.StatusID, p.POIID, p.UserID, p.AppID, int(p.Kind), boolInt(p.Photo), toMillis(p.CreatedAt))
	return dbErr(err, "insert place status", "")
}

func (t *tx) DeletePlaceStatus(ctx context.Context, statusID int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM place_statuses WHERE status_id = ?", statusID)
	if err != nil {
		return dbErr(err, "delete place status", "")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return notFound("place status", "")
	}
	return nil
}

func (t *tx) AddPOICounts(ctx context.Context, poiID string, d domain.POICounts) error {
	var b builder
	b.add("UPDATE places_pois SET ")
	sep := ""
	for _, f := range []struct {
		col string
		n   int
	}{{"checkin_num", d.Checkins}, {"checkin_user_num", d.CheckinUsers}, {"tip_num", d.Tips},
		{"photo_num", d.Photos}, {"todo_num", d.Todos}} {
		if f.n != 0 {
			b.add(sep+f.col+" = "+t.c.d.clampAdd(f.col), f.n)
			sep = ", "
		}
	}
	if !d.LastCheckin.IsZero() {
		b.add(sep+"last_checkin_at = "+t.c.d.greatest+"(last_checkin_at, ?)", toMillis(d.LastCheckin))
		sep = ", "
	}
	if sep == "" {
		return nil
	}
	b.add(" WHERE id = ?", poiID)
	res, err := t.c.exec(ctx, b.String(), b.args...)
	if err != nil {
		return dbErr(err, "poi counts", "")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return notFound("poi", domain.ReasonPOINotFound)
	}
	return nil
}

func (t *tx) RecordVisit(ctx context.Context, poiID string, userID int64, at time.Time) (bool, error) {
	var n int
	err := t.c.queryRow(ctx, `INSERT INTO place_visits (poi_id, user_id, checkins, last_at) VALUES (?, ?, 1, ?)
		ON CONFLICT (poi_id, user_id) DO UPDATE SET checkins = place_visits.checkins + 1,
		last_at = `+t.c.d.greatest+`(place_visits.last_at, excluded.last_at) RETURNING checkins`,
		poiID, userID, toMillis(at)).Scan(&n)
	if err != nil {
		return false, dbErr(err, "record visit", "")
	}
	return n == 1, nil
}

func (t *tx) RecountVisit(ctx context.Context, poiID string, userID int64) (bool, error) {
	var n int
	var last int64
	err := t.c.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(created_at), 0) FROM place_statuses
		WHERE user_id = ? AND kind = ? AND poi_id = ?`, userID, int(domain.PlaceCheckin), poiID).Scan(&n, &last)
	if err != nil {
		return false, dbErr(err, "recount visit", "")
	}
	if n > 0 {
		_, err = t.c.exec(ctx, "UPDATE place_visits SET checkins = ?, last_at = ? WHERE poi_id = ? AND user_id = ?",
			n, last, poiID, userID)
		return false, dbErr(err, "recount visit", "")
	}
	res, err := t.c.exec(ctx, "DELETE FROM place_visits WHERE poi_id = ? AND user_id = ?", poiID, userID)
	if err != nil {
		return false, dbErr(err, "recount visit", "")
	}
	gone, err := res.RowsAffected()
	return gone > 0, dbErr(err, "recount visit", "")
}

func (t *tx) IndexStatusGeo(ctx context.Context, g *domain.GeoStatus) error {
	_, err := t.c.exec(ctx, `INSERT INTO geo_statuses (status_id, user_id, app_id, lat, lng, cell, public, photo)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, g.StatusID, g.UserID, g.AppID, g.Lat, g.Lng, g.Cell, boolInt(g.Public), boolInt(g.Photo))
	return dbErr(err, "index status geo", "")
}

func (t *tx) UnindexStatusGeo(ctx context.Context, statusID int64) error {
	_, err := t.c.exec(ctx, "DELETE FROM geo_statuses WHERE status_id = ?", statusID)
	return dbErr(err, "unindex status geo", "")
}

func (r *reads) GeoStatusIDs(ctx context.Context, sel domain.GeoSelect, q domain.StatusQuery) ([]int64, int, error) {
	var a []arm
	switch {
	case sel.UserID != 0:
		a = one("g.user_id = ?", sel.UserID)
	case sel.FriendsOf != 0 && sel.Mutual:
		a = one(`g.user_id IN (SELECT f.followee_id FROM follows f JOIN follows b
			ON b.follower_id = f.followee_id AND b.followee_id = f.follower_id WHERE f.follower_id = ?)`, sel.FriendsOf)
	case sel.FriendsOf != 0:
		a = one("g.user_id IN (SELECT followee_id FROM follows WHERE follower_id = ? UNION ALL SELECT ?)",
			sel.FriendsOf, sel.FriendsOf)
	case sel.Public:
		a = one("g.public = 1")
	default:
		return nil, 0, nil
	}
	return r.statusTimeline(ctx, "located statuses", "geo_statuses g JOIN statuses s ON s.id = g.status_id", a,
		"g.status_id", q, true)
}

func (r *reads) UserPlaceCounts(ctx context.Context, userID int64, own bool, appID int64) (domain.UserPlaceCounts, error) {
	var c domain.UserPlaceCounts
	app, args := "", []any{userID}
	if appID != 0 {
		app, args = " AND app_id = ?", append(args, appID)
	}
	rows, err := r.c.query(ctx, `SELECT kind, COUNT(*), COALESCE(SUM(photo), 0) FROM place_statuses
		WHERE user_id = ?`+app+` GROUP BY kind`, args...)
	if err != nil {
		return c, dbErr(err, "user place counts", "")
	}
	defer rows.Close()
	for rows.Next() {
		var kind domain.PlaceKind
		var n, photos int
		if err := rows.Scan(&kind, &n, &photos); err != nil {
			return c, dbErr(err, "user place counts", "")
		}
		c.Photos += photos
		switch kind {
		case domain.PlaceCheckin:
			c.Checkins = n
		case domain.PlaceTip:
			c.Tips = n
		case domain.PlaceTodo:
			c.Todos = n
		}
	}
	if err := rows.Err(); err != nil {
		return c, dbErr(err, "user place counts", "")
	}
	q := "SELECT COUNT(*) FROM geo_statuses WHERE user_id = ?" + app
	if !own {
		q += " AND public = 1"
	}
	c.GeoStatuses, err = r.c.count(ctx, q, args...)
	return c, dbErr(err, "user place counts", "")
}
