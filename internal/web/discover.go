package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The person's favourites and the hot topics (issue 11: pages for the
// capabilities as they land).
func (s *Site) mountDiscover(reg Registrar) {
	reg.Handle("GET /favorites", s.page(s.signedIn(s.favoritesPage)))
	reg.Handle("GET /trends", s.page(s.trendsPage))
	reg.Handle("POST /trends/follow", s.page(s.signedIn(s.followTopic)))
	reg.Handle("POST /trends/unfollow", s.page(s.signedIn(s.unfollowTopic)))
}

// favoritesPage is /favorites: the person's favourites, newest first,
// paged by ?page= (favourites are ordered by when they were made, not by
// status id, so max_id cannot page them).
func (s *Site) favoritesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return domain.BadParam("page", "a page number", v)
		}
	}
	p := domain.Page{Count: pageSize, Page: n}
	if p.PastDepth() {
		return domain.BadParam("page", "a page no deeper than the site pages", strconv.Itoa(n))
	}
	list, err := s.svc.Favorites(r.Context(), rq.viewer(s), 0, p)
	if err != nil {
		return err
	}
	views := make([]*core.StatusView, 0, len(list.Items))
	for _, f := range list.Items {
		if f.Status != nil {
			views = append(views, f.Status)
		}
	}
	tv := timelineView{Items: s.statusItems(views, rq)}
	if n*pageSize < list.Total {
		tv.Older = "/favorites?page=" + strconv.Itoa(n+1)
	}
	s.render(w, rq, "inbox", &inboxView{Heading: rq.T("我的收藏"), Timeline: tv, Empty: rq.T("还没有收藏。")})
	return nil
}

type trendsView struct {
	Period   string // hourly, daily, weekly
	Periods  []trendTab
	Topics   []trendItem
	Followed []trendItem // the signed-in person's topics
}

type trendTab struct {
	Name, Label string
	Current     bool
}

type trendItem struct {
	TopicID int64 // the person follows it (the "topic-follow" form's)
	Topic   string
	URL     string // the topic's statuses
	Amount  int
	Delta   int
}

func topicURL(name string) string { return "/search?" + url.Values{"q": {"#" + name + "#"}}.Encode() }

// trendsPage is /trends?period=hourly|daily|weekly: the topics most posted
// about in the window, with the change since the window before; signed
// in, the topics the person follows and a button to follow or unfollow.
func (s *Site) trendsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	period := r.URL.Query().Get("period")
	var tp core.TrendPeriod
	switch period {
	case "", "hourly":
		period, tp = "hourly", core.TrendHourly
	case "daily":
		tp = core.TrendDaily
	case "weekly":
		tp = core.TrendWeekly
	default:
		return domain.BadParam("period", "hourly, daily or weekly", period)
	}
	ctx := r.Context()
	list, err := s.svc.HotTopics(ctx, rq.viewer(s), tp, false)
	if err != nil {
		return err
	}
	tv := &trendsView{Period: period}
	for _, t := range []struct{ name, label string }{{"hourly", "每小时"}, {"daily", "今日"}, {"weekly", "本周"}} {
		tv.Periods = append(tv.Periods, trendTab{Name: t.name, Label: rq.T(t.label), Current: t.name == period})
	}
	followed := map[string]int64{}
	if rq.me != nil {
		fs, err := s.svc.FollowedTopics(ctx, rq.me.ID, domain.Page{Count: 50, Page: 1})
		if err != nil {
			return err
		}
		for _, f := range fs {
			followed[f.Name] = f.ID
			tv.Followed = append(tv.Followed, trendItem{TopicID: f.ID, Topic: f.Name, URL: topicURL(f.Name), Amount: f.Statuses})
		}
	}
	for _, t := range list.Topics {
		tv.Topics = append(tv.Topics, trendItem{TopicID: followed[t.Name], Topic: t.Name, URL: topicURL(t.Name), Amount: t.Amount, Delta: t.Delta})
	}
	s.render(w, rq, "trends", tv)
	return nil
}

func (s *Site) followTopic(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.FollowTopic(r.Context(), rq.viewer(s), r.PostFormValue("name")); err != nil && !domain.IsKind(err, domain.KindConflict) {
		return err // following a topic twice leaves it followed
	}
	return seeOther(w, r, nextOr(r, "/trends"))
}

func (s *Site) unfollowTopic(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return domain.BadParam("id", "the id of a topic you follow", r.PostFormValue("id"))
	}
	if err := s.svc.UnfollowTopic(r.Context(), rq.viewer(s), id); err != nil {
		return err
	}
	return seeOther(w, r, nextOr(r, "/trends"))
}

// nextOr is the form's next address when it is one of the site's, else def.
func nextOr(r *http.Request, def string) string {
	if r.PostFormValue("next") == "" {
		return def
	}
	return safeNext(r.PostFormValue("next"))
}

// Change is the size of Delta, for the arrow beside it.
func (t trendItem) Change() int {
	if t.Delta < 0 {
		return -t.Delta
	}
	return t.Delta
}
