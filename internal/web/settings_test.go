package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

func TestSettingsProfileAndAvatar(t *testing.T) {
	k := testkit.Start(t)
	k.NewUser("taken")
	b := signUp(t, k, "sam")
	profile, _ := b.me()
	p := b.get("/settings")
	wantStatus(t, p, 200)
	wantContains(t, p, `name="screen_name" value="sam"`, `value="n" checked`)

	p = b.post("/settings/profile", url.Values{"screen_name": {"Sam2"}, "description": {"写 <Go> 的"}, "location": {"上海"}, "gender": {"f"}})
	wantStatus(t, p, 303)
	if p.location() != "/settings?saved=profile" {
		t.Fatalf("saved to %q", p.location())
	}
	p = b.get(profile)
	wantContains(t, p, "<h1>Sam2</h1>", "写 &lt;Go&gt; 的", "上海")
	wantContains(t, b.get("/settings?saved=profile"), "已保存。", `value="f" checked`)
	// The new name signs in; @mentions of it link to the person.
	b2 := newBrowser(t, k)
	b2.get("/login")
	wantStatus(t, b2.post("/login", url.Values{"userId": {"sam2"}, "passwd": {"secret-sam"}}), 303)
	if loc := b.get("/n/Sam2").location(); loc != profile {
		t.Fatalf("/n/Sam2 goes to %q", loc)
	}

	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"screen_name": {"TAKEN"}, "gender": {"m"}}, "这个昵称已被使用。"},
		{url.Values{"screen_name": {"123"}, "gender": {"m"}}, "昵称只能使用"},
		{url.Values{"screen_name": {"Sam2"}, "description": {strings.Repeat("长", 71)}, "gender": {"m"}}, "简介最多70个字。"},
		{url.Values{"screen_name": {"Sam2"}, "location": {strings.Repeat("长", 31)}, "gender": {"m"}}, "所在地最多30个字。"},
		{url.Values{"screen_name": {"Sam2"}, "gender": {"x"}}, "m, f or n"},
	} {
		p = b.post("/settings/profile", tc.form)
		wantStatus(t, p, 422)
		wantContains(t, p, tc.want)
	}
	wantContains(t, b.get(profile), "<h1>Sam2</h1>")

	before := regexpAvatar(b.get("/settings").body)
	wantStatus(t, b.postMultipartAs("/settings/avatar", "avatar", url.Values{}, "me.png", pngBytes(t)), 303)
	if after := regexpAvatar(b.get("/settings").body); after == before {
		t.Fatalf("avatar unchanged: %s", after)
	}
	p = b.postMultipartAs("/settings/avatar", "avatar", url.Values{}, "me.png", []byte("not a picture"))
	wantStatus(t, p, 422)
	wantContains(t, p, "请选择一张")
	wantStatus(t, b.post("/settings/avatar", nil), 422)

	anon := newBrowser(t, k)
	if p := anon.get("/settings"); p.status != http.StatusSeeOther {
		t.Fatalf("signed out: %d", p.status)
	}
	wantStatus(t, b.post("/settings/profile", url.Values{"screen_name": {"x"}, "csrf_token": {"no"}}), 403)
}

func regexpAvatar(body string) string {
	i := strings.Index(body, `class="avatar-large" src="`)
	if i < 0 {
		return ""
	}
	s := body[i+len(`class="avatar-large" src="`):]
	return s[:strings.Index(s, `"`)]
}

func TestSettingsPasswordAndSessions(t *testing.T) {
	k := testkit.Start(t)
	here := signUp(t, k, "pat")
	there := newBrowser(t, k)
	there.get("/login")
	wantStatus(t, there.post("/login", url.Values{"userId": {"pat"}, "passwd": {"secret-pat"}}), 303)
	wantContains(t, there.get("/"), `name="status"`)

	here.get("/settings")
	p := here.post("/settings/password", url.Values{"current": {"wrong-one"}, "password": {"new-secret"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "当前密码不正确。")
	p = here.post("/settings/password", url.Values{"current": {"secret-pat"}, "password": {"short"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "密码需要6到256个字符。")
	wantStatus(t, here.post("/settings/password", url.Values{"current": {"secret-pat"}, "password": {"new-secret"}}), 303)
	// This browser stays signed in; the other is signed out.
	wantContains(t, here.get("/"), `name="status"`)
	wantLacks(t, there.get("/"), `name="status"`)
	// The old password no longer signs in; the new one does.
	there.get("/login")
	wantStatus(t, there.post("/login", url.Values{"userId": {"pat"}, "passwd": {"secret-pat"}}), 422)
	wantStatus(t, there.post("/login", url.Values{"userId": {"pat"}, "passwd": {"new-secret"}}), 303)
	there.get("/")

	// Sign out everywhere: both browsers.
	here.get("/settings")
	wantStatus(t, here.post("/settings/signout-all", nil), 303)
	wantLacks(t, here.get("/"), `name="status"`)
	wantLacks(t, there.get("/"), `name="status"`)
}

func TestSettingsPrivacyAndApps(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "dev")
	b.get("/settings")
	wantStatus(t, b.post("/settings/privacy", url.Values{"comment": {"1"}, "message": {"2"}, "find_by_email": {"1"}}), 303)
	p := b.get("/settings?saved=privacy")
	wantContains(t, p, "已保存。", `<option value="1" selected>我关注的人</option>`, `<option value="2" selected>我关注的人和认证用户</option>`,
		`name="find_by_email" value="1" checked`)
	wantLacks(t, p, `name="geo" value="1" checked`)
	p = b.post("/settings/privacy", url.Values{"comment": {"7"}, "message": {"0"}})
	wantStatus(t, p, 422)

	p = b.post("/settings/apps", url.Values{"name": {"我的应用"}, "redirect_uri": {k.URL + "/cb"}})
	wantStatus(t, p, 200)
	key := between(p.body, `<code class="app-key">`, `</code>`)
	secret := between(p.body, `<code class="app-secret">`, `</code>`)
	if key == "" || secret == "" {
		t.Fatalf("no key or secret:\n%s", p.body)
	}
	// The app works: its consent page opens.
	r := k.Anonymous().Get("/oauth2/authorize", url.Values{"client_id": {key}, "redirect_uri": {k.URL + "/cb"}, "response_type": {"code"}})
	if r.Status != 200 || !strings.Contains(string(r.Body), "我的应用") {
		t.Fatalf("authorize with the new app: %d", r.Status)
	}
	// The secret is shown once: not on the settings page again.
	wantLacks(t, b.get("/settings"), secret)
	wantContains(t, b.post("/settings/apps", url.Values{"name": {"x"}, "redirect_uri": {"not a url"}}), "回调地址需要是完整的网址")
	wantContains(t, b.post("/settings/apps", url.Values{"name": {""}, "redirect_uri": {k.URL}}), "应用名称需要1到50个字符。")
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	return s[:strings.Index(s, b)]
}
