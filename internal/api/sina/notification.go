package sina

import (
	"context"
	"strconv"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/ids"
)

// notification/send (notification.md) and account/profile/school_list
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
