package sina

import (
	"context"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

func (a *API) suggestRoutes() []route {
	return []route{
		{path: "search/suggestions/users", methods: "GET", rate: core.RateGeneral, params: ps(pQ, pSuggestN), h: a.suggestUsers},
		{path: "search/suggestions/schools", methods: "GET", rate: core.RateGeneral, params: ps(pQ, pSuggestN, apiutil.P("type", apiutil.KindInt)), h: a.suggestSchools},
		{path: "search/suggestions/companies", methods: "GET", rate: core.RateGeneral, params: ps(pQ, pSuggestN), h: a.suggestCompanies},
		{path: "search/suggestions/apps", methods: "GET", rate: core.RateGeneral, params: ps(pQ, pSuggestN), h: a.suggestApps},
		{path: "search/suggestions/at_users", methods: "GET", rate: core.RateGeneral, params: ps(pQ, pSuggestN, apiutil.P("type", apiutil.KindInt).Req(), apiutil.P("range", apiutil.KindInt)), h: a.suggestAtUsers},
		{path: "search/topics", methods: "GET", rate: core.RateGeneral, params: ps(pQ, pagePs("status")), h: a.searchTopics},
		{path: "suggestions/users/hot", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("category", apiutil.KindText)), h: a.hotUsers},
		{path: "suggestions/users/may_interested", methods: "GET", rate: core.RateGeneral, params: pagePs("user"), h: a.mayInterested},
		{path: "suggestions/users/by_status", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("content", apiutil.KindText).Req(), apiutil.P("num", apiutil.KindCount)), h: a.usersByStatus},
		{path: "suggestions/statuses/reorder", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("section", apiutil.KindInt).Req(), pagePs("status")), h: a.reorder},
		{path: "suggestions/statuses/reorder/ids", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("section", apiutil.KindInt).Req(), pagePs("status")), h: a.reorderIDs},
		{path: "suggestions/favorites/hot", methods: "GET", rate: core.RateGeneral, params: pagePs("status"), h: a.hotFavorites},
		{path: "suggestions/users/not_interested", methods: "POST", rate: core.RateGeneral, params: ps(pUID.Req()), h: a.notInterested},
	}
}

// count reads a suggestion list's count (default 10, above max clamped).
func suggestCount(p apiutil.Params, name string, max int) (int, error) {
	return p.Int(name, 10, 1, max)
}

// UserSuggestion is one entry of search/suggestions/users.
type UserSuggestion struct {
	ScreenName     string `json:"screen_name"`
	FollowersCount int    `json:"followers_count"`
	UID            int64  `json:"uid"`
}

func (a *API) suggestUsers(ctx context.Context, c *call) (any, error) {
	n, err := suggestCount(c.p, "count", core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	users, err := a.svc.SuggestUsers(ctx, c.v.UserID, c.p.String("q"), n)
	if err != nil {
		return nil, err
	}
	out := make([]UserSuggestion, len(users))
	for i, u := range users {
		out[i] = UserSuggestion{ScreenName: u.ScreenName, FollowersCount: u.FollowersCount, UID: u.ID}
	}
	return out, nil
}

// SchoolSuggestion is one entry of search/suggestions/schools.
type SchoolSuggestion struct {
	SchoolName string `json:"school_name"`
	Location   string `json:"location"`
	ID         int64  `json:"id"`
	Type       int    `json:"type"`
}

func (a *API) suggestSchools(_ context.Context, c *call) (any, error) {
	n, err := suggestCount(c.p, "count", core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	typ, err := c.p.IntIn("type", 0, 0, 5)
	if err != nil {
		return nil, err
	}
	list, err := a.svc.SuggestSchools(c.p.String("q"), typ, n)
	if err != nil {
		return nil, err
	}
	out := make([]SchoolSuggestion, len(list))
	for i, s := range list {
		out[i] = SchoolSuggestion{SchoolName: s.Name, Location: s.Location, ID: s.ID, Type: s.Type}
	}
	return out, nil
}

// CompanySuggestion is one entry of search/suggestions/companies.
type CompanySuggestion struct {
	Suggestion string `json:"suggestion"`
}

func (a *API) suggestCompanies(ctx context.Context, c *call) (any, error) {
	n, err := suggestCount(c.p, "count", core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	names, err := a.svc.SuggestCompanies(ctx, c.p.String("q"), n)
	if err != nil {
		return nil, err
	}
	out := make([]CompanySuggestion, len(names))
	for i, name := range names {
		out[i] = CompanySuggestion{Suggestion: name}
	}
	return out, nil
}

// AppSuggestion is one entry of search/suggestions/apps.
type AppSuggestion struct {
	AppsName     string `json:"apps_name"`
	MembersCount int    `json:"members_count"`
}

func (a *API) suggestApps(ctx context.Context, c *call) (any, error) {
	n, err := suggestCount(c.p, "count", core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	apps, err := a.svc.SuggestApps(ctx, c.p.String("q"), n)
	if err != nil {
		return nil, err
	}
	out := make([]AppSuggestion, len(apps))
	for i, m := range apps {
		out[i] = AppSuggestion{AppsName: m.App.Name, MembersCount: m.Members}
	}
	return out, nil
}

// AtUser is one entry of search/suggestions/at_users.
type AtUser struct {
	UID      int64  `json:"uid"`
	Nickname string `json:"nickname"`
	Remark   string `json:"remark"`
}

func (a *API) suggestAtUsers(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("type") {
		return nil, domain.MissingParam("type")
	}
	typ, err := c.p.IntIn("type", 0, 0, 1)
	if err != nil {
		return nil, err
	}
	limit := 2000
	if typ == 1 {
		limit = 1000
	}
	n, err := suggestCount(c.p, "count", limit)
	if err != nil {
		return nil, err
	}
	rng, err := c.p.IntIn("range", 2, 0, 2)
	if err != nil {
		return nil, err
	}
	list, err := a.svc.SuggestAtUsers(ctx, c.v.UserID, c.p.String("q"), typ, rng, n)
	if err != nil {
		return nil, err
	}
	out := make([]AtUser, len(list))
	for i, u := range list {
		out[i] = AtUser{UID: u.ID, Nickname: u.Nickname, Remark: u.Remark}
	}
	return out, nil
}

// statusListJSON writes {"statuses":[...],<tail>} with tail already JSON.
func (a *API) statusListJSON(items []*core.StatusView, tail string) (rawJSON, error) {
	buf := append(getPageBuf(), `{"statuses":`...)
	buf, err := a.appendStatusArray(buf, items, renderOpts{})
	if err != nil {
		return nil, err
	}
	buf = append(buf, tail...)
	return rawJSON(append(buf, "}\n"...)), nil
}

func (a *API) searchTopics(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 10, core.SearchMaxCount)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.TopicStatuses(ctx, c.v.UserID, c.p.String("q"), p)
	if err != nil {
		return nil, err
	}
	return a.statusListJSON(l.Items, `,"total_number":`+strconv.Itoa(max(l.Total, len(l.Items)))+
		`,"previous_cursor":0,"next_cursor":0`)
}

func (a *API) hotUsers(ctx context.Context, c *call) (any, error) {
	cat := c.p.String("category")
	if cat == "" {
		cat = "default"
	}
	vs, err := a.svc.HotUsers(ctx, c.v.UserID, cat)
	if err != nil {
		return nil, err
	}
	return a.users(vs, renderOpts{trimStatus: true}), nil
}

// Interest is one entry of suggestions/users/may_interested: the uid and
// one reason, keyed by its kind.
type Interest struct {
	UID    string                    `json:"uid"`
	Reason map[string]InterestReason `json:"reason"`
}

// InterestReason lists the users behind a reason and how many there are.
type InterestReason struct {
	UID []string `json:"uid"`
	N   int      `json:"n"`
}

func (a *API) mayInterested(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 10, core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	list, err := a.svc.MayInterest(ctx, c.v.UserID, domain.Cursor{Cursor: p.Offset(), Count: p.Count})
	if err != nil {
		return nil, err
	}
	out := make([]Interest, len(list))
	for i, it := range list {
		via := make([]string, len(it.Via))
		for j, id := range it.Via {
			via[j] = idstr(id)
		}
		out[i] = Interest{UID: idstr(it.UserID), Reason: map[string]InterestReason{it.Kind: {UID: via, N: it.N}}}
	}
	return out, nil
}

func (a *API) usersByStatus(ctx context.Context, c *call) (any, error) {
	content, err := c.p.RequiredString("content")
	if err != nil {
		return nil, err
	}
	n, err := suggestCount(c.p, "num", core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	vs, err := a.svc.UsersByStatus(ctx, c.v.UserID, content, n)
	if err != nil {
		return nil, err
	}
	return &UserList{Users: a.users(vs, renderOpts{trimStatus: true}), TotalNumber: len(vs)}, nil
}

func (a *API) reorderArgs(c *call) (time.Duration, domain.Page, error) {
	if !c.p.Has("section") {
		return 0, domain.Page{}, domain.MissingParam("section")
	}
	sec, err := c.p.IntIn("section", 0, 1, int(core.ReorderMaxSection/time.Second))
	if err != nil {
		return 0, domain.Page{}, err
	}
	p, err := apiutil.ReadPage(c.p, 50, 200)
	return time.Duration(sec) * time.Second, p, err
}

func (a *API) reorder(ctx context.Context, c *call) (any, error) {
	sec, p, err := a.reorderArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.ReorderHome(ctx, c.v, sec, p)
	if err != nil {
		return nil, err
	}
	return a.statusListJSON(l.Items, `,"total_number":`+strconv.Itoa(l.Total))
}

// ReorderIDs is suggestions/statuses/reorder/ids: ids as numbers.
type ReorderIDs struct {
	Statuses    []int64 `json:"statuses"`
	TotalNumber int     `json:"total_number"`
}

func (a *API) reorderIDs(ctx context.Context, c *call) (any, error) {
	sec, p, err := a.reorderArgs(c)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.ReorderHome(ctx, c.v, sec, p)
	if err != nil {
		return nil, err
	}
	out := &ReorderIDs{Statuses: make([]int64, len(l.Items)), TotalNumber: l.Total}
	for i, it := range l.Items {
		out.Statuses[i] = it.Status.ID
	}
	return out, nil
}

// hotFavorites is suggestions/favorites/hot: the public statuses
// favourited most in the last week.
func (a *API) hotFavorites(ctx context.Context, c *call) (any, error) {
	p, err := apiutil.ReadPage(c.p, 20, core.SuggestMaxCount)
	if err != nil {
		return nil, err
	}
	vs, err := a.svc.HotFavorites(ctx, c.v.UserID, p)
	if err != nil {
		return nil, err
	}
	return a.statuses(vs, renderOpts{}), nil
}

func (a *API) notInterested(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	v, err := a.svc.NotInterested(ctx, c.v.UserID, uid)
	if err != nil {
		return nil, err
	}
	return a.user(v, renderOpts{}), nil
}
