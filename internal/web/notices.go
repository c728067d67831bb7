package web

import (
	"net/http"
	"strconv"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
)

// The notifications page (/notifications): the person's notices of every
// kind (core notice.go), newest first, a page at a time. Showing it moves
// the read mark, which clears the badge; the notices that were unread are
// marked on the page that showed them.

type noticeItem struct {
	ID             int64
	Kind           string // who speaks: the site, an app, the moderators
	From           string // the app's name, for an app's notice
	Title, Content string
	Link           string
	When, ISO      string
	Unread         bool
}

type noticesView struct {
	Items        []*noticeItem
	Total        int
	Older, Newer string // links to the next and previous pages
}

func (s *Site) noticesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiutil.MaxPage {
			return domain.BadParam("page", "a page number", v)
		}
		page = n
	}
	ctx := r.Context()
	v := rq.viewer(s)
	pg, err := s.svc.Notices(ctx, v, domain.Cursor{Cursor: (page - 1) * pageSize, Count: pageSize})
	if err != nil {
		return err
	}
	kinds := map[domain.NoticeKind]string{domain.NoticeApp: rq.T("应用通知"), domain.NoticeSystem: rq.T("系统通知"),
		domain.NoticeModeration: rq.T("管理员通知")}
	nv := &noticesView{Total: pg.Total, Items: make([]*noticeItem, 0, len(pg.Items))}
	for _, n := range pg.Items {
		it := &noticeItem{ID: n.ID, Kind: kinds[n.Kind], Title: n.Title, Content: n.Content, Link: n.ActionURL,
			When: s.when(rq, n.AvailableAt), ISO: n.AvailableAt.UTC().Format("2006-01-02T15:04:05Z"), Unread: n.Unread}
		if a := pg.Apps[n.AppID]; a != nil && n.Kind == domain.NoticeApp {
			it.From = a.Name
		}
		nv.Items = append(nv.Items, it)
	}
	if page*pageSize < pg.Total && page < apiutil.MaxPage {
		nv.Older = "/notifications?page=" + strconv.Itoa(page+1)
	}
	if page > 1 {
		nv.Newer = "/notifications?page=" + strconv.Itoa(page-1)
	}
	if err := s.svc.ReadNotices(ctx, v); err != nil {
		return err
	}
	s.render(w, rq, "notifications", nv)
	return nil
}
