package sina_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// click follows a short link as a browser would, from address ip with
// referer (none when ""), and returns the answer without following it.
func click(t *testing.T, k *testkit.Kit, method, short, referer, ip string) *testkit.Response {
	t.Helper()
	c := k.Anonymous()
	req, err := http.NewRequest(method, short, nil)
	if err != nil {
		t.Fatal(err)
	}
	if referer != "" {
		req.Header.Set("Referer", referer)
	}
	req.Header.Set("X-Forwarded-For", ip)
	return c.Do(req)
}

// Short links: made and expanded, followed through this server's own
// redirect (clicks by referer and region), and counted in the statuses and
// comments that hold them.
func TestShortURLs(t *testing.T) {
	run := func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
		base := k.URL + "/t/"

		// shorten: repeated url_long, one link per long URL, bad ones refused.
		long := "http://example.com/a?x=1,2"
		s := mustDecode[sinaspec.ShortURLs](t, alice.Get("/2/short_url/shorten.json",
			url.Values{"url_long": {long, "ftp://example.com/", "http://example.com/b"}}))
		if len(s.URLs) != 3 || !s.URLs[0].Result || !strings.HasPrefix(s.URLs[0].URLShort, base) || s.URLs[0].URLLong != long ||
			s.URLs[1].Result || s.URLs[1].URLShort != "" || s.URLs[1].URLLong != "ftp://example.com/" || !s.URLs[2].Result {
			t.Fatalf("shorten: %+v", s)
		}
		short := s.URLs[0].URLShort
		code := strings.TrimPrefix(short, base)
		again := mustDecode[sinaspec.ShortURLs](t, bob.Get("/2/short_url/shorten.json",
			reqParams("url_long", long+",http://example.com/c")))
		if len(again.URLs) != 2 || again.URLs[0].URLShort != short || again.URLs[1].URLLong != "http://example.com/c" {
			t.Fatalf("shorten again, comma-joined: %+v", again)
		}
		if own := mustDecode[sinaspec.ShortURLs](t, bob.Get("/2/short_url/shorten.json", reqParams("url_long", short))); own.URLs[0].URLShort != short || own.URLs[0].URLLong != long {
			t.Fatalf("shortening a short link: %+v", own)
		}
		anon := k.Anonymous()
		if a := mustDecode[sinaspec.ShortURLs](t, anon.Get("/2/short_url/shorten.json", reqParams("source", k.AppKey(), "url_long", long))); a.URLs[0].URLShort != short {
			t.Fatalf("shorten with source: %+v", a)
		}
		mustFail(t, anon, anon.Get("/2/short_url/shorten.json", reqParams("url_long", long)), 401, 10006, "")
		// The source must be an app registered here.
		mustFail(t, anon, anon.Get("/2/short_url/shorten.json", reqParams("source", "1234567", "url_long", long)), 401, 21311, "")
		mustFail(t, anon, anon.Get("/2/short_url/expand.json", reqParams("source", "nosuchapp", "url_short", short)), 401, 21311, "")
		mustFail(t, anon, anon.Get("/2/statuses/querymid.json", reqParams("source", " ", "id", "3436240135184587")), 401, 10006, "")
		mustFail(t, alice.Client, alice.Get("/2/short_url/shorten.json", nil), 400, 21501, "")
		many := url.Values{}
		for range 21 {
			many.Add("url_long", long)
		}
		mustFail(t, alice.Client, alice.Get("/2/short_url/shorten.json", many), 400, 21502, "")

		// expand: the short URL, the bare code, a t.cn-style URL.
		e := mustDecode[sinaspec.ShortURLs](t, anon.Get("/2/short_url/expand.json",
			url.Values{"source": {k.AppKey()}, "url_short": {short, code, "http://t.cn/" + code, "http://t.cn/zzzzzzzzzz"}}))
		if len(e.URLs) != 4 || !e.URLs[0].Result || !e.URLs[1].Result || !e.URLs[2].Result || e.URLs[3].Result ||
			e.URLs[1].URLLong != long || e.URLs[1].URLShort != short || e.URLs[3].URLLong != "" {
			t.Fatalf("expand: %+v", e)
		}

		// The redirect: each GET is a click; HEAD, unknown codes and other
		// methods are not.
		r := click(t, k, "GET", short, "https://news.example.org/page?private=1", "202.96.128.86")
		if r.Status != http.StatusFound || r.Header.Get("Location") != long || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("redirect: %d %v", r.Status, r.Header)
		}
		click(t, k, "GET", short, "", "8.8.8.8")
		click(t, k, "GET", short, "https://news.example.org/other", "127.0.0.1")
		if r := click(t, k, "HEAD", short, "", "8.8.8.8"); r.Status != http.StatusFound {
			t.Fatalf("HEAD: %d", r.Status)
		}
		for _, bad := range []string{base + "zzzzzzzzzz", base + "a-b", base, base + strings.Repeat("a", 12)} {
			if r := click(t, k, "GET", bad, "", "8.8.8.8"); r.Status != http.StatusNotFound {
				t.Fatalf("GET %s: %d", bad, r.Status)
			}
		}
		if r := click(t, k, "POST", short, "", "8.8.8.8"); r.Status != http.StatusMethodNotAllowed {
			t.Fatalf("POST: %d", r.Status)
		}
		cl := mustDecode[sinaspec.ShortURLClicks](t, bob.Get("/2/short_url/clicks.json", url.Values{"url_short": {short, "nothing"}}))
		if len(cl.URLs) != 2 || cl.URLs[0].Clicks != 3 || cl.URLs[0].URLLong != long || cl.URLs[1].Clicks != 0 {
			t.Fatalf("clicks: %+v", cl)
		}
		refs := mustDecode[sinaspec.ShortURLReferers](t, bob.Get("/2/short_url/referers.json", reqParams("url_short", code)))
		if refs.URLShort != short || len(refs.Referers) != 2 || refs.Referers[0].Referer != "news.example.org" || refs.Referers[0].Clicks != 2 ||
			refs.Referers[1].Referer != "" || refs.Referers[1].Clicks != 1 {
			t.Fatalf("referers: %+v", refs)
		}
		locs := mustDecode[sinaspec.ShortURLLocations](t, bob.Get("/2/short_url/locations.json", reqParams("url_short", short)))
		got := map[string][2]int{}
		for _, l := range locs.Locations {
			got[l.Location] = [2]int{l.Province, l.Clicks}
		}
		if len(got) != 3 || got["广东"] != [2]int{44, 1} || got["美国"] != [2]int{400, 1} || got["其他"] != [2]int{100, 1} {
			t.Fatalf("locations: %+v", locs)
		}
		mustFail(t, bob.Client, bob.Get("/2/short_url/referers.json", nil), 400, 21504, "")
		mustFail(t, bob.Client, bob.Get("/2/short_url/locations.json", reqParams("url_short", "nothing")), 400, 10017, "url_short")

		// Shares: statuses holding the short link or the long URL.
		s1 := stPost(t, bob, "看看 "+short)
		s2 := stPost(t, carol, "原文 "+long+" 不错")
		stPost(t, carol, "私下 "+short, "visible", "1")
		stPost(t, carol, "无关 http://example.com/b")
		counts := mustDecode[sinaspec.ShareCounts](t, alice.Get("/2/short_url/share/counts.json", url.Values{"url_short": {short, code}}))
		if len(counts.URLs) != 2 || counts.URLs[0].ShareCounts != 2 || counts.URLs[1].ShareCounts != 2 {
			t.Fatalf("share/counts: %+v", counts)
		}
		sh := mustDecode[sinaspec.ShareStatuses](t, alice.Get("/2/short_url/share/statuses.json", reqParams("url_short", short)))
		if sh.URLLong != long || len(sh.ShareStatuses) != 2 || sh.ShareStatuses[0].ID != s2.ID || sh.ShareStatuses[1].ID != s1.ID {
			t.Fatalf("share/statuses: %+v", sh)
		}
		if sh := mustDecode[sinaspec.ShareStatuses](t, carol.Get("/2/short_url/share/statuses.json", reqParams("url_short", short, "count", "1"))); len(sh.ShareStatuses) != 1 {
			t.Fatalf("share/statuses count=1: %+v", sh)
		}
		if sh := mustDecode[sinaspec.ShareStatuses](t, carol.Get("/2/short_url/share/statuses.json", reqParams("url_short", short))); len(sh.ShareStatuses) != 3 {
			t.Fatalf("share/statuses for carol, with her private one: %d", len(sh.ShareStatuses))
		}
		mustFail(t, alice.Client, alice.Get("/2/short_url/share/statuses.json", nil), 400, 21504, "")

		// Comments holding it.
		mustOK(t, alice.Post("/2/comments/create.json", reqParams("id", s1.IDStr, "comment", "同看 "+long)))
		mustOK(t, alice.Post("/2/comments/create.json", reqParams("id", s1.IDStr, "comment", "不相干")))
		cc := mustDecode[sinaspec.CommentCounts](t, bob.Get("/2/short_url/comment/counts.json", reqParams("url_short", short)))
		if cc.URLs[0].CommentCounts != 1 {
			t.Fatalf("comment/counts: %+v", cc)
		}
		cm := mustDecode[sinaspec.ShareComments](t, bob.Get("/2/short_url/comment/comments.json", reqParams("url_short", short)))
		if len(cm.ShareComments) != 1 || !strings.Contains(cm.ShareComments[0].Text, short) {
			t.Fatalf("comment/comments: %+v", cm)
		}

		// info: what we know of a link.
		info := mustDecode[struct {
			URLs []sinaspec.ShortURLInfo `json:"urls"`
		}](t, bob.Get("/2/short_url/info.json", url.Values{"url_short": {short, "nothing"}}))
		if len(info.URLs) != 2 || !info.URLs[0].Result || info.URLs[0].URLLong != long || info.URLs[1].Result {
			t.Fatalf("info: %+v", info)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, testkit.Start(t, testkit.Options{TrustProxy: true})) })
	t.Run("postgres", func(t *testing.T) {
		run(t, testkit.Start(t, testkit.Options{TrustProxy: true, DB: pgtest.Schema(t, "weibo_sina_")}))
	})
}
