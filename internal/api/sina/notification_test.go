package sina_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// appToken signs u in to the app (key, secret) with the password grant:
// u has authorised the app.
func appToken(t *testing.T, k *testkit.Kit, u *testkit.User, key, secret string) *testkit.Client {
	t.Helper()
	c := k.Anonymous()
	var tok struct {
		AccessToken  string `json:"access_token"`
		ExpiresIn    int    `json:"expires_in"`
		RemindIn     string `json:"remind_in"`
		UID          string `json:"uid"`
		RefreshToken string `json:"refresh_token"`
	}
	c.Must(c.Post("/oauth2/access_token", reqParams("client_id", key, "client_secret", secret,
		"grant_type", "password", "username", u.ScreenName, "password", u.Password)), &tok)
	c.Token = tok.AccessToken
	return c
}

func unreadOf(t *testing.T, u *testkit.User) sinaspec.Unread {
	t.Helper()
	return mustDecode[sinaspec.Unread](t, u.Get("/2/remind/unread_count.json", reqParams("uid", idString(u.ID))))
}

// An app sends a notice from a template the operator approved to users who
// authorised it; each one's notice counter moves and set_count clears it.
// Recipients who never authorised the app, or do not exist, are listed as
// failed; the call still succeeds.
func TestNotificationSend(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		ctx := context.Background()
		dev, alice, bob, carol := k.NewUser("dev"), k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
		ap, secret, err := k.App.Core.CreateApp(ctx, core.CreateAppInput{Name: "游戏", RedirectURI: k.URL + "/callback",
			Level: domain.AppLevelAdvanced})
		if err != nil {
			t.Fatal(err)
		}
		app := appToken(t, k, dev, ap.Key, secret)
		appToken(t, k, alice, ap.Key, secret)
		appToken(t, k, carol, ap.Key, secret)
		tpl, err := k.App.Core.CreateNotificationTemplate(ctx, ap.Key, "{objects1}邀请你",
			"{objects1}邀请你玩{objects2}，已有{objects2_count}人加入")
		if err != nil {
			t.Fatal(err)
		}
		tplID := idString(tpl.ID)

		r := app.Post("/2/notification/send.json", reqParams("uids", strings.Join([]string{idString(alice.ID), idString(bob.ID),
			"4503599627370495", idString(carol.ID)}, ","), "tpl_id", tplID, "objects1", "@dev", "objects2", "斗地主", "objects2_count", "42"))
		n := mustDecode[sinaspec.Notification](t, r)
		if n.Notification.Title != "@dev邀请你" || n.Notification.Content != "@dev邀请你玩斗地主，已有42人加入" {
			t.Errorf("rendered %q / %q", n.Notification.Title, n.Notification.Content)
		}
		if n.Notification.NotificationID == 0 || n.Notification.SenderUID != dev.ID || n.Notification.SenderApp.AppKey62 == "" ||
			!strings.Contains(n.Notification.CreatedAt, " +0800 ") {
			t.Errorf("notification %+v", n.Notification)
		}
		if got := strings.Join(n.FailedUID, ","); got != idString(bob.ID)+",4503599627370495" {
			t.Errorf("failed_uid %q, want bob and the unknown uid", got)
		}
		if u := unreadOf(t, alice); u.Notice != 1 {
			t.Errorf("alice's notice counter %d, want 1", u.Notice)
		}
		if u := unreadOf(t, bob); u.Notice != 0 {
			t.Errorf("bob (not a user of the app) has notice %d", u.Notice)
		}
		// GET and the old SDK's object1_count spelling work too.
		mustDecode[sinaspec.Notification](t, app.Get("/2/notification/send.json", reqParams("uids", idString(alice.ID),
			"tpl_id", tplID, "objects1", "x", "object1_count", "7")))
		if u := unreadOf(t, alice); u.Notice != 2 {
			t.Errorf("alice's notice counter %d after two notices", u.Notice)
		}
		// Alice reads them (receive_list): newest first, unread, from the app.
		rl := mustDecode[sinaspec.ReceiveList](t, alice.Get("/2/notification/receive_list.json", nil))
		if rl.TotalNumber != 2 || rl.Unread != 2 || len(rl.Notifications) != 2 || rl.Notifications[0].Content != "x邀请你玩，已有0人加入" ||
			rl.Notifications[1].NotificationID != n.Notification.NotificationID || !rl.Notifications[0].Unread ||
			rl.Notifications[0].Type != "app" || rl.Notifications[0].SenderApp.AppKey62 != n.Notification.SenderApp.AppKey62 ||
			rl.Notifications[0].SenderUID != dev.ID {
			t.Errorf("alice's notices: %+v", rl)
		}
		page2 := mustDecode[sinaspec.ReceiveList](t, alice.Get("/2/notification/receive_list.json", reqParams("count", "1", "page", "2")))
		if len(page2.Notifications) != 1 || page2.Notifications[0].NotificationID != n.Notification.NotificationID {
			t.Errorf("page 2: %+v", page2)
		}
		byApp := mustDecode[sinaspec.ReceiveList](t, alice.Get("/2/notification/receive_list_by_app.json",
			reqParams("appkey62", n.Notification.SenderApp.AppKey62)))
		if byApp.TotalNumber != 2 {
			t.Errorf("by app: %+v", byApp)
		}
		mustFail(t, alice.Client, alice.Get("/2/notification/receive_list_by_app.json", reqParams("appkey62", "zzzzzz")), 400, 10017, "appkey62")
		mustFail(t, alice.Client, alice.Get("/2/notification/receive_list_by_app.json", nil), 400, 10016, "appkey62")
		mustFail(t, alice.Client, alice.Get("/2/notification/receive_list.json", reqParams("count", "x")), 400, 10017, "count")
		// Cleared as documented; the list keeps them, read.
		mustOK(t, alice.Post("/2/remind/set_count.json", reqParams("type", "notice")))
		rl = mustDecode[sinaspec.ReceiveList](t, alice.Get("/2/notification/receive_list.json", nil))
		if rl.TotalNumber != 2 || rl.Unread != 0 || rl.Notifications[0].Unread {
			t.Errorf("after set_count: %+v", rl)
		}
		if u := unreadOf(t, alice); u.Notice != 0 {
			t.Errorf("notice %d after set_count", u.Notice)
		}
		if u := unreadOf(t, carol); u.Notice != 1 {
			t.Errorf("carol's notice %d: clearing alice's moved hers", u.Notice)
		}

		// A long action_url is kept as one of our short links.
		long := "http://example.com/game/invite?from=" + strings.Repeat("x", 40)
		mustDecode[sinaspec.Notification](t, app.Post("/2/notification/send.json", reqParams("uids", idString(carol.ID),
			"tpl_id", tplID, "action_url", long)))
		cl := mustDecode[sinaspec.ReceiveList](t, carol.Get("/2/notification/receive_list.json", reqParams("count", "1")))
		if len(cl.Notifications) != 1 || !strings.HasPrefix(cl.Notifications[0].ActionURL, k.URL+"/t/") {
			t.Fatalf("carol's notice: %+v", cl)
		}
		sl, err := k.App.Core.ExpandShort(ctx, []string{cl.Notifications[0].ActionURL})
		if err != nil || sl[0].Link == nil || sl[0].Link.Long != long {
			t.Errorf("action_url short link: %+v %v", sl, err)
		}

		// Error paths.
		send := func(kv ...string) *testkit.Response {
			return app.Post("/2/notification/send.json", reqParams(append([]string{"tpl_id", tplID}, kv...)...))
		}
		mustFail(t, app, send(), 400, 10016, "uids")
		mustFail(t, app, app.Post("/2/notification/send.json", reqParams("uids", idString(alice.ID))), 400, 10016, "tpl_id")
		mustFail(t, app, send("uids", "1,x"), 400, 10017, "uids")
		many := make([]string, 101)
		for i := range many {
			many[i] = idString(int64(1000 + i))
		}
		mustFail(t, app, send("uids", strings.Join(many, ",")), 400, 20009, "")
		mustFail(t, app, send("uids", idString(alice.ID), "objects1", strings.Repeat("长", 11)), 400, 10017, "objects1")
		mustFail(t, app, send("uids", idString(alice.ID), "objects3_count", "100"), 400, 10017, "objects3_count")
		mustFail(t, app, send("uids", idString(alice.ID), "action_url", "javascript:alert(1)"), 400, 10017, "action_url")
		mustFail(t, app, app.Post("/2/notification/send.json", reqParams("uids", idString(alice.ID), "tpl_id", "4503599627370495")),
			400, 10017, "tpl_id")
		// Another app's template is not this app's to send.
		other, osecret, err := k.App.Core.CreateApp(ctx, core.CreateAppInput{Name: "other", RedirectURI: k.URL + "/callback",
			Level: domain.AppLevelAdvanced})
		if err != nil {
			t.Fatal(err)
		}
		oc := appToken(t, k, dev, other.Key, osecret)
		mustFail(t, oc, oc.Post("/2/notification/send.json", reqParams("uids", idString(alice.ID), "tpl_id", tplID)), 400, 10017, "tpl_id")
		// A template whose approval was withdrawn sends nothing.
		if err := k.App.Core.SetNotificationTemplateEnabled(ctx, tpl.ID, false); err != nil {
			t.Fatal(err)
		}
		mustFail(t, app, send("uids", idString(alice.ID)), 400, 10017, "tpl_id")
		if u := unreadOf(t, alice); u.Notice != 0 {
			t.Errorf("a refused notice moved the counter: %d", u.Notice)
		}
		// An app of the normal level may not call it (10014).
		mustFail(t, dev.Client, dev.Post("/2/notification/send.json", reqParams("uids", idString(alice.ID), "tpl_id", tplID)), 403, 10014, "")
	})
}

// The operator's rotation of an app's secret: the old secret stops working
// at once for the OAuth2 token endpoint; the new one works; tokens issued
// before stay valid.
func TestRotateAppSecret(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	u := k.NewUser("alice")
	ap, old, err := k.App.Core.CreateApp(ctx, core.CreateAppInput{Name: "rotating", RedirectURI: k.URL + "/callback"})
	if err != nil {
		t.Fatal(err)
	}
	before := appToken(t, k, u, ap.Key, old) // warms the app caches too
	_, fresh, err := k.App.Core.RotateAppSecret(ctx, ap.Key)
	if err != nil || fresh == old || fresh == "" {
		t.Fatalf("rotate: %q %v", fresh, err)
	}
	c := k.Anonymous()
	grant := func(secret string) *testkit.Response {
		return c.Post("/oauth2/access_token", reqParams("client_id", ap.Key, "client_secret", secret,
			"grant_type", "password", "username", u.ScreenName, "password", u.Password))
	}
	mustFail(t, c, grant(old), 401, 21324, "")
	appToken(t, k, u, ap.Key, fresh)
	mustOK(t, before.Get("/2/account/get_uid.json", nil))
	if _, _, err := k.App.Core.RotateAppSecret(ctx, "no-such-app"); !domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("rotate an unknown app: %v", err)
	}
}

// account/profile/school_list over the embedded list, with its filters.
func TestSchoolList(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("alice")
	get := func(kv ...string) []sinaspec.School {
		t.Helper()
		return mustDecode[[]sinaspec.School](t, u.Get("/2/account/profile/school_list.json", reqParams(kv...)))
	}
	// Defaults: universities whose name starts with A, 10 at most.
	def := get()
	if len(def) == 0 || len(def) > 10 {
		t.Fatalf("default list: %d schools", len(def))
	}
	for _, s := range def {
		if !strings.HasPrefix(strings.ToUpper(s.Name), "A") && !strings.HasPrefix(s.Name, "安") && !strings.HasPrefix(s.Name, "澳") {
			t.Errorf("default capital A gave %q", s.Name)
		}
	}
	// Beijing universities (province 11) by keyword, any case.
	bj := get("province", "11", "keyword", "大学", "count", "50")
	if len(bj) == 0 {
		t.Fatal("no Beijing university")
	}
	for _, s := range bj {
		if !strings.Contains(s.Name, "大学") {
			t.Errorf("keyword 大学 gave %q", s.Name)
		}
	}
	// A Chinese name is filed under the initial of its pinyin.
	if l := get("province", "11", "capital", "B", "count", "50"); len(l) != 8 {
		t.Errorf("capital B in Beijing: %d schools, want the 8 北京… of the list", len(l))
	}
	hk := get("province", "81", "capital", "c", "count", "50")
	if len(hk) == 0 {
		t.Fatal("no Hong Kong university filed under C")
	}
	for _, s := range hk {
		if !strings.HasPrefix(strings.ToUpper(s.Name), "C") {
			t.Errorf("capital C gave %q", s.Name)
		}
	}
	if n := len(get("keyword", "university", "count", "3")); n != 3 {
		t.Errorf("count 3 gave %d", n)
	}
	// Senior high schools are another type.
	for _, s := range get("type", "2", "province", "81", "count", "50", "keyword", "school") {
		for _, b := range bj {
			if s.ID == b.ID {
				t.Errorf("%q is both a university and a senior high", s.Name)
			}
		}
	}
	// The list records no city: a query narrowed to a city finds none.
	if l := get("province", "11", "city", "1"); len(l) != 0 {
		t.Errorf("a city filter gave %v", l)
	}
	for _, c := range []struct{ k, v, param string }{
		{"type", "6", "type"}, {"type", "x", "type"}, {"province", "99", "province"}, {"capital", "AB", "capital"},
		{"capital", "1", "capital"}, {"city", "1", "province"}, {"area", "1", "city"}, {"count", "-1", "count"},
	} {
		mustFail(t, u.Client, u.Get("/2/account/profile/school_list.json", url.Values{c.k: {c.v}}), 400, 10017, c.param)
	}
	mustFail(t, u.Client, u.Get("/2/account/profile/school_list.json", reqParams("province", "11", "city", "999")), 400, 10017, "city")
}

// Every counter of remind/unread_count either moves with its event
// (TestAccountRemindSetCount, TestNotificationSend) or is one the core
// documents as always 0, for a capability this server does not have: those
// stay 0 whatever happens, friend-group activity included (friend groups
// are not 微群).
func TestRemindAlwaysZeroCounters(t *testing.T) {
	want := []string{"group", "private_group", "invite", "badge", "photo", "msgbox"}
	if got := core.AlwaysZeroCounters(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("always-zero counters %v, want %v", got, want)
	}
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	for _, p := range [][2]*testkit.User{{alice, bob}, {bob, alice}} {
		p[0].Must(p[0].Post("/2/friendships/create.json", reqParams("uid", idString(p[1].ID))), nil)
	}
	g := gPost[specGroup](t, bob, "create", "name", "家人")
	bob.Must(bob.Post("/2/friendships/groups/members/add.json", reqParams("list_id", g.IDStr, "uid", idString(alice.ID))), nil)
	bob.Must(bob.Post("/2/statuses/update.json", reqParams("status", "只给家人 @alice", "visible", "3", "list_id", g.IDStr)), nil)
	k.Drain()
	u := unreadOf(t, alice)
	if u.Group != 0 || u.PrivateGroup != 0 || u.Invite != 0 || u.Badge != 0 || u.Photo != 0 || u.Msgbox != 0 {
		t.Errorf("an always-zero counter moved: %+v", u)
	}
	if u.Follower != 1 || u.MentionStatus != 1 {
		t.Errorf("the real counters did not move: %+v", u)
	}
}
