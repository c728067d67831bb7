package sina

import (
	"context"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
)

// notification/send and the notice reads receive_list,
// receive_list_by_app (notification.md), and account/profile/school_list
// (account.md §2).

func (a *API) notificationRoutes() []route {
	objects := []apiutil.ParamInfo{}
	for _, n := range []string{"1", "2", "3"} {
		objects = append(objects, apiutil.P("objects"+n, apiutil.KindText), apiutil.P("objects"+n+"_count", apiutil.KindInt))
	}
	return []route{
		// GET too: the old official Android SDK sent it as a GET, and
		// misspelt objects1_count as object1_count (notification.md).
		{path: "notification/send", methods: "GET,POST", rate: core.RateGeneral, advanced: true,
			params: ps(apiutil.P("uids", apiutil.KindIDs).Of("user").Req(), apiutil.P("tpl_id", apiutil.KindID).Of("notification_template").Req(),
				objects, apiutil.P("object1_count", apiutil.KindInt), apiutil.P("action_url", apiutil.KindText)),
			h: a.sendNotification},
		// The reads SDKs reference (notification.md, "not in the 2013
		// index"): the caller's notices, every kind, newest first.
		{path: "notification/receive_list", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("count", apiutil.KindCount), apiutil.P("page", apiutil.KindPage)),
			h:      a.receiveList},
		{path: "notification/receive_list_by_app", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("appkey62", apiutil.KindText).Req(), apiutil.P("count", apiutil.KindCount),
				apiutil.P("page", apiutil.KindPage)),
			h: a.receiveListByApp},
		{path: "account/profile/school_list", methods: "GET", rate: core.RateGeneral,
			params: ps(apiutil.P("province", apiutil.KindInt), apiutil.P("city", apiutil.KindInt), apiutil.P("area", apiutil.KindInt),
				apiutil.P("type", apiutil.KindInt), apiutil.P("capital", apiutil.KindText), apiutil.P("keyword", apiutil.KindText),
				apiutil.P("count", apiutil.KindCount)),
			h: a.schoolList},
	}
}

// SenderApp is notification.sender_app.
type SenderApp struct {
	AppKey62 string `json:"appkey62"`
}

// NotificationObject is notification/send's notification.
type NotificationObject struct {
	NotificationID int64     `json:"notification_id"`
	Title          string    `json:"title"`
	Content        string    `json:"content"`
	CreatedAt      string    `json:"created_at"`
	SenderApp      SenderApp `json:"sender_app"`
	SenderUID      int64     `json:"sender_uid"`
}

// ReceivedNotification is one notice of receive_list (inferred: the shape
// of notification/send's notification, with what a reader needs: the
// link, the kind — "app", "system" or "moderation" — and whether it is
// unread).
type ReceivedNotification struct {
	NotificationObject
	ActionURL string `json:"action_url"`
	Type      string `json:"type"`
	Unread    bool   `json:"unread"`
}

// ReceiveList is receive_list's answer (inferred, as Sina's lists:
// the items, total_number, and the unread count of the notice counter).
type ReceiveList struct {
	Notifications []ReceivedNotification `json:"notifications"`
	TotalNumber   int                    `json:"total_number"`
	Unread        int                    `json:"unread"`
}

// noticeTypes names each kind of notice in receive_list.
var noticeTypes = map[domain.NoticeKind]string{
	domain.NoticeApp: "app", domain.NoticeSystem: "system", domain.NoticeModeration: "moderation",
}

// Paging of receive_list (inferred: Sina's list defaults).
const defNoticesPage = 20

func (a *API) receiveList(ctx context.Context, c *call) (any, error) {
	cur, err := apiutil.ReadPageCursor(c.p, defNoticesPage, core.MaxNoticesPage)
	if err != nil {
		return nil, err
	}
	pg, err := a.svc.Notices(ctx, c.v, cur)
	if err != nil {
		return nil, err
	}
	return a.receivedList(pg), nil
}

func (a *API) receiveListByApp(ctx context.Context, c *call) (any, error) {
	cur, err := apiutil.ReadPageCursor(c.p, defNoticesPage, core.MaxNoticesPage)
	if err != nil {
		return nil, err
	}
	raw, err := c.p.RequiredString("appkey62")
	if err != nil {
		return nil, err
	}
	raw = strings.TrimSpace(raw)
	key, ok := appKeyFrom62(raw)
	if !ok {
		key = raw // a key that is not a number is given as it is (appKey62)
	}
	pg, err := a.svc.NoticesFromApp(ctx, c.v, key, cur)
	if domain.IsKind(err, domain.KindInvalid) && key != raw {
		pg, err = a.svc.NoticesFromApp(ctx, c.v, raw, cur)
	}
	if domain.IsKind(err, domain.KindInvalid) {
		return nil, domain.BadParam("appkey62", "the appkey62 of a registered app", raw)
	}
	if err != nil {
		return nil, err
	}
	return a.receivedList(pg), nil
}

func (a *API) receivedList(pg *core.NoticePage) *ReceiveList {
	out := &ReceiveList{Notifications: make([]ReceivedNotification, 0, len(pg.Items)), TotalNumber: pg.Total, Unread: pg.Unread}
	for _, n := range pg.Items {
		key := ""
		if app := pg.Apps[n.AppID]; app != nil {
			key = appKey62(app.Key)
		}
		out.Notifications = append(out.Notifications, ReceivedNotification{NotificationObject: NotificationObject{
			NotificationID: n.ID, Title: n.Title, Content: n.Content, CreatedAt: a.fmtTime(n.AvailableAt),
			SenderApp: SenderApp{AppKey62: key}, SenderUID: n.SenderID},
			ActionURL: n.ActionURL, Type: noticeTypes[n.Kind], Unread: n.Unread})
	}
	return out
}

// SentNotification is notification/send's answer.
type SentNotification struct {
	Notification NotificationObject `json:"notification"`
	FailedUID    []string           `json:"failed_uid"`
}

func (a *API) sendNotification(ctx context.Context, c *call) (any, error) {
	var in core.SendNotificationInput
	var err error
	if in.UIDs, err = c.p.Int64List("uids", core.MaxNotificationRecipients); err != nil {
		return nil, err
	}
	if in.TplID, err = c.p.RequiredInt64("tpl_id"); err != nil {
		return nil, err
	}
	for i := range in.Objects {
		n := strconv.Itoa(i + 1)
		in.Objects[i].Value = c.p.String("objects" + n)
		name := "objects" + n + "_count"
		if i == 0 && !c.p.Given(name) && c.p.Given("object1_count") {
			name = "object1_count"
		}
		if in.Objects[i].Count, err = c.p.IntIn(name, -1, 0, 99); err != nil {
			return nil, err
		}
	}
	in.ActionURL = c.p.String("action_url")
	sent, err := a.svc.SendNotification(ctx, c.v, in)
	if err != nil {
		return nil, err
	}
	out := &SentNotification{FailedUID: make([]string, 0, len(sent.Failed)), Notification: NotificationObject{
		NotificationID: sent.ID, Title: sent.Title, Content: sent.Content, CreatedAt: a.fmtTime(sent.CreatedAt),
		SenderApp: SenderApp{AppKey62: appKey62(sent.App.Key)}, SenderUID: sent.SenderID}}
	for _, u := range sent.Failed {
		out.FailedUID = append(out.FailedUID, idstr(u))
	}
	return out, nil
}

// appKey62 is an app key in base62 (notification.md: sender_app.appkey62),
// with the alphabet of mids (README §7). A key that is not a number (one
// kept from an Xweibo site) is given as it is.
func appKey62(key string) string {
	n, err := strconv.ParseUint(key, 10, 64)
	if err != nil {
		return key
	}
	return ids.Base62(n)
}

// appKeyFrom62 reads an appkey62 back into the decimal key.
func appKeyFrom62(s string) (string, bool) {
	n, ok := ids.ParseBase62(s)
	if !ok {
		return "", false
	}
	return strconv.FormatUint(n, 10), true
}

// School is one entry of account/profile/school_list.
type School struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func (a *API) schoolList(_ context.Context, c *call) (any, error) {
	var q core.SchoolListQuery
	var err error
	for _, f := range []struct {
		name string
		to   *int
	}{{"province", &q.Province}, {"city", &q.City}, {"area", &q.Area}} {
		if *f.to, err = c.p.IntIn(f.name, 0, 0, 999999); err != nil {
			return nil, err
		}
	}
	if q.Type, err = c.p.IntIn("type", 1, 1, 5); err != nil {
		return nil, err
	}
	if q.Count, err = c.p.Int("count", core.SchoolListDefaultCount, 1, core.SchoolListMaxCount); err != nil {
		return nil, err
	}
	q.Capital, q.Keyword = c.p.String("capital"), c.p.String("keyword")
	list, err := a.svc.SchoolList(q)
	if err != nil {
		return nil, err
	}
	out := make([]School, len(list))
	for i, s := range list {
		out[i] = School{ID: s.ID, Name: s.Name}
	}
	return out, nil
}
