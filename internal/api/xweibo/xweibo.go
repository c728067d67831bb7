// Package xweibo speaks the Xweibo API (spec/xweibo.md, seed 003): the
// API through which partner sites pushed content into an Xweibo site and
// pulled it out. Every action is one POST to /?m=api/weibo/action.NAME (or
// /index.php?m=…), signed with api_sign = md5(AKEY#api_uid#api_time#SKEY#
// NAME#API_KEY), answered with the {"rst","errno","err"} envelope. It runs
// over the same core as the other dialects: a weibo posted with update is
// the status Sina's statuses/show returns. It reads parameters, asks the
// core to check the signature, and renders the compact objects; every
// business decision is the core's.
package xweibo

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
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
	// Location is the zone of the cr times (Sina v1's layout).
	Location *time.Location
	// TrustProxy trusts X-Forwarded-For for the caller's address (the
	// address allowlist, the rip of what it posts).
	TrustProxy bool
	// MaxBody bounds request bodies.
	MaxBody int64
	// ParamHook, when set (tests), sees every parameter read, and a read
	// the route's table does not declare is answered 1050000 and logged.
	ParamHook apiutil.ParamHook
	// BaseURL is the public URL of the site (the source link, profile
	// links, the authorize URL).
	BaseURL string
	// EmotionsURL is where emoticon images are linked from ("": this
	// site's /emotions/).
	EmotionsURL string
	Log         *slog.Logger
}

// API is the Xweibo dialect.
type API struct {
	svc  *core.Service
	opts Options
	log  *slog.Logger
	// byName maps the lower-cased name of every action and spelling to it:
	// PHP dispatches methods without regard to case (spec §1).
	byName map[string]*mounted
}

type mounted struct {
	rt   route
	info *apiutil.RouteInfo
}

// New builds the dialect over the core.
func New(svc *core.Service, o Options) *API {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	a := &API{svc: svc, opts: o, log: o.Log, byName: map[string]*mounted{}}
	for _, rt := range a.routes() {
		for _, name := range append([]string{rt.name}, rt.aliases...) {
			a.byName[strings.ToLower(name)] = &mounted{rt: rt, info: rt.info(name)}
		}
	}
	return a
}

// call is one API request as the handlers see it.
type call struct {
	w http.ResponseWriter
	r *http.Request
	p apiutil.Params
	v domain.Viewer
	// name is the action as the route table spells it (errors are looked
	// up by it), whatever spelling the caller used.
	name string
}

// user returns the viewer's id, or the error of an action that needs a
// user run anonymously (an allow_anonymous action: no token to act with,
// 1040003).
func (c *call) user() (int64, error) {
	if !c.v.Authenticated() {
		return 0, domain.E(domain.KindUnauthenticated, domain.ReasonNoCredentials, "this action needs a user")
	}
	return c.v.UserID, nil
}

// handlerFunc answers rst, the action's result.
type handlerFunc func(ctx context.Context, c *call) (any, error)

type route struct {
	name string // as the spec and the 2.1 controller spell it
	// aliases are other spellings the action answers (spec §10).
	aliases []string
	rate    core.RateClass
	params  []apiutil.ParamInfo
	// upload: a multipart picture upload, whose body may be as large as
	// a picture allows.
	upload bool
	h      handlerFunc
}

// Addresses: the seed shows /?m=…, the 2.1 demo /index.php?m=….
const (
	mountPath = "/index.php"
	rootPath  = "/"
	// routePrefix is m's value up to the action name, compared without
	// regard to case as the 2.1 route regex is.
	routePrefix = "api/weibo/action."
)

func (rt route) info(name string) *apiutil.RouteInfo {
	return &apiutil.RouteInfo{
		Dialect:  "xweibo",
		Methods:  []string{http.MethodPost},
		Path:     mountPath,
		Aliases:  []string{rootPath},
		Query:    "m=" + routePrefix + name,
		Auth:     apiutil.AuthUser,
		Response: "json",
		Params:   rt.params,
	}
}

// Routes describes every action and spelling, from the table the API
// dispatches on.
func (a *API) Routes() []apiutil.RouteInfo {
	var out []apiutil.RouteInfo
	for _, rt := range a.routes() {
		for _, name := range append([]string{rt.name}, rt.aliases...) {
			out = append(out, *rt.info(name))
		}
	}
	return out
}

func (a *API) routes() []route {
	var out []route
	out = append(out, a.weiboRoutes()...)
	out = append(out, a.friendRoutes()...)
	out = append(out, a.profileRoutes()...)
	out = append(out, a.readRoutes()...)
	out = append(out, a.userRoutes()...)
	out = append(out, a.siteRoutes()...)
	return out
}

// Wrap returns reg with the site's home and catch-all patterns ("GET /{$}"
// and "/", which /index.php falls to) answering Xweibo calls: a request
// whose query names m=api/… is this API's, any other goes to the site as
// before. The site stays the owner of "/"; only the m parameter, which no
// page of the site reads, decides.
func (a *API) Wrap(reg Registrar) Registrar { return wrapped{a: a, reg: reg} }

type wrapped struct {
	a   *API
	reg Registrar
}

func (w wrapped) Handle(pattern string, h http.Handler) {
	if pattern == "GET /{$}" || pattern == "/" {
		h = w.a.Intercept(h)
	}
	w.reg.Handle(pattern, h)
}

// Intercept answers Xweibo calls addressed to / or /index.php and hands
// anything else to next.
func (a *API) Intercept(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsCall(r) {
			a.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// IsCall reports whether r is addressed to this API: / or /index.php with
// a query parameter m beginning "api/" (any case).
func IsCall(r *http.Request) bool {
	if r.URL.Path != rootPath && !strings.EqualFold(r.URL.Path, mountPath) {
		return false
	}
	m, ok := queryM(r.URL.RawQuery)
	return ok && len(m) >= 4 && strings.EqualFold(m[:4], "api/")
}

// queryM reads m from a raw query without parsing the rest (a query the
// API refuses as malformed must still reach the API to be refused).
func queryM(raw string) (string, bool) {
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k != "m" {
			continue
		}
		if u, err := url.QueryUnescape(v); err == nil {
			return u, true
		}
		return v, true
	}
	return "", false
}

// ServeHTTP answers one call: the action named by m, its method, the body,
// the signature, the rate limit, then the action.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m, _ := queryM(r.URL.RawQuery)
	name := ""
	if len(m) > len(routePrefix) && strings.EqualFold(m[:len(routePrefix)], routePrefix) {
		name = m[len(routePrefix):]
	}
	mt, ok := a.byName[strings.ToLower(name)]
	if !ok || !validName(name) {
		a.fail(w, r, "", domain.E(domain.KindNotFound, domain.ReasonNotFoundAPI, "api not found: "+m))
		return
	}
	rt, info := mt.rt, mt.info
	if r.Method != http.MethodPost {
		// Every action is POST (spec §1): api_uid and api_time travel in
		// the body.
		a.fail(w, r, rt.name, domain.E(domain.KindInvalid, domain.ReasonBadMethod, "this api answers POST, not "+r.Method))
		return
	}
	maxBody := a.opts.MaxBody
	if rt.upload {
		maxBody = max(maxBody, a.svc.MediaLimits().MaxBytes+uploadSlack)
	}
	raw, err := apiutil.FromRequest(r, maxBody)
	if err != nil {
		a.fail(w, r, rt.name, err)
		return
	}
	p, undeclared := a.watch(info, raw)
	ctx := r.Context()
	c := &call{w: w, r: r, p: p, name: rt.name}
	// api_uid and api_time are read from the body only, api_sign from
	// the body or the query (spec §1); the signature covers the name as
	// sent.
	c.v, err = a.svc.ViewerForXweibo(ctx, core.XweiboRequest{
		UID: r.PostForm.Get("api_uid"), Time: r.PostForm.Get("api_time"), Sign: r.FormValue("api_sign"),
		Method: name, IP: apiutil.ClientIP(r, a.opts.TrustProxy),
	})
	if err != nil {
		a.fail(w, r, rt.name, err)
		return
	}
	if err := a.svc.CheckRate(ctx, c.v, rt.rate); err != nil {
		a.fail(w, r, rt.name, err)
		return
	}
	rst, err := rt.h(ctx, c)
	if bad := undeclared(); bad != nil {
		err = &domain.Error{Kind: domain.KindInternal, Msg: bad.Error(), Err: bad}
	}
	if err != nil {
		a.fail(w, r, rt.name, err)
		return
	}
	switch raw := rst.(type) {
	case rawAnswer:
		writeJSON(w, raw.v, a.log)
		return
	case htmlAnswer:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(raw.body))
		return
	}
	writeJSON(w, &Envelope{Rst: rst, Errno: 0, Err: ""}, a.log)
}

// rawAnswer is an answer outside the envelope (sinaurl's, spec §5.8.2).
type rawAnswer struct{ v any }

// uploadSlack is the room an upload's other fields get beside the picture.
const uploadSlack = 1 << 20

// validName is the 2.1 route regex's NAME: [a-z_][a-z0-9_]*, any case.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		switch {
		case c >= 'a' && c <= 'z', s[i] == '_':
		case i > 0 && s[i] >= '0' && s[i] <= '9':
		default:
			return false
		}
	}
	return true
}

// watch installs the parameter check of Options.ParamHook on p; the
// returned func reports the first undeclared read, nil when there was none
// (or no hook).
func (a *API) watch(info *apiutil.RouteInfo, p apiutil.Params) (apiutil.Params, func() error) {
	hook := a.opts.ParamHook
	if hook == nil {
		return p, func() error { return nil }
	}
	var bad error
	p = p.Watch(func(name string, rd apiutil.Reader) {
		hook(info, name, rd)
		if err := info.CheckRead(name, rd); err != nil && bad == nil {
			bad = err
			a.log.Error("undeclared parameter", "err", err)
		}
	})
	return p, func() error { return bad }
}
