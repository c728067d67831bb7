package sina

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

// oauthRoute is one /oauth2/* endpoint.
type oauthRoute struct {
	name    string // below /oauth2/
	methods string
	auth    apiutil.Auth
	html    bool // answers pages for people (the consent page)
	params  []apiutil.ParamInfo
	h       func(w http.ResponseWriter, r *http.Request, p apiutil.Params, undeclared func() error)
}

var clientPs = []apiutil.ParamInfo{apiutil.P("client_id", apiutil.KindText), apiutil.P("client_secret", apiutil.KindText)}

func (a *API) oauthRoutes() []oauthRoute {
	authorizePs := ps(apiutil.P("client_id", apiutil.KindText).Req(), apiutil.P("redirect_uri", apiutil.KindText).Req(),
		apiutil.P("response_type", apiutil.KindText), apiutil.P("state", apiutil.KindText), apiutil.P("scope", apiutil.KindText),
		apiutil.P("display", apiutil.KindText).OneOf(authorizeDisplays...), apiutil.P("forcelogin", apiutil.KindBool),
		apiutil.P("language", apiutil.KindText), apiutil.P("userId", apiutil.KindText), apiutil.P("passwd", apiutil.KindText),
		apiutil.P("csrf_token", apiutil.KindText), apiutil.P("action", apiutil.KindText))
	return []oauthRoute{
		{name: "authorize", methods: "GET,POST", auth: apiutil.AuthNone, html: true, params: authorizePs, h: a.authorize},
		{name: "access_token", methods: "POST", auth: apiutil.AuthClient, h: a.oauthJSON(a.accessToken),
			params: ps(clientPs, apiutil.P("grant_type", apiutil.KindText).Req(), apiutil.P("code", apiutil.KindText),
				apiutil.P("redirect_uri", apiutil.KindText), apiutil.P("username", apiutil.KindText),
				apiutil.P("password", apiutil.KindText), apiutil.P("scope", apiutil.KindText),
				apiutil.P("refresh_token", apiutil.KindText))},
		{name: "get_token_info", methods: "GET,POST", auth: apiutil.AuthNone, h: a.oauthJSON(a.tokenInfo),
			params: ps(pAccessToken)},
		{name: "revokeoauth2", methods: "GET,POST", auth: apiutil.AuthNone, h: a.oauthJSON(a.revoke),
			params: ps(pAccessToken)},
		{name: "get_oauth2_token", methods: "POST", auth: apiutil.AuthClient, h: a.oauthJSON(a.oauth1Exchange)},
	}
}

func (o oauthRoute) info() *apiutil.RouteInfo {
	ri := &apiutil.RouteInfo{
		Dialect:  "sina",
		Methods:  strings.Split(o.methods, ","),
		Path:     "/oauth2/" + o.name,
		Aliases:  []string{"/2/oauth2/" + o.name, "/2/oauth2/" + o.name + ".json"},
		Auth:     o.auth,
		Response: "json",
		Params:   o.params,
	}
	if o.name == "revokeoauth2" {
		// The docs also spell it OAuth2/revokeoauth2.
		ri.Aliases = append(ri.Aliases, "/OAuth2/revokeoauth2")
	}
	if o.html {
		ri.Response = "html"
	}
	return ri
}

func (a *API) mountOAuth(reg Registrar) {
	for _, o := range a.oauthRoutes() {
		info := o.info()
		h := a.oauthHandler(o, info)
		for _, path := range append([]string{info.Path}, info.Aliases...) {
			reg.Handle(path, h)
		}
	}
}

// oauthHandler checks what every /oauth2/* endpoint checks (method,
// transport, parameters) and hands the parameters to the endpoint.
func (a *API) oauthHandler(o oauthRoute, info *apiutil.RouteInfo) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !methodAllowed(o.methods, r.Method) {
			a.oauthFail(w, r, domain.E(domain.KindInvalid, domain.ReasonBadMethod, "HTTP method is not suported for this request"))
			return
		}
		if err := a.insecure(r); err != nil {
			a.oauthFail(w, r, err)
			return
		}
		p, err := apiutil.FromRequest(r, a.opts.MaxBody)
		if err != nil {
			a.oauthFail(w, r, err)
			return
		}
		p, undeclared := a.watch(info, p)
		o.h(w, r, p, undeclared)
	})
}

// insecure answers 21320 when TLS is required and the request is plain HTTP
// from a non-loopback client (local development is never blocked).
func (a *API) insecure(r *http.Request) error {
	if a.opts.RequireTLS && !apiutil.IsSecure(r, a.opts.TrustProxy) {
		return domain.E(domain.KindForbidden, domain.ReasonInsecureTransport, "OAuth2 must use https")
	}
	return nil
}

// oauthFail answers an /oauth2/* request with the OAuth error envelope; an
// internal error is logged there, once, with the request ID and our logger.
func (a *API) oauthFail(w http.ResponseWriter, r *http.Request, err error) {
	WriteOAuthErrorLog(w, r, err, a.log)
}

func (a *API) oauthJSON(h func(ctx context.Context, r *http.Request, p apiutil.Params) (any, error)) func(http.ResponseWriter, *http.Request, apiutil.Params, func() error) {
	return func(w http.ResponseWriter, r *http.Request, p apiutil.Params, undeclared func() error) {
		out, err := h(r.Context(), r, p)
		if bad := undeclared(); bad != nil {
			err = &domain.Error{Kind: domain.KindInternal, Msg: bad.Error(), Err: bad}
		}
		if err != nil {
			a.oauthFail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		logWrite(a.log, apiutil.WriteJSON(w, http.StatusOK, out))
	}
}

// TokenResponse is oauth2/access_token's answer.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	RemindIn     string `json:"remind_in"`
	UID          string `json:"uid"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// clientCredentials reads client_id/client_secret from the body/query or HTTP Basic.
func clientCredentials(r *http.Request, p apiutil.Params) (string, string) {
	id, secret := p.String("client_id"), p.String("client_secret")
	if id == "" || secret == "" {
		if u, pw, ok := r.BasicAuth(); ok {
			// RFC 6749 §2.3.1: Basic credentials are form-encoded first.
			if uu, err := url.QueryUnescape(u); err == nil {
				u = uu
			}
			if pp, err := url.QueryUnescape(pw); err == nil {
				pw = pp
			}
			id, secret = u, pw
		}
	}
	return id, secret
}

func (a *API) accessToken(ctx context.Context, r *http.Request, p apiutil.Params) (any, error) {
	id, secret := clientCredentials(r, p)
	grant := p.String("grant_type")
	if grant == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "grant_type is missing")
	}
	app, err := a.svc.VerifyClient(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	var g *core.Grant
	switch grant {
	case "authorization_code":
		g, err = a.svc.ExchangeCode(ctx, app, p.String("code"), p.String("redirect_uri"), apiutil.ClientIP(r, a.opts.TrustProxy))
	case "password":
		g, err = a.svc.PasswordGrant(ctx, app, core.LoginAttempt{Login: p.String("username"), Password: p.String("password"),
			IP: apiutil.ClientIP(r, a.opts.TrustProxy)}, p.String("scope"))
	case "refresh_token":
		g, err = a.svc.RefreshGrant(ctx, app, p.String("refresh_token"), apiutil.ClientIP(r, a.opts.TrustProxy))
	default:
		return nil, domain.E(domain.KindInvalid, domain.ReasonUnsupportedGrant, "unsupported grant_type "+grant)
	}
	if err != nil {
		return nil, err
	}
	// No "scope": oauth2.md's response has none, and RFC 6749 §5.1 needs it
	// only when the granted scope differs from the requested one (never here).
	return TokenResponse{AccessToken: g.AccessToken, ExpiresIn: g.ExpiresIn, RemindIn: idstr(int64(g.ExpiresIn)),
		UID: idstr(g.UserID), RefreshToken: g.RefreshToken}, nil
}

// TokenInfo is objects.md §12.
type TokenInfo struct {
	UID      int64   `json:"uid"`
	AppKey   string  `json:"appkey"`
	Scope    *string `json:"scope"`
	CreateAt int64   `json:"create_at"`
	ExpireIn int     `json:"expire_in"`
}

func (a *API) tokenInfo(ctx context.Context, r *http.Request, p apiutil.Params) (any, error) {
	t := bearer(r, p)
	if t == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "access_token is missing")
	}
	ti, err := a.svc.TokenInfo(ctx, t)
	if err != nil {
		return nil, err
	}
	out := TokenInfo{UID: ti.UserID, AppKey: ti.AppKey, CreateAt: ti.CreatedAt.Unix(), ExpireIn: ti.ExpiresIn}
	if len(ti.Scopes) > 0 {
		s := strings.Join(ti.Scopes, ",")
		out.Scope = &s
	}
	return out, nil
}

func (a *API) revoke(ctx context.Context, r *http.Request, p apiutil.Params) (any, error) {
	t := bearer(r, p)
	if t == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "access_token is missing")
	}
	if err := a.svc.RevokeGrant(ctx, t, apiutil.ClientIP(r, a.opts.TrustProxy)); err != nil {
		return nil, err
	}
	return map[string]string{"result": "true"}, nil
}

// oauth1Exchange: there is no OAuth 1.0a token store to migrate from yet, so
// the exchange is refused as the spec suggests for a self-hosted server.
func (a *API) oauth1Exchange(context.Context, *http.Request, apiutil.Params) (any, error) {
	return nil, domain.E(domain.KindUnauthenticated, domain.ReasonAuthFailed, "OAuth 1.0a tokens cannot be exchanged on this server")
}

// authorizeForm is what the consent page carries through the POST.
type authorizeForm struct {
	ClientID, RedirectURI, ResponseType, State, Scope, Display, Language, CSRF string
	AppName, UserID, Error                                                     string
	// ForceLogin asks for the password even when a session signs the
	// person in (forcelogin=true); it rides along with the form.
	ForceLogin bool
	// SignedIn is the person a session signs in, when the page approves
	// as them without asking for a password.
	SignedIn *domain.User
	// Grants are the scopes asked for, in the words the page shows.
	Grants []core.ScopeGrant
	// SwitchURL is this page again with forcelogin=true ("not you?").
	SwitchURL string
}

// T is the page's text in its language: the key is the Chinese text.
func (f authorizeForm) T(zh string) string {
	if f.Language == "en" {
		if en, ok := authorizeEnglish[zh]; ok {
			return en
		}
	}
	return zh
}

// Lang is the page's language tag.
func (f authorizeForm) Lang() string {
	if f.Language == "en" {
		return "en"
	}
	return "zh-CN"
}

// Layout is the page style display asks for (oauth2.md §1): a phone
// (mobile, and the wap styles, which get the same small-screen page), a
// desktop client's embedded window (client), or the default web page
// (default, popup, js and apponweibo: in-site apps do not exist here).
func (f authorizeForm) Layout() string {
	switch f.Display {
	case "mobile", "wap", "wap1.2", "wap2.0":
		return "mobile"
	case "client":
		return "client"
	}
	return "default"
}

// authorizeDisplays are the display values oauth2.md §1 documents.
var authorizeDisplays = []string{"default", "mobile", "wap", "client", "apponweibo", "popup", "wap1.2", "wap2.0", "js"}

var authorizeEnglish = map[string]string{
	"授权": "Authorize",
	"微博": "Weibo",
	"将获得访问你的微博帐号的权限":    "will get access to your Weibo account",
	"，并且可以：":            ", and may:",
	"（公开信息与基本操作）。":      " (public information and basic actions).",
	"帐号":                "Account",
	"密码":                "Password",
	"取消":                "Cancel",
	"你已登录为":             "You are signed in as",
	"不是你？换个帐号":          "Not you? Use another account",
	"帐号或密码错误。":          "Wrong account name or password.",
	"页面已过期，请重新提交。":      "This page has expired: please submit it again.",
	"登录尝试过多，请稍后再试。":     "Too many sign-in attempts: please try again later.",
	"登录尝试过多，请 %d 秒后再试。": "Too many sign-in attempts: please try again in %d seconds.",
	"请输入密码以继续。":         "Enter your password to continue.",
}

var authorizeTmpl = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.T "授权"}} {{.AppName}}</title>
<link rel="stylesheet" href="/static/site.css">
</head><body class="layout-{{.Layout}}">
<header class="top"><nav><a class="logo" href="/">{{.T "微博"}}</a></nav></header>
<main class="consent card">
<h1>{{.T "授权"}} {{.AppName}}</h1>
<p>{{.AppName}} {{.T "将获得访问你的微博帐号的权限"}}{{if .Grants}}{{.T "，并且可以："}}{{else}}{{.T "（公开信息与基本操作）。"}}{{end}}</p>
{{if .Grants}}<ul class="scopes">{{range .Grants}}<li data-scope="{{.Name}}">{{if eq $.Language "en"}}{{.English}}{{else}}{{.Words}}{{end}}</li>{{end}}</ul>{{end}}
{{if .Error}}<p class="err" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="authorize">
{{if .SignedIn}}<p class="signed-in" data-uid="{{.SignedIn.ID}}">{{.T "你已登录为"}} <strong>{{.SignedIn.ScreenName}}</strong></p>
<p><a class="switch" href="{{.SwitchURL}}">{{.T "不是你？换个帐号"}}</a></p>
{{else}}<label>{{.T "帐号"}} <input type="text" name="userId" value="{{.UserID}}" autocomplete="username" required></label>
<label>{{.T "密码"}} <input type="password" name="passwd" autocomplete="current-password" required></label>
{{end}}<input type="hidden" name="client_id" value="{{.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="response_type" value="{{.ResponseType}}">
<input type="hidden" name="state" value="{{.State}}">
<input type="hidden" name="scope" value="{{.Scope}}">
<input type="hidden" name="display" value="{{.Display}}">
<input type="hidden" name="language" value="{{.Language}}">
{{if .ForceLogin}}<input type="hidden" name="forcelogin" value="true">
{{end}}<input type="hidden" name="csrf_token" value="{{.CSRF}}">
<button type="submit" name="action" value="authorize">{{.T "授权"}}</button>
<button type="submit" name="action" value="deny" formnovalidate class="secondary">{{.T "取消"}}</button>
</form></main></body></html>`))

const (
	csrfCookie    = "weibo_oauth_csrf"
	sessionCookie = "weibo_session"
)

// authorize serves the consent page. It writes as it goes, so an
// undeclared parameter read is only logged (by watch), not answered.
func (a *API) authorize(w http.ResponseWriter, r *http.Request, p apiutil.Params, _ func() error) {
	f := authorizeForm{ClientID: p.String("client_id"), RedirectURI: p.String("redirect_uri"),
		ResponseType: p.String("response_type"), State: p.String("state"), Scope: p.String("scope"),
		UserID: p.String("userId")}
	if f.ResponseType == "" {
		f.ResponseType = "code"
	}
	if strings.HasPrefix(strings.ToLower(p.String("language")), "en") {
		f.Language = "en" // anything else is the default, Chinese
	}
	ctx := r.Context()
	// Client and redirect problems are never redirected: the URI is not trusted yet.
	app, err := a.svc.ClientApp(ctx, f.ClientID, f.RedirectURI)
	if err != nil {
		a.oauthFail(w, r, err)
		return
	}
	f.AppName = app.Name
	f.Grants = core.DescribeScopes(core.ParseScopes(f.Scope))
	if f.ResponseType != "code" {
		msg := "unsupported response_type " + f.ResponseType
		if f.ResponseType == "token" {
			// The implicit grant hands the token to the browser in the URL,
			// where histories, logs and other scripts see it.
			msg = "response_type=token (the implicit grant) is not supported: it exposes the access token " +
				"in the redirect URL and is unsafe (RFC 9700 §2.1.2); use response_type=code"
		}
		a.redirectError(w, r, f, domain.E(domain.KindInvalid, domain.ReasonUnsupportedResp, msg))
		return
	}
	if f.Display, err = p.Enum("display", "default", authorizeDisplays...); err != nil {
		a.redirectError(w, r, f, err)
		return
	}
	if f.ForceLogin, err = p.Bool01("forcelogin", false); err != nil {
		a.redirectError(w, r, f, err)
		return
	}
	if !f.ForceLogin {
		if ck, err := r.Cookie(sessionCookie); err == nil {
			f.SignedIn, err = a.svc.SessionUser(ctx, ck.Value)
			if err != nil && !domain.IsKind(err, domain.KindUnauthenticated) {
				a.oauthFail(w, r, err)
				return
			}
		}
	}
	if f.SignedIn != nil {
		q := r.URL.Query()
		if r.Method == http.MethodPost {
			q = p.Values()
		}
		sw := url.Values{"forcelogin": {"true"}}
		for _, k := range []string{"client_id", "redirect_uri", "response_type", "state", "scope", "display", "language"} {
			if v := q.Get(k); v != "" {
				sw.Set(k, v)
			}
		}
		f.SwitchURL = "authorize?" + sw.Encode()
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
		f.Error = f.T("页面已过期，请重新提交。")
		a.renderAuthorize(w, http.StatusForbidden, f)
		return
	}
	f.CSRF = ck.Value
	if p.String("action") == "deny" {
		a.redirectError(w, r, f, domain.E(domain.KindForbidden, domain.ReasonAccessDenied, "the user denied your request"))
		return
	}
	u := f.SignedIn
	if u == nil {
		if u = a.signIn(w, r, p, &f); u == nil {
			return // answered
		}
	}
	code, err := a.svc.IssueCode(ctx, app, u.ID, f.RedirectURI, core.ParseScopes(f.Scope))
	if err != nil {
		a.oauthFail(w, r, err)
		return
	}
	q := url.Values{"code": {code}}
	if f.State != "" {
		q.Set("state", f.State)
	}
	http.Redirect(w, r, withQuery(f.RedirectURI, q), http.StatusFound)
}

// signIn checks the consent form's account and password and starts a
// session for the person (ending the one the browser had, if any). It
// answers the request itself when they do not sign in, and returns nil then.
func (a *API) signIn(w http.ResponseWriter, r *http.Request, p apiutil.Params, f *authorizeForm) *domain.User {
	ctx := r.Context()
	u, err := a.svc.Authenticate(ctx, core.LoginAttempt{Login: f.UserID, Password: p.String("passwd"),
		IP: apiutil.ClientIP(r, a.opts.TrustProxy)})
	if err != nil {
		de := domain.AsError(err)
		switch de.Kind {
		case domain.KindUnauthenticated:
			f.Error = f.T("帐号或密码错误。")
			a.renderAuthorize(w, http.StatusOK, *f)
		case domain.KindRateLimited:
			// The person sees why and for how long; a script sees 429 and Retry-After.
			f.Error = f.T("登录尝试过多，请稍后再试。")
			if de.RetryAfter > 0 {
				f.Error = fmt.Sprintf(f.T("登录尝试过多，请 %d 秒后再试。"), retryAfterSeconds(de.RetryAfter))
				w.Header().Set("Retry-After", strconv.FormatInt(retryAfterSeconds(de.RetryAfter), 10))
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
// through a trusted TLS proxy: not for loopback HTTP, where a Secure cookie
// would never come back.
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
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: a.secureCookie(r)})
	return v
}

func (a *API) renderAuthorize(w http.ResponseWriter, status int, f authorizeForm) {
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Cache-Control", "no-store")
	// The site's policy, but for form-action: approving redirects the form
	// to the app's callback, which browsers check against form-action.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
		"frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	if err := authorizeTmpl.Execute(w, f); err != nil {
		a.log.Debug("render authorize", "err", err)
	}
}

func (a *API) redirectError(w http.ResponseWriter, r *http.Request, f authorizeForm, err error) {
	q := OAuthRedirectParams(err)
	if f.State != "" {
		q.Set("state", f.State)
	}
	http.Redirect(w, r, withQuery(f.RedirectURI, q), http.StatusFound)
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
