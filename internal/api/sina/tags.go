package sina

import (
	"context"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// tags.md: status tags (part A, the advanced level: A2 and A7 say so, the
// others are of the same family) and user tags (part B).
func (a *API) tagRoutes() []route {
	pTag := apiutil.P("tag", apiutil.KindText).Req()
	return []route{
		{path: "statuses/tags", methods: "GET", rate: core.RateGeneral, advanced: true, params: ps(apiutil.P("count", apiutil.KindCount)), h: a.statusTags},
		{path: "statuses/tags/show_batch", methods: "GET", rate: core.RateGeneral, advanced: true, params: ps(apiutil.P("ids", apiutil.KindIDs).Of("status").Req()), h: a.statusTagsBatch},
		{path: "statuses/tag_timeline/ids", methods: "GET", rate: core.RateGeneral, advanced: true, params: ps(pTag, pagePs("status")), h: a.tagTimelineIDs},
		{path: "statuses/tags/create", methods: "POST", rate: core.RateGeneral, advanced: true, params: ps(pTag), h: a.statusTagCreate},
		{path: "statuses/tags/destroy", methods: "POST", rate: core.RateGeneral, advanced: true, params: ps(pTag), h: a.statusTagDestroy},
		{path: "statuses/tags/update", methods: "POST", rate: core.RateGeneral, advanced: true,
			params: ps(apiutil.P("old_tag", apiutil.KindText).Req(), apiutil.P("new_tag", apiutil.KindText).Req()), h: a.statusTagRename},
		{path: "statuses/update_tags", methods: "POST", rate: core.RateGeneral, advanced: true, params: ps(pStatusID, apiutil.P("tags", apiutil.KindList)), h: a.updateStatusTags},

		{path: "tags", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req(), pageCursorPs), h: a.userTags},
		{path: "tags/tags_batch", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("uids", apiutil.KindIDs).Of("user").Req()), h: a.userTagsBatch},
		{path: "tags/suggestions", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("count", apiutil.KindCount)), h: a.userTagSuggestions},
		{path: "tags/create", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("tags", apiutil.KindList).Req()), h: a.userTagsCreate},
		{path: "tags/destroy", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("tag_id", apiutil.KindID).Of("user_tag").Req()), h: a.userTagDestroy},
		{path: "tags/destroy_batch", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("ids", apiutil.KindIDs).Of("user_tag").Req()), h: a.userTagsDestroy},
	}
}

// Batch limits of tags.md.
const (
	maxStatusTagBatch = 50 // statuses/tags/show_batch
	maxTagUsersBatch  = 20 // tags/tags_batch
	maxUserTagDestroy = 10 // tags/destroy_batch
	maxTagSuggestions = 10 // tags/suggestions
)

// StatusTag is a label as statuses/tags lists it (inferred, as favorites/tags).
type StatusTag struct {
	ID    int64  `json:"id"`
	Tag   string `json:"tag"`
	Count *int   `json:"count,omitempty"`
}

// StatusTags is statuses/tags.
type StatusTags struct {
	Tags        []StatusTag `json:"tags"`
	TotalNumber int         `json:"total_number"`
}

// StatusTagsOf is one entry of statuses/tags/show_batch.
type StatusTagsOf struct {
	StatusID int64    `json:"status_id"`
	Tags     []string `json:"tags"`
}

// StatusTagRenamed answers statuses/tags/update. tags.md leaves open
// whether it is {"result": true} or the renamed tag: both, so that a client
// reading either finds it.
type StatusTagRenamed struct {
	Result bool   `json:"result"`
	ID     int64  `json:"id"`
	Tag    string `json:"tag"`
}

// TaggedStatus is the lighter status statuses/update_tags answers: the
// author as uid, and the status's labels.
type TaggedStatus struct {
	*Status
	Tags []string `json:"tags"`
}

// UserTag is a user tag element: one key named after the tag id holding
// the text, and weight (tags.md "dynamic key").
type UserTag struct {
	ID     int64
	Tag    string
	Weight int
}

// MarshalJSON writes {"<id>": "<text>", "weight": n}.
func (t UserTag) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48+len(t.Tag))
	b = append(b, `{"`...)
	b = strconv.AppendInt(b, t.ID, 10)
	b = append(b, `":`...)
	b = strconv.AppendQuote(b, t.Tag)
	b = append(b, `,"weight":`...)
	b = strconv.AppendInt(b, int64(t.Weight), 10)
	return append(b, '}'), nil
}

// UserTags is one entry of tags/tags_batch.
type UserTags struct {
	ID   int64     `json:"id"`
	Tags []UserTag `json:"tags"`
}

// TagSuggestion is one entry of tags/suggestions (explicit keys there).
type TagSuggestion struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// TagID is one entry of tags/create and tags/destroy_batch.
type TagID struct {
	TagID int64 `json:"tagid"`
}

func userTags(ts []domain.UserTag) []UserTag {
	out := make([]UserTag, len(ts))
	for i, t := range ts {
		out[i] = UserTag{ID: t.ID, Tag: t.Tag, Weight: t.Weight}
	}
	return out
}

// readTagName reads a required tag name, trimmed.
func readTagName(p apiutil.Params, name string) (string, error) {
	s, err := p.RequiredString(name)
	return strings.TrimSpace(s), err
}

func (a *API) statusTags(ctx context.Context, c *call) (any, error) {
	count, err := c.p.Int("count", 20, 1, 200)
	if err != nil {
		return nil, err
	}
	tags, total, err := a.svc.StatusTags(ctx, c.v, domain.Page{Count: count})
	if err != nil {
		return nil, err
	}
	out := &StatusTags{Tags: make([]StatusTag, len(tags)), TotalNumber: total}
	for i, t := range tags {
		n := t.Count
		out.Tags[i] = StatusTag{ID: t.ID, Tag: t.Tag, Count: &n}
	}
	return out, nil
}

// readIDs reads a required id list of at most limit: absent is 20001.
func readIDs(p apiutil.Params, name string, limit int) ([]int64, error) {
	if !p.Has(name) {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsEmpty, name+" is null")
	}
	return p.Int64List(name, limit)
}

func (a *API) statusTagsBatch(ctx context.Context, c *call) (any, error) {
	ids, err := readIDs(c.p, "ids", maxStatusTagBatch)
	if err != nil {
		return nil, err
	}
	m, err := a.svc.StatusTagsOf(ctx, c.v, ids)
	if err != nil {
		return nil, err
	}
	out := make([]StatusTagsOf, len(ids))
	for i, id := range ids {
		out[i] = StatusTagsOf{StatusID: id, Tags: m[id]}
		if out[i].Tags == nil {
			out[i].Tags = []string{}
		}
	}
	return map[string]any{"result": out}, nil
}

func (a *API) tagTimelineIDs(ctx context.Context, c *call) (any, error) {
	tag, err := readTagName(c.p, "tag")
	if err != nil {
		return nil, err
	}
	pg, err := apiutil.ReadPage(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.TaggedStatusIDs(ctx, c.v, tag, pg)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}

func (a *API) statusTagCreate(ctx context.Context, c *call) (any, error) {
	tag, err := readTagName(c.p, "tag")
	if err != nil {
		return nil, err
	}
	t, err := a.svc.CreateStatusTag(ctx, c.v, tag)
	if err != nil {
		return nil, err
	}
	return StatusTag{ID: t.ID, Tag: t.Tag}, nil
}

func (a *API) statusTagDestroy(ctx context.Context, c *call) (any, error) {
	tag, err := readTagName(c.p, "tag")
	if err != nil {
		return nil, err
	}
	if err := a.svc.DeleteStatusTag(ctx, c.v, tag); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}

func (a *API) statusTagRename(ctx context.Context, c *call) (any, error) {
	oldTag, err := readTagName(c.p, "old_tag")
	if err != nil {
		return nil, err
	}
	newTag, err := readTagName(c.p, "new_tag")
	if err != nil {
		return nil, err
	}
	t, err := a.svc.RenameStatusTag(ctx, c.v, oldTag, newTag)
	if err != nil {
		return nil, err
	}
	return StatusTagRenamed{Result: true, ID: t.ID, Tag: t.Tag}, nil
}

func (a *API) updateStatusTags(ctx context.Context, c *call) (any, error) {
	id, err := readFavID(c.p)
	if err != nil {
		return nil, err
	}
	tags, err := readTagTexts(c.p, "tags", domain.MaxTagsPerStatus)
	if err != nil {
		return nil, err
	}
	ts, err := a.svc.UpdateStatusTags(ctx, c.v, id, tags)
	if err != nil {
		return nil, err
	}
	st := a.status(ts.StatusView, renderOpts{})
	st.User, st.UID, st.RetweetedStatus = nil, ts.Status.UserID, nil
	return TaggedStatus{Status: st, Tags: ts.Tags}, nil
}

func (a *API) userTags(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	pg, err := favPage(c.p, 20)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.UserTags(ctx, uid, pg)
	if err != nil {
		return nil, err
	}
	return userTags(tags), nil
}

func (a *API) userTagsBatch(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("uids") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonUIDMissing, "uids is null")
	}
	uids, err := c.p.Int64List("uids", maxTagUsersBatch)
	if err != nil {
		return nil, err
	}
	m, err := a.svc.UserTagsOf(ctx, uids)
	if err != nil {
		return nil, err
	}
	out := make([]UserTags, len(uids))
	for i, uid := range uids {
		out[i] = UserTags{ID: uid, Tags: userTags(m[uid])}
	}
	return out, nil
}

func (a *API) userTagSuggestions(ctx context.Context, c *call) (any, error) {
	n, err := c.p.Int("count", maxTagSuggestions, 1, maxTagSuggestions)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.SuggestUserTags(ctx, c.v, n)
	if err != nil {
		return nil, err
	}
	out := make([]TagSuggestion, len(tags))
	for i, t := range tags {
		out[i] = TagSuggestion{ID: idstr(t.ID), Value: t.Tag}
	}
	return out, nil
}

func (a *API) userTagsCreate(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("tags") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTagsNull, "tags is null")
	}
	// More than ten in one call can never fit: refuse before reading them.
	tags, err := readTagTexts(c.p, "tags", domain.MaxUserTags)
	if err != nil {
		return nil, err
	}
	ids, err := a.svc.CreateUserTags(ctx, c.v, tags)
	if err != nil {
		return nil, err
	}
	return tagIDs(ids), nil
}

func tagIDs(ids []int64) []TagID {
	out := make([]TagID, len(ids))
	for i, id := range ids {
		out[i] = TagID{TagID: id}
	}
	return out
}

func (a *API) userTagDestroy(ctx context.Context, c *call) (any, error) {
	id, err := c.p.RequiredInt64("tag_id")
	if err != nil {
		return nil, err
	}
	if err := a.svc.DestroyUserTag(ctx, c.v, id); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}

func (a *API) userTagsDestroy(ctx context.Context, c *call) (any, error) {
	ids, err := readIDs(c.p, "ids", maxUserTagDestroy)
	if err != nil {
		return nil, err
	}
	gone, err := a.svc.DestroyUserTags(ctx, c.v, ids)
	if err != nil {
		return nil, err
	}
	return tagIDs(gone), nil
}
