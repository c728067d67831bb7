package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
)

// friendships.md §13-14: remarks and the mutual follows by interaction,
// both of the advanced level; sort_interactive also needs a scope the spec
// does not name: friendships_groups_read, the scope of the other reads of
// one's private circle (README §4, inferred).
func (a *API) remarkRoutes() []route {
	return []route{
		{path: "friendships/remark/update", methods: "POST", rate: core.RateGeneral, advanced: true,
			params: ps(pUID.Req(), apiutil.P("remark", apiutil.KindText).Req()), h: a.remarkUpdate},
		{path: "friendships/friends/bilateral/sort_interactive", methods: "GET", rate: core.RateGeneral, advanced: true,
			scope: core.ScopeFriendshipGroupsRead, params: ps(pUID, pageCursorPs, pTrimStatus), h: a.sortInteractive},
	}
}

func (a *API) remarkUpdate(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	remark, err := c.p.RequiredString("remark")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.UpdateRemark(ctx, c.v, uid, remark)
	if err != nil {
		return nil, err
	}
	return a.user(v, renderOpts{trimStatus: true}), nil
}

// InteractiveList is sort_interactive's answer (seed 004): users and
// total_number, no cursors.
type InteractiveList struct {
	Users       []*User `json:"users"`
	TotalNumber int     `json:"total_number"`
}

func (a *API) sortInteractive(ctx context.Context, c *call) (any, error) {
	uid, err := a.requiredUser(ctx, c.p, "uid", c.v.UserID)
	if err != nil {
		return nil, err
	}
	cur, err := apiutil.ReadPageCursor(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	o, ws, err := trimStatus(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.BilateralByInteraction(ctx, c.v.UserID, uid, cur, ws)
	if err != nil {
		return nil, err
	}
	return &InteractiveList{Users: a.users(l.Users, o), TotalNumber: l.Total}, nil
}
