package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/testkit"
)

// signIn signs a testkit user in through the form.
func signIn(t *testing.T, k *testkit.Kit, u *testkit.User) *browser {
	t.Helper()
	b := newBrowser(t, k)
	b.get("/login")
	wantStatus(t, b.post("/login", url.Values{"userId": {u.ScreenName}, "passwd": {u.Password}}), 303)
	b.get("/")
	return b
}

func TestAuthorizedAppsRevoke(t *testing.T) {
	k := testkit.Start(t)
	ann := k.NewUser("ann") // an OAuth 2.0 token of the kit's app
	tc := ann.Tencent(k)    // and an OAuth 1.0a one of the same app
	b := signIn(t, k, ann)

	apiOK(t, ann.Get("/2/account/get_uid.json", nil))
	tc.MustOK(tc.Get("/api/user/info", url.Values{"format": {"json"}}), nil)
	p := b.get("/settings")
	wantContains(t, p, `id="authorized"`, `name="app_key" value="`+k.AppKey()+`"`, "testkit")

	// Errors: an unknown app, no form token, signed out.
	wantStatus(t, b.post("/settings/revoke", url.Values{"app_key": {"no-such-app"}}), 404)
	wantStatus(t, b.post("/settings/revoke", url.Values{"app_key": {k.AppKey()}, "csrf_token": {"forged"}}), 403)
	anon := newBrowser(t, k)
	anon.get("/login")
	wantStatus(t, anon.post("/settings/revoke", url.Values{"app_key": {k.AppKey()}}), 401)
	apiOK(t, ann.Get("/2/account/get_uid.json", nil))

	b.get("/settings")
	p = b.post("/settings/revoke", url.Values{"app_key": {k.AppKey()}})
	wantStatus(t, p, 303)
	// Both kinds of token stop at once.
	if r := ann.Get("/2/account/get_uid.json", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("revoked OAuth2 token: %d %s", r.Status, r.Body)
	}
	if r := tc.Get("/api/user/info", url.Values{"format": {"json"}}); r.Status == 200 && strings.Contains(string(r.Body), `"ret":0`) {
		t.Fatalf("revoked OAuth1 token still works: %s", r.Body)
	}
	p = b.get("/settings?saved=revoked")
	wantContains(t, p, "已撤销授权。", "没有已授权的应用。")
	wantLacks(t, p, `name="app_key"`)
	// Revoking again is no error.
	wantStatus(t, b.post("/settings/revoke", url.Values{"app_key": {k.AppKey()}}), 303)
}

func TestDeactivateAccount(t *testing.T) {
	k := testkit.Start(t)
	dee := k.NewUser("dee")
	bob := k.NewUser("bob")
	bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(dee.ID)}})
	st := postID(t, dee.Post("/2/statuses/update.json", url.Values{"status": {"dee was here"}}))
	own := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"bob's own"}}))
	postID(t, dee.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(own)}, "comment": {"a comment by dee"}}))
	rt := postID(t, bob.Post("/2/statuses/repost.json", url.Values{"id": {fmt.Sprint(st)}, "status": {"bob reposts"}}))
	tc := dee.Tencent(k)
	k.Drain()
	b := signIn(t, k, dee)
	other := signIn(t, k, dee) // a second browser
	wantContains(t, b.get("/settings"), `id="deactivate"`)

	// Errors: wrong password, no form token, signed out.
	p := b.post("/settings/deactivate", url.Values{"password": {"wrong"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "当前密码不正确。")
	wantStatus(t, b.post("/settings/deactivate", url.Values{"password": {dee.Password}, "csrf_token": {"forged"}}), 403)
	anon := newBrowser(t, k)
	anon.get("/login")
	wantStatus(t, anon.post("/settings/deactivate", url.Values{"password": {dee.Password}}), 401)
	apiOK(t, dee.Get("/2/account/get_uid.json", nil))

	b.get("/settings")
	p = b.post("/settings/deactivate", url.Values{"password": {dee.Password}})
	wantStatus(t, p, 303)
	wantContains(t, b.get(p.location()), "帐号已注销。")
	k.Drain()

	// Signed out everywhere; tokens revoked; the password signs in no more.
	wantLacks(t, other.get("/"), `name="status"`)
	if r := dee.Get("/2/account/get_uid.json", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("token after deactivation: %d %s", r.Status, r.Body)
	}
	if r := tc.Get("/api/user/info", url.Values{"format": {"json"}}); strings.Contains(string(r.Body), `"ret":0`) {
		t.Fatalf("OAuth1 token after deactivation: %s", r.Body)
	}
	b.get("/login")
	wantStatus(t, b.post("/login", url.Values{"userId": {"dee"}, "passwd": {dee.Password}}), 422)
	// The name stays taken.
	nb := newBrowser(t, k)
	nb.get("/signup")
	wantStatus(t, nb.post("/signup", url.Values{"screen_name": {"dee"}, "password": {"another-pw"}}), 422)

	// Gone on the site...
	bb := signIn(t, k, bob)
	wantStatus(t, bb.get(fmt.Sprintf("/u/%d", dee.ID)), 404)
	wantStatus(t, bb.get(fmt.Sprintf("/%d/%s", dee.ID, ids.EncodeMid(st))), 404)
	wantStatus(t, bb.get("/n/dee"), 404)
	p = bb.get(fmt.Sprintf("/%d/%s", bob.ID, ids.EncodeMid(own)))
	wantLacks(t, p, "a comment by dee")
	p = bb.get("/")
	wantContains(t, p, "bob reposts")
	wantLacks(t, p, "dee was here")
	// ... and in every dialect.
	bob.Fail(bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(dee.ID)}}), 400, 20003)
	if r := bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}); r.Status == 200 {
		t.Fatalf("statuses/show of a withdrawn status: %s", r.Body)
	}
	r := bob.Get("/2/statuses/home_timeline.json", nil)
	if strings.Contains(string(r.Body), "dee was here") || !strings.Contains(string(r.Body), "bob reposts") {
		t.Fatalf("home timeline: %s", r.Body)
	}
	r = bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(rt)}})
	if r.Status != 200 || strings.Contains(string(r.Body), "dee was here") {
		t.Fatalf("the repost shows its withdrawn original: %d %s", r.Status, r.Body)
	}
	r = bob.Get("/2/comments/show.json", url.Values{"id": {fmt.Sprint(own)}})
	if strings.Contains(string(r.Body), "a comment by dee") {
		t.Fatalf("comments show dee's: %s", r.Body)
	}
	btc := bob.Tencent(k)
	r = btc.Get("/api/user/other_info", url.Values{"format": {"json"}, "name": {"dee"}})
	if strings.Contains(string(r.Body), `"ret":0`) {
		t.Fatalf("Tencent user/other_info of a deactivated user: %s", r.Body)
	}
	r = btc.Get("/api/t/show", url.Values{"format": {"json"}, "id": {fmt.Sprint(st)}})
	if strings.Contains(string(r.Body), "dee was here") {
		t.Fatalf("Tencent t/show of a withdrawn status: %s", r.Body)
	}
}

func apiOK(t *testing.T, r *testkit.Response) {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("API call: %d %s", r.Status, r.Body)
	}
}

func TestStatusCommentPagingAndReplies(t *testing.T) {
	k := testkit.Start(t)
	ann := k.NewUser("ann")
	bob := k.NewUser("bob")
	st := postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"talk to me"}}))
	var first int64
	for i := range 21 {
		c := postID(t, bob.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(st)}, "comment": {fmt.Sprintf("评论%d号", i)}}))
		if i == 0 {
			first = c
		}
	}
	k.Drain()
	addr := fmt.Sprintf("/%d/%s", ann.ID, ids.EncodeMid(st))
	b := signIn(t, k, ann)
	p := b.get(addr)
	wantContains(t, p, "评论20号", "评论1号", "更早的评论", `name="reply_to" value="`)
	wantLacks(t, p, "评论0号", "最新评论")
	older := between(p.body, `<p class="older"><a href="`, `"`)
	p = b.get(strings.ReplaceAll(older, "&amp;", "&"))
	wantContains(t, p, "评论0号", "最新评论")
	wantLacks(t, p, "评论1号<", "更早的评论")
	wantStatus(t, b.get(addr+"?cmax=abc"), 400)
	wantStatus(t, b.get(addr+"?cmax=-1"), 400)

	// A reply: "回复@bob:" before the text, and bob's comment inbox has it.
	p = b.post(fmt.Sprintf("/status/%d/comment", st), url.Values{"comment": {"谢谢 <b>"}, "reply_to": {fmt.Sprint(first)}, "next": {addr}})
	wantStatus(t, p, 303)
	p = b.get(addr)
	wantContains(t, p, `回复<a class="at" href="/n/bob">@bob</a>:谢谢 &lt;b&gt;`)
	k.Drain()
	bb := signIn(t, k, bob)
	wantContains(t, bb.get("/comments"), "谢谢 &lt;b&gt;")

	// Errors: a reply to a comment of another status, to no comment, to a
	// malformed id; signed out; no form token.
	other := postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"another"}}))
	b.get(addr)
	wantStatus(t, b.post(fmt.Sprintf("/status/%d/comment", other), url.Values{"comment": {"x"}, "reply_to": {fmt.Sprint(first)}}), 404)
	wantStatus(t, b.post(fmt.Sprintf("/status/%d/comment", st), url.Values{"comment": {"x"}, "reply_to": {"999999999"}}), 404)
	wantContains(t, b.post(fmt.Sprintf("/status/%d/comment", st), url.Values{"comment": {"x"}, "reply_to": {"abc"}}), "这条评论不存在或已被删除。")
	wantStatus(t, b.post(fmt.Sprintf("/status/%d/comment", st), url.Values{"comment": {"x"}, "reply_to": {fmt.Sprint(first)}, "csrf_token": {"no"}}), 403)
	anon := newBrowser(t, k)
	anon.get("/login")
	wantStatus(t, anon.post(fmt.Sprintf("/status/%d/comment", st), url.Values{"comment": {"x"}, "reply_to": {fmt.Sprint(first)}}), 401)
	wantLacks(t, anon.get(addr), `name="reply_to"`)
}
