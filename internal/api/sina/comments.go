package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

func (a *API) commentRoutes() []route {
	return []route{
		{path: "comments/show", methods: "GET", rate: core.RateGeneral, params: ps(pStatusID, pagePs("comment"), pByAuthor), h: a.commentsShow},
		{path: "comments/by_me", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("comment"), pBySource), h: a.commentsByMe},
		{path: "comments/to_me", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("comment"), pByAuthor, pBySource), h: a.commentsToMe},
		{path: "comments/timeline", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("comment"), pTrimUser), h: a.commentsTimeline},
		{path: "comments/mentions", methods: "GET", rate: core.RateGeneral, params: ps(pagePs("comment"), pByAuthor, pBySource), h: a.commentsMentions},
		{path: "comments/show_batch", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("cids", apiutil.KindIDs).Of("comment").Req()), h: a.commentsShowBatch},
		{path: "comments/create", methods: "POST", rate: core.RateComment, params: ps(pComment, pStatusID, pCommentOri, pRIP), h: a.commentCreate},
		{path: "comments/destroy", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("cid", apiutil.KindID).Of("comment").Req()), h: a.commentDestroy},
		{path: "comments/destroy_batch", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("cids", apiutil.KindIDs).Of("comment").Req(), apiutil.P("ids", apiutil.KindIDs).Of("comment")), h: a.commentDestroyBatch},
		{path: "comments/reply", methods: "POST", rate: core.RateComment, params: ps(pComment, pStatusID, apiutil.P("cid", apiutil.KindID).Of("comment"), apiutil.P("without_mention", apiutil.KindBool), pCommentOri, pRIP), h: a.commentReply},
	}
}

// commentQuery reads the paging and filters of comment lists; byAuthor and
// bySource say which filters the route documents. none reports a filter no
// comment can pass.
func commentQuery(c *call, byAuthor, bySource bool) (q domain.CommentQuery, none bool, err error) {
	if q.Page, err = apiutil.ReadPage(c.p, 50, 200); err != nil {
		return q, false, err
	}
	if byAuthor {
		if q.FilterAuthor, err = c.p.IntIn("filter_by_author", 0, 0, 2); err != nil {
			return q, false, err
		}
	}
	if bySource {
		src, err := c.p.IntIn("filter_by_source", 0, 0, 2)
		if err != nil {
			return q, false, err
		}
		// 1 (from weibo) is every comment here; 2 (from 微群) is none, since
		// the Weibo groups product does not exist on this server.
		none = src == 2
	}
	return q, none, nil
}

// noComments is the honest answer to a filter nothing passes: an empty page
// whose total is 0, without asking the store.
var noComments = &core.CommentList{}

func (a *API) commentsShow(ctx context.Context, c *call) (any, error) {
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	q, _, err := commentQuery(c, true, false)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.CommentsOnStatus(ctx, c.v.UserID, id, q)
	if err != nil {
		return nil, err
	}
	return a.commentList(l, renderOpts{}), nil
}

func (a *API) commentsByMe(ctx context.Context, c *call) (any, error) {
	q, none, err := commentQuery(c, false, true)
	if err != nil {
		return nil, err
	}
	if none {
		return a.commentList(noComments, renderOpts{}), nil
	}
	l, err := a.svc.CommentsByMe(ctx, c.v.UserID, q)
	if err != nil {
		return nil, err
	}
	return a.commentList(l, renderOpts{}), nil
}

func (a *API) commentsToMe(ctx context.Context, c *call) (any, error) {
	q, none, err := commentQuery(c, true, true)
	if err != nil {
		return nil, err
	}
	if none {
		return a.commentList(noComments, renderOpts{}), nil
	}
	l, err := a.svc.CommentsToMe(ctx, c.v.UserID, q)
	if err != nil {
		return nil, err
	}
	return a.commentList(l, renderOpts{}), nil
}

func (a *API) commentsTimeline(ctx context.Context, c *call) (any, error) {
	q, _, err := commentQuery(c, false, false)
	if err != nil {
		return nil, err
	}
	o, err := readRender(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.CommentTimeline(ctx, c.v.UserID, q)
	if err != nil {
		return nil, err
	}
	return a.commentList(l, o), nil
}

func (a *API) commentsMentions(ctx context.Context, c *call) (any, error) {
	q, none, err := commentQuery(c, true, true)
	if err != nil {
		return nil, err
	}
	if none {
		return a.commentList(noComments, renderOpts{}), nil
	}
	l, err := a.svc.CommentMentions(ctx, c.v.UserID, q)
	if err != nil {
		return nil, err
	}
	return a.commentList(l, renderOpts{}), nil
}

func (a *API) commentsShowBatch(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("cids") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsEmpty, "ids is null")
	}
	ids, err := c.p.Int64List("cids", 50)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.CommentsBatch(ctx, c.v.UserID, ids)
	if err != nil {
		return nil, err
	}
	return a.comments(l, renderOpts{}), nil
}

// commentText reads the required comment text. An absent parameter is a
// missing parameter (10016), as statuses/update treats status; a given but
// empty or blank text is empty content, which the core answers with 20008.
func commentText(p apiutil.Params) (string, error) {
	if !p.Given("comment") {
		return "", domain.MissingParam("comment")
	}
	return p.String("comment"), nil
}

func (a *API) commentCreate(ctx context.Context, c *call) (any, error) {
	txt, err := commentText(c.p)
	if err != nil {
		return nil, err
	}
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	ori, err := c.p.Bool01("comment_ori", false)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.CreateComment(ctx, c.v, core.CreateCommentInput{StatusID: id, Text: txt, CommentOri: ori, RIP: c.p.String("rip")})
	if err != nil {
		return nil, err
	}
	return a.comment(v, renderOpts{}), nil
}

func commentID(p apiutil.Params, name string) (int64, error) {
	if !p.Has(name) {
		return 0, domain.E(domain.KindInvalid, domain.ReasonCommentIDMissing, "comment id is null")
	}
	id, err := p.Int64(name, 0)
	if err != nil {
		return 0, err
	}
	if id <= 0 {
		return 0, domain.BadParam(name, "a comment id", p.String(name))
	}
	return id, nil
}

func (a *API) commentDestroy(ctx context.Context, c *call) (any, error) {
	cid, err := commentID(c.p, "cid")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DestroyComment(ctx, c.v, cid)
	if err != nil {
		return nil, err
	}
	return a.comment(v, renderOpts{}), nil
}

func (a *API) commentDestroyBatch(ctx context.Context, c *call) (any, error) {
	name := "cids"
	if !c.p.Has(name) && c.p.Has("ids") {
		name = "ids" // weiboclient4j sends the v1 name
	}
	if !c.p.Has(name) {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsEmpty, "ids is null")
	}
	ids, err := c.p.Int64List(name, 20)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.DestroyComments(ctx, c.v, ids)
	if err != nil {
		return nil, err
	}
	return a.comments(l, renderOpts{}), nil
}

func (a *API) commentReply(ctx context.Context, c *call) (any, error) {
	txt, err := commentText(c.p)
	if err != nil {
		return nil, err
	}
	id, err := statusID(c.p, "id")
	if err != nil {
		return nil, err
	}
	// A missing or empty cid with a valid id is a plain comment (v1 behaviour, comments.md §10).
	cid, err := c.p.Int64("cid", 0)
	if err != nil {
		return nil, err
	}
	if cid < 0 {
		return nil, domain.BadParam("cid", "a comment id", c.p.String("cid"))
	}
	without, err := c.p.Bool01("without_mention", false)
	if err != nil {
		return nil, err
	}
	ori, err := c.p.Bool01("comment_ori", false)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.CreateComment(ctx, c.v, core.CreateCommentInput{StatusID: id, ReplyTo: cid, Text: txt,
		WithoutMention: without, CommentOri: ori, RIP: c.p.String("rip")})
	if err != nil {
		return nil, err
	}
	return a.comment(v, renderOpts{}), nil
}
