package sina

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

func (a *API) searchRoutes() []route {
	return []route{
		{path: "search/statuses", methods: "GET", rate: core.RateGeneral, params: ps(pQ, apiutil.P("filter_ori", apiutil.KindInt), apiutil.P("filter_pic", apiutil.KindInt), apiutil.P("fuid", apiutil.KindID).Of("user"), apiutil.P("province", apiutil.KindInt), apiutil.P("city", apiutil.KindInt), apiutil.P("starttime", apiutil.KindTime), apiutil.P("endtime", apiutil.KindTime), pagePs("status"), apiutil.P("needcount", apiutil.KindBool), pBaseApp), h: a.searchStatuses},
	}
}

// nonNegInt reads an optional int >= 0 (0 when absent).
func nonNegInt(p apiutil.Params, name string) (int, error) {
	return p.IntIn(name, 0, 0, math.MaxInt32)
}

// unixTime reads an optional Unix time in seconds; zero when absent.
func unixTime(p apiutil.Params, name string) (time.Time, error) {
	n, err := p.Int64(name, 0)
	if err != nil {
		return time.Time{}, err
	}
	if n < 0 || n > 1<<40 {
		return time.Time{}, domain.BadParam(name, "Unix time in seconds", p.String(name))
	}
	if n == 0 {
		return time.Time{}, nil
	}
	return time.Unix(n, 0).UTC(), nil
}

func (a *API) searchInput(c *call) (core.SearchStatusesInput, error) {
	in := core.SearchStatusesInput{Q: strings.TrimSpace(c.p.String("q"))}
	var err error
	if in.Ori, err = c.p.IntIn("filter_ori", 0, 0, 2); err != nil {
		return in, err
	}
	if in.Pic, err = c.p.IntIn("filter_pic", 0, 0, 2); err != nil {
		return in, err
	}
	if in.AuthorID, err = c.p.Int64("fuid", 0); err != nil {
		return in, err
	}
	if in.AuthorID < 0 {
		return in, domain.BadParam("fuid", "a user id", c.p.String("fuid"))
	}
	if in.Province, err = nonNegInt(c.p, "province"); err != nil {
		return in, err
	}
	if in.City, err = nonNegInt(c.p, "city"); err != nil {
		return in, err
	}
	if in.Start, err = unixTime(c.p, "starttime"); err != nil {
		return in, err
	}
	if in.End, err = unixTime(c.p, "endtime"); err != nil {
		return in, err
	}
	if in.Page, err = apiutil.ReadPage(c.p, 10, core.SearchMaxCount); err != nil {
		return in, err
	}
	if in.NeedCount, err = c.p.Bool01("needcount", false); err != nil {
		return in, err
	}
	f, err := readFilter(c, false, true, false, false)
	if err != nil {
		return in, err
	}
	in.AppID = f.BaseAppID
	return in, nil
}

// SearchCount is search/statuses' answer with needcount=true.
type SearchCount struct {
	Results         []*Status `json:"results"`
	TotalCountMaybe int64     `json:"total_count_maybe"`
}

func (a *API) searchStatuses(ctx context.Context, c *call) (any, error) {
	in, err := a.searchInput(c)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.SearchStatuses(ctx, c.v.UserID, in)
	if err != nil {
		return nil, err
	}
	buf := getPageBuf()
	if in.NeedCount {
		buf = append(buf, `{"results":`...)
	}
	if buf, err = a.appendStatusArray(buf, res.Items, renderOpts{}); err != nil {
		return nil, err
	}
	if in.NeedCount {
		buf = append(buf, `,"total_count_maybe":`...)
		buf = strconv.AppendInt(buf, int64(res.Total), 10)
		buf = append(buf, '}')
	}
	return rawJSON(append(buf, '\n')), nil
}

// appendStatusArray appends items as a JSON array of status objects.
func (a *API) appendStatusArray(dst []byte, items []*core.StatusView, o renderOpts) ([]byte, error) {
	dst = append(dst, '[')
	var err error
	for i, v := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = a.appendStatus(dst, v, o); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}
