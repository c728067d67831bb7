package core

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// People nearby (place/nearby_users/*): a user publishes their position,
// which others find by distance until it expires or is withdrawn. The
// location privacy rule holds here too: with location off one cannot
// publish, and a position published before is no longer shown.

// NearbyPositionTTL is how long a published position is shown.
const NearbyPositionTTL = 24 * time.Hour

// PublishPosition publishes the viewer's position (GCJ-02).
func (s *Service) PublishPosition(ctx context.Context, v domain.Viewer, lat, lng float64) error {
	u, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return err
	}
	if !u.Privacy.Geo {
		return domain.E(domain.KindForbidden, domain.ReasonPrivacyForbidden,
			"your location is off (account privacy): turn it on to be found nearby")
	}
	now := s.now()
	p := &domain.NearbyPosition{UserID: v.UserID, Lat: lat, Lng: lng, Cell: geo.Cell(lat, lng), CreatedAt: now,
		ExpiresAt: now.Add(NearbyPositionTTL)}
	return s.store.InTx(ctx, func(tx domain.Tx) error { return tx.SetNearbyPosition(ctx, p) })
}

// WithdrawPosition withdraws the viewer's position, if any.
func (s *Service) WithdrawPosition(ctx context.Context, v domain.Viewer) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		_, err := tx.DeleteNearbyPosition(ctx, v.UserID)
		return err
	})
}

// People nearby orders.
const (
	PeopleByTime     = 0
	PeopleByDistance = 1
	PeopleBySocial   = 2 // mutual followers, then those one follows, then followers, then others; nearer first
)

// NearbyPeopleQuery is a search of published positions.
type NearbyPeopleQuery struct {
	Lat, Lng float64 // GCJ-02
	Radius   float64 // metres
	Sort     int
	Filter   int    // 0 everyone, 1 strangers (not followed), 2 people one follows
	Gender   string // "" any, "m", "f"
	Level    int    // 0 any, 1 ordinary, 2 verified (VIP), 7 达人 (none here)
	// Ages is set when an age window was asked for: no birthdays are
	// stored, so no one is known to be in it.
	Ages bool
}

func socialRank(r domain.Relationship) int {
	switch {
	case r.Following && r.FollowedBy:
		return 0
	case r.Following:
		return 1
	case r.FollowedBy:
		return 2
	}
	return 3
}

// NearbyPeople lists others who published a position within the radius,
// without those whose location is off or who block or are blocked by the
// viewer.
func (s *Service) NearbyPeople(ctx context.Context, viewer int64, q NearbyPeopleQuery, c domain.Cursor) ([]NearbyUser, int, error) {
	if q.Ages || q.Level == 7 {
		return []NearbyUser{}, 0, nil
	}
	now := s.now()
	cands, err := readRings(q.Lat, q.Lng, q.Radius, MaxNearbyCandidates, func(rs []domain.CellRange, n int) ([]domain.NearbyPosition, error) {
		return s.store.NearbyPositions(ctx, rs, now, n)
	})
	if err != nil {
		return nil, 0, err
	}
	// Newest first, as the stable sorts below expect.
	slices.SortFunc(cands, func(a, b domain.NearbyPosition) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.UserID, b.UserID)
	})
	type cand struct {
		p domain.NearbyPosition
		d float64
	}
	var in []cand
	var uids []int64
	for _, p := range cands {
		if p.UserID == viewer {
			continue
		}
		if d := geo.Distance(q.Lat, q.Lng, p.Lat, p.Lng); d <= q.Radius {
			in = append(in, cand{p, d})
			uids = append(uids, p.UserID)
		}
	}
	if len(in) == 0 {
		return []NearbyUser{}, 0, nil
	}
	byID, err := s.userViewsByID(ctx, viewer, uids, false)
	if err != nil {
		return nil, 0, err
	}
	in = slices.DeleteFunc(in, func(c cand) bool {
		u := byID[c.p.UserID]
		switch {
		case u == nil || geoHidden(viewer, u.User) || u.Rel.Blocked():
			return true
		case q.Filter == 1 && u.Rel.Following, q.Filter == 2 && !u.Rel.Following:
			return true
		case q.Gender != "" && u.User.Gender != q.Gender:
			return true
		case q.Level == 1 && u.User.Verified, q.Level == 2 && !u.User.Verified:
			return true
		}
		return false
	})
	slices.SortStableFunc(in, func(a, b cand) int {
		if q.Sort == PeopleBySocial {
			if d := socialRank(byID[a.p.UserID].Rel) - socialRank(byID[b.p.UserID].Rel); d != 0 {
				return d
			}
		}
		if q.Sort != PeopleByTime {
			switch {
			case a.d < b.d:
				return -1
			case a.d > b.d:
				return 1
			}
		}
		return b.p.CreatedAt.Compare(a.p.CreatedAt) // newest first
	})
	return nearbyUserPage(ctx, s, viewer, in, c, func(p cand) (int64, float64, time.Time) { return p.p.UserID, p.d, p.p.CreatedAt })
}

// nearbyUserPage shows the page c of a ranked nearby list of people: of
// gives an entry's user, distance and time; each user is read again with
// their newest status the viewer may see, and one the viewer may no longer
// see is left out of the page. The total is the whole list's.
func nearbyUserPage[T any](ctx context.Context, s *Service, viewer int64, all []T, c domain.Cursor,
	of func(T) (uid int64, distance float64, at time.Time)) ([]NearbyUser, int, error) {
	page := cursorPage(all, c)
	ids := make([]int64, len(page))
	for i, e := range page {
		ids[i], _, _ = of(e)
	}
	byID, err := s.userViewsByID(ctx, viewer, ids, true)
	if err != nil {
		return nil, 0, err
	}
	out := make([]NearbyUser, 0, len(page))
	for _, e := range page {
		uid, d, at := of(e)
		if u := byID[uid]; u != nil {
			out = append(out, NearbyUser{User: u, Distance: d, At: at})
		}
	}
	return out, len(all), nil
}
