package domain

import "math"

// Page selects a slice of an id-ordered list, newest first: items with
// SinceID < id <= MaxID (a zero bound is open), then the Page-th run of Count.
type Page struct {
	SinceID int64
	MaxID   int64
	Count   int
	Page    int // 1-based
}

// Offset is the number of items to skip after the id bounds are applied.
// It saturates at math.MaxInt instead of overflowing, so a huge Page is
// simply far past the end.
func (p Page) Offset() int {
	if p.Page <= 1 || p.Count <= 0 {
		return 0
	}
	if p.Page-1 > math.MaxInt/p.Count {
		return math.MaxInt
	}
	return (p.Page - 1) * p.Count
}

// PastDepth reports whether the page starts at or past MaxPageDepth: such a
// page is empty, whatever the list holds.
func (p Page) PastDepth() bool { return p.Count > 0 && p.Offset() >= MaxPageDepth }

// Bounded returns p with a Page past the depth lowered to the first page
// that starts past it: the same answer (an empty page) from an Offset below
// MaxPageDepth + Count, so that even code unaware of the depth never turns a
// client's page number into a huge offset or allocation.
func (p Page) Bounded() Page {
	if p.PastDepth() {
		p.Page = (MaxPageDepth-1)/p.Count + 2 // ceil(depth/count) pages skipped
	}
	return p
}

// Contains reports whether id lies within the page's id bounds.
func (p Page) Contains(id int64) bool {
	return (p.SinceID == 0 || id > p.SinceID) && (p.MaxID == 0 || id <= p.MaxID)
}

// Cursor selects a slice of a user list: Count items starting at position Cursor.
type Cursor struct {
	Cursor int
	Count  int
}

// PastDepth reports whether the cursor is at or past MaxCursorDepth: such a
// page is empty, whatever the list holds.
func (c Cursor) PastDepth() bool { return c.Cursor >= MaxCursorDepth }

// Bounded returns c with a Cursor past the depth lowered to the depth: the
// same (empty) answer, from a position no client can push further.
func (c Cursor) Bounded() Cursor {
	c.Cursor = min(c.Cursor, MaxCursorDepth)
	return c
}

// TimelineFilter narrows a status timeline (README §6).
type TimelineFilter struct {
	Feature        int   // 0 all, 1 original, 2 picture, 3 video, 4 music, 7 plain text (originals without pictures)
	BaseAppID      int64 // non-zero: only statuses posted through this app
	FilterByAuthor int   // 0 all, 1 people I follow, 2 strangers
	FilterByType   int   // 0 all, 1 originals only
}

// Active reports whether any filter is set.
func (f TimelineFilter) Active() bool {
	return f.Feature != 0 || f.BaseAppID != 0 || f.FilterByAuthor != 0 || f.FilterByType != 0
}

// Match reports whether s passes the author-independent parts of the filter.
func (f TimelineFilter) Match(s *Status) bool {
	if f.BaseAppID != 0 && s.AppID != f.BaseAppID {
		return false
	}
	if (f.FilterByType == 1 || f.Feature == 1) && s.RetweetedID != 0 {
		return false
	}
	switch f.Feature {
	case 2:
		if len(s.PicIDs) == 0 {
			return false
		}
	case 7:
		if s.RetweetedID != 0 || len(s.PicIDs) > 0 {
			return false
		}
	case 3, 4:
		// Video and music attachments do not exist on this server: nothing matches.
		return false
	}
	return true
}

// Paging depths. Offset paging (page, cursor) reaches only this far into any
// list; a page that starts at or past the depth is empty. Weibo itself served
// only the newest ~2,000 items of a timeline and 5,000 entries of a follower
// list (spec/sina-v2/README.md §6); since_id/max_id reach further, at the
// cost of one page each.
const (
	MaxPageDepth   = 2000 // items of a status or comment list, by page
	MaxCursorDepth = 5000 // entries of a user list, by cursor or page
)
