package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// unread is what the navigation's badges show.
type unread struct {
	Mentions  int `json:"mentions"`  // statuses and comments that @mention the person
	Comments  int `json:"comments"`  // comments on their statuses and replies to theirs
	Followers int `json:"followers"` // new followers
	Messages  int `json:"messages"`  // direct messages received
	Notices   int `json:"notices"`   // notices (notifications page)
}

// unreadOf reads the person's counters; a failure shows no badges rather
// than no page.
func (s *Site) unreadOf(rq *request) *unread {
	if rq.me == nil {
		return nil
	}
	c, err := s.svc.UnreadCounts(rq.r.Context(), rq.me.ID)
	if err != nil {
		s.log.WarnContext(rq.r.Context(), "unread counts", "err", err)
		return &unread{}
	}
	return &unread{Mentions: c.MentionStatus + c.MentionCmt, Comments: c.Cmt, Followers: c.Follower, Messages: c.DM,
		Notices: c.Notice}
}

// clear resets counters as a page shows what they counted.
func (s *Site) clear(rq *request, kinds ...string) error {
	for _, k := range kinds {
		if err := s.svc.ResetUnread(rq.r.Context(), rq.me.ID, k); err != nil {
			return err
		}
	}
	return nil
}

type inboxView struct {
	Heading  string
	Timeline timelineView
	Comments []*commentItem
	Empty    string // said when there is nothing (favourites)
}

// mentionsPage is /at: statuses and comments that @mention the person.
// Showing them clears the badge.
func (s *Site) mentionsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, err := s.readPage(rq)
	if err != nil {
		return err
	}
	ctx := r.Context()
	list, err := s.svc.Mentions(ctx, rq.meID(), p, domain.TimelineFilter{})
	if err != nil {
		return err
	}
	iv := &inboxView{Heading: rq.T("@我的"), Timeline: timelineView{Items: s.statusItems(list.Items, rq),
		Older: olderLink("/at", p.Count, list.Items, list.Hidden)}}
	if p.MaxID == 0 {
		cl, err := s.svc.CommentMentions(ctx, rq.meID(), domain.CommentQuery{Page: domain.Page{Count: pageSize, Page: 1}, Viewer: rq.meID()})
		if err != nil {
			return err
		}
		iv.Comments = s.commentItems(cl.Items, rq)
	}
	if err := s.clear(rq, domain.UnreadMentionStatus, domain.UnreadMentionCmt); err != nil {
		return err
	}
	s.render(w, rq, "inbox", iv)
	return nil
}

// commentsPage is /comments: comments on the person's statuses and replies
// to their comments. Showing them clears the badge.
func (s *Site) commentsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	cl, err := s.svc.CommentsToMe(r.Context(), rq.meID(), domain.CommentQuery{Page: domain.Page{Count: pageSize, Page: 1}, Viewer: rq.meID()})
	if err != nil {
		return err
	}
	if err := s.clear(rq, domain.UnreadCmt); err != nil {
		return err
	}
	s.render(w, rq, "inbox", &inboxView{Heading: rq.T("收到的评论"), Comments: s.commentItems(cl.Items, rq)})
	return nil
}

func (s *Site) commentItems(cs []*core.CommentView, rq *request) []*commentItem {
	out := make([]*commentItem, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.commentItem(c, rq))
	}
	return out
}

type searchView struct {
	Q        string
	Topic    string // the #topic# searched, when the query is one
	Timeline timelineView
	// TopicID is the id of the topic the signed-in person follows (0: they
	// do not); Signed says whether to offer the button at all.
	TopicID int64
	Signed  bool
	Next    string
}

// searchPage is /search?q=: a #topic# lists the statuses carrying it, any
// other text searches statuses.
func (s *Site) searchPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	sv := &searchView{Q: q}
	if q == "" {
		s.render(w, rq, "search", sv)
		return nil
	}
	p, err := s.readPage(rq)
	if err != nil {
		return err
	}
	base := "/search?" + url.Values{"q": {q}}.Encode()
	var items []*core.StatusView
	hidden := false
	if len(q) > 2 && strings.HasPrefix(q, "#") && strings.HasSuffix(q, "#") {
		sv.Topic = strings.TrimSpace(strings.Trim(q, "#"))
		list, err := s.svc.TopicStatuses(r.Context(), rq.meID(), sv.Topic, p)
		if err != nil {
			return err
		}
		if rq.me != nil && sv.Topic != "" {
			sv.Signed, sv.Next = true, r.URL.RequestURI()
			if sv.TopicID, _, err = s.svc.FollowsTopic(r.Context(), rq.viewer(s), sv.Topic); err != nil {
				if !domain.IsKind(err, domain.KindInvalid) {
					return err
				}
				sv.Signed = false // not a name a topic can have
			}
		}
		items, hidden = list.Items, list.Hidden
	} else {
		res, err := s.svc.SearchStatuses(r.Context(), rq.meID(), core.SearchStatusesInput{Q: q, Page: p})
		if err != nil {
			return err
		}
		items = res.Items
	}
	sv.Timeline = timelineView{Items: s.statusItems(items, rq), Older: olderLink(base, p.Count, items, hidden)}
	s.render(w, rq, "search", sv)
	return nil
}
