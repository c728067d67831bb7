package sina

import (
	"context"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// maxNearbyRange is the widest radius of the nearby statuses and users
// (place.md: "≤11132" metres, a tenth of a degree of latitude).
const maxNearbyRange = 11132

// place.md 1-5, 7, 19, 20: place timelines, a user's place summary, and
// the statuses and people near a point.
func (a *API) placeTimelineRoutes() []route {
	pLat, pLong := apiutil.P("lat", apiutil.KindFloat).Req(), apiutil.P("long", apiutil.KindFloat).Req()
	page := pagePs("status")
	nearby := ps(pLat, pLong, apiutil.P("range", apiutil.KindInt), apiutil.P("starttime", apiutil.KindTime),
		apiutil.P("endtime", apiutil.KindTime), apiutil.P("sort", apiutil.KindEnum).OneOf("0", "1"), pageCursorPs,
		apiutil.P("offset", apiutil.KindBool))
	return []route{
		{path: "place/public_timeline", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("count", apiutil.KindCount), pBaseApp), h: a.placePublicTimeline},
		{path: "place/friends_timeline", methods: "GET", rate: core.RateGeneral,
			params: ps(page, apiutil.P("type", apiutil.KindEnum).OneOf("0", "1")), h: a.placeFriendsTimeline},
		{path: "place/user_timeline", methods: "GET", rate: core.RateGeneral,
			params: ps(pUID.Req(), page, pBaseApp), h: a.placeUserTimeline},
		{path: "place/poi_timeline", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("poiid", apiutil.KindText).Req(), page, pBaseApp), h: a.placePOITimeline},
		{path: "place/nearby_timeline", methods: "GET", rate: core.RateGeneral,
			params: ps(nearby, pBaseApp), h: a.nearbyTimeline(2000, false)},
		{path: "place/nearby/photos", methods: "GET", rate: core.RateGeneral,
			params: nearby, h: a.nearbyTimeline(500, true)},
		{path: "place/nearby/users", methods: "GET", rate: core.RateGeneral, params: nearby, h: a.nearbyUsers},
		{path: "place/users/show", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req(), pBaseApp), h: a.placeUserShow},
		{path: "place/nearby_users/create", methods: "POST", rate: core.RateGeneral,
			params: ps(pLat, pLong, apiutil.P("offset", apiutil.KindBool)), h: a.nearbyUsersCreate},
		{path: "place/nearby_users/destroy", methods: "POST", rate: core.RateGeneral, h: a.nearbyUsersDestroy},
		{path: "place/nearby_users/list", methods: "GET", rate: core.RateGeneral,
			params: ps(pLat, pLong, pageCursorPs, apiutil.P("range", apiutil.KindInt),
				apiutil.P("sort", apiutil.KindEnum).OneOf("0", "1", "2"), apiutil.P("filter", apiutil.KindEnum).OneOf("0", "1", "2"),
				apiutil.P("gender", apiutil.KindEnum).OneOf("0", "1", "2"), apiutil.P("level", apiutil.KindEnum).OneOf("0", "1", "2", "7"),
				apiutil.P("startbirth", apiutil.KindInt), apiutil.P("endbirth", apiutil.KindInt), apiutil.P("offset", apiutil.KindBool)),
			h: a.nearbyUsersList},
	}
}

// placeTimelinePage reads since_id, max_id, count (20, at most 50) and page.
func placeTimelinePage(p apiutil.Params) (domain.Page, error) { return apiutil.ReadPage(p, 20, 50) }

func (a *API) placePublicTimeline(ctx context.Context, c *call) (any, error) {
	count, err := c.p.Int("count", 20, 1, 50)
	if err != nil {
		return nil, err
	}
	app, err := baseApp(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GeoTimeline(ctx, c.v.UserID, domain.GeoSelect{Public: true}, domain.Page{Count: count, Page: 1},
		domain.TimelineFilter{BaseAppID: app})
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, renderOpts{})
}

func (a *API) placeFriendsTimeline(ctx context.Context, c *call) (any, error) {
	p, err := placeTimelinePage(c.p)
	if err != nil {
		return nil, err
	}
	typ, err := c.p.Enum("type", "0", "0", "1")
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GeoTimeline(ctx, c.v.UserID, domain.GeoSelect{FriendsOf: c.v.UserID, Mutual: typ == "1"}, p,
		domain.TimelineFilter{})
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, renderOpts{})
}

func (a *API) placeUserTimeline(ctx context.Context, c *call) (any, error) {
	uid, err := requiredUID(c.p)
	if err != nil {
		return nil, err
	}
	p, err := placeTimelinePage(c.p)
	if err != nil {
		return nil, err
	}
	app, err := baseApp(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GeoTimeline(ctx, c.v.UserID, domain.GeoSelect{UserID: uid}, p, domain.TimelineFilter{BaseAppID: app})
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, renderOpts{})
}

func (a *API) placePOITimeline(ctx context.Context, c *call) (any, error) {
	q := domain.PlaceStatusQuery{POIID: c.p.String("poiid")}
	if q.POIID == "" {
		return nil, domain.MissingParam("poiid")
	}
	var err error
	if q.Page, err = placeTimelinePage(c.p); err != nil {
		return nil, err
	}
	if q.AppID, err = baseApp(c); err != nil {
		return nil, err
	}
	l, err := a.svc.PlaceStatuses(ctx, c.v.UserID, q)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, renderOpts{})
}

// readNearby reads the centre, radius, time window and order of a nearby
// search of statuses or users.
func readNearby(c *call, defRange int) (core.NearbyStatusQuery, error) {
	var q core.NearbyStatusQuery
	var err error
	if q.Lat, q.Lng, err = readPoint(c.p, true); err != nil {
		return q, err
	}
	r, err := c.p.IntIn("range", defRange, 1, maxNearbyRange)
	if err != nil {
		return q, err
	}
	q.Radius = float64(r)
	for _, t := range []struct {
		name string
		to   *time.Time
	}{{"starttime", &q.Start}, {"endtime", &q.End}} {
		sec, err := c.p.Int64(t.name, 0)
		if err != nil {
			return q, err
		}
		if sec < 0 || sec > 1<<40 {
			return q, domain.BadParam(t.name, "Unix seconds", c.p.String(t.name))
		}
		if sec > 0 {
			*t.to = time.Unix(sec, 0)
		}
	}
	sort, err := c.p.Enum("sort", "0", "0", "1")
	if err != nil {
		return q, err
	}
	q.Sort, _ = strconv.Atoi(sort)
	return q, nil
}

func (a *API) nearbyTimeline(defRange int, photos bool) handlerFunc {
	return func(ctx context.Context, c *call) (any, error) {
		q, err := readNearby(c, defRange)
		if err != nil {
			return nil, err
		}
		q.PhotoOnly = photos
		if !photos {
			if q.AppID, err = baseApp(c); err != nil {
				return nil, err
			}
		}
		pg, err := placePage(c.p)
		if err != nil {
			return nil, err
		}
		l, err := a.svc.NearbyStatuses(ctx, c.v.UserID, q, pg)
		if err != nil {
			return nil, err
		}
		return a.timelineJSON(l, renderOpts{})
	}
}

// NearbyUserJSON is a user of a nearby list, with the distance in metres
// of their located status nearest in time (or distance, with sort=1).
type NearbyUserJSON struct {
	*User
	Distance int `json:"distance"`
}

// NearbyUsers is the nearby user list.
type NearbyUsers struct {
	Users       []*NearbyUserJSON `json:"users"`
	TotalNumber int               `json:"total_number"`
}

func (a *API) nearbyUsers(ctx context.Context, c *call) (any, error) {
	q, err := readNearby(c, 2000)
	if err != nil {
		return nil, err
	}
	cur, err := apiutil.ReadPageCursor(c.p, 20, 50)
	if err != nil {
		return nil, err
	}
	us, total, err := a.svc.NearbyUsers(ctx, c.v.UserID, q, cur)
	if err != nil {
		return nil, err
	}
	out := &NearbyUsers{Users: make([]*NearbyUserJSON, len(us)), TotalNumber: total}
	for i, u := range us {
		out.Users[i] = &NearbyUserJSON{User: a.user(u.User, renderOpts{trimStatus: true}), Distance: int(u.Distance + 0.5)}
	}
	return out, nil
}

// UserPlaces is place/users/show: the user object with their place
// counters (weiboclient4j's UserLBS fields).
type UserPlaces struct {
	*User
	UID            int64 `json:"uid"`
	CheckinNum     int   `json:"checkin_num"`
	TipNum         int   `json:"tip_num"`
	PhotoNum       int   `json:"photo_num"`
	TodoNum        int   `json:"todo_num"`
	GeoStatusesNum int   `json:"geo_statuses_num"`
}

func (a *API) placeUserShow(ctx context.Context, c *call) (any, error) {
	uid, err := requiredUID(c.p)
	if err != nil {
		return nil, err
	}
	app, err := baseApp(c)
	if err != nil {
		return nil, err
	}
	s, err := a.svc.UserPlaces(ctx, c.v.UserID, uid, app)
	if err != nil {
		return nil, err
	}
	n := s.Counts
	return &UserPlaces{User: a.user(s.User, renderOpts{trimStatus: true}), UID: uid, CheckinNum: n.Checkins,
		TipNum: n.Tips, PhotoNum: n.Photos, TodoNum: n.Todos, GeoStatusesNum: n.GeoStatuses}, nil
}

// PlaceResult is the {"status": 1} answer of the nearby_users writes.
type PlaceResult struct {
	Status int `json:"status"`
}

// nearbyUsersCreate publishes the caller's position; lat and long are GPS
// unless offset=1, as on the other place routes.
func (a *API) nearbyUsersCreate(ctx context.Context, c *call) (any, error) {
	lat, lng, err := readPoint(c.p, true)
	if err != nil {
		return nil, err
	}
	if err := a.svc.PublishPosition(ctx, c.v, lat, lng); err != nil {
		return nil, err
	}
	return &PlaceResult{Status: 1}, nil
}

func (a *API) nearbyUsersDestroy(ctx context.Context, c *call) (any, error) {
	if err := a.svc.WithdrawPosition(ctx, c.v); err != nil {
		return nil, err
	}
	return &PlaceResult{Status: 1}, nil
}

func (a *API) nearbyUsersList(ctx context.Context, c *call) (any, error) {
	var q core.NearbyPeopleQuery
	var err error
	if q.Lat, q.Lng, err = readPoint(c.p, true); err != nil {
		return nil, err
	}
	r, err := c.p.IntIn("range", 2000, 1, maxNearbyRange)
	if err != nil {
		return nil, err
	}
	q.Radius = float64(r)
	enum := func(name, def string, vals ...string) int {
		if err != nil {
			return 0
		}
		var v string
		v, err = c.p.Enum(name, def, vals...)
		n, _ := strconv.Atoi(v)
		return n
	}
	q.Sort = enum("sort", "2", "0", "1", "2")
	q.Filter = enum("filter", "0", "0", "1", "2")
	gender := enum("gender", "0", "0", "1", "2")
	q.Level = enum("level", "0", "0", "1", "2", "7")
	if err != nil {
		return nil, err
	}
	q.Gender = [...]string{"", "m", "f"}[gender]
	for _, name := range []string{"startbirth", "endbirth"} {
		n, err := c.p.IntIn(name, 0, 0, 200)
		if err != nil {
			return nil, err
		}
		q.Ages = q.Ages || n > 0
	}
	cur, err := apiutil.ReadPageCursor(c.p, 20, 50)
	if err != nil {
		return nil, err
	}
	us, total, err := a.svc.NearbyPeople(ctx, c.v.UserID, q, cur)
	if err != nil {
		return nil, err
	}
	out := &NearbyUsers{Users: make([]*NearbyUserJSON, len(us)), TotalNumber: total}
	for i, u := range us {
		out.Users[i] = &NearbyUserJSON{User: a.user(u.User, renderOpts{trimStatus: true}), Distance: int(u.Distance + 0.5)}
	}
	return out, nil
}
