package apiutil

import (
	"math"

	"github.com/weibo-server/weibo/internal/domain"
)

// MaxPage bounds page: a larger page number is rejected rather than clamped,
// since clamping would silently answer with a different page.
const MaxPage = math.MaxInt32

// ReadPage reads Sina's id-window paging (README §6): since_id and max_id
// (int64 >= 0, default 0 = open), count (1..maxCount, default defCount,
// values above maxCount clamped) and page (>= 1, default 1).
func ReadPage(p Params, defCount, maxCount int) (domain.Page, error) {
	var pg domain.Page
	var err error
	if pg.SinceID, err = nonNegative64(p, "since_id"); err != nil {
		return domain.Page{}, err
	}
	if pg.MaxID, err = nonNegative64(p, "max_id"); err != nil {
		return domain.Page{}, err
	}
	if pg.Count, err = p.Int("count", defCount, 1, maxCount); err != nil {
		return domain.Page{}, err
	}
	if pg.Page, err = p.IntIn("page", 1, 1, MaxPage); err != nil {
		return domain.Page{}, err
	}
	return pg, nil
}

// ReadCursor reads user-list paging: cursor (>= 0, default 0) and count
// (1..maxCount, default defCount, clamped above).
func ReadCursor(p Params, defCount, maxCount int) (domain.Cursor, error) {
	var c domain.Cursor
	var err error
	if c.Cursor, err = p.Int("cursor", 0, 0, math.MaxInt32); err != nil {
		return domain.Cursor{}, err
	}
	if c.Count, err = p.Int("count", defCount, 1, maxCount); err != nil {
		return domain.Cursor{}, err
	}
	return c, nil
}

func nonNegative64(p Params, name string) (int64, error) {
	n, err := p.Int64(name, 0)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, domain.BadParam(name, "int64 >= 0", p.String(name))
	}
	return n, nil
}
