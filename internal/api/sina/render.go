package sina

import (
	"encoding/json"
	"html"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// timeLayout is Sina's created_at format (README §8).
const timeLayout = "Mon Jan 02 15:04:05 -0700 2006"

func (a *API) fmtTime(t time.Time) string { return t.In(a.opts.Location).Format(timeLayout) }

// Status is the Sina status object (objects.md §1).
type Status struct {
	CreatedAt           string          `json:"created_at"`
	ID                  int64           `json:"id"`
	Mid                 string          `json:"mid"`
	IDStr               string          `json:"idstr"`
	Text                string          `json:"text"`
	Source              string          `json:"source"`
	Favorited           bool            `json:"favorited"`
	Truncated           bool            `json:"truncated"`
	InReplyToStatusID   string          `json:"in_reply_to_status_id"`
	InReplyToUserID     string          `json:"in_reply_to_user_id"`
	InReplyToScreenName string          `json:"in_reply_to_screen_name"`
	ThumbnailPic        string          `json:"thumbnail_pic,omitempty"`
	BmiddlePic          string          `json:"bmiddle_pic,omitempty"`
	OriginalPic         string          `json:"original_pic,omitempty"`
	PicURLs             []PicURL        `json:"pic_urls"`
	PicIDs              []string        `json:"pic_ids"`
	Geo                 *Geo            `json:"geo"`
	User                any             `json:"user,omitempty"`
	UID                 int64           `json:"uid,omitempty"`
	RetweetedStatus     *Status         `json:"retweeted_status,omitempty"`
	RepostsCount        int             `json:"reposts_count"`
	CommentsCount       int             `json:"comments_count"`
	AttitudesCount      int             `json:"attitudes_count"`
	Mlevel              int             `json:"mlevel"`
	Visible             Visible         `json:"visible"`
	Annotations         json.RawMessage `json:"annotations,omitempty"`
	Deleted             string          `json:"deleted,omitempty"`
}

// PicURL is one entry of pic_urls.
type PicURL struct {
	ThumbnailPic string `json:"thumbnail_pic"`
}

// Geo is the GeoJSON-like point statuses carry (objects.md §4 b).
type Geo struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // latitude first, as Sina does
}

// Visible is objects.md §5.
type Visible struct {
	Type   int   `json:"type"`
	ListID int64 `json:"list_id"`
}

// TrimmedUser is what trim_user=1 leaves of the author (objects.md §13).
type TrimmedUser struct {
	ID    int64  `json:"id"`
	IDStr string `json:"idstr"`
}

// User is the Sina user object (objects.md §2).
type User struct {
	ID               int64   `json:"id"`
	IDStr            string  `json:"idstr"`
	ScreenName       string  `json:"screen_name"`
	Name             string  `json:"name"`
	Province         string  `json:"province"`
	City             string  `json:"city"`
	Location         string  `json:"location"`
	Description      string  `json:"description"`
	URL              string  `json:"url"`
	ProfileImageURL  string  `json:"profile_image_url"`
	ProfileURL       string  `json:"profile_url"`
	Domain           string  `json:"domain"`
	Weihao           string  `json:"weihao"`
	Gender           string  `json:"gender"`
	FollowersCount   int     `json:"followers_count"`
	FriendsCount     int     `json:"friends_count"`
	StatusesCount    int     `json:"statuses_count"`
	FavouritesCount  int     `json:"favourites_count"`
	CreatedAt        string  `json:"created_at"`
	Following        bool    `json:"following"`
	AllowAllActMsg   bool    `json:"allow_all_act_msg"`
	GeoEnabled       bool    `json:"geo_enabled"`
	Verified         bool    `json:"verified"`
	VerifiedType     int     `json:"verified_type"`
	Remark           string  `json:"remark"`
	Status           *Status `json:"status,omitempty"`
	StatusID         int64   `json:"status_id,omitempty"`
	AllowAllComment  bool    `json:"allow_all_comment"`
	AvatarLarge      string  `json:"avatar_large"`
	AvatarHD         string  `json:"avatar_hd"`
	VerifiedReason   string  `json:"verified_reason"`
	FollowMe         bool    `json:"follow_me"`
	OnlineStatus     int     `json:"online_status"`
	BiFollowersCount int     `json:"bi_followers_count"`
	Lang             string  `json:"lang"`
}

// Comment is the Sina comment object (objects.md §3).
type Comment struct {
	CreatedAt string `json:"created_at"`
	ID        int64  `json:"id"`
	IDStr     string `json:"idstr"`
	Mid       string `json:"mid"`
	Text      string `json:"text"`
	Source    string `json:"source"`
	// User is *User, or TrimmedUser under trim_user=1.
	User         any      `json:"user,omitempty"`
	UID          int64    `json:"uid,omitempty"` // with a TrimmedUser, as on statuses
	Status       *Status  `json:"status,omitempty"`
	ReplyComment *Comment `json:"reply_comment,omitempty"`
}

// renderOpts are the per-request switches that shape objects.
type renderOpts struct {
	trimUser   bool
	trimStatus bool // user objects: status_id instead of status
}

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

func (a *API) status(v *core.StatusView, o renderOpts) *Status { return a.renderStatus(v, o, nil) }

// pageMemo shares, within one page, what its statuses repeat: the user
// object of an author with several statuses on the page, and the source
// link of each app. Rendered objects are never changed once built, so a
// shared one encodes exactly as copies would; a page of 20 statuses by a
// handful of authors builds a handful of user objects instead of 20-25.
type pageMemo struct {
	users   []memoUser
	sources []memoSource
}

type memoUser struct {
	u   *domain.User
	rel domain.Relationship
	out *User
}

type memoSource struct {
	app *domain.App
	src string
}

// pageMemoMax bounds the linear searches (a page has at most ~2×200 authors
// and originals' authors; past the bound, objects are simply not shared).
const pageMemoMax = 64

func (a *API) memoSource(app *domain.App, m *pageMemo) string {
	if m == nil {
		return a.source(app)
	}
	for _, e := range m.sources {
		if e.app == app {
			return e.src
		}
	}
	src := a.source(app)
	if len(m.sources) < pageMemoMax {
		m.sources = append(m.sources, memoSource{app, src})
	}
	return src
}

// statusUser renders a status's author (trimStatus: the author's latest
// status is never embedded in a status's user).
func (a *API) statusUser(v *core.UserView, m *pageMemo) *User {
	if m == nil || v.Latest != nil {
		return a.user(v, renderOpts{trimStatus: true})
	}
	for _, e := range m.users {
		if e.u == v.User && e.rel == v.Rel {
			return e.out
		}
	}
	out := a.user(v, renderOpts{trimStatus: true})
	if len(m.users) < pageMemoMax {
		m.users = append(m.users, memoUser{v.User, v.Rel, out})
	}
	return out
}

func (a *API) renderStatus(v *core.StatusView, o renderOpts, m *pageMemo) *Status {
	st := v.Status
	id := strconv.FormatInt(st.ID, 10)
	out := &Status{
		ID: st.ID, IDStr: id, Mid: id, Text: st.Text, Favorited: v.Favorited,
		PicURLs: []PicURL{}, PicIDs: []string{}, RepostsCount: st.RepostsCount, CommentsCount: st.CommentsCount,
		AttitudesCount: st.AttitudesCount, Visible: Visible{Type: st.Visible.Type, ListID: st.Visible.ListID},
	}
	if st.Deleted {
		// A deleted status embedded elsewhere keeps only its identity.
		out.Deleted = "1"
		out.Text = core.DeletedStatusText
		if !st.CreatedAt.IsZero() {
			out.CreatedAt = a.fmtTime(st.CreatedAt)
		}
		return out
	}
	out.CreatedAt = a.fmtTime(st.CreatedAt)
	out.Source = a.memoSource(v.App, m)
	a.renderPictures(out, st.PicIDs)
	if st.Geo != nil {
		out.Geo = &Geo{Type: "Point", Coordinates: [2]float64{st.Geo.Lat, st.Geo.Long}}
	}
	if st.Annotations != "" {
		out.Annotations = json.RawMessage(st.Annotations)
	}
	if v.User != nil {
		if o.trimUser {
			out.User = TrimmedUser{ID: st.UserID, IDStr: strconv.FormatInt(st.UserID, 10)}
			out.UID = st.UserID
		} else {
			out.User = a.statusUser(v.User, m)
		}
	}
	if v.Retweeted != nil {
		out.RetweetedStatus = a.renderStatus(v.Retweeted, o, m)
	}
	return out
}

func (a *API) statuses(vs []*core.StatusView, o renderOpts) []*Status {
	out := make([]*Status, len(vs))
	var m pageMemo
	for i, v := range vs {
		out[i] = a.renderStatus(v, o, &m)
	}
	return out
}

func (a *API) user(v *core.UserView, o renderOpts) *User {
	u := v.User
	id := strconv.FormatInt(u.ID, 10)
	dom := u.Domain
	profile := "u/" + id
	if dom != "" {
		profile = dom
	}
	out := &User{
		ID: u.ID, IDStr: id, ScreenName: u.ScreenName, Name: u.ScreenName,
		Province: strconv.Itoa(u.Province), City: strconv.Itoa(u.City), Location: u.Location,
		Description: u.Description, URL: u.URL, ProfileURL: profile,
		Domain: dom, Gender: u.Gender, FollowersCount: u.FollowersCount, FriendsCount: u.FriendsCount,
		StatusesCount: u.StatusesCount, FavouritesCount: u.FavouritesCount, CreatedAt: a.fmtTime(u.CreatedAt),
		Following: v.Rel.Following, FollowMe: v.Rel.FollowedBy, Remark: v.Rel.Remark,
		AllowAllActMsg:  u.Privacy.Message == domain.PrivacyEveryone,
		AllowAllComment: u.Privacy.Comment == domain.PrivacyEveryone,
		GeoEnabled:      u.Privacy.Geo, Verified: u.Verified, VerifiedType: u.VerifiedType, VerifiedReason: u.VerifiedReason,
		BiFollowersCount: u.BiFollowersCount, Lang: u.Lang,
	}
	a.renderAvatar(out, u.Avatar)
	if out.Gender == "" {
		out.Gender = "n"
	}
	if out.Lang == "" {
		out.Lang = "zh-cn"
	}
	if v.Latest != nil {
		if o.trimStatus {
			out.StatusID = v.Latest.ID
		} else {
			// The embedded status carries no user of its own.
			out.Status = a.status(&core.StatusView{Status: v.Latest}, renderOpts{})
		}
	}
	return out
}

func (a *API) users(vs []*core.UserView, o renderOpts) []*User {
	out := make([]*User, len(vs))
	for i, v := range vs {
		out[i] = a.user(v, o)
	}
	return out
}

func (a *API) comment(v *core.CommentView, o renderOpts) *Comment {
	c := v.Comment
	id := strconv.FormatInt(c.ID, 10)
	out := &Comment{CreatedAt: a.fmtTime(c.CreatedAt), ID: c.ID, IDStr: id, Mid: id, Text: c.Text, Source: a.source(nil)}
	switch {
	case v.User == nil:
	case o.trimUser:
		// trim_user reduces every user object of the list, the comment's
		// own writer included (objects.md §13), as it does a status's.
		out.User = TrimmedUser{ID: c.UserID, IDStr: strconv.FormatInt(c.UserID, 10)}
		out.UID = c.UserID
	default:
		out.User = a.user(v.User, renderOpts{trimStatus: true})
	}
	if v.Status != nil {
		out.Status = a.status(v.Status, o)
		out.Source = out.Status.Source
		if out.Status.Deleted == "" && v.Status.App != nil && v.Status.App.ID != c.AppID {
			out.Source = a.source(nil)
		}
	}
	if v.Reply != nil {
		out.ReplyComment = a.comment(v.Reply, o)
	}
	return out
}

func (a *API) comments(vs []*core.CommentView, o renderOpts) []*Comment {
	out := make([]*Comment, len(vs))
	for i, v := range vs {
		out[i] = a.comment(v, o)
	}
	return out
}

// Timeline is the T envelope (statuses.md).
type Timeline struct {
	Statuses       []*Status `json:"statuses"`
	Advertises     []any     `json:"advertises"`
	Ad             []any     `json:"ad"`
	HasVisible     bool      `json:"hasvisible"`
	PreviousCursor int64     `json:"previous_cursor"`
	NextCursor     int64     `json:"next_cursor"`
	TotalNumber    int       `json:"total_number"`
	Interval       int       `json:"interval"`
}

// timeline renders the T envelope as objects: the reference encoding that
// timelineJSON, which handlers use, reproduces byte for byte.
func (a *API) timeline(l *core.StatusList, o renderOpts) *Timeline {
	return a.timelineEnvelope(l, a.statuses(l.Items, o))
}

// timelineEnvelope is the T envelope of l around already rendered statuses.
func (a *API) timelineEnvelope(l *core.StatusList, statuses []*Status) *Timeline {
	t := &Timeline{Statuses: statuses, Advertises: []any{}, Ad: []any{}, HasVisible: l.Hidden,
		TotalNumber: max(l.Total, len(l.Items))}
	if n := len(l.Items); n > 0 {
		// The next page starts below the oldest item (README §6 allows it).
		t.NextCursor = l.Items[n-1].Status.ID - 1
	}
	return t
}

// IDTimeline is the I envelope: status ids as strings.
type IDTimeline struct {
	Statuses       []string `json:"statuses"`
	HasVisible     bool     `json:"hasvisible"`
	PreviousCursor int64    `json:"previous_cursor"`
	NextCursor     int64    `json:"next_cursor"`
	TotalNumber    int      `json:"total_number"`
}

func idTimeline(l *core.IDList) *IDTimeline {
	t := &IDTimeline{Statuses: make([]string, len(l.IDs)), TotalNumber: max(l.Total, len(l.IDs))}
	for i, id := range l.IDs {
		t.Statuses[i] = strconv.FormatInt(id, 10)
	}
	if n := len(l.IDs); n > 0 {
		t.NextCursor = l.IDs[n-1] - 1
	}
	return t
}

// CommentList is the comment-list envelope.
type CommentList struct {
	Comments       []*Comment `json:"comments"`
	Marks          []any      `json:"marks"`
	HasVisible     bool       `json:"hasvisible"`
	PreviousCursor int64      `json:"previous_cursor"`
	NextCursor     int64      `json:"next_cursor"`
	TotalNumber    int        `json:"total_number"`
}

// commentList renders the C envelope; hasvisible tells the client that
// comments on statuses it may not see were left out of the page.
func (a *API) commentList(l *core.CommentList, o renderOpts) *CommentList {
	out := &CommentList{Comments: a.comments(l.Items, o), Marks: []any{}, HasVisible: l.Hidden,
		TotalNumber: max(l.Total, len(l.Items))}
	if n := len(l.Items); n > 0 {
		out.NextCursor = l.Items[n-1].Comment.ID - 1
	}
	return out
}

// UserList is the U envelope with real cursors.
type UserList struct {
	Users          []*User `json:"users"`
	NextCursor     int     `json:"next_cursor"`
	PreviousCursor int     `json:"previous_cursor"`
	TotalNumber    int     `json:"total_number"`
}

func (a *API) userList(l *core.UserList, o renderOpts) *UserList {
	return &UserList{Users: a.users(l.Users, o), NextCursor: l.NextCursor, PreviousCursor: l.PreviousCursor, TotalNumber: l.Total}
}

// IDPage is a user id list with cursors.
type IDPage struct {
	IDs            []int64 `json:"ids"`
	NextCursor     int     `json:"next_cursor"`
	PreviousCursor int     `json:"previous_cursor"`
	TotalNumber    int     `json:"total_number"`
}

func idPage(l *core.IDPage) *IDPage {
	ids := l.IDs
	if ids == nil {
		ids = []int64{}
	}
	return &IDPage{IDs: ids, NextCursor: l.NextCursor, PreviousCursor: l.PreviousCursor, TotalNumber: l.Total}
}
