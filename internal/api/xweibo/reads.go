package xweibo

import (
	"context"
	"html"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The timeline data of spec §5.5: unread, getComments, getCounts,
// clearTip.

func (a *API) readRoutes() []route {
	return []route{
		{name: "unread", rate: core.RateGeneral, h: a.unread,
			params: []apiutil.ParamInfo{apiutil.P("id", apiutil.KindID).Of("status")}},
		{name: "getComments", rate: core.RateGeneral, h: a.getComments, params: []apiutil.ParamInfo{
			pWeiboID, apiutil.P("count", apiutil.KindCount), pType, apiutil.P("page", apiutil.KindPage)}},
		{name: "getCounts", rate: core.RateGeneral, h: a.getCounts,
			params: []apiutil.ParamInfo{apiutil.P("ids", apiutil.KindIDs).Of("status").Req()}},
		{name: "clearTip", rate: core.RateGeneral, h: a.clearTip,
			params: []apiutil.ParamInfo{apiutil.P("type", apiutil.KindInt)}},
	}
}

// Unread is unread's rst (spec §5.5.1): the positional counters
// [new_status, mentions, comments, followers, dm, notices] and data, the
// new weibos 2.1 stopped sending ([] always, null when the caller asked
// with id and shows new weibos as a tip).
type Unread struct {
	Unread [6]int `json:"unread"`
	Data   []any  `json:"data"`
}

func (a *API) unread(ctx context.Context, c *call) (any, error) {
	uid, err := c.user()
	if err != nil {
		return nil, err
	}
	since, err := c.p.Int64("id", 0)
	if err != nil || since < 0 {
		return nil, fail(errNumber)
	}
	u, err := a.svc.UnreadCounts(ctx, uid)
	if err != nil {
		return nil, err
	}
	newStatus := u.Status > 0
	if since > 0 {
		// Whether the home timeline holds anything newer than the weibo
		// the client has: the flag, not a count.
		if newStatus, err = a.svc.HomeNewerThan(ctx, uid, since); err != nil {
			return nil, err
		}
	}
	out := &Unread{Unread: [6]int{b01(newStatus), u.MentionStatus, u.Cmt, u.Follower, u.DM, u.Notice}, Data: []any{}}
	if since > 0 {
		prefs, err := a.svc.UserPrefs(ctx, uid)
		if err != nil {
			return nil, err
		}
		if prefs.NewFeed == 1 {
			out.Data = nil
		}
	}
	return out, nil
}

// ListedComment is one comment of getComments (spec §5.5.2): the comment
// object with user{verified, site_v, verified_html, profileUrl} in place of
// sina_v.
type ListedComment struct {
	ID         string       `json:"id"`
	CreateAt   string       `json:"create_at"`
	Text       string       `json:"text"`
	Nick       string       `json:"nick"`
	UID        string       `json:"uid"`
	ProfileImg string       `json:"profileImg"`
	User       *CommentUser `json:"user"`
}

// CommentUser is a listed comment's user.
type CommentUser struct {
	Verified     bool   `json:"verified"`
	SiteV        int    `json:"site_v"`
	VerifiedHTML string `json:"verified_html"`
	ProfileURL   string `json:"profileUrl"`
}

// maxCommentsPage bounds getComments' count (2.1 passed it upstream, where
// Sina allowed 200).
const maxCommentsPage = 200

// getComments answers a page of the comments on a weibo as 2.1 did: the
// comments under the keys "0"…"n-1" (PHP's json_encode of a list with
// other keys), with "total" and "limit".
func (a *API) getComments(ctx context.Context, c *call) (any, error) {
	id, err := weiboID(c.p, "id", errEmpty)
	if err != nil {
		return nil, err
	}
	big, err := avatarType(c.p)
	if err != nil {
		return nil, err
	}
	def := 10
	if big && c.v.Authenticated() {
		// The full list uses the reader's own comments-per-page setting.
		prefs, err := a.svc.UserPrefs(ctx, c.v.UserID)
		if err != nil {
			return nil, err
		}
		def = prefs.PageComments
	}
	count, err := c.p.Int("count", def, 1, maxCommentsPage)
	if err != nil {
		return nil, fail(errNumber)
	}
	page, err := c.p.Int("page", 1, 1, apiutil.MaxPage)
	if err != nil {
		return nil, fail(errNumber)
	}
	l, err := a.svc.CommentsOnStatus(ctx, c.v.UserID, id, domain.CommentQuery{
		Page: domain.Page{Count: count, Page: page}, Viewer: c.v.UserID})
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(l.Items)+2)
	n := 0
	for _, cv := range l.Items {
		if cv.User == nil || cv.User.User == nil {
			continue
		}
		out[strconv.Itoa(n)] = a.listedComment(cv, big)
		n++
	}
	out["total"] = l.Total
	out["limit"] = count
	return out, nil
}

func (a *API) listedComment(cv *core.CommentView, big bool) *ListedComment {
	cm := a.comment(cv, big)
	u := cv.User.User
	return &ListedComment{ID: cm.ID, CreateAt: cm.CreateAt, Text: cm.Text, Nick: cm.Nick, UID: cm.UID,
		ProfileImg: cm.ProfileImg, User: &CommentUser{Verified: u.Verified, SiteV: b01(u.Verified),
			VerifiedHTML: a.verifiedHTML(u), ProfileURL: a.profileURL(u)}}
}

// profileURL is the user's page on this site.
func (a *API) profileURL(u *domain.User) string {
	return strings.TrimSuffix(a.opts.BaseURL, "/") + "/u/" + idstr(u.ID)
}

// verifiedHTML is the badge 2.1 rendered beside a verified name ("" for
// others).
func (a *API) verifiedHTML(u *domain.User) string {
	if !u.Verified {
		return ""
	}
	return `<span class="vip" title="` + html.EscapeString(u.VerifiedReason) + `">V</span>`
}

// getCounts answers {"<id>": [comments, reposts]} for the weibos the
// caller may see; a caller with no user (allow_anonymous) gets true, as
// 2.1 answered without a token (spec §5.5.3).
func (a *API) getCounts(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("ids") {
		return nil, fail(errEmpty)
	}
	ids, err := c.p.Int64List("ids", maxBatch)
	if err != nil {
		return nil, err
	}
	if !c.v.Authenticated() {
		return true, nil
	}
	counts, err := a.svc.CountStatuses(ctx, c.v.UserID, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string][2]int, len(counts))
	for _, n := range counts {
		out[idstr(n.ID)] = [2]int{n.Comments, n.Reposts}
	}
	return out, nil
}

// tipCounters are clearTip's types: 1 comments, 2 @mentions, 3 DMs, 4
// new followers; any other value (or none) clears all four.
var tipCounters = map[string][]string{
	"1": {domain.UnreadCmt},
	"2": {domain.UnreadMentionStatus, domain.UnreadMentionCmt},
	"3": {domain.UnreadDM},
	"4": {domain.UnreadFollower},
}

func (a *API) clearTip(ctx context.Context, c *call) (any, error) {
	uid, err := c.user()
	if err != nil {
		return nil, err
	}
	kinds, ok := tipCounters[strings.TrimSpace(c.p.String("type"))]
	if !ok {
		kinds = []string{domain.UnreadCmt, domain.UnreadMentionStatus, domain.UnreadMentionCmt, domain.UnreadDM,
			domain.UnreadFollower}
	}
	for _, k := range kinds {
		if err := a.svc.ResetUnread(ctx, uid, k); err != nil {
			return nil, err
		}
	}
	return true, nil
}
