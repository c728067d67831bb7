package tencent

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
)

// Every route declares the parameters its handler reads, in lower case
// (names arrive in any case and are folded before any reader sees them):
// the API reference and the hostile-client test are generated from the
// declarations, and the servers testkit starts refuse a read the table
// does not declare. format is every route's (route.info adds it).

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
			panic("tencent: ps takes ParamInfo or []ParamInfo")
		}
	}
	return out
}

var (
	pFormat   = apiutil.P("format", apiutil.KindText).OneOf(formatJSON, formatXML)
	pTweetID  = apiutil.P("id", apiutil.KindID).Of("status").Req()
	pContent  = apiutil.P("content", apiutil.KindText).Req()
	pClientIP = apiutil.P("clientip", apiutil.KindText)
	pJing     = apiutil.P("jing", apiutil.KindFloat)
	pWei      = apiutil.P("wei", apiutil.KindFloat)
)

// postPs are the parameters of the content-creating calls (spec §4).
var postPs = []apiutil.ParamInfo{pClientIP, pJing, pWei}

// timePagePs are scheme A's parameters (spec §7.1): pageflag, pagetime,
// reqnum, lastid.
var timePagePs = []apiutil.ParamInfo{
	apiutil.P("pageflag", apiutil.KindInt), apiutil.P("pagetime", apiutil.KindTime),
	apiutil.P("reqnum", apiutil.KindCount), apiutil.P("lastid", apiutil.KindID).Of("status"),
}

// Paging flags of scheme A.
const (
	pageFirst = 0
	pageDown  = 1 // older
	pageUp    = 2 // newer
)

// timePage reads scheme A into a domain.Page of reqnum+1 items, the extra
// one telling whether there is more (hasnext). Ids are time-ordered, so a
// time cursor is an id bound: paging down, below lastid when given (exact),
// else below the first id of second pagetime (items of the previous page's
// last second not shown are skipped rather than repeated, so a client
// paging until hasnext=1 always ends); paging up, above lastid when given,
// else above the last id of second pagetime.
func timePage(p apiutil.Params, maxReq int) (domain.Page, int, error) {
	lastid, err := p.Int64("lastid", 0)
	if err != nil {
		return domain.Page{}, 0, err
	}
	if lastid < 0 {
		return domain.Page{}, 0, domain.BadParam("lastid", "a tweet id", p.String("lastid"))
	}
	return timePageWith(p, maxReq, lastid)
}

// timePageWith is timePage with the last id already read (t/re_list names
// it twitterid).
func timePageWith(p apiutil.Params, maxReq int, lastid int64) (domain.Page, int, error) {
	flag, err := p.IntIn("pageflag", pageFirst, pageFirst, pageUp)
	if err != nil {
		return domain.Page{}, 0, err
	}
	pagetime, err := p.Int64("pagetime", 0)
	if err != nil {
		return domain.Page{}, 0, err
	}
	if pagetime < 0 {
		return domain.Page{}, 0, domain.BadParam("pagetime", "Unix seconds", p.String("pagetime"))
	}
	reqnum, err := p.Int("reqnum", 20, 1, maxReq)
	if err != nil {
		return domain.Page{}, 0, err
	}
	pg := domain.Page{Count: reqnum + 1, Page: 1}
	switch flag {
	case pageDown:
		switch {
		case lastid > 0:
			pg.MaxID = lastid - 1
		case pagetime > 0:
			pg.MaxID = idAtSecond(pagetime) - 1
		}
		if pg.MaxID <= 0 && (lastid > 0 || pagetime > 0) {
			pg.SinceID, pg.MaxID = 1, 1 // before the first id: an empty range
		}
	case pageUp:
		switch {
		case lastid > 0:
			pg.SinceID = lastid
		case pagetime > 0:
			pg.SinceID = idAtSecond(pagetime+1) - 1
		}
	}
	return pg, reqnum, nil
}

// idAtSecond is the first id of Unix second sec; far past the id clock's
// lifetime it saturates rather than overflows.
func idAtSecond(sec int64) int64 {
	const maxSec = 1 << 40 // ~35,000 years: far past the id clock's end
	return ids.MinIDAt(time.Unix(min(sec, maxSec), 0))
}

// clientIP reads clientip, the end user's address as the app reports it
// (Tencent placed the user by it); the core checks it is an IP address.
// Without it the caller's address stands in (spec §4).
func clientIP(c *call) (string, error) {
	s := strings.TrimSpace(c.p.String("clientip"))
	if s == "" {
		return c.v.IP, nil
	}
	if _, err := clientIPValue(s); err != nil {
		return "", domain.BadParam("clientip", "an IPv4 or IPv6 address", s)
	}
	return s, nil
}

// clientIPValue checks an address a client reports.
func clientIPValue(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err == nil && a.Zone() != "" {
		err = domain.BadParam("ip", "an address without a zone", s)
	}
	return a, err
}

// geo reads jing (longitude) and wei (latitude): either may be empty.
func geo(c *call) (*domain.Geo, error) {
	long, hasLong, err := c.p.Long("jing")
	if err != nil {
		return nil, err
	}
	lat, hasLat, err := c.p.Lat("wei")
	if err != nil {
		return nil, err
	}
	if !hasLat || !hasLong {
		return nil, nil
	}
	return &domain.Geo{Lat: lat, Long: long}, nil
}

// tweetID reads a required tweet id.
func tweetID(p apiutil.Params, name string) (int64, error) {
	if !p.Has(name) {
		return 0, domain.MissingParam(name)
	}
	id, err := p.Int64(name, 0)
	if err != nil {
		return 0, err
	}
	if id <= 0 {
		return 0, domain.BadParam(name, "a tweet id", p.String(name))
	}
	return id, nil
}

func idstr(id int64) string { return strconv.FormatInt(id, 10) }
