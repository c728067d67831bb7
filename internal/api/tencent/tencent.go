// Package tencent speaks the Tencent Weibo open API v1 (/api/*) and its
// OAuth 1.0a endpoints (/cgi-bin/*), end to end, over the same core as the
// other dialects: a status posted with t/add is the status Sina's
// statuses/show returns. It reads parameters (names in any case), checks
// signatures through the core, and renders the {ret, msg, errcode, data}
// envelope in JSON or XML; every business decision is the core's.
package tencent

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

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
	// TrustProxy trusts X-Forwarded-For/-Proto/-Host from the reverse
	// proxy: the client's address, and the URL it signed.
	TrustProxy bool
	// RequireTLS refuses OAuth requests over plain HTTP from non-loopback
	// clients (the token endpoints and the authorize page).
	RequireTLS bool
	// MaxBody bounds request bodies.
	MaxBody int64
	// ParamHook, when set (tests), sees every parameter read, and a read
	// the route's table does not declare is answered ret=4 and logged, so
	// that a route cannot grow a parameter its table does not describe.
	ParamHook apiutil.ParamHook
	// BaseURL is the public URL of the site.
	BaseURL string
	Log     *slog.Logger
	// Consent is the site's sign-in and consent page, which the authorize
	// endpoint shows (web.Site; nil: the endpoint answers that there is none).
	Consent apiutil.Consent
}

// API is the Tencent dialect.
type API struct {
	svc  *core.Service
	opts Options
	log  *slog.Logger
	// byPath maps the lower-cased path of every route and alias to it:
	// paths are matched without regard to case (spec §1).
	byPath map[string]*mounted
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
	a := &API{svc: svc, opts: o, log: o.Log, byPath: map[string]*mounted{}}
	for _, rt := range a.routes() {
		m := &mounted{rt: rt, info: rt.info()}
		for _, p := range append([]string{m.info.Path}, m.info.Aliases...) {
			a.byPath[strings.ToLower(p)] = m
		}
	}
	return a
}

// call is one API request as the handlers see it.
type call struct {
	r *http.Request
	p apiutil.Params
	v domain.Viewer
}

type handlerFunc func(ctx context.Context, c *call) (*envelope, error)

type route struct {
	path    string // below /api/, lower case
	methods string // "GET" or "POST"
	rate    core.RateClass
	// aliases are other spellings the route answers (spec §12).
	aliases []string
	params  []apiutil.ParamInfo
	// parent marks a write whose parent status must exist: its NotFound is
	// §6.2's errcode 11, "the source message was deleted".
	parent bool
	// upload: a multipart picture upload, whose body may be as large as a
	// picture allows.
	upload bool
	h      handlerFunc
}

// Mount registers every route, the /api/ catch-all (paths in other cases,
// unknown paths) and the OAuth endpoints.
func (a *API) Mount(reg Registrar) {
	seen := map[string]bool{}
	for _, m := range a.byPath {
		for _, p := range append([]string{m.info.Path}, m.info.Aliases...) {
			if !seen[p] {
				seen[p] = true
				reg.Handle(p, a.handler(m))
			}
		}
	}
	reg.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m, ok := a.byPath[strings.ToLower(r.URL.Path)]; ok {
			a.handler(m).ServeHTTP(w, r)
			return
		}
		a.fail(w, r, formatOf(r), domain.E(domain.KindNotFound, domain.ReasonNotFoundAPI, "api not found: "+r.URL.Path))
	}))
	a.mountOAuth(reg)
}

// info describes the route for Routes and the parameter check.
func (rt route) info() *apiutil.RouteInfo {
	ri := &apiutil.RouteInfo{
		Dialect:  "tencent",
		Methods:  strings.Split(rt.methods, ","),
		Path:     "/api/" + rt.path,
		Auth:     apiutil.AuthUser,
		Response: "json",
		Params:   ps(rt.params, pFormat),
	}
	for _, al := range rt.aliases {
		ri.Aliases = append(ri.Aliases, "/api/"+al)
	}
	return ri
}

// Routes describes every route the dialect mounts, the OAuth endpoints
// included, from the tables Mount mounts.
func (a *API) Routes() []apiutil.RouteInfo {
	var out []apiutil.RouteInfo
	for _, rt := range a.routes() {
		out = append(out, *rt.info())
	}
	for _, o := range a.oauthRoutes() {
		out = append(out, *o.info())
	}
	return out
}

func (a *API) routes() []route {
	var out []route
	out = append(out, a.timelineRoutes()...)
	out = append(out, a.moreTimelineRoutes()...)
	out = append(out, a.tweetRoutes()...)
	out = append(out, a.tweetWriteRoutes()...)
	out = append(out, a.userRoutes()...)
	out = append(out, a.friendRoutes()...)
	out = append(out, a.favRoutes()...)
	out = append(out, a.privateRoutes()...)
	out = append(out, a.mediaRoutes()...)
	out = append(out, a.searchRoutes()...)
	out = append(out, a.topicRoutes()...)
	return out
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, format string, err error) {
	a.failRow(w, r, format, err, nil)
}

// failRow answers err; row, when set, replaces the table's row for a
// NotFound (a parent that is gone).
func (a *API) failRow(w http.ResponseWriter, r *http.Request, format string, err error, notFound *errRow) {
	de := domain.AsError(err)
	logEdgeError(r, w, de, err, a.log)
	row := rowFor(de)
	if notFound != nil && de.Kind == domain.KindNotFound {
		row = *notFound
	}
	setRetryAfter(w, de)
	writeEnvelope(w, format, &envelope{Ret: row.ret, Msg: message(de, row), Errcode: row.errcode}, a.log)
}

func methodAllowed(methods, m string) bool {
	if m == http.MethodHead {
		m = http.MethodGet
	}
	return slices.Contains(strings.Split(methods, ","), m)
}

// lowerValues folds parameter names to lower case (spec §1: names are
// matched without regard to case). Where two spellings of a name are sent,
// the values of the one first in byte order come first, so the answer does
// not depend on map order; readers take the first value.
func lowerValues(v url.Values) url.Values {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(url.Values, len(v))
	for _, k := range keys {
		lk := strings.ToLower(k)
		out[lk] = append(out[lk], v[k]...)
	}
	return out
}

func (a *API) handler(m *mounted) http.Handler {
	rt, info := m.rt, m.info
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		format := formatOf(r)
		if !methodAllowed(rt.methods, r.Method) {
			// ret=1, not HTTP 405: clients read ret (spec §11.4).
			a.fail(w, r, format, domain.E(domain.KindInvalid, domain.ReasonBadMethod,
				"this api answers "+rt.methods+", not "+r.Method))
			return
		}
		maxBody := a.opts.MaxBody
		if rt.upload {
			maxBody = max(maxBody, a.svc.MediaLimits().MaxBytes+uploadSlack)
		}
		raw, err := apiutil.FromRequest(r, maxBody)
		if err != nil {
			a.fail(w, r, format, err)
			return
		}
		p, undeclared := a.watch(info, apiutil.NewParams(lowerValues(raw.Values())))
		if format, err = readFormat(p); err != nil {
			a.fail(w, r, formatJSON, err)
			return
		}
		ctx := r.Context()
		c := &call{r: r, p: p}
		req := a.signedRequest(r)
		if c.v, err = a.svc.ViewerForOAuth1(ctx, req); err != nil {
			a.fail(w, r, format, err)
			return
		}
		if err := a.svc.CheckRate(ctx, c.v, rt.rate); err != nil {
			a.fail(w, r, format, err)
			return
		}
		env, err := rt.h(ctx, c)
		if bad := undeclared(); bad != nil {
			err = &domain.Error{Kind: domain.KindInternal, Msg: bad.Error(), Err: bad}
		}
		if err != nil {
			var gone *errRow
			if rt.parent {
				gone = &errSourceGone
			}
			a.failRow(w, r, format, err, gone)
			return
		}
		if env == nil {
			env = &envelope{}
		}
		env.Msg = "ok"
		writeEnvelope(w, format, env, a.log)
	})
}

// ok wraps data in a successful envelope.
func ok(data any) *envelope { return &envelope{Data: data} }

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

// readFormat reads format: json (also when absent) or xml, in any case.
func readFormat(p apiutil.Params) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(p.String("format"))); f {
	case "", formatJSON:
		return formatJSON, nil
	case formatXML:
		return formatXML, nil
	}
	return "", domain.BadParam("format", "json or xml", p.String("format"))
}
