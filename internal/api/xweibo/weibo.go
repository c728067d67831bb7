package xweibo

import (
	"context"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The weibo actions of spec §5.1: update, destroy, repost, comment,
// comment_destroy (also spelled comment_destory), reply (also replay).

var (
	pWeiboID = apiutil.P("id", apiutil.KindID).Of("status").Req()
	pText    = apiutil.P("text", apiutil.KindText).Req()
	pForward = apiutil.P("forward", apiutil.KindBool)
	pType    = apiutil.P("type", apiutil.KindEnum).OneOf("1", "2")
)

// maxBatch bounds the ids of one batch call: 2.1 sent upstream 20 at a
// time; we take five such batches in one call and refuse more (1010005)
// rather than loop for as long as the client likes.
const maxBatch = 100

func (a *API) weiboRoutes() []route {
	return []route{
		{name: "update", rate: core.RatePost, h: a.update,
			params: []apiutil.ParamInfo{pText, apiutil.P("pic", apiutil.KindText)}},
		{name: "destroy", rate: core.RatePost, h: a.destroy, params: []apiutil.ParamInfo{pWeiboID}},
		{name: "repost", rate: core.RatePost, h: a.repost, params: []apiutil.ParamInfo{
			pWeiboID, apiutil.P("text", apiutil.KindText), apiutil.P("rtids", apiutil.KindIDs).Of("status")}},
		{name: "comment", rate: core.RateComment, h: a.commentOn,
			params: []apiutil.ParamInfo{pWeiboID, pText, pForward, pType}},
		{name: "comment_destroy", aliases: []string{"comment_destory"}, rate: core.RateComment, h: a.commentDestroy,
			params: []apiutil.ParamInfo{apiutil.P("id", apiutil.KindIDs).Of("comment").Req()}},
		{name: "reply", aliases: []string{"replay"}, rate: core.RateComment, h: a.reply, params: []apiutil.ParamInfo{
			pWeiboID, apiutil.P("cid", apiutil.KindID).Of("comment").Req(), pText, pForward, pType}},
	}
}

// Data is the rst of update and repost (spec §5.1.1): the compact status
// under "data", as the seed shows it.
type Data struct {
	Data *Weibo `json:"data"`
}

// rip is the address the content is posted from: the caller's.
func rip(c *call) string { return c.v.IP }

// weiboID reads a required weibo id: missing is empty, a value that is not
// a positive number 1010002.
func weiboID(p apiutil.Params, name string, empty row) (int64, error) {
	if !p.Has(name) {
		return 0, fail(empty)
	}
	id, err := p.Int64(name, 0)
	if err != nil || id <= 0 {
		return 0, fail(errNumber)
	}
	return id, nil
}

func (a *API) update(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	if !c.p.Has("text") {
		return nil, fail(errUpdateEmpty)
	}
	in := core.PostStatusInput{Text: c.p.String("text"), RIP: rip(c)}
	if pic := strings.TrimSpace(c.p.String("pic")); pic != "" {
		// The pid of a picture uploaded before (upload_pic, or Sina's
		// statuses/upload_pic): a picture weibo (spec §5.1.1).
		in.PicIDs = []string{pic}
	}
	v, err := a.svc.PostStatus(ctx, c.v, in)
	if err != nil {
		return nil, err
	}
	return &Data{Data: a.weibo(v)}, nil
}

func (a *API) destroy(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	id, err := weiboID(c.p, "id", errDestroyID)
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.DestroyStatus(ctx, c.v, id); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *API) repost(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	id, err := weiboID(c.p, "id", errRepostID)
	if err != nil {
		return nil, err
	}
	rtids, err := c.p.Int64List("rtids", maxBatch)
	if err != nil {
		return nil, err
	}
	// 2.1's mapping of rtids to is_comment (spec §5.1.3).
	isComment := 0
	switch {
	case len(rtids) > 1:
		isComment = 3
	case len(rtids) == 1 && rtids[0] == id:
		isComment = 2
	case len(rtids) == 1:
		isComment = 1
	}
	v, err := a.svc.Repost(ctx, c.v, core.RepostInput{ID: id, Text: c.p.String("text"), IsComment: isComment, RIP: rip(c)})
	if err != nil {
		return nil, err
	}
	return &Data{Data: a.weibo(v)}, nil
}

// Commented is the rst of comment and reply (spec §5.1.4, §5.1.6): the
// comment, and with forward=1 the weibo that also went out.
type Commented struct {
	Comment *Comment `json:"comment"`
	Wb      *Weibo   `json:"wb,omitempty"`
}

// avatarType reads type: 1 (default) the 30 px avatar, 2 the 50 px one.
func avatarType(p apiutil.Params) (bool, error) {
	t, err := p.IntIn("type", 1, 1, 2)
	if err != nil {
		return false, fail(errNumber)
	}
	return t == 2, nil
}

func (a *API) commentOn(ctx context.Context, c *call) (any, error) {
	return a.commentOrReply(ctx, c, false)
}

func (a *API) reply(ctx context.Context, c *call) (any, error) {
	return a.commentOrReply(ctx, c, true)
}

// commentOrReply comments on id (replying to cid when reply), and with
// forward=1 also reposts id with the same words. The comment is the call's
// business: a repost the core refuses (one's own weibo, a private one)
// leaves the comment standing without a wb, as a repost stands when its
// comment is refused.
func (a *API) commentOrReply(ctx context.Context, c *call, reply bool) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	idEmpty, textEmpty := errCommentID, errCommentEmpty
	if reply {
		idEmpty, textEmpty = errReplyID, errReplyEmpty
	}
	id, err := weiboID(c.p, "id", idEmpty)
	if err != nil {
		return nil, err
	}
	var cid int64
	if reply {
		if cid, err = weiboID(c.p, "cid", errReplyCid); err != nil {
			return nil, err
		}
	}
	if !c.p.Has("text") {
		return nil, fail(textEmpty)
	}
	forward, err := c.p.Bool01("forward", false)
	if err != nil {
		return nil, fail(errNumber)
	}
	big, err := avatarType(c.p)
	if err != nil {
		return nil, err
	}
	txt := c.p.String("text")
	cv, err := a.svc.CreateComment(ctx, c.v, core.CreateCommentInput{StatusID: id, ReplyTo: cid, Text: txt, RIP: rip(c)})
	if err != nil {
		return nil, err
	}
	out := &Commented{Comment: a.comment(cv, big)}
	if forward {
		sv, err := a.svc.Repost(ctx, c.v, core.RepostInput{ID: id, Text: txt, RIP: rip(c)})
		switch {
		case err == nil:
			out.Wb = a.weibo(sv)
		case domain.AsError(err).Kind == domain.KindInternal || domain.AsError(err).Kind == domain.KindUnavailable:
			return nil, err
		default:
			a.log.DebugContext(ctx, "xweibo: comment forwarded without a repost", "status", id, "err", err)
		}
	}
	return out, nil
}

// Total is comment_destroy's rst as the seed shows it: {"total": null}.
type Total struct {
	Total *int `json:"total"`
}

// BatchFailure is one entry of the err list of a batch that partly failed.
type BatchFailure struct {
	ID  string `json:"id"`
	Err string `json:"err"`
}

func (a *API) commentDestroy(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	if !c.p.Has("id") {
		return nil, fail(errCmtDelID)
	}
	ids, err := c.p.Int64List("id", maxBatch)
	if err != nil {
		return nil, err
	}
	if len(ids) == 1 {
		if _, err := a.svc.DestroyComment(ctx, c.v, ids[0]); err != nil {
			return nil, err
		}
		return &Total{}, nil
	}
	done, err := a.svc.DestroyComments(ctx, c.v, ids)
	if err != nil {
		return nil, err
	}
	gone := make(map[int64]bool, len(done))
	for _, v := range done {
		gone[v.Comment.ID] = true
	}
	var failed []BatchFailure
	for _, id := range ids {
		if !gone[id] {
			failed = append(failed, BatchFailure{ID: strconv.FormatInt(id, 10), Err: errCmtDelOwn.msg})
		}
	}
	if len(failed) > 0 {
		return nil, &failure{row: errCmtDelFail, list: failed}
	}
	return &Total{}, nil
}
