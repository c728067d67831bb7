package web_test

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/web"
)

// The site's hostile-client walk: every route the site mounts (read from
// the Registrar it registers on, so a new page is walked without being
// listed here) gets hostile path values, query strings and forms, signed
// out and signed in, with and without the form token. Field names come
// from the site itself: every name="…" of the templates and every form or
// query value the handlers read. No answer may be a 5xx, a form without
// its token is refused, nothing is logged at ERROR, and the site still
// serves its home page.

type siteRoute struct{ method, path string }

type recorder struct{ routes []siteRoute }

func (r *recorder) Handle(pattern string, _ http.Handler) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "", pattern
	}
	r.routes = append(r.routes, siteRoute{method, path})
}

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var (
	fieldInTemplate = regexp.MustCompile(`name="([a-zA-Z_][a-zA-Z0-9_]*)"`)
	fieldInGo       = regexp.MustCompile(`(?:FormValue|Query\(\)\.Get|query\.Get|q\.Get)\("([a-zA-Z_][a-zA-Z0-9_]*)"\)`)
)

// siteFields lists every field name the site's templates and handlers use.
func siteFields(t *testing.T) []string {
	t.Helper()
	set := map[string]bool{"page": true, "max_id": true, "cursor": true, "lang": true}
	scan := func(glob string, re *regexp.Regexp) {
		files, err := filepath.Glob(glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", glob, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllSubmatch(b, -1) {
				set[string(m[1])] = true
			}
		}
	}
	scan("templates/*.html", fieldInTemplate)
	scan("*.go", fieldInGo)
	delete(set, "viewport") // a meta tag's name
	delete(set, web.CSRFField)
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// hostileStrings are the values every field and path segment gets.
func hostileStrings() []string {
	return []string{
		"", " ", "0", "-1", "99999999999999999999", "9223372036854775807", "abc",
		"\x00", "a\x00b", "\xff\xfe", "%zz", "../../etc/passwd", "<script>alert(1)</script>",
		"@" + strings.Repeat("名", 300), "#" + strings.Repeat("话", 200) + "#", strings.Repeat("x", 70000),
		"http://127.0.0.1:1/x", "javascript:alert(1)", "１２３",
	}
}

func TestHostileSite(t *testing.T) {
	if testing.Short() {
		t.Skip("walks every page")
	}
	logs := &lockedBuf{}
	k := testkit.Start(t, testkit.Options{Log: logs})
	rec := &recorder{}
	web.New(k.App.Core, web.Options{}).Mount(rec)
	fields := siteFields(t)
	values := hostileStrings()

	// Someone else's things to aim at: a private status and a profile.
	other := signUp(t, k, "hostile_other")
	other.post("/compose", url.Values{"status": {"只给自己看"}, "visible": {"1"}})
	otherProfile, otherUID := other.me()
	otherStatusID, otherStatusAddr := newest(t, other.get(otherProfile))

	segment := func(name string) []string {
		own := append([]string{}, values...)
		switch name {
		case "uid":
			return append(own, otherUID)
		case "id":
			return append(own, otherStatusID)
		case "mid":
			return append(own, strings.TrimPrefix(otherStatusAddr[strings.LastIndex(otherStatusAddr, "/"):], "/"))
		}
		return own
	}
	paramRE := regexp.MustCompile(`\{([a-z$]+)\}`)
	var paths func(pattern string) []string
	paths = func(pattern string) []string {
		m := paramRE.FindStringSubmatch(pattern)
		if m == nil || m[1] == "$" {
			return []string{strings.TrimSuffix(pattern, "{$}")}
		}
		var out []string
		for _, v := range segment(m[1]) {
			if v == "" {
				continue
			}
			out = append(out, paths(strings.Replace(pattern, m[0], url.PathEscape(v), 1))...)
		}
		return out
	}

	checked := 0
	check := func(route siteRoute, what string, p *page) {
		t.Helper()
		checked++
		if p.status >= 500 {
			t.Errorf("%s %s (%s): %d\n%.300s", route.method, route.path, what, p.status, p.body)
		}
	}
	n := 0
	for _, route := range rec.routes {
		if route.path == "/static/" || route.path == "/live" {
			continue // files, and an endless event stream (live_test.go)
		}
		n++
		// A fresh person per route: a walk may end its own session
		// (sign out everywhere, a password change, deactivation).
		b := signUp(t, k, "hostile"+strconv.Itoa(n))
		if strings.HasPrefix(route.path, "/admin") {
			// The admin pages refuse everyone else at once: walked as an
			// admin, their forms and parameters meet the hostile values.
			if _, err := k.App.Core.SetRole(context.Background(), core.Operator, "hostile"+strconv.Itoa(n), domain.RoleAdmin); err != nil {
				t.Fatal(err)
			}
		}
		anon := newBrowser(t, k)
		anon.get("/login")
		for _, path := range paths(route.path) {
			if path == "/" && route.path != "/" && route.path != "/{$}" {
				continue
			}
			switch route.method {
			case "GET", "":
				check(route, "signed out", anon.get(path))
				check(route, "signed in", b.get(path))
				for _, v := range values {
					q := url.Values{}
					for _, f := range fields {
						q.Set(f, v)
					}
					check(route, "query "+strconv.Quote(v[:min(len(v), 20)]), b.get(path+"?"+q.Encode()))
				}
			case "POST":
				// Without the form token: refused, signed in or out.
				for _, br := range []*browser{anon, b} {
					p := br.post(path, url.Values{"csrf_token": {"forged"}, "status": {"x"}})
					if p.status != http.StatusForbidden {
						t.Errorf("POST %s with a forged token: %d, want 403", path, p.status)
					}
				}
				b.get("/settings") // a fresh token
				for _, v := range values {
					f := url.Values{}
					for _, name := range fields {
						f.Set(name, v)
					}
					check(route, "form "+strconv.Quote(v[:min(len(v), 20)]), b.post(path, f))
					if p := b.get("/"); p.status >= 500 {
						t.Fatalf("home page after POST %s: %d", path, p.status)
					}
				}
				check(route, "multipart garbage", b.postMultipartAs(path, "avatar", url.Values{"status": {"图"}}, "x.png", []byte("\x89PNG\r\n\x1a\n garbage")))
			default:
				t.Errorf("route %s %s: a method the walk does not know", route.method, route.path)
			}
		}
	}
	if n < 40 {
		t.Fatalf("walked %d routes: the recorder missed the site's routes", n)
	}
	// The site still answers, and nothing was logged at ERROR.
	if p := newBrowser(t, k).get("/"); p.status != http.StatusOK {
		t.Fatalf("home page after the walk: %d", p.status)
	}
	k.Drain()
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if line := sc.Text(); strings.Contains(line, "level=ERROR") || strings.Contains(line, "panic") {
			t.Errorf("server logged: %.600s", line)
		}
	}
	t.Logf("%d routes, %d requests, fields %s", n, checked, strings.Join(slices.Clip(fields), " "))
}

// TestSiteAddressesAreReserved: no one may take a page's address as their
// personal domain (/trends would then be either the page or the person).
func TestSiteAddressesAreReserved(t *testing.T) {
	k := testkit.Start(t)
	rec := &recorder{}
	web.New(k.App.Core, web.Options{}).Mount(rec)
	u := k.NewUser("domain_taker")
	seen := map[string]bool{}
	for _, r := range rec.routes {
		seg, _, _ := strings.Cut(strings.TrimPrefix(r.path, "/"), "/")
		if seg == "" || strings.HasPrefix(seg, "{") || seen[seg] {
			continue
		}
		seen[seg] = true
		err := k.App.Core.ApplyDomain(context.Background(), domain.Viewer{UserID: u.ID}, seg)
		if err == nil {
			t.Fatalf("the page address /%s was given as a personal domain", seg)
		}
		if de := domain.AsError(err); de.Kind != domain.KindConflict && de.Reason != domain.ReasonBadDomain {
			t.Errorf("/%s: %v", seg, err)
		}
	}
	if len(seen) < 10 {
		t.Fatalf("only %d page addresses", len(seen))
	}
}
