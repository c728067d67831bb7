package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"

	"github.com/weibo-server/weibo/internal/core"
)

// The favourite calls of spec §9.10 on tweets.

func (a *API) favRoutes() []route {
	return []route{
		{path: "fav/addt", methods: "POST", rate: core.RateGeneral, params: ps(pTweetID), h: a.favAdd},
		{path: "fav/delt", methods: "POST", rate: core.RateGeneral, params: ps(pTweetID), h: a.favDel},
		{path: "fav/list_t", methods: "GET", rate: core.RateGeneral, h: a.favList,
			params: ps(apiutil.P("pageflag", apiutil.KindInt), apiutil.P("nexttime", apiutil.KindTime),
				apiutil.P("prevtime", apiutil.KindTime), apiutil.P("pagetime", apiutil.KindTime),
				apiutil.P("reqnum", apiutil.KindCount), apiutil.P("lastid", apiutil.KindID).Of("status"))},
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

// FavList is fav/list_t's data: nexttime and prevtime are the cursors of
// the next and the previous page (the times the last and the first tweet
// of this one were favourited).
type FavList struct {
	Timestamp int64    `json:"timestamp"`
	HasNext   int      `json:"hasnext"`
	NextTime  int64    `json:"nexttime"`
	PrevTime  int64    `json:"prevtime"`
	TotalNum  int      `json:"totalnum"`
	Info      []*Tweet `json:"info"`
}

// favList pages the favourite tweets, newest favourite first (scheme A″):
// paging down starts after lastid, or below nexttime (pagetime is another
// name for it, spec §12); paging up ends before lastid, or above prevtime.
// Offset paging reaches the newest 2,000 favourites.
func (a *API) favList(ctx context.Context, c *call) (*envelope, error) {
	flag, err := c.p.IntIn("pageflag", pageFirst, pageFirst, pageUp)
	if err != nil {
		return nil, err
	}
	reqnum, err := c.p.Int("reqnum", 20, 1, 20)
	if err != nil {
		return nil, err
	}
	next, err := c.p.Int64("nexttime", 0)
	if err != nil {
		return nil, err
	}
	if next == 0 {
		if next, err = c.p.Int64("pagetime", 0); err != nil {
			return nil, err
		}
	}
	prev, err := c.p.Int64("prevtime", 0)
	if err != nil {
		return nil, err
	}
	lastid, err := c.p.Int64("lastid", 0)
	if err != nil {
		return nil, err
	}
	all, err := a.svc.FavoriteIDs(ctx, c.v, 0, domain.Page{Count: domain.MaxPageDepth, Page: 1})
	if err != nil {
		return nil, err
	}
	favs := all.Items
	from, to := 0, min(reqnum, len(favs))
	find := func(sec int64, older bool) int {
		for i, f := range favs {
			if lastid > 0 && f.StatusID == lastid {
				return i
			}
			if lastid <= 0 && sec > 0 && (older && f.CreatedAt.Unix() < sec || !older && f.CreatedAt.Unix() <= sec) {
				return i
			}
		}
		return -1
	}
	switch flag {
	case pageDown:
		at := find(next, true)
		switch {
		case at < 0:
			from = len(favs)
		case lastid > 0:
			from = at + 1
		default:
			from = at
		}
		to = min(from+reqnum, len(favs))
	case pageUp:
		at := find(prev, false)
		if at < 0 {
			at = 0
		}
		from, to = max(at-reqnum, 0), at
	}
	list, err := a.svc.Favorites(ctx, c.v, 0, domain.Page{Count: to, Page: 1})
	if err != nil {
		return nil, err
	}
	items := list.Items[min(from, len(list.Items)):]
	d := &FavList{Timestamp: a.svc.Now().Unix(), TotalNum: all.Total, Info: make([]*Tweet, 0, len(items))}
	for _, f := range items {
		d.Info = append(d.Info, a.tweet(f.Status, c.v.UserID))
	}
	if n := len(items); n > 0 {
		d.PrevTime, d.NextTime = items[0].CreatedAt.Unix(), items[n-1].CreatedAt.Unix()
	}
	more := to < len(favs)
	if flag == pageUp {
		more = from > 0
	}
	d.HasNext = b01(!more)
	return ok(d), nil
}
