package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/testkit"
)

// TestFavoritesPage: what a person favourites is listed on /favorites,
// newest favourite first, and leaves it when unfavourited.
func TestFavoritesPage(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := signUp(t, k, "fav_alice"), signUp(t, k, "fav_bob")
	wantContains(t, bob.get("/favorites"), "还没有收藏。")
	var ids []string
	for _, text := range []string{"第一条可收藏", "第二条可收藏"} {
		wantStatus(t, alice.post("/compose", url.Values{"status": {text}}), 303)
		profile, _ := alice.me()
		id, _ := newest(t, alice.get(profile))
		ids = append(ids, id)
	}
	// Favourited second first: the page shows the favourites newest first.
	for _, id := range []string{ids[1], ids[0]} {
		wantStatus(t, bob.post("/status/"+id+"/favorite", nil), 303)
		k.Clock.Advance(time.Second)
	}
	p := bob.get("/favorites")
	wantContains(t, p, "我的收藏", "第一条可收藏", "第二条可收藏")
	if strings.Index(p.body, "第一条可收藏") > strings.Index(p.body, "第二条可收藏") {
		t.Fatal("favourites not newest first")
	}
	wantStatus(t, bob.post("/status/"+ids[0]+"/unfavorite", nil), 303)
	wantLacks(t, bob.get("/favorites"), "第一条可收藏")
	// Alice's favourites are her own; a bad page is refused; signed out is
	// sent to sign in.
	wantContains(t, alice.get("/favorites"), "还没有收藏。")
	wantStatus(t, bob.get("/favorites?page=0"), 400)
	wantStatus(t, bob.get("/favorites?page=x"), 400)
	if p := newBrowser(t, k).get("/favorites"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login") {
		t.Fatalf("signed out: %d %s", p.status, p.location())
	}
}

var unfollowTopicRE = regexp.MustCompile(`action="/trends/unfollow"><input type="hidden" name="csrf_token" value="[^"]*"><input type="hidden" name="id" value="(\d+)">`)

// TestTrendsPage: a topic posted about is on /trends with its count; a
// person follows it there or on its search page, sees it among their
// topics, and unfollows it.
func TestTrendsPage(t *testing.T) {
	k := testkit.Start(t)
	alice := signUp(t, k, "trend_alice")
	for _, text := range []string{"今天 #春节快乐# 到了", "又一条 #春节快乐#", "只有 #元宵#"} {
		wantStatus(t, alice.post("/compose", url.Values{"status": {text}}), 303)
	}
	k.Drain()
	anon := newBrowser(t, k)
	p := anon.get("/trends")
	wantContains(t, p, "热门话题", "#春节快乐#", "2条微博", "#元宵#", "1条微博", `href="/search?q=%23%E6%98%A5%E8%8A%82%E5%BF%AB%E4%B9%90%23"`)
	wantLacks(t, p, "关注话题", "我关注的话题")
	if strings.Index(p.body, "#春节快乐#") > strings.Index(p.body, "#元宵#") {
		t.Fatal("the busier topic is not first")
	}
	for _, period := range []string{"daily", "weekly"} {
		wantContains(t, anon.get("/trends?period="+period), "#春节快乐#", `aria-current="page"`)
	}
	wantStatus(t, anon.get("/trends?period=yearly"), 400)

	// Follow from the trends page; the topic shows among the person's.
	wantContains(t, alice.get("/trends"), "还没有关注话题。")
	if p := alice.post("/trends/follow", url.Values{"name": {"春节快乐"}}); p.status != 303 || p.location() != "/trends" {
		t.Fatalf("follow: %d %s", p.status, p.location())
	}
	wantStatus(t, alice.post("/trends/follow", url.Values{"name": {"春节快乐"}}), 303) // again: still followed
	p = alice.get("/trends")
	wantContains(t, p, "我关注的话题", "取消关注话题")
	m := unfollowTopicRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no unfollow form:\n%s", p.body)
	}
	// The topic's search page offers the same button, and unfollowing
	// there comes back to it.
	search := "/search?" + url.Values{"q": {"#春节快乐#"}}.Encode()
	wantContains(t, alice.get(search), "取消关注话题")
	if p := alice.post("/trends/unfollow", url.Values{"id": {m[1]}, "next": {search}}); p.status != 303 || p.location() != search {
		t.Fatalf("unfollow: %d %s", p.status, p.location())
	}
	p = alice.get(search)
	wantContains(t, p, "关注话题")
	wantLacks(t, p, "取消关注话题")
	wantContains(t, alice.get("/trends"), "还没有关注话题。")

	// Refusals: a topic not followed, a bad id, an empty name, a foreign next.
	wantStatus(t, alice.post("/trends/unfollow", url.Values{"id": {m[1]}}), 400)
	wantStatus(t, alice.post("/trends/unfollow", url.Values{"id": {"x"}}), 400)
	wantStatus(t, alice.post("/trends/follow", url.Values{"name": {""}}), 400)
	if p := alice.post("/trends/follow", url.Values{"name": {"元宵"}, "next": {"https://evil.example/"}}); p.location() != "/" {
		t.Fatalf("foreign next followed: %s", p.location())
	}
	// A topic name is text on the page, not markup.
	wantStatus(t, alice.post("/compose", url.Values{"status": {`#<b>粗</b># 试试`}}), 303)
	k.Drain()
	wantLacks(t, anon.get("/trends"), "<b>粗</b>")
}
