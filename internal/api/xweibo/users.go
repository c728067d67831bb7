package xweibo

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// Direct messages (spec §5.6), blocks and tags (§5.7), getTags and
// getAtUsers (§8): each over the core capability every dialect shares.

var (
	pUserID   = apiutil.P("id", apiutil.KindID).Of("user")
	pUserName = apiutil.P("name", apiutil.KindText)
)

func (a *API) userRoutes() []route {
	return []route{
		{name: "sendDirectMessage", rate: core.RateGeneral, h: a.sendDirectMessage,
			params: []apiutil.ParamInfo{pUserID, pUserName, pText}},
		{name: "deleteDirectMessage", rate: core.RateGeneral, h: a.deleteDirectMessage,
			params: []apiutil.ParamInfo{apiutil.P("id", apiutil.KindID).Of("dm").Req()}},
		{name: "createBlocks", rate: core.RateGeneral, h: a.createBlocks, params: []apiutil.ParamInfo{pUserID, pUserName}},
		{name: "deleteBlocks", rate: core.RateGeneral, h: a.deleteBlocks, params: []apiutil.ParamInfo{pUserID, pUserName}},
		{name: "createTags", rate: core.RateGeneral, h: a.createTags,
			params: []apiutil.ParamInfo{apiutil.P("tagName", apiutil.KindList).Req()}},
		{name: "deleteTags", rate: core.RateGeneral, h: a.deleteTags,
			params: []apiutil.ParamInfo{apiutil.P("tag_id", apiutil.KindID).Of("tag").Req()}},
		{name: "getTags", rate: core.RateGeneral, h: a.getTags,
			params: []apiutil.ParamInfo{apiutil.P("uid", apiutil.KindID).Of("user").Req()}},
		{name: "getAtUsers", rate: core.RateGeneral, h: a.getAtUsers,
			params: []apiutil.ParamInfo{apiutil.P("keyword", apiutil.KindText).Req()}},
	}
}

// maxDMText is 2.1's own check of a DM's length (spec §5.6.1: 140, where
// Sina v1 allowed 300): longer is 1010005.
const maxDMText = 140

func (a *API) sendDirectMessage(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	ref, ok, err := userRef(c.p, "id", "name")
	if err != nil {
		return nil, err
	}
	if !ok || ref.ID == c.v.UserID {
		return nil, fail(errDMTo)
	}
	txt := c.p.String("text")
	if text.Blank(txt) {
		return nil, fail(errDMEmpty)
	}
	if text.Count(txt) > maxDMText {
		return nil, fail(errLength)
	}
	if _, err := a.svc.SendDirectMessage(ctx, c.v, core.SendDMInput{To: ref, Text: txt, RIP: rip(c)}); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *API) deleteDirectMessage(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	id, err := weiboID(c.p, "id", errDMID)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DeleteDirectMessage(ctx, c.v, id); err != nil {
		if domain.IsKind(err, domain.KindNotFound) {
			return nil, fail(errDMNone)
		}
		return nil, err
	}
	return true, nil
}

func (a *API) createBlocks(ctx context.Context, c *call) (any, error) {
	return a.blockAction(ctx, c, a.svc.Block, domain.ReasonAlreadyBlocked)
}

func (a *API) deleteBlocks(ctx context.Context, c *call) (any, error) {
	return a.blockAction(ctx, c, a.svc.Unblock, domain.ReasonNotBlocked)
}

// blockAction blocks or unblocks (do) the user named by id or name. Either
// is idempotent here, as the spec's actions answer true once the state is
// the one asked for: doneReason is the error do gives when it already is.
func (a *API) blockAction(ctx context.Context, c *call, do func(context.Context, domain.Viewer, core.UserRef) (*core.UserView, error), doneReason domain.Reason) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	ref, ok, err := userRef(c.p, "id", "name")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail(errEmpty)
	}
	if _, err := do(ctx, c.v, ref); err != nil && !domain.IsReason(err, doneReason) {
		return nil, err
	}
	return true, nil
}

// TagID is one entry of createTags' data.
type TagID struct {
	TagID string `json:"tagid"`
}

// maxTagWidth is 2.1's bound of a tag: 7 CJK characters, 14 width units
// (spec §5.7.3), applied to each tag.
const maxTagWidth = 14

func (a *API) createTags(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	if !c.p.Has("tagName") {
		return nil, fail(errTagEmpty)
	}
	list, err := c.p.StringList("tagName", domain.MaxUserTags)
	if err != nil {
		if domain.IsReason(err, domain.ReasonIDsTooMany) {
			return nil, fail(errTagFail)
		}
		return nil, fail(errTagEmpty)
	}
	for _, t := range list {
		if text.Count(t) > maxTagWidth/2 {
			return nil, fail(errLength)
		}
	}
	ids, err := a.svc.CreateUserTags(ctx, c.v, list)
	if err != nil {
		return nil, err
	}
	out := make([]TagID, len(ids))
	for i, id := range ids {
		out[i] = TagID{TagID: idstr(id)}
	}
	return map[string][]TagID{"data": out}, nil
}

func (a *API) deleteTags(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	id, err := weiboID(c.p, "tag_id", errTagID)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DestroyUserTag(ctx, c.v, id); err != nil {
		return nil, err
	}
	return true, nil
}

// maxTagsListed is how many tags getTags answers (2.1 asked for 200).
const maxTagsListed = 200

// getTags answers the user's tags as Sina's tags list: [{"<id>": "<tag>"}].
func (a *API) getTags(ctx context.Context, c *call) (any, error) {
	uid, err := weiboID(c.p, "uid", errEmpty)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.UserTags(ctx, uid, domain.Page{Count: maxTagsListed, Page: 1})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(tags))
	for i, t := range tags {
		out[i] = map[string]string{idstr(t.ID): t.Tag}
	}
	return out, nil
}

// AtUsers is getAtUsers' rst: the keyword and the suggestions.
type AtUsers struct {
	Key  string   `json:"key"`
	Data []AtUser `json:"data"`
}

// AtUser is one suggestion for an @name.
type AtUser struct {
	Nickname string `json:"nickname"`
	Remark   string `json:"remark"`
}

// atUsersCount is how many names getAtUsers suggests.
const atUsersCount = 10

// getAtUsers suggests @names from the people the caller follows, matched
// by name or remark (spec §8).
func (a *API) getAtUsers(ctx context.Context, c *call) (any, error) {
	uid, err := c.user()
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(c.p.String("keyword"))
	if q == "" {
		return nil, fail(errEmpty)
	}
	list, err := a.svc.SuggestAtUsers(ctx, uid, q, 0, 2, atUsersCount)
	if err != nil {
		return nil, err
	}
	out := &AtUsers{Key: q, Data: make([]AtUser, len(list))}
	for i, u := range list {
		out.Data[i] = AtUser{Nickname: u.Nickname, Remark: u.Remark}
	}
	return out, nil
}
