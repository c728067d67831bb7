package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/core"
)

// The account calls (spec §9.3).

func (a *API) userRoutes() []route {
	return []route{
		{path: "user/info", methods: "GET", rate: core.RateGeneral, h: a.userInfo},
	}
}

func (a *API) userInfo(ctx context.Context, c *call) (*envelope, error) {
	u, err := a.svc.UserByID(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	return ok(a.profile(u)), nil
}
