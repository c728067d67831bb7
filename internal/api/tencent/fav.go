package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/core"
)

// The favourite calls of spec §9.10 on tweets.

func (a *API) favRoutes() []route {
	return []route{
		{path: "fav/addt", methods: "POST", rate: core.RateGeneral, params: ps(pTweetID), h: a.favAdd},
		{path: "fav/delt", methods: "POST", rate: core.RateGeneral, params: ps(pTweetID), h: a.favDel},
	}
}

// FavTweet is the answer of fav/addt and fav/delt.
type FavTweet struct {
	TweetID int64 `json:"tweetid"`
}

func (a *API) favAdd(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.CreateFavorite(ctx, c.v, id); err != nil {
		return nil, err
	}
	return ok(FavTweet{TweetID: id}), nil
}

func (a *API) favDel(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.DestroyFavorite(ctx, c.v, id); err != nil {
		return nil, err
	}
	return ok(FavTweet{TweetID: id}), nil
}
