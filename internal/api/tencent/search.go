package tencent

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Search (spec §9.7), topics' timeline (§9.1 ht_timeline), trends (§9.8),
// tags (§9.6) and people one may know (§9.12), over the core's search
// index, topics, user tags and suggestions.

var (
	pKeyword  = apiutil.P("keyword", apiutil.KindText).Req()
	searchPs  = []apiutil.ParamInfo{pKeyword, apiutil.P("pagesize", apiutil.KindCount), apiutil.P("page", apiutil.KindPage)}
	maxSearch = 20 // results per page
)

func (a *API) searchRoutes() []route {
	return []route{
		{path: "search/t", methods: "GET", rate: core.RateGeneral, params: searchPs, h: a.searchTweets},
		{path: "search/user", methods: "GET", rate: core.RateGeneral, params: searchPs, h: a.searchUsers},
		{path: "search/userbytag", methods: "GET", rate: core.RateGeneral, params: searchPs, h: a.searchUsersByTag},
		{path: "statuses/ht_timeline", methods: "GET", rate: core.RateGeneral, h: a.htTimeline,
			params: ps(apiutil.P("httext", apiutil.KindText).Req(), apiutil.P("pageflag", apiutil.KindInt),
				apiutil.P("pageinfo", apiutil.KindText), apiutil.P("reqnum", apiutil.KindCount))},
		{path: "trends/ht", methods: "GET", rate: core.RateGeneral, h: a.trendsHT,
			params: ps(apiutil.P("type", apiutil.KindInt), apiutil.P("reqnum", apiutil.KindCount), apiutil.P("pos", apiutil.KindCursor))},
		{path: "tag/add", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("tag", apiutil.KindText).Req()), h: a.tagAdd},
		{path: "tag/del", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("tagid", apiutil.KindID).Of("tag").Req()), h: a.tagDel},
		{path: "other/kownperson", methods: "GET", rate: core.RateGeneral, aliases: []string{"other/knownperson"}, h: a.knownPerson,
			params: ps(apiutil.P("ip", apiutil.KindText), apiutil.P("country_code", apiutil.KindInt),
				apiutil.P("province_code", apiutil.KindInt), apiutil.P("city_code", apiutil.KindInt))},
	}
}

// searchPage reads scheme E: page (from 1) and pagesize.
func searchPage(p apiutil.Params) (page, size int, err error) {
	if size, err = p.Int("pagesize", 10, 1, maxSearch); err != nil {
		return 0, 0, err
	}
	if page, err = p.IntIn("page", 1, 1, domain.MaxPageDepth); err != nil {
		return 0, 0, err
	}
	return page, size, nil
}

func keyword(c *call) (string, error) {
	k := strings.TrimSpace(c.p.String("keyword"))
	if k == "" {
		return "", domain.MissingParam("keyword")
	}
	return k, nil
}

// SearchTweets is search/t's data. hasnext is 1 when a next page exists,
// 2 a previous one, 3 both (spec §7.2), 0 neither.
type SearchTweets struct {
	TotalNum  int               `json:"totalnum"`
	HasNext   int               `json:"hasnext"`
	CostTime  int64             `json:"costtime"`
	Timestamp int64             `json:"timestamp"`
	Info      []*Tweet          `json:"info"`
	User      map[string]string `json:"user"`
}

func (a *API) searchTweets(ctx context.Context, c *call) (*envelope, error) {
	start := time.Now()
	q, err := keyword(c)
	if err != nil {
		return nil, err
	}
	page, size, err := searchPage(c.p)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.SearchStatuses(ctx, c.v.UserID, core.SearchStatusesInput{Q: q,
		Page: domain.Page{Count: size, Page: page}, NeedCount: true})
	if err != nil {
		return nil, err
	}
	d := &SearchTweets{TotalNum: res.Total, Timestamp: a.svc.Now().Unix(), Info: make([]*Tweet, 0, len(res.Items)), User: map[string]string{}}
	for _, v := range res.Items {
		t := a.tweet(v, c.v.UserID)
		d.Info = append(d.Info, t)
		for _, x := range []*Tweet{t, t.Source} {
			if x != nil && x.Name != "" {
				d.User[x.Name] = x.Nick
			}
		}
	}
	if page*size < res.Total {
		d.HasNext |= 1
	}
	if page > 1 {
		d.HasNext |= 2
	}
	d.CostTime = time.Since(start).Milliseconds()
	return &envelope{Data: d, User: d.User}, nil
}

// SearchUsers is search/user's data.
type SearchUsers struct {
	Timestamp int64 `json:"timestamp"`
	TotalNum  int   `json:"totalnum"`
	HasNext   int   `json:"hasnext"`
	CostTime  int64 `json:"costtime"`
	Info      []any `json:"info"`
}

// searchUsers finds people by name (prefix, pinyin or initials, as Sina's
// search/suggestions/users): at most the first 50 matches.
func (a *API) searchUsers(ctx context.Context, c *call) (*envelope, error) {
	start := time.Now()
	q, err := keyword(c)
	if err != nil {
		return nil, err
	}
	page, size, err := searchPage(c.p)
	if err != nil {
		return nil, err
	}
	users, err := a.svc.SuggestUsers(ctx, c.v.UserID, q, core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	from := min((page-1)*size, len(users))
	to := min(from+size, len(users))
	ids := make([]int64, 0, to-from)
	for _, u := range users[from:to] {
		ids = append(ids, u.ID)
	}
	views, err := a.svc.UserViews(ctx, c.v.UserID, ids, true)
	if err != nil {
		return nil, err
	}
	d := &SearchUsers{Timestamp: a.svc.Now().Unix(), TotalNum: len(users), HasNext: b01(to >= len(users)), Info: make([]any, 0, len(views))}
	for _, v := range views {
		d.Info = append(d.Info, a.listUser(v))
	}
	d.CostTime = time.Since(start).Milliseconds()
	return ok(d), nil
}

// searchUsersByTag finds people by a user tag (tag/add's tags, Sina's
// tags/create): keyword is the tag's text, compared case-insensitively.
// hasnext is 0 while more pages follow, 1 when the next one is empty
// (spec §7.2); each user carries their tags.
func (a *API) searchUsersByTag(ctx context.Context, c *call) (*envelope, error) {
	start := time.Now()
	q, err := keyword(c)
	if err != nil {
		return nil, err
	}
	page, size, err := searchPage(c.p)
	if err != nil {
		return nil, err
	}
	ids, total, err := a.svc.UsersWithTag(ctx, c.v.UserID, q, domain.Page{Count: size, Page: page})
	if err != nil {
		return nil, err
	}
	views, err := a.svc.UserViews(ctx, c.v.UserID, ids, true)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.UserTagsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	d := &SearchUsers{Timestamp: a.svc.Now().Unix(), TotalNum: total, HasNext: b01(page*size >= total), Info: make([]any, 0, len(views))}
	for _, v := range views {
		lu := a.listUser(v)
		for _, t := range tags[v.User.ID] {
			lu.Tag = append(lu.Tag, Tag{ID: t.ID, Name: t.Tag})
		}
		d.Info = append(d.Info, lu)
	}
	d.CostTime = time.Since(start).Milliseconds()
	return ok(d), nil
}

// HTData is ht_timeline's data.
type HTData struct {
	Timestamp int64             `json:"timestamp"`
	HasNext   int               `json:"hasnext"`
	PageInfo  string            `json:"pageinfo"`
	TotalNum  int               `json:"totalnum"`
	ID        string            `json:"id"`
	IsFav     int               `json:"isfav"`
	Info      []*Tweet          `json:"info"`
	User      map[string]string `json:"user"`
}

// Scheme D's flags.
const (
	htNext  = 1 // older
	htPrev  = 2 // newer
	htFirst = 4
)

// htTimeline pages a topic's tweets (scheme D): pageinfo is opaque to
// clients; here it is "first:last", the ids that bound the page.
func (a *API) htTimeline(ctx context.Context, c *call) (*envelope, error) {
	topic := strings.Trim(strings.TrimSpace(c.p.String("httext")), "#")
	if topic == "" {
		return nil, domain.MissingParam("httext")
	}
	flag, err := c.p.IntIn("pageflag", htFirst, 0, htFirst)
	if err != nil {
		return nil, err
	}
	if flag == 0 || flag == 3 {
		return nil, domain.BadParam("pageflag", "1, 2 or 4", c.p.String("pageflag"))
	}
	reqnum, err := c.p.Int("reqnum", 20, 1, 20)
	if err != nil {
		return nil, err
	}
	pg := domain.Page{Count: reqnum + 1, Page: 1}
	if info := strings.TrimSpace(c.p.String("pageinfo")); info != "" && flag != htFirst {
		first, last, err := parsePageInfo(info)
		if err != nil {
			return nil, err
		}
		if flag == htNext {
			pg.MaxID = last - 1
		} else {
			pg.SinceID = first
		}
	} else {
		flag = htFirst
	}
	l, err := a.svc.TopicStatuses(ctx, c.v.UserID, topic, pg)
	if err != nil {
		return nil, err
	}
	d0, users := a.timeline(l, reqnum, c.v.UserID, false)
	more := d0.HasNext == 0
	up, down := flag != htFirst, more
	if flag == htPrev {
		up, down = more, true
	}
	d := &HTData{Timestamp: d0.Timestamp, TotalNum: l.Total, Info: d0.Info, User: users}
	switch {
	case up && down:
		d.HasNext = 0
	case up:
		d.HasNext = 1 // cannot page down
	case down:
		d.HasNext = 2 // cannot page up
	default:
		d.HasNext = 3
	}
	if n := len(d.Info); n > 0 {
		d.PageInfo = idstr(d.Info[0].ID) + ":" + idstr(d.Info[n-1].ID)
	}
	id, fav, err := a.svc.FollowsTopic(ctx, c.v, topic)
	if err != nil && !domain.IsKind(err, domain.KindInvalid) {
		return nil, err
	}
	d.ID, d.IsFav = idstr(id), b01(fav)
	return &envelope{Data: d, User: users}, nil
}

func parsePageInfo(s string) (first, last int64, err error) {
	f, l, ok := strings.Cut(s, ":")
	first, err1 := strconv.ParseInt(f, 10, 64)
	last, err2 := strconv.ParseInt(l, 10, 64)
	if !ok || err1 != nil || err2 != nil || first <= 0 || last <= 0 {
		return 0, 0, domain.BadParam("pageinfo", "the pageinfo of the last answer", s)
	}
	return first, last, nil
}

// Trend is an item of trends/ht: type 0 says "read it with ht_timeline",
// 1 "with search/t" (spec §8.4; not the request's type).
type Trend struct {
	Name     string `json:"name"`
	Keywords string `json:"keywords"`
	Type     int    `json:"type"`
}

// TrendData is trends/ht's data: hasnext 0 when there is more, 1 not.
type TrendData struct {
	Pos     int     `json:"pos"`
	HasNext int     `json:"hasnext"`
	Info    []Trend `json:"info"`
}

// trendsHT lists the day's hot topics (the core's ranking). Type 1 asks
// for topic names, 2 for search keywords, 3 both: the hot keywords here
// are the topics' own words, so each topic is listed as a name (type 1),
// or as a keyword (2), or once as each (3).
func (a *API) trendsHT(ctx context.Context, c *call) (*envelope, error) {
	typ, err := c.p.IntIn("type", 3, 1, 3)
	if err != nil {
		return nil, err
	}
	reqnum, err := c.p.Int("reqnum", 20, 1, 20)
	if err != nil {
		return nil, err
	}
	pos, err := c.p.Int("pos", 0, 0, domain.MaxPageDepth)
	if err != nil {
		return nil, err
	}
	tl, err := a.svc.HotTopics(ctx, c.v, core.TrendDaily, false)
	if err != nil {
		return nil, err
	}
	var all []Trend
	for _, t := range tl.Topics {
		if typ&1 != 0 {
			all = append(all, Trend{Name: t.Name, Keywords: t.Name, Type: 0})
		}
		if typ&2 != 0 {
			all = append(all, Trend{Name: t.Name, Keywords: t.Name, Type: 1})
		}
	}
	from := min(pos, len(all))
	to := min(from+reqnum, len(all))
	d := &TrendData{Pos: to, HasNext: b01(to >= len(all)), Info: append([]Trend{}, all[from:to]...)}
	return ok(d), nil
}

// TagAdded is tag/add's answer.
type TagAdded struct {
	TagID string `json:"tagid"`
}

func (a *API) tagAdd(ctx context.Context, c *call) (*envelope, error) {
	tag := strings.TrimSpace(c.p.String("tag"))
	if tag == "" {
		return nil, domain.MissingParam("tag")
	}
	ids, err := a.svc.CreateUserTags(ctx, c.v, []string{tag})
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTagRepeated, "tag already added")
	}
	return ok(TagAdded{TagID: idstr(ids[0])}), nil
}

func (a *API) tagDel(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "tagid")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DestroyUserTag(ctx, c.v, id)
}

// Known is an entry of other/kownperson: name, nick and head only.
type Known struct {
	Name string `json:"name"`
	Nick string `json:"nick"`
	Head string `json:"head"`
}

// maxKnown is how many people other/kownperson suggests.
const maxKnown = 20

// knownPerson suggests people the viewer may know from their circle:
// friends of friends, then followers they do not follow back (the core's
// may-interest signals). The ip and region parameters are checked and
// accepted; this server keeps no per-address or per-region index of
// people to match them against.
func (a *API) knownPerson(ctx context.Context, c *call) (*envelope, error) {
	if ip := strings.TrimSpace(c.p.String("ip")); ip != "" {
		if _, err := clientIPValue(ip); err != nil {
			return nil, domain.BadParam("ip", "an IPv4 or IPv6 address", ip)
		}
	}
	for _, name := range []string{"country_code", "province_code", "city_code"} {
		if _, err := c.p.Int(name, 0, 0, 1<<20); err != nil {
			return nil, err
		}
	}
	in, err := a.svc.MayInterest(ctx, c.v.UserID, domain.Cursor{Count: maxKnown})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(in))
	for _, i := range in {
		ids = append(ids, i.UserID)
	}
	views, err := a.svc.UserViews(ctx, c.v.UserID, ids, false)
	if err != nil {
		return nil, err
	}
	out := make([]Known, 0, len(views))
	for _, v := range views {
		out = append(out, Known{Name: v.User.ScreenName, Nick: v.User.ScreenName, Head: a.head(v.User)})
	}
	return ok(out), nil
}
