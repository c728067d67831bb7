package core

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/media"
	"github.com/weibo-server/weibo/internal/text"
)

// Place statuses (place.md writes 23-26): a check-in, tip, photo or todo is
// an ordinary public status, posted through the same transaction as any
// other (so it is in the author's and followers' timelines and shown by
// statuses/show under the same visibility rules), carrying the place as an
// annotation and its point as geo; a row of its own ties it to the POI,
// whose counters move in the same transaction.
//
// Geo privacy: a user whose location is off (account privacy "geo": 0) may
// not post at a place, and the place lists (POI timelines, visitors,
// nearby) leave out every status and user of someone whose location is
// off, except for that user themselves; blocks hide in both directions as
// everywhere.

// placeKindNames are the annotation's "type" of each kind.
var placeKindNames = map[domain.PlaceKind]string{domain.PlaceCheckin: "checkin", domain.PlaceTip: "tip",
	domain.PlacePhoto: "photo", domain.PlaceTodo: "todo"}

// PlaceStatusInput is one of the place writes.
type PlaceStatusInput struct {
	POIID string
	Kind  domain.PlaceKind
	Text  string
	RIP   string
	// Picture is the uploaded image: required for a photo, optional for a
	// check-in, refused for the others (the routes do not read one).
	Picture []byte
}

// placeAnnotation is the annotation place statuses carry (place.md:
// [{"place": {"poiid", "title", "lon", "lat", ...}}]).
func placeAnnotation(p *domain.POI, k domain.PlaceKind) (string, error) {
	b, err := json.Marshal([]map[string]map[string]string{{"place": {"poiid": p.ID, "title": p.Title,
		"lon": strconv.FormatFloat(p.Lng, 'f', -1, 64), "lat": strconv.FormatFloat(p.Lat, 'f', -1, 64),
		"type": placeKindNames[k]}}})
	if err != nil {
		return "", fmt.Errorf("place annotation: %w", err)
	}
	return string(b), nil
}

// PostPlaceStatus posts a check-in, tip, photo or todo at a POI.
func (s *Service) PostPlaceStatus(ctx context.Context, v domain.Viewer, in PlaceStatusInput) (*StatusView, error) {
	if _, ok := placeKindNames[in.Kind]; !ok {
		return nil, fmt.Errorf("place status of unknown kind %d", in.Kind)
	}
	poi, err := s.POI(ctx, in.POIID)
	if err != nil {
		return nil, err
	}
	ann, err := placeAnnotation(poi, in.Kind)
	if err != nil {
		return nil, err
	}
	post := PostStatusInput{Text: in.Text, RIP: in.RIP, Geo: &domain.Geo{Lat: poi.Lat, Long: poi.Lng}}
	vis, _, err := s.prepareStatus(v, &post)
	if err != nil {
		return nil, err
	}
	if in.Kind == domain.PlacePhoto && len(in.Picture) == 0 {
		return nil, media.ErrMissing()
	}
	author, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return nil, err
	}
	if !author.Privacy.Geo {
		return nil, domain.E(domain.KindForbidden, domain.ReasonPrivacyForbidden,
			"your location is off (account privacy): turn it on to post at a place")
	}
	if len(in.Picture) > 0 {
		pic, err := s.UploadPicture(ctx, v, in.Picture)
		if err != nil {
			return nil, err
		}
		post.PicIDs = []string{pic.ID}
	}
	st := &domain.Status{UserID: v.UserID, AppID: v.AppID, Text: post.Text, CreatedAt: s.now(), Visible: vis,
		Geo: post.Geo, Annotations: ann, RIP: post.RIP, PicIDs: post.PicIDs}
	ps := &domain.PlaceStatus{POIID: poi.ID, UserID: v.UserID, AppID: v.AppID, Kind: in.Kind,
		Photo: len(post.PicIDs) > 0, CreatedAt: st.CreatedAt}
	var ev domain.OutboxEvent
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		st.ID = s.ids.Next()
		ps.StatusID = st.ID
		var err error
		if st.Text, err = s.shortenLinks(ctx, tx, post.Text); err != nil {
			return err
		}
		if err := s.checkDuplicate(ctx, tx, st); err != nil {
			return err
		}
		if err := retainPictures(ctx, tx, st.UserID, st.PicIDs); err != nil {
			return err
		}
		if err := s.insertStatus(ctx, tx, st, text.Extract(st.Text), &ev); err != nil {
			return err
		}
		if err := tx.InsertPlaceStatus(ctx, ps); err != nil {
			return err
		}
		return s.countPlaceStatus(ctx, tx, ps, 1)
	})
	if err != nil {
		return nil, err
	}
	s.afterPost(ctx, st, ev)
	return s.viewOne(ctx, v.UserID, st)
}

// countPlaceStatus moves the POI's counters by d (1 posted, -1 deleted).
func (s *Service) countPlaceStatus(ctx context.Context, tx domain.Tx, ps *domain.PlaceStatus, d int) error {
	var c domain.POICounts
	switch ps.Kind {
	case domain.PlaceCheckin:
		c.Checkins = d
		var firstOrGone bool
		var err error
		if d > 0 {
			c.LastCheckin = ps.CreatedAt
			firstOrGone, err = tx.RecordVisit(ctx, ps.POIID, ps.UserID, ps.CreatedAt)
		} else {
			firstOrGone, err = tx.RecountVisit(ctx, ps.POIID, ps.UserID)
		}
		if err != nil {
			return err
		}
		if firstOrGone {
			c.CheckinUsers = d
		}
	case domain.PlaceTip:
		c.Tips = d
	case domain.PlaceTodo:
		c.Todos = d
	}
	if ps.Photo {
		c.Photos = d // a photo, or a check-in with a picture
	}
	return tx.AddPOICounts(ctx, ps.POIID, c)
}

// indexGeo enters a located status into the nearby index (insertStatus).
func indexGeo(ctx context.Context, tx domain.Tx, st *domain.Status) error {
	if st.Geo == nil {
		return nil
	}
	return tx.IndexStatusGeo(ctx, &domain.GeoStatus{StatusID: st.ID, UserID: st.UserID, AppID: st.AppID,
		Lat: st.Geo.Lat, Lng: st.Geo.Long, Cell: geo.Cell(st.Geo.Lat, st.Geo.Long),
		Public: st.Visible.Type == domain.VisiblePublic, Photo: len(st.PicIDs) > 0})
}

// unplaceStatus undoes what a deleted status added to places: its entry in
// the nearby index, its place row and the POI's counters (DestroyStatus).
func (s *Service) unplaceStatus(ctx context.Context, tx domain.Tx, st *domain.Status) error {
	if st.Geo == nil {
		return nil // every place status has geo
	}
	if err := tx.UnindexStatusGeo(ctx, st.ID); err != nil {
		return err
	}
	ps, err := tx.PlaceStatusOf(ctx, st.ID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := tx.DeletePlaceStatus(ctx, st.ID); err != nil {
		return err
	}
	return s.countPlaceStatus(ctx, tx, ps, -1)
}

// geoHidden reports whether u's location is kept from viewer: the user
// turned it off, and viewer is someone else.
func geoHidden(viewer int64, u *domain.User) bool {
	return u != nil && u.ID != viewer && !u.Privacy.Geo
}

// dropGeoHidden leaves out of a place list the statuses of authors whose
// location is off.
func dropGeoHidden(viewer int64, items []*StatusView) ([]*StatusView, bool) {
	n := len(items)
	items = slices.DeleteFunc(items, func(v *StatusView) bool { return v.User == nil || geoHidden(viewer, v.User.User) })
	return items, len(items) < n
}

// PlaceStatus shows one located status (place/statuses/show): a status the
// viewer may see that carries a place or a point, of an author whose
// location is on.
func (s *Service) PlaceStatus(ctx context.Context, viewer, id int64) (*StatusView, error) {
	v, err := s.ShowStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if v.Status.Geo == nil || v.User == nil || geoHidden(viewer, v.User.User) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo does not exist")
	}
	return v, nil
}

// PlaceStatuses lists place statuses (a POI's tips or photos, a user's
// check-ins, todos...) the viewer may see.
func (s *Service) PlaceStatuses(ctx context.Context, viewer int64, q domain.PlaceStatusQuery) (*StatusList, error) {
	if q.POIID != "" {
		p, err := s.POI(ctx, q.POIID)
		if err != nil {
			return nil, err
		}
		q.POIID = p.ID
	}
	if hidden, err := s.geoAuthorHidden(ctx, viewer, q.UserID); err != nil || hidden {
		return &StatusList{Items: []*StatusView{}}, err
	}
	ids, total, err := s.store.PlaceStatusIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.geoStatusList(ctx, viewer, ids, total)
}

// geoAuthorHidden reads the one author a located list is about (uid 0:
// none): unknown is the user-not-found error, hidden that their location
// is off to the viewer, so the list is empty.
func (s *Service) geoAuthorHidden(ctx context.Context, viewer, uid int64) (bool, error) {
	if uid == 0 {
		return false, nil
	}
	u, err := s.store.UserByID(ctx, uid)
	if domain.IsKind(err, domain.KindNotFound) {
		return false, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "user does not exist")
	}
	if err != nil {
		return false, err
	}
	return geoHidden(viewer, u), nil
}

// geoStatusList shows the statuses of a located list the viewer may see,
// without those of authors whose location is off.
func (s *Service) geoStatusList(ctx context.Context, viewer int64, ids []int64, total int) (*StatusList, error) {
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	items, geoOff := dropGeoHidden(viewer, items)
	return &StatusList{Items: items, Total: total, Hidden: hidden || geoOff}, nil
}

// userViewsByID is userViews keyed by user id; users the viewer may not
// see are absent.
func (s *Service) userViewsByID(ctx context.Context, viewer int64, ids []int64, withStatus bool) (map[int64]*UserView, error) {
	uvs, err := s.userViews(ctx, viewer, ids, withStatus)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*UserView, len(uvs))
	for _, u := range uvs {
		byID[u.User.ID] = u
	}
	return byID, nil
}

// cursorPage is the page c (bounded) of all.
func cursorPage[T any](all []T, c domain.Cursor) []T {
	c = c.Bounded()
	lo := min(c.Cursor, len(all))
	return all[lo:min(lo+c.Count, len(all))]
}

// Visitor is a user who checked in at a POI, with their newest check-in.
type Visitor struct {
	User      *UserView
	CheckinAt time.Time
}

// POIVisitors lists who checked in at a POI (place/pois/users), latest
// first, without users whose location is off or who block or are blocked
// by the viewer.
func (s *Service) POIVisitors(ctx context.Context, viewer int64, poiID string, c domain.Cursor) ([]Visitor, int, error) {
	p, err := s.POI(ctx, poiID)
	if err != nil {
		return nil, 0, err
	}
	visits, total, err := s.store.POIVisitors(ctx, p.ID, c)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(visits))
	for i, v := range visits {
		ids[i] = v.UserID
	}
	byID, err := s.userViewsByID(ctx, viewer, ids, true)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Visitor, 0, len(visits))
	for _, v := range visits {
		u := byID[v.UserID]
		if u == nil || u.Rel.Blocked() || geoHidden(viewer, u.User) {
			continue
		}
		out = append(out, Visitor{User: u, CheckinAt: v.Last})
	}
	return out, total, nil
}

// UserCheckinPOIs lists the POIs a user checked in at (place/users/checkins),
// latest first; none when the user's location is off or either blocks the
// other.
func (s *Service) UserCheckinPOIs(ctx context.Context, viewer, uid int64, c domain.Cursor) ([]domain.POI, int, error) {
	us, err := s.userViews(ctx, viewer, []int64{uid}, false)
	if err != nil {
		return nil, 0, err
	}
	if len(us) == 0 {
		return nil, 0, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "user does not exist")
	}
	if u := us[0]; u.Rel.Blocked() || geoHidden(viewer, u.User) {
		return []domain.POI{}, 0, nil
	}
	visits, total, err := s.store.UserVisits(ctx, uid, c)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(visits))
	for i, v := range visits {
		ids[i] = v.POIID
	}
	m, err := s.store.POIsByIDs(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.POI, 0, len(ids))
	for _, id := range ids {
		if p := m[id]; p != nil {
			out = append(out, *p)
		}
	}
	return out, total, nil
}
