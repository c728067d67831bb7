package xweibo

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/emotions"
	"github.com/weibo-server/weibo/internal/geo"
)

// The site's own actions: settings (spec §5.8), sinaurl, and the further
// public actions of the 2.1 controller (§8): getTokenAuthorizeURL,
// emotions, getProvinces, applyDomain, topic subscriptions, sendNotice.

var pSubject = apiutil.P("text", apiutil.KindText).Req()

func (a *API) siteRoutes() []route {
	return []route{
		{name: "setting", rate: core.RateGeneral, h: a.setting,
			params: []apiutil.ParamInfo{apiutil.P("type", apiutil.KindText)}},
		{name: "saveShow", rate: core.RateGeneral, h: a.saveShow, params: []apiutil.ParamInfo{
			apiutil.P("newmsg", apiutil.KindBool), apiutil.P("feedtotal", apiutil.KindCount),
			apiutil.P("commenttotal", apiutil.KindCount)}},
		{name: "saveNotice", rate: core.RateGeneral, h: a.saveNotice, params: []apiutil.ParamInfo{
			apiutil.P("newfeed", apiutil.KindBool), apiutil.P("comment", apiutil.KindBool),
			apiutil.P("dm", apiutil.KindBool), apiutil.P("follower", apiutil.KindBool),
			apiutil.P("mention", apiutil.KindBool), apiutil.P("from_user", apiutil.KindBool),
			apiutil.P("status_type", apiutil.KindBool), apiutil.P("notice", apiutil.KindBool)}},
		{name: "sinaurl", rate: core.RateGeneral, h: a.sinaurl,
			params: []apiutil.ParamInfo{apiutil.P("id", apiutil.KindList).Req()}},
		{name: "getTokenAuthorizeURL", rate: core.RateGeneral, h: a.getTokenAuthorizeURL,
			params: []apiutil.ParamInfo{apiutil.P("url", apiutil.KindText).Req()}},
		{name: "emotions", rate: core.RateGeneral, h: a.emotions},
		{name: "getProvinces", rate: core.RateGeneral, h: a.getProvinces},
		{name: "applyDomain", rate: core.RateGeneral, h: a.applyDomain,
			params: []apiutil.ParamInfo{apiutil.P("domain", apiutil.KindText).Req()}},
		{name: "addSubject", rate: core.RateGeneral, h: a.addSubject, params: []apiutil.ParamInfo{pSubject}},
		{name: "deleteSubject", rate: core.RateGeneral, h: a.deleteSubject, params: []apiutil.ParamInfo{pSubject}},
		{name: "isSubjectFollowed", rate: core.RateGeneral, h: a.isSubjectFollowed, params: []apiutil.ParamInfo{pSubject}},
		{name: "getAllSubject", rate: core.RateGeneral, h: a.getAllSubject,
			params: []apiutil.ParamInfo{apiutil.P("uid", apiutil.KindID).Of("user")}},
		{name: "sendNotice", rate: core.RateGeneral, h: a.sendNotice, params: []apiutil.ParamInfo{
			apiutil.P("uid", apiutil.KindID).Of("user"), apiutil.P("title", apiutil.KindText).Req(),
			apiutil.P("content", apiutil.KindText).Req(), apiutil.P("available_time", apiutil.KindTime)}},
	}
}

// setting turns a tip to "click to show" (spec §5.8.1): type autoshow
// (the default) for new weibos, anything else for new messages.
func (a *API) setting(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	typ := strings.TrimSpace(c.p.String("type"))
	_, err := a.svc.UpdateUserPrefs(ctx, c.v, func(p *domain.UserPrefs) {
		if typ == "" || typ == "autoshow" {
			p.NewFeed = 0
		} else {
			p.NewMsg = 0
		}
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// saveShow sets the message tip and the page sizes (§8, the likely
// 5.8.3). What is not sent is kept.
func (a *API) saveShow(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	newmsg, err := c.p.IntIn("newmsg", -1, 0, 1)
	if err != nil {
		return nil, fail(errNumber)
	}
	feeds, err := c.p.IntIn("feedtotal", 0, domain.MinPrefsPage, domain.MaxPrefsPage)
	if err != nil {
		return nil, fail(errNumber)
	}
	comments, err := c.p.IntIn("commenttotal", 0, domain.MinPrefsPage, domain.MaxPrefsPage)
	if err != nil {
		return nil, fail(errNumber)
	}
	if newmsg < 0 && feeds == 0 && comments == 0 {
		return nil, fail(errPrefsEmpty)
	}
	_, err = a.svc.UpdateUserPrefs(ctx, c.v, func(p *domain.UserPrefs) {
		if newmsg >= 0 {
			p.NewMsg = newmsg
		}
		if feeds > 0 {
			p.PageStatuses = feeds
		}
		if comments > 0 {
			p.PageComments = comments
		}
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// noticeFields are saveNotice's parameters: a form that posts them all,
// so that 2.1 took a missing one for 0 (off).
var noticeFields = []string{"newfeed", "comment", "dm", "follower", "mention", "from_user", "status_type", "notice"}

// saveNotice sets the reminders and the new-weibo tip (spec §5.8.4).
func (a *API) saveNotice(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	v := map[string]bool{}
	given := false
	for _, f := range noticeFields {
		on, err := c.p.Bool01(f, false)
		if err != nil {
			return nil, fail(errNumber)
		}
		given = given || c.p.Has(f)
		v[f] = on
	}
	if !given {
		return nil, fail(errNoticeEmpty)
	}
	_, err := a.svc.UpdateUserPrefs(ctx, c.v, func(p *domain.UserPrefs) {
		p.NewFeed, p.NewNotice = b01(v["newfeed"]), v["notice"]
		p.RemindComment, p.RemindDM, p.RemindFollower, p.RemindMention = v["comment"], v["dm"], v["follower"], v["mention"]
		p.MentionFrom, p.MentionType = b01(v["from_user"]), b01(v["status_type"])
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// ShortInfo is one link of sinaurl's answer (spec §5.8.2). This server
// keeps no video or music annotations: every link is a "url".
type ShortInfo struct {
	URL  string `json:"url"`
	Type string `json:"type"`
}

// SinaURL is sinaurl's success, outside the envelope.
type SinaURL struct {
	Code string               `json:"code"`
	Data map[string]ShortInfo `json:"data"`
}

// maxShortIDs bounds one sinaurl call, as Sina's short_url/expand does.
const maxShortIDs = 20

// sinaurl expands short links (ids: what follows the short-link base).
// When none is known, or the ids are unusable, 2.1 answered
// {"rst":false,"errno":-1,"err":""}.
func (a *API) sinaurl(ctx context.Context, c *call) (any, error) {
	none := rawAnswer{v: &Envelope{Rst: false, Errno: -1, Err: ""}}
	ids, err := c.p.StringList("id", maxShortIDs)
	if err != nil || len(ids) == 0 {
		return none, nil
	}
	links, err := a.svc.ExpandShort(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &SinaURL{Code: "A00006", Data: map[string]ShortInfo{}}
	for _, l := range links {
		if l.Link != nil {
			out.Data[l.Given] = ShortInfo{URL: l.Link.Long, Type: "url"}
		}
	}
	if len(out.Data) == 0 {
		return none, nil
	}
	return rawAnswer{v: out}, nil
}

// getTokenAuthorizeURL answers the address of this server's authorize
// page for the partner app, sending the browser back to url (§8).
func (a *API) getTokenAuthorizeURL(_ context.Context, c *call) (any, error) {
	raw := strings.TrimSpace(c.p.String("url"))
	if raw == "" {
		return nil, fail(errEmpty)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fail(errFormat)
	}
	q := url.Values{"client_id": {a.svc.Options().Xweibo.AppKey}, "redirect_uri": {raw}, "response_type": {"code"}}
	return strings.TrimSuffix(a.opts.BaseURL, "/") + "/oauth2/authorize?" + q.Encode(), nil
}

// Emotion is one emoticon as Sina v1's emotions listed it.
type Emotion struct {
	Phrase      string `json:"phrase"`
	Type        string `json:"type"`
	URL         string `json:"url"`
	IsHot       bool   `json:"is_hot"`
	IsCommon    bool   `json:"is_common"`
	OrderNumber int    `json:"order_number"`
	Category    string `json:"category"`
}

// emotions lists the server's faces (§8).
func (a *API) emotions(_ context.Context, _ *call) (any, error) {
	base := a.opts.EmotionsURL
	if base == "" {
		base = strings.TrimSuffix(a.opts.BaseURL, "/") + "/emotions/"
	}
	list := emotions.Of(emotions.TypeFace)
	out := make([]Emotion, len(list))
	for i, e := range list {
		out[i] = Emotion{Phrase: e.Phrase, Type: e.Type, URL: base + e.File, IsHot: e.Hot, IsCommon: e.Common,
			OrderNumber: i, Category: e.Category}
	}
	return out, nil
}

// Province is one province of getProvinces, as Sina v1's provinces list:
// its cities as one-key objects {"<city id>": "<name>"}.
type Province struct {
	ID    int                 `json:"id"`
	Name  string              `json:"name"`
	Citys []map[string]string `json:"citys"`
}

// getProvinces lists Weibo's province and city codes (§8), the codes
// saveProfile takes.
func (a *API) getProvinces(_ context.Context, _ *call) (any, error) {
	provs := geo.WeiboProvinces()
	out := make([]Province, len(provs))
	for i, p := range provs {
		cities := geo.WeiboCities(p.Prov)
		out[i] = Province{ID: p.Prov, Name: p.Names[geo.ZhCN], Citys: make([]map[string]string, len(cities))}
		for j, ct := range cities {
			out[i].Citys[j] = map[string]string{strconv.Itoa(ct.City): ct.Names[geo.ZhCN]}
		}
	}
	return map[string][]Province{"provinces": out}, nil
}

// applyDomain gives the caller a personal domain (§8); its refusals are
// the 2.1 controller's six- and seven-digit codes with rst "false".
func (a *API) applyDomain(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	err := a.svc.ApplyDomain(ctx, c.v, c.p.String("domain"))
	switch {
	case err == nil:
		return true, nil
	case domain.IsReason(err, domain.ReasonBadDomain):
		return nil, failRst(errDomainFormat, "false")
	case domain.IsKind(err, domain.KindForbidden):
		return nil, failRst(errDomainSet, "false")
	case domain.IsKind(err, domain.KindConflict):
		return nil, failRst(errDomainTaken, "false")
	}
	return nil, err
}

// Subject is one topic of getAllSubject.
type Subject struct {
	ID      string `json:"id"`
	Subject string `json:"subject"`
	Href    string `json:"href"`
}

// subjectText reads a topic's text: empty is 500101 (rst "false").
func subjectText(c *call) (string, error) {
	t := strings.TrimSpace(c.p.String("text"))
	if t == "" {
		return "", failRst(errSubjectEmpty, "false")
	}
	return t, nil
}

func (a *API) addSubject(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	t, err := subjectText(c)
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.FollowTopic(ctx, c.v, t); err != nil {
		if domain.IsKind(err, domain.KindConflict) {
			return nil, failRst(errSubjectRepeat, "false")
		}
		return nil, err
	}
	return true, nil
}

func (a *API) deleteSubject(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	t, err := subjectText(c)
	if err != nil {
		return nil, err
	}
	id, ok, err := a.svc.FollowsTopic(ctx, c.v, t)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, failRst(errSubjectNotFollowed, "false")
	}
	if err := a.svc.UnfollowTopic(ctx, c.v, id); err != nil {
		if domain.IsKind(err, domain.KindInvalid) {
			return nil, failRst(errSubjectNotFollowed, "false") // gone meanwhile
		}
		return nil, err
	}
	return true, nil
}

// isSubjectFollowed answers as 2.1 did: rst "true" with 500104 when the
// caller does not follow the topic (it may be added), rst "false" with
// 500105 when they do.
func (a *API) isSubjectFollowed(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	t, err := subjectText(c)
	if err != nil {
		return nil, err
	}
	_, ok, err := a.svc.FollowsTopic(ctx, c.v, t)
	if err != nil {
		return nil, err
	}
	if ok {
		return nil, failRst(errSubjectFollowed, "false")
	}
	return nil, failRst(errSubjectNotFaved, "true")
}

// maxSubjects is how many topics getAllSubject lists.
const maxSubjects = 200

func (a *API) getAllSubject(ctx context.Context, c *call) (any, error) {
	uid, err := c.p.Int64("uid", 0)
	if err != nil || uid < 0 {
		return nil, fail(errNumber)
	}
	if uid == 0 {
		if !c.v.Authenticated() {
			return nil, failRst(errSubjectWho, "false")
		}
		uid = c.v.UserID
	}
	ts, err := a.svc.FollowedTopics(ctx, uid, domain.Page{Count: maxSubjects, Page: 1})
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(a.opts.BaseURL, "/")
	out := make([]Subject, len(ts))
	for i, t := range ts {
		out[i] = Subject{ID: idstr(t.ID), Subject: t.Name,
			Href: base + "/search?" + url.Values{"q": {"#" + t.Name + "#"}}.Encode()}
	}
	return out, nil
}

// sendNotice sends a system notice of the site to user uid, or to
// everyone (uid 0 or none), shown from available_time (§8). It speaks for
// the site: the partner holding API_KEY is trusted with it.
func (a *API) sendNotice(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	to, err := c.p.Int64("uid", 0)
	if err != nil || to < 0 {
		return nil, fail(errNumber)
	}
	at, err := c.p.Int64("available_time", 0)
	if err != nil || at < 0 || at > maxUnix {
		return nil, fail(errNumber)
	}
	title, content := c.p.String("title"), c.p.String("content")
	if strings.TrimSpace(title) == "" || strings.TrimSpace(content) == "" {
		return nil, fail(errEmpty)
	}
	in := domain.NoticeInput{Kind: domain.NoticeSystem, Title: title, Content: content, AppID: c.v.AppID}
	if at > 0 {
		in.At = time.Unix(at, 0)
	}
	if _, err := a.svc.Notify(ctx, to, in); err != nil {
		return nil, err
	}
	return true, nil
}

// maxUnix bounds a Unix time parameter (year 9999).
const maxUnix = 253402300799
