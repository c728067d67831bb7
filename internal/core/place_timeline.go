package core

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/ids"
)

// Place timelines (place.md 1-5, 19-20): located statuses, chosen by author
// or by distance. The location privacy rule of place_status.go applies: a
// user whose location is off is left out for everyone but themselves.

// GeoTimeline lists located statuses of one author, of the viewer's
// friends or of everyone (sel).
func (s *Service) GeoTimeline(ctx context.Context, viewer int64, sel domain.GeoSelect, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	if hidden, err := s.geoAuthorHidden(ctx, viewer, sel.UserID); err != nil || hidden {
		return &StatusList{Items: []*StatusView{}}, err
	}
	ids, total, err := s.store.GeoStatusIDs(ctx, sel, domain.StatusQuery{Page: p, Filter: f, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	return s.geoStatusList(ctx, viewer, ids, total)
}

// UserPlaceSummary is place/users/show: a user and their place counters.
type UserPlaceSummary struct {
	User   *UserView
	Counts domain.UserPlaceCounts
}

// UserPlaces shows a user's place counters; those of a user whose location
// is off are zero for others, as their lists are empty.
func (s *Service) UserPlaces(ctx context.Context, viewer, uid, appID int64) (*UserPlaceSummary, error) {
	u, err := s.oneUserView(ctx, viewer, uid)
	if err != nil {
		return nil, err
	}
	out := &UserPlaceSummary{User: u}
	if geoHidden(viewer, u.User) || u.Rel.Blocked() {
		return out, nil
	}
	if out.Counts, err = s.store.UserPlaceCounts(ctx, uid, viewer == uid, appID); err != nil {
		return nil, err
	}
	return out, nil
}

// Nearby sort orders.
const (
	NearbyByTime     = 0
	NearbyByDistance = 1
)

// NearbyStatusQuery is a search of located statuses around a point.
type NearbyStatusQuery struct {
	Lat, Lng   float64 // GCJ-02
	Radius     float64 // metres
	Start, End time.Time
	Sort       int // NearbyByTime or NearbyByDistance
	PhotoOnly  bool
	AppID      int64 // base_app
}

// nearbyStatus is a candidate of a nearby search.
type nearbyStatus struct {
	g        domain.GeoStatus
	distance float64
	user     *domain.User
}

// nearbyStatuses reads the public located statuses within the radius: at
// most MaxNearbyCandidates of the newest in the covering cells, kept when
// within the exact distance and shown to the viewer (not blocked either
// way, location on), ordered as asked.
func (s *Service) nearbyStatuses(ctx context.Context, viewer int64, q NearbyStatusQuery) ([]nearbyStatus, error) {
	gq := domain.GeoQuery{PhotoOnly: q.PhotoOnly, AppID: q.AppID}
	if !q.Start.IsZero() {
		gq.SinceID = max(ids.MinIDAt(q.Start)-1, 0)
	}
	if !q.End.IsZero() {
		gq.MaxID = ids.MinIDAt(q.End.Add(time.Second)) - 1
		if gq.MaxID <= gq.SinceID || gq.MaxID <= 0 {
			return nil, nil
		}
	}
	cands, err := readRings(q.Lat, q.Lng, q.Radius, MaxNearbyCandidates, func(rs []domain.CellRange, n int) ([]domain.GeoStatus, error) {
		return s.store.PublicGeoStatusesInCells(ctx, rs, gq, n)
	})
	if err != nil {
		return nil, err
	}
	// Newest first: the order of the time sort and of each user's first.
	slices.SortFunc(cands, func(a, b domain.GeoStatus) int { return cmp.Compare(b.StatusID, a.StatusID) })
	var in []nearbyStatus
	authors := map[int64]bool{}
	var authorIDs []int64
	for _, g := range cands {
		lat, lng := geo.CellPoint(g.Cell)
		d := geo.Distance(q.Lat, q.Lng, lat, lng)
		if d > q.Radius {
			continue
		}
		in = append(in, nearbyStatus{g: g, distance: d})
		if !authors[g.UserID] {
			authors[g.UserID] = true
			authorIDs = append(authorIDs, g.UserID)
		}
	}
	if len(in) == 0 {
		return nil, nil
	}
	users, err := s.store.UsersByIDs(ctx, authorIDs)
	if err != nil {
		return nil, err
	}
	rels := map[int64]domain.Relationship{}
	if viewer != 0 {
		if rels, err = s.store.Relationships(ctx, viewer, authorIDs); err != nil {
			return nil, err
		}
	}
	in = slices.DeleteFunc(in, func(n nearbyStatus) bool {
		u := users[n.g.UserID]
		return u == nil || geoHidden(viewer, u) || rels[u.ID].Blocked()
	})
	for i := range in {
		in[i].user = users[in[i].g.UserID]
	}
	if q.Sort == NearbyByDistance {
		slices.SortStableFunc(in, func(a, b nearbyStatus) int {
			switch {
			case a.distance < b.distance:
				return -1
			case a.distance > b.distance:
				return 1
			}
			return 0 // the newer first, as sorted
		})
	}
	return in, nil
}

// NearbyStatuses lists located statuses around a point
// (place/nearby_timeline, place/nearby/photos).
func (s *Service) NearbyStatuses(ctx context.Context, viewer int64, q NearbyStatusQuery, p domain.Page) (*StatusList, error) {
	in, err := s.nearbyStatuses(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	p = p.Bounded()
	lo := min(p.Offset(), len(in))
	page := in[lo:min(lo+p.Count, len(in))]
	ids := make([]int64, len(page))
	for i, n := range page {
		ids[i] = n.g.StatusID
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: len(in), Hidden: hidden}, nil
}

// NearbyUser is someone who posted a located status near a point: the
// newest such status's distance and time.
type NearbyUser struct {
	User     *UserView
	Distance float64
	At       time.Time
}

// NearbyUsers lists the people who posted located statuses around a point
// (place/nearby/users), each once.
func (s *Service) NearbyUsers(ctx context.Context, viewer int64, q NearbyStatusQuery, c domain.Cursor) ([]NearbyUser, int, error) {
	in, err := s.nearbyStatuses(ctx, viewer, q)
	if err != nil {
		return nil, 0, err
	}
	seen := map[int64]bool{}
	var all []nearbyStatus
	for _, n := range in { // in order: each user's first is their newest (or nearest)
		if !seen[n.g.UserID] {
			seen[n.g.UserID] = true
			all = append(all, n)
		}
	}
	return nearbyUserPage(ctx, s, viewer, all, c, func(n nearbyStatus) (int64, float64, time.Time) {
		return n.g.UserID, n.distance, ids.TimeOf(n.g.StatusID)
	})
}
