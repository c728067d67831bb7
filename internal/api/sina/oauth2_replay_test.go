package sina_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// backends runs fn on SQLite and, when WEIBO_TEST_POSTGRES is set, on PostgreSQL.
func backends(t *testing.T, opts testkit.Options, fn func(t *testing.T, k *testkit.Kit)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, testkit.Start(t, opts)) })
	t.Run("postgres", func(t *testing.T) {
		o := opts
		o.DB = pgtest.Schema(t, "weibo_sina_")
		fn(t, testkit.Start(t, o))
	})
}

// TestOAuthReplayedCode: a user signed in on two devices, one by the password
// grant and one by the code flow. Replaying the used code (RFC 6749 §4.1.2)
// revokes the token issued from that code and nothing else: the password
// device, a second code-flow sign-in and other apps stay signed in.
func TestOAuthReplayedCode(t *testing.T) {
	backends(t, testkit.Options{}, func(t *testing.T, k *testkit.Kit) {
		u := k.NewUser("twodev") // device 1: the password grant
		conf := oauthConfig(k, oauth2.AuthStyleInParams)
		key2, secret2 := newApp(t, k, "second", "http://second.example/cb")
		otherApp := passwordToken(t, k, key2, secret2, "twodev", u.Password, "")
		c := k.Anonymous()
		exchange := func(code string) *testkit.Response {
			return c.Post("/oauth2/access_token", tokenParams(k, "grant_type", "authorization_code", "code", code,
				"redirect_uri", conf.RedirectURL))
		}

		code := authorize(t, conf.AuthCodeURL("s"), "twodev", u.Password, conf.RedirectURL)
		var device2 specToken // device 2: the code flow
		decodeSpec(t, exchange(code), &device2, tokenKeys)
		var device3 specToken // device 3: the code flow again, another code
		decodeSpec(t, exchange(authorize(t, conf.AuthCodeURL("s"), "twodev", u.Password, conf.RedirectURL)), &device3, tokenKeys)
		for _, tok := range []string{u.Token, device2.AccessToken, device3.AccessToken, otherApp.AccessToken} {
			if getUID(t, k, tok) != u.ID {
				t.Fatal("a fresh token does not work")
			}
		}

		oauthFail(t, c, exchange(code), http.StatusBadRequest, 21325, "invalid_grant")
		dead := clientWithToken(k, device2.AccessToken)
		dead.Fail(dead.Get("/2/account/get_uid.json", nil), http.StatusUnauthorized, 21332)
		oauthFail(t, c, c.Post("/oauth2/get_token_info", url.Values{"access_token": {device2.AccessToken}}), 401, 21332, "invalid_access_token")
		for name, tok := range map[string]string{"password-grant device": u.Token, "other code": device3.AccessToken,
			"other app": otherApp.AccessToken} {
			if r := clientWithToken(k, tok).Get("/2/account/get_uid.json", nil); r.Status != http.StatusOK {
				t.Errorf("%s signed out by the replay: %d %s", name, r.Status, r.Body)
			}
		}
		// The password device keeps its refresh token too.
		var refreshed specToken
		decodeSpec(t, c.Post("/oauth2/access_token", tokenParams(k, "grant_type", "refresh_token",
			"refresh_token", passwordToken(t, k, k.AppKey(), k.AppSecret(), "twodev", u.Password, "").RefreshToken)), &refreshed, tokenKeys)
	})
}

// TestOAuthConcurrentCodeExchange: one code exchanged by several requests at
// once yields at most one live token, on both databases; the user's other
// sign-ins are untouched.
func TestOAuthConcurrentCodeExchange(t *testing.T) {
	backends(t, testkit.Options{}, func(t *testing.T, k *testkit.Kit) {
		u := k.NewUser("racer")
		conf := oauthConfig(k, oauth2.AuthStyleInParams)
		for round := range 3 {
			code := authorize(t, conf.AuthCodeURL("s"), "racer", u.Password, conf.RedirectURL)
			body := tokenParams(k, "grant_type", "authorization_code", "code", code, "redirect_uri", conf.RedirectURL).Encode()
			const n = 6
			type result struct {
				status int
				body   []byte
				err    error
			}
			results := make([]result, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					resp, err := http.Post(k.URL+"/oauth2/access_token", "application/x-www-form-urlencoded", strings.NewReader(body))
					if err != nil {
						results[i].err = err
						return
					}
					defer resp.Body.Close()
					results[i].status = resp.StatusCode
					results[i].body, results[i].err = io.ReadAll(resp.Body)
				}()
			}
			close(start)
			wg.Wait()
			live, issued := 0, 0
			for _, r := range results {
				if r.err != nil {
					t.Fatal(r.err)
				}
				if r.status != http.StatusOK {
					oauthFail(t, k.Anonymous(), &testkit.Response{Status: r.status, Body: r.body}, http.StatusBadRequest, 21325, "invalid_grant")
					continue
				}
				issued++
				var tok specToken
				if err := testkit.DecodeStrict(r.body, &tok); err != nil {
					t.Fatal(err)
				}
				if clientWithToken(k, tok.AccessToken).Get("/2/account/get_uid.json", nil).Status == http.StatusOK {
					live++
				}
			}
			if issued > 1 || live > 1 {
				t.Fatalf("round %d: %d tokens issued, %d live from one code", round, issued, live)
			}
			if getUID(t, k, u.Token) != u.ID {
				t.Fatal("the password-grant token died")
			}
		}
	})
}
