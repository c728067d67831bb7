package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The account calls (spec §9.3).

func (a *API) userRoutes() []route {
	return []route{
		{path: "user/info", methods: "GET", rate: core.RateGeneral, h: a.userInfo},
		{path: "user/update", methods: "POST", rate: core.RateGeneral, h: a.userUpdate,
			params: ps(apiutil.P("nick", apiutil.KindText), apiutil.P("sex", apiutil.KindInt), apiutil.P("year", apiutil.KindInt),
				apiutil.P("month", apiutil.KindInt), apiutil.P("day", apiutil.KindInt), apiutil.P("countrycode", apiutil.KindInt),
				apiutil.P("provincecode", apiutil.KindInt), apiutil.P("citycode", apiutil.KindInt),
				apiutil.P("introduction", apiutil.KindText))},
	}
}

func (a *API) userInfo(ctx context.Context, c *call) (*envelope, error) {
	u, err := a.svc.UserByID(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	p := a.profile(u)
	if p.Tag, err = a.tags(ctx, u.ID); err != nil {
		return nil, err
	}
	return ok(p), nil
}

// maxProfileTags is how many personal tags a profile lists (Sina allows
// at most 10 per user).
const maxProfileTags = 10

// tags are uid's personal tags as a profile lists them.
func (a *API) tags(ctx context.Context, uid int64) ([]Tag, error) {
	ts, err := a.svc.UserTags(ctx, uid, domain.Page{Count: maxProfileTags, Page: 1})
	if err != nil {
		return nil, err
	}
	out := make([]Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, Tag{ID: t.ID, Name: t.Tag})
	}
	return out, nil
}

// userUpdate changes what the profile holds: nick is the account's one
// name here (name and nick are the same), sex 1 male, 2 female, 0
// unknown, introduction the description. A field not sent is kept. The
// birthday and the region codes are checked and accepted, but this server
// keeps neither (spec §12: codes in either spelling are accepted).
func (a *API) userUpdate(ctx context.Context, c *call) (*envelope, error) {
	u, err := a.svc.UserByID(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	ch := domain.ProfileChange{ScreenName: u.ScreenName, Description: u.Description, Location: u.Location, Gender: u.Gender}
	if c.p.Given("nick") {
		ch.ScreenName = c.p.String("nick")
	}
	if c.p.Given("introduction") {
		ch.Description = c.p.String("introduction")
	}
	sexCode, err := c.p.IntIn("sex", -1, 0, 2)
	if err != nil {
		return nil, err
	}
	switch sexCode {
	case 0:
		ch.Gender = "n"
	case 1:
		ch.Gender = "m"
	case 2:
		ch.Gender = "f"
	}
	for _, f := range []struct {
		name   string
		lo, hi int
	}{{"year", 1900, 2010}, {"month", 1, 12}, {"day", 1, 31}, {"countrycode", 0, 1 << 20},
		{"provincecode", 0, 1 << 20}, {"citycode", 0, 1 << 20}} {
		if _, err := c.p.IntIn(f.name, f.lo, f.lo, f.hi); err != nil {
			return nil, err
		}
	}
	if ch.Gender == "" {
		ch.Gender = "n"
	}
	if _, err := a.svc.UpdateProfile(ctx, c.v, ch); err != nil {
		de := domain.AsError(err)
		if de.Param == "screen_name" {
			de.Param = "nick" // the name this API knows it by
		}
		return nil, err
	}
	return nil, nil
}
