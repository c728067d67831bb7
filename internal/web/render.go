package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
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

// view is what every page's template gets: the frame (who is signed in,
// the language, the form token) and the page's own data in P.
type view struct {
	rq      *request
	Title   string
	Me      *userItem
	CSRF    string
	Query   string // the search box's text
	Version string
	Unread  *unread
	// Mod: the person moderates (the admin link, moderators' buttons).
	Mod bool
	P   any
}

// T translates the page's Chinese text when the page is in English.
func (v *view) T(zh string) string { return v.rq.T(zh) }

// Tf is T with fmt.Sprintf arguments.
func (v *view) Tf(zh string, args ...any) string { return fmt.Sprintf(v.rq.T(zh), args...) }

// Lang is the page's language tag.
func (v *view) Lang() string {
	if v.rq.lang == "en" {
		return "en"
	}
	return "zh-CN"
}

// English reports whether the page is in English.
func (v *view) English() bool { return v.rq.lang == "en" }

// Here is the page's own address, for links that come back to it.
func (v *view) Here() string { return v.rq.r.URL.RequestURI() }

// LangSwitch is the address that shows this page in the other language.
func (v *view) LangSwitch() string {
	to := "en"
	if v.rq.lang == "en" {
		to = "zh"
	}
	return "/lang?" + url.Values{"to": {to}, "next": {v.rq.r.URL.RequestURI()}}.Encode()
}

// T translates zh into the request's language.
func (rq *request) T(zh string) string {
	if rq.lang == "en" {
		if en, ok := english[zh]; ok {
			return en
		}
	}
	return zh
}

// language is the visitor's choice (the switch's cookie), else the first
// of Chinese and English their browser prefers, else Chinese.
func (s *Site) language(r *http.Request) string {
	if ck, err := r.Cookie(langCookie); err == nil && (ck.Value == "en" || ck.Value == "zh") {
		return ck.Value
	}
	best, bestQ := "zh", -1.0
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		tag = strings.ToLower(tag)
		var l string
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			l = "zh"
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			l = "en"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// setLang is the language switch: it remembers the choice for a year.
func (s *Site) setLang(w http.ResponseWriter, r *http.Request, rq *request) error {
	to := r.URL.Query().Get("to")
	if to != "en" {
		to = "zh"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: to, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	return seeOther(w, r, safeNext(r.URL.Query().Get("next")))
}

// pageNames are the templates under templates/, each rendered inside layout.html.
var pageNames = []string{"error", "welcome", "home", "login", "signup", "status", "profile", "inbox", "search", "users", "settings", "messages", "groups", "group", "trends", "report", "admin", "notifications"}

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(template.FuncMap{"item": item}).ParseFS(files, "templates/layout.html", "templates/parts.html"))
	out := make(map[string]*template.Template, len(pageNames))
	for _, n := range pageNames {
		out[n] = template.Must(template.Must(base.Clone()).ParseFS(files, "templates/"+n+".html"))
	}
	return out
}

// render executes a page into a buffer first, so a template error is a 500
// page rather than half a page.
func (s *Site) render(w http.ResponseWriter, rq *request, name string, p any) {
	v := &view{rq: rq, CSRF: rq.csrf, Version: s.version, P: p}
	if rq.me != nil {
		v.Me = s.userItem(&core.UserView{User: rq.me}, rq)
		v.Unread = s.unreadOf(rq)
		v.Mod = domain.Moderates(rq.me.Role)
	}
	if name == "error" {
		v.Title = rq.T("出错了")
	}
	if rq.r.URL.Path == "/search" {
		v.Query = rq.r.URL.Query().Get("q")
	}
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, v); err != nil {
		s.log.ErrorContext(rq.r.Context(), "render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	status := rq.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// staticHandler serves the embedded files. Their URLs carry the content's
// version, so browsers may keep them long.
func (s *Site) staticHandler() http.Handler {
	fsrv := http.FileServerFS(s.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Query().Get("v") == s.version {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r) // no directory listings
			return
		}
		fsrv.ServeHTTP(w, r)
	})
}

func staticVersion(fsys fs.FS) string {
	h := sha256.New()
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// userItem is a person as pages show them.
type userItem struct {
	ID          int64
	ScreenName  string
	URL         string // their profile page
	Avatar      string // 50 px
	AvatarLarge string // 180 px
	Description string
	Location    string
	Gender      string
	Statuses    int
	Friends     int
	Followers   int
	Following   bool // the viewer follows them
	FollowsMe   bool
	Self        bool // the viewer
}

func profilePath(u *domain.User) string {
	if u.Domain != "" {
		return "/" + url.PathEscape(u.Domain)
	}
	return "/u/" + strconv.FormatInt(u.ID, 10)
}

func (s *Site) userItem(v *core.UserView, rq *request) *userItem {
	u := v.User
	return &userItem{
		ID: u.ID, ScreenName: u.ScreenName, URL: profilePath(u),
		Avatar: s.svc.AvatarURL(u.Avatar, "50"), AvatarLarge: s.svc.AvatarURL(u.Avatar, "180"),
		Description: u.Description, Location: u.Location, Gender: u.Gender,
		Statuses: u.StatusesCount, Friends: u.FriendsCount, Followers: u.FollowersCount,
		Following: v.Rel.Following, FollowsMe: v.Rel.FollowedBy, Self: rq.meID() == u.ID,
	}
}

// statusItem is a status as pages show it.
type statusItem struct {
	ID        int64
	URL       string // its page: /{uid}/{mid}
	Author    *userItem
	Text      template.HTML
	When      string // the Weibo way: 刚刚, 5分钟前, 今天 14:03
	ISO       string // machine-readable, for <time datetime>
	Reposts   int
	Comments  int
	Likes     int
	Pics      []picItem
	Retweeted *statusItem
	Deleted   bool // a repost's original that is gone
	Mine      bool
	Favorited bool
}

type picItem struct {
	Thumb, Middle, Large string
	Alt                  string
}

// itemArg carries a part's data and the page's view (for its language)
// into a shared template: {{template "status" (item $ .)}}.
type itemArg struct {
	V *view
	X any
}

func item(v *view, x any) itemArg { return itemArg{V: v, X: x} }

// StatusPath is the address of a status's page, where statuses/go sends people.
func StatusPath(uid, id int64) string {
	return "/" + strconv.FormatInt(uid, 10) + "/" + ids.EncodeMid(id)
}

func (s *Site) statusItem(v *core.StatusView, rq *request) *statusItem {
	st := v.Status
	it := &statusItem{ID: st.ID, When: s.when(rq, st.CreatedAt), ISO: st.CreatedAt.UTC().Format(time.RFC3339),
		Reposts: st.RepostsCount, Comments: st.CommentsCount, Likes: st.AttitudesCount,
		Favorited: v.Favorited, Deleted: st.Deleted}
	if v.User != nil {
		it.Author = s.userItem(v.User, rq)
		it.URL = StatusPath(st.UserID, st.ID)
		it.Mine = rq.meID() == st.UserID
	}
	if st.Deleted {
		it.Text = template.HTML(template.HTMLEscapeString(rq.T(core.DeletedStatusText)))
	} else {
		it.Text = renderText(st.Text)
	}
	for _, p := range st.PicIDs {
		it.Pics = append(it.Pics, picItem{Thumb: s.svc.PictureURL(p, "thumbnail"), Middle: s.svc.PictureURL(p, "bmiddle"),
			Large: s.svc.PictureURL(p, "large"), Alt: rq.T("图片")})
	}
	if v.Retweeted != nil {
		it.Retweeted = s.statusItem(v.Retweeted, rq)
	}
	return it
}

func (s *Site) statusItems(vs []*core.StatusView, rq *request) []*statusItem {
	out := make([]*statusItem, len(vs))
	for i, v := range vs {
		out[i] = s.statusItem(v, rq)
	}
	return out
}

// renderText turns a status or comment text into HTML: every piece of the
// text escaped, @names, #topics# and links made into links. The addresses
// are built here from escaped parts, never taken from the text as markup;
// a link's address is an http(s) URL by construction (text.Spans).
func renderText(s string) template.HTML {
	var b strings.Builder
	for _, sp := range text.Spans(s) {
		switch sp.Kind {
		case text.SpanMention:
			b.WriteString(`<a class="at" href="/n/`)
			b.WriteString(template.HTMLEscapeString(url.PathEscape(sp.Value)))
			b.WriteString(`">`)
			b.WriteString(template.HTMLEscapeString(sp.Text))
			b.WriteString(`</a>`)
		case text.SpanTopic:
			b.WriteString(`<a class="topic" href="/search?`)
			b.WriteString(template.HTMLEscapeString(url.Values{"q": {"#" + sp.Value + "#"}}.Encode()))
			b.WriteString(`">`)
			b.WriteString(template.HTMLEscapeString(sp.Text))
			b.WriteString(`</a>`)
		case text.SpanURL:
			b.WriteString(`<a class="link" rel="nofollow noopener noreferrer ugc" target="_blank" href="`)
			b.WriteString(template.HTMLEscapeString(sp.Value))
			b.WriteString(`">`)
			b.WriteString(template.HTMLEscapeString(sp.Text))
			b.WriteString(`</a>`)
		default:
			b.WriteString(template.HTMLEscapeString(sp.Text))
		}
	}
	return template.HTML(b.String()) //nolint:gosec // built from escaped pieces above
}

// when formats t the Weibo way: 刚刚 (under a minute), N分钟前 (under an
// hour), 今天 HH:mm, M月D日 HH:mm this year, else YYYY-MM-DD HH:mm.
func (s *Site) when(rq *request, t time.Time) string {
	now := s.svc.Now().In(s.opts.Location)
	t = t.In(s.opts.Location)
	d := now.Sub(t)
	en := rq.lang == "en"
	switch {
	case d < time.Minute:
		if en {
			return "just now"
		}
		return "刚刚"
	case d < time.Hour:
		if en {
			return fmt.Sprintf("%d min ago", int(d/time.Minute))
		}
		return fmt.Sprintf("%d分钟前", int(d/time.Minute))
	}
	y, m, dd := now.Date()
	ty, tm, td := t.Date()
	switch {
	case y == ty && m == tm && dd == td:
		if en {
			return "today " + t.Format("15:04")
		}
		return "今天 " + t.Format("15:04")
	case y == ty:
		if en {
			return t.Format("Jan 2 15:04")
		}
		return fmt.Sprintf("%d月%d日 %s", int(tm), td, t.Format("15:04"))
	}
	return t.Format("2006-01-02 15:04")
}
