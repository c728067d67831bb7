package web

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/text"
)

// timelineView is a page of statuses with the link to the older ones.
type timelineView struct {
	Items []*statusItem
	// Older is the address of the next, older page; "" on the last.
	Older string
}

// olderLink is the address of the page after items, if there may be one:
// a full page, or a short one that the viewer's visibility cut.
func olderLink(base string, count int, vs []*core.StatusView, hidden bool) string {
	if len(vs) == 0 || (len(vs) < count && !hidden) {
		return ""
	}
	q := url.Values{"max_id": {strconv.FormatInt(vs[len(vs)-1].Status.ID-1, 10)}}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + q.Encode()
}

// readPage reads the older-page bound (max_id) of a timeline page. A page
// holds as many statuses as the signed-in person chose (weibos per page,
// Xweibo's user_page_wb: saveShow feedtotal), else pageSize.
func (s *Site) readPage(rq *request) (domain.Page, error) {
	r := rq.r
	p := domain.Page{Count: pageSize, Page: 1}
	if rq.me != nil {
		prefs, err := s.svc.UserPrefs(r.Context(), rq.me.ID)
		if err != nil {
			return p, err
		}
		p.Count = prefs.PageStatuses
	}
	if v := r.URL.Query().Get("max_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return p, domain.BadParam("max_id", "a status id", v)
		}
		p.MaxID = id
	}
	return p, nil
}

// readCursor reads a list page's ?cursor (a position in a list of people).
func readCursor(r *http.Request) (domain.Cursor, error) {
	c := domain.Cursor{Count: pageSize}
	if v := r.URL.Query().Get("cursor"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, domain.BadParam("cursor", "a position", v)
		}
		c.Cursor = n
	}
	return c, nil
}

type homeView struct {
	Timeline timelineView
	Draft    string // the compose box's text after a refused post
	Error    string
	Max      int
	// Since is the newest status the first page shows (0 on older pages
	// and when it shows none): the live stream counts what comes after.
	Since int64
}

// home is the home timeline with the compose form, or, signed out, the
// welcome page.
func (s *Site) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.me == nil {
		s.render(w, rq, "welcome", &loginView{Next: "/", Deactivated: r.URL.Query().Get("deactivated") == "1",
			Deleted: r.URL.Query().Get("deleted") == "1"})
		return nil
	}
	return s.renderHome(w, rq, &homeView{})
}

func (s *Site) renderHome(w http.ResponseWriter, rq *request, hv *homeView) error {
	p, err := s.readPage(rq)
	if err != nil {
		return err
	}
	list, err := s.svc.HomeTimeline(rq.r.Context(), rq.viewer(s), p, domain.TimelineFilter{})
	if err != nil {
		return err
	}
	hv.Timeline = timelineView{Items: s.statusItems(list.Items, rq), Older: olderLink("/", p.Count, list.Items, list.Hidden)}
	if p.MaxID == 0 && len(list.Items) > 0 {
		hv.Since = list.Items[0].Status.ID
	}
	hv.Max = text.MaxStatusLen
	s.render(w, rq, "home", hv)
	return nil
}

// compose posts a status from the home page's form (field status).
func (s *Site) compose(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.me == nil {
		return domain.E(domain.KindUnauthenticated, domain.ReasonNone, "sign in first")
	}
	status := r.PostFormValue("status")
	v := rq.viewer(s)
	err := s.svc.CheckRate(r.Context(), v, core.RatePost)
	if err == nil {
		var pic []byte
		if pic, err = formPicture(r, s.svc.MediaLimits().MaxBytes); err == nil {
			in := core.PostStatusInput{Text: status, RIP: v.IP}
			if pic != nil {
				_, err = s.svc.PostPictureStatus(r.Context(), v, in, pic)
			} else {
				_, err = s.svc.PostStatus(r.Context(), v, in)
			}
		}
	}
	if err != nil {
		de := domain.AsError(err)
		if de.Kind == domain.KindInternal {
			return err
		}
		// The form comes back with the text, so nothing typed is lost.
		rq.status = statusOf(de)
		r.URL.RawQuery = ""
		return s.renderHome(w, rq, &homeView{Draft: status, Error: s.message(rq, de)})
	}
	return seeOther(w, r, "/")
}

// count answers the compose box's counter: the length of the text by the
// core's Weibo rule, so the page and the server always agree.
func (s *Site) count(w http.ResponseWriter, r *http.Request, rq *request) error {
	n := text.Count(r.PostFormValue("status"))
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(struct {
		Count int `json:"count"`
		Max   int `json:"max"`
	}{n, text.MaxStatusLen})
}

type loginView struct {
	UserID string
	Next   string
	Error  string
	// Deactivated says the account of this browser was just closed;
	// Deleted, just deleted.
	Deactivated, Deleted bool
}

func (s *Site) loginPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	s.render(w, rq, "login", &loginView{Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// login checks the form (userId, passwd: the consent page's names) through
// the core's one sign-in guard and starts a session.
func (s *Site) login(w http.ResponseWriter, r *http.Request, rq *request) error {
	lv := &loginView{UserID: r.PostFormValue("userId"), Next: safeNext(r.PostFormValue("next"))}
	u, err := s.svc.Authenticate(r.Context(), core.LoginAttempt{Login: lv.UserID, Password: r.PostFormValue("passwd"),
		IP: s.clientIP(r)})
	if err != nil {
		de := domain.AsError(err)
		switch de.Kind {
		case domain.KindUnauthenticated:
			lv.Error = rq.T("帐号或密码错误。")
			rq.status = http.StatusUnprocessableEntity
		case domain.KindRateLimited:
			lv.Error = rq.T("登录尝试过多，请稍后再试。")
			if de.RetryAfter > 0 {
				secs := int64((de.RetryAfter + time.Second - 1) / time.Second)
				lv.Error = strings.Replace(rq.T("登录尝试过多，请 %d 秒后再试。"), "%d", strconv.FormatInt(secs, 10), 1)
				w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
			}
			rq.status = http.StatusTooManyRequests
		default:
			return err
		}
		s.render(w, rq, "login", lv)
		return nil
	}
	if err := s.startSession(w, r, rq, u); err != nil {
		return err
	}
	return seeOther(w, r, lv.Next)
}

type signupView struct {
	ScreenName string
	Email      string
	Error      string
	// Mode is the registration mode (core.Registrations*): the form asks
	// for an invitation code under "invite" and is not shown under "closed".
	Mode   string
	Invite string
	// Pending: the account was made and waits for a moderator's approval.
	Pending bool
}

func (s *Site) signupPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	s.render(w, rq, "signup", &signupView{Mode: s.svc.Registrations(), Invite: r.URL.Query().Get("invite")})
	return nil
}

// signup creates the account (screen_name, password, optional email) and
// signs the person in.
func (s *Site) signup(w http.ResponseWriter, r *http.Request, rq *request) error {
	sv := &signupView{ScreenName: r.PostFormValue("screen_name"), Email: r.PostFormValue("email"),
		Mode: s.svc.Registrations(), Invite: r.PostFormValue("invite")}
	u, pending, err := s.svc.SignUp(r.Context(), core.CreateUserInput{ScreenName: sv.ScreenName,
		Password: r.PostFormValue("password"), Email: sv.Email, Invite: sv.Invite})
	if err != nil {
		de := domain.AsError(err)
		switch {
		case de.Kind == domain.KindForbidden:
			sv.Error = rq.T("本站暂不开放注册。")
			rq.status = http.StatusForbidden
			s.render(w, rq, "signup", sv)
			return nil
		case de.Kind == domain.KindInvalid && de.Param == "invite":
			sv.Error = rq.T("需要有效的邀请码。")
		case errors.Is(err, core.ErrNameHeld):
			sv.Error = rq.T("这个昵称属于一个已删除的帐号，暂时保留，不能使用。")
		case de.Kind == domain.KindConflict:
			sv.Error = rq.T("这个昵称或邮箱已被使用。")
		case de.Kind == domain.KindInvalid && de.Param == "screen_name":
			sv.Error = rq.T("昵称只能使用中英文、数字、下划线和减号，不能全是数字，最多30个字符。")
		case de.Kind == domain.KindInvalid && de.Param == "password":
			sv.Error = rq.T("密码需要6到256个字符。")
		case de.Kind == domain.KindInvalid && de.Param == "email":
			sv.Error = rq.T("邮箱地址不正确。")
		case de.Kind == domain.KindInvalid:
			sv.Error = s.message(rq, de)
		default:
			return err
		}
		rq.status = http.StatusUnprocessableEntity
		s.render(w, rq, "signup", sv)
		return nil
	}
	if pending {
		rq.status = http.StatusAccepted
		s.render(w, rq, "signup", &signupView{Mode: sv.Mode, Pending: true, ScreenName: u.ScreenName})
		return nil
	}
	if err := s.startSession(w, r, rq, u); err != nil {
		return err
	}
	return seeOther(w, r, "/")
}

// logout ends this browser's session.
func (s *Site) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.secret != "" {
		if err := s.svc.SignOut(r.Context(), rq.secret); err != nil {
			return err
		}
	}
	s.clearCookie(w, r, SessionCookie)
	return seeOther(w, r, "/")
}

type statusView struct {
	Status   *statusItem
	Comments []*commentItem
	// OlderComments is the address of the next, older page of comments.
	OlderComments string
	// CommentsPaged: this page shows older comments, not the newest.
	CommentsPaged bool
	Reposts       []*statusItem
}

type commentItem struct {
	ID int64
	// StatusID, when set, offers a reply form (the status page).
	StatusID int64
	Author   *userItem
	On       *statusItem // the status commented on
	Text     template.HTML
	When     string
	ISO      string
}

// statusPage is one status, /{uid}/{base62 mid}: where statuses/go sends
// people, with its comments and reposts.
func (s *Site) statusPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	notFound := domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "no such status")
	uid, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	if err != nil || uid <= 0 {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "no such page")
	}
	id, err := ids.DecodeMid(r.PathValue("mid"))
	if err != nil || id <= 0 {
		return notFound
	}
	ctx := r.Context()
	v, err := s.svc.ShowStatus(ctx, rq.meID(), id)
	if err != nil {
		return err
	}
	if v.Status.UserID != uid {
		return notFound
	}
	sv := &statusView{Status: s.statusItem(v, rq)}
	// Comments come newest first, a page at a time: cmax is the older
	// pages' bound, as max_id is the timelines'.
	cp := domain.Page{Count: pageSize, Page: 1}
	if c := r.URL.Query().Get("cmax"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			return domain.BadParam("cmax", "a comment id", c)
		}
		cp.MaxID = n
	}
	cl, err := s.svc.CommentsOnStatus(ctx, rq.meID(), id, domain.CommentQuery{Page: cp, Viewer: rq.meID()})
	if err != nil {
		return err
	}
	sv.Comments = s.commentItems(cl.Items, rq)
	for _, c := range sv.Comments {
		c.On = nil // this page is the status
		c.StatusID = id
	}
	if n := len(cl.Items); n > 0 && (n == pageSize || cl.Hidden) {
		sv.OlderComments = r.URL.Path + "?" + url.Values{"cmax": {strconv.FormatInt(cl.Items[n-1].Comment.ID-1, 10)}}.Encode() + "#comments"
	}
	sv.CommentsPaged = cp.MaxID != 0
	rl, err := s.svc.RepostTimeline(ctx, rq.meID(), id, domain.Page{Count: pageSize, Page: 1}, domain.TimelineFilter{})
	if err != nil {
		return err
	}
	sv.Reposts = s.statusItems(rl.Items, rq)
	s.render(w, rq, "status", sv)
	return nil
}

func (s *Site) commentItem(c *core.CommentView, rq *request) *commentItem {
	it := &commentItem{ID: c.Comment.ID, Text: renderText(c.Comment.Text), When: s.when(rq, c.Comment.CreatedAt),
		ISO: c.Comment.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")}
	if c.User != nil {
		it.Author = s.userItem(c.User, rq)
	}
	if c.Status != nil && c.Status.User != nil {
		it.On = &statusItem{ID: c.Status.Status.ID, URL: StatusPath(c.Status.Status.UserID, c.Status.Status.ID)}
	}
	return it
}

type profileView struct {
	User     *userItem
	Timeline timelineView
}

// profilePage is a person's page, /u/{uid}: who they are and their posts.
func (s *Site) profilePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	uid, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	if err != nil || uid <= 0 {
		return domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "no such user")
	}
	uv, err := s.svc.ShowUser(r.Context(), rq.meID(), core.UserRef{ID: uid})
	if err != nil {
		return err
	}
	return s.renderProfile(w, rq, uv)
}

// domainPage is a person's page at their personal domain (/{domain}).
func (s *Site) domainPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	uv, err := s.svc.UserByDomain(r.Context(), rq.meID(), r.PathValue("domain"))
	if err != nil {
		if domain.IsKind(err, domain.KindInvalid) {
			return domain.E(domain.KindNotFound, domain.ReasonNone, "no such page")
		}
		return err
	}
	return s.renderProfile(w, rq, uv)
}

func (s *Site) renderProfile(w http.ResponseWriter, rq *request, uv *core.UserView) error {
	p, err := s.readPage(rq)
	if err != nil {
		return err
	}
	list, err := s.svc.UserTimeline(rq.r.Context(), rq.meID(), uv.User.ID, p, domain.TimelineFilter{})
	if err != nil {
		return err
	}
	pv := &profileView{User: s.userItem(uv, rq),
		Timeline: timelineView{Items: s.statusItems(list.Items, rq), Older: olderLink(rq.r.URL.Path, p.Count, list.Items, list.Hidden)}}
	s.render(w, rq, "profile", pv)
	return nil
}

// mentionPage is where an @name links: the person's page, found by name.
func (s *Site) mentionPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.svc.ResolveUser(r.Context(), core.UserRef{ScreenName: r.PathValue("name")})
	if err != nil {
		if domain.IsKind(err, domain.KindInvalid) {
			return domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "no such user")
		}
		return err
	}
	http.Redirect(w, r, profilePath(u), http.StatusFound)
	return nil
}

// formPicture reads the compose form's picture (field pic), nil when none
// was chosen. The core checks what it is; here only its size is bounded.
func formPicture(r *http.Request, maxBytes int64) ([]byte, error) {
	f, h, err := r.FormFile("pic")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, domain.E(domain.KindInvalid, domain.ReasonImageMissing, "unreadable picture")
	}
	defer f.Close()
	if h.Size == 0 {
		return nil, nil // a form sent with no file chosen
	}
	if maxBytes > 0 && h.Size > maxBytes {
		return nil, domain.E(domain.KindTooLarge, domain.ReasonImageTooLarge, "picture too large")
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, domain.E(domain.KindInvalid, domain.ReasonImageMissing, "unreadable picture")
	}
	return b, nil
}

type usersView struct {
	User    *userItem
	Heading string
	Users   []*userItem
	More    string // the next page's address
}

// followingPage and followersPage list whom a person follows and who
// follows them, 20 to a page, with follow buttons.
func (s *Site) followingPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.usersPage(w, r, rq, false)
}

func (s *Site) followersPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.usersPage(w, r, rq, true)
}

func (s *Site) usersPage(w http.ResponseWriter, r *http.Request, rq *request, followers bool) error {
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	c, err := readCursor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	uv, err := s.svc.ShowUser(ctx, rq.meID(), core.UserRef{ID: uid})
	if err != nil {
		return err
	}
	var list *core.UserList
	heading := rq.T("关注")
	if followers {
		heading = rq.T("粉丝")
		list, err = s.svc.Followers(ctx, rq.meID(), uid, c, false)
	} else {
		list, err = s.svc.Friends(ctx, rq.meID(), uid, c, false)
	}
	if err != nil {
		return err
	}
	uvw := &usersView{User: s.userItem(uv, rq), Heading: heading}
	for _, u := range list.Users {
		uvw.Users = append(uvw.Users, s.userItem(u, rq))
	}
	if list.NextCursor > 0 {
		uvw.More = r.URL.Path + "?cursor=" + strconv.Itoa(list.NextCursor)
	}
	s.render(w, rq, "users", uvw)
	return nil
}
