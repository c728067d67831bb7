package core

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"sync"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/text"
)

// Short links (short_url.md). This server makes them and serves their
// redirects on its own host, below Options.ShortURLBase, so every click is
// counted, with its referring site and the region of the client's address.
// What a link is shared in is read from the statuses and comments whose
// text holds it, whether they hold the short link or the long URL.

// MaxShortURLBatch is the batch limit of the short_url endpoints.
const MaxShortURLBatch = 20

// ShortLink is one entry of a short_url answer: the URL the client gave,
// and the link it names (nil when it names none).
type ShortLink struct {
	Given string
	Link  *domain.ShortURL
}

// ShortURLOf is the public short URL of a link.
func (s *Service) ShortURLOf(u *domain.ShortURL) string { return s.opts.ShortURLBase + u.Code }

// shortCode is the code of a new link: its id in base62 (ids are unique,
// so codes are; a 2^53 id is nine characters).
func shortCode(id int64) string {
	if id <= 0 {
		return "0"
	}
	return ids.Base62(uint64(id))
}

// longURL checks a URL to shorten: an absolute http or https URL with a
// host, of at most MaxLongURLLen bytes and no spaces.
func longURL(raw string) (string, bool) {
	u := strings.TrimSpace(raw)
	if u == "" || len(u) > domain.MaxLongURLLen || strings.ContainsAny(u, " \t\r\n") {
		return "", false
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return "", false
	}
	return u, true
}

// codeOf finds the code in what a client gave for a short link: one of our
// short URLs, any URL (its last path segment: a t.cn-style link), or the
// bare code (short_url.md accepts both).
func (s *Service) codeOf(given string) string {
	g := strings.TrimSpace(given)
	if c, ok := strings.CutPrefix(g, s.opts.ShortURLBase); ok {
		return c
	}
	if strings.Contains(g, "://") {
		if u, err := url.Parse(g); err == nil {
			return u.Path[strings.LastIndex(u.Path, "/")+1:]
		}
		return ""
	}
	return g
}

// Shorten makes (or finds) the short link of each URL, in order. A URL
// that is not an http(s) URL, or is too long, gets no link; one of our
// own short links is its own.
func (s *Service) Shorten(ctx context.Context, longs []string) ([]ShortLink, error) {
	out := make([]ShortLink, len(longs))
	own, err := s.ExpandShort(ctx, longs)
	if err != nil {
		return nil, err
	}
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		for i, raw := range longs {
			out[i] = ShortLink{Given: raw}
			if strings.HasPrefix(strings.TrimSpace(raw), s.opts.ShortURLBase) && own[i].Link != nil {
				out[i].Link = own[i].Link
				continue
			}
			u, ok := longURL(raw)
			if !ok {
				continue
			}
			id := s.ids.Next()
			link, err := tx.CreateShortURL(ctx, domain.ShortURL{ID: id, Code: shortCode(id), Long: u, CreatedAt: s.now()})
			if err != nil {
				return err
			}
			out[i].Link = link
		}
		return nil
	})
	return out, err
}

// ExpandShort finds the link each of shorts names, in order.
func (s *Service) ExpandShort(ctx context.Context, shorts []string) ([]ShortLink, error) {
	codes := make([]string, len(shorts))
	for i, g := range shorts {
		codes[i] = s.codeOf(g)
	}
	m, err := s.store.ShortURLsByCode(ctx, codes)
	if err != nil {
		return nil, fmt.Errorf("short urls: %w", err)
	}
	out := make([]ShortLink, len(shorts))
	for i, g := range shorts {
		out[i] = ShortLink{Given: g, Link: m[codes[i]]}
	}
	return out, nil
}

// shortLink is the link given names; none is a bad url_short.
func (s *Service) shortLink(ctx context.Context, given string) (*domain.ShortURL, error) {
	l, err := s.ExpandShort(ctx, []string{given})
	if err != nil {
		return nil, err
	}
	if l[0].Link == nil {
		return nil, domain.BadParam("url_short", "a short link of this server", given)
	}
	return l[0].Link, nil
}

// FollowShortLink counts a click of the link with that code and returns
// where it leads. referer is the Referer the client sent; ip its address.
func (s *Service) FollowShortLink(ctx context.Context, code, referer, ip string) (string, error) {
	m, err := s.store.ShortURLsByCode(ctx, []string{code})
	if err != nil {
		return "", err
	}
	link := m[code]
	if link == nil {
		return "", domain.E(domain.KindNotFound, domain.ReasonNone, "no such short link")
	}
	c := domain.Click{Referer: refererSite(referer)}
	c.Location, c.Province = clickRegion(ip)
	err = s.store.InTx(ctx, func(tx domain.Tx) error { return tx.AddClick(ctx, link.ID, c) })
	return link.Long, err
}

// refererSite is the host of a Referer: where a click came from, without
// the rest of the URL (which may be private).
func refererSite(ref string) string {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil || u.Host == "" || len(u.Host) > 253 {
		return ""
	}
	return strings.ToLower(u.Host)
}

var weiboProvinceCodes = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for _, w := range geo.WeiboProvinces() {
		m[w.Names[geo.ZhCN]] = w.Prov
	}
	return m
})

// Weibo's province codes for "abroad" and "other".
const (
	provinceOverseas = 400
	provinceOther    = 100
)

// clickRegion is the region of an address as the embedded IP table knows
// it: a province of China by its short name and Weibo code, a country
// abroad (code 400), or "other" (100).
func clickRegion(ip string) (string, int) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return domain.ClickOther, provinceOther
	}
	r, ok := geo.LookupIP(a)
	switch {
	case !ok:
		return domain.ClickOther, provinceOther
	case r.Country == "中国" && r.Province != "":
		name := geo.ShortName(r.Province)
		if code, ok := weiboProvinceCodes()[name]; ok {
			return name, code
		}
		return name, provinceOther
	case r.Country != "中国":
		return r.Country, provinceOverseas
	}
	return domain.ClickOther, provinceOther
}

// maxClickRows is how many referers or locations a stats answer lists.
const maxClickRows = 100

// ShortLinkReferers is a link with its clicks by referring site.
func (s *Service) ShortLinkReferers(ctx context.Context, given string) (*domain.ShortURL, []domain.ClickCount, error) {
	link, err := s.shortLink(ctx, given)
	if err != nil {
		return nil, nil, err
	}
	rs, err := s.store.ClickReferers(ctx, link.ID, maxClickRows)
	return link, rs, err
}

// ShortLinkLocations is a link with its clicks by region.
func (s *Service) ShortLinkLocations(ctx context.Context, given string) (*domain.ShortURL, []domain.ClickCount, error) {
	link, err := s.shortLink(ctx, given)
	if err != nil {
		return nil, nil, err
	}
	ls, err := s.store.ClickLocations(ctx, link.ID, maxClickRows)
	return link, ls, err
}

// linkURLs are the spellings a text may hold a link in.
func (s *Service) linkURLs(link *domain.ShortURL) []string {
	return []string{s.ShortURLOf(link), link.Long}
}

// LinkCount is a link and a count of what holds it.
type LinkCount struct {
	ShortLink
	Count int
}

// ShareCounts counts, for each link, the public statuses (not deleted)
// whose text holds it; comments, when comments is set, counts the comments
// on such statuses instead. Links that name nothing count 0.
func (s *Service) ShareCounts(ctx context.Context, shorts []string, comments bool) ([]LinkCount, error) {
	links, err := s.ExpandShort(ctx, shorts)
	if err != nil {
		return nil, err
	}
	out := make([]LinkCount, len(links))
	for i, l := range links {
		out[i].ShortLink = l
		if l.Link == nil {
			continue
		}
		if comments {
			_, out[i].Count, err = s.store.LinkCommentIDs(ctx, s.linkURLs(l.Link), domain.CommentQuery{})
		} else {
			_, out[i].Count, err = s.store.LinkStatusIDs(ctx, s.linkURLs(l.Link), domain.StatusQuery{})
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ShareStatuses lists the statuses holding the link that the viewer may
// see, newest first.
func (s *Service) ShareStatuses(ctx context.Context, v domain.Viewer, given string, p domain.Page) (*domain.ShortURL, []*StatusView, error) {
	link, err := s.shortLink(ctx, given)
	if err != nil {
		return nil, nil, err
	}
	ids, _, err := s.store.LinkStatusIDs(ctx, s.linkURLs(link), domain.StatusQuery{Page: p, Viewer: v.UserID})
	if err != nil {
		return nil, nil, err
	}
	sts, err := s.statusesByIDs(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.views(ctx, v.UserID, sts, true)
	return link, vs, err
}

// ShareComments lists the comments holding the link, on statuses the
// viewer may see, newest first.
func (s *Service) ShareComments(ctx context.Context, v domain.Viewer, given string, p domain.Page) (*domain.ShortURL, *CommentList, error) {
	link, err := s.shortLink(ctx, given)
	if err != nil {
		return nil, nil, err
	}
	ids, total, err := s.store.LinkCommentIDs(ctx, s.linkURLs(link), domain.CommentQuery{Page: p, Viewer: v.UserID})
	if err != nil {
		return nil, nil, err
	}
	l, err := s.commentList(ctx, v.UserID, ids, total)
	return link, l, err
}

// shortenLinks is what Sina does to the links of a status, a repost or a
// comment as it is posted: inside the posting transaction, each link the
// Weibo length rule charges at the flat rate (text.Shortened: every link
// but t.cn ones and short links to Sina's own hosts) and that is not one of
// our short links already becomes our short link (one per long URL, made
// or found here), and the text holds the short link instead. The length
// was checked on the text as written, which is what README §9 charges; a
// short link costs what the link it replaces did, or less.
//
// A text without "://" costs one strings.Contains: the posting hot path
// does no more than before.
func (s *Service) shortenLinks(ctx context.Context, tx domain.Tx, t string) (string, error) {
	if !strings.Contains(t, "://") {
		return t, nil
	}
	var made map[string]string
	var err error
	out := text.ReplaceLinks(t, func(link string) (string, bool) {
		if err != nil || !text.Shortened(link) || strings.HasPrefix(link, s.opts.ShortURLBase) {
			return "", false
		}
		if short, ok := made[link]; ok {
			return short, true
		}
		long, ok := longURL(link)
		if !ok {
			return "", false
		}
		id := s.ids.Next()
		var l *domain.ShortURL
		if l, err = tx.CreateShortURL(ctx, domain.ShortURL{ID: id, Code: shortCode(id), Long: long, CreatedAt: s.now()}); err != nil {
			return "", false
		}
		if made == nil {
			made = map[string]string{}
		}
		made[link] = s.ShortURLOf(l)
		return made[link], true
	})
	if err != nil {
		return "", fmt.Errorf("shorten links: %w", err)
	}
	return out, nil
}
