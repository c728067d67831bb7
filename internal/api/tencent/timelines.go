package tencent

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The timelines of spec §9.1 besides home_timeline.

var pAccount = apiutil.P("name", apiutil.KindText).Req()

// posPs are scheme B's parameters (public_timeline).
var posPs = []apiutil.ParamInfo{apiutil.P("pos", apiutil.KindID).Of("status"), apiutil.P("reqnum", apiutil.KindCount)}

func (a *API) moreTimelineRoutes() []route {
	return []route{
		{path: "statuses/public_timeline", methods: "GET", rate: core.RateGeneral, params: posPs, h: a.publicTimeline},
		{path: "statuses/user_timeline", methods: "GET", rate: core.RateGeneral, params: ps(pAccount, timePagePs), h: a.userTimeline},
		{path: "statuses/mentions_timeline", methods: "GET", rate: core.RateGeneral, params: timePagePs, h: a.mentionsTimeline},
		{path: "statuses/broadcast_timeline", methods: "GET", rate: core.RateGeneral, params: timePagePs, h: a.broadcastTimeline},
	}
}

// PublicData is public_timeline's data: pos is the cursor of the next call.
type PublicData struct {
	Pos int64 `json:"pos"`
	*TimelineData
}

// publicTimeline pages by pos (scheme B): 0 first, then the pos the last
// answer returned, which is the id of its last tweet.
func (a *API) publicTimeline(ctx context.Context, c *call) (*envelope, error) {
	pos, err := c.p.Int64("pos", 0)
	if err != nil {
		return nil, err
	}
	if pos < 0 {
		return nil, domain.BadParam("pos", "0 or the pos of the last answer", c.p.String("pos"))
	}
	reqnum, err := c.p.Int("reqnum", 20, 1, 20)
	if err != nil {
		return nil, err
	}
	pg := domain.Page{Count: reqnum + 1, Page: 1}
	if pos > 0 {
		pg.MaxID = pos - 1
		if pg.MaxID == 0 {
			pg.SinceID, pg.MaxID = 1, 1
		}
	}
	l, err := a.svc.PublicTimeline(ctx, c.v.UserID, pg, domain.TimelineFilter{})
	if err != nil {
		return nil, err
	}
	d, users := a.timeline(l, reqnum, c.v.UserID, false)
	out := &PublicData{TimelineData: d}
	if n := len(d.Info); n > 0 {
		out.Pos = d.Info[n-1].ID
	}
	return &envelope{Data: out, User: users}, nil
}

// account resolves the account name a route reads from name.
func (a *API) account(ctx context.Context, c *call, param string) (*domain.User, error) {
	name := strings.TrimSpace(c.p.String(param))
	if name == "" {
		return nil, domain.MissingParam(param)
	}
	return a.svc.ResolveUser(ctx, core.UserRef{ScreenName: name})
}

func (a *API) userTimeline(ctx context.Context, c *call) (*envelope, error) {
	u, err := a.account(ctx, c, "name")
	if err != nil {
		return nil, err
	}
	return a.authorTimeline(ctx, c, u.ID)
}

func (a *API) broadcastTimeline(ctx context.Context, c *call) (*envelope, error) {
	return a.authorTimeline(ctx, c, c.v.UserID)
}

func (a *API) authorTimeline(ctx context.Context, c *call, uid int64) (*envelope, error) {
	pg, reqnum, err := timePage(c.p, 20)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.UserTimeline(ctx, c.v.UserID, uid, pg, domain.TimelineFilter{})
	if err != nil {
		return nil, err
	}
	return timelineEnvelope(a.timeline(l, reqnum, c.v.UserID, true)), nil
}

func (a *API) mentionsTimeline(ctx context.Context, c *call) (*envelope, error) {
	pg, reqnum, err := timePage(c.p, 20)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.Mentions(ctx, c.v.UserID, pg, domain.TimelineFilter{})
	if err != nil {
		return nil, err
	}
	return timelineEnvelope(a.timeline(l, reqnum, c.v.UserID, true)), nil
}
