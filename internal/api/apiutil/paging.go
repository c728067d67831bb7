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
//
// A page that starts at or past domain.MaxPageDepth items is lowered to the
// first page past the depth (Page.Bounded), which the core and the stores
// answer empty (with the real total where the list has one) without reading
// any: no client number reaches an allocation or a SQL OFFSET past the
// depth, and a client that pages until it gets an empty page stops there.
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
	return pg.Bounded(), nil
}

// ReadCursor reads user-list paging: cursor (>= 0, default 0) and count
// (1..maxCount, default defCount, clamped above). A cursor past
// domain.MaxCursorDepth is lowered to it (Cursor.Bounded): the core answers
// a cursor at the depth with the list's total and no entries.
func ReadCursor(p Params, defCount, maxCount int) (domain.Cursor, error) {
	var c domain.Cursor
	var err error
	if c.Cursor, err = p.Int("cursor", 0, 0, math.MaxInt32); err != nil {
		return domain.Cursor{}, err
	}
	if c.Count, err = p.Int("count", defCount, 1, maxCount); err != nil {
		return domain.Cursor{}, err
	}
	return c.Bounded(), nil
}

// ReadPageCursor reads page-style paging (count, page) of a user list as a
// cursor, with ReadCursor's depth.
func ReadPageCursor(p Params, defCount, maxCount int) (domain.Cursor, error) {
	count, err := p.Int("count", defCount, 1, maxCount)
	if err != nil {
		return domain.Cursor{}, err
	}
	page, err := p.IntIn("page", 1, 1, MaxPage)
	if err != nil {
		return domain.Cursor{}, err
	}
	// (page-1)*count fits an int: page < 2^31 and count is the server's.
	return domain.Cursor{Cursor: (page - 1) * count, Count: count}.Bounded(), nil
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
