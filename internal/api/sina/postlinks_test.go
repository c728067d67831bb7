package sina_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Links in posted text become this server's short links in the posting
// transaction, as Sina turned them into t.cn links: those the Weibo length
// rule charges as links (README §9), not t.cn links or short links to
// Sina's own hosts, which it charges by their length. The length is counted
// on the text as written. Statuses, reposts and comments alike.
func TestPostedLinksAreShortened(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob := k.NewUser("alice"), k.NewUser("bob")
		short := regexp.MustCompile(regexp.QuoteMeta(k.URL+"/t/") + `[0-9a-zA-Z]+`)
		long := "http://example.com/a/b?c=1&d=2"
		st := stPost(t, alice, "看 "+long+"。和 http://t.cn/zOXAaic 以及 http://weibo.com/1/x 还有 "+long)
		links := short.FindAllString(st.Text, -1)
		if len(links) != 2 || links[0] != links[1] {
			t.Fatalf("text %q: want the long link twice as one short link", st.Text)
		}
		s := links[0]
		if want := "看 " + s + "。和 http://t.cn/zOXAaic 以及 http://weibo.com/1/x 还有 " + s; st.Text != want {
			t.Fatalf("text %q, want %q", st.Text, want)
		}
		// It is what statuses/show gives, it leads to the long URL, and
		// share/* find the status by either spelling.
		if got := stGet[sinaspec.Status](t, bob.Client, "/2/statuses/show.json", "id", st.IDStr); got.Text != st.Text {
			t.Errorf("show: %q", got.Text)
		}
		exp := mustDecode[sinaspec.ShortURLs](t, bob.Get("/2/short_url/expand.json", reqParams("url_short", s)))
		if len(exp.URLs) != 1 || exp.URLs[0].URLLong != long {
			t.Fatalf("expand: %+v", exp)
		}
		r := k.Anonymous().Get(strings.TrimPrefix(s, k.URL), nil)
		if r.Status != 302 || r.Header.Get("Location") != long {
			t.Fatalf("redirect: %d %q", r.Status, r.Header.Get("Location"))
		}
		// One short link per long URL: shortening it again gives the same.
		again := mustDecode[sinaspec.ShortURLs](t, bob.Get("/2/short_url/shorten.json", reqParams("url_long", long)))
		if again.URLs[0].URLShort != s {
			t.Errorf("shorten gives %q, the post %q", again.URLs[0].URLShort, s)
		}
		sh := mustDecode[sinaspec.ShareStatuses](t, bob.Get("/2/short_url/share/statuses.json", reqParams("url_short", s)))
		if len(sh.ShareStatuses) != 1 || sh.ShareStatuses[0].ID != st.ID {
			t.Errorf("share/statuses: %+v", sh)
		}
		// The same text again is the same stored text: a duplicate.
		mustFail(t, alice.Client, alice.Post("/2/statuses/update.json",
			reqParams("status", "看 "+long+"。和 http://t.cn/zOXAaic 以及 http://weibo.com/1/x 还有 "+long)), 400, 20019, "")
		// A short link of ours stays as it is.
		if own := stPost(t, bob, "转一个 "+s); own.Text != "转一个 "+s {
			t.Errorf("our own short link changed: %q", own.Text)
		}

		// Length: a link of up to 140 bytes costs 10, a longer one more,
		// counted as written (129 + 1 space + 10 = 140 fits).
		ok100 := "http://example.com/" + strings.Repeat("x", 100)
		fits := stPost(t, alice, strings.Repeat("汉", 129)+" "+ok100)
		if !strings.HasPrefix(fits.Text, strings.Repeat("汉", 129)+" "+k.URL+"/t/") {
			t.Errorf("text %q", fits.Text)
		}
		long200 := "http://example.com/" + strings.Repeat("y", 181) // 200 bytes: 40 units
		mustFail(t, alice.Client, alice.Post("/2/statuses/update.json",
			reqParams("status", strings.Repeat("汉", 110)+long200)), 400, 20012, "")
		if st := stPost(t, alice, strings.Repeat("汉", 100)+long200); !short.MatchString(st.Text) {
			t.Errorf("a 200-byte link was not shortened: %q", st.Text)
		}

		// Reposts and comments (and replies) too.
		rp := stRepost(t, bob, st.ID, "status", "转发 http://example.org/r")
		if !short.MatchString(rp.Text) || strings.Contains(rp.Text, "example.org") {
			t.Errorf("repost text %q", rp.Text)
		}
		c := mustDecode[sinaspec.Comment](t, bob.Post("/2/comments/create.json", reqParams("id", st.IDStr, "comment", "评论 http://example.net/c")))
		if !short.MatchString(c.Text) || strings.Contains(c.Text, "example.net") {
			t.Errorf("comment text %q", c.Text)
		}
		rep := mustDecode[sinaspec.Comment](t, alice.Post("/2/comments/reply.json",
			reqParams("id", st.IDStr, "cid", c.IDStr, "comment", "回 http://example.net/c")))
		if rep.Text != "回复@bob:回 "+short.FindString(c.Text) {
			t.Errorf("reply text %q, comment %q", rep.Text, c.Text)
		}
		cc := mustDecode[sinaspec.CommentCounts](t, bob.Get("/2/short_url/comment/counts.json", reqParams("url_short", short.FindString(c.Text))))
		if cc.URLs[0].CommentCounts != 2 {
			t.Errorf("comment/counts: %+v", cc)
		}
		// Text without a link is untouched.
		if p := stPost(t, bob, "没有链接 http:/not.a.link"); p.Text != "没有链接 http:/not.a.link" {
			t.Errorf("%q", p.Text)
		}
	})
}
