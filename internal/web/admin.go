package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Reports and the admin pages (issue 17). Anyone signed in reports what
// they can see at /report; the pages under /admin are for moderators and
// admins only (the core decides: every handler asks it, so a role taken
// away works at the next request). Every form is a POST with the form
// token; every text is escaped by html/template.

func (s *Site) mountAdmin(reg Registrar) {
	reg.Handle("GET /report", s.page(s.signedIn(s.reportPage)))
	reg.Handle("POST /report", s.page(s.signedIn(s.fileReport)))
	reg.Handle("GET /admin", s.page(s.moderator(s.adminOverview)))
	reg.Handle("GET /admin/users", s.page(s.moderator(s.adminUsers)))
	reg.Handle("POST /admin/users/{uid}", s.page(s.moderator(s.adminUserAction)))
	reg.Handle("GET /admin/reports", s.page(s.moderator(s.adminReports)))
	reg.Handle("POST /admin/reports/{id}/resolve", s.page(s.moderator(s.adminResolve)))
	reg.Handle("GET /admin/pending", s.page(s.moderator(s.adminPending)))
	reg.Handle("POST /admin/pending/{uid}", s.page(s.moderator(s.adminPendingAction)))
	reg.Handle("GET /admin/audit", s.page(s.moderator(s.adminAudit)))
	reg.Handle("POST /admin/status/{id}/delete", s.page(s.moderator(s.adminDeleteStatus)))
	reg.Handle("POST /admin/comment/{id}/delete", s.page(s.moderator(s.adminDeleteComment)))
}

// actor is the signed-in person as an administrative actor.
func (s *Site) actor(rq *request) core.Actor {
	return core.Actor{UserID: rq.meID(), IP: s.clientIP(rq.r)}
}

// moderator lets only moderators and admins through (403 for the rest).
func (s *Site) moderator(h handlerFunc) handlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if err := s.svc.RequireModerator(r.Context(), s.actor(rq)); err != nil {
			return err
		}
		return h(w, r, rq)
	})
}

// Reports.

type reportView struct {
	Kind    string
	ID      int64
	What    string        // 微博, 评论, 用户
	Target  *userItem     // the account reported, or whose content is
	Text    template.HTML // the status or comment
	Reason  string
	Error   string
	Done    bool
	Max     int
	BackURL string
}

var reportKinds = map[string]string{domain.ReportStatus: "微博", domain.ReportComment: "评论", domain.ReportUser: "用户"}

// reportTarget reads kind and id (query or form) and asks the core what
// they name, checking the viewer may report it.
func (s *Site) reportTarget(rq *request, kind, rawID string) (*reportView, error) {
	what, ok := reportKinds[kind]
	if !ok {
		return nil, domain.E(domain.KindNotFound, domain.ReasonNone, "no such page")
	}
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil || id <= 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonNone, "no such page")
	}
	t, err := s.svc.ReportTarget(rq.r.Context(), rq.viewer(s), kind, id)
	if err != nil {
		return nil, err
	}
	rv := &reportView{Kind: kind, ID: id, What: rq.T(what), Max: core.MaxReportReason,
		Target: s.userItem(&core.UserView{User: t.Target.User}, rq)}
	rv.BackURL = rv.Target.URL
	switch {
	case t.Comment != nil:
		rv.Text = renderText(t.Comment.Text)
		if t.Status != nil {
			rv.BackURL = StatusPath(t.Status.UserID, t.Status.ID)
		}
	case t.Status != nil:
		rv.Text = renderText(t.Status.Text)
		rv.BackURL = StatusPath(t.Status.UserID, t.Status.ID)
	}
	return rv, nil
}

// reportPage is the report form for ?kind=status|comment|user&id=N, or,
// after a report (?done=1), the thanks.
func (s *Site) reportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	if q.Get("done") == "1" {
		s.render(w, rq, "report", &reportView{Done: true})
		return nil
	}
	rv, err := s.reportTarget(rq, q.Get("kind"), q.Get("id"))
	if err != nil {
		return err
	}
	s.render(w, rq, "report", rv)
	return nil
}

// fileReport files the form's report (fields kind, id, reason).
func (s *Site) fileReport(w http.ResponseWriter, r *http.Request, rq *request) error {
	rv, err := s.reportTarget(rq, r.PostFormValue("kind"), r.PostFormValue("id"))
	if err != nil {
		return err
	}
	v := rq.viewer(s)
	if err := s.svc.CheckRate(r.Context(), v, core.RateComment); err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	_, err = s.svc.FileReport(r.Context(), v, core.ReportInput{Kind: rv.Kind, TargetID: rv.ID, Reason: reason})
	if err != nil {
		de := domain.AsError(err)
		if de.Kind == domain.KindInternal {
			return err
		}
		// The form again, with what was typed and what is wrong.
		rq.status = statusOf(de)
		rv.Reason, rv.Error = reason, s.message(rq, de)
		s.render(w, rq, "report", rv)
		return nil
	}
	return seeOther(w, r, "/report?done=1")
}

// The admin pages.

type adminView struct {
	Section string
	IsAdmin bool
	Done    bool // an action just succeeded
	Error   string

	Overview *overviewView
	Query    string
	Users    []*adminUser
	Reports  []*adminReport
	Resolved bool // the reports shown are the resolved ones
	Pending  []*adminUser
	Audit    []*auditItem
	Older    string // the next page
	Actions  []actionChoice
	Roles    []actionChoice
}

type actionChoice struct{ Value, Label string }

func (s *Site) adminView(rq *request, section string) *adminView {
	av := &adminView{Section: section, IsAdmin: rq.me != nil && rq.me.Role == domain.RoleAdmin,
		Done: rq.r.URL.Query().Get("done") == "1"}
	for _, a := range core.ReportActions() {
		av.Actions = append(av.Actions, actionChoice{a, rq.T(actionLabels[a])})
	}
	av.Roles = []actionChoice{{"user", rq.T("普通用户")}, {domain.RoleModerator, rq.T("版主")}, {domain.RoleAdmin, rq.T("管理员")}}
	return av
}

var actionLabels = map[string]string{
	core.ReportDismiss: "驳回", core.ReportDelete: "删除内容", core.ReportSilence: "限制帐号", core.ReportSuspend: "封禁帐号",
}

// adminError shows a section again with the error of its form: a refused
// action is a message on the page it came from, in the status it calls for.
func (s *Site) adminError(r *http.Request, rq *request, err error, again func(msg string) error) error {
	de := domain.AsError(err)
	if de.Kind == domain.KindInternal || de.Kind == domain.KindUnauthenticated {
		return err
	}
	rq.status = statusOf(de)
	r.URL.RawQuery = ""
	return again(s.message(rq, de))
}

// beforeParam reads the paging bound ?before=ID (0: the first page).
func beforeParam(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("before")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.BadParam("before", "an id", v)
	}
	return n, nil
}

func olderPage(base string, q url.Values, last int64) string {
	q.Set("before", strconv.FormatInt(last, 10))
	return base + "?" + q.Encode()
}

// Overview.

type overviewView struct {
	Users, Pending, OpenReports int
	QueueDepth                  string
	Statuses                    *barChart
	StatusesTotal               int
	Disk                        *barChart
}

// barChart is a small chart drawn as inline SVG by the template: the
// geometry is computed here, so the page needs no script.
type barChart struct {
	W, H  int
	Label string
	Bars  []chartBar
}

type chartBar struct {
	X, Y, W, H int
	Title      string // the tooltip: what the bar is
	Text       string // a label drawn beside it (horizontal charts)
	TextX      int
	TextY      int
}

// dayChart draws statuses per day as vertical bars, oldest on the left.
func dayChart(label string, days []domain.DayCount) *barChart {
	const h, bw, gap = 80, 8, 2
	c := &barChart{W: len(days) * (bw + gap), H: h, Label: label}
	peak := 1
	for _, d := range days {
		peak = max(peak, d.Count)
	}
	for i, d := range days {
		bh := d.Count * (h - 2) / peak
		if d.Count > 0 {
			bh = max(bh, 1)
		}
		c.Bars = append(c.Bars, chartBar{X: i * (bw + gap), Y: h - bh, W: bw, H: bh,
			Title: fmt.Sprintf("%s: %d", d.Day.Format("2006-01-02"), d.Count)})
	}
	return c
}

// diskChart draws disk use as horizontal bars, each labelled.
func diskChart(label string, uses []domain.DiskUse) *barChart {
	const w, row, bar = 300, 22, 14
	c := &barChart{W: w, H: max(len(uses), 1) * row, Label: label}
	var peak int64 = 1
	for _, u := range uses {
		peak = max(peak, u.Bytes)
	}
	for i, u := range uses {
		bw := int(u.Bytes * (w / 2) / peak)
		if u.Bytes > 0 {
			bw = max(bw, 1)
		}
		text := u.Name + " " + humanBytes(u.Bytes)
		c.Bars = append(c.Bars, chartBar{X: 0, Y: i*row + (row-bar)/2, W: bw, H: bar, Title: text,
			Text: text, TextX: bw + 6, TextY: i*row + row/2 + 4})
	}
	return c
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func (s *Site) adminOverview(w http.ResponseWriter, r *http.Request, rq *request) error {
	o, err := s.svc.Overview(r.Context(), s.actor(rq))
	if err != nil {
		return err
	}
	av := s.adminView(rq, "overview")
	ov := &overviewView{Users: o.Users, Pending: o.Pending, OpenReports: o.OpenReports, QueueDepth: "?",
		Statuses: dayChart(rq.T("每日微博数（最近30天）"), o.StatusesPerDay)}
	if o.QueueDepth >= 0 {
		ov.QueueDepth = strconv.Itoa(o.QueueDepth)
	}
	for _, d := range o.StatusesPerDay {
		ov.StatusesTotal += d.Count
	}
	if len(o.Disk) > 0 {
		ov.Disk = diskChart(rq.T("磁盘占用"), o.Disk)
	}
	av.Overview = ov
	s.render(w, rq, "admin", av)
	return nil
}

// Users.

type adminUser struct {
	ID          int64
	ScreenName  string
	URL         string
	Email       string
	Role        string // as the role select spells it
	RoleLabel   string
	State       string
	Active      bool
	Suspended   bool
	Silenced    bool
	HasAvatar   bool
	Description string
	Location    string
	Joined      string
}

func (s *Site) adminUserItem(rq *request, a *domain.Account) *adminUser {
	u := a.User
	it := &adminUser{ID: u.ID, ScreenName: u.ScreenName, URL: profilePath(u), Email: u.Email, Role: "user",
		RoleLabel: rq.T("普通用户"), Active: a.State == domain.UserActive, Suspended: a.State == domain.UserSuspended,
		Silenced: u.Silenced, HasAvatar: u.Avatar != "", Description: u.Description, Location: u.Location,
		Joined: u.CreatedAt.In(s.opts.Location).Format("2006-01-02 15:04")}
	switch u.Role {
	case domain.RoleAdmin:
		it.Role, it.RoleLabel = u.Role, rq.T("管理员")
	case domain.RoleModerator:
		it.Role, it.RoleLabel = u.Role, rq.T("版主")
	}
	switch a.State {
	case domain.UserActive:
		it.State = rq.T("正常")
		if u.Silenced {
			it.State = rq.T("已限制")
		}
	case domain.UserSuspended:
		it.State = rq.T("已封禁")
	case domain.UserDeactivated:
		it.State = rq.T("已注销")
	case domain.UserPending:
		it.State = rq.T("待审核")
	}
	return it
}

func (s *Site) adminUsers(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderUsers(w, rq, "")
}

func (s *Site) renderUsers(w http.ResponseWriter, rq *request, errMsg string) error {
	r := rq.r
	av := s.adminView(rq, "users")
	av.Error = errMsg
	before, err := beforeParam(r)
	if err != nil {
		return err
	}
	av.Query = r.URL.Query().Get("q")
	accs, err := s.svc.SearchAccounts(r.Context(), s.actor(rq), av.Query, before, pageSize)
	if err != nil {
		return err
	}
	for _, a := range accs {
		av.Users = append(av.Users, s.adminUserItem(rq, a))
	}
	if len(accs) == pageSize {
		av.Older = olderPage("/admin/users", url.Values{"q": {av.Query}}, accs[len(accs)-1].User.ID)
	}
	s.render(w, rq, "admin", av)
	return nil
}

// adminUserAction is one button of a user's row (field do): role (with
// role), suspend, silence, restore, avatar (removed), text (profile text
// removed); note says why.
func (s *Site) adminUserAction(w http.ResponseWriter, r *http.Request, rq *request) error {
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	ctx, a, name, note := r.Context(), s.actor(rq), strconv.FormatInt(uid, 10), r.PostFormValue("note")
	switch r.PostFormValue("do") {
	case "role":
		role, ok := core.ParseRole(r.PostFormValue("role"))
		if !ok {
			err = domain.BadParam("role", "admin, moderator or user", r.PostFormValue("role"))
		} else {
			_, err = s.svc.SetRole(ctx, a, name, role)
		}
	case "suspend":
		err = s.svc.SuspendUser(ctx, a, name, note)
	case "silence":
		err = s.svc.SilenceUser(ctx, a, name, note)
	case "restore":
		err = s.svc.RestoreUser(ctx, a, name, note)
	case "avatar":
		err = s.svc.ModerateProfile(ctx, a, name, core.ProfileAvatar, note)
	case "text":
		err = s.svc.ModerateProfile(ctx, a, name, core.ProfileText, note)
	default:
		err = domain.BadParam("do", "role, suspend, silence, restore, avatar or text", r.PostFormValue("do"))
	}
	if err != nil {
		return s.adminError(r, rq, err, func(msg string) error { return s.renderUsers(w, rq, msg) })
	}
	return seeOther(w, r, nextOr(r, "/admin/users?done=1"))
}

// Reports.

type adminReport struct {
	ID          int64
	What        string
	Reporter    *adminUser
	Target      *adminUser
	Text        template.HTML
	ContentURL  string
	ContentGone bool
	Reason      string
	When        string
	Open        bool
	Action      string
	Note        string
	Resolved    string
}

func (s *Site) adminReportItem(rq *request, v core.ReportView) *adminReport {
	it := &adminReport{ID: v.ID, What: rq.T(reportKinds[v.Kind]), Reason: v.Reason, When: s.when(rq, v.CreatedAt),
		Open: v.Open(), Note: v.Note}
	if v.Reporter != nil {
		it.Reporter = s.adminUserItem(rq, &domain.Account{User: v.Reporter})
	}
	if v.Target != nil {
		it.Target = s.adminUserItem(rq, v.Target)
	}
	switch v.Kind {
	case domain.ReportStatus:
		if v.Status != nil && !v.Status.Deleted {
			it.Text, it.ContentURL = renderText(v.Status.Text), StatusPath(v.Status.UserID, v.Status.ID)
		} else {
			it.ContentGone = true
		}
	case domain.ReportComment:
		if v.Comment != nil {
			it.Text = renderText(v.Comment.Text)
			if v.Status != nil && !v.Status.Deleted {
				it.ContentURL = StatusPath(v.Status.UserID, v.Status.ID) + "#c" + strconv.FormatInt(v.Comment.ID, 10)
			}
		} else {
			it.ContentGone = true
		}
	}
	if !it.Open {
		it.Action = rq.T(actionLabels[v.Action])
		it.Resolved = s.when(rq, v.ResolvedAt)
	}
	return it
}

func (s *Site) adminReports(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderReports(w, rq, "")
}

func (s *Site) renderReports(w http.ResponseWriter, rq *request, errMsg string) error {
	r := rq.r
	av := s.adminView(rq, "reports")
	av.Error = errMsg
	before, err := beforeParam(r)
	if err != nil {
		return err
	}
	av.Resolved = r.URL.Query().Get("resolved") == "1"
	vs, err := s.svc.Reports(r.Context(), s.actor(rq), !av.Resolved, before, pageSize)
	if err != nil {
		return err
	}
	for _, v := range vs {
		av.Reports = append(av.Reports, s.adminReportItem(rq, v))
	}
	if len(vs) == pageSize {
		q := url.Values{}
		if av.Resolved {
			q.Set("resolved", "1")
		}
		av.Older = olderPage("/admin/reports", q, vs[len(vs)-1].ID)
	}
	s.render(w, rq, "admin", av)
	return nil
}

// adminResolve resolves a report (fields action, note).
func (s *Site) adminResolve(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.svc.ResolveReport(r.Context(), s.actor(rq), id, r.PostFormValue("action"), r.PostFormValue("note"))
	if err != nil {
		return s.adminError(r, rq, err, func(msg string) error { return s.renderReports(w, rq, msg) })
	}
	return seeOther(w, r, "/admin/reports?done=1")
}

// Pending registrations.

func (s *Site) adminPending(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderPending(w, rq, "")
}

func (s *Site) renderPending(w http.ResponseWriter, rq *request, errMsg string) error {
	r := rq.r
	av := s.adminView(rq, "pending")
	av.Error = errMsg
	before, err := beforeParam(r)
	if err != nil {
		return err
	}
	accs, err := s.svc.PendingAccounts(r.Context(), s.actor(rq), before, pageSize)
	if err != nil {
		return err
	}
	for _, a := range accs {
		av.Pending = append(av.Pending, s.adminUserItem(rq, a))
	}
	if len(accs) == pageSize {
		av.Older = olderPage("/admin/pending", url.Values{}, accs[len(accs)-1].User.ID)
	}
	s.render(w, rq, "admin", av)
	return nil
}

// adminPendingAction approves or rejects (field do) a pending account.
func (s *Site) adminPendingAction(w http.ResponseWriter, r *http.Request, rq *request) error {
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	name := strconv.FormatInt(uid, 10)
	switch r.PostFormValue("do") {
	case "approve":
		err = s.svc.ApproveUser(r.Context(), s.actor(rq), name)
	case "reject":
		err = s.svc.RejectUser(r.Context(), s.actor(rq), name, r.PostFormValue("note"))
	default:
		err = domain.BadParam("do", "approve or reject", r.PostFormValue("do"))
	}
	if err != nil {
		return s.adminError(r, rq, err, func(msg string) error { return s.renderPending(w, rq, msg) })
	}
	return seeOther(w, r, "/admin/pending?done=1")
}

// The audit log (admins only).

type auditItem struct {
	ID       int64
	When     string
	ISO      string
	Actor    string
	ActorURL string
	Action   string
	Target   string
	TargetID int64
	Note     string
	IP       string
}

func (s *Site) adminAudit(w http.ResponseWriter, r *http.Request, rq *request) error {
	av := s.adminView(rq, "audit")
	before, err := beforeParam(r)
	if err != nil {
		return err
	}
	es, err := s.svc.AuditLog(r.Context(), s.actor(rq), time.Time{}, before, pageSize)
	if err != nil {
		return err
	}
	for _, e := range es {
		it := &auditItem{ID: e.ID, When: e.At.In(s.opts.Location).Format("2006-01-02 15:04:05"),
			ISO: e.At.UTC().Format(time.RFC3339), Actor: rq.T("运营者（命令行）"), Action: e.Action,
			TargetID: e.TargetID, Note: e.Note, IP: e.IP}
		if e.ActorID != 0 {
			it.Actor, it.ActorURL = "#"+strconv.FormatInt(e.ActorID, 10), "/u/"+strconv.FormatInt(e.ActorID, 10)
		}
		if e.TargetUserID != 0 {
			it.Target = "/u/" + strconv.FormatInt(e.TargetUserID, 10)
		}
		av.Audit = append(av.Audit, it)
	}
	if len(es) == pageSize {
		av.Older = olderPage("/admin/audit", url.Values{}, es[len(es)-1].ID)
	}
	s.render(w, rq, "admin", av)
	return nil
}

// Content.

func (s *Site) adminDeleteStatus(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.adminDelete(w, r, rq, domain.ReportStatus)
}

func (s *Site) adminDeleteComment(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.adminDelete(w, r, rq, domain.ReportComment)
}

// adminDelete deletes a status or comment as a moderator (field note),
// then returns where the form was (next), unless that was the status's
// own page, now gone.
func (s *Site) adminDelete(w http.ResponseWriter, r *http.Request, rq *request, kind string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.ModerateDelete(r.Context(), s.actor(rq), kind, id, r.PostFormValue("note")); err != nil {
		return err
	}
	next := back(r, "/")
	if kind == domain.ReportStatus && strings.HasSuffix(strings.SplitN(next, "?", 2)[0], "/"+strings.TrimPrefix(StatusPath(0, id), "/0/")) {
		next = "/"
	}
	return seeOther(w, r, next)
}

func init() {
	for zh, en := range adminEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}

// adminEnglish is the English of reports and the admin pages (kept apart
// from i18n.go's table: merged into it at start).
var adminEnglish = map[string]string{
	"举报":   "Report",
	"用户":   "Account",
	"评论":   "Comment",
	"举报%s": "Report a %s",
	"举报理由": "Why are you reporting it?",
	"提交举报": "Send the report",
	"已收到你的举报，管理员会尽快处理，处理结果会通知你。": "Thank you: the moderators will look at your report and tell you the outcome.",
	"返回":           "Back",
	"管理":           "Admin",
	"概况":           "Overview",
	"用户管理":         "Users",
	"举报处理":         "Reports",
	"待审核注册":        "Pending sign-ups",
	"审计日志":         "Audit log",
	"已完成。":         "Done.",
	"用户数":          "Accounts",
	"待处理举报":        "Reports waiting",
	"后台队列":         "Background queue",
	"最近30天微博":      "Posts in the last 30 days",
	"每日微博数（最近30天）": "Posts per day (last 30 days)",
	"磁盘占用":         "Disk use",
	"按昵称开头查找":      "Find by the start of a screen name",
	"查找":           "Find",
	"普通用户":         "User",
	"版主":           "Moderator",
	"管理员":          "Admin",
	"正常":           "Active",
	"已限制":          "Silenced",
	"已封禁":          "Suspended",
	"已注销":          "Closed by its owner",
	"待审核":          "Pending",
	"注册于":          "Joined",
	"角色":           "Role",
	"设置角色":         "Set role",
	"备注（写入审计日志）":   "Note (kept in the audit log)",
	"封禁":           "Suspend",
	"限制":           "Silence",
	"恢复":           "Restore",
	"删除头像":         "Remove avatar",
	"删除简介":         "Remove profile text",
	"没有找到用户。":      "No accounts found.",
	"更多":           "More",
	"待处理":          "Waiting",
	"已处理":          "Resolved",
	"没有待处理的举报。":    "No reports waiting.",
	"没有已处理的举报。":    "No resolved reports.",
	"举报人":          "Reported by",
	"被举报":          "Reported",
	"内容已不存在。":      "The content is gone.",
	"理由":           "Reason",
	"处理方式":         "Action",
	"处理":           "Resolve",
	"处理结果":         "Outcome",
	"备注":           "Note",
	"驳回":           "Dismiss",
	"删除内容":         "Delete the content",
	"限制帐号":         "Silence the account",
	"封禁帐号":         "Suspend the account",
	"没有待审核的注册。":    "No sign-ups waiting.",
	"通过":           "Approve",
	"拒绝":           "Reject",
	"时间":           "Time",
	"操作者":          "Actor",
	"操作":           "Action",
	"对象":           "Target",
	"运营者（命令行）":     "The operator (command line)",
	"审计日志为空。":      "The audit log is empty.",
	"删除（管理）":       "Delete (moderator)",
	"查看原文":         "See it",
}
