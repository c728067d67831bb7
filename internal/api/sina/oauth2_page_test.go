package sina_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/weibo-server/weibo/internal/testkit"
)

// consentURL is the authorize page of k's test app with kv added (a blank
// value removes the parameter).
func consentURL(k *testkit.Kit, conf *oauth2.Config, kv ...string) string {
	v := url.Values{"client_id": {k.AppKey()}, "redirect_uri": {conf.RedirectURL}, "response_type": {"code"}, "state": {"st"}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return k.URL + "/oauth2/authorize?" + v.Encode()
}

// codeUser exchanges a code and returns whose token it is.
func codeUser(t *testing.T, k *testkit.Kit, conf *oauth2.Config, q url.Values) int64 {
	t.Helper()
	if q.Get("code") == "" {
		t.Fatalf("no code in the redirect: %v", q)
	}
	tok, err := conf.Exchange(t.Context(), q.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	return getUID(t, k, tok.AccessToken)
}

var (
	htmlLangRe  = regexp.MustCompile(`<html lang="([^"]*)"`)
	bodyClassRe = regexp.MustCompile(`<body class="([^"]*)"`)
	signedInRe  = regexp.MustCompile(`class="signed-in" data-uid="(\d+)"`)
	switchRe    = regexp.MustCompile(`<a class="switch" href="([^"]*)"`)
)

func match(re *regexp.Regexp, body string) string {
	if m := re.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// The consent page remembers who signed in on it (a session cookie), so the
// next app is approved without the password; forcelogin=true asks for it all
// the same and lets another person sign in.
func TestOAuthAuthorizeSessionAndForceLogin(t *testing.T) {
	k := testkit.Start(t)
	ann, bob := k.NewUser("ann"), k.NewUser("bob")
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	b := newBrowser(t)

	// No session yet: the password is asked for; signing in starts a session.
	f := parseForm(t, b.do("GET", consentURL(k, conf), nil, nil))
	if c, ok := f.input("passwd"); !ok || !c.required {
		t.Fatal("no password field without a session")
	}
	p := b.submit(f, map[string]string{"userId": "ann", "passwd": ann.Password}, "authorize")
	var session *http.Cookie
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "weibo_session" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Value == "" {
		t.Fatalf("session cookie %+v", session)
	}
	if uid := codeUser(t, k, conf, callback(t, p, conf.RedirectURL)); uid != ann.ID {
		t.Fatalf("code for %d, want ann %d", uid, ann.ID)
	}

	// With the session: the page names ann and approves without a password.
	page := b.do("GET", consentURL(k, conf, "state", "again"), nil, nil)
	f = parseForm(t, page)
	if _, ok := f.input("passwd"); ok {
		t.Fatal("the password is asked for although a session signs ann in")
	}
	if uid := match(signedInRe, page.body); uid != idString(ann.ID) || !strings.Contains(page.body, "ann") {
		t.Fatalf("signed in as %q:\n%s", uid, page.body)
	}
	q := callback(t, b.submit(f, nil, "authorize"), conf.RedirectURL)
	if uid := codeUser(t, k, conf, q); uid != ann.ID || q.Get("state") != "again" {
		t.Fatalf("code for %d state %q", uid, q.Get("state"))
	}

	// "Not you?" is this page with forcelogin=true.
	sw, err := url.Parse(k.URL + "/oauth2/" + html.UnescapeString(match(switchRe, page.body)))
	if err != nil || sw.Query().Get("forcelogin") != "true" || sw.Query().Get("state") != "again" {
		t.Fatalf("switch link %v (%v)", sw, err)
	}

	// forcelogin=true: the password is asked for despite the session, and
	// the form carries forcelogin through its POST.
	page = b.do("GET", consentURL(k, conf, "forcelogin", "true"), nil, nil)
	f = parseForm(t, page)
	if c, ok := f.input("passwd"); !ok || !c.required {
		t.Fatal("forcelogin=true shows no password field")
	}
	if c, ok := f.input("forcelogin"); !ok || c.value != "true" {
		t.Fatalf("forcelogin is not carried by the form: %+v", f.inputs)
	}
	if match(signedInRe, page.body) != "" {
		t.Fatal("forcelogin=true page approves as the session's user")
	}
	// Leaving the password out (a script, or the field emptied) signs no one in.
	p = b.submit(f, map[string]string{"userId": "", "passwd": ""}, "authorize")
	if p.status != http.StatusOK || p.header.Get("Location") != "" || !strings.Contains(p.body, "帐号或密码错误") {
		t.Fatalf("forcelogin without a password: %d %v", p.status, p.header)
	}
	// Another person signs in: the code is theirs, and so is the session now.
	q = callback(t, b.submit(f, map[string]string{"userId": "bob", "passwd": bob.Password}, "authorize"), conf.RedirectURL)
	if uid := codeUser(t, k, conf, q); uid != bob.ID {
		t.Fatalf("forcelogin code for %d, want bob %d", uid, bob.ID)
	}
	if uid := match(signedInRe, b.do("GET", consentURL(k, conf), nil, nil).body); uid != idString(bob.ID) {
		t.Fatalf("session after forcelogin signs in %q, want bob", uid)
	}
	// forcelogin takes 0/1/true/false; anything else is the parameter error, redirected.
	q = callback(t, b.do("GET", consentURL(k, conf, "forcelogin", "yes"), nil, nil), conf.RedirectURL)
	if q.Get("error") == "" || q.Get("error_code") == "" || q.Get("code") != "" || !strings.Contains(q.Get("error_description"), "forcelogin") {
		t.Fatalf("forcelogin=yes redirect %v", q)
	}
	for _, v := range []string{"1", "false", "0"} {
		f := parseForm(t, b.do("GET", consentURL(k, conf, "forcelogin", v), nil, nil))
		if _, ok := f.input("passwd"); ok != (v == "1") {
			t.Errorf("forcelogin=%s: password field %v", v, ok)
		}
	}

	// A session another browser does not have, or a forged one, signs in no one.
	for _, c := range []*http.Cookie{nil, {Name: "weibo_session", Value: "forged"}} {
		o := newBrowser(t)
		if c != nil {
			u, _ := url.Parse(k.URL)
			o.http.Jar.SetCookies(u, []*http.Cookie{c})
		}
		f := parseForm(t, o.do("GET", consentURL(k, conf), nil, nil))
		if _, ok := f.input("passwd"); !ok {
			t.Errorf("cookie %v: no password asked", c)
		}
		// Posting approval without a password gives no code either.
		p := o.submit(f, map[string]string{"passwd": ""}, "authorize")
		if p.header.Get("Location") != "" {
			t.Errorf("cookie %v: approved without a session: %v", c, p.header)
		}
	}
}

// language=en is the page in English; Chinese otherwise. display picks the
// layout: a phone's for mobile and the wap styles, a desktop client's window
// for client, the web page for the rest.
func TestOAuthAuthorizeLanguageAndDisplay(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("lingo")
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	for _, c := range []struct {
		kv               []string
		lang, layout     string
		words, notWords  []string
		wrongPasswordMsg string
	}{
		{nil, "zh-CN", "layout-default", []string{"授权", "密码", "读取你的私信"}, []string{"Password"}, "帐号或密码错误"},
		{[]string{"language", "en"}, "en", "layout-default", []string{"Authorize", "Password", "Read your direct messages"}, []string{"密码", "读取你的私信"}, "Wrong account name or password"},
		{[]string{"language", "zh_CN", "display", "mobile"}, "zh-CN", "layout-mobile", []string{"授权"}, nil, "帐号或密码错误"},
		{[]string{"language", "en", "display", "wap"}, "en", "layout-mobile", []string{"Authorize"}, nil, "Wrong account name"},
		{[]string{"display", "wap2.0"}, "zh-CN", "layout-mobile", nil, nil, "帐号或密码错误"},
		{[]string{"display", "client"}, "zh-CN", "layout-client", nil, nil, "帐号或密码错误"},
		{[]string{"display", "default"}, "zh-CN", "layout-default", nil, nil, "帐号或密码错误"},
		{[]string{"display", "popup"}, "zh-CN", "layout-default", nil, nil, "帐号或密码错误"},
	} {
		b := newBrowser(t)
		kv := append([]string{"scope", "direct_messages_read"}, c.kv...)
		p := b.do("GET", consentURL(k, conf, kv...), nil, nil)
		if p.status != http.StatusOK {
			t.Fatalf("%v: %d", c.kv, p.status)
		}
		if got := match(htmlLangRe, p.body); got != c.lang {
			t.Errorf("%v: lang %q, want %q", c.kv, got, c.lang)
		}
		if got := match(bodyClassRe, p.body); got != c.layout {
			t.Errorf("%v: layout %q, want %q", c.kv, got, c.layout)
		}
		if !strings.Contains(p.body, `name="viewport" content="width=device-width,initial-scale=1"`) {
			t.Errorf("%v: no viewport", c.kv)
		}
		for _, w := range c.words {
			if !strings.Contains(p.body, w) {
				t.Errorf("%v: page lacks %q", c.kv, w)
			}
		}
		for _, w := range c.notWords {
			if strings.Contains(p.body, w) {
				t.Errorf("%v: page has %q", c.kv, w)
			}
		}
		// The language and the layout survive a failed sign-in (the page comes back).
		again := b.submit(parseForm(t, p), map[string]string{"userId": "lingo", "passwd": "wrong"}, "authorize")
		if !strings.Contains(again.body, c.wrongPasswordMsg) || match(htmlLangRe, again.body) != c.lang || match(bodyClassRe, again.body) != c.layout {
			t.Errorf("%v: after a wrong password: lang %q layout %q\n%s", c.kv, match(htmlLangRe, again.body), match(bodyClassRe, again.body), again.body)
		}
		// ... and the flow completes in it.
		q := callback(t, b.submit(parseForm(t, again), map[string]string{"userId": "lingo", "passwd": u.Password}, "authorize"), conf.RedirectURL)
		if uid := codeUser(t, k, conf, q); uid != u.ID {
			t.Errorf("%v: code for %d", c.kv, uid)
		}
	}
	// A display the spec does not list is the parameter error, redirected to the client.
	q := callback(t, newBrowser(t).do("GET", consentURL(k, conf, "display", "tv"), nil, nil), conf.RedirectURL)
	if q.Get("error") == "" || q.Get("code") != "" || !strings.Contains(q.Get("error_description"), "display") || q.Get("state") != "st" {
		t.Fatalf("display=tv redirect %v", q)
	}
}

// response_type=token, the implicit grant, stays refused, and the client is
// told why.
func TestOAuthAuthorizeRefusesImplicitGrant(t *testing.T) {
	k := testkit.Start(t)
	conf := oauthConfig(k, oauth2.AuthStyleInParams)
	for _, typ := range []string{"token", "code token"} {
		p := newBrowser(t).do("GET", consentURL(k, conf, "response_type", typ), nil, nil)
		q := callback(t, p, conf.RedirectURL)
		if q.Get("error") != "unsupported_response_type" || q.Get("error_code") != "21329" || q.Get("code") != "" ||
			q.Get("access_token") != "" || q.Get("state") != "st" {
			t.Fatalf("%s: redirect %v", typ, q)
		}
		if typ == "token" && (!strings.Contains(q.Get("error_description"), "RFC 9700") || !strings.Contains(q.Get("error_description"), "implicit")) {
			t.Errorf("token: the reason is not given: %q", q.Get("error_description"))
		}
	}
	// POSTing the form with response_type=token is refused the same way.
	p := newBrowser(t).do("POST", k.URL+"/oauth2/authorize", url.Values{"client_id": {k.AppKey()}, "redirect_uri": {conf.RedirectURL},
		"response_type": {"token"}, "userId": {"x"}, "passwd": {"y"}}, nil)
	if q := callback(t, p, conf.RedirectURL); !strings.Contains(q.Get("error_description"), "RFC 9700") {
		t.Fatalf("POST token: %v", q)
	}
}
