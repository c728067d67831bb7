package sina_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// A blank id is a missing id, everywhere: querymid?id=%20 once passed the
// "given" check, then indexed the empty list the list reader made of the
// blank, and answered 500 with a stack trace, without any token.
func TestBlankIDsAreMissing(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	anon := k.Anonymous()
	src := k.AppKey()
	for _, blank := range []string{" ", "\t", "", "\u3000"} {
		for _, batch := range []string{"0", "1"} {
			mustFail(t, anon, anon.Get("/2/statuses/querymid.json", reqParams("source", src, "id", blank, "is_batch", batch)), http.StatusBadRequest, 10016, "id")
			mustFail(t, anon, anon.Get("/2/statuses/queryid.json", reqParams("source", src, "mid", blank, "is_batch", batch)), http.StatusBadRequest, 10016, "mid")
			mustFail(t, anon, anon.Get("/2/statuses/queryid.json", reqParams("source", src, "mid", blank, "is_batch", batch, "isBase62", "1")), http.StatusBadRequest, 10016, "mid")
			mustFail(t, u.Client, u.Get("/2/statuses/querymid.json", reqParams("id", blank, "is_batch", batch)), http.StatusBadRequest, 10016, "id")
		}
		for _, tc := range []struct {
			method, path, param string
			status, code        int
		}{
			{"GET", "/2/statuses/count.json", "ids", 400, 20001},
			{"GET", "/2/users/counts.json", "uids", 400, 20001},
			{"GET", "/2/comments/show_batch.json", "cids", 400, 20001},
			{"POST", "/2/comments/destroy_batch.json", "cids", 400, 20001},
			{"GET", "/2/statuses/show.json", "id", 400, 10016},
			{"GET", "/2/statuses/repost_timeline.json", "id", 400, 10016},
			{"GET", "/2/comments/show.json", "id", 400, 10016},
			{"POST", "/2/comments/destroy.json", "cid", 400, 20204},
			{"POST", "/2/statuses/destroy.json", "id", 400, 10016},
			{"GET", "/2/users/show.json", "uid", 400, 10016},
			{"GET", "/2/users/domain_show.json", "domain", 400, 10016},
			{"POST", "/2/friendships/create.json", "uid", 400, 20502},
			{"GET", "/2/friendships/friends/in_common.json", "uid", 400, 10016},
			{"GET", "/2/friendships/followers.json", "uid", 400, 10016},
			{"POST", "/2/remind/set_count.json", "type", 400, 10016},
			{"GET", "/2/remind/unread_count.json", "uid", 400, 10016},
		} {
			v := url.Values{tc.param: {blank}}
			var r *testkit.Response
			if tc.method == "GET" {
				r = u.Get(tc.path, v)
			} else {
				r = u.Post(tc.path, v)
			}
			e := u.Fail(r, tc.status, tc.code)
			if tc.code == 10016 || tc.code == 10017 {
				mustFail(t, u.Client, r, tc.status, tc.code, tc.param)
			}
			_ = e
		}
	}
}

// oauthFailNames asserts an /oauth2/* parameter error (10017, invalid_request)
// whose description names param.
func oauthFailNames(t *testing.T, c *testkit.Client, r *testkit.Response, param string) {
	t.Helper()
	e := c.Fail(r, http.StatusBadRequest, 10017)
	if e.Error != "invalid_request" || !strings.Contains(e.ErrorDescription, param) {
		t.Fatalf("OAuth error %q %q does not name the parameter %q", e.Error, e.ErrorDescription, param)
	}
}

// eachDB runs f against a server on SQLite and, when WEIBO_TEST_POSTGRES
// is set, on PostgreSQL: what a database refuses to store must be refused
// the same way on both.
func eachDB(t *testing.T, f func(t *testing.T, k *testkit.Kit)) {
	t.Run("sqlite", func(t *testing.T) { f(t, testkit.Start(t)) })
	t.Run("postgres", func(t *testing.T) {
		f(t, testkit.Start(t, testkit.Options{DB: pgtest.Schema(t, "weibo_sina_")}))
	})
}

// Bytes PostgreSQL cannot store (NUL, invalid UTF-8) answered 500 there and
// were stored by SQLite. Every dialect's parameter reader now refuses them,
// and every C0 control but tab, line feed and carriage return, naming the
// parameter; text that shows nothing is empty content.
func TestTextParametersRefuseBadBytes(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		u := k.NewUser("writer")
		victim := stPost(t, k.NewUser("other"), "原文")
		count := func() int {
			return stGet[sinaspec.User](t, u.Client, "/2/users/show.json", "uid", idString(u.ID)).StatusesCount
		}
		for _, bad := range []string{"ab\x00cd", "\x00", "\xff\xfe", "ok\xc3", "\xed\xa0\x80", "a\x01b", "\x1b[2Jx", "a\x7fb\x00"} {
			mustFail(t, u.Client, u.Post("/2/statuses/update.json", reqParams("status", bad)), 400, 10017, "status")
			mustFail(t, u.Client, u.Post("/2/statuses/repost.json", reqParams("id", victim.IDStr, "status", bad)), 400, 10017, "status")
			mustFail(t, u.Client, u.Post("/2/comments/create.json", reqParams("id", victim.IDStr, "comment", bad)), 400, 10017, "comment")
			mustFail(t, u.Client, u.Post("/2/statuses/update.json", reqParams("status", "好", "annotations", bad)), 400, 10017, "annotations")
			mustFail(t, u.Client, u.Get("/2/users/show.json", reqParams("screen_name", "a"+bad)), 400, 10017, "screen_name")
			mustFail(t, u.Client, u.Get("/2/search/statuses.json", reqParams("q", bad)), 400, 10017, "q")
			// In the query string, the body, and the parameter's name alike.
			r := u.Get("/2/statuses/home_timeline.json", url.Values{"x" + bad: {"1"}})
			u.Fail(r, 400, 10017)
			// The OAuth endpoints answer in their envelope.
			anon := k.Anonymous()
			oauthFailNames(t, anon, anon.Post("/oauth2/access_token", reqParams("client_id", k.AppKey(), "client_secret", k.AppSecret(),
				"grant_type", "password", "username", "writer"+bad, "password", "x")), "username")
			oauthFailNames(t, anon, anon.Get("/oauth2/authorize", reqParams("client_id", bad, "redirect_uri", k.URL+"/callback")), "client_id")
		}
		if n := count(); n != 0 {
			t.Fatalf("statuses_count = %d after refused posts, want 0", n)
		}
		// Tab, line feed and carriage return are text: browsers send
		// textareas with CRLF line breaks.
		st := stPost(t, u, "第一行\r\n第二行\t制表\n第三行")
		if st.Text != "第一行\r\n第二行\t制表\n第三行" {
			t.Fatalf("text with line breaks came back as %q", st.Text)
		}
		// Text that shows nothing is empty content.
		for _, blank := range []string{"\u200b\u200b", "\ufeff", " \u200d\u2060 ", "\u3164", "\u2800\u00ad"} {
			u.Fail(u.Post("/2/statuses/update.json", reqParams("status", blank)), 400, 20008)
			u.Fail(u.Post("/2/comments/create.json", reqParams("id", victim.IDStr, "comment", blank)), 400, 20008)
		}
		// A repost whose own words show nothing says what an empty one says.
		rp := stRepost(t, u, victim.ID, "status", "\u200b")
		if rp.Text != "转发微博" {
			t.Fatalf("invisible repost text stored as %q", rp.Text)
		}
		if n := count(); n != 2 {
			t.Fatalf("statuses_count = %d, want 2", n)
		}
	})
}

// rip (the end user's IP an app reports) was stored as sent, up to the
// 6 MiB body limit, in every status and comment row. It is now an IP
// address or nothing; every parameter value is at most 8 KiB.
func TestFieldLimits(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		u := k.NewUser("writer")
		other := stPost(t, k.NewUser("other"), "原文")
		rip := func(id int64) string {
			st, err := k.App.Store.StatusByID(context.Background(), id)
			if err != nil {
				t.Fatalf("status %d: %v", id, err)
			}
			return st.RIP
		}
		for _, tc := range []struct{ sent, stored string }{
			{"211.156.0.1", "211.156.0.1"},
			{" 10.0.0.7 ", "10.0.0.7"},
			{"2001:DB8::1", "2001:db8::1"},
			{"::ffff:192.0.2.9", "192.0.2.9"},
		} {
			st := stPost(t, u, "来自 "+tc.sent, "rip", tc.sent)
			if got := rip(st.ID); got != tc.stored {
				t.Errorf("rip %q stored as %q, want %q", tc.sent, got, tc.stored)
			}
		}
		before := stGet[sinaspec.User](t, u.Client, "/2/users/show.json", "uid", idString(u.ID)).StatusesCount
		for _, bad := range []string{"unknown", "211.156.0.1, 10.0.0.1", "fe80::1%eth0", "1.2.3.4.5", "300.1.1.1",
			strings.Repeat("1", 100), strings.Repeat("9", 10<<10)} {
			mustFail(t, u.Client, u.Post("/2/statuses/update.json", reqParams("status", "坏的 rip "+bad[:min(len(bad), 9)], "rip", bad)), 400, 10017, "rip")
			mustFail(t, u.Client, u.Post("/2/statuses/repost.json", reqParams("id", other.IDStr, "rip", bad)), 400, 10017, "rip")
			mustFail(t, u.Client, u.Post("/2/comments/create.json", reqParams("id", other.IDStr, "comment", "评", "rip", bad)), 400, 10017, "rip")
		}
		if after := stGet[sinaspec.User](t, u.Client, "/2/users/show.json", "uid", idString(u.ID)).StatusesCount; after != before {
			t.Fatalf("statuses_count %d → %d: a refused rip was stored", before, after)
		}
		if cs := stGet[sinaspec.Comments](t, u.Client, "/2/comments/by_me.json"); len(cs.Comments) != 0 {
			t.Fatalf("%d comments stored with a refused rip", len(cs.Comments))
		}
		// Any value over 8 KiB, in any parameter, is refused before a reader sees it.
		long := strings.Repeat("a", 8<<10+1)
		mustFail(t, u.Client, u.Get("/2/statuses/home_timeline.json", reqParams("feature", long)), 400, 10017, "feature")
		mustFail(t, u.Client, u.Get("/2/search/statuses.json", reqParams("q", long)), 400, 10017, "q")
		mustFail(t, u.Client, u.Post("/2/statuses/update.json", reqParams("status", long)), 400, 10017, "status")
		anon := k.Anonymous()
		oauthFailNames(t, anon, anon.Get("/oauth2/authorize", reqParams("client_id", k.AppKey(), "redirect_uri", k.URL+"/callback", "state", long)), "state")
		// 8 KiB itself is still a value (refused here by the status's own rule).
		u.Fail(u.Post("/2/statuses/update.json", reqParams("status", long[1:])), 400, 20012)
	})
}
