package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The relation calls of spec §9.4 (special follow aside) and
// user/other_info (§9.3). 偶像 (idol) is whom one follows, 粉丝 (fan) a
// follower.

// startPs are scheme C's parameters: startindex, reqnum (1–30).
var startPs = []apiutil.ParamInfo{apiutil.P("startindex", apiutil.KindCursor), apiutil.P("reqnum", apiutil.KindCount)}

// maxCheckNames is friends/check's cap (spec §9.4).
const maxCheckNames = 30

func (a *API) friendRoutes() []route {
	return []route{
		{path: "friends/fanslist", methods: "GET", rate: core.RateGeneral, params: startPs, h: a.ownList(false)},
		{path: "friends/idollist", methods: "GET", rate: core.RateGeneral, params: startPs, h: a.ownList(true)},
		{path: "friends/user_fanslist", methods: "GET", rate: core.RateGeneral, params: ps(pAccount, startPs), h: a.userList(false)},
		{path: "friends/user_idollist", methods: "GET", rate: core.RateGeneral, params: ps(pAccount, startPs), h: a.userList(true)},
		{path: "friends/blacklist", methods: "GET", rate: core.RateGeneral, params: startPs, h: a.blacklist},
		{path: "friends/add", methods: "POST", rate: core.RateGeneral, params: ps(pAccount), h: a.follow},
		{path: "friends/del", methods: "POST", rate: core.RateGeneral, params: ps(pAccount), h: a.unfollow},
		{path: "friends/addblacklist", methods: "POST", rate: core.RateGeneral, params: ps(pAccount), h: a.block},
		{path: "friends/delblacklist", methods: "POST", rate: core.RateGeneral, params: ps(pAccount), h: a.unblock},
		{path: "friends/check", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("names", apiutil.KindList).Req(), pFlag), h: a.check},
		{path: "user/other_info", methods: "GET", rate: core.RateGeneral, params: ps(pAccount), h: a.otherInfo},
	}
}

// ListUser is a user in a list (spec §8.3).
type ListUser struct {
	Name         string     `json:"name"`
	Nick         string     `json:"nick"`
	Head         string     `json:"head"`
	Location     string     `json:"location"`
	CountryCode  string     `json:"country_code"`
	ProvinceCode string     `json:"province_code"`
	CityCode     string     `json:"city_code"`
	Tweet        *LastTweet `json:"tweet"`
	FansNum      int        `json:"fansnum"`
	IdolNum      int        `json:"idolnum"`
	IsIdol       int        `json:"isidol"`
	IsVip        int        `json:"isvip"`
	Tag          []Tag      `json:"tag"`
}

// LastTweet is a list user's most recent tweet.
type LastTweet struct {
	Text      string `json:"text"`
	From      string `json:"from"`
	ID        int64  `json:"id"`
	Timestamp int64  `json:"timestamp"`
}

// UserListData is the data of the friends lists: hasnext 0 while there is
// more, 1 when the next page is empty.
type UserListData struct {
	Timestamp int64 `json:"timestamp"`
	HasNext   int   `json:"hasnext"`
	Info      []any `json:"info"`
}

// BlackUser is an entry of the blacklist: name, nick and head only.
type BlackUser struct {
	Name string `json:"name"`
	Nick string `json:"nick"`
	Head string `json:"head"`
}

func (a *API) listUser(v *core.UserView) *ListUser {
	u := v.User
	lu := &ListUser{Name: u.ScreenName, Nick: u.ScreenName, Head: a.head(u), Location: u.Location,
		FansNum: u.FollowersCount, IdolNum: u.FriendsCount, IsIdol: b01(v.Rel.Following), IsVip: b01(u.Verified), Tag: []Tag{}}
	lu.CountryCode, lu.ProvinceCode, lu.CityCode = codes(u)
	if st := v.Latest; st != nil {
		lu.Tweet = &LastTweet{Text: st.Text, From: a.from(nil), ID: st.ID, Timestamp: st.CreatedAt.Unix()}
	}
	return lu
}

// startPage reads scheme C into a cursor of reqnum+1 entries.
func startPage(p apiutil.Params) (domain.Cursor, int, error) {
	start, err := p.Int("startindex", 0, 0, domain.MaxCursorDepth)
	if err != nil {
		return domain.Cursor{}, 0, err
	}
	reqnum, err := p.Int("reqnum", 30, 1, 30)
	if err != nil {
		return domain.Cursor{}, 0, err
	}
	return domain.Cursor{Cursor: start, Count: reqnum + 1}, reqnum, nil
}

func (a *API) listData(users []*core.UserView, reqnum int, render func(*core.UserView) any) *UserListData {
	more := len(users) > reqnum
	if more {
		users = users[:reqnum]
	}
	d := &UserListData{Timestamp: a.svc.Now().Unix(), HasNext: b01(!more), Info: make([]any, 0, len(users))}
	for _, u := range users {
		d.Info = append(d.Info, render(u))
	}
	return d
}

func (a *API) relationList(ctx context.Context, c *call, uid int64, idols bool) (*envelope, error) {
	cur, reqnum, err := startPage(c.p)
	if err != nil {
		return nil, err
	}
	var l *core.UserList
	if idols {
		l, err = a.svc.Friends(ctx, c.v.UserID, uid, cur, true)
	} else {
		l, err = a.svc.Followers(ctx, c.v.UserID, uid, cur, true)
	}
	if err != nil {
		return nil, err
	}
	return ok(a.listData(l.Users, reqnum, func(v *core.UserView) any { return a.listUser(v) })), nil
}

func (a *API) ownList(idols bool) handlerFunc {
	return func(ctx context.Context, c *call) (*envelope, error) {
		return a.relationList(ctx, c, c.v.UserID, idols)
	}
}

func (a *API) userList(idols bool) handlerFunc {
	return func(ctx context.Context, c *call) (*envelope, error) {
		u, err := a.account(ctx, c, "name")
		if err != nil {
			return nil, err
		}
		return a.relationList(ctx, c, u.ID, idols)
	}
}

func (a *API) blacklist(ctx context.Context, c *call) (*envelope, error) {
	cur, reqnum, err := startPage(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.Blocks(ctx, c.v.UserID, cur)
	if err != nil {
		return nil, err
	}
	return ok(a.listData(l.Users, reqnum, func(v *core.UserView) any {
		return BlackUser{Name: v.User.ScreenName, Nick: v.User.ScreenName, Head: a.head(v.User)}
	})), nil
}

// ref reads the account name of a relation write.
func ref(c *call) (core.UserRef, error) {
	name := c.p.String("name")
	if name == "" {
		return core.UserRef{}, domain.MissingParam("name")
	}
	return core.UserRef{ScreenName: name}, nil
}

// The relation writes answer only ret and msg (spec §5.1).

func (a *API) follow(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.Follow(ctx, c.v, r, c.v.IP)
	return nil, err
}

func (a *API) unfollow(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.Unfollow(ctx, c.v, r)
	return nil, err
}

func (a *API) block(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.Block(ctx, c.v, r)
	return nil, err
}

func (a *API) unblock(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.Unblock(ctx, c.v, r)
	return nil, err
}

// Check is one name's answer in friends/check with flag 2.
type Check struct {
	IsIdol bool `json:"isidol"`
	IsFans bool `json:"isfans"`
}

// check answers, for each name, whether it is the viewer's fan (flag 0),
// idol (1) or both (2); names of no account are false.
func (a *API) check(ctx context.Context, c *call) (*envelope, error) {
	if !c.p.Has("names") {
		return nil, domain.MissingParam("names")
	}
	names, err := c.p.StringList("names", maxCheckNames)
	if err != nil {
		return nil, err
	}
	flag, err := c.p.IntIn("flag", 0, 0, 2)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, n := range names {
		var ch Check
		me, other, err := a.svc.ShowFriendship(ctx, core.UserRef{ID: c.v.UserID}, core.UserRef{ScreenName: n})
		switch {
		case domain.IsKind(err, domain.KindNotFound):
		case err != nil:
			return nil, err
		default:
			ch = Check{IsIdol: me.Following, IsFans: other.Following}
		}
		switch flag {
		case 0:
			out[n] = ch.IsFans
		case 1:
			out[n] = ch.IsIdol
		default:
			out[n] = ch
		}
	}
	return ok(out), nil
}

func (a *API) otherInfo(ctx context.Context, c *call) (*envelope, error) {
	name := c.p.String("name")
	if name == "" {
		return nil, domain.MissingParam("name")
	}
	v, err := a.svc.ShowUser(ctx, c.v.UserID, core.UserRef{ScreenName: name})
	if err != nil {
		return nil, err
	}
	p := a.profile(v.User)
	if p.Tag, err = a.tags(ctx, v.User.ID); err != nil {
		return nil, err
	}
	idol, fans, black := b01(v.Rel.Following), b01(v.Rel.FollowedBy), b01(v.Rel.Blocking)
	p.IsMyIdol, p.IsMyFans, p.IsMyBlack = &idol, &fans, &black
	return ok(p), nil
}
