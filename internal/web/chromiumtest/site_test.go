package chromiumtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/weibo-server/weibo/internal/testkit"
)

// waitFor polls a JavaScript condition until it holds (navigations in
// between are fine), failing the test after a while.
func (p *person) waitFor(what, js string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		err := chromedp.Run(p.ctx, chromedp.Evaluate(js, &ok))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var loc string
			_ = chromedp.Run(p.ctx, chromedp.Location(&loc))
			var text string
			_ = chromedp.Run(p.ctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &text))
			p.t.Fatalf("%s: waited in vain for %s (at %s; last error %v); the page says:\n%s", p.name, what, loc, err, text)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// pageHas is a condition: the main part of the page shows s.
func pageHas(s string) string {
	return `(document.querySelector("main") || {innerText: ""}).innerText.includes(` + jsString(s) + `)`
}

func (p *person) open(base, path string) {
	p.t.Helper()
	p.run("open "+path, chromedp.Navigate(base+path), chromedp.WaitReady("body", chromedp.ByQuery))
}

// signUp fills in the sign-up form and waits for the home page.
func (p *person) signUp(base, name string) {
	p.t.Helper()
	p.open(base, "/signup")
	p.run("sign up",
		chromedp.SendKeys("#screen_name", name, chromedp.ByQuery),
		chromedp.SendKeys("#password", "secret-"+name, chromedp.ByQuery),
		chromedp.Click("form.card button[type=submit]", chromedp.ByQuery),
	)
	p.waitFor("the home page", `!!document.querySelector("textarea[name=status]")`)
}

// post types a status into the home page's box and sends it.
func (p *person) post(base, text string) {
	p.t.Helper()
	p.open(base, "/")
	p.run("post",
		chromedp.SendKeys("#status", text, chromedp.ByQuery),
		chromedp.Click(".compose button[type=submit]", chromedp.ByQuery),
	)
	p.waitFor("the post on the home page", `location.pathname === "/" && `+pageHas(text))
}

// TestPeopleFollowCommentAndSeeBadges: sign up, post, a second person
// follows, sees the post arrive live on their open home page, comments; the
// first sees the unread badge appear on their open page, and the comment,
// and the badge clears.
func TestPeopleFollowCommentAndSeeBadges(t *testing.T) {
	k := testkit.Start(t) // first: the people's browsers close before the server does
	alice, bob := newPerson(t, "alice"), newPerson(t, "bob")
	alice.signUp(k.URL, "alice")
	alice.post(k.URL, "你好，世界 #第一条#")

	bob.signUp(k.URL, "bob")
	bob.open(k.URL, "/n/alice")
	bob.run("follow", chromedp.Click("form.follow button", chromedp.ByQuery))
	bob.waitFor("the unfollow button", `!!document.querySelector("form.follow button.following")`)

	// bob's home page is open while alice posts: it learns of the post.
	bob.open(k.URL, "/")
	bob.waitFor("the event stream", `document.querySelector("#new-posts").hidden === true`)
	alice.post(k.URL, "第二条给关注者看")
	bob.waitFor("the new-posts bar", `!document.querySelector("#new-posts").hidden && document.querySelector("#new-posts").innerText.includes("有 1 条新微博")`)
	bob.run("show the new posts", chromedp.Click("#new-posts a", chromedp.ByQuery))
	bob.waitFor("alice's post on bob's home", pageHas("第二条给关注者看")+` && document.querySelector("#new-posts").hidden`)

	// alice's page is open while bob comments: the badge appears on it.
	alice.open(k.URL, "/")
	alice.waitFor("the page", `!!document.querySelector("a.nav-cmt")`)
	bob.run("open the post", chromedp.Click(".timeline article .meta a.when", chromedp.ByQuery))
	bob.waitFor("the comment form", `!!document.querySelector("#comment-text")`)
	bob.run("comment",
		chromedp.SendKeys("#comment-text", "沙发！", chromedp.ByQuery),
		chromedp.Click("#comment button[type=submit]", chromedp.ByQuery),
	)
	bob.waitFor("the comment on the page", `!!document.querySelector(".comment") && `+pageHas("沙发！"))
	alice.waitFor("the comments badge, live", `location.pathname === "/" && (document.querySelector("#badge-cmt") || {}).textContent === "1"`)
	alice.run("open the comments", chromedp.Click("a.nav-cmt", chromedp.ByQuery))
	alice.waitFor("bob's comment", `location.pathname === "/comments" && `+pageHas("沙发！"))
	if alice.exists("#badge-cmt") {
		t.Fatal("the badge stayed after the comments were read")
	}
}

func (p *person) exists(sel string) bool {
	p.t.Helper()
	var ok bool
	p.eval(`!!document.querySelector(`+jsString(sel)+`)`, &ok)
	return ok
}

// TestScriptInTextRunsNothing: markup in a status and in a screen name is
// shown as text; nothing of it runs.
func TestScriptInTextRunsNothing(t *testing.T) {
	k := testkit.Start(t)
	eve := newPerson(t, "eve")
	evilName := `<svg onload=pwned=1>` // the field takes 30 characters
	eve.open(k.URL, "/signup")
	eve.run("sign up with markup in the name",
		chromedp.SendKeys("#screen_name", evilName, chromedp.ByQuery),
		chromedp.SendKeys("#password", "secret-eve", chromedp.ByQuery),
		chromedp.Click("form.card button[type=submit]", chromedp.ByQuery),
	)
	eve.waitFor("the refusal", `!!document.querySelector(".err")`)
	var v string
	eve.run("read the name field", chromedp.Value("#screen_name", &v, chromedp.ByQuery))
	if v != evilName {
		t.Errorf("the name field holds %q", v)
	}
	eve.signUp(k.URL, "eve")
	evil := `<script>window.pwned=2</script><img src=x onerror="window.pwned=3"> @eve #<b>x</b>#`
	eve.post(k.URL, evil)
	var shown string
	eve.run("read the post", chromedp.Text(".timeline article .text", &shown, chromedp.ByQuery))
	if shown != evil {
		t.Errorf("the post shows %q, want the text as typed", shown)
	}
	var pwned any
	eve.eval(`window.pwned === undefined ? null : window.pwned`, &pwned)
	var imgs int
	eve.eval(`document.querySelectorAll("main .text img, main .text script, main .text b").length`, &imgs)
	if pwned != nil || imgs != 0 {
		t.Fatalf("markup ran: pwned=%v, %d elements made from the text", pwned, imgs)
	}
}

// TestFormWithoutTokenRefused: a form whose CSRF token is gone is refused
// and posts nothing.
func TestFormWithoutTokenRefused(t *testing.T) {
	k := testkit.Start(t)
	mallory := newPerson(t, "mallory")
	mallory.signUp(k.URL, "mallory")
	mallory.run("type a post", chromedp.SendKeys("#status", "不该发出去", chromedp.ByQuery))
	var removed bool
	mallory.eval(`(() => { const i = document.querySelector(".compose input[name=csrf_token]"); i.remove(); return true })()`, &removed)
	mallory.run("send", chromedp.Click(".compose button[type=submit]", chromedp.ByQuery))
	mallory.waitFor("the refusal", `location.pathname === "/compose" && `+pageHas("页面已过期"))
	mallory.open(k.URL, "/")
	if mallory.exists(".timeline article") {
		t.Fatal("the form without its token posted")
	}
}

// TestComposeCounter: the counter follows the server's count and stops a
// post that is too long.
func TestComposeCounter(t *testing.T) {
	k := testkit.Start(t)
	ann := newPerson(t, "ann")
	ann.signUp(k.URL, "ann")
	set := func(text string) {
		var ok bool
		ann.eval(`(() => { const b = document.querySelector("#status"); b.value = `+jsString(text)+
			`; b.dispatchEvent(new Event("input")); return true })()`, &ok)
	}
	set(strings.Repeat("字", 141))
	ann.waitFor("the over-length count", `document.querySelector("#counter").textContent === "已超出 1 字" && document.querySelector(".compose button[type=submit]").disabled`)
	set("看 http://example.com/" + strings.Repeat("x", 100))
	ann.waitFor("a link counted as 10", `document.querySelector("#counter").textContent === "还可以输入 128 字" && !document.querySelector(".compose button[type=submit]").disabled`)
}

// TestOAuthConsentInTheBrowser: a person signed in on the site approves an
// app with one click; the app gets a code it exchanges for a token.
func TestOAuthConsentInTheBrowser(t *testing.T) {
	k := testkit.Start(t)
	pat := newPerson(t, "pat")
	pat.signUp(k.URL, "pat")
	q := url.Values{"client_id": {k.AppKey()}, "redirect_uri": {k.URL + "/callback"}, "response_type": {"code"},
		"state": {"s1"}, "scope": {"all"}}
	pat.open(k.URL, "/oauth2/authorize?"+q.Encode())
	pat.waitFor("the consent page", `!!document.querySelector("p.signed-in") && document.querySelector("p.signed-in").innerText.includes("pat")`)
	pat.run("approve", chromedp.Click(`button[value=authorize]`, chromedp.ByQuery))
	pat.waitFor("the callback", `location.pathname === "/callback"`)
	cb, err := url.Parse(pat.location())
	if err != nil || cb.Query().Get("state") != "s1" || cb.Query().Get("code") == "" {
		t.Fatalf("callback %q", pat.location())
	}
	c := k.Anonymous()
	r := c.Post("/oauth2/access_token", url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()},
		"grant_type": {"authorization_code"}, "code": {cb.Query().Get("code")}, "redirect_uri": {k.URL + "/callback"}})
	if r.Status != 200 || !strings.Contains(string(r.Body), "access_token") {
		t.Fatalf("exchange: %d %s", r.Status, r.Body)
	}
}

// TestStatusesGoOpensTheStatusPage: the API's statuses/go link lands on the
// status's page in the browser.
func TestStatusesGoOpensTheStatusPage(t *testing.T) {
	k := testkit.Start(t)
	viewer := newPerson(t, "viewer")
	carl := k.NewUser("carl")
	r := carl.Post("/2/statuses/update.json", url.Values{"status": {"从API发的 #测试#"}})
	var st struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(r.Body, &st); err != nil || st.ID == 0 {
		t.Fatalf("post: %d %s", r.Status, r.Body)
	}
	viewer.open(k.URL, "/2/statuses/go.json?"+url.Values{"uid": {fmt.Sprint(carl.ID)}, "id": {fmt.Sprint(st.ID)},
		"access_token": {carl.Token}}.Encode())
	viewer.waitFor("the status page", pageHas("从API发的")+` && !!document.querySelector("#comments")`)
	if loc := viewer.location(); !strings.HasPrefix(loc, k.URL+"/"+fmt.Sprint(carl.ID)+"/") {
		t.Fatalf("statuses/go led to %q", loc)
	}
}

// TestHomeScreenshot draws the home page for the README
// (WEIBO_DOCS_SCREENSHOT=docs/web-home.png go test -run HomeScreenshot).
func TestHomeScreenshot(t *testing.T) {
	out := os.Getenv("WEIBO_DOCS_SCREENSHOT")
	if out == "" {
		t.Skip("set WEIBO_DOCS_SCREENSHOT to the file to write")
	}
	k := testkit.Start(t)
	lin := k.NewUser("林小北")
	for _, s := range []string{"周末去爬了香山，红叶正好 #北京秋天# http://t.cn/A6ZxYhQk", "新开的咖啡馆不错，推荐给 @小明 ☕"} {
		lin.Post("/2/statuses/update.json", url.Values{"status": {s}})
	}
	me := newPerson(t, "me")
	me.signUp(k.URL, "小明")
	me.open(k.URL, "/n/林小北")
	me.run("follow", chromedp.Click("form.follow button", chromedp.ByQuery))
	me.waitFor("following", `!!document.querySelector("form.follow button.following")`)
	me.post(k.URL, "你好，微博！第一次用这个网站 #新人报到#")
	k.Drain()
	me.open(k.URL, "/")
	me.waitFor("the counter", `document.querySelector("#counter").textContent !== ""`)
	var png []byte
	me.run("screenshot", chromedp.EmulateViewport(900, 700), chromedp.FullScreenshot(&png, 100))
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
