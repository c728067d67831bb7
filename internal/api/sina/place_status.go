package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// place.md: check-ins, tips, photos and todos, and the lists of them.
func (a *API) placeStatusRoutes() []route {
	pPOI := apiutil.P("poiid", apiutil.KindText).Req()
	write := ps(pPOI, apiutil.P("status", apiutil.KindText).Req(), apiutil.P("public", apiutil.KindBool), pRIP)
	list := ps(pageCursorPs, pBaseApp)
	poiList := ps(pPOI, list, apiutil.P("sort", apiutil.KindEnum).OneOf("0", "1"))
	userList := ps(pUID.Req(), list)
	return []route{
		{path: "place/pois/add_checkin", methods: "POST", rate: core.RatePost, upload: true,
			params: ps(write, apiutil.P("pic", apiutil.KindFile)), h: a.placeWrite(domain.PlaceCheckin)},
		{path: "place/pois/add_photo", methods: "POST", rate: core.RatePost, upload: true,
			params: ps(write, pPic), h: a.placeWrite(domain.PlacePhoto)},
		{path: "place/pois/add_tip", methods: "POST", rate: core.RatePost, params: write, h: a.placeWrite(domain.PlaceTip)},
		{path: "place/pois/add_todo", methods: "POST", rate: core.RatePost, params: write, h: a.placeWrite(domain.PlaceTodo)},
		{path: "place/statuses/show", methods: "GET", rate: core.RateGeneral, params: ps(pStatusID), h: a.placeStatusShow},
		{path: "place/pois/users", methods: "GET", rate: core.RateGeneral, params: ps(pPOI, list), h: a.poiUsers},
		{path: "place/pois/tips", methods: "GET", rate: core.RateGeneral, params: poiList,
			h: a.placeList(true, domain.PlaceStatusQuery{Kind: domain.PlaceTip})},
		{path: "place/pois/photos", methods: "GET", rate: core.RateGeneral, params: poiList,
			h: a.placeList(true, domain.PlaceStatusQuery{Photo: true})},
		{path: "place/users/checkins", methods: "GET", rate: core.RateGeneral, params: userList, h: a.userCheckins},
		{path: "place/users/photos", methods: "GET", rate: core.RateGeneral, params: userList,
			h: a.placeList(false, domain.PlaceStatusQuery{Photo: true})},
		{path: "place/users/tips", methods: "GET", rate: core.RateGeneral, params: userList,
			h: a.placeList(false, domain.PlaceStatusQuery{Kind: domain.PlaceTip})},
		{path: "place/users/todos", methods: "GET", rate: core.RateGeneral, params: userList,
			h: a.placeList(false, domain.PlaceStatusQuery{Kind: domain.PlaceTodo})},
	}
}

// placeWrite posts a place status of kind k. "public" (1: also to the main
// feed) is checked but changes nothing: place statuses are ordinary
// statuses, in the timelines like any other (README).
func (a *API) placeWrite(k domain.PlaceKind) handlerFunc {
	return func(ctx context.Context, c *call) (any, error) {
		if !c.p.Given("status") {
			return nil, domain.MissingParam("status")
		}
		if _, err := c.p.Bool01("public", false); err != nil {
			return nil, err
		}
		in := core.PlaceStatusInput{POIID: c.p.String("poiid"), Kind: k, Text: c.p.String("status"), RIP: c.p.String("rip")}
		if c.r.MultipartForm != nil {
			in.Text = decodePart(in.Text)
		}
		// A photo must have its picture (20007 without one); a check-in
		// may have one.
		if k == domain.PlacePhoto || k == domain.PlaceCheckin && hasFile(c, "pic") {
			data, err := a.picturePart(c)
			if err != nil {
				return nil, err
			}
			in.Picture = data
		}
		v, err := a.svc.PostPlaceStatus(ctx, c.v, in)
		if err != nil {
			return nil, err
		}
		return a.statusJSON(v, renderOpts{})
	}
}

func hasFile(c *call, field string) bool {
	mf := c.r.MultipartForm
	return mf != nil && len(mf.File[field]) > 0
}

func (a *API) placeStatusShow(ctx context.Context, c *call) (any, error) {
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.PlaceStatus(ctx, c.v.UserID, id)
	if err != nil {
		return nil, err
	}
	return a.statusJSON(v, renderOpts{})
}

// baseApp reads base_app: the calling app's id when 1.
func baseApp(c *call) (int64, error) {
	f, err := readFilter(c, false, true, false, false)
	return f.BaseAppID, err
}

// placeList lists place statuses of a POI (poiid, byPOI) or a user (uid),
// kind naming which statuses.
func (a *API) placeList(byPOI bool, kind domain.PlaceStatusQuery) handlerFunc {
	return func(ctx context.Context, c *call) (any, error) {
		q := kind // one per request: the closure's is shared
		var err error
		if byPOI {
			if q.POIID = c.p.String("poiid"); q.POIID == "" {
				return nil, domain.MissingParam("poiid")
			}
			// 1 (by popularity) is accepted and answered by time, as Sina
			// did ("only 0 implemented").
			if _, err := c.p.Enum("sort", "0", "0", "1"); err != nil {
				return nil, err
			}
		} else if q.UserID, err = requiredUID(c.p); err != nil {
			return nil, err
		}
		if q.Page, err = placePage(c.p); err != nil {
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
}

// PlaceUser is a user of place/pois/users, with their latest check-in there.
type PlaceUser struct {
	*User
	CheckinAt string `json:"checkin_at"`
}

// PlaceUsers is the user list of the place group.
type PlaceUsers struct {
	Users       []*PlaceUser `json:"users"`
	TotalNumber int          `json:"total_number"`
}

func (a *API) poiUsers(ctx context.Context, c *call) (any, error) {
	pg, err := apiutil.ReadPageCursor(c.p, 20, 50)
	if err != nil {
		return nil, err
	}
	if _, err := c.p.Bool01("base_app", false); err != nil {
		return nil, err
	}
	vs, total, err := a.svc.POIVisitors(ctx, c.v.UserID, c.p.String("poiid"), pg)
	if err != nil {
		return nil, err
	}
	out := &PlaceUsers{Users: make([]*PlaceUser, len(vs)), TotalNumber: total}
	for i, v := range vs {
		out.Users[i] = &PlaceUser{User: a.user(v.User, renderOpts{trimStatus: true}),
			CheckinAt: v.CheckinAt.In(a.opts.Location).Format(placeTimeLayout)}
	}
	return out, nil
}

func (a *API) userCheckins(ctx context.Context, c *call) (any, error) {
	uid, err := requiredUID(c.p)
	if err != nil {
		return nil, err
	}
	pg, err := apiutil.ReadPageCursor(c.p, 20, 50)
	if err != nil {
		return nil, err
	}
	if _, err := c.p.Bool01("base_app", false); err != nil {
		return nil, err
	}
	ps, total, err := a.svc.UserCheckinPOIs(ctx, c.v.UserID, uid, pg)
	if err != nil {
		return nil, err
	}
	out := &POIs{POIs: make([]*POI, len(ps)), TotalNumber: total}
	for i := range ps {
		out.POIs[i] = a.renderPOI(&ps[i])
	}
	return out, nil
}
