package sina_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// The response objects of account.md and remind.md as objects.md §2, §7 and
// §11 define them, independent of the server's render types.

// specUID is account/get_uid's answer.
type specUID struct {
	UID int64 `json:"uid"`
}

// specRateLimit is objects.md §11.
type specRateLimit struct {
	APIRateLimits      []specAPIRateLimit `json:"api_rate_limits"`
	IPLimit            int                `json:"ip_limit"`
	LimitTimeUnit      string             `json:"limit_time_unit"`
	RemainingIPHits    int                `json:"remaining_ip_hits"`
	RemainingUserHits  int                `json:"remaining_user_hits"`
	ResetTime          string             `json:"reset_time"`
	ResetTimeInSeconds int                `json:"reset_time_in_seconds"`
	UserLimit          int                `json:"user_limit"`
}

type specAPIRateLimit struct {
	API           string `json:"api"`
	Limit         int    `json:"limit"`
	LimitTimeUnit string `json:"limit_time_unit"`
	RemainingHits int    `json:"remaining_hits"`
}

var rateLimitKeys = []string{"api_rate_limits", "ip_limit", "limit_time_unit", "remaining_ip_hits",
	"remaining_user_hits", "reset_time", "reset_time_in_seconds", "user_limit"}

// specUnread is objects.md §7 (sinaspec holds it; msgbox, which sinaspec
// allows to be absent, is required here by unreadKeys: we always send it).
type specUnread = sinaspec.Unread

var unreadKeys = []string{"status", "follower", "cmt", "dm", "mention_status", "mention_cmt", "group",
	"private_group", "notice", "invite", "badge", "photo", "msgbox"}

// specResultBool is remind/set_count's {"result": true}.
type specResultBool struct {
	Result bool `json:"result"`
}

// unread reads u's counters, checking the shape.
func unread(t *testing.T, u *testkit.User) specUnread {
	t.Helper()
	var c specUnread
	decodeSpec(t, u.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(u.ID)}}), &c, unreadKeys)
	return c
}

func setCount(t *testing.T, u *testkit.User, typ string) {
	t.Helper()
	var res specResultBool
	decodeSpec(t, u.Post("/2/remind/set_count.json", url.Values{"type": {typ}}), &res, []string{"result"})
	if !res.Result {
		t.Fatalf("set_count %s: result false", typ)
	}
}

func rateStatus(t *testing.T, k *testkit.Kit, c *testkit.Client, ip string) specRateLimit {
	t.Helper()
	var rs specRateLimit
	decodeSpec(t, fromIP(k, c, ip, "GET", "/2/account/rate_limit_status.json", nil), &rs, rateLimitKeys)
	return rs
}

// fromIP sends c's request as if from ip, through the trusted proxy ("" for
// the loopback peer itself).
func fromIP(k *testkit.Kit, c *testkit.Client, ip, method, path string, params url.Values) *testkit.Response {
	var req *http.Request
	if method == http.MethodGet {
		u := k.URL + path
		if len(params) > 0 {
			u += "?" + params.Encode()
		}
		req, _ = http.NewRequest(method, u, nil)
	} else {
		req, _ = http.NewRequest(method, k.URL+path, strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	return c.Do(req)
}

// --- account/get_uid and account/end_session -----------------------------

func TestAccountGetUID(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	var out specUID
	m := decodeSpec(t, u.Get("/2/account/get_uid.json", nil), &out, []string{"uid"})
	if out.UID != u.ID {
		t.Fatalf("uid %d, want %d", out.UID, u.ID)
	}
	if _, ok := m["uid"].(float64); !ok {
		t.Errorf("uid is not a number: %v", m["uid"])
	}
	// access_token as a query parameter, Bearer, and the path without .json.
	anon := k.Anonymous()
	decodeSpec(t, anon.Get("/2/account/get_uid.json", url.Values{"access_token": {u.Token}}), &out, []string{"uid"})
	req, _ := http.NewRequest("GET", k.URL+"/2/account/get_uid", nil)
	req.Header.Set("Authorization", "Bearer "+u.Token)
	decodeSpec(t, anon.Do(req), &out, []string{"uid"})
	if out.UID != u.ID {
		t.Fatal("wrong uid")
	}

	anon.Fail(anon.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 10006)
	anon.Fail(anon.Get("/2/account/get_uid.json", url.Values{"source": {k.AppKey()}}), http.StatusUnauthorized, 10006)
	anon.Fail(anon.Get("/2/account/get_uid.json", url.Values{"access_token": {"2.00nope"}}), http.StatusUnauthorized, 21332)
	u.Fail(u.Post("/2/account/get_uid.json", nil), http.StatusMethodNotAllowed, 10021)
}

func TestAccountEndSession(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("leaver")
	second := passwordToken(t, k, k.AppKey(), k.AppSecret(), "leaver", u.Password, "")

	var user sinaspec.User
	r := u.Get("/2/account/end_session.json", nil)
	mustOK(t, r)
	sinaspec.Decode(t, r.Body, &user)
	if user.ID != u.ID || user.IDStr != fmt.Sprint(u.ID) || user.ScreenName != "leaver" {
		t.Fatalf("end_session user %+v", user)
	}
	// The token used is revoked; the user's other token is not.
	u.Fail(u.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21332)
	u.Fail(u.Get("/2/account/end_session.json", nil), http.StatusUnauthorized, 21332)
	if getUID(t, k, second.AccessToken) != u.ID {
		t.Fatal("end_session revoked more than the token used")
	}
	// POST is accepted too.
	c := clientWithToken(k, second.AccessToken)
	r = c.Post("/2/account/end_session.json", nil)
	mustOK(t, r)
	sinaspec.Decode(t, r.Body, &user)
	c.Fail(c.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21332)

	anon := k.Anonymous()
	anon.Fail(anon.Get("/2/account/end_session.json", nil), http.StatusUnauthorized, 10006)
	third := clientWithToken(k, passwordToken(t, k, k.AppKey(), k.AppSecret(), "leaver", u.Password, "").AccessToken)
	third.Fail(third.Form("PUT", "/2/account/end_session.json", nil), http.StatusMethodNotAllowed, 10021)
	if getUID(t, k, third.Token) != u.ID {
		t.Fatal("a refused end_session revoked the token")
	}
}

// --- account/rate_limit_status and the limits ----------------------------

var resetTimeRe = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)

func TestAccountRateLimitStatusShape(t *testing.T) {
	limits := &core.RateLimits{IPPerHour: 100, UserPerHour: map[domain.AppLevel]int{domain.AppLevelNormal: 20},
		PostsPerHour: 5, CommentsPerHour: 7}
	k := testkit.Start(t, testkit.Options{Limits: limits})
	u := k.NewUser()
	rs := rateStatus(t, k, u.Client, "")
	if rs.IPLimit != 100 || rs.RemainingIPHits != 100 || rs.UserLimit != 20 || rs.RemainingUserHits != 20 || rs.LimitTimeUnit != "HOURS" {
		t.Fatalf("fresh status %+v", rs)
	}
	want := []specAPIRateLimit{{"/statuses/update", 5, "HOURS", 5}, {"/comments/create", 7, "HOURS", 7}}
	if fmt.Sprint(rs.APIRateLimits) != fmt.Sprint(want) {
		t.Errorf("api_rate_limits %+v, want %+v", rs.APIRateLimits, want)
	}
	// reset_time is the next full hour in China time; reset_time_in_seconds the wait.
	if !resetTimeRe.MatchString(rs.ResetTime) {
		t.Fatalf("reset_time %q", rs.ResetTime)
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tz data")
	}
	reset, err := time.ParseInLocation("2006-01-02 15:04:05", rs.ResetTime, loc)
	if err != nil {
		t.Fatal(err)
	}
	now := k.Clock.Now()
	if !reset.Equal(now.Truncate(time.Hour).Add(time.Hour)) {
		t.Errorf("reset_time %s, now %s", rs.ResetTime, now.In(loc))
	}
	if got := rs.ResetTimeInSeconds; got < 0 || got > 3600 || time.Duration(got)*time.Second > reset.Sub(now) ||
		reset.Sub(now)-time.Duration(got)*time.Second >= time.Second {
		t.Errorf("reset_time_in_seconds %d for a wait of %s", got, reset.Sub(now))
	}

	// Errors: no token, wrong method.
	anon := k.Anonymous()
	anon.Fail(anon.Get("/2/account/rate_limit_status.json", nil), http.StatusUnauthorized, 10006)
	u.Fail(u.Post("/2/account/rate_limit_status.json", nil), http.StatusMethodNotAllowed, 10021)

	// With limits switched off the status never tells a client to wait.
	k2 := testkit.Start(t)
	u2 := k2.NewUser()
	rs = rateStatus(t, k2, u2.Client, "")
	if rs.IPLimit != core.Unlimited || rs.RemainingIPHits != core.Unlimited || rs.UserLimit != core.Unlimited ||
		rs.RemainingUserHits != core.Unlimited || len(rs.APIRateLimits) != 0 {
		t.Fatalf("unlimited status %+v", rs)
	}
}

func TestAccountRateLimits(t *testing.T) {
	limits := &core.RateLimits{IPPerHour: 6, UserPerHour: map[domain.AppLevel]int{domain.AppLevelNormal: 4},
		PostsPerHour: 2, CommentsPerHour: 1, FollowsPerHour: 2}
	k := testkit.Start(t, testkit.Options{Limits: limits, TrustProxy: true})
	users := make([]*testkit.User, 8)
	for i := range users {
		users[i] = k.NewUser()
	}
	general := func(u *testkit.User, ip string) *testkit.Response {
		return fromIP(k, u.Client, ip, "GET", "/2/statuses/home_timeline.json", nil)
	}
	ok := func(r *testkit.Response) {
		t.Helper()
		if r.Status != http.StatusOK {
			t.Fatalf("want 200, got %d %s", r.Status, r.Body)
		}
	}

	t.Run("counters move, per user, app and IP", func(t *testing.T) {
		u, v := users[0], users[1]
		const ipA, ipB = "203.0.113.1", "203.0.113.2"
		ok(general(u, ipA))
		ok(general(u, ipA))
		rs := rateStatus(t, k, u.Client, ipA)
		if rs.RemainingUserHits != 2 || rs.RemainingIPHits != 4 {
			t.Fatalf("after two calls: %+v", rs)
		}
		// Not counted: rate_limit_status itself, get_uid, unread_count.
		ok(fromIP(k, u.Client, ipA, "GET", "/2/account/get_uid.json", nil))
		ok(fromIP(k, u.Client, ipA, "GET", "/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(u.ID)}}))
		if rs2 := rateStatus(t, k, u.Client, ipA); rs2.RemainingUserHits != 2 || rs2.RemainingIPHits != 4 {
			t.Fatalf("uncounted calls moved the counters: %+v", rs2)
		}
		// Another user on the same IP: their own user budget, the IP's shared.
		rs = rateStatus(t, k, v.Client, ipA)
		if rs.RemainingUserHits != 4 || rs.RemainingIPHits != 4 {
			t.Fatalf("other user, same IP: %+v", rs)
		}
		// The same user from another IP: the user's budget, a fresh IP budget.
		rs = rateStatus(t, k, u.Client, ipB)
		if rs.RemainingUserHits != 2 || rs.RemainingIPHits != 6 {
			t.Fatalf("same user, other IP: %+v", rs)
		}
		// The same user through another app: a budget of its own.
		key2, secret2 := newApp(t, k, "second", "http://second.example/cb")
		c2 := clientWithToken(k, passwordToken(t, k, key2, secret2, u.ScreenName, u.Password, "").AccessToken)
		rs = rateStatus(t, k, c2, ipB)
		if rs.RemainingUserHits != 4 {
			t.Fatalf("same user, other app: %+v", rs)
		}
		// A post counts against the user and /statuses/update.
		ok(fromIP(k, u.Client, ipB, "POST", "/2/statuses/update.json", url.Values{"status": {"counted"}}))
		rs = rateStatus(t, k, u.Client, ipB)
		if rs.RemainingUserHits != 1 || rs.RemainingIPHits != 5 || rs.APIRateLimits[0].RemainingHits != 1 || rs.APIRateLimits[1].RemainingHits != 1 {
			t.Fatalf("after a post: %+v", rs)
		}
	})

	t.Run("IP limit 10022", func(t *testing.T) {
		const ip = "203.0.113.10"
		for _, u := range users[2:4] {
			for range 3 {
				ok(general(u, ip))
			}
		}
		users[4].Fail(general(users[4], ip), http.StatusForbidden, 10022)
		if rs := rateStatus(t, k, users[4].Client, ip); rs.RemainingIPHits != 0 || rs.RemainingUserHits != 4 {
			t.Fatalf("status at the IP limit: %+v", rs)
		}
		ok(general(users[4], "203.0.113.11"))
	})

	t.Run("user limit 10023", func(t *testing.T) {
		u := users[5]
		const ip = "203.0.113.20"
		for range 4 {
			ok(general(u, ip))
		}
		e := u.Fail(general(u, ip), http.StatusForbidden, 10023)
		if e.Error != "User requests out of rate limit" {
			t.Errorf("error %q", e.Error)
		}
		// Calls that are not rate limited still work.
		ok(fromIP(k, u.Client, ip, "GET", "/2/account/get_uid.json", nil))
		ok(fromIP(k, u.Client, ip, "GET", "/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(u.ID)}}))
		if rs := rateStatus(t, k, u.Client, ip); rs.RemainingUserHits != 0 {
			t.Fatalf("status at the user limit: %+v", rs)
		}
	})

	t.Run("post and comment limits 10024", func(t *testing.T) {
		u := users[6]
		const ip = "203.0.113.30"
		var st struct {
			IDStr string `json:"idstr"`
		}
		r := fromIP(k, u.Client, ip, "POST", "/2/statuses/update.json", url.Values{"status": {"one"}})
		if err := json.Unmarshal(r.Body, &st); err != nil || r.Status != 200 {
			t.Fatalf("post: %d %s", r.Status, r.Body)
		}
		ok(fromIP(k, u.Client, ip, "POST", "/2/comments/create.json", url.Values{"id": {st.IDStr}, "comment": {"c1"}}))
		e := u.Fail(fromIP(k, u.Client, ip, "POST", "/2/comments/create.json", url.Values{"id": {st.IDStr}, "comment": {"c2"}}),
			http.StatusForbidden, 10024)
		if e.Error != "User requests for (/comments/create) out of rate limit" {
			t.Errorf("error %q", e.Error)
		}
		ok(fromIP(k, u.Client, ip, "POST", "/2/statuses/update.json", url.Values{"status": {"two"}}))
		// The user budget (4) is spent by now as well; a fresh hour restores all.
		k.Clock.Advance(time.Hour)
		ok(fromIP(k, u.Client, ip, "POST", "/2/statuses/update.json", url.Values{"status": {"three"}}))
		ok(fromIP(k, u.Client, ip, "POST", "/2/statuses/update.json", url.Values{"status": {"four"}}))
		e = u.Fail(fromIP(k, u.Client, ip, "POST", "/2/statuses/update.json", url.Values{"status": {"five"}}), http.StatusForbidden, 10024)
		if e.Error != "User requests for (/statuses/update) out of rate limit" {
			t.Errorf("error %q", e.Error)
		}
		rs := rateStatus(t, k, u.Client, ip)
		if rs.APIRateLimits[0].API != "/statuses/update" || rs.APIRateLimits[0].RemainingHits != 0 {
			t.Fatalf("status at the post limit: %+v", rs)
		}
	})

	t.Run("follow limit 20505", func(t *testing.T) {
		k.Clock.Advance(time.Hour)
		u := users[7]
		const ip = "203.0.113.40"
		for _, target := range users[:2] {
			ok(fromIP(k, u.Client, ip, "POST", "/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(target.ID)}}))
		}
		u.Fail(fromIP(k, u.Client, ip, "POST", "/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(users[2].ID)}}),
			http.StatusForbidden, 20505)
	})

	t.Run("a new hour resets", func(t *testing.T) {
		k.Clock.Advance(time.Hour)
		u := users[5]
		rs := rateStatus(t, k, u.Client, "203.0.113.20")
		if rs.RemainingUserHits != 4 || rs.RemainingIPHits != 6 {
			t.Fatalf("after an hour: %+v", rs)
		}
		ok(general(u, "203.0.113.20"))
	})
}

// --- remind ---------------------------------------------------------------

func TestAccountRemindUnreadCount(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	if c := unread(t, alice); c != (specUnread{}) {
		t.Fatalf("fresh counters %+v", c)
	}

	// follow → follower
	bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), nil)
	// comment on my status → cmt
	mine := post(t, alice, "alice writes")
	bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {mine.IDStr}, "comment": {"nice"}}), nil)
	// @-mention in a status → mention_status; in a comment → mention_cmt
	bobs := post(t, bob, "hello @alice")
	bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {bobs.IDStr}, "comment": {"see @alice"}}), nil)
	k.Drain()
	c := unread(t, alice)
	want := specUnread{Follower: 1, Cmt: 1, MentionStatus: 1, MentionCmt: 1}
	if c != want {
		t.Fatalf("counters %+v, want %+v", c, want)
	}
	// Bob follows alice: her status is new to him; his own two posts are not.
	if c := unread(t, bob); c != (specUnread{Status: 1}) {
		t.Fatalf("bob's counters: %+v", c)
	}

	// status: new statuses by followees after the home timeline was read.
	alice.Must(alice.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), nil)
	alice.Must(alice.Get("/2/statuses/home_timeline.json", nil), nil)
	if c := unread(t, alice); c.Status != 0 {
		t.Fatalf("status after reading home: %d", c.Status)
	}
	post(t, bob, "new one")
	post(t, bob, "and another")
	k.Drain()
	if c := unread(t, alice); c.Status != 2 || c.Follower != 1 {
		t.Fatalf("after two followee posts: %+v", c)
	}
	if c := unread(t, bob); c.Follower != 1 || c.Status != 1 {
		t.Fatalf("bob after alice followed: %+v", c)
	}
	alice.Must(alice.Get("/2/statuses/home_timeline.json", nil), nil)
	if c := unread(t, alice); c.Status != 0 {
		t.Fatalf("status after reading home again: %d", c.Status)
	}
	// "status" is not a set_count type (objects.md §7).
	alice.Fail(alice.Post("/2/remind/set_count.json", url.Values{"type": {"status"}}), http.StatusBadRequest, 21702)

	// JSONP (the one endpoint that documents callback).
	r := alice.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(alice.ID)}, "callback": {"cb"}})
	body := strings.TrimSpace(string(r.Body))
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/javascript") ||
		!strings.HasSuffix(body, ");") || !strings.Contains(body, "cb(") {
		t.Fatalf("JSONP: %d %s %s", r.Status, r.Header.Get("Content-Type"), body)
	}
	inner := body[strings.Index(body, "cb(")+3 : len(body)-2]
	var jc specUnread
	if err := testkit.DecodeStrict([]byte(inner), &jc); err != nil || jc != c {
		t.Fatalf("JSONP payload %s: %v", inner, err)
	}
	// The path without .json.
	alice.Must(alice.Get("/2/remind/unread_count", url.Values{"uid": {fmt.Sprint(alice.ID)}, "unread_message": {"1"}}), nil)
}

func TestAccountRemindUnreadCountErrors(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser(), k.NewUser()
	me := fmt.Sprint(alice.ID)
	alice.Fail(alice.Get("/2/remind/unread_count.json", nil), http.StatusBadRequest, 10016)
	alice.Fail(alice.Get("/2/remind/unread_count.json", url.Values{"uid": {"abc"}}), http.StatusBadRequest, 10017)
	// Another user's counters are private.
	alice.Fail(alice.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), http.StatusBadRequest, 10017)
	alice.Fail(alice.Get("/2/remind/unread_count.json", url.Values{"uid": {me}, "unread_message": {"2"}}), http.StatusBadRequest, 10017)
	alice.Fail(alice.Get("/2/remind/unread_count.json", url.Values{"uid": {me}, "callback": {"alert(1)//"}}), http.StatusBadRequest, 10017)
	alice.Fail(alice.Post("/2/remind/unread_count.json", url.Values{"uid": {me}}), http.StatusMethodNotAllowed, 10021)
	anon := k.Anonymous()
	anon.Fail(anon.Get("/2/remind/unread_count.json", url.Values{"uid": {me}}), http.StatusUnauthorized, 10006)
	anon.Fail(anon.Get("/2/remind/unread_count.json", url.Values{"uid": {me}, "access_token": {"2.00x"}}), http.StatusUnauthorized, 21332)
}

func TestAccountRemindSetCount(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), nil)
	mine := post(t, alice, "alice writes")
	bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {mine.IDStr}, "comment": {"nice"}}), nil)
	bobs := post(t, bob, "hello @alice")
	bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {bobs.IDStr}, "comment": {"see @alice"}}), nil)
	k.Drain()
	want := specUnread{Follower: 1, Cmt: 1, MentionStatus: 1, MentionCmt: 1}
	if c := unread(t, alice); c != want {
		t.Fatalf("counters %+v", c)
	}

	// Each type clears its own counter and no other.
	for _, tc := range []struct {
		typ   string
		clear func(*specUnread)
	}{
		{"cmt", func(c *specUnread) { c.Cmt = 0 }},
		{"mention_status", func(c *specUnread) { c.MentionStatus = 0 }},
		{"follower", func(c *specUnread) { c.Follower = 0 }},
		{"mention_cmt", func(c *specUnread) { c.MentionCmt = 0 }},
	} {
		setCount(t, alice, tc.typ)
		tc.clear(&want)
		if c := unread(t, alice); c != want {
			t.Fatalf("after set_count %s: %+v, want %+v", tc.typ, c, want)
		}
	}
	// The other documented types are accepted (their counters stay zero),
	// including the later close_friends_* ones; a counter cleared twice is fine.
	for _, typ := range []string{"dm", "group", "notice", "invite", "badge", "photo", "cmt",
		"close_friends_feeds", "close_friends_mention_status", "close_friends_mention_cmt", "close_friends_cmt",
		"close_friends_attitude", "close_friends_common_cmt", "close_friends_invite"} {
		setCount(t, alice, typ)
	}
	if c := unread(t, alice); c != (specUnread{}) {
		t.Fatalf("counters %+v", c)
	}
	// Cleared counters count again from zero.
	post(t, bob, "again @alice")
	k.Drain()
	if c := unread(t, alice); c.MentionStatus != 1 {
		t.Fatalf("mention after clearing: %+v", c)
	}
	// Only the caller's counters are cleared.
	bob.Must(bob.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), nil)

	for _, bad := range []string{"status", "private_group", "msgbox", "bogus", "CMT"} {
		e := alice.Fail(alice.Post("/2/remind/set_count.json", url.Values{"type": {bad}}), http.StatusBadRequest, 21702)
		if e.Error != "Invalid category" {
			t.Errorf("error %q", e.Error)
		}
	}
	alice.Fail(alice.Post("/2/remind/set_count.json", nil), http.StatusBadRequest, 10016)
	alice.Fail(alice.Get("/2/remind/set_count.json", url.Values{"type": {"cmt"}}), http.StatusMethodNotAllowed, 10021)
	anon := k.Anonymous()
	anon.Fail(anon.Post("/2/remind/set_count.json", url.Values{"type": {"cmt"}}), http.StatusUnauthorized, 10006)
}
