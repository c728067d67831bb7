package testkit

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
)

// XweiboClient talks to the Xweibo API as a partner site does (spec
// xweibo.md §2): every action a POST to /?m=api/weibo/action.NAME with
// api_uid, api_time and api_sign = md5(AKEY#api_uid#api_time#SKEY#NAME#
// API_KEY) in the body.
type XweiboClient struct {
	t    testing.TB
	k    *Kit
	HTTP *http.Client
	// UID is api_uid: "" for none.
	UID string
	// AKey, SKey and APIKey sign the calls; Path is / or /index.php.
	AKey, SKey, APIKey, Path string
}

// Xweibo is a client acting for api_uid uid ("" for none).
func (k *Kit) Xweibo(uid string) *XweiboClient {
	return &XweiboClient{t: k.T, k: k, HTTP: k.Anonymous().HTTP, UID: uid, AKey: k.xweiboKey, SKey: k.xweiboSecret,
		APIKey: XweiboAPIKey, Path: "/"}
}

// XweiboKey and XweiboSecret are AKEY and SKEY.
func (k *Kit) XweiboKey() string    { return k.xweiboKey }
func (k *Kit) XweiboSecret() string { return k.xweiboSecret }

// Xweibo is a client acting for u.
func (u *User) Xweibo(k *Kit) *XweiboClient { return k.Xweibo(strconv.FormatInt(u.ID, 10)) }

// Call signs and sends the action name with params, at the kit's time.
func (c *XweiboClient) Call(name string, params url.Values) *Response {
	c.t.Helper()
	return c.CallAt(name, strconv.FormatInt(c.k.Clock.Now().Unix(), 10), params)
}

// CallAt is Call with api_time apiTime.
func (c *XweiboClient) CallAt(name, apiTime string, params url.Values) *Response {
	c.t.Helper()
	body := url.Values{}
	for k, vs := range params {
		body[k] = vs
	}
	body.Set("api_uid", c.UID)
	body.Set("api_time", apiTime)
	body.Set("api_sign", core.XweiboSign(c.AKey, c.UID, apiTime, c.SKey, name, c.APIKey))
	return c.Raw(http.MethodPost, name, body)
}

// Upload signs and sends the action name as a multipart body: params and
// the signing triple as text fields (PHP's $_POST holds them), then the
// files; query is added to the address (upload_pic's callback).
func (c *XweiboClient) Upload(name string, query, params url.Values, files ...FilePart) *Response {
	c.t.Helper()
	at := strconv.FormatInt(c.k.Clock.Now().Unix(), 10)
	body := url.Values{}
	for k, vs := range params {
		body[k] = vs
	}
	body.Set("api_uid", c.UID)
	body.Set("api_time", at)
	body.Set("api_sign", core.XweiboSign(c.AKey, c.UID, at, c.SKey, name, c.APIKey))
	q := url.Values{"m": {"api/weibo/action." + name}}
	for k, vs := range query {
		q[k] = vs
	}
	return (&Client{t: c.t, base: c.k.URL, HTTP: c.HTTP}).Multipart(c.Path+"?"+q.Encode(), body, files...)
}

// Raw sends body as it is to the action name (no signing).
func (c *XweiboClient) Raw(method, name string, body url.Values) *Response {
	c.t.Helper()
	u := c.k.URL + c.Path + "?m=" + url.QueryEscape("api/weibo/action."+name)
	req, err := http.NewRequest(method, u, strings.NewReader(body.Encode()))
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return (&Client{t: c.t, base: c.k.URL, HTTP: c.HTTP}).Do(req)
}

// XweiboEnvelope is the Xweibo answer (spec §4).
type XweiboEnvelope struct {
	Rst   json.RawMessage `json:"rst"`
	Errno int             `json:"errno"`
	Err   json.RawMessage `json:"err"`
}

// Must fails the test unless r is an HTTP 200 success envelope (errno 0,
// err "") whose rst decodes strictly into rst (nil: not decoded).
func (c *XweiboClient) Must(r *Response, rst any) {
	c.t.Helper()
	var env XweiboEnvelope
	if r.Status != http.StatusOK {
		c.t.Fatalf("testkit: xweibo: want HTTP 200, got %d: %s", r.Status, r.Body)
	}
	if err := DecodeStrict(r.Body, &env); err != nil {
		c.t.Fatalf("testkit: xweibo: not an envelope (%v): %s", err, r.Body)
	}
	if env.Errno != 0 || string(env.Err) != `""` {
		c.t.Fatalf("testkit: xweibo: want success, got %s", r.Body)
	}
	if rst != nil {
		if err := DecodeStrict(env.Rst, rst); err != nil {
			c.t.Fatalf("testkit: xweibo: decode rst %T: %v\n%s", rst, err, r.Body)
		}
	}
}

// Fail asserts r is an HTTP 200 envelope with errno, rst false or "" and
// an err that is not empty; it returns the envelope.
func (c *XweiboClient) Fail(r *Response, errno int) XweiboEnvelope {
	c.t.Helper()
	var env XweiboEnvelope
	if r.Status != http.StatusOK {
		c.t.Fatalf("testkit: xweibo: want HTTP 200, got %d: %s", r.Status, r.Body)
	}
	if err := DecodeStrict(r.Body, &env); err != nil {
		c.t.Fatalf("testkit: xweibo: not an envelope (%v): %s", err, r.Body)
	}
	if env.Errno != errno {
		c.t.Fatalf("testkit: xweibo: want errno %d, got %s", errno, r.Body)
	}
	if rst := string(env.Rst); rst != "false" && rst != `""` {
		c.t.Fatalf("testkit: xweibo: a failure's rst is false or \"\", got %s", r.Body)
	}
	if e := string(env.Err); e == `""` || e == "null" || e == "" {
		c.t.Fatalf("testkit: xweibo: a failure's err is empty: %s", r.Body)
	}
	return env
}
