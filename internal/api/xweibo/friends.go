package xweibo

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Following (spec §5.2) and favourites (§5.3).

func (a *API) friendRoutes() []route {
	return []route{
		{name: "createFriendship", rate: core.RateGeneral, h: a.createFriendship, params: []apiutil.ParamInfo{
			apiutil.P("uid", apiutil.KindList).Req(), apiutil.P("type", apiutil.KindInt)}},
		{name: "deleteFriendship", rate: core.RateGeneral, h: a.deleteFriendship, params: []apiutil.ParamInfo{
			apiutil.P("id", apiutil.KindID).Of("user"), apiutil.P("name", apiutil.KindText),
			apiutil.P("is_follower", apiutil.KindBool)}},
		{name: "friendship", rate: core.RateGeneral, h: a.friendship, params: []apiutil.ParamInfo{
			apiutil.P("t_id", apiutil.KindID).Of("user"), apiutil.P("t_name", apiutil.KindText),
			apiutil.P("s_id", apiutil.KindID).Of("user"), apiutil.P("s_name", apiutil.KindText)}},
		{name: "createFavorite", rate: core.RateGeneral, h: a.createFavorite, params: []apiutil.ParamInfo{pWeiboID}},
		{name: "deleteFavorite", rate: core.RateGeneral, h: a.deleteFavorite, params: []apiutil.ParamInfo{pWeiboID}},
	}
}

// FollowFailure is one entry of a batch follow's err (spec §5.3:
// {uid:[…], err}): the users refused with the same message.
type FollowFailure struct {
	UID []string `json:"uid"`
	Err string   `json:"err"`
}

// createFriendship follows uid: user ids, comma-separated (type 0), or one
// screen name (type 1). One user's refusal is answered with its own errno;
// in a batch, the refused are listed under 1020804 and the rest followed.
func (a *API) createFriendship(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	typ, err := c.p.IntIn("type", 0, 0, 1)
	if err != nil {
		return nil, fail(errNumber)
	}
	if !c.p.Has("uid") {
		return nil, fail(errFollowFail)
	}
	var refs []core.UserRef
	var given []string
	if typ == 1 {
		name := strings.TrimSpace(c.p.String("uid"))
		refs, given = []core.UserRef{{ScreenName: name}}, []string{name}
	} else {
		list, err := c.p.StringList("uid", maxBatch)
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return nil, fail(errNumber)
			}
			refs, given = append(refs, core.UserRef{ID: id}), append(given, s)
		}
	}
	if len(refs) == 1 {
		if _, err := a.svc.Follow(ctx, c.v, refs[0], rip(c)); err != nil {
			return nil, err
		}
		return true, nil
	}
	byMsg := map[string][]string{}
	for i, ref := range refs {
		_, err := a.svc.Follow(ctx, c.v, ref, rip(c))
		if err == nil {
			continue
		}
		if k := domain.AsError(err).Kind; k == domain.KindInternal || k == domain.KindUnavailable {
			return nil, err
		}
		rw, _ := errFor(c.name, err)
		byMsg[rw.msg] = append(byMsg[rw.msg], given[i])
	}
	if len(byMsg) == 0 {
		return true, nil
	}
	var list []FollowFailure
	for msg, uids := range byMsg {
		list = append(list, FollowFailure{UID: uids, Err: msg})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Err < list[j].Err })
	return nil, &failure{row: errFollowBatch, list: list}
}

// userRef reads a user named by an id parameter or a screen name one.
// ok is false when neither was given.
func userRef(p apiutil.Params, idName, nameName string) (core.UserRef, bool, error) {
	if p.Has(idName) {
		id, err := p.Int64(idName, 0)
		if err != nil || id <= 0 {
			return core.UserRef{}, true, fail(errNumber)
		}
		return core.UserRef{ID: id}, true, nil
	}
	if p.Has(nameName) {
		return core.UserRef{ScreenName: strings.TrimSpace(p.String(nameName))}, true, nil
	}
	return core.UserRef{}, false, nil
}

// deleteFriendship stops following the user (is_follower 0) or removes
// them from the caller's followers (1). A user who is not there, or not
// followed, is 1020802 (named by id) or 1020803 (by name).
func (a *API) deleteFriendship(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	ref, ok, err := userRef(c.p, "id", "name")
	if err != nil {
		return nil, err
	}
	missing := errUnfollowID
	if ref.ID == 0 && ok {
		missing = errUnfollowName
	}
	if !ok {
		return nil, fail(missing)
	}
	follower, err := c.p.Bool01("is_follower", false)
	if err != nil {
		return nil, fail(errNumber)
	}
	if follower {
		_, err = a.svc.RemoveFollower(ctx, c.v, ref)
	} else {
		_, err = a.svc.Unfollow(ctx, c.v, ref)
	}
	if domain.IsReason(err, domain.ReasonUserNotFound) || domain.IsReason(err, domain.ReasonNotFollowed) {
		return nil, fail(missing)
	}
	if err != nil {
		return nil, err
	}
	return true, nil
}

// friendship answers whether the target follows the source (is the
// source's fan): true or false, errno 0 either way (spec §5.2.3).
func (a *API) friendship(ctx context.Context, c *call) (any, error) {
	target, ok, err := userRef(c.p, "t_id", "t_name")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail(errEmpty)
	}
	source, ok, err := userRef(c.p, "s_id", "s_name")
	if err != nil {
		return nil, err
	}
	if !ok {
		uid, err := c.user()
		if err != nil {
			return nil, err
		}
		source = core.UserRef{ID: uid}
	}
	_, dst, err := a.svc.ShowFriendship(ctx, source, target)
	if domain.IsReason(err, domain.ReasonFriendshipUsers) || domain.IsReason(err, domain.ReasonUserNotFound) {
		return nil, fail(errNoTarget)
	}
	if err != nil {
		return nil, err
	}
	return dst.Following, nil
}

func (a *API) createFavorite(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	id, err := weiboID(c.p, "id", errEmpty)
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.CreateFavorite(ctx, c.v, id); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *API) deleteFavorite(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	id, err := weiboID(c.p, "id", errEmpty)
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.DestroyFavorite(ctx, c.v, id); err != nil {
		return nil, err
	}
	return true, nil
}
