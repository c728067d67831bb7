package sina

import (
	"context"
	"net/http"
	"net/url"
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
	ClientID, RedirectURI, ResponseType, State, Scope, Display, Language string
	// ForceLogin asks for the password even when a session signs the
	// person in (forcelogin=true); it rides along with the form.
	ForceLogin bool
}

// layout is the page style display asks for (oauth2.md §1): a phone
// (mobile, and the wap styles, which get the same small-screen page), a
// desktop client's embedded window (client), or the default web page
// (default, popup, js and apponweibo: in-site apps do not exist here).
func (f authorizeForm) layout() string {
	switch f.Display {
	case "mobile", "wap", "wap1.2", "wap2.0":
		return "mobile"
	case "client":
		return "client"
	}
	return "default"
}

// hidden is what the form carries back.
func (f authorizeForm) hidden() []apiutil.ConsentField {
	out := []apiutil.ConsentField{{Name: "client_id", Value: f.ClientID}, {Name: "redirect_uri", Value: f.RedirectURI},
		{Name: "response_type", Value: f.ResponseType}, {Name: "state", Value: f.State}, {Name: "scope", Value: f.Scope},
		{Name: "display", Value: f.Display}, {Name: "language", Value: f.Language}}
	if f.ForceLogin {
		out = append(out, apiutil.ConsentField{Name: "forcelogin", Value: "true"})
	}
	return out
}

// authorizeDisplays are the display values oauth2.md §1 documents.
var authorizeDisplays = []string{"default", "mobile", "wap", "client", "apponweibo", "popup", "wap1.2", "wap2.0", "js"}

// consentGrants are the scopes in the page's words.
func consentGrants(scope string) []apiutil.ConsentGrant {
	var out []apiutil.ConsentGrant
	for _, g := range core.DescribeScopes(core.ParseScopes(scope)) {
		out = append(out, apiutil.ConsentGrant{Name: g.Name, Words: g.Words, English: g.English})
	}
	return out
}

// authorize serves the consent page: the site's (Options.Consent), which
// this handler fills with the app, the scopes and the form's fields. It
// writes as it goes, so an undeclared parameter read is only logged (by
// watch), not answered.
func (a *API) authorize(w http.ResponseWriter, r *http.Request, p apiutil.Params, _ func() error) {
	f := authorizeForm{ClientID: p.String("client_id"), RedirectURI: p.String("redirect_uri"),
		ResponseType: p.String("response_type"), State: p.String("state"), Scope: p.String("scope")}
	if f.ResponseType == "" {
		f.ResponseType = "code"
	}
	pg := &apiutil.ConsentPage{Lang: "zh", LoginField: "userId", UserID: p.String("userId")}
	if strings.HasPrefix(strings.ToLower(p.String("language")), "en") {
		f.Language, pg.Lang = "en", "en" // anything else is the default, Chinese
	}
	ctx := r.Context()
	consent := a.opts.Consent
	if consent == nil {
		a.oauthFail(w, r, domain.E(domain.KindUnavailable, domain.ReasonNone, "this server has no consent page"))
		return
	}
	// Client and redirect problems are never redirected: the URI is not trusted yet.
	app, err := a.svc.ClientApp(ctx, f.ClientID, f.RedirectURI)
	if err != nil {
		a.oauthFail(w, r, err)
		return
	}
	pg.AppName = app.Name
	pg.Grants = consentGrants(f.Scope)
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
	pg.Layout = f.layout()
	if f.ForceLogin, err = p.Bool01("forcelogin", false); err != nil {
		a.redirectError(w, r, f, err)
		return
	}
	if !f.ForceLogin {
		if pg.SignedIn, err = consent.ConsentUser(r); err != nil {
			a.oauthFail(w, r, err)
			return
		}
	}
	if pg.SignedIn != nil {
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
		pg.SwitchURL = "authorize?" + sw.Encode()
	}
	pg.Hidden = f.hidden()
	if !apiutil.ConsentForm(w, r, consent, pg, p.String("csrf_token")) {
		return // the page, or the form refused
	}
	if p.String("action") == "deny" {
		a.redirectError(w, r, f, domain.E(domain.KindForbidden, domain.ReasonAccessDenied, "the user denied your request"))
		return
	}
	u, answered, err := apiutil.ConsentApprover(w, r, consent, pg, p.String("passwd"))
	if answered {
		return
	}
	if err != nil {
		a.oauthFail(w, r, err)
		return
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
