package sqlstore

import (
	"context"
	"database/sql"
	"math/bits"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
)

const poiCols = `id, title, address, category, city, province, country, phone, postcode, extra, lat, lng, cell,
	user_id, app_id, created_at, checkin_num, checkin_user_num, tip_num, photo_num, todo_num, last_checkin_at`

func scanPOI(sc interface{ Scan(...any) error }) (domain.POI, error) {
	var p domain.POI
	var created, last int64
	err := sc.Scan(&p.ID, &p.Title, &p.Address, &p.Category, &p.City, &p.Province, &p.Country, &p.Phone, &p.Postcode,
		&p.Extra, &p.Lat, &p.Lng, &p.Cell, &p.UserID, &p.AppID, &created, &p.CheckinNum, &p.CheckinUserNum,
		&p.TipNum, &p.PhotoNum, &p.TodoNum, &last)
	p.Created, p.LastCheckin = fromMillis(created), fromMillis(last)
	return p, err
}

func scanPOIs(rows *sql.Rows, what string) ([]domain.POI, error) {
	defer rows.Close()
	var out []domain.POI
	for rows.Next() {
		p, err := scanPOI(rows)
		if err != nil {
			return nil, dbErr(err, what, "")
		}
		out = append(out, p)
	}
	return out, dbErr(rows.Err(), what, "")
}

func (r *reads) POIByID(ctx context.Context, id string) (*domain.POI, error) {
	p, err := scanPOI(r.c.queryRow(ctx, "SELECT "+poiCols+" FROM places_pois WHERE id = ?", id))
	if err != nil {
		return nil, dbErr(err, "poi", domain.ReasonPOINotFound)
	}
	return &p, nil
}

func (r *reads) SearchPOIs(ctx context.Context, keyword, city string, category int, pg domain.Page) ([]domain.POI, int, error) {
	where, args := []string{"(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(address) LIKE ? ESCAPE '\\')"},
		[]any{likeContains(keyword), likeContains(keyword)}
	if city != "" {
		where, args = append(where, "city = ?"), append(args, city)
	}
	if category != 0 {
		where, args = append(where, "category = ?"), append(args, category)
	}
	w := strings.Join(where, " AND ")
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM places_pois WHERE "+w, args...)
	if err != nil {
		return nil, 0, dbErr(err, "search pois", "")
	}
	pg = pg.Bounded()
	if pg.Count <= 0 || pg.Offset() >= total {
		return nil, total, nil
	}
	rows, err := r.c.query(ctx, "SELECT "+poiCols+" FROM places_pois WHERE "+w+
		" ORDER BY checkin_num DESC, id LIMIT ? OFFSET ?", append(args, pg.Count, pg.Offset())...)
	if err != nil {
		return nil, 0, dbErr(err, "search pois", "")
	}
	out, err := scanPOIs(rows, "search pois")
	return out, total, err
}

func (r *reads) POIsInCells(ctx context.Context, ranges []domain.CellRange, limit int) ([]domain.POI, error) {
	if len(ranges) == 0 || limit <= 0 {
		return nil, nil
	}
	var b builder
	cellScan(&b, poiCols, "places_pois", "", ranges, limit, nil)
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "nearby pois", "")
	}
	out, err := scanPOIs(rows, "nearby pois")
	return out[:min(len(out), limit)], err
}

// cellScan writes one read of the rows in cell ranges, at most limit
// rounded up to scanLimit's bucket (callers keep the first limit): each
// range its own index scan with its own LIMIT, the scans joined by UNION
// ALL under the overall LIMIT. Both engines then stop reading once the
// limit is out; an OR of BETWEENs would let PostgreSQL OR bitmaps of every
// matching entry first. pre is a condition before the cell's ("public = 1
// AND"), filter adds any after it.
//
// The statement comes in few shapes, so that the statement cache holds
// them prepared: parsing a fresh UNION of a dozen selects costs SQLite more
// than running it. The number of scans is padded with empty ranges
// (BETWEEN 1 AND 0, one index probe each) up to a power of two, and the
// LIMITs are literals of a bucket, not parameters: SQLite re-prepares a
// compound SELECT whose LIMIT is a bound parameter every time the value
// changes (it plans with the value), which made each nearby read a parse.
func cellScan(b *builder, cols, table, pre string, ranges []domain.CellRange, limit int, filter func(*builder)) {
	if n := paddedScans(len(ranges)); n > len(ranges) {
		padded := make([]domain.CellRange, n)
		copy(padded, ranges)
		for i := len(ranges); i < n; i++ {
			padded[i] = domain.CellRange{Lo: 1, Hi: 0}
		}
		ranges = padded
	}
	lim := strconv.Itoa(scanLimit(limit))
	for i, rg := range ranges {
		if i > 0 {
			b.add(" UNION ALL ")
		}
		b.add("SELECT * FROM (SELECT "+cols+" FROM "+table+" WHERE "+pre+" cell BETWEEN ? AND ?", rg.Lo, rg.Hi)
		if filter != nil {
			filter(b)
		}
		b.add(" LIMIT " + lim + ") AS t" + strconv.Itoa(i))
	}
	b.add(" LIMIT " + lim)
}

// paddedScans is n rounded up to a power of two, at least 4.
func paddedScans(n int) int {
	p := 4
	for p < n {
		p *= 2
	}
	return p
}

// scanLimit rounds a positive limit up to a quarter of its power of two
// (5000 → 5120), at least 16: at most a quarter more rows, four statement
// shapes an octave.
func scanLimit(n int) int {
	if n <= 16 {
		return 16
	}
	step := 1 << (bits.Len(uint(n)) - 3)
	return (n + step - 1) / step * step
}

func (t *tx) InsertPOI(ctx context.Context, p *domain.POI) error {
	_, err := t.c.exec(ctx, "INSERT INTO places_pois ("+poiCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		p.ID, p.Title, p.Address, p.Category, p.City, p.Province, p.Country, p.Phone, p.Postcode, p.Extra, p.Lat, p.Lng,
		p.Cell, p.UserID, p.AppID, toMillis(p.Created), p.CheckinNum, p.CheckinUserNum, p.TipNum, p.PhotoNum, p.TodoNum,
		toMillis(p.LastCheckin))
	if err != nil && isUniqueViolation(err) {
		return &domain.Error{Kind: domain.KindInternal, Msg: "poi id taken", Err: domain.ErrIDTaken}
	}
	return dbErr(err, "insert poi", "")
}

const locationPOICols = `l.app_id, l.srcid, l.user_id, l.city_name, l.category_name, l.pic_url, l.url, l.tags, l.description,
	l.intro, l.traffic, l.created_at`

func (r *reads) LocationPOIs(ctx context.Context, appID int64, srcids []int64) ([]domain.LocationPOI, error) {
	if len(srcids) == 0 {
		return nil, nil
	}
	var b builder
	b.add("SELECT "+locationPOICols+", "+prefixCols("p.", poiCols)+
		" FROM location_pois l JOIN places_pois p ON p.id = l.poi_id WHERE l.app_id = ? AND l.srcid IN (", appID)
	for i, id := range srcids {
		if i > 0 {
			b.add(", ")
		}
		b.add("?", id)
	}
	b.add(") ORDER BY l.srcid")
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "location pois", "")
	}
	defer rows.Close()
	var out []domain.LocationPOI
	for rows.Next() {
		var l domain.LocationPOI
		var created int64
		p := &l.POI
		var pCreated, last int64
		if err := rows.Scan(&l.AppID, &l.SrcID, &l.UserID, &l.CityName, &l.CategoryName, &l.PicURL, &l.URL, &l.Tags,
			&l.Description, &l.Intro, &l.Traffic, &created,
			&p.ID, &p.Title, &p.Address, &p.Category, &p.City, &p.Province, &p.Country, &p.Phone, &p.Postcode,
			&p.Extra, &p.Lat, &p.Lng, &p.Cell, &p.UserID, &p.AppID, &pCreated, &p.CheckinNum, &p.CheckinUserNum,
			&p.TipNum, &p.PhotoNum, &p.TodoNum, &last); err != nil {
			return nil, dbErr(err, "location pois", "")
		}
		l.Created, p.Created, p.LastCheckin = fromMillis(created), fromMillis(pCreated), fromMillis(last)
		out = append(out, l)
	}
	return out, dbErr(rows.Err(), "location pois", "")
}

func (t *tx) InsertLocationPOI(ctx context.Context, l *domain.LocationPOI) error {
	_, err := t.c.exec(ctx, `INSERT INTO location_pois (app_id, srcid, poi_id, user_id, city_name, category_name, pic_url,
		url, tags, description, intro, traffic, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.AppID, l.SrcID, l.POI.ID, l.UserID, l.CityName, l.CategoryName, l.PicURL, l.URL, l.Tags, l.Description,
		l.Intro, l.Traffic, toMillis(l.Created))
	if err != nil && isUniqueViolation(err) {
		return &domain.Error{Kind: domain.KindConflict, Param: "srcid", Msg: "srcid already used by this app", Err: err}
	}
	return dbErr(err, "insert location poi", "")
}
