package sina

import (
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
)

// Every route declares the parameters its handler reads, in its route table
// entry (route.params): the API reference and the hostile-client test
// (internal/testkit/hostile) are generated from the declarations, and with
// Options.ParamHook set (every testkit server) a read of an undeclared
// parameter, or one read as another kind, is a 500, so a route's own tests
// fail the moment it grows a parameter its table does not describe. The
// shared groups below are the ones several routes read through the same
// helper (ReadPage, readFilter, userRef...).

// ps joins parameter declarations and groups of them.
func ps(groups ...any) []apiutil.ParamInfo {
	var out []apiutil.ParamInfo
	for _, g := range groups {
		switch g := g.(type) {
		case apiutil.ParamInfo:
			out = append(out, g)
		case []apiutil.ParamInfo:
			out = append(out, g...)
		default:
			panic("sina: ps takes ParamInfo or []ParamInfo")
		}
	}
	return out
}

var (
	pTrimUser    = apiutil.P("trim_user", apiutil.KindBool)
	pTrimStatus  = apiutil.P("trim_status", apiutil.KindBool)
	pFeature     = apiutil.P("feature", apiutil.KindInt)
	pBaseApp     = apiutil.P("base_app", apiutil.KindBool)
	pByAuthor    = apiutil.P("filter_by_author", apiutil.KindInt)
	pByType      = apiutil.P("filter_by_type", apiutil.KindInt)
	pBySource    = apiutil.P("filter_by_source", apiutil.KindInt)
	pRIP         = apiutil.P("rip", apiutil.KindText)
	pSource      = apiutil.P("source", apiutil.KindText)
	pStatusID    = apiutil.P("id", apiutil.KindID).Of("status").Req()
	pUID         = apiutil.P("uid", apiutil.KindID).Of("user")
	pScreenName  = apiutil.P("screen_name", apiutil.KindText)
	pQ           = apiutil.P("q", apiutil.KindText)
	pSuggestN    = apiutil.P("count", apiutil.KindCount)
	pSort        = apiutil.P("sort", apiutil.KindInt)
	pAccessToken = apiutil.P("access_token", apiutil.KindText)
	pMidType     = apiutil.P("type", apiutil.KindInt)
	pIsBatch     = apiutil.P("is_batch", apiutil.KindBool)
	pComment     = apiutil.P("comment", apiutil.KindText).Req()
	pCommentOri  = apiutil.P("comment_ori", apiutil.KindBool)
)

// postPs are readPost's parameters: statuses/update's, which the picture
// posts share.
var postPs = ps(apiutil.P("status", apiutil.KindText).Req(), apiutil.P("annotations", apiutil.KindText), pRIP,
	apiutil.P("visible", apiutil.KindInt), apiutil.P("list_id", apiutil.KindID).Of("list"),
	apiutil.P("lat", apiutil.KindFloat), apiutil.P("long", apiutil.KindFloat))

// homePs are the parameters of the home, friends and bilateral timelines
// (homeArgs).
var homePs = ps(pagePs("status"), pFeature, pBaseApp, pTrimUser)

// pagePs are ReadPage's parameters; object is what since_id and max_id name.
func pagePs(object string) []apiutil.ParamInfo {
	return []apiutil.ParamInfo{
		apiutil.P("since_id", apiutil.KindID).Of(object),
		apiutil.P("max_id", apiutil.KindID).Of(object),
		apiutil.P("count", apiutil.KindCount),
		apiutil.P("page", apiutil.KindPage),
	}
}

// cursorPs are ReadCursor's parameters.
var cursorPs = []apiutil.ParamInfo{apiutil.P("cursor", apiutil.KindCursor), apiutil.P("count", apiutil.KindCount)}

// pageCursorPs are ReadPageCursor's parameters.
var pageCursorPs = []apiutil.ParamInfo{apiutil.P("count", apiutil.KindCount), apiutil.P("page", apiutil.KindPage)}

// userPs is "uid | screen_name".
var userPs = []apiutil.ParamInfo{pUID, pScreenName}

// info describes the route for Routes and the parameter check.
func (rt route) info() *apiutil.RouteInfo {
	auth := apiutil.AuthUser
	if rt.auth == authOptional {
		auth = apiutil.AuthOptional
	}
	response := "json"
	if rt.stream {
		response = "event-stream"
	}
	return &apiutil.RouteInfo{
		Dialect:  "sina",
		Methods:  strings.Split(rt.methods, ","),
		Path:     "/2/" + rt.path + ".json",
		Aliases:  []string{"/2/" + rt.path},
		Auth:     auth,
		Scope:    rt.scope,
		Response: response,
		Params:   rt.params,
	}
}

// Routes describes every route the dialect mounts, the OAuth2 endpoints
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
