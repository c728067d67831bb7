package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The timelines (spec §9.1) and the tweet calls (§9.2).

func (a *API) timelineRoutes() []route {
	return []route{
		{path: "statuses/home_timeline", methods: "GET", rate: core.RateGeneral, params: timePagePs, h: a.homeTimeline},
	}
}

func (a *API) tweetRoutes() []route {
	return []route{
		{path: "t/show", methods: "GET", rate: core.RateGeneral, params: ps(pTweetID), h: a.showTweet},
		{path: "t/add", methods: "POST", rate: core.RatePost, params: ps(pContent, postPs), h: a.addTweet},
		{path: "t/del", methods: "POST", rate: core.RateGeneral, params: ps(pTweetID), h: a.delTweet},
	}
}

// timelineEnvelope puts the user map in data and, as the seed shows it,
// beside data (spec §5.1).
func timelineEnvelope(d *TimelineData, users map[string]string) *envelope {
	return &envelope{Data: d, User: users}
}

func (a *API) homeTimeline(ctx context.Context, c *call) (*envelope, error) {
	pg, reqnum, err := timePage(c.p, 20)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.HomeTimeline(ctx, c.v, pg, domain.TimelineFilter{})
	if err != nil {
		return nil, err
	}
	return timelineEnvelope(a.timeline(l, reqnum, c.v.UserID, false)), nil
}

func (a *API) showTweet(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.ShowStatus(ctx, c.v.UserID, id)
	if domain.IsReason(err, domain.ReasonStatusNotFound) {
		// The id t/comment or t/reply gave is a tweet to Tencent clients:
		// a comment the viewer may see shows as one (type 7 or 4).
		if cs, cerr := a.svc.CommentsBatch(ctx, c.v.UserID, []int64{id}); cerr == nil && len(cs) == 1 {
			return ok(a.commentTweet(cs[0], c.v.UserID)), nil
		}
	}
	if err != nil {
		return nil, err
	}
	return ok(a.tweet(v, c.v.UserID)), nil
}

// Posted is the answer of the content-creating calls: the new tweet's id
// and time.
type Posted struct {
	ID        int64 `json:"id"`
	Timestamp int64 `json:"timestamp"`
}

// readContent reads content: absent is a missing parameter; given but
// blank is empty content, which the core refuses.
func readContent(c *call) (string, error) {
	if !c.p.Given("content") {
		return "", domain.MissingParam("content")
	}
	return c.p.String("content"), nil
}

func (a *API) addTweet(ctx context.Context, c *call) (*envelope, error) {
	text, err := readContent(c)
	if err != nil {
		return nil, err
	}
	ip, err := clientIP(c)
	if err != nil {
		return nil, err
	}
	g, err := geo(c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.PostStatus(ctx, c.v, core.PostStatusInput{Text: text, RIP: ip, Geo: g})
	if err != nil {
		return nil, err
	}
	return ok(Posted{ID: v.Status.ID, Timestamp: v.Status.CreatedAt.Unix()}), nil
}

// Deleted is t/del's answer.
type Deleted struct {
	ID int64 `json:"id"`
}

func (a *API) delTweet(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.DestroyStatus(ctx, c.v, id); err != nil {
		return nil, err
	}
	return ok(Deleted{ID: id}), nil
}
