package tencent

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The OAuth 1.0a endpoints (spec §3). The token endpoints answer in
// form-encoded text, never in the API envelope; the authorize page is the
// site's sign-in and consent page, as /oauth2/authorize is.

type oauthRoute struct {
	name    string // below /cgi-bin/
	methods string
	auth    apiutil.Auth
	html    bool
	params  []apiutil.ParamInfo
	h       func(w http.ResponseWriter, r *http.Request, p apiutil.Params)
}

func (a *API) oauthRoutes() []oauthRoute {
	return []oauthRoute{
		{name: "request_token", methods: "GET,POST", auth: apiutil.AuthClient, h: a.tokenEndpoint(a.requestToken)},
		{name: "authorize", methods: "GET,POST", auth: apiutil.AuthNone, html: true, h: a.authorize,
			params: ps(apiutil.P("oauth_token", apiutil.KindText).Req(), apiutil.P("userid", apiutil.KindText),
				apiutil.P("passwd", apiutil.KindText), apiutil.P("csrf_token", apiutil.KindText),
				apiutil.P("action", apiutil.KindText))},
		{name: "access_token", methods: "GET,POST", auth: apiutil.AuthClient, h: a.tokenEndpoint(a.accessToken)},
	}
}

func (o oauthRoute) info() *apiutil.RouteInfo {
	ri := &apiutil.RouteInfo{
		Dialect:  "tencent",
		Methods:  strings.Split(o.methods, ","),
		Path:     "/cgi-bin/" + o.name,
		Auth:     o.auth,
		Response: "text",
		Params:   o.params,
	}
	if o.html {
		ri.Response = "html"
	}
	return ri
}

func isOAuthPath(path string) bool { return strings.HasPrefix(strings.ToLower(path), "/cgi-bin/") }

func (a *API) mountOAuth(reg Registrar) {
	for _, o := range a.oauthRoutes() {
		info := o.info()
		reg.Handle(info.Path, a.oauthHandler(o, info))
	}
}

func (a *API) oauthHandler(o oauthRoute, info *apiutil.RouteInfo) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !methodAllowed(o.methods, r.Method) {
			a.oauthFail(w, r, domain.E(domain.KindInvalid, domain.ReasonBadMethod, "this endpoint answers "+o.methods))
			return
		}
		if a.opts.RequireTLS && !apiutil.IsSecure(r, a.opts.TrustProxy) {
			a.oauthFail(w, r, domain.E(domain.KindForbidden, domain.ReasonInsecureTransport, "OAuth must use https"))
			return
		}
		raw, err := apiutil.FromRequest(r, a.opts.MaxBody)
		if err != nil {
			a.oauthFail(w, r, err)
			return
		}
		p, undeclared := a.watch(info, apiutil.NewParams(lowerValues(raw.Values())))
		o.h(w, r, p)
		if bad := undeclared(); bad != nil {
			// Already answered: the watch logged it, which fails the tests.
			a.log.Debug("undeclared parameter read", "route", info.Path)
		}
	})
}

// oauthStatus is the HTTP status of a /cgi-bin/* failure: these answers
// are read by OAuth libraries, which look at the status (spec §11.5).
func oauthStatus(de *domain.Error) int {
	switch de.Kind {
	case domain.KindUnauthenticated:
		return http.StatusUnauthorized
	case domain.KindForbidden:
		return http.StatusForbidden
	case domain.KindRateLimited:
		return http.StatusTooManyRequests
	case domain.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.KindUnavailable:
		return http.StatusServiceUnavailable
	case domain.KindInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// oauthProblems names failures as the OAuth Problem Reporting extension
// does, which several OAuth 1.0a client libraries show to developers.
var oauthProblems = map[domain.Reason]string{
	domain.ReasonNoCredentials:   "parameter_absent",
	domain.ReasonAuthFailed:      "signature_invalid",
	domain.ReasonTokenInvalid:    "token_rejected",
	domain.ReasonTokenExpired:    "token_expired",
	domain.ReasonInvalidClient:   "consumer_key_unknown",
	domain.ReasonMissingParam:    "parameter_absent",
	domain.ReasonBadParam:        "parameter_rejected",
	domain.ReasonBadMethod:       "parameter_rejected",
	domain.ReasonAccessDenied:    "permission_denied",
	domain.ReasonUserRateLimit:   "rate_limited",
	domain.ReasonIPRateLimit:     "rate_limited",
	domain.ReasonAPIRateLimit:    "rate_limited",
	domain.ReasonBodyTooLarge:    "parameter_rejected",
	domain.ReasonNotFoundAPI:     "parameter_rejected",
	domain.ReasonTextEmpty:       "parameter_rejected",
	domain.ReasonIDsEmpty:        "parameter_absent",
	domain.ReasonFollowRateLimit: "rate_limited",
}

func (a *API) oauthFail(w http.ResponseWriter, r *http.Request, err error) {
	de := domain.AsError(err)
	logEdgeError(r, w, de, err, a.log)
	row := rowFor(de)
	setRetryAfter(w, de)
	writeOAuthText(w, oauthStatus(de), row, message(de, row), oauthProblems[de.Reason])
}

// writeOAuthText answers a /cgi-bin/* request in form-encoded text: the
// envelope's ret, errcode and msg, and oauth_problem when one applies.
func writeOAuthText(w http.ResponseWriter, status int, row errRow, msg string, problem ...string) {
	v := url.Values{"ret": {strconv.Itoa(row.ret)}, "errcode": {strconv.Itoa(row.errcode)}, "msg": {msg}}
	if len(problem) > 0 && problem[0] != "" {
		v.Set("oauth_problem", problem[0])
	}
	w.Header().Set("Cache-Control", "no-store")
	_ = apiutil.WriteText(w, status, "application/x-www-form-urlencoded", v.Encode())
}

func (a *API) tokenEndpoint(h func(ctx context.Context, r *http.Request) (url.Values, error)) func(http.ResponseWriter, *http.Request, apiutil.Params) {
	return func(w http.ResponseWriter, r *http.Request, _ apiutil.Params) {
		v, err := h(r.Context(), r)
		if err != nil {
			a.oauthFail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if err := apiutil.WriteText(w, http.StatusOK, "application/x-www-form-urlencoded", v.Encode()); err != nil {
			a.log.Debug("write response", "err", err)
		}
	}
}

func (a *API) requestToken(ctx context.Context, r *http.Request) (url.Values, error) {
	c, err := a.svc.OAuth1RequestToken(ctx, a.signedRequest(r))
	if err != nil {
		return nil, err
	}
	return url.Values{"oauth_token": {c.Token}, "oauth_token_secret": {c.Secret}, "oauth_callback_confirmed": {"true"}}, nil
}

func (a *API) accessToken(ctx context.Context, r *http.Request) (url.Values, error) {
	c, err := a.svc.OAuth1AccessToken(ctx, a.signedRequest(r))
	if err != nil {
		return nil, err
	}
	return url.Values{"oauth_token": {c.Token}, "oauth_token_secret": {c.Secret}, "name": {c.User.ScreenName}}, nil
}

// The authorize page.

const (
	csrfCookie    = "weibo_oauth1_csrf"
	sessionCookie = "weibo_session" // the site's browser session (core.StartSession)
)

// authorizeForm is what the page shows and its form carries.
type authorizeForm struct {
	Token, AppName, UserID, CSRF, Error string
	// SignedIn is the person a session signs in: one click approves.
	SignedIn *domain.User
	// Verifier, when set, is shown to the person to type into an
	// out-of-band client: the page's last step.
	Verifier string
	// Denied says the person refused an out-of-band client.
	Denied bool
}

var authorizeTmpl = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>授权 {{.AppName}}</title>
<link rel="stylesheet" href="/static/site.css">
</head><body class="layout-default">
<header class="top"><nav><a class="logo" href="/">微博</a></nav></header>
<main class="consent card">
<h1>授权 {{.AppName}}</h1>
{{if .Verifier}}<p>授权成功。请在 {{.AppName}} 中输入以下授权码：</p>
<p class="verifier" data-verifier="{{.Verifier}}">{{.Verifier}}</p>
{{else if .Denied}}<p class="denied">你已取消授权，可以关闭此页面。</p>
{{else}}<p>{{.AppName}} 将获得访问你的微博帐号的权限（公开信息与基本操作）。</p>
{{if .Error}}<p class="err" role="alert">{{.Error}}</p>{{end}}
{{if .Token}}<form method="post" action="authorize">
{{if .SignedIn}}<p class="signed-in" data-uid="{{.SignedIn.ID}}">你已登录为 <strong>{{.SignedIn.ScreenName}}</strong></p>
{{else}}<label>帐号 <input type="text" name="userid" value="{{.UserID}}" autocomplete="username" required></label>
<label>密码 <input type="password" name="passwd" autocomplete="current-password" required></label>
{{end}}<input type="hidden" name="oauth_token" value="{{.Token}}">
<input type="hidden" name="csrf_token" value="{{.CSRF}}">
<button type="submit" name="action" value="authorize">授权</button>
<button type="submit" name="action" value="deny" formnovalidate class="secondary">取消</button>
</form>{{end}}{{end}}
</main></body></html>`))

func (a *API) renderAuthorize(w http.ResponseWriter, status int, f authorizeForm) {
	h := w.Header()
	h.Set("Content-Type", "text/html;charset=UTF-8")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	// The site's policy, as the OAuth2 consent page sends it, without
	// form-action: approving redirects the form to the app's callback.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
		"frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	if err := authorizeTmpl.Execute(w, f); err != nil {
		a.log.Debug("render authorize", "err", err)
	}
}

// authorize serves the consent page (spec §3.2): a request token in,
// the browser sent to the callback with oauth_token and oauth_verifier
// out, or the verifier shown for an out-of-band client.
func (a *API) authorize(w http.ResponseWriter, r *http.Request, p apiutil.Params) {
	ctx := r.Context()
	f := authorizeForm{Token: p.String("oauth_token"), UserID: p.String("userid")}
	pending, err := a.svc.OAuth1Pending(ctx, f.Token)
	if err != nil {
		de := domain.AsError(err)
		if de.Kind == domain.KindInternal || de.Kind == domain.KindUnavailable {
			a.oauthFail(w, r, err)
			return
		}
		// No callback to trust yet: the person is told on the page.
		f.Token, f.Error = "", "授权请求无效或已过期，请返回应用重新发起。"
		a.renderAuthorize(w, http.StatusBadRequest, f)
		return
	}
	f.AppName = pending.App.Name
	if ck, err := r.Cookie(sessionCookie); err == nil {
		f.SignedIn, err = a.svc.SessionUser(ctx, ck.Value)
		if err != nil && !domain.IsKind(err, domain.KindUnauthenticated) {
			a.oauthFail(w, r, err)
			return
		}
	}
	if r.Method != http.MethodPost {
		f.CSRF = a.setCSRF(w, r)
		a.renderAuthorize(w, http.StatusOK, f)
		return
	}
	// Double-submit check: the form must carry the cookie's token.
	ck, err := r.Cookie(csrfCookie)
	if err != nil || ck.Value == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(p.String("csrf_token"))) != 1 {
		f.CSRF = a.setCSRF(w, r)
		f.Error = "页面已过期，请重新提交。"
		a.renderAuthorize(w, http.StatusForbidden, f)
		return
	}
	f.CSRF = ck.Value
	if p.String("action") == "deny" {
		if pending.Callback == "" {
			a.renderAuthorize(w, http.StatusOK, authorizeForm{AppName: f.AppName, Denied: true})
			return
		}
		http.Redirect(w, r, withQuery(pending.Callback, url.Values{"oauth_token": {f.Token}, "oauth_problem": {"permission_denied"}}), http.StatusFound)
		return
	}
	u := f.SignedIn
	if u == nil {
		if u = a.signIn(w, r, p, &f); u == nil {
			return // answered
		}
	}
	ap, err := a.svc.OAuth1Authorize(ctx, f.Token, u.ID)
	if err != nil {
		if domain.IsKind(err, domain.KindUnauthenticated) {
			f.Token, f.Error = "", "授权请求无效或已过期，请返回应用重新发起。"
			a.renderAuthorize(w, http.StatusBadRequest, f)
			return
		}
		a.oauthFail(w, r, err)
		return
	}
	if ap.Redirect == "" {
		a.renderAuthorize(w, http.StatusOK, authorizeForm{AppName: f.AppName, Verifier: ap.Verifier})
		return
	}
	http.Redirect(w, r, ap.Redirect, http.StatusFound)
}

// signIn checks the form's account and password and starts a browser
// session, as the OAuth2 consent page does; it answers the request itself
// and returns nil when the person does not sign in.
func (a *API) signIn(w http.ResponseWriter, r *http.Request, p apiutil.Params, f *authorizeForm) *domain.User {
	ctx := r.Context()
	u, err := a.svc.Authenticate(ctx, core.LoginAttempt{Login: f.UserID, Password: p.String("passwd"),
		IP: apiutil.ClientIP(r, a.opts.TrustProxy)})
	if err != nil {
		de := domain.AsError(err)
		switch de.Kind {
		case domain.KindUnauthenticated, domain.KindInvalid:
			f.Error = "帐号或密码错误。"
			a.renderAuthorize(w, http.StatusOK, *f)
		case domain.KindRateLimited:
			f.Error = "登录尝试过多，请稍后再试。"
			if de.RetryAfter > 0 {
				secs := int64((de.RetryAfter + 999_999_999) / 1_000_000_000)
				f.Error = fmt.Sprintf("登录尝试过多，请 %d 秒后再试。", secs)
				w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
			}
			a.renderAuthorize(w, http.StatusTooManyRequests, *f)
		default:
			a.oauthFail(w, r, err)
		}
		return nil
	}
	if old, err := r.Cookie(sessionCookie); err == nil {
		if err := a.svc.SignOut(ctx, old.Value); err != nil {
			a.log.WarnContext(ctx, "end the replaced session", "err", err)
		}
	}
	secret, expires, err := a.svc.StartSession(ctx, u.ID, apiutil.ClientIP(r, a.opts.TrustProxy))
	if err != nil {
		a.oauthFail(w, r, err)
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", Expires: expires, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: a.secureCookie(r)})
	return u
}

// secureCookie says whether the browser speaks HTTPS to us, directly or
// through a trusted TLS proxy.
func (a *API) secureCookie(r *http.Request) bool {
	secure := r.TLS != nil
	if a.opts.TrustProxy {
		proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
		secure = secure || strings.EqualFold(strings.TrimSpace(proto), "https")
	}
	return secure
}

func (a *API) setCSRF(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/cgi-bin/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: a.secureCookie(r)})
	return v
}

func withQuery(base string, q url.Values) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	cur := u.Query()
	for k, vs := range q {
		cur[k] = vs
	}
	u.RawQuery = cur.Encode()
	return u.String()
}
