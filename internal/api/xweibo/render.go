package xweibo

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
	"github.com/weibo-server/weibo/internal/text"
)

// timeLayout is Sina v1's created_at, which cr carries (spec §6.1).
const timeLayout = "Mon Jan 02 15:04:05 -0700 2006"

// Weibo is the compact status (spec §6.1): update's and repost's data,
// reply's wb. Picture URLs are null without a picture, as in the seed.
type Weibo struct {
	ID string  `json:"id"`
	Cr string  `json:"cr"`
	F  int     `json:"f"`
	S  string  `json:"s"`
	Tx string  `json:"tx"`
	Tp *string `json:"tp"`
	Mp *string `json:"mp"`
	Op *string `json:"op"`
	U  *Author `json:"u"`
	Rt *Weibo  `json:"rt,omitempty"`
}

// Author is a compact status's u (spec §6.1): the 50 px avatar; v and
// sina_v are both the account's verification, there being one site.
type Author struct {
	ID    string `json:"id"`
	Sn    string `json:"sn"`
	P     string `json:"p"`
	V     int    `json:"v"`
	SinaV int    `json:"sina_v"`
}

// Comment is the comment object of comment and reply (spec §6.2).
type Comment struct {
	ID         string `json:"id"`
	CreateAt   string `json:"create_at"`
	Text       string `json:"text"`
	Nick       string `json:"nick"`
	UID        string `json:"uid"`
	ProfileImg string `json:"profileImg"`
	SinaV      int    `json:"sina_v"`
}

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

func idstr(id int64) string { return strconv.FormatInt(id, 10) }

func (a *API) cr(t time.Time) string { return t.In(a.opts.Location).Format(timeLayout) }

// source is the s of a status: a link naming the app that posted it.
func (a *API) source(app *domain.App) string {
	name, href := a.svc.Options().SourceName, a.opts.BaseURL
	if app != nil {
		name = app.Name
		if app.URL != "" {
			href = app.URL
		}
	}
	if href == "" {
		href = "/"
	}
	return `<a href="` + html.EscapeString(href) + `" rel="nofollow">` + html.EscapeString(name) + `</a>`
}

func (a *API) author(u *domain.User) *Author {
	return &Author{ID: idstr(u.ID), Sn: u.ScreenName, P: a.svc.AvatarURL(u.Avatar, media.Avatar50),
		V: b01(u.Verified), SinaV: b01(u.Verified)}
}

// weibo renders a status (and the status it reposts, without its own rt).
func (a *API) weibo(v *core.StatusView) *Weibo {
	st := v.Status
	w := &Weibo{ID: idstr(st.ID), Cr: a.cr(st.CreatedAt), F: b01(v.Favorited), S: a.source(v.App), Tx: st.Text}
	if st.Deleted {
		w.Tx = ""
	}
	if len(st.PicIDs) > 0 {
		tp, mp, op := a.svc.PictureURL(st.PicIDs[0], media.Thumbnail), a.svc.PictureURL(st.PicIDs[0], media.Bmiddle),
			a.svc.PictureURL(st.PicIDs[0], media.Large)
		w.Tp, w.Mp, w.Op = &tp, &mp, &op
	}
	if v.User != nil && v.User.User != nil {
		w.U = a.author(v.User.User)
	}
	if v.Retweeted != nil {
		w.Rt = a.weibo(v.Retweeted)
		w.Rt.Rt = nil
	}
	return w
}

// comment renders a comment; big asks for the 50 px avatar (type=2), else
// the 30 px one.
func (a *API) comment(v *core.CommentView, big bool) *Comment {
	cm := v.Comment
	c := &Comment{ID: idstr(cm.ID), CreateAt: a.when(cm.CreatedAt), Text: a.display(cm.Text)}
	if v.User != nil && v.User.User != nil {
		u := v.User.User
		size := media.Avatar30
		if big {
			size = media.Avatar50
		}
		c.Nick, c.UID, c.ProfileImg, c.SinaV = u.ScreenName, idstr(u.ID), a.svc.AvatarURL(u.Avatar, size), b01(u.Verified)
	}
	return c
}

// when is the relative time of a comment, as Xweibo shows it ("1分钟前"):
// N秒前 under a minute, N分钟前 under an hour, 今天 HH:MM the same day,
// M月D日 HH:MM the same year, else YYYY-MM-DD HH:MM.
func (a *API) when(t time.Time) string {
	now := a.svc.Now().In(a.opts.Location)
	t = t.In(a.opts.Location)
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return strconv.Itoa(max(int(d/time.Second), 1)) + "秒前"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "分钟前"
	case now.Year() == t.Year() && now.YearDay() == t.YearDay():
		return "今天 " + t.Format("15:04")
	case now.Year() == t.Year():
		return t.Format("1月2日 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// display renders a comment's text as Xweibo does (spec §6.2): escaped,
// with @names, #topics# and links made into links to this site.
func (a *API) display(s string) string {
	base := strings.TrimSuffix(a.opts.BaseURL, "/")
	var b strings.Builder
	for _, sp := range text.Spans(s) {
		switch sp.Kind {
		case text.SpanMention:
			b.WriteString(`<a href="` + html.EscapeString(base+"/n/"+url.PathEscape(sp.Value)) + `">`)
			b.WriteString(html.EscapeString(sp.Text) + `</a>`)
		case text.SpanTopic:
			b.WriteString(`<a href="` + html.EscapeString(base+"/search?"+url.Values{"q": {"#" + sp.Value + "#"}}.Encode()) + `">`)
			b.WriteString(html.EscapeString(sp.Text) + `</a>`)
		case text.SpanURL:
			b.WriteString(`<a href="` + html.EscapeString(sp.Value) + `" target="_blank" rel="nofollow">`)
			b.WriteString(html.EscapeString(sp.Text) + `</a>`)
		default:
			b.WriteString(html.EscapeString(sp.Text))
		}
	}
	return b.String()
}
