package tencent_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/weibo-server/weibo/internal/testkit"
)

// authorizeInBrowser opens the authorize page for a request token and
// submits its form as name/password, returning the answer to the POST.
func authorizeInBrowser(t *testing.T, k *testkit.Kit, token, name, password string) *testkit.Response {
	t.Helper()
	page := k.Anonymous().Get("/cgi-bin/authorize", vals("oauth_token", token))
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "testkit") {
		t.Fatalf("authorize page: %d %s", page.Status, page.Body)
	}
	var csrf string
	for _, ck := range (&http.Response{Header: page.Header}).Cookies() {
		if ck.Name == "weibo_csrf" {
			csrf = ck.Value
		}
	}
	form := vals("oauth_token", token, "userid", name, "passwd", password, "csrf_token", csrf, "action", "authorize")
	req, _ := http.NewRequest(http.MethodPost, k.URL+"/cgi-bin/authorize", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "weibo_csrf="+csrf)
	return k.Anonymous().Do(req)
}

// An independent OAuth 1.0a client library (header signing, POSTs to the
// token endpoints) goes through the three legs and calls the API.
func TestThreeLeggedWithAnIndependentClient(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	cfg := &oauth1.Config{
		ConsumerKey: k.AppKey(), ConsumerSecret: k.AppSecret(), CallbackURL: k.URL + "/callback",
		Endpoint: oauth1.Endpoint{RequestTokenURL: k.URL + "/cgi-bin/request_token",
			AuthorizeURL: k.URL + "/cgi-bin/authorize", AccessTokenURL: k.URL + "/cgi-bin/access_token"},
	}
	reqToken, reqSecret, err := cfg.RequestToken()
	if err != nil {
		t.Fatalf("request token: %v", err)
	}
	resp := authorizeInBrowser(t, k, reqToken, "alice", alice.Password)
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.Status != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), k.URL+"/callback?") {
		t.Fatalf("authorize: %d %q", resp.Status, resp.Header.Get("Location"))
	}
	if loc.Query().Get("oauth_token") != reqToken || len(loc.Query().Get("oauth_verifier")) != 6 {
		t.Fatalf("callback query %q", loc.RawQuery)
	}
	accToken, accSecret, err := cfg.AccessToken(reqToken, reqSecret, loc.Query().Get("oauth_verifier"))
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	client := cfg.Client(context.Background(), oauth1.NewToken(accToken, accSecret))
	r, err := client.Get(k.URL + "/api/user/info?format=json")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var p profile
	k.TencentApp().MustOK(&testkit.Response{Status: r.StatusCode, Header: r.Header, Body: body}, &p)
	if p.Name != "alice" || p.Nick != "alice" || p.Head == "" || p.Tag == nil {
		t.Fatalf("user/info = %+v", p)
	}
	// The request token is spent: a second exchange is refused.
	if _, _, err := cfg.AccessToken(reqToken, reqSecret, loc.Query().Get("oauth_verifier")); err == nil {
		t.Fatal("a request token was exchanged twice")
	}
}

// The access-token answer names the account, and the three placements of
// the oauth parameters all verify.
func TestOAuthParametersInQueryBodyOrHeader(t *testing.T) {
	k := testkit.Start(t)
	bob := k.NewUser("bob")
	c := bob.Tencent(k)
	if c.Name != "bob" {
		t.Fatalf("access token name = %q", c.Name)
	}
	for _, in := range []testkit.OAuthIn{testkit.InQuery, testkit.InBody, testkit.InHeader} {
		c.In = in
		addTweet(t, c, "placement "+strconv.Itoa(int(in)))
		if in != testkit.InBody {
			c.MustOK(c.Get("/api/user/info", nil), nil)
		}
	}
}

func TestOutOfBandShowsTheVerifier(t *testing.T) {
	k := testkit.Start(t)
	carol := k.NewUser("carol")
	app := k.TencentApp()
	for _, cb := range []string{"null", "oob"} {
		tok := app.MustForm(app.Get("/cgi-bin/request_token", vals("oauth_callback", cb)),
			"oauth_token", "oauth_token_secret", "oauth_callback_confirmed")
		resp := authorizeInBrowser(t, k, tok.Get("oauth_token"), "carol", carol.Password)
		body := string(resp.Body)
		i := strings.Index(body, `data-verifier="`)
		if resp.Status != http.StatusOK || i < 0 {
			t.Fatalf("callback %s: %d %s", cb, resp.Status, body)
		}
		verifier := body[i+len(`data-verifier="`) : i+len(`data-verifier="`)+6]
		rc := *app
		rc.Token, rc.TokenSecret = tok.Get("oauth_token"), tok.Get("oauth_token_secret")
		acc := app.MustForm(rc.Get("/cgi-bin/access_token", vals("oauth_verifier", verifier)),
			"oauth_token", "oauth_token_secret", "name")
		if acc.Get("name") != "carol" {
			t.Fatalf("name = %q", acc.Get("name"))
		}
	}
}

// oauthFail asserts a /cgi-bin/* failure: HTTP status and ret in form text.
func oauthFail(t *testing.T, r *testkit.Response, status, ret int) url.Values {
	t.Helper()
	v, err := url.ParseQuery(string(r.Body))
	if err != nil || r.Status != status || v.Get("ret") != strconv.Itoa(ret) || v.Get("msg") == "" {
		t.Fatalf("want HTTP %d ret %d, got %d: %s", status, ret, r.Status, r.Body)
	}
	return v
}

func TestTokenEndpointFailures(t *testing.T) {
	k := testkit.Start(t)
	dave := k.NewUser("dave")
	app := k.TencentApp()

	// Unknown app, wrong secret, bad callback, no signature.
	bad := *app
	bad.ConsumerKey = "0000000000"
	oauthFail(t, bad.Get("/cgi-bin/request_token", vals("oauth_callback", "null")), 401, 3)
	bad = *app
	bad.ConsumerSecret = "wrong"
	if v := oauthFail(t, bad.Get("/cgi-bin/request_token", vals("oauth_callback", "null")), 401, 3); v.Get("oauth_problem") != "signature_invalid" {
		t.Fatalf("problem = %q", v.Get("oauth_problem"))
	}
	oauthFail(t, app.Get("/cgi-bin/request_token", vals("oauth_callback", "javascript:alert(1)")), 400, 1)
	oauthFail(t, k.Anonymous().Get("/cgi-bin/request_token", vals("oauth_callback", "null")), 401, 3)
	oauthFail(t, k.Anonymous().Form(http.MethodPut, "/cgi-bin/request_token", nil), 400, 1)

	// A request token not yet authorized cannot be exchanged, and is not an
	// access token.
	tok := app.MustForm(app.Get("/cgi-bin/request_token", vals("oauth_callback", "null")),
		"oauth_token", "oauth_token_secret", "oauth_callback_confirmed")
	rc := *app
	rc.Token, rc.TokenSecret = tok.Get("oauth_token"), tok.Get("oauth_token_secret")
	oauthFail(t, rc.Get("/cgi-bin/access_token", vals("oauth_verifier", "123456")), 401, 3)
	rc.MustFail(rc.Get("/api/user/info", nil), 3, 3)

	// A wrong verifier spends the request token.
	authorizeInBrowser(t, k, rc.Token, "dave", dave.Password)
	oauthFail(t, rc.Get("/cgi-bin/access_token", vals("oauth_verifier", "not-it")), 401, 3)
	page := k.Anonymous().Get("/cgi-bin/authorize", vals("oauth_token", rc.Token))
	if page.Status != http.StatusBadRequest {
		t.Fatalf("authorize page of a spent token: %d", page.Status)
	}

	// An expired request token.
	tok = app.MustForm(app.Get("/cgi-bin/request_token", vals("oauth_callback", "null")),
		"oauth_token", "oauth_token_secret", "oauth_callback_confirmed")
	k.Clock.Advance(11 * time.Minute)
	if page := k.Anonymous().Get("/cgi-bin/authorize", vals("oauth_token", tok.Get("oauth_token"))); page.Status != http.StatusBadRequest {
		t.Fatalf("authorize page of an expired token: %d", page.Status)
	}
	// An unknown token on the page.
	if page := k.Anonymous().Get("/cgi-bin/authorize", vals("oauth_token", "nope")); page.Status != http.StatusBadRequest {
		t.Fatalf("authorize page of an unknown token: %d", page.Status)
	}
}

// Signature, timestamp, nonce and token checks on API calls: every failure
// is ret 3.
func TestAPICallAuthFailures(t *testing.T) {
	k := testkit.Start(t)
	erin := k.NewUser("erin")
	c := erin.Tencent(k)

	c.MustOK(c.Get("/api/user/info", nil), nil)

	// Wrong token secret: the signature does not verify.
	bad := *c
	bad.TokenSecret = "wrong"
	bad.MustFail(bad.Get("/api/user/info", nil), 3, 3)
	// Unknown token.
	bad = *c
	bad.Token = "ffffffffffffffffffffffffffffffff"
	bad.MustFail(bad.Get("/api/user/info", nil), 3, 3)
	// No credentials at all.
	r := k.Anonymous().Get("/api/user/info", nil)
	c.MustFail(r, 3, 3)

	// A replayed request: the same nonce twice.
	o := c.OAuthParams(http.MethodGet, k.URL+"/api/user/info", nil)
	first := k.Anonymous().Get("/api/user/info", o)
	c.MustOK(first, nil)
	c.MustFail(k.Anonymous().Get("/api/user/info", o), 3, 3)

	// A stale timestamp, then one from the future.
	o = c.OAuthParams(http.MethodGet, k.URL+"/api/user/info", nil)
	k.Clock.Advance(11 * time.Minute)
	c.MustFail(k.Anonymous().Get("/api/user/info", o), 3, 3)
	o = c.OAuthParams(http.MethodGet, k.URL+"/api/user/info", nil)
	k.Clock.Advance(-11 * time.Minute) // the request now comes from the future
	c.MustFail(k.Anonymous().Get("/api/user/info", o), 3, 3)
	k.Clock.Advance(11 * time.Minute)

	// A tampered parameter.
	o = c.OAuthParams(http.MethodGet, k.URL+"/api/t/show", vals("id", "1"))
	o.Set("id", "2")
	c.MustFail(k.Anonymous().Get("/api/t/show", o), 3, 3)

	// Another signature method.
	o = c.OAuthParams(http.MethodGet, k.URL+"/api/user/info", nil)
	o.Set("oauth_signature_method", "PLAINTEXT")
	c.MustFail(k.Anonymous().Get("/api/user/info", o), 3, 3)
	// The oauth parameters twice.
	o = c.OAuthParams(http.MethodGet, k.URL+"/api/user/info", nil)
	o.Add("oauth_nonce", "another")
	c.MustFail(k.Anonymous().Get("/api/user/info", o), 3, 3)
}

// The OAuth 1.0a authorize page is the site's one consent page, the page
// /oauth2/authorize shows: the same markup, the app and what it is granted
// in plain words, in the visitor's language, with the site's form token
// (one cookie, weibo_csrf, for both). A forged token is refused; a spent
// request token shows no form.
func TestAuthorizeIsTheSiteConsentPage(t *testing.T) {
	k := testkit.Start(t)
	dora := k.NewUser("dora")
	app := k.TencentApp()
	tok := app.MustForm(app.Get("/cgi-bin/request_token", vals("oauth_callback", "null")),
		"oauth_token", "oauth_token_secret", "oauth_callback_confirmed")
	page := k.Anonymous().Get("/cgi-bin/authorize", vals("oauth_token", tok.Get("oauth_token")))
	body := string(page.Body)
	for _, want := range []string{`<main class="consent card">`, "授权 testkit", `data-scope="direct_messages_read"`,
		`data-scope="direct_messages_write"`, `name="userid"`, `name="passwd"`, `name="csrf_token"`, `name="oauth_token"`} {
		if !strings.Contains(body, want) {
			t.Fatalf("authorize page lacks %q:\n%s", want, body)
		}
	}
	var cookie string
	for _, ck := range (&http.Response{Header: page.Header}).Cookies() {
		if ck.Name == "weibo_csrf" {
			cookie = ck.Value
		}
	}
	sina := k.Anonymous().Get("/oauth2/authorize", vals("client_id", k.AppKey(), "redirect_uri", k.URL+"/callback"))
	if !strings.Contains(string(sina.Body), `<main class="consent card">`) || cookie == "" {
		t.Fatalf("the two pages differ, or no weibo_csrf cookie: %s", sina.Body)
	}
	en := k.Anonymous()
	req, _ := http.NewRequest(http.MethodGet, k.URL+"/cgi-bin/authorize?oauth_token="+url.QueryEscape(tok.Get("oauth_token")), nil)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	if r := en.Do(req); !strings.Contains(string(r.Body), "Read your direct messages") || !strings.Contains(string(r.Body), `lang="en"`) {
		t.Fatalf("English page: %s", r.Body)
	}

	post := func(csrf string) *testkit.Response {
		form := vals("oauth_token", tok.Get("oauth_token"), "userid", "dora", "passwd", dora.Password, "csrf_token", csrf,
			"action", "authorize")
		req, _ := http.NewRequest(http.MethodPost, k.URL+"/cgi-bin/authorize", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "weibo_csrf="+cookie)
		return k.Anonymous().Do(req)
	}
	if r := post("forged-token-forged-token-forged-token"); r.Status != http.StatusForbidden ||
		!strings.Contains(string(r.Body), "页面已过期") {
		t.Fatalf("forged token: %d %s", r.Status, r.Body)
	}
	if r := post(cookie); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `data-verifier="`) {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	// Spent: the page says so, without a form.
	if r := post(cookie); r.Status != http.StatusBadRequest || strings.Contains(string(r.Body), "<form") {
		t.Fatalf("spent request token: %d %s", r.Status, r.Body)
	}
}
