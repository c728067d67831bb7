package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

var (
	meRE     = regexp.MustCompile(`class="me" href="(/u/\d+)" data-uid="(\d+)"`)
	statusRE = regexp.MustCompile(`<article class="status" id="s\d+" data-id="(\d+)">`)
	whenRE   = regexp.MustCompile(`<a class="when" href="(/\d+/\w+)">`)
)

// me is the signed-in person's profile address and uid.
func (b *browser) me() (string, string) {
	b.t.Helper()
	m := meRE.FindStringSubmatch(b.get("/").body)
	if m == nil {
		b.t.Fatal("not signed in")
	}
	return m[1], m[2]
}

// newest is the id and page address of the first status on a page.
func newest(t *testing.T, p *page) (string, string) {
	t.Helper()
	id, addr := statusRE.FindStringSubmatch(p.body), whenRE.FindStringSubmatch(p.body)
	if id == nil || addr == nil {
		t.Fatalf("no status on the page:\n%s", p.body)
	}
	return id[1], addr[1]
}

func TestFollowCommentMentionUnread(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := signUp(t, k, "alice"), signUp(t, k, "bob")
	aliceProfile, aliceID := alice.me()

	// bob follows alice from her page, and the button turns.
	p := bob.get(aliceProfile)
	wantContains(t, p, `action="/u/`+aliceID+`/follow"`, `class="follow">`)
	p = bob.post("/u/"+aliceID+"/follow", url.Values{"next": {aliceProfile}})
	wantStatus(t, p, 303)
	if p.location() != aliceProfile {
		t.Fatalf("follow returns to %q", p.location())
	}
	wantStatus(t, bob.post("/u/"+aliceID+"/follow", nil), 303) // a double click is no error
	wantContains(t, bob.get(aliceProfile), `action="/u/`+aliceID+`/unfollow"`, "取消关注", "<strong>1</strong>")
	wantContains(t, alice.get(meRE.FindStringSubmatch(bob.get("/").body)[1]), "关注了你")

	wantStatus(t, alice.post("/compose", url.Values{"status": {"大家好"}}), 303)
	k.Drain()
	p = bob.get("/")
	wantContains(t, p, "大家好")
	sid, addr := newest(t, p)

	// bob comments; alice sees a badge, then the comment, then no badge.
	p = bob.post("/status/"+sid+"/comment", url.Values{"comment": {"你好呀 <b>alice</b>"}})
	wantStatus(t, p, 303)
	if p.location() != addr+"#comments" {
		t.Fatalf("comment returns to %q, want %q", p.location(), addr+"#comments")
	}
	k.Drain()
	wantContains(t, alice.get("/"), `id="badge-cmt"`, `>1</span>`)
	p = alice.get("/comments")
	wantContains(t, p, "你好呀 &lt;b&gt;alice&lt;/b&gt;", `href="`+addr+`#comments"`)
	wantLacks(t, alice.get("/"), `id="badge-cmt"`)
	wantContains(t, bob.get(addr), "你好呀", "评论 1")

	// A mention raises the @ badge; /at shows it and clears it.
	wantStatus(t, bob.post("/compose", url.Values{"status": {"@alice 看这个"}}), 303)
	k.Drain()
	wantContains(t, alice.get("/"), `id="badge-at"`)
	wantContains(t, alice.get("/at"), "看这个")
	wantLacks(t, alice.get("/"), `id="badge-at"`)

	// Repost with a comment.
	p = bob.post("/status/"+sid+"/repost", url.Values{"status": {"转给大家"}, "is_comment": {"1"}})
	wantStatus(t, p, 303)
	k.Drain()
	p = alice.get(addr)
	wantContains(t, p, "转给大家", "转发 1", "评论 2")

	// Favourites, twice each way without an error.
	for range 2 {
		wantStatus(t, bob.post("/status/"+sid+"/favorite", url.Values{"next": {addr}}), 303)
	}
	wantContains(t, bob.get(addr), `action="/status/`+sid+`/unfavorite"`)
	for range 2 {
		wantStatus(t, bob.post("/status/"+sid+"/unfavorite", nil), 303)
	}
	wantContains(t, bob.get(addr), `action="/status/`+sid+`/favorite"`)

	// Only the author may delete; then the page is gone.
	wantLacks(t, bob.get(addr), `action="/status/`+sid+`/delete"`)
	wantStatus(t, bob.post("/status/"+sid+"/delete", nil), 403)
	wantContains(t, alice.get(addr), `action="/status/`+sid+`/delete"`)
	p = alice.post("/status/"+sid+"/delete", url.Values{"next": {addr}})
	wantStatus(t, p, 303)
	if p.location() != "/" {
		t.Fatalf("delete returns to %q", p.location())
	}
	wantStatus(t, alice.get(addr), 404)

	// Unfollow.
	wantStatus(t, bob.post("/u/"+aliceID+"/unfollow", nil), 303)
	wantStatus(t, bob.post("/u/"+aliceID+"/unfollow", nil), 303)
	wantContains(t, bob.get(aliceProfile), `class="follow">`)
}

func TestActionErrors(t *testing.T) {
	k := testkit.Start(t)
	alice := signUp(t, k, "alice")
	_, aliceID := alice.me()
	wantStatus(t, alice.post("/compose", url.Values{"status": {"一条"}}), 303)
	sid, _ := newest(t, alice.get("/"))

	wantStatus(t, alice.post("/status/"+sid+"/comment", url.Values{"comment": {" "}}), 400)
	wantStatus(t, alice.post("/status/"+sid+"/comment", url.Values{"comment": {strings.Repeat("长", 141)}}), 400)
	wantStatus(t, alice.post("/status/999999/comment", url.Values{"comment": {"hi"}}), 404)
	wantStatus(t, alice.post("/status/abc/comment", url.Values{"comment": {"hi"}}), 404)
	wantStatus(t, alice.post("/status/999999/repost", nil), 404)
	wantStatus(t, alice.post("/status/999999/favorite", nil), 404)
	wantStatus(t, alice.post("/status/999999/delete", nil), 404)
	wantStatus(t, alice.post("/u/999999/follow", nil), 404)
	p := alice.post("/u/"+aliceID+"/follow", nil)
	if p.status/100 != 4 {
		t.Fatalf("following oneself: %d", p.status)
	}
	wantContains(t, p, "不能关注自己。")
	// Without the form token, or signed out, nothing happens.
	wantStatus(t, alice.post("/status/"+sid+"/comment", url.Values{"comment": {"hi"}, "csrf_token": {""}}), 403)
	anon := newBrowser(t, k)
	anon.get("/")
	for _, path := range []string{"/status/" + sid + "/comment", "/status/" + sid + "/favorite", "/u/" + aliceID + "/follow"} {
		wantStatus(t, anon.post(path, url.Values{"comment": {"hi"}}), 401)
	}
	// Signed-out visitors of an inbox are sent to sign in first.
	p = anon.get("/at")
	wantStatus(t, p, http.StatusSeeOther)
	if p.location() != "/login?next=%2Fat" {
		t.Fatalf("sent to %q", p.location())
	}
	wantContains(t, alice.get(meRE.FindStringSubmatch(alice.get("/").body)[1]), "评论 0")
}

func TestSearchPages(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "zoe")
	wantStatus(t, b.post("/compose", url.Values{"status": {"#春节# 快乐 hello"}}), 303)
	wantStatus(t, b.post("/compose", url.Values{"status": {"别的 hello"}}), 303)
	k.Drain()
	anon := newBrowser(t, k)
	p := anon.get("/search?q=" + url.QueryEscape("#春节#"))
	wantStatus(t, p, 200)
	wantContains(t, p, `<h1 class="topic">#春节#</h1>`, "快乐")
	wantLacks(t, p, "别的")
	p = anon.get("/search?q=hello")
	wantStatus(t, p, 200)
	wantContains(t, p, "快乐", "别的", `value="hello"`)
	wantStatus(t, anon.get("/search"), 200)
	wantStatus(t, anon.get("/search?q=hello&max_id=x"), 400)
}
