package sina_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

// The response objects of oauth2.md and objects.md §12, written from the spec
// and not from the server's render types, so strict decoding checks the
// server against the spec.

// specToken is oauth2/access_token's answer (oauth2.md §2).
type specToken struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	RemindIn    string `json:"remind_in"`
	UID         string `json:"uid"`
	// Only for the password and refresh grants (oauth2.md §2).
	RefreshToken string `json:"refresh_token"`
}

var tokenKeys = []string{"access_token", "expires_in", "remind_in", "uid"}

// specTokenInfo is objects.md §12.
type specTokenInfo struct {
	UID      int64       `json:"uid"`
	AppKey   stringOrNum `json:"appkey"`
	Scope    *string     `json:"scope"`
	CreateAt int64       `json:"create_at"`
	ExpireIn int64       `json:"expire_in"`
}

var tokenInfoKeys = []string{"uid", "appkey", "scope", "create_at", "expire_in"}

// specResultString is oauth2/revokeoauth2's {"result":"true"}.
type specResultString struct {
	Result string `json:"result"`
}

func strOf(p *string) string {
	if p == nil {
		return "null"
	}
	return strconv.Quote(*p)
}

// stringOrNum is a field objects.md types "string/number" (the appkey: the
// example shows a bare number); either spelling decodes to its text.
type stringOrNum string

func (s *stringOrNum) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err == nil {
		*s = stringOrNum(str)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %s", b)
	}
	*s = stringOrNum(n.String())
	return nil
}

// decodeSpec decodes a 200 body strictly into v (an unknown field fails) and
// checks every key the spec says is always present is there (a missing key
// would otherwise decode as a zero value).
func decodeSpec(t *testing.T, r *testkit.Response, v any, keys []string) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want 200, got %d: %s", r.Status, r.Body)
	}
	if err := testkit.DecodeStrict(r.Body, v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, r.Body)
	}
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatal(err)
	}
	requireKeys(t, m, keys)
	return m
}

// oauthFail asserts an /oauth2/* error: the Sina envelope plus the OAuth
// "error" string, error_uri and error_description (errors.md §1).
func oauthFail(t *testing.T, c *testkit.Client, r *testkit.Response, status, code int, oauthErr string) testkit.SinaError {
	t.Helper()
	e := c.Fail(r, status, code)
	if e.Error != oauthErr {
		t.Errorf("error = %q, want %q (%s)", e.Error, oauthErr, r.Body)
	}
	if e.ErrorURI == "" || e.ErrorURI != e.Request || e.ErrorDescription == "" {
		t.Errorf("OAuth error envelope incomplete: %s", r.Body)
	}
	return e
}

// tokenParams are the client credentials of the kit's app plus extra.
func tokenParams(k *testkit.Kit, kv ...string) url.Values {
	v := url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// passwordToken runs the password grant over HTTP and checks the response shape.
func passwordToken(t *testing.T, k *testkit.Kit, key, secret, username, password, scope string) specToken {
	t.Helper()
	c := k.Anonymous()
	v := url.Values{"client_id": {key}, "client_secret": {secret}, "grant_type": {"password"},
		"username": {username}, "password": {password}}
	if scope != "" {
		v.Set("scope", scope)
	}
	var tok specToken
	decodeSpec(t, c.Post("/oauth2/access_token", v), &tok, append(tokenKeys, "refresh_token"))
	return tok
}

// newApp registers a second client app on the kit, returning key and secret.
func newApp(t *testing.T, k *testkit.Kit, name, redirect string) (string, string) {
	t.Helper()
	app, secret, err := k.App.Core.CreateApp(context.Background(), core.CreateAppInput{Name: name, RedirectURI: redirect})
	if err != nil {
		t.Fatal(err)
	}
	return app.Key, secret
}

// send puts params where a client would for the method: the query string for
// GET (a GET body is not read), the form body otherwise.
func send(c *testkit.Client, method, path string, params url.Values) *testkit.Response {
	if method == http.MethodGet {
		return c.Get(path, params)
	}
	return c.Form(method, path, params)
}

func clientWithToken(k *testkit.Kit, token string) *testkit.Client {
	c := k.Anonymous()
	c.Token = token
	return c
}

func getUID(t *testing.T, k *testkit.Kit, token string) int64 {
	t.Helper()
	c := clientWithToken(k, token)
	var out struct {
		UID int64 `json:"uid"`
	}
	c.Must(c.Get("/2/account/get_uid.json", nil), &out)
	return out.UID
}

// --- a browser for the authorize page -------------------------------------

// browser is a user agent with cookies that does not follow redirects, so
// the test sees the 302 to the client's redirect_uri.
type browser struct {
	t    *testing.T
	http *http.Client
	// header is sent with every request (X-Forwarded-For: where it comes from).
	header http.Header
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	status int
	header http.Header
	url    *url.URL
	body   string
}

func (b *browser) do(method, rawURL string, form url.Values, header http.Header) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, vs := range b.header {
		req.Header[k] = vs
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{status: resp.StatusCode, header: resp.Header, url: req.URL, body: string(raw)}
}

// htmlForm is the one form of the authorize page, as a browser would see it.
type htmlForm struct {
	action, method string
	base           *url.URL
	inputs         []htmlControl
	buttons        []htmlControl
}

type htmlControl struct {
	typ, name, value string
	required         bool
}

var (
	tagRe  = regexp.MustCompile(`(?is)<(form|input|button)\b([^>]*)>`)
	attrRe = regexp.MustCompile(`(?s)([a-zA-Z_:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

// parseForm reads the page's form with its controls; the page must hold
// exactly one form.
func parseForm(t *testing.T, p page) *htmlForm {
	t.Helper()
	var f *htmlForm
	for _, m := range tagRe.FindAllStringSubmatch(p.body, -1) {
		a := attrs(m[2])
		_, req := a["required"]
		c := htmlControl{typ: strings.ToLower(a["type"]), name: a["name"], value: a["value"], required: req}
		switch strings.ToLower(m[1]) {
		case "form":
			if f != nil {
				t.Fatalf("more than one form:\n%s", p.body)
			}
			f = &htmlForm{action: a["action"], method: strings.ToLower(a["method"]), base: p.url}
		case "input":
			if f == nil {
				t.Fatalf("input outside a form:\n%s", p.body)
			}
			if c.typ == "" {
				c.typ = "text"
			}
			f.inputs = append(f.inputs, c)
		case "button":
			if f == nil {
				t.Fatalf("button outside a form:\n%s", p.body)
			}
			f.buttons = append(f.buttons, c)
		}
	}
	if f == nil {
		t.Fatalf("no form on the page:\n%s", p.body)
	}
	return f
}

func (f *htmlForm) input(name string) (htmlControl, bool) {
	for _, c := range f.inputs {
		if c.name == name {
			return c, true
		}
	}
	return htmlControl{}, false
}

// submit fills the named fields, presses the button whose value is button,
// and posts the form as a browser would: every input with its value, the
// pressed button's name=value, to the action resolved against the page URL.
func (b *browser) submit(f *htmlForm, fill map[string]string, button string) page {
	b.t.Helper()
	v := url.Values{}
	for _, c := range f.inputs {
		if c.name == "" {
			continue
		}
		val := c.value
		if x, ok := fill[c.name]; ok {
			val = x
		}
		v.Add(c.name, val)
	}
	pressed := false
	for _, c := range f.buttons {
		if c.value == button && c.name != "" {
			v.Add(c.name, c.value)
			pressed = true
		}
	}
	if !pressed {
		b.t.Fatalf("no button with value %q", button)
	}
	action, err := f.base.Parse(f.action)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(strings.ToUpper(f.method), action.String(), v, nil)
}

// callback checks p is a redirect to redirectURI and returns its query.
func callback(t *testing.T, p page, redirectURI string) url.Values {
	t.Helper()
	if p.status != http.StatusFound {
		t.Fatalf("want a 302 to the client, got %d:\n%s", p.status, p.body)
	}
	loc, err := url.Parse(p.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := url.Parse(redirectURI)
	if loc.Scheme != want.Scheme || loc.Host != want.Host || loc.Path != want.Path {
		t.Fatalf("redirected to %s, want %s", loc, redirectURI)
	}
	return loc.Query()
}

// authorize drives the consent page: GET authURL, sign in, approve; it
// returns the code from the redirect.
func authorize(t *testing.T, authURL, login, password, redirectURI string) string {
	t.Helper()
	b := newBrowser(t)
	p := b.do("GET", authURL, nil, nil)
	if p.status != http.StatusOK {
		t.Fatalf("authorize page: %d %s", p.status, p.body)
	}
	q := callback(t, b.submit(parseForm(t, p), map[string]string{"userId": login, "passwd": password}, "authorize"), redirectURI)
	code := q.Get("code")
	if code == "" {
		t.Fatalf("no code in the redirect: %v", q)
	}
	return code
}

func oauthConfig(k *testkit.Kit, style oauth2.AuthStyle) *oauth2.Config {
	return &oauth2.Config{
		ClientID: k.AppKey(), ClientSecret: k.AppSecret(), RedirectURL: k.URL + "/callback",
		Endpoint: oauth2.Endpoint{AuthURL: k.URL + "/oauth2/authorize", TokenURL: k.URL + "/oauth2/access_token", AuthStyle: style},
	}
}

// retrieveError unwraps golang.org/x/oauth2's error and checks the Sina code
// in the body beside the OAuth error string.
func retrieveError(t *testing.T, err error, oauthErr string, code int) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("want an oauth2.RetrieveError %q, got %v", oauthErr, err)
	}
	if re.ErrorCode != oauthErr {
		t.Errorf("error = %q, want %q", re.ErrorCode, oauthErr)
	}
	var e testkit.SinaError
	if err := testkit.DecodeStrict(re.Body, &e); err != nil || e.ErrorCode != code {
		t.Errorf("want error_code %d, got %s (%v)", code, re.Body, err)
	}
}

// --- the authorization-code flow -----------------------------------------

func TestOAuthAuthorizationCodeFlow(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	ctx := t.Context()

	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader} {
		t.Run(fmt.Sprint("style", style), func(t *testing.T) {
			conf := oauthConfig(k, style)
			// x/oauth2 joins scopes with spaces (RFC 6749); Sina clients use commas.
			conf.Scopes = []string{"email", "statuses_to_me_read"}
			state := `s"1'<script>alert(1)</script>&x`
			b := newBrowser(t)
			p := b.do("GET", conf.AuthCodeURL(state), nil, nil)
			if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
				t.Fatalf("authorize page: %d %s\n%s", p.status, p.header.Get("Content-Type"), p.body)
			}
			if p.header.Get("X-Frame-Options") != "DENY" {
				t.Error("the consent page may be framed (clickjacking)")
			}
			if strings.Contains(p.body, "<script>") {
				t.Fatalf("state is not escaped:\n%s", p.body)
			}
			f := parseForm(t, p)
			if f.method != "post" {
				t.Errorf("form method %q", f.method)
			}
			for name, typ := range map[string]string{"userId": "text", "passwd": "password", "client_id": "hidden",
				"redirect_uri": "hidden", "response_type": "hidden", "state": "hidden", "scope": "hidden", "csrf_token": "hidden"} {
				c, ok := f.input(name)
				if !ok || c.typ != typ {
					t.Errorf("field %s: %+v (present %v), want type %s", name, c, ok, typ)
				}
			}
			for name, want := range map[string]string{"client_id": k.AppKey(), "redirect_uri": conf.RedirectURL,
				"response_type": "code", "state": state, "scope": "email statuses_to_me_read"} {
				if c, _ := f.input(name); c.value != want {
					t.Errorf("hidden %s = %q, want %q", name, c.value, want)
				}
			}
			if c, _ := f.input("csrf_token"); len(c.value) < 16 {
				t.Errorf("CSRF token %q too short", c.value)
			}
			if c, _ := f.input("passwd"); c.value != "" || !c.required {
				t.Errorf("password field %+v", c)
			}

			// A wrong password shows the form again with a message, keeps
			// the login name (escaped) and redirects nowhere.
			login := `alice"><b>`
			again := b.submit(f, map[string]string{"userId": login, "passwd": "wrong"}, "authorize")
			if again.status != http.StatusOK || again.header.Get("Location") != "" {
				t.Fatalf("wrong password: %d %v", again.status, again.header)
			}
			if !strings.Contains(again.body, "帐号或密码错误") || strings.Contains(again.body, `"><b>`) {
				t.Fatalf("wrong password page:\n%s", again.body)
			}
			f2 := parseForm(t, again)
			if c, _ := f2.input("userId"); c.value != login {
				t.Errorf("login name not kept: %q", c.value)
			}
			if c, _ := f2.input("state"); c.value != state {
				t.Errorf("state not kept: %q", c.value)
			}

			q := callback(t, b.submit(f2, map[string]string{"userId": "alice", "passwd": alice.Password}, "authorize"), conf.RedirectURL)
			if q.Get("state") != state || q.Get("code") == "" {
				t.Fatalf("redirect query %v", q)
			}
			tok, err := conf.Exchange(ctx, q.Get("code"))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if tok.Extra("uid") != strconv.FormatInt(alice.ID, 10) || tok.RefreshToken != "" || tok.Expiry.IsZero() {
				t.Fatalf("token: %+v uid=%v", tok, tok.Extra("uid"))
			}
			// The token works, sent by the library as "Authorization: Bearer".
			resp, err := conf.Client(ctx, tok).Get(k.URL + "/2/account/get_uid.json")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || string(body) != fmt.Sprintf("{\"uid\":%d}\n", alice.ID) {
				t.Fatalf("get_uid with the token: %d %s", resp.StatusCode, body)
			}
			// The scopes granted on the page are the token's.
			var info specTokenInfo
			decodeSpec(t, k.Anonymous().Post("/oauth2/get_token_info", url.Values{"access_token": {tok.AccessToken}}), &info, tokenInfoKeys)
			if info.Scope == nil || *info.Scope != "email,statuses_to_me_read" {
				t.Errorf("scope = %s, want email,statuses_to_me_read", strOf(info.Scope))
			}

			// Single use.
			_, err = conf.Exchange(ctx, q.Get("code"))
			retrieveError(t, err, "invalid_grant", 21325)
		})
	}
}

func TestOAuthAuthorizationCodeResponseShape(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("shape")
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	code := authorize(t, conf.AuthCodeURL("st"), "shape", u.Password, conf.RedirectURL)
	c := k.Anonymous()
	r := c.Post("/oauth2/access_token", tokenParams(k, "grant_type", "authorization_code", "code", code, "redirect_uri", conf.RedirectURL))
	var tok specToken
	m := decodeSpec(t, r, &tok, tokenKeys)
	if _, ok := m["refresh_token"]; ok {
		t.Errorf("the code grant issued a refresh token: %s", r.Body)
	}
	if _, ok := m["expires_in"].(float64); !ok {
		t.Errorf("expires_in is not a number: %s", r.Body)
	}
	if tok.UID != strconv.FormatInt(u.ID, 10) || tok.RemindIn != strconv.Itoa(tok.ExpiresIn) || tok.ExpiresIn <= 0 ||
		!strings.HasPrefix(tok.AccessToken, "2.00") {
		t.Fatalf("token %+v", tok)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q (RFC 6749 §5.1)", cc)
	}
	if getUID(t, k, tok.AccessToken) != u.ID {
		t.Fatal("token is not the user's")
	}
	// Used: the same request again is invalid_grant with Sina's description
	// (what the replay revokes: TestOAuthReplayedCode).
	e := oauthFail(t, c, c.Post("/oauth2/access_token", tokenParams(k, "grant_type", "authorization_code", "code", code,
		"redirect_uri", conf.RedirectURL)), http.StatusBadRequest, 21325, "invalid_grant")
	if e.ErrorDescription != "invalid authorization code:"+code {
		t.Errorf("error_description = %q", e.ErrorDescription)
	}
	// A new authorization works as before.
	code = authorize(t, conf.AuthCodeURL("st"), "shape", u.Password, conf.RedirectURL)
	decodeSpec(t, c.Post("/oauth2/access_token", tokenParams(k, "grant_type", "authorization_code", "code", code,
		"redirect_uri", conf.RedirectURL)), &tok, tokenKeys)
	if getUID(t, k, tok.AccessToken) != u.ID {
		t.Fatal("token after re-authorizing is not the user's")
	}
}

func TestOAuthAuthorizationCodeBinding(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("bind")
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	c := k.Anonymous()
	exchange := func(key, secret, code, redirect string) *testkit.Response {
		v := url.Values{"client_id": {key}, "client_secret": {secret}, "grant_type": {"authorization_code"}, "code": {code}}
		if redirect != "" {
			v.Set("redirect_uri", redirect)
		}
		return c.Post("/oauth2/access_token", v)
	}

	t.Run("expires after ten minutes", func(t *testing.T) {
		code := authorize(t, conf.AuthCodeURL("a"), "bind", u.Password, conf.RedirectURL)
		k.Clock.Advance(10*time.Minute + time.Second)
		oauthFail(t, c, exchange(k.AppKey(), k.AppSecret(), code, conf.RedirectURL), http.StatusBadRequest, 21325, "invalid_grant")

		code = authorize(t, conf.AuthCodeURL("a"), "bind", u.Password, conf.RedirectURL)
		k.Clock.Advance(9 * time.Minute)
		var tok specToken
		decodeSpec(t, exchange(k.AppKey(), k.AppSecret(), code, conf.RedirectURL), &tok, tokenKeys)
	})

	t.Run("bound to the client", func(t *testing.T) {
		key2, secret2 := newApp(t, k, "other", k.URL+"/callback")
		code := authorize(t, conf.AuthCodeURL("b"), "bind", u.Password, conf.RedirectURL)
		oauthFail(t, c, exchange(key2, secret2, code, conf.RedirectURL), http.StatusBadRequest, 21325, "invalid_grant")
		// The other app's secret does not authenticate this app.
		oauthFail(t, c, exchange(k.AppKey(), secret2, code, conf.RedirectURL), http.StatusUnauthorized, 21324, "invalid_client")
	})

	t.Run("bound to the redirect_uri", func(t *testing.T) {
		sub := k.URL + "/callback/sub?x=1"
		subConf := *conf
		subConf.RedirectURL = sub
		code := authorize(t, subConf.AuthCodeURL("c"), "bind", u.Password, sub)
		oauthFail(t, c, exchange(k.AppKey(), k.AppSecret(), code, conf.RedirectURL), http.StatusBadRequest, 21322, "redirect_uri_mismatch")
		oauthFail(t, c, exchange(k.AppKey(), k.AppSecret(), code, ""), http.StatusBadRequest, 21323, "invalid_request")
		// Refusals above did not spend the code: the right redirect_uri still works.
		var tok specToken
		decodeSpec(t, exchange(k.AppKey(), k.AppSecret(), code, sub), &tok, tokenKeys)
		if getUID(t, k, tok.AccessToken) != u.ID {
			t.Fatal("wrong user")
		}
	})
}

func TestOAuthAuthorizePage(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("page")
	if _, err := k.App.Core.CreateUser(context.Background(), core.CreateUserInput{ScreenName: "mailer", Password: "secret-mailer", Email: "Mailer@Example.com"}); err != nil {
		t.Fatal(err)
	}
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	anon := k.Anonymous()
	authURL := func(kv ...string) string {
		v := url.Values{"client_id": {k.AppKey()}, "redirect_uri": {conf.RedirectURL}, "response_type": {"code"}, "state": {"st"}}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		return "/oauth2/authorize?" + v.Encode()
	}

	t.Run("client errors are answered, never redirected", func(t *testing.T) {
		oauthFail(t, anon, anon.Get(authURL("client_id", "999"), nil), http.StatusUnauthorized, 21324, "invalid_client")
		oauthFail(t, anon, anon.Get(authURL("client_id", ""), nil), http.StatusBadRequest, 21323, "invalid_request")
		for _, bad := range []string{"", "http://evil.example/callback", k.URL + "/callbackx", k.URL + "/callback/../evil",
			k.URL + "/callback/%2e%2e/evil", k.URL + "/callback#frag", strings.Replace(k.URL, "http:", "https:", 1) + "/callback"} {
			e := oauthFail(t, anon, anon.Get(authURL("redirect_uri", bad), nil), http.StatusBadRequest, 21322, "redirect_uri_mismatch")
			if e.Request != "/oauth2/authorize" {
				t.Errorf("request = %q", e.Request)
			}
		}
		oauthFail(t, anon, anon.Form("PUT", authURL(), nil), http.StatusMethodNotAllowed, 10021, "invalid_request")
	})

	t.Run("unsupported response_type is redirected", func(t *testing.T) {
		b := newBrowser(t)
		q := callback(t, b.do("GET", k.URL+authURL("response_type", "token"), nil, nil), conf.RedirectURL)
		if q.Get("error") != "unsupported_response_type" || q.Get("error_code") != "21329" || q.Get("state") != "st" || q.Get("code") != "" {
			t.Fatalf("redirect %v", q)
		}
	})

	t.Run("denial", func(t *testing.T) {
		b := newBrowser(t)
		f := parseForm(t, b.do("GET", k.URL+authURL(), nil, nil))
		q := callback(t, b.submit(f, nil, "deny"), conf.RedirectURL)
		if q.Get("error") != "access_denied" || q.Get("error_code") != "21330" || q.Get("error_description") == "" ||
			q.Get("state") != "st" || q.Get("code") != "" {
			t.Fatalf("denial redirect %v", q)
		}
	})

	t.Run("CSRF", func(t *testing.T) {
		b := newBrowser(t)
		f := parseForm(t, b.do("GET", k.URL+authURL(), nil, nil))
		fill := map[string]string{"userId": "page", "passwd": u.Password}
		refused := func(p page) {
			t.Helper()
			if p.status != http.StatusForbidden || p.header.Get("Location") != "" || strings.Contains(p.body, "code=") {
				t.Fatalf("want the form refused (403, no redirect), got %d %v", p.status, p.header)
			}
			parseForm(t, p) // a fresh form to try again
		}
		// Another browser (no cookie) posting the same fields, token included.
		refused(newBrowser(t).submit(f, fill, "authorize"))
		// The right cookie with a forged or missing token.
		refused(b.submit(f, map[string]string{"userId": "page", "passwd": u.Password, "csrf_token": "forged-token-forged-token-forged"}, "authorize"))
		refused(b.submit(f, map[string]string{"userId": "page", "passwd": u.Password, "csrf_token": ""}, "authorize"))
		// Denial is a form post too.
		refused(newBrowser(t).submit(f, nil, "deny"))
		// The genuine form still works.
		callback(t, b.submit(f, fill, "authorize"), conf.RedirectURL)
	})

	t.Run("sign in by e-mail, state optional", func(t *testing.T) {
		code := authorize(t, k.URL+authURL("state", ""), "mailer@example.com", "secret-mailer", conf.RedirectURL)
		tok, err := conf.Exchange(t.Context(), code)
		if err != nil {
			t.Fatal(err)
		}
		c := clientWithToken(k, tok.AccessToken)
		var out struct {
			UID int64 `json:"uid"`
		}
		c.Must(c.Get("/2/account/get_uid.json", nil), &out)
		if out.UID == 0 || out.UID == u.ID {
			t.Fatalf("uid %d", out.UID)
		}
	})

	t.Run("the app name is escaped", func(t *testing.T) {
		key, _ := newApp(t, k, `<b>Evil & Co</b>`, k.URL+"/cb")
		p := newBrowser(t).do("GET", k.URL+"/oauth2/authorize?"+url.Values{"client_id": {key}, "redirect_uri": {k.URL + "/cb"}}.Encode(), nil, nil)
		if p.status != http.StatusOK || strings.Contains(p.body, "<b>Evil") || !strings.Contains(p.body, "&lt;b&gt;Evil &amp; Co&lt;/b&gt;") {
			t.Fatalf("%d\n%s", p.status, p.body)
		}
		// response_type defaults to code.
		if c, _ := parseForm(t, p).input("response_type"); c.value != "code" {
			t.Errorf("response_type = %q", c.value)
		}
	})

	t.Run("the /2/oauth2/ alias", func(t *testing.T) {
		b := newBrowser(t)
		p := b.do("GET", k.URL+"/2"+authURL(), nil, nil)
		q := callback(t, b.submit(parseForm(t, p), map[string]string{"userId": "page", "passwd": u.Password}, "authorize"), conf.RedirectURL)
		if q.Get("code") == "" {
			t.Fatalf("no code: %v", q)
		}
	})
}

// --- the token endpoint ---------------------------------------------------

func TestOAuthAccessTokenPasswordGrant(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("pwuser")
	mail, err := k.App.Core.CreateUser(context.Background(), core.CreateUserInput{ScreenName: "mailuser", Password: "secret-mail", Email: "mail@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	c := k.Anonymous()
	body := tokenParams(k, "grant_type", "password", "username", "pwuser", "password", u.Password)

	t.Run("form body", func(t *testing.T) {
		r := c.Post("/oauth2/access_token", body)
		var tok specToken
		decodeSpec(t, r, &tok, append(tokenKeys, "refresh_token"))
		if tok.UID != strconv.FormatInt(u.ID, 10) || tok.ExpiresIn != 30*24*3600 || tok.RemindIn != "2592000" ||
			!strings.HasPrefix(tok.RefreshToken, "2.10") || tok.RefreshToken == tok.AccessToken {
			t.Fatalf("token %+v", tok)
		}
		if r.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Errorf("headers %v", r.Header)
		}
		if getUID(t, k, tok.AccessToken) != u.ID {
			t.Fatal("wrong user")
		}
	})

	t.Run("query string", func(t *testing.T) {
		req, _ := http.NewRequest("POST", k.URL+"/oauth2/access_token?"+body.Encode(), nil)
		var tok specToken
		decodeSpec(t, c.Do(req), &tok, tokenKeys)
		if getUID(t, k, tok.AccessToken) != u.ID {
			t.Fatal("wrong user")
		}
	})

	t.Run("HTTP Basic client credentials", func(t *testing.T) {
		v := url.Values{"grant_type": {"password"}, "username": {"pwuser"}, "password": {u.Password}}
		req, _ := http.NewRequest("POST", k.URL+"/oauth2/access_token", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(k.AppKey(), k.AppSecret())
		var tok specToken
		decodeSpec(t, c.Do(req), &tok, tokenKeys)
		req, _ = http.NewRequest("POST", k.URL+"/oauth2/access_token", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(k.AppKey(), "wrong")
		oauthFail(t, c, c.Do(req), http.StatusUnauthorized, 21324, "invalid_client")
	})

	t.Run("golang.org/x/oauth2 password grant", func(t *testing.T) {
		for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader} {
			tok, err := oauthConfig(k, style).PasswordCredentialsToken(t.Context(), "pwuser", u.Password)
			if err != nil {
				t.Fatal(err)
			}
			if tok.RefreshToken == "" || getUID(t, k, tok.AccessToken) != u.ID {
				t.Fatalf("token %+v", tok)
			}
		}
	})

	t.Run("username is an e-mail", func(t *testing.T) {
		for _, login := range []string{"mail@example.com", "MAIL@example.com"} {
			tok := passwordToken(t, k, k.AppKey(), k.AppSecret(), login, "secret-mail", "")
			if tok.UID != strconv.FormatInt(mail.ID, 10) {
				t.Fatalf("%s: uid %s", login, tok.UID)
			}
		}
	})

	t.Run("aliases", func(t *testing.T) {
		for _, path := range []string{"/2/oauth2/access_token", "/2/oauth2/access_token.json"} {
			var tok specToken
			decodeSpec(t, c.Post(path, body), &tok, tokenKeys)
		}
	})

	t.Run("a success does not count towards the login throttle", func(t *testing.T) {
		for range 25 {
			var tok specToken
			decodeSpec(t, c.Post("/oauth2/access_token", body), &tok, tokenKeys)
		}
	})

}

func TestOAuthAccessTokenErrors(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("erruser")
	c := k.Anonymous()
	const path = "/oauth2/access_token"
	for _, tc := range []struct {
		name     string
		params   url.Values
		status   int
		code     int
		oauthErr string
	}{
		{"no client credentials", url.Values{"grant_type": {"password"}, "username": {"erruser"}, "password": {u.Password}}, 400, 21323, "invalid_request"},
		{"no client_secret", url.Values{"client_id": {k.AppKey()}, "grant_type": {"password"}}, 400, 21323, "invalid_request"},
		{"no client_id", url.Values{"client_secret": {k.AppSecret()}, "grant_type": {"password"}}, 400, 21323, "invalid_request"},
		{"unknown client_id", url.Values{"client_id": {"1234567890"}, "client_secret": {k.AppSecret()}, "grant_type": {"password"}}, 401, 21324, "invalid_client"},
		{"wrong client_secret", url.Values{"client_id": {k.AppKey()}, "client_secret": {"00"}, "grant_type": {"password"}}, 401, 21324, "invalid_client"},
		{"no grant_type", tokenParams(k), 400, 21323, "invalid_request"},
		{"unsupported grant_type", tokenParams(k, "grant_type", "client_credentials"), 400, 21328, "unsupported_grant_type"},
		{"code missing", tokenParams(k, "grant_type", "authorization_code", "redirect_uri", k.URL+"/callback"), 400, 21323, "invalid_request"},
		{"code unknown", tokenParams(k, "grant_type", "authorization_code", "code", "bogus", "redirect_uri", k.URL+"/callback"), 400, 21325, "invalid_grant"},
		{"username missing", tokenParams(k, "grant_type", "password", "password", u.Password), 400, 21323, "invalid_request"},
		{"password missing", tokenParams(k, "grant_type", "password", "username", "erruser"), 400, 21323, "invalid_request"},
		{"password wrong", tokenParams(k, "grant_type", "password", "username", "erruser", "password", "nope"), 401, 21302, "invalid_grant"},
		{"user unknown", tokenParams(k, "grant_type", "password", "username", "nobody", "password", "nope"), 401, 21302, "invalid_grant"},
		{"refresh_token missing", tokenParams(k, "grant_type", "refresh_token"), 400, 21323, "invalid_request"},
		{"refresh_token unknown", tokenParams(k, "grant_type", "refresh_token", "refresh_token", "2.10bogus"), 400, 21325, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := oauthFail(t, c, c.Post(path, tc.params), tc.status, tc.code, tc.oauthErr)
			if e.Request != path {
				t.Errorf("request = %q", e.Request)
			}
		})
	}
	t.Run("GET is refused", func(t *testing.T) {
		oauthFail(t, c, c.Get(path, tokenParams(k, "grant_type", "password", "username", "erruser", "password", u.Password)),
			http.StatusMethodNotAllowed, 10021, "invalid_request")
	})
	t.Run("described for code errors", func(t *testing.T) {
		e := oauthFail(t, c, c.Post(path, tokenParams(k, "grant_type", "authorization_code", "code", "bogus", "redirect_uri", k.URL+"/callback")),
			400, 21325, "invalid_grant")
		if e.ErrorDescription != "invalid authorization code:bogus" {
			t.Errorf("error_description = %q", e.ErrorDescription)
		}
	})
}

func TestOAuthRefreshToken(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("fresh")
	ctx := t.Context()
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	c := k.Anonymous()
	refresh := func(key, secret, rt string) *testkit.Response {
		return c.Post("/oauth2/access_token", url.Values{"client_id": {key}, "client_secret": {secret},
			"grant_type": {"refresh_token"}, "refresh_token": {rt}})
	}

	tok, err := conf.PasswordCredentialsToken(ctx, "fresh", u.Password)
	if err != nil {
		t.Fatal(err)
	}
	// The library refreshes a token it believes expired.
	tok.Expiry = time.Now().Add(-time.Minute)
	nt, err := conf.TokenSource(ctx, tok).Token()
	if err != nil {
		t.Fatalf("refresh through x/oauth2: %v", err)
	}
	if nt.AccessToken == tok.AccessToken || nt.RefreshToken == "" || nt.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh did not rotate: %+v", nt)
	}
	if getUID(t, k, nt.AccessToken) != u.ID {
		t.Fatal("refreshed token is not the user's")
	}
	// The old pair is gone.
	old := clientWithToken(k, tok.AccessToken)
	old.Fail(old.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21332)
	oauthFail(t, c, refresh(k.AppKey(), k.AppSecret(), tok.RefreshToken), 400, 21325, "invalid_grant")
	// Only the app it was issued to may use it.
	key2, secret2 := newApp(t, k, "thief", "http://thief.example/cb")
	oauthFail(t, c, refresh(key2, secret2, nt.RefreshToken), 400, 21325, "invalid_grant")

	// An expired access token is still refreshable.
	k.Clock.Advance(30*24*time.Hour + time.Second)
	expired := clientWithToken(k, nt.AccessToken)
	expired.Fail(expired.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21327)
	var t3 specToken
	decodeSpec(t, refresh(k.AppKey(), k.AppSecret(), nt.RefreshToken), &t3, append(tokenKeys, "refresh_token"))
	if getUID(t, k, t3.AccessToken) != u.ID || t3.UID != strconv.FormatInt(u.ID, 10) {
		t.Fatal("token from refresh")
	}
	// A refresh token has a lifetime of its own.
	k.Clock.Advance(181 * 24 * time.Hour)
	oauthFail(t, c, refresh(k.AppKey(), k.AppSecret(), t3.RefreshToken), 400, 21325, "invalid_grant")
}

// --- token info, revocation, v1 exchange, expiry ---------------------------

func TestOAuthTokenInfo(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("info")
	c := k.Anonymous()
	created := k.Clock.Now().Unix()
	tok := passwordToken(t, k, k.AppKey(), k.AppSecret(), "info", u.Password, "")
	for _, tc := range []struct{ method, path string }{
		{"POST", "/oauth2/get_token_info"}, {"GET", "/oauth2/get_token_info"},
		{"POST", "/2/oauth2/get_token_info"}, {"POST", "/2/oauth2/get_token_info.json"},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			var info specTokenInfo
			m := decodeSpec(t, send(c, tc.method, tc.path, url.Values{"access_token": {tok.AccessToken}}), &info, tokenInfoKeys)
			if info.UID != u.ID || string(info.AppKey) != k.AppKey() || info.Scope != nil || info.CreateAt != created ||
				info.ExpireIn != int64(tok.ExpiresIn) {
				t.Fatalf("info %+v, want uid %d appkey %s create_at %d expire_in %d", info, u.ID, k.AppKey(), created, tok.ExpiresIn)
			}
			if _, ok := m["uid"].(float64); !ok {
				t.Errorf("uid is not a number: %v", m["uid"])
			}
		})
	}
	// The token in the Authorization header works too.
	var info specTokenInfo
	decodeSpec(t, clientWithToken(k, tok.AccessToken).Post("/oauth2/get_token_info", nil), &info, tokenInfoKeys)

	// expire_in counts down; scope lists what was granted.
	k.Clock.Advance(time.Hour)
	scoped := passwordToken(t, k, k.AppKey(), k.AppSecret(), "info", u.Password, "email,statuses_to_me_read")
	decodeSpec(t, c.Post("/oauth2/get_token_info", url.Values{"access_token": {tok.AccessToken}}), &info, tokenInfoKeys)
	if info.ExpireIn != int64(tok.ExpiresIn)-3600 {
		t.Errorf("expire_in after an hour = %d", info.ExpireIn)
	}
	decodeSpec(t, c.Post("/oauth2/get_token_info", url.Values{"access_token": {scoped.AccessToken}}), &info, tokenInfoKeys)
	if info.Scope == nil || *info.Scope != "email,statuses_to_me_read" || info.CreateAt != k.Clock.Now().Unix() {
		t.Errorf("scoped info %+v scope %s", info, strOf(info.Scope))
	}

	oauthFail(t, c, c.Post("/oauth2/get_token_info", nil), 400, 21323, "invalid_request")
	oauthFail(t, c, c.Post("/oauth2/get_token_info", url.Values{"access_token": {"2.00bogus"}}), 401, 21332, "invalid_access_token")
	oauthFail(t, c, c.Form("PUT", "/oauth2/get_token_info", url.Values{"access_token": {tok.AccessToken}}), 405, 10021, "invalid_request")
	k.Clock.Advance(30 * 24 * time.Hour)
	oauthFail(t, c, c.Post("/oauth2/get_token_info", url.Values{"access_token": {tok.AccessToken}}), 401, 21327, "expired_token")
}

func TestOAuthRevoke(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("rev")
	other := k.NewUser("bystander")
	c := k.Anonymous()
	key2, secret2 := newApp(t, k, "second", "http://second.example/cb")
	t1 := passwordToken(t, k, k.AppKey(), k.AppSecret(), "rev", u.Password, "")
	t2 := passwordToken(t, k, k.AppKey(), k.AppSecret(), "rev", u.Password, "")
	t3 := passwordToken(t, k, key2, secret2, "rev", u.Password, "")
	// A code approved before the revocation and not yet exchanged.
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	pending := authorize(t, conf.AuthCodeURL("r"), "rev", u.Password, conf.RedirectURL)

	var res specResultString
	decodeSpec(t, c.Post("/oauth2/revokeoauth2", url.Values{"access_token": {t1.AccessToken}}), &res, []string{"result"})
	if res.Result != "true" {
		t.Fatalf("result %q", res.Result)
	}
	// Every token of that user for that app is dead, API calls and refresh alike.
	for _, tok := range []specToken{t1, t2} {
		cl := clientWithToken(k, tok.AccessToken)
		cl.Fail(cl.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21332)
		oauthFail(t, c, c.Post("/oauth2/access_token", tokenParams(k, "grant_type", "refresh_token", "refresh_token", tok.RefreshToken)),
			400, 21325, "invalid_grant")
	}
	oauthFail(t, c, c.Post("/oauth2/revokeoauth2", url.Values{"access_token": {t1.AccessToken}}), 401, 21332, "invalid_access_token")
	// The pending code went with the grant.
	oauthFail(t, c, c.Post("/oauth2/access_token", url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()},
		"grant_type": {"authorization_code"}, "code": {pending}, "redirect_uri": {conf.RedirectURL}}), 400, 21325, "invalid_grant")
	// The user's grant to another app and other users' tokens live on.
	if getUID(t, k, t3.AccessToken) != u.ID || getUID(t, k, other.Token) != other.ID {
		t.Fatal("revocation went too far")
	}

	// GET, the /2/oauth2/ alias and the OAuth2/ spelling.
	for _, tc := range []struct{ method, path string }{{"GET", "/OAuth2/revokeoauth2"}, {"POST", "/2/oauth2/revokeoauth2"}, {"GET", "/2/oauth2/revokeoauth2.json"}} {
		tok := passwordToken(t, k, key2, secret2, "rev", u.Password, "")
		decodeSpec(t, send(c, tc.method, tc.path, url.Values{"access_token": {tok.AccessToken}}), &res, []string{"result"})
		cl := clientWithToken(k, tok.AccessToken)
		cl.Fail(cl.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21332)
	}
	oauthFail(t, c, c.Post("/oauth2/revokeoauth2", nil), 400, 21323, "invalid_request")
	oauthFail(t, c, c.Form("DELETE", "/oauth2/revokeoauth2", nil), 405, 10021, "invalid_request")
}

func TestOAuthGetOAuth2Token(t *testing.T) {
	k := testkit.Start(t)
	c := k.Anonymous()
	// No OAuth 1.0a tokens exist here to exchange: refused as oauth2.md §4 suggests.
	for _, path := range []string{"/oauth2/get_oauth2_token", "/2/oauth2/get_oauth2_token"} {
		oauthFail(t, c, c.Post(path, url.Values{"oauth_consumer_key": {k.AppKey()}}), 401, 21301, "invalid_client")
	}
	oauthFail(t, c, c.Get("/oauth2/get_oauth2_token", nil), 405, 10021, "invalid_request")
}

func TestOAuthTokenExpiry(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("expiry")
	tok := passwordToken(t, k, k.AppKey(), k.AppSecret(), "expiry", u.Password, "")
	k.Clock.Advance(time.Duration(tok.ExpiresIn-1) * time.Second)
	if getUID(t, k, tok.AccessToken) != u.ID {
		t.Fatal("token died early")
	}
	k.Clock.Advance(time.Second)
	cl := clientWithToken(k, tok.AccessToken)
	e := cl.Fail(cl.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21327)
	if e.Error != "expired_token" || e.Request != "/2/account/get_uid.json" {
		t.Errorf("envelope %+v", e)
	}
	cl.Fail(cl.Get("/2/statuses/home_timeline.json", nil), http.StatusUnauthorized, 21327)
}

// --- plain HTTP -----------------------------------------------------------

func TestOAuthRequireTLS(t *testing.T) {
	xff := func(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }
	call := func(k *testkit.Kit, h http.Header) *testkit.Response {
		req, _ := http.NewRequest("POST", k.URL+"/oauth2/get_token_info", nil)
		for key, vs := range h {
			req.Header[key] = vs
		}
		return k.Anonymous().Do(req)
	}

	t.Run("behind a trusted proxy", func(t *testing.T) {
		k := testkit.Start(t, testkit.Options{RequireTLS: true, TrustProxy: true})
		u := k.NewUser("tls") // a loopback client over plain HTTP is never refused
		c := k.Anonymous()
		ok := func(h http.Header) {
			t.Helper()
			r := call(k, h)
			if r.Status == http.StatusForbidden {
				t.Fatalf("refused with %v: %s", h, r.Body)
			}
			// Past the transport check: the missing token is what is wrong.
			oauthFail(t, c, r, 400, 21323, "invalid_request")
		}
		refused := func(h http.Header) {
			t.Helper()
			oauthFail(t, c, call(k, h), http.StatusForbidden, 21320, "invalid_request")
		}
		ok(nil)
		ok(xff("127.0.0.1"))
		ok(http.Header{"X-Forwarded-For": {"203.0.113.9"}, "X-Forwarded-Proto": {"https"}})
		refused(xff("203.0.113.9"))
		refused(http.Header{"X-Forwarded-Proto": {"http"}})
		refused(http.Header{"X-Forwarded-For": {"203.0.113.9"}, "X-Forwarded-Proto": {"http"}})

		// The token endpoint and the authorize page are guarded alike.
		b := newBrowser(t)
		p := b.do("GET", k.URL+"/oauth2/authorize?"+url.Values{"client_id": {k.AppKey()}, "redirect_uri": {k.URL + "/callback"}}.Encode(), nil, xff("198.51.100.7"))
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "21320") {
			t.Fatalf("authorize over plain HTTP: %d %s", p.status, p.body)
		}
		req, _ := http.NewRequest("POST", k.URL+"/oauth2/access_token", strings.NewReader(
			tokenParams(k, "grant_type", "password", "username", "tls", "password", u.Password).Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "198.51.100.7")
		oauthFail(t, c, c.Do(req), http.StatusForbidden, 21320, "invalid_request")

		// API calls carrying a token are refused too: the token would travel
		// in clear text. Through the TLS proxy or on loopback they work.
		api := func(h http.Header) *testkit.Response {
			req, _ := http.NewRequest("GET", k.URL+"/2/account/get_uid.json", nil)
			for key, vs := range h {
				req.Header[key] = vs
			}
			return u.Do(req)
		}
		u.Fail(api(xff("198.51.100.7")), http.StatusForbidden, 21320)
		for _, h := range []http.Header{nil, {"X-Forwarded-For": {"198.51.100.7"}, "X-Forwarded-Proto": {"https"}}} {
			if r := api(h); r.Status != http.StatusOK {
				t.Fatalf("get_uid with %v: %d %s", h, r.Status, r.Body)
			}
		}

		// Through the TLS proxy the CSRF cookie is Secure; on loopback HTTP it
		// cannot be (the browser would never send it back).
		authURL := k.URL + "/oauth2/authorize?" + url.Values{"client_id": {k.AppKey()}, "redirect_uri": {k.URL + "/callback"}}.Encode()
		p = newBrowser(t).do("GET", authURL, nil, http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-For": {"203.0.113.9"}})
		if ck := p.header.Get("Set-Cookie"); p.status != 200 || !strings.Contains(ck, "Secure") {
			t.Errorf("cookie over https: %d %q", p.status, ck)
		}
		p = newBrowser(t).do("GET", authURL, nil, nil)
		if ck := p.header.Get("Set-Cookie"); p.status != 200 || ck == "" || strings.Contains(ck, "Secure") {
			t.Errorf("cookie over loopback http: %d %q", p.status, ck)
		}
	})

	t.Run("without a trusted proxy the headers are ignored", func(t *testing.T) {
		k := testkit.Start(t, testkit.Options{RequireTLS: true})
		for _, h := range []http.Header{xff("203.0.113.9"), {"X-Forwarded-Proto": {"http"}}} {
			oauthFail(t, k.Anonymous(), call(k, h), 400, 21323, "invalid_request")
		}
	})

	t.Run("not required", func(t *testing.T) {
		k := testkit.Start(t, testkit.Options{TrustProxy: true})
		oauthFail(t, k.Anonymous(), call(k, xff("203.0.113.9")), 400, 21323, "invalid_request")
	})
}
