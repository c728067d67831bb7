package hostile

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

func init() {
	Dialects["sina"] = Dialect{
		Login: func(t testing.TB, k *testkit.Kit, u *testkit.User) Signer {
			// Through an app of the advanced access level, so that the
			// advanced routes (README §4) read their parameters too.
			ap, secret, err := k.App.Core.CreateApp(context.Background(), core.CreateAppInput{
				Name: "hostile " + u.ScreenName, RedirectURI: k.URL + "/callback", Level: domain.AppLevelAdvanced})
			if err != nil {
				t.Fatalf("sina login %s: advanced app: %v", u.ScreenName, err)
			}
			c := k.Anonymous()
			var tok struct {
				AccessToken string `json:"access_token"`
			}
			r := c.Post("/oauth2/access_token", url.Values{"client_id": {ap.Key}, "client_secret": {secret},
				"grant_type": {"password"}, "username": {u.ScreenName}, "password": {u.Password}, "scope": {"all"}})
			if r.Status != 200 || json.Unmarshal(r.Body, &tok) != nil || tok.AccessToken == "" {
				t.Fatalf("sina login %s: %d %s", u.ScreenName, r.Status, r.Body)
			}
			return bearerSigner(tok.AccessToken)
		},
		Forged: func() map[string]Signer {
			return map[string]Signer{
				"unknown token":       bearerSigner("2.00forgedtoken0000000000000000"),
				"invalid UTF-8 token": bearerSigner("2.00\xff\xfe\xc0"),
				"10KB token":          bearerSigner(strings.Repeat("t", 10<<10)),
				"basic invalid UTF-8": headerSigner{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("\xff\x00:\xfe\x01"))},
				"basic escaped NUL":   headerSigner{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("a%00b:%ff"))},
				"basic garbage":       headerSigner{"Authorization", "Basic !!!"},
				"empty bearer":        headerSigner{"Authorization", "Bearer "},
			}
		},
		CheckError: sinaError,
		Valid:      sinaValid,
		Session:    sinaSession,
	}
}

// sinaSession opens the consent page as a browser does, for the CSRF
// cookie its form must return: with it the form's own fields (userId,
// passwd, action) reach the password check.
func sinaSession(t testing.TB, k *testkit.Kit, rt *apiutil.RouteInfo, fx *Fixture) (http.Header, map[string]string) {
	if rt.Path != "/oauth2/authorize" {
		return nil, nil
	}
	r := k.Anonymous().Get(rt.Path, url.Values{"client_id": {k.AppKey()}, "redirect_uri": {k.URL + "/callback"}})
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "weibo_csrf" {
			return http.Header{"Cookie": {c.Name + "=" + c.Value}}, map[string]string{"csrf_token": c.Value}
		}
	}
	t.Fatalf("the consent page set no CSRF cookie: %d %s", r.Status, r.Body)
	return nil, nil
}

// bearerSigner is Sina's OAuth2: the token in the Authorization header.
type bearerSigner string

func (s bearerSigner) Sign(o *Outgoing) error {
	o.Header.Set("Authorization", "OAuth2 "+string(s))
	return nil
}

// headerSigner sets one header as is.
type headerSigner struct{ name, value string }

func (s headerSigner) Sign(o *Outgoing) error {
	o.Header.Set(s.name, s.value)
	return nil
}

// sinaError checks the Sina error envelope (errors.md §1): JSON with a
// non-empty error, a code and the request path; on /oauth2/* also
// error_uri and error_description. The consent page answers people with
// its page instead.
func sinaError(rt *apiutil.RouteInfo, resp *Response) error {
	if rt.Response == "html" {
		if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct == "text/html" {
			return nil
		}
	}
	var e struct {
		Error            string `json:"error"`
		ErrorCode        int    `json:"error_code"`
		Request          string `json:"request"`
		ErrorURI         string `json:"error_uri,omitempty"`
		ErrorDescription string `json:"error_description,omitempty"`
	}
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return fmt.Errorf("not the Sina error envelope: %w", err)
	}
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct != "application/json" {
		return fmt.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	if e.Error == "" || e.ErrorCode == 0 || e.Request == "" {
		return errors.New("error, error_code or request missing")
	}
	return nil
}

// sinaValid gives the values only the dialect knows.
func sinaValid(rt *apiutil.RouteInfo, p apiutil.ParamInfo, fx *Fixture) ([]string, bool) {
	k := fx.K
	switch p.Name {
	case "client_id":
		return []string{k.AppKey()}, true
	case "client_secret":
		return []string{k.AppSecret()}, true
	case "redirect_uri":
		return []string{k.URL + "/callback"}, true
	case "grant_type":
		return []string{"password", "authorization_code", "refresh_token"}, true
	case "username", "userId":
		return []string{fx.Alice.ScreenName}, true
	case "password", "passwd":
		return []string{fx.Alice.Password}, true
	case "source":
		return []string{k.AppKey()}, true
	case "screen_name", "source_screen_name", "target_screen_name":
		if !p.Required {
			return nil, false
		}
		return []string{fx.Bob.ScreenName}, true
	case "type":
		if rt.Path == "/2/remind/set_count.json" {
			return []string{"status", "follower", "cmt", "dm", "mention_status", "mention_cmt"}, true
		}
	case "callback":
		return []string{"cb"}, true
	case "domain":
		return []string{"u/" + idstr(fx.Bob.ID)}, true
	case "mid":
		return []string{idstr(fx.BobPublic)}, true
	}
	if strings.HasPrefix(rt.Path, "/2/location/") {
		return locationValid(rt, p)
	}
	return nil, false
}

// locationValid gives location.md's points ("lng,lat") and codes, so that
// requests get past the coordinate checks to the queries behind them.
func locationValid(rt *apiutil.RouteInfo, p apiutil.ParamInfo) ([]string, bool) {
	switch p.Name {
	case "coordinate", "center_coordinate", "begin_coordinate", "end_coordinate":
		return []string{"116.322479,39.980781"}, true
	case "coordinates":
		switch rt.Path {
		case "/2/location/pois/search/by_area.json":
			return []string{"116.30,39.99|116.335,39.97"}, true
		case "/2/location/geo/is_domestic.json":
			return []string{"121.56,25.03,g1|139.69,35.69,g2"}, true
		}
		return []string{"116.32,39.98|116.33,39.99"}, true
	case "longitude":
		return []string{"116.322479"}, true
	case "latitude":
		return []string{"39.980781"}, true
	case "srcid":
		return []string{"4242"}, true
	case "city":
		return []string{"0010"}, true
	}
	if rt.Path == "/2/location/base/get_map_image.json" {
		switch p.Name {
		case "names":
			return []string{"天安门,b"}, true
		case "lines":
			return []string{"0XFF0000,3,116.32,39.98|116.33,39.99"}, true
		case "polygons":
			return []string{"0X0000FF,1,0X00FF00,50,116.32,39.98|116.33,39.99|116.33,39.98"}, true
		case "font":
			return []string{"宋体,1,20,0XFF0CC0,0XFFFFE0,1"}, true
		case "size":
			return []string{"320x240"}, true
		case "format":
			return []string{"png"}, true
		}
	}
	return nil, false
}
