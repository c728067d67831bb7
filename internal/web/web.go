// Package web is the site for people: server-rendered pages (html/template,
// embedded templates and static files, a little JavaScript that only
// improves what works without it) over the same core the API dialects use.
// It has its own view models; it never renders a dialect's wire structs.
//
// Security, in one place: every page sends a strict Content-Security-Policy
// (no inline script or style, nothing from elsewhere but pictures from the
// media URL); sessions are the core's server-side sessions behind an
// HttpOnly, SameSite=Lax cookie (Secure over HTTPS); every POST carries a
// CSRF token, compared in constant time; user text reaches pages only
// through html/template or the span renderer (text.go), which escapes it.
package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

//go:embed templates static
var files embed.FS

// Cookie names. The session cookie is the one the OAuth consent page sets
// too: signing in on either signs in on both.
const (
	SessionCookie = "weibo_session"
	csrfCookie    = "weibo_csrf"
	langCookie    = "weibo_lang"
	// CSRFField is the form field every POST form carries.
	CSRFField = "csrf_token"
)

// pageSize is how many statuses (or comments) a page shows.
const pageSize = 20

// Options configure the site. The zero value works (UTC, no proxy).
type Options struct {
	// Location is the zone dates are shown in; nil: UTC.
	Location *time.Location
	// TrustProxy believes X-Forwarded-For/-Proto (client address for the
	// sign-in guard, https for the Secure cookie flag).
	TrustProxy bool
	// MediaURL is where pictures are served from; a URL on another origin
	// is allowed in the Content-Security-Policy's img-src.
	MediaURL string
	Log      *slog.Logger
}

// Registrar is where the site registers its routes (the server's mux).
type Registrar interface {
	Handle(pattern string, h http.Handler)
}

// Site is the web site.
type Site struct {
	svc      *core.Service
	opts     Options
	log      *slog.Logger
	pages    map[string]*template.Template
	static   fs.FS
	version  string // of the static files, in their URLs
	csp      string
	stop     chan struct{} // closed by Shutdown: event streams end
	stopOnce sync.Once
	// rest routes the addresses that cannot be patterns of the server's
	// mux, as they would overlap the API's (/{uid}/{mid}, /{domain}).
	rest *http.ServeMux
}

// New builds the site over the core.
func New(svc *core.Service, opts Options) *Site {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	s := &Site{svc: svc, opts: opts, log: opts.Log, stop: make(chan struct{})}
	static, err := fs.Sub(files, "static")
	if err != nil {
		panic(err)
	}
	s.static = static
	s.version = staticVersion(static)
	s.pages = parsePages()
	s.csp = contentSecurityPolicy(opts.MediaURL)
	s.rest = http.NewServeMux()
	s.rest.Handle("GET /{uid}/{mid}", s.page(s.statusPage))
	s.rest.Handle("GET /{domain}", s.page(s.domainPage))
	s.rest.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "no such page")
	}))
	return s
}

// contentSecurityPolicy allows scripts, styles and connections from the
// site alone, pictures from it and the media URL, forms posted to it, and no
// framing. The site has no inline script or style, so none is allowed.
func contentSecurityPolicy(mediaURL string) string {
	img := "'self' data:"
	if u, err := url.Parse(mediaURL); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
		img += " " + u.Scheme + "://" + u.Host
	}
	return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + img +
		"; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}

// Mount registers the site's routes. The literal addresses are the server's
// patterns (each its own metrics label); "/" takes the rest: the home page,
// status pages and personal domains, and answers 404 pages.
func (s *Site) Mount(reg Registrar) {
	s.mountDiscover(reg)
	reg.Handle("GET /{$}", s.page(s.home))
	reg.Handle("GET /login", s.page(s.loginPage))
	reg.Handle("POST /login", s.page(s.login))
	reg.Handle("GET /signup", s.page(s.signupPage))
	reg.Handle("POST /signup", s.page(s.signup))
	reg.Handle("POST /logout", s.page(s.logout))
	reg.Handle("POST /compose", s.page(s.compose))
	reg.Handle("POST /count", s.page(s.count))
	reg.Handle("GET /u/{uid}", s.page(s.profilePage))
	reg.Handle("GET /n/{name}", s.page(s.mentionPage))
	reg.Handle("GET /u/{uid}/following", s.page(s.followingPage))
	reg.Handle("GET /u/{uid}/followers", s.page(s.followersPage))
	reg.Handle("GET /lang", s.page(s.setLang))
	reg.Handle("GET /at", s.page(s.signedIn(s.mentionsPage)))
	reg.Handle("GET /comments", s.page(s.signedIn(s.commentsPage)))
	reg.Handle("GET /search", s.page(s.searchPage))
	reg.Handle("GET /live", s.page(s.signedIn(s.liveStream)))
	s.mountActions(reg)
	s.mountSettings(reg)
	s.mountGroups(reg)
	s.mountAdmin(reg)
	reg.Handle("GET /messages", s.page(s.signedIn(s.messagesPage)))
	reg.Handle("GET /notifications", s.page(s.signedIn(s.noticesPage)))
	reg.Handle("POST /messages", s.page(s.signedIn(s.sendMessage)))
	reg.Handle("GET /static/", http.StripPrefix("/static/", s.staticHandler()))
	reg.Handle("/", http.HandlerFunc(s.serveRest))
}

// serveRest answers what no pattern of the server matched. Those addresses
// are pages to read; any other method is refused, as a mux would.
func (s *Site) serveRest(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.rest.ServeHTTP(w, r)
}

// request is what the site knows about one request.
type request struct {
	r      *http.Request
	me     *domain.User // nil: signed out
	secret string       // the session cookie, when signed in
	lang   string       // "zh" or "en"
	csrf   string       // the token this request's forms carry
	// status is the HTTP status a rendered page goes out with; 0: 200.
	status int
}

// viewer is the signed-in person as the core sees them: no app, every
// scope (the site is the person themselves, not a client acting for them).
func (rq *request) viewer(s *Site) domain.Viewer {
	if rq.me == nil {
		return domain.Viewer{IP: s.clientIP(rq.r)}
	}
	return domain.Viewer{UserID: rq.me.ID, Scopes: []string{"all"}, IP: s.clientIP(rq.r)}
}

func (rq *request) meID() int64 {
	if rq.me == nil {
		return 0
	}
	return rq.me.ID
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, rq *request) error

// page wraps a handler: security headers, the session, the language, the
// CSRF check of every POST, and an error page for what the handler returns.
func (s *Site) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", s.csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		// Pages show what one person may see: never kept by shared caches.
		hd.Set("Cache-Control", "no-store")
		rq, stale, err := s.session(r)
		if stale {
			// Expired or signed out elsewhere: the cookie is dropped.
			s.clearCookie(w, r, SessionCookie)
		}
		if err != nil {
			s.fail(w, rq, err)
			return
		}
		if r.Method == http.MethodPost {
			if !s.checkCSRF(r, rq) {
				rq.csrf = s.csrfToken(w, r, rq)
				s.fail(w, rq, errCSRF)
				return
			}
		}
		rq.csrf = s.csrfToken(w, r, rq)
		if err := h(w, r, rq); err != nil {
			s.fail(w, rq, err)
		}
	})
}

// errCSRF answers a form posted without its token: another site's form, or
// a page older than the session it was shown in.
var errCSRF = &domain.Error{Kind: domain.KindForbidden, Reason: "csrf", Msg: "form token missing or wrong"}

// csrfToken is the token forms carry. Signed in, it is derived from the
// session's secret (an HttpOnly cookie no script or other site can read), so
// it changes with every session and needs no storage. Signed out (the
// sign-in and sign-up forms), it is a random double-submit cookie.
func (s *Site) csrfToken(w http.ResponseWriter, r *http.Request, rq *request) string {
	if rq.me != nil {
		return sessionCSRF(rq.secret)
	}
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	v := randomToken()
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	// Later requests of this one (none) and the form rendered now agree.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: v})
	return v
}

func sessionCSRF(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("weibo web csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF compares the form's token with the one this browser's forms
// carry, in constant time, and refuses a cross-origin Origin outright.
func (s *Site) checkCSRF(r *http.Request, rq *request) bool {
	return s.checkCSRFToken(r, rq, r.PostFormValue(CSRFField))
}

// checkCSRFToken is checkCSRF of a token the caller read (the consent
// page's dialects read their forms themselves).
func (s *Site) checkCSRFToken(r *http.Request, rq *request, got string) bool {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
	}
	var want string
	if rq.me != nil {
		want = sessionCSRF(rq.secret)
	} else if ck, err := r.Cookie(csrfCookie); err == nil {
		want = ck.Value
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// secure says whether the browser speaks HTTPS to us, directly or through
// a trusted proxy: cookies are Secure then (not for plain-HTTP loopback
// development, where a Secure cookie would never come back).
func (s *Site) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if s.opts.TrustProxy {
		proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
		return strings.EqualFold(strings.TrimSpace(proto), "https")
	}
	return false
}

func (s *Site) clientIP(r *http.Request) string { return apiutil.ClientIP(r, s.opts.TrustProxy) }

func (s *Site) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// startSession signs u in on this browser, ending the session it had.
func (s *Site) startSession(w http.ResponseWriter, r *http.Request, rq *request, u *domain.User) error {
	ctx := r.Context()
	if rq.secret != "" {
		if err := s.svc.SignOut(ctx, rq.secret); err != nil {
			s.log.WarnContext(ctx, "end the replaced session", "err", err)
		}
	}
	secret, expires, err := s.svc.StartSession(ctx, u.ID, s.clientIP(r))
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", Expires: expires, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	rq.me, rq.secret = u, secret
	return nil
}

// safeNext returns next if it is a path on this site, else "/": a sign-in
// page must not become a redirector to other sites.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

// seeOther answers a successful POST: the browser GETs the next page, so
// reloading it does not post twice.
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// fail answers an error with a page saying what went wrong, in the status
// its kind calls for. Signed-out visitors of a page that needs a person are
// sent to sign in first.
func (s *Site) fail(w http.ResponseWriter, rq *request, err error) {
	r := rq.r
	de := domain.AsError(err)
	if de.Kind == domain.KindUnauthenticated && rq.me == nil && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := statusOf(de)
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "web page failed", "path", r.URL.Path,
			"request_id", r.Header.Get("X-Request-Id"), "err", err)
	}
	if de.RetryAfter > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int64((de.RetryAfter+time.Second-1)/time.Second)))
	}
	rq.status = status
	s.render(w, rq, "error", &errorView{Message: s.message(rq, de), Status: status})
}

type errorView struct {
	Message string
	Status  int
}

func statusOf(de *domain.Error) int {
	switch de.Kind {
	case domain.KindInvalid:
		return http.StatusBadRequest
	case domain.KindUnauthenticated:
		return http.StatusUnauthorized
	case domain.KindForbidden:
		return http.StatusForbidden
	case domain.KindNotFound:
		return http.StatusNotFound
	case domain.KindConflict:
		return http.StatusConflict
	case domain.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.KindRateLimited:
		return http.StatusTooManyRequests
	case domain.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// message is what a person is told about an error, in their language.
func (s *Site) message(rq *request, de *domain.Error) string {
	if de == errCSRF || de.Reason == errCSRF.Reason {
		return rq.T("页面已过期，请刷新后重试。")
	}
	if m, ok := reasonMessages[de.Reason]; ok {
		return rq.T(m)
	}
	switch de.Kind {
	case domain.KindNotFound:
		return rq.T("页面不存在。")
	case domain.KindRateLimited:
		return rq.T("操作太频繁，请稍后再试。")
	case domain.KindUnavailable:
		return rq.T("服务暂时不可用，请稍后再试。")
	case domain.KindInternal:
		return rq.T("出错了，请稍后再试。")
	}
	if de.Msg != "" {
		return de.Msg
	}
	return rq.T("出错了，请稍后再试。")
}

var reasonMessages = map[domain.Reason]string{
	domain.ReasonTextEmpty:        "内容不能为空。",
	domain.ReasonTextTooLong:      "内容超过140字。",
	domain.ReasonDuplicateText:    "不要发布重复的内容。",
	domain.ReasonStatusNotFound:   "这条微博不存在或已被删除。",
	domain.ReasonCommentNotFound:  "这条评论不存在或已被删除。",
	domain.ReasonUserNotFound:     "用户不存在。",
	domain.ReasonDomainNotFound:   "页面不存在。",
	domain.ReasonAuthFailed:       "帐号或密码错误。",
	domain.ReasonBadPassword:      "帐号或密码错误。",
	domain.ReasonPrivacyForbidden: "对方设置了隐私，你无权进行此操作。",
	domain.ReasonBlockedBy:        "对方设置了隐私，你无权进行此操作。",
	domain.ReasonFollowSelf:       "不能关注自己。",
	domain.ReasonAlreadyFollowed:  "你已经关注了此用户。",
	domain.ReasonNotFollowed:      "你还没有关注此用户。",
}
