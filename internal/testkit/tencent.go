package testkit

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/oauthsig"
)

// OAuthIn says where a TencentClient puts its oauth_* parameters.
type OAuthIn int

const (
	InQuery  OAuthIn = iota // the query string, as the seed's examples do
	InBody                  // the form body (SDKs that POST everything)
	InHeader                // an Authorization: OAuth header (RFC 5849 §3.5.1)
)

// TencentClient talks to the Tencent dialect as a Tencent client does:
// every request signed with OAuth 1.0a HMAC-SHA1 (spec/tencent-v1.md §3.5)
// with the app's key and secret and, once it has one, a token's.
type TencentClient struct {
	t                           testing.TB
	k                           *Kit
	base                        string
	HTTP                        *http.Client
	ConsumerKey, ConsumerSecret string
	Token, TokenSecret          string
	In                          OAuthIn
	// Name is the account name the access-token answer gave.
	Name string
}

// TencentApp is a client of the kit's default app, without a token.
func (k *Kit) TencentApp() *TencentClient {
	return &TencentClient{t: k.T, k: k, base: k.URL, HTTP: k.Anonymous().HTTP,
		ConsumerKey: k.appKey, ConsumerSecret: k.appSecret}
}

// Tencent authorizes the kit's default app for u through the three legs of
// OAuth 1.0a over HTTP, as a browser and a client would (request token,
// the authorize page's form, access token), and returns a client holding
// the access token.
func (u *User) Tencent(k *Kit) *TencentClient {
	k.T.Helper()
	return k.TencentApp().Authorize(u.ScreenName, u.Password)
}

// Authorize runs the three legs as the account name/password and returns
// a copy of c holding the access token.
func (c *TencentClient) Authorize(name, password string) *TencentClient {
	c.t.Helper()
	rt := c.Get("/cgi-bin/request_token", url.Values{"oauth_callback": {c.base + "/callback"}})
	tok := c.MustForm(rt, "oauth_token", "oauth_token_secret", "oauth_callback_confirmed")
	page := c.k.Anonymous().Get("/cgi-bin/authorize", url.Values{"oauth_token": {tok.Get("oauth_token")}})
	var csrf string
	for _, ck := range (&http.Response{Header: page.Header}).Cookies() {
		if ck.Name == "weibo_csrf" {
			csrf = ck.Value
		}
	}
	if page.Status != http.StatusOK || csrf == "" {
		c.t.Fatalf("testkit: authorize page: %d %s", page.Status, page.Body)
	}
	form := url.Values{"oauth_token": {tok.Get("oauth_token")}, "userid": {name}, "passwd": {password},
		"csrf_token": {csrf}, "action": {"authorize"}}
	req, err := http.NewRequest(http.MethodPost, c.base+"/cgi-bin/authorize", strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "weibo_csrf="+csrf)
	resp := c.k.Anonymous().Do(req)
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.Status != http.StatusFound || err != nil || loc.Query().Get("oauth_verifier") == "" {
		c.t.Fatalf("testkit: authorize: %d %s %s", resp.Status, resp.Header.Get("Location"), resp.Body)
	}
	rc := *c
	rc.Token, rc.TokenSecret = tok.Get("oauth_token"), tok.Get("oauth_token_secret")
	at := rc.Get("/cgi-bin/access_token", url.Values{"oauth_verifier": {loc.Query().Get("oauth_verifier")}})
	acc := c.MustForm(at, "oauth_token", "oauth_token_secret", "name")
	out := *c
	out.Token, out.TokenSecret, out.Name = acc.Get("oauth_token"), acc.Get("oauth_token_secret"), acc.Get("name")
	return &out
}

// MustForm fails the test unless r is a 200 whose form-encoded body has
// exactly the given keys; it returns the values.
func (c *TencentClient) MustForm(r *Response, keys ...string) url.Values {
	c.t.Helper()
	v, err := url.ParseQuery(string(r.Body))
	if r.Status != http.StatusOK || err != nil || len(v) != len(keys) {
		c.t.Fatalf("testkit: want 200 with %v, got %d: %s", keys, r.Status, r.Body)
	}
	for _, k := range keys {
		if v.Get(k) == "" {
			c.t.Fatalf("testkit: answer without %s: %s", k, r.Body)
		}
	}
	return v
}

// OAuthParams are the oauth_* parameters of one request, signature
// included, for a request to rawURL (no query) with params (the query or
// form parameters the signature covers).
func (c *TencentClient) OAuthParams(method, rawURL string, params url.Values) url.Values {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	o := url.Values{
		"oauth_consumer_key":     {c.ConsumerKey},
		"oauth_nonce":            {hex.EncodeToString(b)},
		"oauth_signature_method": {"HMAC-SHA1"},
		"oauth_timestamp":        {strconv.FormatInt(c.k.Clock.Now().Unix(), 10)},
		"oauth_version":          {"1.0"},
	}
	if c.Token != "" {
		o.Set("oauth_token", c.Token)
	}
	var pairs []oauthsig.Pair
	for _, vs := range []url.Values{params, o} {
		for k, list := range vs {
			for _, v := range list {
				pairs = append(pairs, oauthsig.Pair{Name: k, Value: v})
			}
		}
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	base := oauthsig.BaseString(method, oauthsig.BaseURI(u.Scheme, u.Host, u.EscapedPath()), pairs)
	o.Set("oauth_signature", oauthsig.Sign(base, c.ConsumerSecret, c.TokenSecret))
	return o
}

func authHeader(o url.Values) string {
	var parts []string
	for k, vs := range o {
		parts = append(parts, oauthsig.Encode(k)+`="`+oauthsig.Encode(vs[0])+`"`)
	}
	return "OAuth " + strings.Join(parts, ", ")
}

func merge(a, b url.Values) url.Values {
	out := url.Values{}
	for _, v := range []url.Values{a, b} {
		for k, vs := range v {
			out[k] = append(out[k], vs...)
		}
	}
	return out
}

// Get sends a signed GET with params in the query string.
func (c *TencentClient) Get(path string, params url.Values) *Response {
	c.t.Helper()
	return c.Do(http.MethodGet, path, params)
}

// Post sends a signed POST with params in an urlencoded body.
func (c *TencentClient) Post(path string, params url.Values) *Response {
	c.t.Helper()
	return c.Do(http.MethodPost, path, params)
}

// Do sends a signed request: params in the query (GET) or the body (POST),
// the oauth_* parameters where c.In says.
func (c *TencentClient) Do(method, path string, params url.Values) *Response {
	c.t.Helper()
	o := c.OAuthParams(method, c.base+path, params)
	query, body := url.Values{}, url.Values{}
	if method == http.MethodGet {
		query = params
	} else {
		body = params
	}
	var hdr string
	switch c.In {
	case InQuery:
		query = merge(query, o)
	case InBody:
		if method == http.MethodGet {
			c.t.Fatalf("testkit: oauth parameters in the body of a GET")
		}
		body = merge(body, o)
	case InHeader:
		hdr = authHeader(o)
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequest(method, u, nil)
	} else {
		req, err = http.NewRequest(method, u, strings.NewReader(body.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	if hdr != "" {
		req.Header.Set("Authorization", hdr)
	}
	return c.k.Anonymous().Do(req)
}

// Multipart sends a signed multipart POST (t/add_pic, user/update_head):
// the text fields and oauth_* parameters as fields, all signed as Tencent
// clients sign them, then the files (never signed).
func (c *TencentClient) Multipart(path string, fields url.Values, files ...FilePart) *Response {
	c.t.Helper()
	o := c.OAuthParams(http.MethodPost, c.base+path, fields)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range merge(fields, o) {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.Field, f.Filename)
		if err != nil {
			c.t.Fatalf("testkit: %v", err)
		}
		_, _ = w.Write(f.Data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &body)
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.k.Anonymous().Do(req)
}

// TencentEnvelope is the Tencent answer envelope (spec §5.1).
type TencentEnvelope struct {
	Ret     int               `json:"ret"`
	Msg     string            `json:"msg"`
	Errcode int               `json:"errcode"`
	Data    json.RawMessage   `json:"data,omitempty"`
	User    map[string]string `json:"user,omitempty"`
}

// MustOK fails the test unless r is HTTP 200 with ret=0, errcode=0 and
// msg "ok"; data, when v is not nil, decodes strictly into v.
func (c *TencentClient) MustOK(r *Response, v any) *TencentEnvelope {
	c.t.Helper()
	var e TencentEnvelope
	if err := DecodeStrict(r.Body, &e); err != nil || r.Status != http.StatusOK {
		c.t.Fatalf("testkit: not a Tencent envelope (%v): %d %s", err, r.Status, r.Body)
	}
	if e.Ret != 0 || e.Errcode != 0 || e.Msg != "ok" {
		c.t.Fatalf("testkit: want ret 0, got: %s", r.Body)
	}
	if v != nil {
		if err := DecodeStrict(e.Data, v); err != nil {
			c.t.Fatalf("testkit: decode data into %T: %v\n%s", v, err, r.Body)
		}
	}
	return &e
}

// MustFail fails the test unless r is HTTP 200 with the given ret and
// errcode, a message and no data.
func (c *TencentClient) MustFail(r *Response, ret, errcode int) *TencentEnvelope {
	c.t.Helper()
	var e TencentEnvelope
	if err := DecodeStrict(r.Body, &e); err != nil || r.Status != http.StatusOK {
		c.t.Fatalf("testkit: not a Tencent envelope (%v): %d %s", err, r.Status, r.Body)
	}
	if e.Ret != ret || e.Errcode != errcode || e.Msg == "" || e.Msg == "ok" || e.Data != nil {
		c.t.Fatalf("testkit: want ret %d errcode %d, got: %s", ret, errcode, r.Body)
	}
	return &e
}

// String describes the client (test failure messages).
func (c *TencentClient) String() string {
	return fmt.Sprintf("tencent client %s (token %t)", c.Name, c.Token != "")
}

// Base is the server's URL.
func (c *TencentClient) Base() string { return c.base }
