package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

func TestMessages(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := signUp(t, k, "alice"), signUp(t, k, "bob")
	stream := alice.live("")
	stream.next("unread")
	bob.get("/messages")
	p := bob.post("/messages", url.Values{"to": {"@alice"}, "text": {"私下说 <b>一句</b>"}})
	wantStatus(t, p, 303)
	if got := stream.next("unread"); !strings.Contains(got, `"messages":1`) {
		t.Fatalf("alice's unread event %s", got)
	}
	wantContains(t, alice.get("/"), `id="badge-dm"`)
	p = alice.get("/messages")
	wantContains(t, p, "私下说 &lt;b&gt;一句&lt;/b&gt;", `href="/messages?to=bob"`)
	wantLacks(t, alice.get("/"), `id="badge-dm"`)
	wantContains(t, bob.get("/messages?sent=1"), "已发送。", "发给 <a class=\"name\"")

	p = bob.post("/messages", url.Values{"to": {"nobody-here"}, "text": {"hi"}})
	wantStatus(t, p, 404)
	wantContains(t, p, "用户不存在。", ">hi</textarea>")
	p = bob.post("/messages", url.Values{"to": {"alice"}, "text": {strings.Repeat("长", 301)}})
	wantStatus(t, p, 400)
	wantContains(t, p, "私信最多300字。")
	wantStatus(t, bob.post("/messages", url.Values{"to": {"alice"}, "text": {" "}}), 400)
	wantStatus(t, bob.post("/messages", url.Values{"to": {"alice"}, "text": {"x"}, "csrf_token": {""}}), 403)
	anon := newBrowser(t, k)
	wantStatus(t, anon.get("/messages"), 303)
}
