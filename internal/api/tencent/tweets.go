package tencent

import (
	"context"
	"slices"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The tweet calls of spec §9.2 that repost, reply, comment and count. A
// re-broadcast (转播) is a core repost; a comment (点评) and a reply (回复,
// to the parent tweet's author) are core comments, the reply of kind
// domain.CommentKindReply, so they read back as tweets of type 7 and 4
// (§8.1, §11.7).

var (
	pReID     = apiutil.P("reid", apiutil.KindID).Of("status").Req()
	pRootID   = apiutil.P("rootid", apiutil.KindID).Of("status").Req()
	pCountIDs = apiutil.P("ids", apiutil.KindIDs).Of("status").Req()
	pFlag     = apiutil.P("flag", apiutil.KindInt)
)

// maxReCountIDs is t/re_count's cap (spec §9.2).
const maxReCountIDs = 30

func (a *API) tweetWriteRoutes() []route {
	listPs := ps(pRootID, pFlag, apiutil.P("pageflag", apiutil.KindInt), apiutil.P("pagetime", apiutil.KindTime),
		apiutil.P("reqnum", apiutil.KindCount), apiutil.P("twitterid", apiutil.KindID).Of("status"))
	return []route{
		{path: "t/re_add", methods: "POST", rate: core.RatePost, parent: true,
			params: ps(pReID, apiutil.P("content", apiutil.KindText), postPs), h: a.reAdd},
		{path: "t/reply", methods: "POST", rate: core.RateComment, parent: true, params: ps(pReID, pContent, postPs), h: a.reply},
		{path: "t/comment", methods: "POST", rate: core.RateComment, parent: true, params: ps(pReID, pContent, postPs), h: a.comment},
		{path: "t/re_count", methods: "GET", rate: core.RateGeneral, params: ps(pCountIDs, pFlag), h: a.reCount},
		{path: "t/re_list", methods: "GET", rate: core.RateGeneral, params: listPs, h: a.reList},
	}
}

func (a *API) reAdd(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "reid")
	if err != nil {
		return nil, err
	}
	ip, err := clientIP(c)
	if err != nil {
		return nil, err
	}
	if _, err := geo(c); err != nil {
		return nil, err
	}
	v, err := a.svc.Repost(ctx, c.v, core.RepostInput{ID: id, Text: c.p.String("content"), RIP: ip})
	if err != nil {
		return nil, err
	}
	return ok(Posted{ID: v.Status.ID, Timestamp: v.Status.CreatedAt.Unix()}), nil
}

// comment is t/comment: a comment (点评) on the tweet reid.
func (a *API) comment(ctx context.Context, c *call) (*envelope, error) {
	return a.commentKind(ctx, c, domain.CommentKindComment)
}

// reply is t/reply: a reply (回复) to the author of the tweet reid.
func (a *API) reply(ctx context.Context, c *call) (*envelope, error) {
	return a.commentKind(ctx, c, domain.CommentKindReply)
}

func (a *API) commentKind(ctx context.Context, c *call, kind int) (*envelope, error) {
	id, err := tweetID(c.p, "reid")
	if err != nil {
		return nil, err
	}
	text, err := readContent(c)
	if err != nil {
		return nil, err
	}
	ip, err := clientIP(c)
	if err != nil {
		return nil, err
	}
	if _, err := geo(c); err != nil {
		return nil, err
	}
	v, err := a.svc.CreateComment(ctx, c.v, core.CreateCommentInput{StatusID: id, Text: text, RIP: ip, Kind: kind})
	if err != nil {
		return nil, err
	}
	return ok(Posted{ID: v.Comment.ID, Timestamp: v.Comment.CreatedAt.Unix()}), nil
}

// Counts is one tweet's counters in t/re_count with flag 2.
type Counts struct {
	Count  int `json:"count"`
	MCount int `json:"mcount"`
}

// reCount answers {"<id>": n} (flag 0 re-broadcasts, 1 comments) or
// {"<id>": {count, mcount}} (flag 2); tweets the viewer may not see are
// left out.
func (a *API) reCount(ctx context.Context, c *call) (*envelope, error) {
	if !c.p.Has("ids") {
		return nil, domain.MissingParam("ids")
	}
	list, err := c.p.Int64List("ids", maxReCountIDs)
	if err != nil {
		return nil, err
	}
	flag, err := c.p.IntIn("flag", 0, 0, 2)
	if err != nil {
		return nil, err
	}
	counts, err := a.svc.CountStatuses(ctx, c.v.UserID, list)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, sc := range counts {
		switch flag {
		case 0:
			out[idstr(sc.ID)] = sc.Reposts
		case 1:
			out[idstr(sc.ID)] = sc.Comments
		default:
			out[idstr(sc.ID)] = Counts{Count: sc.Reposts, MCount: sc.Comments}
		}
	}
	return ok(out), nil
}

// reList lists the re-broadcasts (flag 0), comments (1) or both (2) of
// rootid, newest first, paged as scheme A with twitterid for lastid.
func (a *API) reList(ctx context.Context, c *call) (*envelope, error) {
	root, err := tweetID(c.p, "rootid")
	if err != nil {
		return nil, err
	}
	flag, err := c.p.IntIn("flag", 0, 0, 2)
	if err != nil {
		return nil, err
	}
	pg, reqnum, err := reListPage(c.p)
	if err != nil {
		return nil, err
	}
	var items []*Tweet
	total := 0
	if flag != 1 {
		l, err := a.svc.RepostTimeline(ctx, c.v.UserID, root, pg, domain.TimelineFilter{})
		if err != nil {
			return nil, err
		}
		total += l.Total
		for _, v := range l.Items {
			items = append(items, a.tweet(v, c.v.UserID))
		}
	}
	if flag != 0 {
		l, err := a.svc.CommentsOnStatus(ctx, c.v.UserID, root, domain.CommentQuery{Page: pg, Viewer: c.v.UserID})
		if err != nil {
			return nil, err
		}
		total += l.Total
		for _, v := range l.Items {
			items = append(items, a.commentTweet(v, c.v.UserID))
		}
	}
	slices.SortStableFunc(items, func(x, y *Tweet) int {
		switch {
		case x.ID > y.ID:
			return -1
		case x.ID < y.ID:
			return 1
		}
		return 0
	})
	more := len(items) > reqnum
	if more {
		items = items[:reqnum]
	}
	d := &TimelineData{Timestamp: a.svc.Now().Unix(), HasNext: b01(!more), TotalNum: &total, Info: items, User: map[string]string{}}
	if d.Info == nil {
		d.Info = []*Tweet{}
	}
	for _, t := range d.Info {
		for _, x := range []*Tweet{t, t.Source} {
			if x != nil && x.Name != "" {
				d.User[x.Name] = x.Nick
			}
		}
	}
	return &envelope{Data: d, User: d.User}, nil
}

// reListPage is scheme A′: twitterid in place of lastid.
func reListPage(p apiutil.Params) (domain.Page, int, error) {
	tid, err := p.Int64("twitterid", 0)
	if err != nil {
		return domain.Page{}, 0, err
	}
	if tid < 0 {
		return domain.Page{}, 0, domain.BadParam("twitterid", "a tweet id", p.String("twitterid"))
	}
	return timePageWith(p, 20, tid)
}

// commentTweet renders a comment as a tweet of type 7, or 4 for a reply
// (t/reply), whose source is the
// tweet it comments on.
func (a *API) commentTweet(v *core.CommentView, viewer int64) *Tweet {
	cm := v.Comment
	t := &Tweet{Text: cm.Text, OrigText: cm.Text, From: a.from(nil), ID: cm.ID, Timestamp: cm.CreatedAt.Unix(),
		Type: typeComment, Status: statusNormal}
	if cm.Kind == domain.CommentKindReply {
		t.Type = typeReply
	}
	if v.User != nil && v.User.User != nil {
		u := v.User.User
		t.Name, t.Nick, t.Head, t.Location = u.ScreenName, u.ScreenName, a.head(u), u.Location
		t.CountryCode, t.ProvinceCode, t.CityCode = codes(u)
		t.IsVip = b01(u.Verified)
		t.Self = b01(u.ID == viewer)
	}
	if v.Status != nil {
		t.Source = a.tweet(v.Status, viewer)
	}
	return t
}
