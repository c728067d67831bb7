package sina

import (
	"context"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
)

// redirect makes a handler answer with a 302 instead of JSON.
type redirect string

func readRender(p apiutil.Params) (renderOpts, error) {
	trim, err := p.Bool01("trim_user", false)
	return renderOpts{trimUser: trim}, err
}

// readFilter reads the timeline filters a route documents.
func readFilter(c *call, feature, baseApp, byAuthor, byType bool) (domain.TimelineFilter, error) {
	var f domain.TimelineFilter
	var err error
	if feature {
		if f.Feature, err = c.p.IntIn("feature", 0, 0, 8); err != nil {
			return f, err
		}
		// Later revisions add 7, plain text (originals without pictures),
		// and 8, reposts.
		if f.Feature == 8 {
			return f, domain.BadParam("feature", "0 to 4 or 7", "8")
		} else if f.Feature > 4 && f.Feature != 7 {
			return f, domain.BadParam("feature", "0 to 4 or 7", c.p.String("feature"))
		}
	}
	if baseApp {
		b, err := c.p.Bool01("base_app", false)
		if err != nil {
			return f, err
		}
		if b {
			if c.v.AppID == 0 {
				return f, domain.BadParam("base_app", "an app token", "1")
			}
			f.BaseAppID = c.v.AppID
		}
	}
	if byAuthor {
		if f.FilterByAuthor, err = c.p.IntIn("filter_by_author", 0, 0, 2); err != nil {
			return f, err
		}
	}
	if byType {
		if f.FilterByType, err = c.p.IntIn("filter_by_type", 0, 0, 1); err != nil {
			return f, err
		}
	}
	return f, nil
}

func (a *API) statusRoutes() []route {
	return []route{
		{path: "statuses/public_timeline", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("status"), pBaseApp, pTrimUser), h: a.publicTimeline},
		{path: "statuses/friends_timeline", methods: "GET", rate: core.RateGeneral, params: homePs, h: a.homeTimeline},
		{path: "statuses/home_timeline", methods: "GET", rate: core.RateGeneral, params: homePs, h: a.homeTimeline},
		{path: "statuses/friends_timeline/ids", methods: "GET", rate: core.RateGeneral, params: homePs, h: a.homeTimelineIDs},
		{path: "statuses/home_timeline/ids", methods: "GET", rate: core.RateGeneral, params: homePs, h: a.homeTimelineIDs},
		{path: "statuses/user_timeline", methods: "GET", rate: core.RateGeneral, params: ps(userPs, pagePs("status"), pFeature, pBaseApp, pTrimUser), h: a.userTimeline},
		{path: "statuses/user_timeline/ids", methods: "GET", rate: core.RateGeneral, params: ps(userPs, pagePs("status"), pFeature, pBaseApp), h: a.userTimelineIDs},
		{path: "statuses/repost_timeline", methods: "GET", rate: core.RateGeneral, params: ps(pStatusID, pagePs("status"), pByAuthor), h: a.repostTimeline},
		{path: "statuses/repost_timeline/ids", methods: "GET", rate: core.RateGeneral, params: ps(pStatusID, pagePs("status"), pByAuthor), h: a.repostTimelineIDs},
		{path: "statuses/repost_by_me", methods: "GET", rate: core.RateGeneral, params: pagePs("status"), h: a.repostByMe},
		{path: "statuses/mentions", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("status"), pByAuthor, pByType, pBySource, pTrimUser), h: a.mentions},
		{path: "statuses/mentions/ids", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("status"), pByAuthor, pByType, pBySource), h: a.mentionIDs},
		{path: "statuses/bilateral_timeline", methods: "GET", rate: core.RateGeneral, params: homePs, h: a.bilateralTimeline},
		{path: "statuses/show", methods: "GET", rate: core.RateGeneral, params: ps(pStatusID), h: a.showStatus},
		{path: "statuses/querymid", methods: "GET", auth: authOptional, rate: core.RateGeneral, params: ps(pSource, pMidType, pIsBatch, apiutil.P("id", apiutil.KindIDs).Of("status").Req()), h: a.queryMid},
		{path: "statuses/queryid", methods: "GET", auth: authOptional, rate: core.RateGeneral, params: ps(pSource, pMidType, pIsBatch, apiutil.P("inbox", apiutil.KindInt), apiutil.P("isBase62", apiutil.KindBool), apiutil.P("mid", apiutil.KindList).Req()), h: a.queryID},
		{path: "statuses/count", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("ids", apiutil.KindIDs).Of("status").Req()), h: a.statusCount},
		{path: "statuses/go", methods: "GET", auth: authOptional, rate: core.RateGeneral, params: ps(pUID.Req(), pStatusID), h: a.statusGo},
		{path: "statuses/update", methods: "POST", rate: core.RatePost, params: postPs, h: a.update},
		{path: "statuses/repost", methods: "POST", rate: core.RatePost, params: ps(pStatusID, apiutil.P("status", apiutil.KindText), apiutil.P("is_comment", apiutil.KindInt), pRIP), h: a.repost},
		{path: "statuses/destroy", methods: "POST", rate: core.RateGeneral, params: ps(pStatusID), h: a.destroy},
	}
}

func (a *API) publicTimeline(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 20, 200)
	if err != nil {
		return nil, err
	}
	f, err := readFilter(c, false, true, false, false)
	if err != nil {
		return nil, err
	}
	o, err := readRender(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.PublicTimeline(ctx, c.v.UserID, p, f)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) homeArgs(c *call) (domain.Page, domain.TimelineFilter, renderOpts, error) {
	p, err := apiutil.ReadPage(c.p, 20, 100)
	if err != nil {
		return p, domain.TimelineFilter{}, renderOpts{}, err
	}
	f, err := readFilter(c, true, true, false, false)
	if err != nil {
		return p, f, renderOpts{}, err
	}
	o, err := readRender(c.p)
	return p, f, o, err
}

func (a *API) homeTimeline(ctx context.Context, c *call) (any, error) {
	p, f, o, err := a.homeArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.HomeTimeline(ctx, c.v, p, f)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) homeTimelineIDs(ctx context.Context, c *call) (any, error) {
	p, f, _, err := a.homeArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.HomeTimelineIDs(ctx, c.v, p, f)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}

// userRef reads "uid | screen_name (one of)"; with neither, def (the viewer) is used.
func userRef(p apiutil.Params, uidName, nameName string, def int64) (core.UserRef, error) {
	uid, err := p.Int64(uidName, 0)
	if err != nil {
		return core.UserRef{}, err
	}
	var name string
	if nameName != "" { // requiredUser's refs have no screen-name form
		name = strings.TrimSpace(p.String(nameName))
	}
	if uid < 0 {
		return core.UserRef{}, domain.BadParam(uidName, "a user id", p.String(uidName))
	}
	if uid == 0 && name == "" {
		if def == 0 {
			return core.UserRef{}, domain.MissingParam(uidName)
		}
		return core.UserRef{ID: def}, nil
	}
	return core.UserRef{ID: uid, ScreenName: name}, nil
}

func (a *API) userTimelineArgs(ctx context.Context, c *call) (int64, domain.Page, domain.TimelineFilter, error) {
	// "give at most one": both at once may name two different people.
	if c.p.Has("uid") && c.p.Has("screen_name") {
		return 0, domain.Page{}, domain.TimelineFilter{}, domain.BadParam("screen_name", "only one of uid and screen_name", c.p.String("screen_name"))
	}
	ref, err := userRef(c.p, "uid", "screen_name", c.v.UserID)
	if err != nil {
		return 0, domain.Page{}, domain.TimelineFilter{}, err
	}
	u, err := a.svc.ResolveUser(ctx, ref)
	if err != nil {
		return 0, domain.Page{}, domain.TimelineFilter{}, err
	}
	p, err := apiutil.ReadPage(c.p, 20, 100)
	if err != nil {
		return 0, p, domain.TimelineFilter{}, err
	}
	f, err := readFilter(c, true, true, false, false)
	return u.ID, p, f, err
}

func (a *API) userTimeline(ctx context.Context, c *call) (any, error) {
	uid, p, f, err := a.userTimelineArgs(ctx, c)
	if err != nil {
		return nil, err
	}
	o, err := readRender(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.UserTimeline(ctx, c.v.UserID, uid, p, f)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) userTimelineIDs(ctx context.Context, c *call) (any, error) {
	uid, p, f, err := a.userTimelineArgs(ctx, c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.UserTimelineIDs(ctx, c.v.UserID, uid, p, f)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}

func statusID(p apiutil.Params, name string) (int64, error) {
	if !p.Has(name) {
		return 0, domain.MissingParam(name)
	}
	id, err := p.Int64(name, 0)
	if err != nil {
		return 0, err
	}
	if id <= 0 {
		return 0, domain.BadParam(name, "a status id", p.String(name))
	}
	return id, nil
}

// RepostList is the reposts envelope.
type RepostList struct {
	Reposts        []*Status `json:"reposts"`
	HasVisible     bool      `json:"hasvisible"`
	PreviousCursor int64     `json:"previous_cursor"`
	NextCursor     int64     `json:"next_cursor"`
	TotalNumber    int       `json:"total_number"`
}

func (a *API) repostList(l *core.StatusList, o renderOpts) *RepostList {
	t := a.timeline(l, o)
	return &RepostList{Reposts: t.Statuses, HasVisible: t.HasVisible, NextCursor: t.NextCursor, TotalNumber: t.TotalNumber}
}

func (a *API) repostArgs(c *call) (int64, domain.Page, domain.TimelineFilter, error) {
	id, err := statusID(c.p, "id")
	if err != nil {
		return 0, domain.Page{}, domain.TimelineFilter{}, err
	}
	p, err := apiutil.ReadPage(c.p, 20, 200)
	if err != nil {
		return 0, p, domain.TimelineFilter{}, err
	}
	f, err := readFilter(c, false, false, true, false)
	return id, p, f, err
}

func (a *API) repostTimeline(ctx context.Context, c *call) (any, error) {
	id, p, f, err := a.repostArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.RepostTimeline(ctx, c.v.UserID, id, p, f)
	if err != nil {
		return nil, err
	}
	return a.repostList(l, renderOpts{}), nil
}

func (a *API) repostTimelineIDs(ctx context.Context, c *call) (any, error) {
	id, p, f, err := a.repostArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.RepostTimelineIDs(ctx, c.v.UserID, id, p, f)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}

func (a *API) repostByMe(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 20, 200)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.RepostsByMe(ctx, c.v.UserID, p)
	if err != nil {
		return nil, err
	}
	return a.repostList(l, renderOpts{}), nil
}

func (a *API) mentionArgs(c *call) (domain.Page, domain.TimelineFilter, error) {
	p, err := apiutil.ReadPage(c.p, 20, 200)
	if err != nil {
		return p, domain.TimelineFilter{}, err
	}
	f, err := readFilter(c, false, false, true, true)
	if err != nil {
		return p, f, err
	}
	// filter_by_source 2 asks for 微群 statuses, which this server has none of.
	src, err := c.p.IntIn("filter_by_source", 0, 0, 2)
	if err != nil {
		return p, f, err
	}
	if src == 2 {
		f.Feature = 3 // matches nothing, honestly: there are no 微群 statuses
	}
	return p, f, nil
}

func (a *API) mentions(ctx context.Context, c *call) (any, error) {
	p, f, err := a.mentionArgs(c)
	if err != nil {
		return nil, err
	}
	o, err := readRender(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.Mentions(ctx, c.v.UserID, p, f)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) mentionIDs(ctx context.Context, c *call) (any, error) {
	p, f, err := a.mentionArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.MentionIDs(ctx, c.v.UserID, p, f)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}

func (a *API) bilateralTimeline(ctx context.Context, c *call) (any, error) {
	p, f, o, err := a.homeArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.BilateralTimeline(ctx, c.v.UserID, p, f)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) showStatus(ctx context.Context, c *call) (any, error) {
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.ShowStatus(ctx, c.v.UserID, id)
	if err != nil {
		return nil, err
	}
	return a.statusJSON(v, renderOpts{})
}

// midType reads querymid/queryid's type: 1 status, 2 comment, 3 direct message.
func midType(p apiutil.Params) (int, error) {
	t, err := p.IntIn("type", 1, 1, 3)
	if err != nil {
		return 0, err
	}
	if t == 3 {
		return 0, domain.BadParam("type", "1 (status) or 2 (comment): direct messages are not supported", "3")
	}
	return t, nil
}

// needSource enforces "login: no (source suffices)" (README §3): without a
// user token the call must still name the app it comes from, by the key
// of an app registered here.
func (a *API) needSource(ctx context.Context, c *call) error {
	if c.v.UserID != 0 {
		return nil
	}
	if !c.p.Has("source") {
		return domain.E(domain.KindUnauthenticated, domain.ReasonNoCredentials, "source paramter (appkey) is missing")
	}
	_, err := a.svc.SourceApp(ctx, c.p.String("source"))
	return err
}

// exists checks the object an id names, as the viewer may see it.
func (a *API) exists(ctx context.Context, c *call, typ int, id int64) error {
	if typ == 2 {
		l, err := a.svc.CommentsBatch(ctx, c.v.UserID, []int64{id})
		if err != nil {
			return err
		}
		if len(l) == 0 {
			return domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "comment does not exist")
		}
		return nil
	}
	_, err := a.svc.ShowStatus(ctx, c.v.UserID, id)
	return err
}

func (a *API) queryMid(ctx context.Context, c *call) (any, error) {
	if err := a.needSource(ctx, c); err != nil {
		return nil, err
	}
	typ, err := midType(c.p)
	if err != nil {
		return nil, err
	}
	batch, err := c.p.Bool01("is_batch", false)
	if err != nil {
		return nil, err
	}
	if !c.p.Has("id") {
		return nil, domain.MissingParam("id")
	}
	list, err := c.p.Int64List("id", 20)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, domain.MissingParam("id") // unreachable after Has; never index an empty list
	}
	if !batch && len(list) > 1 {
		return nil, domain.BadParam("id", "one id (or is_batch=1)", c.p.String("id"))
	}
	out := make([]map[string]string, 0, len(list))
	for _, id := range list {
		if err := a.exists(ctx, c, typ, id); err != nil {
			if batch && domain.IsKind(err, domain.KindNotFound) {
				continue
			}
			return nil, err
		}
		out = append(out, map[string]string{strconv.FormatInt(id, 10): ids.EncodeMid(id)})
	}
	if !batch {
		return map[string]string{"mid": ids.EncodeMid(list[0])}, nil
	}
	return out, nil
}

func (a *API) queryID(ctx context.Context, c *call) (any, error) {
	if err := a.needSource(ctx, c); err != nil {
		return nil, err
	}
	typ, err := midType(c.p)
	if err != nil {
		return nil, err
	}
	batch, err := c.p.Bool01("is_batch", false)
	if err != nil {
		return nil, err
	}
	if _, err := c.p.IntIn("inbox", 0, 0, 1); err != nil {
		return nil, err
	}
	b62, err := c.p.Bool01("isBase62", false)
	if err != nil {
		return nil, err
	}
	if !c.p.Has("mid") {
		return nil, domain.MissingParam("mid")
	}
	mids, err := c.p.StringList("mid", 20)
	if err != nil {
		return nil, err
	}
	if len(mids) == 0 {
		return nil, domain.MissingParam("mid") // unreachable after Has; never index an empty list
	}
	if !batch && len(mids) > 1 {
		return nil, domain.BadParam("mid", "one mid (or is_batch=1)", c.p.String("mid"))
	}
	out := make([]map[string]string, 0, len(mids))
	for _, m := range mids {
		var id int64
		if b62 {
			id, err = ids.DecodeMid(m)
		} else {
			id, err = strconv.ParseInt(m, 10, 64)
		}
		if err != nil || id <= 0 {
			return nil, domain.BadParam("mid", "a mid", m)
		}
		if err := a.exists(ctx, c, typ, id); err != nil {
			if batch && domain.IsKind(err, domain.KindNotFound) {
				continue
			}
			return nil, err
		}
		out = append(out, map[string]string{m: strconv.FormatInt(id, 10)})
	}
	if !batch {
		for _, v := range out[0] {
			return map[string]string{"id": v}, nil
		}
	}
	return out, nil
}

// StatusCount is one row of statuses/count, exactly objects.md §16's record
// (the documented example has no idstr, and clients parse it as given).
type StatusCount struct {
	ID        int64 `json:"id"`
	Comments  int   `json:"comments"`
	Reposts   int   `json:"reposts"`
	Attitudes int   `json:"attitudes"`
}

func (a *API) statusCount(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("ids") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsEmpty, "ids is null")
	}
	list, err := c.p.Int64List("ids", 100)
	if err != nil {
		return nil, err
	}
	counts, err := a.svc.CountStatuses(ctx, c.v.UserID, list)
	if err != nil {
		return nil, err
	}
	out := make([]StatusCount, len(counts))
	for i, sc := range counts {
		out[i] = StatusCount{ID: sc.ID, Comments: sc.Comments, Reposts: sc.Reposts, Attitudes: sc.Attitudes}
	}
	return out, nil
}

func (a *API) statusGo(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.ShowStatus(ctx, c.v.UserID, id)
	if err != nil {
		return nil, err
	}
	if v.Status.UserID != uid {
		return nil, domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo does not exist")
	}
	return redirect(strings.TrimSuffix(a.opts.BaseURL, "/") + "/" + strconv.FormatInt(uid, 10) + "/" + ids.EncodeMid(id)), nil
}

// readPost reads the parameters statuses/update shares with the picture
// posts (upload, upload_url_text).
func readPost(c *call) (core.PostStatusInput, error) {
	in := core.PostStatusInput{Text: c.p.String("status"), Annotations: c.p.String("annotations"), RIP: c.p.String("rip")}
	// An absent status is a missing parameter (10016); a given but empty or
	// blank one is empty content, which the core answers with 20008.
	if !c.p.Given("status") {
		return in, domain.MissingParam("status")
	}
	var err error
	if in.Visible, err = c.p.IntIn("visible", 0, 0, 3); err != nil {
		return in, err
	}
	if in.ListID, err = c.p.Int64("list_id", 0); err != nil {
		return in, err
	}
	lat, hasLat, err := c.p.Lat("lat")
	if err != nil {
		return in, err
	}
	long, hasLong, err := c.p.Long("long")
	if err != nil {
		return in, err
	}
	if hasLat || hasLong {
		in.Geo = &domain.Geo{Lat: lat, Long: long}
	}
	return in, nil
}

func (a *API) update(ctx context.Context, c *call) (any, error) {
	in, err := readPost(c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.PostStatus(ctx, c.v, in)
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

func (a *API) repost(ctx context.Context, c *call) (any, error) {
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	isComment, err := c.p.IntIn("is_comment", 0, 0, 3)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.Repost(ctx, c.v, core.RepostInput{ID: id, Text: c.p.String("status"), IsComment: isComment, RIP: c.p.String("rip")})
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

func (a *API) destroy(ctx context.Context, c *call) (any, error) {
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DestroyStatus(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}
