package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

func (a *API) friendshipRoutes() []route {
	return []route{
		{path: "friendships/friends", methods: "GET", rate: core.RateGeneral, params: ps(userPs, cursorPs, pTrimStatus), h: a.usersOf(a.svc.Friends)},
		{path: "friendships/friends/ids", methods: "GET", rate: core.RateGeneral, params: ps(userPs, cursorPs), h: a.idsOf(a.svc.FriendIDs)},
		{path: "friendships/followers", methods: "GET", rate: core.RateGeneral, params: ps(userPs, cursorPs, pTrimStatus), h: a.usersOf(a.svc.Followers)},
		{path: "friendships/followers/ids", methods: "GET", rate: core.RateGeneral, params: ps(userPs, cursorPs), h: a.idsOf(a.svc.FollowerIDs)},
		{path: "friendships/friends/in_common", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req(), apiutil.P("suid", apiutil.KindID).Of("user"), pageCursorPs, pTrimStatus), h: a.inCommon},
		{path: "friendships/friends/bilateral", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req(), pSort, pageCursorPs, pTrimStatus), h: a.bilateral},
		{path: "friendships/friends/bilateral/ids", methods: "GET", rate: core.RateGeneral, params: ps(pUID.Req(), pSort, pageCursorPs), h: a.bilateralIDs},
		{path: "friendships/show", methods: "GET", rate: core.RateGeneral, params: ps(apiutil.P("source_id", apiutil.KindID).Of("user"), apiutil.P("source_screen_name", apiutil.KindText), apiutil.P("target_id", apiutil.KindID).Of("user"), apiutil.P("target_screen_name", apiutil.KindText)), h: a.friendshipShow},
		{path: "friendships/create", methods: "POST", rate: core.RateGeneral, params: ps(userPs, pRIP), h: a.follow},
		{path: "friendships/destroy", methods: "POST", rate: core.RateGeneral, params: ps(userPs), h: a.unfollow},
	}
}

// givenUIDs refuses a uid parameter that is given but names no one (0 or
// negative): that is a wrong value (10017), not a missing one.
func givenUIDs(p apiutil.Params, names ...string) error {
	for _, name := range names {
		if !p.Has(name) {
			continue
		}
		id, err := p.Int64(name, 0)
		if err != nil {
			return err
		}
		if id <= 0 {
			return domain.BadParam(name, "a user id", p.String(name))
		}
	}
	return nil
}

// listSubject reads "uid | screen_name (one of)" and resolves it.
func (a *API) listSubject(ctx context.Context, c *call) (int64, error) {
	if err := exactlyOne(c.p, "uid", "screen_name"); err != nil {
		return 0, err
	}
	if err := givenUIDs(c.p, "uid"); err != nil {
		return 0, err
	}
	ref, err := userRef(c.p, "uid", "screen_name", 0)
	if err != nil {
		return 0, err
	}
	u, err := a.svc.ResolveUser(ctx, ref)
	if err != nil {
		return 0, err
	}
	return u.ID, nil
}

// requiredUser reads a uid (def when absent; 0 = required) and checks the
// user exists.
func (a *API) requiredUser(ctx context.Context, p apiutil.Params, name string, def int64) (int64, error) {
	if err := givenUIDs(p, name); err != nil {
		return 0, err
	}
	ref, err := userRef(p, name, "", def)
	if err != nil {
		return 0, err
	}
	u, err := a.svc.ResolveUser(ctx, ref)
	if err != nil {
		return 0, err
	}
	return u.ID, nil
}

func trimStatus(p apiutil.Params) (renderOpts, bool, error) {
	trim, err := p.Bool01("trim_status", true)
	return renderOpts{trimStatus: trim}, true, err
}

// readSort reads the bilateral lists' sort, whose only documented value is 0
// (most recent follow first, the order the lists have anyway).
func readSort(p apiutil.Params) error {
	_, err := p.IntIn("sort", 0, 0, 0)
	return err
}

// usersOf answers a cursor-paged list of one user's people (friends or
// followers) from list.
func (a *API) usersOf(list func(ctx context.Context, viewer, uid int64, c domain.Cursor, withStatus bool) (*core.UserList, error)) handlerFunc {
	return func(ctx context.Context, c *call) (any, error) {
		uid, err := a.listSubject(ctx, c)
		if err != nil {
			return nil, err
		}
		cur, err := apiutil.ReadCursor(c.p, 50, 200)
		if err != nil {
			return nil, err
		}
		o, ws, err := trimStatus(c.p)
		if err != nil {
			return nil, err
		}
		l, err := list(ctx, c.v.UserID, uid, cur, ws)
		if err != nil {
			return nil, err
		}
		return a.userList(l, o), nil
	}
}

// idsOf is usersOf's ids-only twin (friends/ids, followers/ids).
func (a *API) idsOf(list func(ctx context.Context, uid int64, c domain.Cursor) (*core.IDPage, error)) handlerFunc {
	return func(ctx context.Context, c *call) (any, error) {
		uid, err := a.listSubject(ctx, c)
		if err != nil {
			return nil, err
		}
		cur, err := apiutil.ReadCursor(c.p, 500, 5000)
		if err != nil {
			return nil, err
		}
		l, err := list(ctx, uid, cur)
		if err != nil {
			return nil, err
		}
		return idPage(l), nil
	}
}

func (a *API) inCommon(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("uid") {
		return nil, domain.MissingParam("uid")
	}
	uid, err := a.requiredUser(ctx, c.p, "uid", 0)
	if err != nil {
		return nil, err
	}
	suid, err := a.requiredUser(ctx, c.p, "suid", c.v.UserID)
	if err != nil {
		return nil, err
	}
	cur, err := apiutil.ReadPageCursor(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	o, ws, err := trimStatus(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.InCommon(ctx, c.v.UserID, uid, suid, cur, ws)
	if err != nil {
		return nil, err
	}
	return a.userList(l, o), nil
}

func (a *API) bilateral(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("uid") {
		return nil, domain.MissingParam("uid")
	}
	uid, err := a.requiredUser(ctx, c.p, "uid", 0)
	if err != nil {
		return nil, err
	}
	if err := readSort(c.p); err != nil {
		return nil, err
	}
	cur, err := apiutil.ReadPageCursor(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	o, ws, err := trimStatus(c.p)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.Bilateral(ctx, c.v.UserID, uid, cur, ws)
	if err != nil {
		return nil, err
	}
	return a.userList(l, o), nil
}

func (a *API) bilateralIDs(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("uid") {
		return nil, domain.MissingParam("uid")
	}
	uid, err := a.requiredUser(ctx, c.p, "uid", 0)
	if err != nil {
		return nil, err
	}
	if err := readSort(c.p); err != nil {
		return nil, err
	}
	cur, err := apiutil.ReadPageCursor(c.p, 50, 2000)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.BilateralIDs(ctx, uid, cur)
	if err != nil {
		return nil, err
	}
	return idPage(l), nil
}

// FriendshipSide is one side of friendships/show (objects.md §15).
type FriendshipSide struct {
	ID                   int64  `json:"id"`
	IDStr                string `json:"idstr"`
	ScreenName           string `json:"screen_name"`
	FollowedBy           bool   `json:"followed_by"`
	Following            bool   `json:"following"`
	NotificationsEnabled bool   `json:"notifications_enabled"`
}

// Friendship is friendships/show's answer.
type Friendship struct {
	Source FriendshipSide `json:"source"`
	Target FriendshipSide `json:"target"`
}

func side(s core.FriendshipSide) FriendshipSide {
	return FriendshipSide{ID: s.User.ID, IDStr: idstr(s.User.ID), ScreenName: s.User.ScreenName, FollowedBy: s.FollowedBy, Following: s.Following}
}

func (a *API) friendshipShow(ctx context.Context, c *call) (any, error) {
	if err := givenUIDs(c.p, "source_id", "target_id"); err != nil {
		return nil, err
	}
	src, err := userRef(c.p, "source_id", "source_screen_name", c.v.UserID)
	if err != nil {
		return nil, err
	}
	if !c.p.Has("target_id") && !c.p.Has("target_screen_name") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTargetMissing, "please input right target user id or screen_name")
	}
	dst, err := userRef(c.p, "target_id", "target_screen_name", 0)
	if err != nil {
		return nil, err
	}
	s, t, err := a.svc.ShowFriendship(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	return Friendship{Source: side(s), Target: side(t)}, nil
}

func (a *API) followTarget(c *call) (core.UserRef, error) {
	if !c.p.Has("uid") && !c.p.Has("screen_name") {
		return core.UserRef{}, domain.E(domain.KindInvalid, domain.ReasonTargetMissing, "please input right target user id or screen_name")
	}
	if err := exactlyOne(c.p, "uid", "screen_name"); err != nil {
		return core.UserRef{}, err
	}
	if err := givenUIDs(c.p, "uid"); err != nil {
		return core.UserRef{}, err
	}
	return userRef(c.p, "uid", "screen_name", 0)
}

func (a *API) follow(ctx context.Context, c *call) (any, error) {
	ref, err := a.followTarget(c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.Follow(ctx, c.v, ref, c.p.String("rip"))
	if err != nil {
		return nil, err
	}
	return a.user(v, renderOpts{}), nil
}

func (a *API) unfollow(ctx context.Context, c *call) (any, error) {
	ref, err := a.followTarget(c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.Unfollow(ctx, c.v, ref)
	if err != nil {
		return nil, err
	}
	return a.user(v, renderOpts{}), nil
}
