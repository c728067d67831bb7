// Package sina speaks the Sina Weibo Open API v2 (/2/*.json) and its OAuth2
// endpoints (/oauth2/*), end to end: routes, auth, parameters, rendering and
// errors. Every business decision is the core's.
package sina

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Registrar is what the server offers to mount routes on.
type Registrar interface {
	Handle(pattern string, h http.Handler)
}

// Options configure the dialect.
type Options struct {
	// Location formats created_at (default Asia/Shanghai).
	Location *time.Location
	// TrustProxy trusts X-Forwarded-For/-Proto from the reverse proxy.
	TrustProxy bool
	// RequireTLS answers 21320 to OAuth2 calls over plain HTTP from
	// non-loopback clients (production without a TLS proxy).
	RequireTLS bool
	// MaxBody bounds request bodies.
	MaxBody int64
	// ParamHook, when set (tests), sees every parameter read, and every read
	// is checked against the route's declared parameters: an undeclared one
	// is logged as an error and, where the answer is JSON, answered 500, so
	// that a route cannot grow a parameter its table does not describe.
	ParamHook apiutil.ParamHook
	// BaseURL is the public URL of the site, used in links (profile_url etc.).
	BaseURL string
	// EmotionsURL is the URL the emoticon images are linked below, ending
	// in "/" (default: BaseURL + "/emotions/").
	EmotionsURL string
	Log         *slog.Logger
	// Consent is the site's sign-in and consent page, which the authorize
	// endpoint shows (web.Site; nil: the endpoint answers that there is none).
	Consent apiutil.Consent
}

// API is the Sina dialect.
type API struct {
	svc  *core.Service
	opts Options
	log  *slog.Logger
	rc   *renderCache
	// stop closes when the server shuts down: open event streams end.
	stop     chan struct{}
	stopOnce sync.Once
}

// New builds the dialect over the core.
func New(svc *core.Service, o Options) *API {
	if o.Location == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		o.Location = loc
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &API{svc: svc, opts: o, log: o.Log, rc: newRenderCache(), stop: make(chan struct{})}
}

// uploadSlack is the room an upload's body has beside its picture: the
// text fields and the multipart framing.
const uploadSlack = 64 << 10

// authMode says whether a route needs a signed-in user.
type authMode int

const (
	authUser     authMode = iota // a valid user token is required
	authOptional                 // a token is used if present; source= alone is enough
)

// call is one API request as the handlers see it.
type call struct {
	r     *http.Request
	p     apiutil.Params
	v     domain.Viewer
	token string
}

type handlerFunc func(ctx context.Context, c *call) (any, error)

type route struct {
	path    string // below /2/, without .json
	methods string // "GET", "POST" or "GET,POST"
	auth    authMode
	rate    core.RateClass
	scope   string // required scope, "" for none
	// params are every parameter the handler reads (see params.go).
	params []apiutil.ParamInfo
	// upload: a multipart picture upload, whose body may be as large as a
	// picture allows and whose oversized body is 20006, not 10018.
	upload bool
	// advanced marks an endpoint of the advanced access level (README §4):
	// only apps granted that level may call it.
	advanced bool
	// stream: the answer is a Server-Sent Events stream (live/stream).
	stream bool
	h      handlerFunc
}

// Mount registers every route, the OAuth2 endpoints and the /2/ catch-all.
func (a *API) Mount(reg Registrar) {
	for _, rt := range a.routes() {
		h := a.handler(rt, rt.info())
		reg.Handle("/2/"+rt.path+".json", h)
		reg.Handle("/2/"+rt.path, h)
	}
	reg.Handle("/2/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, domain.E(domain.KindNotFound, domain.ReasonNotFoundAPI, "request api not found"))
	}))
	a.mountOAuth(reg)
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(w, r, err, a.log)
}

func methodAllowed(methods, m string) bool {
	if m == http.MethodHead {
		m = http.MethodGet
	}
	for _, x := range strings.Split(methods, ",") {
		if x == m {
			return true
		}
	}
	return false
}

func (a *API) handler(rt route, info *apiutil.RouteInfo) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !methodAllowed(rt.methods, r.Method) {
			a.fail(w, r, domain.E(domain.KindInvalid, domain.ReasonBadMethod, "HTTP method is not suported for this request"))
			return
		}
		maxBody := a.opts.MaxBody
		if rt.upload {
			maxBody = max(maxBody, a.svc.MediaLimits().MaxBytes+uploadSlack)
		}
		p, err := apiutil.FromRequest(r, maxBody)
		if err != nil {
			if rt.upload && domain.IsReason(err, domain.ReasonBodyTooLarge) {
				err = &domain.Error{Kind: domain.KindTooLarge, Reason: domain.ReasonImageTooLarge,
					Msg: "the upload is larger than the picture size limit", Err: err}
			}
			a.fail(w, r, err)
			return
		}
		c := &call{r: r, p: p}
		c.token = bearer(r, p)
		var undeclared func() error
		c.p, undeclared = a.watch(info, p)
		if c.token != "" && a.opts.RequireTLS && !apiutil.IsSecure(r, a.opts.TrustProxy) {
			// A bearer token sent in clear text is as good as published:
			// refuse it as Sina does (21320), before it is even looked up.
			a.fail(w, r, domain.E(domain.KindForbidden, domain.ReasonInsecureTransport, "OAuth2 must use https"))
			return
		}
		ip := apiutil.ClientIP(r, a.opts.TrustProxy)
		ctx := r.Context()
		switch {
		case c.token != "":
			c.v, err = a.svc.ViewerForToken(ctx, c.token, ip)
		case rt.auth == authUser:
			err = domain.E(domain.KindUnauthenticated, domain.ReasonNoCredentials, "source paramter (appkey) is missing")
		default:
			c.v = domain.Viewer{IP: ip}
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if rt.advanced && c.v.AppLevel != domain.AppLevelAdvanced {
			a.fail(w, r, domain.E(domain.KindForbidden, domain.ReasonAppLevel, "insufficient app permissions"))
			return
		}
		if rt.scope != "" && !c.v.HasScope(rt.scope) {
			a.fail(w, r, domain.E(domain.KindForbidden, domain.ReasonScope, "insufficient app permissions"))
			return
		}
		if err := a.svc.CheckRate(ctx, c.v, rt.rate); err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := rt.h(ctx, c)
		if bad := undeclared(); bad != nil {
			err = &domain.Error{Kind: domain.KindInternal, Msg: bad.Error(), Err: bad}
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if st, ok := out.(eventStream); ok {
			// The status line goes out with the stream: a failure after it
			// is logged, and the client reconnects.
			if err := st(w, r); err != nil && ctx.Err() == nil {
				a.log.WarnContext(ctx, "live stream", "err", err)
			}
			return
		}
		if to, ok := out.(redirect); ok {
			http.Redirect(w, r, string(to), http.StatusFound)
			return
		}
		var cb string
		if rt.path == "remind/unread_count" { // the one JSONP route (remind.md)
			cb = c.p.String("callback")
		}
		if cb != "" {
			if _, err := c.p.Callback("callback"); err != nil {
				a.fail(w, r, err)
				return
			}
			logWrite(a.log, apiutil.WriteJSONP(w, http.StatusOK, cb, out))
			return
		}
		if raw, ok := out.(rawJSON); ok {
			logWrite(a.log, apiutil.WriteJSONBytes(w, http.StatusOK, raw))
			putPageBuf(raw)
			return
		}
		logWrite(a.log, apiutil.WriteJSON(w, http.StatusOK, out))
	})
}

func logWrite(log *slog.Logger, err error) {
	if err != nil {
		log.Debug("write response", "err", err)
	}
}

// bearer finds the access token: access_token parameter, or the
// Authorization header with the OAuth2 (what Sina SDKs send) or Bearer scheme.
func bearer(r *http.Request, p apiutil.Params) string {
	if t := strings.TrimSpace(p.String("access_token")); t != "" {
		return t
	}
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	for _, scheme := range []string{"OAuth2 ", "Bearer "} {
		if len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) {
			return strings.TrimSpace(h[len(scheme):])
		}
	}
	return ""
}
