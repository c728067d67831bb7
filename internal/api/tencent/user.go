package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
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
	p := a.profile(u)
	if p.Tag, err = a.tags(ctx, u.ID); err != nil {
		return nil, err
	}
	return ok(p), nil
}

// maxProfileTags is how many personal tags a profile lists (Sina allows
// at most 10 per user).
const maxProfileTags = 10

// tags are uid's personal tags as a profile lists them.
func (a *API) tags(ctx context.Context, uid int64) ([]Tag, error) {
	ts, err := a.svc.UserTags(ctx, uid, domain.Page{Count: maxProfileTags, Page: 1})
	if err != nil {
		return nil, err
	}
	out := make([]Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, Tag{ID: t.ID, Name: t.Tag})
	}
	return out, nil
}
