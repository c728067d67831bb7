package sina

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// friendships/groups (groups.md): the 18 endpoints over core/group.go.
func (a *API) groupRoutes() []route {
	read, write := core.ScopeFriendshipGroupsRead, core.ScopeFriendshipGroupsWrite
	return []route{
		{path: "friendships/groups", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pUID, apiutil.P("mode", apiutil.KindEnum).OneOf("all", "public", "private")), h: a.groups},
		{path: "friendships/groups/timeline", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList, pagePs("status"), pFeature, pBaseApp, pTrimUser), h: a.groupTimeline},
		{path: "friendships/groups/timeline/ids", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList, pagePs("status"), pFeature, pBaseApp), h: a.groupTimelineIDs},
		{path: "friendships/groups/members", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList, pUID, cursorPs, pTrimStatus), h: a.groupMembers},
		{path: "friendships/groups/members/ids", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList, pUID, cursorPs), h: a.groupMemberIDs},
		{path: "friendships/groups/members/description", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList, pUIDs), h: a.groupMemberNotes},
		{path: "friendships/groups/is_member", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList, pUID.Req()), h: a.groupIsMember},
		{path: "friendships/groups/listed", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pUIDs), h: a.groupsListed},
		{path: "friendships/groups/show", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(pList), h: a.groupShow},
		{path: "friendships/groups/show_batch", methods: "GET", rate: core.RateGeneral, scope: read, params: ps(apiutil.P("list_ids", apiutil.KindIDs).Of("list").Req(), pUIDs), h: a.groupShowBatch},
		{path: "friendships/groups/create", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(apiutil.P("name", apiutil.KindText).Req(), pListDesc, pListTags, apiutil.P("mode", apiutil.KindEnum).OneOf("private", "public"), apiutil.P("visible", apiutil.KindInt)), h: a.groupCreate},
		{path: "friendships/groups/update", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(pList, apiutil.P("name", apiutil.KindText), pListDesc, pListTags), h: a.groupUpdate},
		{path: "friendships/groups/destroy", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(pList), h: a.groupDestroy},
		{path: "friendships/groups/members/add", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(pList, pUID.Req()), h: a.groupMemberAdd},
		{path: "friendships/groups/members/add_batch", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(pList, pUIDs, apiutil.P("group_descriptions", apiutil.KindList)), h: a.groupMemberAddBatch},
		{path: "friendships/groups/members/update", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(pList, pUID.Req(), apiutil.P("group_description", apiutil.KindText).Req()), h: a.groupMemberUpdate},
		{path: "friendships/groups/members/destroy", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(pList, pUID.Req()), h: a.groupMemberDestroy},
		{path: "friendships/groups/order", methods: "POST", rate: core.RateGeneral, scope: write, params: ps(apiutil.P("list_ids", apiutil.KindIDs).Of("list").Req(), apiutil.P("count", apiutil.KindInt).Req()), h: a.groupOrder},
		{path: "statuses/to_me", methods: "GET", rate: core.RateGeneral, scope: core.ScopeStatusesToMeRead, params: ps(pagePs("status"), pTrimUser), h: a.toMe},
		{path: "statuses/to_me/ids", methods: "GET", rate: core.RateGeneral, scope: core.ScopeStatusesToMeRead, params: ps(pagePs("status")), h: a.toMeIDs},
	}
}

var (
	pList     = apiutil.P("list_id", apiutil.KindID).Of("list").Req()
	pUIDs     = apiutil.P("uids", apiutil.KindIDs).Of("user").Req()
	pListDesc = apiutil.P("description", apiutil.KindText)
	pListTags = apiutil.P("tags", apiutil.KindList)
)

// Group is objects.md §8.
type Group struct {
	ID              int64    `json:"id"`
	IDStr           string   `json:"idstr"`
	Name            string   `json:"name"`
	Mode            string   `json:"mode"`
	Visible         int      `json:"visible"`
	LikeCount       int      `json:"like_count"`
	MemberCount     int      `json:"member_count"`
	Description     string   `json:"description"`
	Tags            []string `json:"tags"`
	ProfileImageURL string   `json:"profile_image_url"`
	User            *User    `json:"user"`
	CreatedAt       string   `json:"created_at"`
}

// GroupList is {"lists": [group...]}.
type GroupList struct {
	Lists []*Group `json:"lists"`
}

// groupAnswer is a group-changing call's answer: the group as it is now.
func (a *API) groupAnswer(v *core.GroupView, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return a.group(v), nil
}

func (a *API) group(v *core.GroupView) *Group {
	g := v.Group
	out := &Group{ID: g.ID, IDStr: idstr(g.ID), Name: g.Name, Mode: "private", LikeCount: g.LikeCount,
		MemberCount: g.MemberCount, Description: g.Description, Tags: g.Tags, CreatedAt: a.fmtTime(g.CreatedAt)}
	if g.Public {
		out.Mode = "public"
		if g.MembersPublic {
			out.Visible = 1
		}
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	// The owner as anyone sees them: no relationship to the reader.
	out.User = a.user(&core.UserView{User: v.Owner}, renderOpts{trimStatus: true})
	out.ProfileImageURL = out.User.ProfileImageURL
	return out
}

func (a *API) groupList(vs []*core.GroupView) *GroupList {
	out := &GroupList{Lists: make([]*Group, len(vs))}
	for i, v := range vs {
		out.Lists[i] = a.group(v)
	}
	return out
}

// listID reads the required list_id (clients send its idstr).
func listID(p apiutil.Params) (int64, error) {
	id, err := p.RequiredInt64("list_id")
	if err == nil && id <= 0 {
		return 0, domain.BadParam("list_id", "a list id", p.String("list_id"))
	}
	return id, err
}

// positional reads a comma list of ids keeping duplicates and order:
// show_batch pairs list_ids with uids by position.
func positional(p apiutil.Params, name string, limit int) ([]int64, error) {
	raw := strings.TrimSpace(p.String(name))
	if raw == "" {
		return nil, domain.MissingParam(name)
	}
	parts := strings.Split(raw, ",")
	if len(parts) > limit {
		return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonIDsTooMany, Param: name,
			Msg: "parameter " + name + ": more than " + strconv.Itoa(limit) + " values"}
	}
	out := make([]int64, len(parts))
	for i, s := range parts {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n <= 0 {
			return nil, domain.BadParam(name, "comma-separated positive int64 ids", s)
		}
		out[i] = n
	}
	return out, nil
}

// requiredIDs reads a required, deduplicated id list of at most limit.
func requiredIDs(p apiutil.Params, name string, limit int) ([]int64, error) {
	ids, err := p.Int64List(name, limit)
	if err == nil && len(ids) == 0 {
		return nil, domain.MissingParam(name)
	}
	return ids, err
}

func (a *API) groups(ctx context.Context, c *call) (any, error) {
	owner, err := c.p.Int64("uid", c.v.UserID)
	if err != nil {
		return nil, err
	}
	mode, err := c.p.Enum("mode", "all", "all", "public", "private")
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.ResolveUser(ctx, core.UserRef{ID: owner}); err != nil {
		return nil, err
	}
	gs, err := a.svc.Groups(ctx, c.v.UserID, owner, mode)
	if err != nil {
		return nil, err
	}
	return a.groupList(gs), nil
}

func (a *API) groupTimelineArgs(c *call) (int64, domain.Page, domain.TimelineFilter, error) {
	id, err := listID(c.p)
	if err != nil {
		return 0, domain.Page{}, domain.TimelineFilter{}, err
	}
	p, err := apiutil.ReadPage(c.p, 50, 200)
	if err != nil {
		return 0, p, domain.TimelineFilter{}, err
	}
	f, err := readFilter(c, true, true, false, false)
	return id, p, f, err
}

func (a *API) groupTimeline(ctx context.Context, c *call) (any, error) {
	id, p, f, err := a.groupTimelineArgs(c)
	if err != nil {
		return nil, err
	}
	o, err := readRender(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GroupTimeline(ctx, c.v.UserID, id, p, f)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) groupTimelineIDs(ctx context.Context, c *call) (any, error) {
	id, p, f, err := a.groupTimelineArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GroupTimelineIDs(ctx, c.v.UserID, id, p, f)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}

// membersArgs reads list_id, the optional owner uid (which must own the
// list: 20603 otherwise) and the cursor.
func (a *API) membersArgs(ctx context.Context, c *call) (int64, domain.Cursor, error) {
	id, err := listID(c.p)
	if err != nil {
		return 0, domain.Cursor{}, err
	}
	cur, err := apiutil.ReadCursor(c.p, 50, 200)
	if err != nil {
		return 0, cur, err
	}
	if c.p.Has("uid") {
		owner, err := c.p.Int64("uid", 0)
		if err != nil {
			return 0, cur, err
		}
		g, err := a.svc.ShowGroup(ctx, c.v.UserID, id)
		if err != nil {
			return 0, cur, err
		}
		if g.Group.OwnerID != owner {
			return 0, cur, domain.E(domain.KindNotFound, domain.ReasonListNotFound, "the list is not that user's")
		}
	}
	return id, cur, nil
}

func (a *API) groupMembers(ctx context.Context, c *call) (any, error) {
	id, cur, err := a.membersArgs(ctx, c)
	if err != nil {
		return nil, err
	}
	o, ws, err := trimStatus(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GroupMembers(ctx, c.v.UserID, id, cur, ws)
	if err != nil {
		return nil, err
	}
	return a.userList(l, o), nil
}

// MemberIDs is groups.md §5: the key holding the ids is inferred as
// "users"; "ids" carries the same list, as the spec says is safe.
type MemberIDs struct {
	Users          []int64 `json:"users"`
	IDs            []int64 `json:"ids"`
	NextCursor     int     `json:"next_cursor"`
	PreviousCursor int     `json:"previous_cursor"`
	TotalNumber    int     `json:"total_number"`
}

func (a *API) groupMemberIDs(ctx context.Context, c *call) (any, error) {
	id, cur, err := a.membersArgs(ctx, c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.GroupMemberIDs(ctx, c.v.UserID, id, cur)
	if err != nil {
		return nil, err
	}
	ids := l.IDs
	if ids == nil {
		ids = []int64{}
	}
	return &MemberIDs{Users: ids, IDs: ids, NextCursor: l.NextCursor, PreviousCursor: l.PreviousCursor, TotalNumber: l.Total}, nil
}

// MemberNote is one entry of members/description (inferred shape).
type MemberNote struct {
	UID         int64  `json:"uid"`
	Description string `json:"description"`
}

func (a *API) groupMemberNotes(ctx context.Context, c *call) (any, error) {
	uids, err := requiredIDs(c.p, "uids", 100)
	if err != nil {
		return nil, err
	}
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	notes, err := a.svc.GroupMemberNotes(ctx, c.v.UserID, id, uids)
	if err != nil {
		return nil, err
	}
	out := make([]MemberNote, len(notes))
	for i, n := range notes {
		out[i] = MemberNote{UID: n.UserID, Description: n.Note}
	}
	return out, nil
}

func (a *API) groupIsMember(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	in, err := a.svc.IsGroupMember(ctx, c.v.UserID, id, uid)
	if err != nil {
		return nil, err
	}
	return map[string]bool{"result": in}, nil
}

// ListedGroup is an abbreviated group in friendships/groups/listed.
type ListedGroup struct {
	ID    int64  `json:"id"`
	IDStr string `json:"idstr"`
	Name  string `json:"name"`
}

// Listed is one user's entry of friendships/groups/listed.
type Listed struct {
	UID   int64         `json:"uid"`
	Lists []ListedGroup `json:"lists"`
}

func (a *API) groupsListed(ctx context.Context, c *call) (any, error) {
	uids, err := requiredIDs(c.p, "uids", 50)
	if err != nil {
		return nil, err
	}
	m, err := a.svc.Listed(ctx, c.v.UserID, uids)
	if err != nil {
		return nil, err
	}
	out := make([]Listed, len(uids))
	for i, u := range uids {
		out[i] = Listed{UID: u, Lists: []ListedGroup{}}
		for _, g := range m[u] {
			out[i].Lists = append(out[i].Lists, ListedGroup{ID: g.ID, IDStr: idstr(g.ID), Name: g.Name})
		}
	}
	return out, nil
}

func (a *API) groupShow(ctx context.Context, c *call) (any, error) {
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	return a.groupAnswer(a.svc.ShowGroup(ctx, c.v.UserID, id))
}

func (a *API) groupShowBatch(ctx context.Context, c *call) (any, error) {
	ids, err := positional(c.p, "list_ids", 20)
	if err != nil {
		return nil, err
	}
	owners, err := positional(c.p, "uids", 20)
	if err != nil {
		return nil, err
	}
	gs, err := a.svc.ShowGroups(ctx, c.v.UserID, ids, owners)
	if err != nil {
		return nil, err
	}
	return a.groupList(gs), nil
}

// tagList reads a comma list of tags, keeping order (at most
// domain.MaxGroupTags: past it the core answers 20605).
func tagList(p apiutil.Params, name string) []string {
	raw := strings.TrimSpace(p.String(name))
	if raw == "" {
		return nil
	}
	parts := strings.Split(raw, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func (a *API) groupCreate(ctx context.Context, c *call) (any, error) {
	name, err := c.p.RequiredString("name")
	if err != nil {
		return nil, err
	}
	mode, err := c.p.Enum("mode", "private", "private", "public")
	if err != nil {
		return nil, err
	}
	visible, err := c.p.IntIn("visible", 0, 0, 1)
	if err != nil {
		return nil, err
	}
	if visible == 1 && mode != "public" {
		return nil, domain.BadParam("visible", "1 only with mode=public", "1")
	}
	g, err := a.svc.CreateGroup(ctx, c.v, core.GroupInput{Name: name, Description: c.p.String("description"),
		Tags: tagList(c.p, "tags"), Public: mode == "public", MembersPublic: visible == 1})
	if err != nil {
		return nil, err
	}
	return a.group(g), nil
}

func (a *API) groupUpdate(ctx context.Context, c *call) (any, error) {
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	in := core.GroupInput{Name: c.p.String("name"), Description: c.p.String("description"), Tags: tagList(c.p, "tags"),
		SetName: c.p.Has("name"), SetDesc: c.p.Given("description"), SetTags: c.p.Given("tags")}
	return a.groupAnswer(a.svc.UpdateGroup(ctx, c.v, id, in))
}

func (a *API) groupDestroy(ctx context.Context, c *call) (any, error) {
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	return a.groupAnswer(a.svc.DestroyGroup(ctx, c.v, id))
}

// memberArgs reads the member calls' uid and list_id, in that order.
func memberArgs(p apiutil.Params) (uid, list int64, err error) {
	if uid, err = p.RequiredInt64("uid"); err != nil {
		return 0, 0, err
	}
	list, err = listID(p)
	return uid, list, err
}

func (a *API) groupMemberAdd(ctx context.Context, c *call) (any, error) {
	uid, id, err := memberArgs(c.p)
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.ResolveUser(ctx, core.UserRef{ID: uid}); err != nil {
		return nil, err
	}
	return a.groupAnswer(a.svc.AddGroupMembers(ctx, c.v, id, []core.MemberInput{{UserID: uid}}))
}

func (a *API) groupMemberAddBatch(ctx context.Context, c *call) (any, error) {
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	uids, err := positional(c.p, "uids", 30)
	if err != nil {
		return nil, err
	}
	in := make([]core.MemberInput, len(uids))
	for i, u := range uids {
		in[i].UserID = u
	}
	if raw := c.p.String("group_descriptions"); raw != "" {
		// Each note was URL-encoded before the list was joined with commas.
		parts := strings.Split(raw, ",")
		if len(parts) != len(uids) {
			return nil, domain.BadParam("group_descriptions", "one description per uid", strconv.Itoa(len(parts))+" descriptions")
		}
		for i, s := range parts {
			note, err := url.QueryUnescape(s)
			if err != nil {
				return nil, domain.BadParam("group_descriptions", "URL-encoded descriptions", s)
			}
			in[i].Note = note
		}
	}
	return a.groupAnswer(a.svc.AddGroupMembers(ctx, c.v, id, in))
}

func (a *API) groupMemberUpdate(ctx context.Context, c *call) (any, error) {
	id, err := listID(c.p)
	if err != nil {
		return nil, err
	}
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	if !c.p.Given("group_description") {
		return nil, domain.MissingParam("group_description")
	}
	note := c.p.String("group_description")
	if un, err := url.QueryUnescape(note); err == nil {
		note = un // sent URL-encoded once more, as the spec asks
	}
	return a.groupAnswer(a.svc.UpdateGroupMember(ctx, c.v, id, uid, note))
}

func (a *API) groupMemberDestroy(ctx context.Context, c *call) (any, error) {
	uid, id, err := memberArgs(c.p)
	if err != nil {
		return nil, err
	}
	return a.groupAnswer(a.svc.RemoveGroupMember(ctx, c.v, id, uid))
}

func (a *API) groupOrder(ctx context.Context, c *call) (any, error) {
	ids, err := positional(c.p, "list_ids", domain.MaxGroups)
	if err != nil {
		return nil, err
	}
	count, err := c.p.RequiredInt64("count")
	if err != nil {
		return nil, err
	}
	if count != int64(len(ids)) {
		return nil, domain.BadParam("count", "the number of list_ids", c.p.String("count"))
	}
	if err := a.svc.OrderGroups(ctx, c.v, ids, int(count)); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}

func (a *API) toMe(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 20, 200)
	if err != nil {
		return nil, err
	}
	o, err := readRender(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.ToMe(ctx, c.v.UserID, p)
	if err != nil {
		return nil, err
	}
	return a.timelineJSON(l, o)
}

func (a *API) toMeIDs(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 20, 200)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.ToMeIDs(ctx, c.v.UserID, p)
	if err != nil {
		return nil, err
	}
	return idTimeline(l), nil
}
