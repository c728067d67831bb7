package sina_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// The consent page names, in plain words, each scope the app asks for, and
// a made-up scope is neither shown nor granted.
func TestAuthorizePageListsScopes(t *testing.T) {
	k := testkit.Start(t)
	c := k.Anonymous()
	r := c.Get("/oauth2/authorize", url.Values{"client_id": {k.AppKey()}, "redirect_uri": {k.URL + "/callback"},
		"scope": {"friendships_groups_read,email made_up"}})
	if r.Status != http.StatusOK {
		t.Fatalf("authorize: %d %s", r.Status, r.Body)
	}
	body := string(r.Body)
	for _, want := range []string{`data-scope="friendships_groups_read"`, "查看你的好友分组", `data-scope="email"`, "读取你的联系邮箱"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, `data-scope="made_up"`) {
		t.Errorf("an unknown scope is listed:\n%s", body)
	}
	// Without scopes the page says only basic access is granted.
	r = c.Get("/oauth2/authorize", url.Values{"client_id": {k.AppKey()}, "redirect_uri": {k.URL + "/callback"}})
	if !strings.Contains(string(r.Body), "公开信息与基本操作") || strings.Contains(string(r.Body), "data-scope") {
		t.Errorf("page without scopes:\n%s", r.Body)
	}
}

// A password grant keeps the known scopes it asked for, drops unknown ones,
// and a refresh keeps them.
func TestGrantScopes(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUserScoped("", "scoper")
	c := k.Anonymous()
	tok := passwordToken(t, k, k.AppKey(), k.AppSecret(), "scoper", u.Password, "email,nonsense friendships_groups_read")
	var info specTokenInfo
	decodeSpec(t, c.Post("/oauth2/get_token_info", url.Values{"access_token": {tok.AccessToken}}), &info, tokenInfoKeys)
	if info.Scope == nil || *info.Scope != "email,friendships_groups_read" {
		t.Fatalf("scope %s, want email,friendships_groups_read", strOf(info.Scope))
	}
	var ref specToken
	c.Must(c.Form("POST", "/oauth2/access_token", url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()},
		"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}), &ref)
	decodeSpec(t, c.Post("/oauth2/get_token_info", url.Values{"access_token": {ref.AccessToken}}), &info, tokenInfoKeys)
	if info.Scope == nil || *info.Scope != "email,friendships_groups_read" {
		t.Fatalf("refreshed scope %s", strOf(info.Scope))
	}
}
