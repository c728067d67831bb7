package sina

import (
	"context"
	"strconv"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

func (a *API) routes() []route {
	var rs []route
	rs = append(rs, a.statusRoutes()...)
	rs = append(rs, a.commentRoutes()...)
	rs = append(rs, a.userRoutes()...)
	rs = append(rs, a.friendshipRoutes()...)
	rs = append(rs, a.searchRoutes()...)
	rs = append(rs, a.suggestRoutes()...)
	rs = append(rs, a.mediaRoutes()...)
	rs = append(rs, a.socialRoutes()...)
	rs = append(rs, a.favoriteRoutes()...)
	rs = append(rs, a.hideRoutes()...)
	rs = append(rs, a.emotionRoutes()...)
	rs = append(rs, a.tagRoutes()...)
	rs = append(rs, a.commonRoutes()...)
	rs = append(rs, a.locationRoutes()...)
	rs = append(rs, a.placeRoutes()...)
	rs = append(rs, a.trendRoutes()...)
	rs = append(rs, a.shortURLRoutes()...)
	rs = append(rs, a.remarkRoutes()...)
	rs = append(rs, a.liveRoutes()...)
	rs = append(rs, a.notificationRoutes()...)
	rs = append(rs,
		route{path: "account/get_uid", methods: "GET", rate: core.RateNone, h: a.getUID},
		route{path: "account/end_session", methods: "GET,POST", rate: core.RateGeneral, h: a.endSession},
		route{path: "account/rate_limit_status", methods: "GET", rate: core.RateNone, h: a.rateLimitStatus},
		route{path: "remind/unread_count", methods: "GET", rate: core.RateNone, params: ps(pUID.Req(), apiutil.P("unread_message", apiutil.KindBool), apiutil.P("callback", apiutil.KindText)), h: a.unreadCount},
		route{path: "remind/set_count", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("type", apiutil.KindText).Req()), h: a.setCount},
	)
	return rs
}

func idstr(id int64) string { return strconv.FormatInt(id, 10) }

func (a *API) getUID(_ context.Context, c *call) (any, error) {
	return map[string]int64{"uid": c.v.UserID}, nil
}

func (a *API) endSession(ctx context.Context, c *call) (any, error) {
	u, err := a.svc.EndSession(ctx, c.token, c.v.IP)
	if err != nil {
		return nil, err
	}
	return a.user(&core.UserView{User: u}, renderOpts{trimStatus: true}), nil
}

// APIRateLimit is one entry of api_rate_limits.
type APIRateLimit struct {
	API           string `json:"api"`
	Limit         int    `json:"limit"`
	LimitTimeUnit string `json:"limit_time_unit"`
	RemainingHits int    `json:"remaining_hits"`
}

// RateLimitStatus is objects.md §11.
type RateLimitStatus struct {
	APIRateLimits      []APIRateLimit `json:"api_rate_limits"`
	IPLimit            int            `json:"ip_limit"`
	LimitTimeUnit      string         `json:"limit_time_unit"`
	RemainingIPHits    int            `json:"remaining_ip_hits"`
	RemainingUserHits  int            `json:"remaining_user_hits"`
	ResetTime          string         `json:"reset_time"`
	ResetTimeInSeconds int            `json:"reset_time_in_seconds"`
	UserLimit          int            `json:"user_limit"`
}

func (a *API) rateLimitStatus(ctx context.Context, c *call) (any, error) {
	rs, err := a.svc.RateLimitStatus(ctx, c.v)
	if err != nil {
		return nil, err
	}
	out := &RateLimitStatus{APIRateLimits: []APIRateLimit{}, IPLimit: rs.IPLimit, LimitTimeUnit: "HOURS",
		RemainingIPHits: rs.RemainingIPHits, RemainingUserHits: rs.RemainingUserHits, UserLimit: rs.UserLimit,
		ResetTime: rs.Reset.In(a.opts.Location).Format("2006-01-02 15:04:05")}
	out.ResetTimeInSeconds = max(int(rs.Reset.Sub(a.svc.Now()).Seconds()), 0)
	for _, l := range rs.APIs {
		out.APIRateLimits = append(out.APIRateLimits, APIRateLimit{API: l.API, Limit: l.Limit, LimitTimeUnit: "HOURS", RemainingHits: l.Remaining})
	}
	return out, nil
}

// Unread is objects.md §7.
type Unread struct {
	Status        int `json:"status"`
	Follower      int `json:"follower"`
	Cmt           int `json:"cmt"`
	DM            int `json:"dm"`
	MentionStatus int `json:"mention_status"`
	MentionCmt    int `json:"mention_cmt"`
	Group         int `json:"group"`
	PrivateGroup  int `json:"private_group"`
	Notice        int `json:"notice"`
	Invite        int `json:"invite"`
	Badge         int `json:"badge"`
	Photo         int `json:"photo"`
	Msgbox        int `json:"msgbox"`
}

func (a *API) unreadCount(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.RequiredInt64("uid")
	if err != nil {
		return nil, err
	}
	if uid != c.v.UserID {
		// Another user's counters are private (remind.md: uid must be the current user).
		return nil, domain.BadParam("uid", "the current user's uid", c.p.String("uid"))
	}
	if _, err := c.p.IntIn("unread_message", 0, 0, 1); err != nil {
		return nil, err
	}
	u, err := a.svc.UnreadCounts(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	return Unread{Status: u.Status, Follower: u.Follower, Cmt: u.Cmt, DM: u.DM, MentionStatus: u.MentionStatus,
		MentionCmt: u.MentionCmt, Group: u.Group, PrivateGroup: u.PrivateGroup, Notice: u.Notice, Invite: u.Invite,
		Badge: u.Badge, Photo: u.Photo, Msgbox: u.Msgbox}, nil
}

func (a *API) setCount(ctx context.Context, c *call) (any, error) {
	t, err := c.p.RequiredString("type")
	if err != nil {
		return nil, err
	}
	if err := a.svc.ResetUnread(ctx, c.v.UserID, t); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}
