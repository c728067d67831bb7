package tencent

import (
	"context"
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

// The authorize page: the site's consent page (Options.Consent), the same
// page as /oauth2/authorize, filled with the request token's app and what a
// Tencent token may do.

// consentGrants are what an OAuth 1.0a token is given, in the page's words.
func consentGrants() []apiutil.ConsentGrant {
	var out []apiutil.ConsentGrant
	for _, g := range core.OAuth1Grants() {
		out = append(out, apiutil.ConsentGrant{Name: g.Name, Words: g.Words, English: g.English})
	}
	return out
}

// authorize serves the consent page (spec §3.2): a request token in,
// the browser sent to the callback with oauth_token and oauth_verifier
// out, or the verifier shown for an out-of-band client (oauth_callback=null).
func (a *API) authorize(w http.ResponseWriter, r *http.Request, p apiutil.Params) {
	ctx := r.Context()
	consent := a.opts.Consent
	if consent == nil {
		a.oauthFail(w, r, domain.E(domain.KindUnavailable, domain.ReasonNone, "this server has no consent page"))
		return
	}
	token := p.String("oauth_token")
	pg := &apiutil.ConsentPage{LoginField: "userid", UserID: p.String("userid"), Grants: consentGrants(),
		Hidden: []apiutil.ConsentField{{Name: "oauth_token", Value: token}}}
	pending, err := a.svc.OAuth1Pending(ctx, token)
	if err != nil {
		de := domain.AsError(err)
		if de.Kind == domain.KindInternal || de.Kind == domain.KindUnavailable {
			a.oauthFail(w, r, err)
			return
		}
		// No callback to trust yet: the person is told on the page.
		pg.NoForm, pg.Hidden, pg.Error = true, nil, "授权请求无效或已过期，请返回应用重新发起。"
		consent.RenderConsent(w, r, http.StatusBadRequest, pg)
		return
	}
	pg.AppName = pending.App.Name
	if pg.SignedIn, err = consent.ConsentUser(r); err != nil {
		a.oauthFail(w, r, err)
		return
	}
	if !apiutil.ConsentForm(w, r, consent, pg, p.String("csrf_token")) {
		return // the page, or the form refused
	}
	if p.String("action") == "deny" {
		if pending.Callback == "" {
			consent.RenderConsent(w, r, http.StatusOK, &apiutil.ConsentPage{AppName: pg.AppName, Denied: true})
			return
		}
		http.Redirect(w, r, withQuery(pending.Callback, url.Values{"oauth_token": {token}, "oauth_problem": {"permission_denied"}}), http.StatusFound)
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
	ap, err := a.svc.OAuth1Authorize(ctx, token, u.ID)
	if err != nil {
		if domain.IsKind(err, domain.KindUnauthenticated) {
			pg.NoForm, pg.Hidden, pg.Error = true, nil, "授权请求无效或已过期，请返回应用重新发起。"
			consent.RenderConsent(w, r, http.StatusBadRequest, pg)
			return
		}
		a.oauthFail(w, r, err)
		return
	}
	if ap.Redirect == "" {
		consent.RenderConsent(w, r, http.StatusOK, &apiutil.ConsentPage{AppName: pg.AppName, Verifier: ap.Verifier})
		return
	}
	http.Redirect(w, r, ap.Redirect, http.StatusFound)
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
