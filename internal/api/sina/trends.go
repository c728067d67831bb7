package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// trends.md: seven endpoints over the core's topics.
func (a *API) trendRoutes() []route {
	pName := apiutil.P("trend_name", apiutil.KindText).Req()
	hot := func(p core.TrendPeriod) handlerFunc {
		return func(ctx context.Context, c *call) (any, error) { return a.hotTopics(ctx, c, p) }
	}
	return []route{
		{path: "trends", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req(), favPagePs), h: a.followedTopics},
		{path: "trends/is_follow", methods: "GET", rate: core.RateGeneral, params: ps(pName), h: a.topicIsFollowed},
		{path: "trends/hourly", methods: "GET", rate: core.RateGeneral, params: ps(pBaseApp), h: hot(core.TrendHourly)},
		{path: "trends/daily", methods: "GET", rate: core.RateGeneral, params: ps(pBaseApp), h: hot(core.TrendDaily)},
		{path: "trends/weekly", methods: "GET", rate: core.RateGeneral, params: ps(pBaseApp), h: hot(core.TrendWeekly)},
		{path: "trends/follow", methods: "POST", rate: core.RateGeneral, params: ps(pName), h: a.topicFollow},
		{path: "trends/destroy", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("trend_id", apiutil.KindID).Of("topic").Req()), h: a.topicUnfollow},
	}
}

// UserTrend is one topic of trends: every value a string, as the documented
// example quotes them and SDKs read them.
type UserTrend struct {
	TrendID string `json:"trend_id"`
	Hotword string `json:"hotword"`
	Num     string `json:"num"`
}

// TrendFollow is trends/is_follow; trend_id is 0 when not followed
// (trends.md, inferred).
type TrendFollow struct {
	TrendID  int64 `json:"trend_id"`
	IsFollow bool  `json:"is_follow"`
}

// HotTrend is one entry of a ranking.
type HotTrend struct {
	Name   string `json:"name"`
	Query  string `json:"query"`
	Amount int64  `json:"amount"`
	Delta  int64  `json:"delta"`
}

// HotTrends is trends/hourly, daily and weekly: one key, the ranking's
// time label.
type HotTrends struct {
	Trends map[string][]HotTrend `json:"trends"`
	AsOf   int64                 `json:"as_of"`
}

func (a *API) followedTopics(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	pg, err := favPage(c.p, 10)
	if err != nil {
		return nil, err
	}
	ts, err := a.svc.FollowedTopics(ctx, uid, pg)
	if err != nil {
		return nil, err
	}
	out := make([]UserTrend, len(ts))
	for i, t := range ts {
		out[i] = UserTrend{TrendID: idstr(t.ID), Hotword: t.Name, Num: idstr(int64(t.Statuses))}
	}
	return out, nil
}

// readTrendName reads trend_name: absent is 20801.
func readTrendName(p apiutil.Params) (string, error) {
	if !p.Has("trend_name") {
		return "", domain.E(domain.KindInvalid, domain.ReasonTrendNameNull, "trend_name is null")
	}
	return p.String("trend_name"), nil
}

func (a *API) topicIsFollowed(ctx context.Context, c *call) (any, error) {
	name, err := readTrendName(c.p)
	if err != nil {
		return nil, err
	}
	id, ok, err := a.svc.FollowsTopic(ctx, c.v, name)
	if err != nil {
		return nil, err
	}
	return TrendFollow{TrendID: id, IsFollow: ok}, nil
}

func (a *API) topicFollow(ctx context.Context, c *call) (any, error) {
	name, err := readTrendName(c.p)
	if err != nil {
		return nil, err
	}
	id, err := a.svc.FollowTopic(ctx, c.v, name)
	if err != nil {
		return nil, err
	}
	return map[string]int64{"topicid": id}, nil
}

func (a *API) topicUnfollow(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("trend_id") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTrendIDNull, "trend_id is null")
	}
	id, err := c.p.Int64("trend_id", 0)
	if err != nil {
		return nil, err
	}
	if err := a.svc.UnfollowTopic(ctx, c.v, id); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}

func (a *API) hotTopics(ctx context.Context, c *call, p core.TrendPeriod) (any, error) {
	baseApp, err := c.p.Bool01("base_app", false)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.HotTopics(ctx, c.v, p, baseApp)
	if err != nil {
		return nil, err
	}
	// Labels as trends.md saw them: the time of the ranking, to the minute,
	// for the hour; its day for the day; the window's first day for the week.
	label := l.AsOf.In(a.opts.Location).Format("2006-01-02 15:04")
	switch p {
	case core.TrendDaily:
		label = l.AsOf.In(a.opts.Location).Format("2006-01-02")
	case core.TrendWeekly:
		label = l.Start.In(a.opts.Location).Format("2006-01-02")
	}
	list := make([]HotTrend, len(l.Topics))
	for i, t := range l.Topics {
		list[i] = HotTrend{Name: t.Name, Query: t.Name, Amount: int64(t.Amount), Delta: int64(t.Delta)}
	}
	return HotTrends{Trends: map[string][]HotTrend{label: list}, AsOf: l.AsOf.Unix()}, nil
}
