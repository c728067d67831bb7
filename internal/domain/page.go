package domain

// Page selects a slice of an id-ordered list, newest first: items with
// SinceID < id <= MaxID (a zero bound is open), then the Page-th run of Count.
type Page struct {
	SinceID int64
	MaxID   int64
	Count   int
	Page    int // 1-based
}

// Offset is the number of items to skip after the id bounds are applied.
func (p Page) Offset() int {
	if p.Page <= 1 {
		return 0
	}
	return (p.Page - 1) * p.Count
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

// TimelineFilter narrows a status timeline (README §6).
type TimelineFilter struct {
	Feature        int   // 0 all, 1 original, 2 picture, 3 video, 4 music
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
	case 3, 4:
		// Video and music attachments do not exist on this server: nothing matches.
		return false
	}
	return true
}
