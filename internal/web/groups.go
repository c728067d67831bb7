package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Friend groups (好友分组): the person's groups, each with its members and
// its timeline (the members' statuses the person may see), made, renamed,
// emptied and deleted here. The rules are the core's (core/group.go).

func (s *Site) mountGroups(reg Registrar) {
	reg.Handle("GET /groups", s.page(s.signedIn(s.groupsPage)))
	reg.Handle("POST /groups", s.page(s.signedIn(s.createGroup)))
	reg.Handle("GET /groups/{id}", s.page(s.signedIn(s.groupPage)))
	reg.Handle("POST /groups/{id}/update", s.page(s.signedIn(s.updateGroup)))
	reg.Handle("POST /groups/{id}/delete", s.page(s.signedIn(s.deleteGroup)))
	reg.Handle("POST /groups/{id}/members", s.page(s.signedIn(s.addGroupMember)))
	reg.Handle("POST /groups/{id}/remove", s.page(s.signedIn(s.removeGroupMember)))
}

type groupItem struct {
	ID          int64
	Name        string
	Description string
	Public      bool
	Members     int
	URL         string
}

func groupItemOf(g *domain.Group) *groupItem {
	return &groupItem{ID: g.ID, Name: g.Name, Description: g.Description, Public: g.Public, Members: g.MemberCount,
		URL: "/groups/" + strconv.FormatInt(g.ID, 10)}
}

type groupsView struct {
	Groups []*groupItem
	Name   string // the create form's, after a refusal
	Error  string
}

// groupsPage is /groups: the person's groups and a form for a new one.
func (s *Site) groupsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderGroups(w, rq, &groupsView{})
}

func (s *Site) renderGroups(w http.ResponseWriter, rq *request, gv *groupsView) error {
	gs, err := s.svc.Groups(rq.r.Context(), rq.me.ID, rq.me.ID, "all")
	if err != nil {
		return err
	}
	for _, g := range gs {
		gv.Groups = append(gv.Groups, groupItemOf(g.Group))
	}
	s.render(w, rq, "groups", gv)
	return nil
}

// groupError shows a refusal a person can fix (a name too long, taken,
// too many groups) on the page of the form, else an error page.
func (s *Site) groupError(rq *request, err error) (string, bool) {
	de := domain.AsError(err)
	switch de.Reason {
	case domain.ReasonListNameTooLong, domain.ReasonListIllegal:
		return rq.T("分组名需要1到10个字，不能含逗号；描述最多70个字。"), true
	case domain.ReasonListDescTooLong:
		return rq.T("分组名需要1到10个字，不能含逗号；描述最多70个字。"), true
	case domain.ReasonListNameTaken:
		return rq.T("已有同名的分组。"), true
	case domain.ReasonListTooMany:
		return rq.T("分组数量已达上限。"), true
	case domain.ReasonListMemberTaken:
		return rq.T("此人已在分组中。"), true
	case domain.ReasonListFull:
		return rq.T("分组成员已满。"), true
	case domain.ReasonNotFollowed, domain.ReasonNeedFollow:
		return rq.T("只能把你关注的人加入分组。"), true
	case domain.ReasonUserNotFound, domain.ReasonUIDMissing:
		return rq.T("用户不存在。"), true
	}
	if de.Kind == domain.KindInvalid {
		return s.message(rq, de), true
	}
	return "", false
}

func (s *Site) createGroup(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := r.PostFormValue("name")
	g, err := s.svc.CreateGroup(r.Context(), rq.viewer(s), core.GroupInput{Name: name,
		Description: r.PostFormValue("description"), Public: r.PostFormValue("public") == "1"})
	if err != nil {
		msg, ok := s.groupError(rq, err)
		if !ok {
			return err
		}
		rq.status = http.StatusUnprocessableEntity
		return s.renderGroups(w, rq, &groupsView{Name: name, Error: msg})
	}
	return seeOther(w, r, groupItemOf(g.Group).URL)
}

type groupView struct {
	Group    *groupItem
	Mine     bool
	Members  []*userItem
	More     string // the members' next page
	Timeline timelineView
	Error    string
}

// groupPage is /groups/{id}: its timeline and members, and for its owner
// the forms that change it. Members page with cursor, statuses with max_id.
func (s *Site) groupPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderGroup(w, rq, "")
}

func (s *Site) renderGroup(w http.ResponseWriter, rq *request, errMsg string) error {
	r := rq.r
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	g, err := s.svc.ShowGroup(ctx, rq.me.ID, id)
	if err != nil {
		return err
	}
	c, err := readCursor(r)
	if err != nil {
		return err
	}
	p, err := s.readPage(rq)
	if err != nil {
		return err
	}
	gv := &groupView{Group: groupItemOf(g.Group), Mine: g.Group.OwnerID == rq.me.ID, Error: errMsg}
	ml, err := s.svc.GroupMembers(ctx, rq.me.ID, id, c, false)
	if err != nil && !domain.IsKind(err, domain.KindForbidden) {
		return err
	}
	if ml != nil {
		for _, u := range ml.Users {
			gv.Members = append(gv.Members, s.userItem(u, rq))
		}
		if ml.NextCursor > 0 {
			gv.More = r.URL.Path + "?cursor=" + strconv.Itoa(ml.NextCursor)
		}
	}
	tl, err := s.svc.GroupTimeline(ctx, rq.me.ID, id, p, domain.TimelineFilter{})
	if err != nil && !domain.IsKind(err, domain.KindForbidden) {
		return err
	}
	if tl != nil {
		gv.Timeline = timelineView{Items: s.statusItems(tl.Items, rq), Older: olderLink(r.URL.Path, p.Count, tl.Items, tl.Hidden)}
	}
	s.render(w, rq, "group", gv)
	return nil
}

// groupAction runs a change of the group and returns to its page, or shows
// the page again with what to fix.
func (s *Site) groupAction(w http.ResponseWriter, r *http.Request, rq *request, do func(id int64) (next string, err error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	next, err := do(id)
	if err != nil {
		msg, ok := s.groupError(rq, err)
		if !ok {
			return err
		}
		rq.status = http.StatusUnprocessableEntity
		r.URL.RawQuery = ""
		return s.renderGroup(w, rq, msg)
	}
	if next == "" {
		next = "/groups/" + strconv.FormatInt(id, 10)
	}
	return seeOther(w, r, next)
}

func (s *Site) updateGroup(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.groupAction(w, r, rq, func(id int64) (string, error) {
		_, err := s.svc.UpdateGroup(r.Context(), rq.viewer(s), id, core.GroupInput{Name: r.PostFormValue("name"), SetName: true,
			Description: r.PostFormValue("description"), SetDesc: true})
		return "", err
	})
}

func (s *Site) deleteGroup(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.groupAction(w, r, rq, func(id int64) (string, error) {
		_, err := s.svc.DestroyGroup(r.Context(), rq.viewer(s), id)
		return "/groups", err
	})
}

// addGroupMember adds a person the viewer follows, by screen name.
func (s *Site) addGroupMember(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.groupAction(w, r, rq, func(id int64) (string, error) {
		u, err := s.svc.ResolveUser(r.Context(), core.UserRef{ScreenName: strings.TrimPrefix(strings.TrimSpace(r.PostFormValue("screen_name")), "@")})
		if err != nil {
			return "", err
		}
		_, err = s.svc.AddGroupMembers(r.Context(), rq.viewer(s), id, []core.MemberInput{{UserID: u.ID}})
		return "", err
	})
}

func (s *Site) removeGroupMember(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.groupAction(w, r, rq, func(id int64) (string, error) {
		uid, err := strconv.ParseInt(r.PostFormValue("uid"), 10, 64)
		if err != nil || uid <= 0 {
			return "", domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "no such member")
		}
		_, err = s.svc.RemoveGroupMember(r.Context(), rq.viewer(s), id, uid)
		return "", err
	})
}
