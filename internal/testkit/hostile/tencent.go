package hostile

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/testkit"
)

func init() {
	Dialects["tencent"] = Dialect{
		Login: func(t testing.TB, k *testkit.Kit, u *testkit.User) Signer {
			return oauth1Signer{u.Tencent(k)}
		},
		Forged:     tencentForged,
		CheckError: tencentError,
		Valid:      tencentValid,
		Session:    tencentSession,
	}
}

// oauth1Signer signs as Tencent clients do: HMAC-SHA1 over the query and
// the urlencoded form (a multipart body is not covered: the server also
// tries the strict RFC 5849 reading), the oauth_* parameters in the query.
type oauth1Signer struct{ c *testkit.TencentClient }

func (s oauth1Signer) Sign(o *Outgoing) error {
	covered := url.Values{}
	for _, v := range []url.Values{o.Query, o.Form} {
		for k, vs := range v {
			covered[k] = append(covered[k], vs...)
		}
	}
	for k, vs := range s.c.OAuthParams(o.Method, strings.TrimSuffix(s.c.Base(), "/")+o.Path, covered) {
		o.Query[k] = vs
	}
	return nil
}

// tencentForged are credentials that must all be refused (ret 3).
func tencentForged() map[string]Signer {
	return map[string]Signer{
		"oauth garbage header": headerSigner{"Authorization", `OAuth oauth_consumer_key="%zz", x`},
		"oauth header NUL":     headerSigner{"Authorization", `OAuth oauth_consumer_key="a%00b", oauth_signature="x", oauth_nonce="n", oauth_timestamp="1", oauth_signature_method="HMAC-SHA1"`},
		"unknown consumer": querySigner{"oauth_consumer_key": "0000000000", "oauth_token": "ffff", "oauth_nonce": "n1",
			"oauth_timestamp": "1700000000", "oauth_signature_method": "HMAC-SHA1", "oauth_signature": "AAAA"},
		"10KB nonce": querySigner{"oauth_consumer_key": "0000000000", "oauth_nonce": strings.Repeat("n", 10<<10),
			"oauth_timestamp": "1700000000", "oauth_signature_method": "HMAC-SHA1", "oauth_signature": "AAAA"},
		"huge timestamp": querySigner{"oauth_consumer_key": "0000000000", "oauth_nonce": "n2",
			"oauth_timestamp": "99999999999999999999", "oauth_signature_method": "HMAC-SHA1", "oauth_signature": "!!"},
		"bearer token": headerSigner{"Authorization", "OAuth2 2.00forgedtoken0000000000000000"},
	}
}

// querySigner puts fixed oauth_* values in the query.
type querySigner map[string]string

func (s querySigner) Sign(o *Outgoing) error {
	for k, v := range s {
		o.Query.Set(k, v)
	}
	return nil
}

// tencentError checks a 4xx answer: the /cgi-bin/ token endpoints answer
// form-encoded text with ret and msg, the authorize page a page. The API
// itself answers HTTP 200 even on errors (spec §11.5), so a 4xx from
// /api/ is wrong.
func tencentError(rt *apiutil.RouteInfo, resp *Response) error {
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if rt.Response == "html" && ct == "text/html" {
		return nil
	}
	if !strings.HasPrefix(rt.Path, "/cgi-bin/") {
		return fmt.Errorf("an /api/ answer with HTTP %d: errors travel in ret", resp.Status)
	}
	if ct != "application/x-www-form-urlencoded" {
		return fmt.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	v, err := url.ParseQuery(string(resp.Body))
	if err != nil {
		return err
	}
	if ret, err := strconv.Atoi(v.Get("ret")); err != nil || ret == 0 || v.Get("msg") == "" {
		return errors.New("ret or msg missing")
	}
	return nil
}

// tencentValid gives the values only the dialect knows.
func tencentValid(rt *apiutil.RouteInfo, p apiutil.ParamInfo, fx *Fixture) ([]string, bool) {
	switch p.Name {
	case "format":
		return []string{"json", "xml"}, true
	case "clientip":
		return []string{"127.0.0.1"}, true
	case "nick":
		// user/update renames the signer: to her own name, so that the
		// routes running meanwhile still sign in as alice.
		return []string{fx.Alice.ScreenName}, true
	case "userid":
		return []string{fx.Alice.ScreenName}, true
	case "passwd":
		return []string{fx.Alice.Password}, true
	case "name":
		if rt.Methods[0] == http.MethodPost {
			// Relation writes: dave, whom no fixture relies on (blocking
			// bob would hide his statuses from alice for every route
			// running meanwhile), then alice herself.
			return []string{fx.Dave.ScreenName, fx.Alice.ScreenName}, true
		}
		return []string{fx.Bob.ScreenName}, true
	case "names":
		return []string{fx.Bob.ScreenName + "," + fx.Carol.ScreenName}, true
	}
	return nil, false
}

// tencentSession gives the authorize page a request token and its CSRF
// cookie, so that its form's fields reach the password check.
func tencentSession(t testing.TB, k *testkit.Kit, rt *apiutil.RouteInfo, fx *Fixture) (http.Header, map[string]string) {
	if rt.Path != "/cgi-bin/authorize" {
		return nil, nil
	}
	app := k.TencentApp()
	tok := app.MustForm(app.Get("/cgi-bin/request_token", url.Values{"oauth_callback": {"null"}}),
		"oauth_token", "oauth_token_secret", "oauth_callback_confirmed")
	r := k.Anonymous().Get(rt.Path, url.Values{"oauth_token": {tok.Get("oauth_token")}})
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "weibo_csrf" {
			return http.Header{"Cookie": {c.Name + "=" + c.Value}},
				map[string]string{"csrf_token": c.Value, "oauth_token": tok.Get("oauth_token")}
		}
	}
	t.Fatalf("the authorize page set no CSRF cookie: %d %s", r.Status, r.Body)
	return nil, nil
}
