package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

func TestGroupsPages(t *testing.T) {
	k := testkit.Start(t)
	ann := k.NewUser("ann")
	bob := k.NewUser("bob")
	k.NewUser("cat")
	ann.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(bob.ID)}})
	postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"bob in the group <x>"}}))
	k.Drain()
	b := signIn(t, k, ann)
	wantContains(t, b.get("/groups"), "还没有分组。", `action="/groups"`)
	p := b.post("/groups", url.Values{"name": {"同学 <b>"}, "description": {"大学"}})
	wantStatus(t, p, 303)
	g := p.location()
	if !strings.HasPrefix(g, "/groups/") {
		t.Fatalf("created at %q", g)
	}
	wantContains(t, b.get("/groups"), "同学 &lt;b&gt;")
	b.get(g)
	wantStatus(t, b.post(g+"/members", url.Values{"screen_name": {"bob"}}), 303)
	p = b.get(g)
	wantContains(t, p, `data-uid="`+fmt.Sprint(bob.ID)+`"`, "bob in the group &lt;x&gt;")
	// Errors: not followed, no such person, a name too long, no token, another's group.
	wantContains(t, b.post(g+"/members", url.Values{"screen_name": {"cat"}}), "只能把你关注的人加入分组。")
	wantContains(t, b.post(g+"/members", url.Values{"screen_name": {"nobody"}}), "用户不存在。")
	wantStatus(t, b.post(g+"/update", url.Values{"name": {strings.Repeat("长", 11)}}), 422)
	wantStatus(t, b.post(g+"/update", url.Values{"name": {"校友"}, "csrf_token": {"no"}}), 403)
	wantStatus(t, b.post("/groups", url.Values{"name": {""}}), 422)
	bb := signIn(t, k, bob)
	wantStatus(t, bb.get(g), 404)
	wantStatus(t, bb.post(g+"/delete", nil), 404)
	wantStatus(t, b.get("/groups/abc"), 404)

	wantStatus(t, b.post(g+"/update", url.Values{"name": {"校友"}, "description": {""}}), 303)
	wantContains(t, b.get(g), "<h1>校友</h1>")
	wantStatus(t, b.post(g+"/remove", url.Values{"uid": {fmt.Sprint(bob.ID)}}), 303)
	wantLacks(t, b.get(g), `data-uid="`+fmt.Sprint(bob.ID)+`"`)
	wantStatus(t, b.post(g+"/delete", nil), 303)
	wantStatus(t, b.get(g), 404)
}
