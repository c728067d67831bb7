package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/testkit"
)

func TestSignUpPostSignOut(t *testing.T) {
	k := testkit.Start(t)
	b := newBrowser(t, k)

	p := b.get("/")
	wantStatus(t, p, 200)
	wantContains(t, p, `action="/login"`, `name="userId"`, `name="passwd"`, `href="/signup"`)
	csp := p.header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	if p.header.Get("X-Frame-Options") != "DENY" || p.header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers: %v", p.header)
	}

	b.get("/signup")
	// A form without its token is refused and creates nothing.
	wantStatus(t, b.post("/signup", url.Values{"screen_name": {"alice"}, "password": {"secret-alice"}, "csrf_token": {""}}), 403)
	wantStatus(t, b.post("/signup", url.Values{"screen_name": {"alice"}, "password": {"secret-alice"}, "csrf_token": {"x" + b.csrf}}), 403)
	p = b.post("/signup", url.Values{"screen_name": {"alice"}, "password": {"secret-alice"}, "email": {"a@example.com"}})
	wantStatus(t, p, 303)
	var session *http.Cookie
	for _, c := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "weibo_session=") {
			session, _ = http.ParseSetCookie(c)
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure {
		t.Fatalf("session cookie %+v", session)
	}

	p = b.get("/")
	wantStatus(t, p, 200)
	wantContains(t, p, `<textarea id="status" name="status"`, `>alice</a>`, `action="/logout"`)

	wantStatus(t, b.post("/compose", url.Values{"status": {"第一条微博 #你好#"}}), 303)
	p = b.get("/")
	wantContains(t, p, "第一条微博", `<a class="topic" href="/search?q=%23%E4%BD%A0%E5%A5%BD%23">#你好#</a>`)

	// Signing out needs the token too, and ends the session on the server.
	wantStatus(t, b.post("/logout", url.Values{"csrf_token": {"wrong"}}), 403)
	wantStatus(t, b.post("/logout", nil), 303)
	replay := newBrowser(t, k)
	replay.http.Jar.SetCookies(mustURL(t, k.URL), []*http.Cookie{{Name: "weibo_session", Value: session.Value}})
	p = replay.get("/")
	wantContains(t, p, `action="/login"`)
	wantLacks(t, p, `name="status"`)
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSignUpErrors(t *testing.T) {
	k := testkit.Start(t)
	k.NewUser("taken")
	b := newBrowser(t, k)
	b.get("/signup")
	for _, tc := range []struct {
		name, pw, email, want string
	}{
		{"taken", "secret-x", "", "这个昵称或邮箱已被使用。"},
		{"12345", "secret-x", "", "昵称只能使用"},
		{"bad<name>", "secret-x", "", "昵称只能使用"},
		{"fine_name", "short", "", "密码需要6到256个字符。"},
		{"fine_name", "secret-x", "nope", "邮箱地址不正确。"},
	} {
		p := b.post("/signup", url.Values{"screen_name": {tc.name}, "password": {tc.pw}, "email": {tc.email}})
		wantStatus(t, p, 422)
		wantContains(t, p, tc.want, `value="`+strings.ReplaceAll(strings.ReplaceAll(tc.name, "<", "&lt;"), ">", "&gt;")+`"`)
		wantLacks(t, p, tc.pw+`"`)
	}
}

func TestLogin(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("bob")
	b := newBrowser(t, k)
	p := b.get("/login?next=/u/1")
	wantContains(t, p, `name="next" value="/u/1"`)

	p = b.post("/login", url.Values{"userId": {"bob"}, "passwd": {"wrong-password"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "帐号或密码错误。", `value="bob"`)

	// A next address on another site is not followed.
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		b2 := newBrowser(t, k)
		b2.get("/login")
		p = b2.post("/login", url.Values{"userId": {"bob"}, "passwd": {u.Password}, "next": {next}})
		wantStatus(t, p, 303)
		if p.location() != "/" {
			t.Errorf("next %q: sent to %q", next, p.location())
		}
	}
	p = b.post("/login", url.Values{"userId": {"bob"}, "passwd": {u.Password}, "next": {"/u/" + strconv.FormatInt(u.ID, 10) + "?x=1"}})
	wantStatus(t, p, 303)
	if want := "/u/" + strconv.FormatInt(u.ID, 10) + "?x=1"; p.location() != want {
		t.Fatalf("sent to %q, want %q", p.location(), want)
	}
	wantContains(t, b.get("/"), `name="status"`)

	// A page that needs a person sends a visitor to sign in, and back.
	anon := newBrowser(t, k)
	p = anon.post("/compose", url.Values{"status": {"hi"}})
	wantStatus(t, p, 403) // no form token yet: the form never came from here
	anon.get("/login")
	wantStatus(t, anon.post("/compose", url.Values{"status": {"hi"}}), 401)
}

func TestLoginRateLimited(t *testing.T) {
	limits := testkitLimits()
	k := testkit.Start(t, testkit.Options{Limits: &limits})
	k.NewUser("carol")
	b := newBrowser(t, k)
	b.get("/login")
	var p *page
	for i := 0; i < 3; i++ {
		p = b.post("/login", url.Values{"userId": {"carol"}, "passwd": {"nope-nope"}})
	}
	wantStatus(t, p, 429)
	wantContains(t, p, "登录尝试过多")
	if p.header.Get("Retry-After") == "" {
		t.Errorf("no Retry-After")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "dave")
	b.header.Set("Origin", "https://evil.example")
	wantStatus(t, b.post("/compose", url.Values{"status": {"from elsewhere"}}), 403)
	b.header.Set("Origin", k.URL)
	wantStatus(t, b.post("/compose", url.Values{"status": {"from here"}}), 303)
	// Another session's token is not this one's.
	other := signUp(t, k, "erin")
	b.header.Del("Origin")
	wantStatus(t, b.post("/compose", url.Values{"status": {"x"}, "csrf_token": {other.csrf}}), 403)
}

func TestComposeErrorsKeepTheText(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "frank")
	long := strings.Repeat("长", 141)
	p := b.post("/compose", url.Values{"status": {long}})
	wantStatus(t, p, 400)
	wantContains(t, p, "内容超过140字。", ">"+long+"</textarea>")
	p = b.post("/compose", url.Values{"status": {"  \u200b "}})
	wantStatus(t, p, 400)
	wantContains(t, p, "内容不能为空。")
	// 140 wide characters, or 280 narrow ones, are allowed; a link costs 10.
	wantStatus(t, b.post("/compose", url.Values{"status": {strings.Repeat("字", 140)}}), 303)
	p = b.post("/compose", url.Values{"status": {strings.Repeat("字", 140)}})
	wantStatus(t, p, 409)
	wantContains(t, p, "不要发布重复的内容。")
	wantStatus(t, b.post("/compose", url.Values{"status": {strings.Repeat("a", 259) + " http://example.com/" + strings.Repeat("x", 100)}}), 303)

	// The counter asks the server, which counts by the same rule.
	for in, want := range map[string]int{"": 0, "ab": 1, "字": 1, "看 http://example.com/" + strings.Repeat("x", 100): 12} {
		p = b.post("/count", url.Values{"status": {in}})
		wantStatus(t, p, 200)
		var got struct{ Count, Max int }
		if err := json.Unmarshal([]byte(p.body), &got); err != nil || got.Count != want || got.Max != 140 {
			t.Errorf("count(%q) = %s, want %d", in, p.body, want)
		}
	}
	wantStatus(t, b.post("/count", url.Values{"status": {"x"}, "csrf_token": {"no"}}), 403)
}

func TestUserTextIsEscaped(t *testing.T) {
	k := testkit.Start(t)
	k.NewUser("grace")
	b := signUp(t, k, "heidi")
	evil := `<script>alert(1)</script> "quoted" @grace #<b>话题</b># http://example.com/?a=1&b="x"><img src=x onerror=alert(2)>`
	wantStatus(t, b.post("/compose", url.Values{"status": {evil}}), 303)
	p := b.get("/")
	wantLacks(t, p, "<script>alert", "<b>话题", `onerror=alert(2)>`, `"x">`)
	wantContains(t, p, "&lt;script&gt;alert(1)&lt;/script&gt;", `<a class="at" href="/n/grace">@grace</a>`,
		// The link (up to the quote, which ends it) is kept as a short link.
		`<a class="link" rel="nofollow noopener noreferrer ugc" target="_blank" href="`+k.URL+`/t/`)
	// The @name leads to the person's page.
	p = b.get("/n/grace")
	wantStatus(t, p, 302)
	if !strings.HasPrefix(p.location(), "/u/") {
		t.Fatalf("mention goes to %q", p.location())
	}
	wantStatus(t, b.get("/n/nobody-here"), 404)
}

func TestStatusPageFromStatusesGo(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	bob := k.NewUser("bob")
	st := postID(t, alice.Post("/2/statuses/update.json", url.Values{"status": {"看这里 @bob"}}))
	postID(t, bob.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(st)}, "comment": {"好的 <i>嗯</i>"}}))
	k.Drain()

	r := alice.Get("/2/statuses/go.json", url.Values{"uid": {fmt.Sprint(alice.ID)}, "id": {fmt.Sprint(st)}})
	loc := r.Header.Get("Location")
	if r.Status/100 != 3 || !strings.HasPrefix(loc, k.URL+"/") {
		t.Fatalf("statuses/go: %d %q", r.Status, loc)
	}
	b := newBrowser(t, k)
	p := b.get(strings.TrimPrefix(loc, k.URL))
	wantStatus(t, p, 200)
	wantContains(t, p, "看这里", `id="comments"`, "好的 &lt;i&gt;嗯&lt;/i&gt;", `>bob</a>`)

	mid := ids.EncodeMid(st)
	wantStatus(t, b.get(fmt.Sprintf("/%d/%s", bob.ID, mid)), 404)    // not bob's
	wantStatus(t, b.get(fmt.Sprintf("/%d/%s", alice.ID, "!!")), 404) // not a mid
	wantStatus(t, b.get(fmt.Sprintf("/%d/%s", alice.ID, "zz")), 404) // no such status
	wantStatus(t, b.get(fmt.Sprintf("/x%d/%s", alice.ID, mid)), 404) // not a uid
	wantStatus(t, b.get("/no/such/page"), 404)                       // nothing there
	wantStatus(t, b.get("/nobody-has-this-domain"), 404)             // no such domain
	req, _ := http.NewRequest(http.MethodDelete, k.URL+fmt.Sprintf("/%d/%s", alice.ID, mid), nil)
	p = b.do(req)
	wantStatus(t, p, 405)
	// The API's own addresses still answer as the API.
	r = alice.Get("/2/no/such/api.json", nil)
	if r.Status != 400 && r.Status != 404 || !strings.Contains(string(r.Body), "error_code") {
		t.Fatalf("unknown API: %d %s", r.Status, r.Body)
	}
}

func TestProfileAndPaging(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "ivan")
	for i := range 21 {
		wantStatus(t, b.post("/compose", url.Values{"status": {fmt.Sprintf("第%d条", i)}}), 303)
	}
	k.Drain()
	p := b.get("/")
	wantContains(t, p, "第20条", "第1条", `rel="next"`)
	wantLacks(t, p, "第0条")
	older := p.body[strings.Index(p.body, `<p class="older"><a href="`)+len(`<p class="older"><a href="`):]
	older = older[:strings.Index(older, `"`)]
	p = b.get(strings.ReplaceAll(older, "&amp;", "&"))
	wantContains(t, p, "第0条")
	wantLacks(t, p, "第1条<", `rel="next"`)
	wantStatus(t, b.get("/?max_id=abc"), 400)

	me := strings.TrimPrefix(strings.Split(strings.Split(p.body, `class="me" href="`)[1], `"`)[0], "/u/")
	anon := newBrowser(t, k)
	p = anon.get("/u/" + me)
	wantStatus(t, p, 200)
	wantContains(t, p, "<h1>ivan</h1>", "第20条", `rel="next"`)
	wantStatus(t, anon.get("/u/99999"), 404)
	wantStatus(t, anon.get("/u/abc"), 404)
}

func TestWeiboDates(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "judy")
	wantStatus(t, b.post("/compose", url.Values{"status": {"时间"}}), 303)
	wantContains(t, b.get("/"), ">刚刚</time>")
	k.Clock.Advance(5*time.Minute + time.Second)
	wantContains(t, b.get("/"), ">5分钟前</time>")
	b.header.Set("Accept-Language", "en-US,en;q=0.9,zh;q=0.5")
	p := b.get("/")
	wantContains(t, p, ">5 min ago</time>", `<html lang="en">`, ">Post</button>")
}

func TestLanguageSwitch(t *testing.T) {
	k := testkit.Start(t)
	b := newBrowser(t, k)
	p := b.get("/")
	wantContains(t, p, `<html lang="zh-CN">`, `href="/lang?next=%2F&amp;to=en"`)
	p = b.get("/lang?to=en&next=/signup")
	wantStatus(t, p, 303)
	if p.location() != "/signup" {
		t.Fatalf("switch goes to %q", p.location())
	}
	wantContains(t, b.get("/signup"), `<html lang="en">`, "Sign up")
	if p = b.get("/lang?to=zh&next=https://evil.example/"); p.location() != "/" {
		t.Fatalf("switch goes to %q", p.location())
	}
	wantContains(t, b.get("/signup"), `<html lang="zh-CN">`)
}

func TestStaticFiles(t *testing.T) {
	k := testkit.Start(t)
	b := newBrowser(t, k)
	p := b.get("/static/site.css")
	wantStatus(t, p, 200)
	if !strings.HasPrefix(p.header.Get("Content-Type"), "text/css") {
		t.Errorf("content type %q", p.header.Get("Content-Type"))
	}
	wantStatus(t, b.get("/static/site.js"), 200)
	wantStatus(t, b.get("/static/"), 404)
	wantStatus(t, b.get("/static/nope.js"), 404)
}

// postID is the id of what an API call created.
func postID(t *testing.T, r *testkit.Response) int64 {
	t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(r.Body, &v); r.Status != 200 || err != nil || v.ID == 0 {
		t.Fatalf("API call: %d %s", r.Status, r.Body)
	}
	return v.ID
}
