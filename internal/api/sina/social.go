package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The social area's endpoints: privacy, friend groups and the friendships
// extras. Every rule is the core's (core/privacy.go, core/group.go, ...).
func (a *API) socialRoutes() []route {
	return append(append(a.groupRoutes(), a.socialExtraRoutes()...),
		route{path: "account/get_privacy", methods: "GET", rate: core.RateGeneral, h: a.getPrivacy},
	)
}

// Privacy is objects.md §6.
type Privacy struct {
	Comment  int `json:"comment"`
	Geo      int `json:"geo"`
	Message  int `json:"message"`
	Realname int `json:"realname"`
	Badge    int `json:"badge"`
	Mobile   int `json:"mobile"`
	Webim    int `json:"webim"`
}

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a *API) getPrivacy(ctx context.Context, c *call) (any, error) {
	p, err := a.svc.Privacy(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	return privacyObject(p), nil
}

func privacyObject(p domain.Privacy) Privacy {
	return Privacy{Comment: int(p.Comment), Geo: b01(p.Geo), Message: int(p.Message), Realname: b01(p.RealName),
		Badge: b01(p.Badge), Mobile: b01(p.Mobile), Webim: b01(p.WebIM)}
}

func (a *API) socialExtraRoutes() []route {
	return []route{
		{path: "account/profile/email", methods: "GET", rate: core.RateGeneral, scope: core.ScopeEmail, h: a.profileEmail},
		{path: "register/verify_nickname", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("nickname", apiutil.KindText).Req()), h: a.verifyNickname},
		{path: "friendships/friends_chain/followers", methods: "GET", rate: core.RateGeneral,
			params: ps(pUID.Req(), pageCursorPs), h: a.chainFollowers},
		{path: "friendships/followers/active", methods: "GET", rate: core.RateGeneral,
			params: ps(pUID.Req(), apiutil.P("count", apiutil.KindCount)), h: a.activeFollowers},
	}
}

func (a *API) profileEmail(ctx context.Context, c *call) (any, error) {
	e, err := a.svc.ContactEmail(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	return []map[string]string{{"email": e}}, nil
}

// NicknameCheck is register/verify_nickname's answer.
type NicknameCheck struct {
	IsLegal         bool     `json:"is_legal"`
	SuggestNickname []string `json:"suggest_nickname"`
}

func (a *API) verifyNickname(ctx context.Context, c *call) (any, error) {
	name, err := c.p.RequiredString("nickname")
	if err != nil {
		return nil, err
	}
	r, err := a.svc.VerifyNickname(ctx, name)
	if err != nil {
		return nil, err
	}
	return NicknameCheck{IsLegal: r.Legal, SuggestNickname: r.Suggest}, nil
}

func (a *API) chainFollowers(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	cur, err := apiutil.ReadPageCursor(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.ChainFollowers(ctx, c.v.UserID, uid, cur)
	if err != nil {
		return nil, err
	}
	return a.userList(l, renderOpts{trimStatus: true}), nil
}

// ActiveFollowers is friendships/followers/active's {"users": [...]}.
type ActiveFollowers struct {
	Users []*User `json:"users"`
}

func (a *API) activeFollowers(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	count, err := c.p.Int("count", 20, 1, 200)
	if err != nil {
		return nil, err
	}
	vs, err := a.svc.ActiveFollowers(ctx, c.v.UserID, uid, count)
	if err != nil {
		return nil, err
	}
	return ActiveFollowers{Users: a.users(vs, renderOpts{trimStatus: true})}, nil
}
