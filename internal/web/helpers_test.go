package web_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

// browser is a person's browser: a cookie jar, no automatic redirects (the
// tests look at each one), and the form token of the last page it saw.
type browser struct {
	t    *testing.T
	k    *testkit.Kit
	http *http.Client
	csrf string
	// header is added to every request (Accept-Language, Origin).
	header http.Header
}

func newBrowser(t *testing.T, k *testkit.Kit) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, k: k, header: http.Header{}, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (p *page) location() string { return p.header.Get("Location") }

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) do(req *http.Request) *page {
	b.t.Helper()
	for k, vs := range b.header {
		req.Header[k] = vs
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	p := &page{status: resp.StatusCode, header: resp.Header, body: string(body)}
	if m := csrfRE.FindStringSubmatch(p.body); m != nil {
		b.csrf = html.UnescapeString(m[1])
	}
	return p
}

func (b *browser) get(path string) *page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.k.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form with the token of the last page seen (unless the form
// sets csrf_token itself).
func (b *browser) post(path string, form url.Values) *page {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", b.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, b.k.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// signUp signs a new person up through the form and returns the browser
// signed in as them.
func signUp(t *testing.T, k *testkit.Kit, name string) *browser {
	t.Helper()
	b := newBrowser(t, k)
	b.get("/signup")
	p := b.post("/signup", url.Values{"screen_name": {name}, "password": {"secret-" + name}})
	if p.status != http.StatusSeeOther || p.location() != "/" {
		t.Fatalf("sign up %s: %d %s\n%s", name, p.status, p.location(), p.body)
	}
	b.get("/") // the token of the session
	return b
}

func wantStatus(t *testing.T, p *page, status int) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d\n%s", p.status, status, p.body)
	}
}

func wantContains(t *testing.T, p *page, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(p.body, s) {
			t.Fatalf("page lacks %q:\n%s", s, p.body)
		}
	}
}

func wantLacks(t *testing.T, p *page, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(p.body, s) {
			t.Fatalf("page has %q:\n%s", s, p.body)
		}
	}
}

// testkitLimits are sign-in limits only: two failures an hour per address.
func testkitLimits() core.RateLimits {
	return core.RateLimits{Login: core.LoginLimits{IPFailuresPerHour: 2}}
}
