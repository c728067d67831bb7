package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Topics (spec §9.11) and favourite topics (§9.10): a favourite topic is a
// topic the user follows, as Sina's trends/follow makes it.

const (
	maxHTInfo  = 15 // ht/info's ids
	maxListHT  = 15 // fav/list_ht's reqnum
	maxHTNames = core.MaxTopicIDs
)

var pTopicID = apiutil.P("id", apiutil.KindID).Of("topic").Req()

func (a *API) topicRoutes() []route {
	return []route{
		{path: "ht/ids", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("httexts", apiutil.KindList).Req()), h: a.htIDs},
		{path: "ht/info", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("ids", apiutil.KindIDs).Of("topic").Req()), h: a.htInfo},
		{path: "fav/addht", methods: "POST", rate: core.RateGeneral, params: ps(pTopicID), h: a.favAddHT},
		{path: "fav/delht", methods: "POST", rate: core.RateGeneral, params: ps(pTopicID), h: a.favDelHT},
		{path: "fav/list_ht", methods: "GET", rate: core.RateGeneral, h: a.favListHT,
			params: ps(apiutil.P("reqnum", apiutil.KindCount), apiutil.P("pageflag", apiutil.KindInt),
				apiutil.P("pagetime", apiutil.KindTime), apiutil.P("lastid", apiutil.KindID).Of("topic"))},
	}
}

// HTID is an item of ht/ids.
type HTID struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// HTInfo is an item of ht/info and fav/list_ht (which adds timestamp).
type HTInfo struct {
	ID        string `json:"id"`
	FavNum    int    `json:"favnum"`
	TweetNum  int    `json:"tweetnum"`
	Text      string `json:"text"`
	Timestamp *int64 `json:"timestamp,omitempty"`
}

// InfoList is the data of ht/ids, ht/info and fav/list_ht.
type InfoList[T any] struct {
	Info []T `json:"info"`
}

func (a *API) htIDs(ctx context.Context, c *call) (*envelope, error) {
	if !c.p.Has("httexts") {
		return nil, domain.MissingParam("httexts")
	}
	names, err := c.p.StringList("httexts", maxHTNames)
	if err != nil {
		return nil, err
	}
	for i, n := range names {
		names[i] = trimHash(n)
	}
	topics, err := a.svc.TopicIDs(ctx, names)
	if err != nil {
		return nil, err
	}
	out := InfoList[HTID]{Info: make([]HTID, 0, len(topics))}
	for _, t := range topics {
		out.Info = append(out.Info, HTID{ID: idstr(t.ID), Text: t.Name})
	}
	return ok(out), nil
}

func trimHash(s string) string {
	for len(s) > 0 && s[0] == '#' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == '#' {
		s = s[:len(s)-1]
	}
	return s
}

func htInfo(t core.TopicInfo) HTInfo {
	return HTInfo{ID: idstr(t.ID), FavNum: t.Followers, TweetNum: t.Statuses, Text: t.Name}
}

func (a *API) htInfo(ctx context.Context, c *call) (*envelope, error) {
	if !c.p.Has("ids") {
		return nil, domain.MissingParam("ids")
	}
	ids, err := c.p.Int64List("ids", maxHTInfo)
	if err != nil {
		return nil, err
	}
	infos, err := a.svc.TopicInfos(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := InfoList[HTInfo]{Info: make([]HTInfo, 0, len(infos))}
	for _, t := range infos {
		out.Info = append(out.Info, htInfo(t))
	}
	return ok(out), nil
}

// FavHT is the answer of fav/addht and fav/delht.
type FavHT struct {
	ID string `json:"id"`
}

func (a *API) favAddHT(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	if err := a.svc.FavoriteTopic(ctx, c.v, id); err != nil {
		return nil, err
	}
	return ok(FavHT{ID: idstr(id)}), nil
}

func (a *API) favDelHT(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	if err := a.svc.UnfavoriteTopic(ctx, c.v, id); err != nil {
		return nil, err
	}
	return ok(FavHT{ID: idstr(id)}), nil
}

// favListHT pages the favourite topics, newest first: paging down starts
// after lastid (or, without it, below pagetime), paging up ends before it.
func (a *API) favListHT(ctx context.Context, c *call) (*envelope, error) {
	reqnum, err := c.p.Int("reqnum", maxListHT, 1, maxListHT)
	if err != nil {
		return nil, err
	}
	flag, err := c.p.IntIn("pageflag", pageFirst, pageFirst, pageUp)
	if err != nil {
		return nil, err
	}
	pagetime, err := c.p.Int64("pagetime", 0)
	if err != nil {
		return nil, err
	}
	lastid, err := c.p.Int64("lastid", 0)
	if err != nil {
		return nil, err
	}
	all, err := a.svc.FavoriteTopics(ctx, c.v)
	if err != nil {
		return nil, err
	}
	at := -1 // the index of the cursor's topic
	for i, t := range all {
		if lastid > 0 && t.ID == lastid || lastid <= 0 && pagetime > 0 && t.FollowedAt.Unix() <= pagetime {
			at = i
			break
		}
	}
	from, to := 0, min(reqnum, len(all))
	switch {
	case flag == pageDown && at >= 0:
		from = at + 1
		if lastid <= 0 {
			from = at // below pagetime: the first at or below it
		}
		to = min(from+reqnum, len(all))
	case flag == pageDown:
		from, to = len(all), len(all)
	case flag == pageUp && at >= 0:
		from, to = max(at-reqnum, 0), at
	case flag == pageUp:
		from, to = 0, 0
	}
	out := InfoList[HTInfo]{Info: make([]HTInfo, 0, to-from)}
	for _, t := range all[from:to] {
		h := htInfo(t)
		ts := t.FollowedAt.Unix()
		h.Timestamp = &ts
		out.Info = append(out.Info, h)
	}
	return ok(out), nil
}
