package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Private messages (spec §9.5), special follows (§9.4) and the update
// counters (§9.9), over the core's direct messages, special follows and
// unread counters.

// typePrivate is a private message's tweet type (spec §8.1).
const typePrivate = 3

func (a *API) privateRoutes() []route {
	return []route{
		{path: "private/add", methods: "POST", rate: core.RateGeneral, params: ps(pAccount, pContent, postPs), h: a.privateAdd},
		{path: "private/del", methods: "POST", rate: core.RateGeneral,
			params: ps(apiutil.P("id", apiutil.KindID).Of("dm").Req()), h: a.privateDel},
		{path: "private/recv", methods: "GET", rate: core.RateGeneral, params: timePagePs, h: a.privateBox(false)},
		{path: "private/send", methods: "GET", rate: core.RateGeneral, params: timePagePs, h: a.privateBox(true)},
		{path: "friends/addspecial", methods: "POST", rate: core.RateGeneral, params: ps(pAccount), h: a.addSpecial},
		{path: "friends/delspecial", methods: "POST", rate: core.RateGeneral, params: ps(pAccount), h: a.delSpecial,
			aliases: []string{"friends/delspecail"}}, // the seed's example spells it so (§12)
		{path: "friends/speciallist", methods: "GET", rate: core.RateGeneral, params: startPs, h: a.specialList(false)},
		{path: "friends/user_speciallist", methods: "GET", rate: core.RateGeneral, params: ps(pAccount, startPs), h: a.specialList(true)},
		{path: "statuses/special_timeline", methods: "GET", rate: core.RateGeneral, params: timePagePs, h: a.specialTimeline},
		{path: "info/update", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("op", apiutil.KindInt), apiutil.P("type", apiutil.KindInt)), h: a.infoUpdate},
	}
}

// PrivateSent is private/add's answer: the key is tweetid (spec §9.5).
type PrivateSent struct {
	TweetID   int64 `json:"tweetid"`
	Timestamp int64 `json:"timestamp"`
}

func (a *API) privateAdd(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	text, err := readContent(c)
	if err != nil {
		return nil, err
	}
	ip, err := clientIP(c)
	if err != nil {
		return nil, err
	}
	if _, err := geo(c); err != nil {
		return nil, err
	}
	m, err := a.svc.SendDirectMessage(ctx, c.v, core.SendDMInput{To: r, Text: text, RIP: ip})
	if err != nil {
		return nil, err
	}
	return ok(PrivateSent{TweetID: m.Message.ID, Timestamp: m.Message.CreatedAt.Unix()}), nil
}

// PrivateDeleted is private/del's answer.
type PrivateDeleted struct {
	TweetID int64 `json:"tweetid"`
}

func (a *API) privateDel(ctx context.Context, c *call) (*envelope, error) {
	id, err := tweetID(c.p, "id")
	if err != nil {
		return nil, err
	}
	if err := a.svc.DeleteDirectMessage(ctx, c.v, id); err != nil {
		return nil, err
	}
	return ok(PrivateDeleted{TweetID: id}), nil
}

// PrivateTweet is a message in private/recv and private/send: a tweet of
// type 3; the outbox adds the recipient.
type PrivateTweet struct {
	*Tweet
	ToName string `json:"toname,omitempty"`
	ToNick string `json:"tonick,omitempty"`
	ToHead string `json:"tohead,omitempty"`
}

// BoxData is the data of private/recv and private/send.
type BoxData struct {
	Timestamp int64           `json:"timestamp"`
	HasNext   int             `json:"hasnext"`
	TotalNum  int             `json:"totalnum"`
	Info      []*PrivateTweet `json:"info"`
}

func (a *API) privateBox(sent bool) handlerFunc {
	return func(ctx context.Context, c *call) (*envelope, error) {
		pg, reqnum, err := timePage(c.p, 20)
		if err != nil {
			return nil, err
		}
		var l *core.DMList
		if sent {
			l, err = a.svc.DMOutbox(ctx, c.v, pg)
		} else {
			l, err = a.svc.DMInbox(ctx, c.v, pg)
		}
		if err != nil {
			return nil, err
		}
		items := l.Items
		more := len(items) > reqnum
		if more {
			items = items[:reqnum]
		}
		d := &BoxData{Timestamp: a.svc.Now().Unix(), HasNext: b01(!more), TotalNum: l.Total, Info: make([]*PrivateTweet, 0, len(items))}
		for _, m := range items {
			pt := &PrivateTweet{Tweet: a.dmTweet(m, c.v.UserID)}
			if sent {
				pt.ToName, pt.ToNick, pt.ToHead = m.Recipient.ScreenName, m.Recipient.ScreenName, a.head(m.Recipient)
			}
			d.Info = append(d.Info, pt)
		}
		return ok(d), nil
	}
}

func (a *API) dmTweet(m *core.DMView, viewer int64) *Tweet {
	u := m.Sender
	t := &Tweet{Text: m.Message.Text, OrigText: m.Message.Text, From: a.from(nil), ID: m.Message.ID,
		Timestamp: m.Message.CreatedAt.Unix(), Type: typePrivate, Status: statusNormal,
		Name: u.ScreenName, Nick: u.ScreenName, Head: a.head(u), Location: u.Location, IsVip: b01(u.Verified),
		Self: b01(u.ID == viewer)}
	t.CountryCode, t.ProvinceCode, t.CityCode = codes(u)
	return t
}

func (a *API) addSpecial(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.AddSpecialFollow(ctx, c.v, r, c.v.IP)
	return nil, err
}

func (a *API) delSpecial(ctx context.Context, c *call) (*envelope, error) {
	r, err := ref(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.RemoveSpecialFollow(ctx, c.v, r)
	return nil, err
}

func (a *API) specialList(named bool) handlerFunc {
	return func(ctx context.Context, c *call) (*envelope, error) {
		uid := c.v.UserID
		if named {
			u, err := a.account(ctx, c, "name")
			if err != nil {
				return nil, err
			}
			uid = u.ID
		}
		cur, reqnum, err := startPage(c.p)
		if err != nil {
			return nil, err
		}
		l, err := a.svc.SpecialFollows(ctx, c.v.UserID, uid, cur, true)
		if err != nil {
			return nil, err
		}
		return ok(a.listData(l.Users, reqnum, func(v *core.UserView) any { return a.listUser(v) })), nil
	}
}

func (a *API) specialTimeline(ctx context.Context, c *call) (*envelope, error) {
	pg, reqnum, err := timePage(c.p, 20)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.SpecialTimeline(ctx, c.v, pg)
	if err != nil {
		return nil, err
	}
	return timelineEnvelope(a.timeline(l, reqnum, c.v.UserID, true)), nil
}

// Updates is info/update's data (spec §9.9).
type Updates struct {
	Home     int `json:"home"`
	Private  int `json:"private"`
	Fans     int `json:"fans"`
	Mentions int `json:"mentions"`
	Create   int `json:"create"`
}

// infoUpdate reads the counters (op 0) or reads them and then clears one
// (op 1, type 5 home, 6 mentions, 7 private messages, 8 new fans, 9 home
// originals). They are the counters of Sina's remind/unread_count: home the
// home statuses not yet read, create the original ones among them (with a
// mark of its own, so type 9 clears create alone; type 5 clears both).
func (a *API) infoUpdate(ctx context.Context, c *call) (*envelope, error) {
	op, err := c.p.IntIn("op", 0, 0, 1)
	if err != nil {
		return nil, err
	}
	typ, err := c.p.IntIn("type", 0, 0, 9)
	if err != nil {
		return nil, err
	}
	if op == 1 && typ < 5 {
		return nil, domain.BadParam("type", "5, 6, 7, 8 or 9 with op=1", c.p.String("type"))
	}
	u, err := a.svc.UnreadCounts(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	originals, err := a.svc.UnreadOriginals(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	out := Updates{Home: u.Status, Private: u.DM, Fans: u.Follower, Mentions: u.MentionStatus, Create: originals}
	if op == 1 {
		switch typ {
		case 5:
			// The originals are part of the home page: they clear too.
			err = a.svc.ResetHomeUnread(ctx, c.v)
		case 9:
			err = a.svc.ResetHomeOriginals(ctx, c.v)
		case 6:
			err = a.svc.ResetUnread(ctx, c.v.UserID, domain.UnreadMentionStatus)
		case 7:
			err = a.svc.ResetUnread(ctx, c.v.UserID, domain.UnreadDM)
		case 8:
			err = a.svc.ResetUnread(ctx, c.v.UserID, domain.UnreadFollower)
		}
		if err != nil {
			return nil, err
		}
	}
	return ok(out), nil
}
