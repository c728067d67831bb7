package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
)

// statuses.md §26–§27: what a user hides. Both are advanced (inferred).
func (a *API) hideRoutes() []route {
	return []route{
		{path: "statuses/filter/create", methods: "POST", advanced: true, rate: core.RateGeneral, params: ps(pStatusID), h: a.filterCreate},
		{path: "statuses/mentions/shield", methods: "POST", advanced: true, rate: core.RateGeneral,
			params: ps(pStatusID, apiutil.P("follow_up", apiutil.KindBool)), h: a.mentionsShield},
	}
}

func (a *API) filterCreate(ctx context.Context, c *call) (any, error) {
	id, err := topStatusID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.FilterStatus(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

func (a *API) mentionsShield(ctx context.Context, c *call) (any, error) {
	id, err := topStatusID(c.p)
	if err != nil {
		return nil, err
	}
	followUp, err := c.p.IntIn("follow_up", 1, 0, 1)
	if err != nil {
		return nil, err
	}
	if err := a.svc.ShieldMention(ctx, c.v, id, followUp == 1); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}
