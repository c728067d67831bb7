package sina

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// short_url.md: ten GET endpoints over the core's short links. shorten and
// expand need an app (a token or source) but no user.
func (a *API) shortURLRoutes() []route {
	pLongs := apiutil.P("url_long", apiutil.KindList).Req()
	pShorts := apiutil.P("url_short", apiutil.KindList).Req()
	pShort := apiutil.P("url_short", apiutil.KindText).Req()
	paged := ps(pShort, pagePs("status"))
	return []route{
		{path: "short_url/shorten", methods: "GET", auth: authOptional, rate: core.RateGeneral, params: ps(pSource, pLongs), h: a.shorten},
		{path: "short_url/expand", methods: "GET", auth: authOptional, rate: core.RateGeneral, params: ps(pSource, pShorts), h: a.expand},
		{path: "short_url/clicks", methods: "GET", rate: core.RateGeneral, params: ps(pShorts), h: a.shortClicks},
		{path: "short_url/referers", methods: "GET", rate: core.RateGeneral, params: ps(pShort), h: a.shortReferers},
		{path: "short_url/locations", methods: "GET", rate: core.RateGeneral, params: ps(pShort), h: a.shortLocations},
		{path: "short_url/share/counts", methods: "GET", rate: core.RateGeneral, params: ps(pShorts), h: a.shareCounts},
		{path: "short_url/share/statuses", methods: "GET", rate: core.RateGeneral, params: paged, h: a.shareStatuses},
		{path: "short_url/comment/counts", methods: "GET", rate: core.RateGeneral, params: ps(pShorts), h: a.commentCounts},
		{path: "short_url/comment/comments", methods: "GET", rate: core.RateGeneral,
			params: ps(pShort, apiutil.P("since_id", apiutil.KindID).Of("comment"), apiutil.P("max_id", apiutil.KindID).Of("comment"),
				apiutil.P("count", apiutil.KindCount), apiutil.P("page", apiutil.KindPage)), h: a.shareComments},
		{path: "short_url/info", methods: "GET", rate: core.RateGeneral, params: ps(pShorts), h: a.shortInfo},
	}
}

// ShortURL is one entry of shorten and expand: result says whether the
// URL was converted (a JSON boolean, as typed SDKs read it).
type ShortURL struct {
	URLShort string `json:"url_short"`
	URLLong  string `json:"url_long"`
	Type     int    `json:"type"`
	Result   bool   `json:"result"`
}

// ShortURLCount is one entry of clicks, share/counts and comment/counts:
// the count under the endpoint's own key.
type ShortURLCount struct {
	URLShort      string `json:"url_short"`
	URLLong       string `json:"url_long"`
	Clicks        *int   `json:"clicks,omitempty"`
	ShareCounts   *int   `json:"share_counts,omitempty"`
	CommentCounts *int   `json:"comment_counts,omitempty"`
}

// ShortURLInfo is one entry of info. We keep no page metadata: title and
// description are empty, last_modified is when the link was made.
type ShortURLInfo struct {
	ShortURL
	Title        string `json:"title"`
	Description  string `json:"description"`
	LastModified string `json:"last_modified"`
}

// Referer and Location are the entries of referers and locations.
type Referer struct {
	Referer string `json:"referer"`
	Clicks  int    `json:"clicks"`
}

type Location struct {
	Location string `json:"location"`
	Province int    `json:"province"`
	Clicks   int    `json:"clicks"`
}

// readURLs reads a repeatable URL parameter: every value (url_long=a&
// url_long=b), each also split at commas (tolerated, short_url.md). A long
// URL may hold commas itself, so url_long splits only where the next part
// starts a new http(s) URL. Absent is 21501, more than 20 is 21502.
func readURLs(p apiutil.Params, name string) ([]string, error) {
	if !p.Has(name) {
		return nil, domain.E(domain.KindInvalid, domain.ReasonURLsNull, name+" is null")
	}
	var out []string
	for _, v := range p.Values()[name] {
		for _, part := range splitURLs(v, name == "url_long") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		if len(out) > core.MaxShortURLBatch {
			return nil, domain.E(domain.KindInvalid, domain.ReasonURLsTooMany, "more than 20 urls")
		}
	}
	if len(out) == 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonURLsNull, name+" is null")
	}
	return out, nil
}

func splitURLs(v string, long bool) []string {
	if !long {
		return strings.Split(v, ",")
	}
	var out []string
	for {
		i := nextURLComma(v)
		if i < 0 {
			return append(out, v)
		}
		out, v = append(out, v[:i]), v[i+1:]
	}
}

// nextURLComma is the index of the first comma followed by an http(s) URL.
func nextURLComma(v string) int {
	for i := 0; i < len(v); i++ {
		if v[i] == ',' {
			rest := strings.ToLower(strings.TrimSpace(v[i+1:]))
			if strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") {
				return i
			}
		}
	}
	return -1
}

// readShort reads the one url_short of a single-link endpoint (21504).
func readShort(p apiutil.Params) (string, error) {
	if !p.Has("url_short") {
		return "", domain.E(domain.KindInvalid, domain.ReasonURLNull, "url_short is null")
	}
	return strings.TrimSpace(p.String("url_short")), nil
}

func (a *API) shortEntry(l core.ShortLink) ShortURL {
	if l.Link == nil {
		return ShortURL{URLShort: l.Given}
	}
	return ShortURL{URLShort: a.svc.ShortURLOf(l.Link), URLLong: l.Link.Long, Result: true}
}

func (a *API) shortList(ls []core.ShortLink) map[string][]ShortURL {
	out := make([]ShortURL, len(ls))
	for i, l := range ls {
		out[i] = a.shortEntry(l)
		if l.Link == nil {
			out[i] = ShortURL{URLShort: "", URLLong: l.Given}
		}
	}
	return map[string][]ShortURL{"urls": out}
}

func (a *API) shorten(ctx context.Context, c *call) (any, error) {
	if err := a.needSource(ctx, c); err != nil {
		return nil, err
	}
	longs, err := readURLs(c.p, "url_long")
	if err != nil {
		return nil, err
	}
	ls, err := a.svc.Shorten(ctx, longs)
	if err != nil {
		return nil, err
	}
	return a.shortList(ls), nil
}

func (a *API) expandLinks(ctx context.Context, c *call) ([]core.ShortLink, error) {
	shorts, err := readURLs(c.p, "url_short")
	if err != nil {
		return nil, err
	}
	return a.svc.ExpandShort(ctx, shorts)
}

func (a *API) expand(ctx context.Context, c *call) (any, error) {
	if err := a.needSource(ctx, c); err != nil {
		return nil, err
	}
	ls, err := a.expandLinks(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]ShortURL, len(ls))
	for i, l := range ls {
		out[i] = a.shortEntry(l)
	}
	return map[string][]ShortURL{"urls": out}, nil
}

func (a *API) shortClicks(ctx context.Context, c *call) (any, error) {
	ls, err := a.expandLinks(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]ShortURLCount, len(ls))
	for i, l := range ls {
		e := a.shortEntry(l)
		n := 0
		if l.Link != nil {
			n = l.Link.Clicks
		}
		out[i] = ShortURLCount{URLShort: e.URLShort, URLLong: e.URLLong, Clicks: &n}
	}
	return map[string][]ShortURLCount{"urls": out}, nil
}

func (a *API) linkCounts(ctx context.Context, c *call, comments bool) (any, error) {
	shorts, err := readURLs(c.p, "url_short")
	if err != nil {
		return nil, err
	}
	ls, err := a.svc.ShareCounts(ctx, shorts, comments)
	if err != nil {
		return nil, err
	}
	out := make([]ShortURLCount, len(ls))
	for i, l := range ls {
		e := a.shortEntry(l.ShortLink)
		n := l.Count
		out[i] = ShortURLCount{URLShort: e.URLShort, URLLong: e.URLLong}
		if comments {
			out[i].CommentCounts = &n
		} else {
			out[i].ShareCounts = &n
		}
	}
	return map[string][]ShortURLCount{"urls": out}, nil
}

func (a *API) shareCounts(ctx context.Context, c *call) (any, error) {
	return a.linkCounts(ctx, c, false)
}

func (a *API) commentCounts(ctx context.Context, c *call) (any, error) {
	return a.linkCounts(ctx, c, true)
}

func (a *API) shortReferers(ctx context.Context, c *call) (any, error) {
	given, err := readShort(c.p)
	if err != nil {
		return nil, err
	}
	link, rs, err := a.svc.ShortLinkReferers(ctx, given)
	if err != nil {
		return nil, err
	}
	out := make([]Referer, len(rs))
	for i, r := range rs {
		out[i] = Referer{Referer: r.Key, Clicks: r.Clicks}
	}
	return map[string]any{"url_short": a.svc.ShortURLOf(link), "url_long": link.Long, "referers": out}, nil
}

func (a *API) shortLocations(ctx context.Context, c *call) (any, error) {
	given, err := readShort(c.p)
	if err != nil {
		return nil, err
	}
	link, ls, err := a.svc.ShortLinkLocations(ctx, given)
	if err != nil {
		return nil, err
	}
	out := make([]Location, len(ls))
	for i, l := range ls {
		out[i] = Location{Location: l.Key, Province: l.Province, Clicks: l.Clicks}
	}
	return map[string]any{"url_short": a.svc.ShortURLOf(link), "url_long": link.Long, "locations": out}, nil
}

func (a *API) shareStatuses(ctx context.Context, c *call) (any, error) {
	given, err := readShort(c.p)
	if err != nil {
		return nil, err
	}
	pg, err := apiutil.ReadPage(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	link, vs, err := a.svc.ShareStatuses(ctx, c.v, given, pg)
	if err != nil {
		return nil, err
	}
	return map[string]any{"url_short": a.svc.ShortURLOf(link), "url_long": link.Long, "share_statuses": a.statuses(vs, renderOpts{})}, nil
}

func (a *API) shareComments(ctx context.Context, c *call) (any, error) {
	given, err := readShort(c.p)
	if err != nil {
		return nil, err
	}
	pg, err := apiutil.ReadPage(c.p, 50, 200)
	if err != nil {
		return nil, err
	}
	link, l, err := a.svc.ShareComments(ctx, c.v, given, pg)
	if err != nil {
		return nil, err
	}
	return map[string]any{"url_short": a.svc.ShortURLOf(link), "url_long": link.Long, "share_comments": a.comments(l.Items, renderOpts{})}, nil
}

func (a *API) shortInfo(ctx context.Context, c *call) (any, error) {
	ls, err := a.expandLinks(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]ShortURLInfo, len(ls))
	for i, l := range ls {
		out[i] = ShortURLInfo{ShortURL: a.shortEntry(l)}
		if l.Link != nil {
			out[i].LastModified = a.fmtTime(l.Link.CreatedAt)
		}
	}
	return map[string][]ShortURLInfo{"urls": out}, nil
}
