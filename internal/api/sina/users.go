package sina

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

func (a *API) userRoutes() []route {
	return []route{
		{path: "users/show", methods: "GET", rate: core.RateGeneral, params: ps(userPs, pTrimStatus), h: a.usersShow},
		{path: "users/domain_show", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("domain", apiutil.KindText).Req()), h: a.usersDomainShow},
		{path: "users/counts", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("uids", apiutil.KindIDs).Of("user").Req()), h: a.usersCounts},
		{path: "users/show_rank", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req()), h: a.usersShowRank},
		// The top-status trio is advanced (users.md §5–§7); set and cancel
		// accept GET too, as one SDK sends it.
		{path: "users/get_top_status", methods: "GET", advanced: true, rate: core.RateGeneral, params: ps(pUID.Req()), h: a.getTopStatus},
		{path: "users/set_top_status", methods: "GET,POST", advanced: true, rate: core.RateGeneral, params: ps(pStatusID), h: a.setTopStatus},
		{path: "users/cancel_top_status", methods: "GET,POST", advanced: true, rate: core.RateGeneral, params: ps(pStatusID), h: a.cancelTopStatus},
	}
}

// UserRank is users/show_rank (objects.md §16).
type UserRank struct {
	UID  int64 `json:"uid"`
	Rank int   `json:"rank"`
}

// requiredUID reads the required uid: missing is 20002 (Uid parameter is null).
func requiredUID(p apiutil.Params) (int64, error) {
	if !p.Has("uid") {
		return 0, domain.E(domain.KindInvalid, domain.ReasonUIDMissing, "uid is null")
	}
	uid, err := p.Int64("uid", 0)
	if err == nil && uid <= 0 {
		err = domain.BadParam("uid", "a user id", p.String("uid"))
	}
	return uid, err
}

func (a *API) usersShowRank(ctx context.Context, c *call) (any, error) {
	uid, err := requiredUID(c.p)
	if err != nil {
		return nil, err
	}
	r, err := a.svc.UserRank(ctx, uid)
	if err != nil {
		return nil, err
	}
	return UserRank{UID: uid, Rank: r}, nil
}

// emptyObject is get_top_status's answer when nothing is pinned (users.md §5).
type emptyObject struct{}

func (a *API) getTopStatus(ctx context.Context, c *call) (any, error) {
	uid, err := requiredUID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.TopStatus(ctx, c.v.UserID, uid)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return emptyObject{}, nil
	}
	return a.status(v, renderOpts{}), nil
}

// topStatusID reads the required status id: missing is 20109.
func topStatusID(p apiutil.Params) (int64, error) {
	if !p.Has("id") {
		return 0, domain.E(domain.KindInvalid, domain.ReasonStatusIDMissing, "weibo id is null")
	}
	return statusID(p, "id")
}

func (a *API) setTopStatus(ctx context.Context, c *call) (any, error) {
	id, err := topStatusID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.SetTopStatus(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

func (a *API) cancelTopStatus(ctx context.Context, c *call) (any, error) {
	id, err := topStatusID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.CancelTopStatus(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

// exactlyOne enforces "uid | screen_name, one of, and only one".
func exactlyOne(p apiutil.Params, a, b string) error {
	switch {
	case !p.Has(a) && !p.Has(b):
		return domain.MissingParam(a)
	case p.Has(a) && p.Has(b):
		return domain.BadParam(b, "only one of "+a+" and "+b, p.String(b))
	}
	return nil
}

func (a *API) usersShow(ctx context.Context, c *call) (any, error) {
	if err := exactlyOne(c.p, "uid", "screen_name"); err != nil {
		return nil, err
	}
	if uid, err := c.p.Int64("uid", 0); err == nil && c.p.Has("uid") && uid <= 0 {
		// uid=0 names no one; it is not the same as leaving uid out.
		return nil, domain.BadParam("uid", "a user id", c.p.String("uid"))
	}
	ref, err := userRef(c.p, "uid", "screen_name", 0)
	if err != nil {
		return nil, err
	}
	trim, err := c.p.Bool01("trim_status", false)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.ShowUser(ctx, c.v.UserID, ref)
	if err != nil {
		return nil, err
	}
	return a.user(v, renderOpts{trimStatus: trim}), nil
}

func (a *API) usersDomainShow(ctx context.Context, c *call) (any, error) {
	d, err := c.p.RequiredString("domain")
	if err != nil {
		return nil, err
	}
	d = strings.TrimSpace(d)
	if d == "" {
		return nil, domain.MissingParam("domain")
	}
	if !validDomain(d) {
		// errors.md gives personal domains their own code.
		return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonBadDomain, Param: "domain",
			Msg: "malformed personal domain " + d}
	}
	v, err := a.svc.UserByDomain(ctx, c.v.UserID, d)
	if err != nil {
		return nil, err
	}
	return a.user(v, renderOpts{}), nil
}

// validDomain accepts what a personal domain (or the "u/<uid>" profile path
// that stands in for a missing one) can look like, so that garbage is
// answered as a malformed parameter rather than as an unknown domain.
func validDomain(d string) bool {
	if d == "" || len(d) > 64 {
		return false
	}
	for _, r := range d {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-', r == '.', r == '/':
		default:
			return false
		}
	}
	return true
}

// UserCounts is one row of users/counts.
type UserCounts struct {
	ID             int64 `json:"id"`
	FollowersCount int   `json:"followers_count"`
	FriendsCount   int   `json:"friends_count"`
	StatusesCount  int   `json:"statuses_count"`
}

func (a *API) usersCounts(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("uids") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsEmpty, "ids is null")
	}
	ids, err := c.p.Int64List("uids", 100)
	if err != nil {
		return nil, err
	}
	users, err := a.svc.UserCountsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]UserCounts, len(users))
	for i, u := range users {
		out[i] = UserCounts{ID: u.ID, FollowersCount: u.FollowersCount, FriendsCount: u.FriendsCount, StatusesCount: u.StatusesCount}
	}
	return out, nil
}
