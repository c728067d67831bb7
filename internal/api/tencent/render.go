package tencent

import (
	"strconv"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// Tweet types (spec §8.1). A comment has no type in the seed; later
// Tencent documents used 7 (§12). A reply (t/reply) is 4.
const (
	typeOriginal = 1
	typeRepost   = 2
	typeReply    = 4
	typeComment  = 7
)

// Tweet states (spec §8.1).
const (
	statusNormal      = 0
	statusUserDeleted = 3
)

// Tweet is the tweet object (spec §8.1), keys in lower case.
type Tweet struct {
	Text         string   `json:"text"`
	OrigText     string   `json:"origtext"`
	Count        int      `json:"count"`
	MCount       int      `json:"mcount"`
	From         string   `json:"from"`
	ID           int64    `json:"id"`
	Image        []string `json:"image"`
	Name         string   `json:"name"`
	Nick         string   `json:"nick"`
	UID          string   `json:"uid"`
	Self         int      `json:"self"`
	Timestamp    int64    `json:"timestamp"`
	Type         int      `json:"type"`
	Head         string   `json:"head"`
	Location     string   `json:"location"`
	CountryCode  string   `json:"country_code"`
	ProvinceCode string   `json:"province_code"`
	CityCode     string   `json:"city_code"`
	IsVip        int      `json:"isvip"`
	Geo          any      `json:"geo"`
	Status       int      `json:"status"`
	Source       *Tweet   `json:"source,omitempty"`
}

// Profile is the full user profile of user/info and user/other_info
// (spec §8.2).
type Profile struct {
	Name         string `json:"name"`
	Nick         string `json:"nick"`
	UID          string `json:"uid"`
	Head         string `json:"head"`
	Location     string `json:"location"`
	CountryCode  string `json:"country_code"`
	ProvinceCode string `json:"province_code"`
	CityCode     string `json:"city_code"`
	IsVip        int    `json:"isvip"`
	IsEnt        int    `json:"isent"`
	Introduction string `json:"introduction"`
	VerifyInfo   string `json:"verifyinfo"`
	BirthYear    string `json:"birth_year"`
	BirthMonth   string `json:"birth_month"`
	BirthDay     string `json:"birth_day"`
	Sex          int    `json:"sex"`
	FansNum      int    `json:"fansnum"`
	IdolNum      int    `json:"idolnum"`
	TweetNum     int    `json:"tweetnum"`
	Tag          []Tag  `json:"tag"`
	// Only on user/other_info.
	IsMyIdol  *int `json:"ismyidol,omitempty"`
	IsMyFans  *int `json:"ismyfans,omitempty"`
	IsMyBlack *int `json:"ismyblack,omitempty"`
}

// Tag is a user's personal tag.
type Tag struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// TimelineData is the data of the timelines (spec §9.1): timestamp is the
// server's time, hasnext 0 when there is more, 1 when not.
type TimelineData struct {
	Timestamp int64             `json:"timestamp"`
	HasNext   int               `json:"hasnext"`
	TotalNum  *int              `json:"totalnum,omitempty"`
	Info      []*Tweet          `json:"info"`
	User      map[string]string `json:"user"`
}

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// codes are the author's country, province and city codes as strings
// (spec §12: strings on output): the Sina province and city codes, and
// China's country code 1 when the province is known.
func codes(u *domain.User) (country, province, city string) {
	if u.Province == 0 {
		return "", "", ""
	}
	country, province = "1", strconv.Itoa(u.Province)
	if u.City != 0 {
		city = strconv.Itoa(u.City)
	}
	return country, province, city
}

func sex(g string) int {
	switch g {
	case "m":
		return 1
	case "f":
		return 2
	}
	return 0
}

func (a *API) head(u *domain.User) string { return a.svc.AvatarURL(u.Avatar, media.Avatar50) }

func (a *API) from(app *domain.App) string {
	if app != nil {
		return app.Name
	}
	return a.svc.Options().SourceName
}

// tweet renders a status for viewer (self is 1 on the viewer's own).
func (a *API) tweet(v *core.StatusView, viewer int64) *Tweet {
	st := v.Status
	t := &Tweet{Text: st.Text, OrigText: st.Text, Count: st.RepostsCount, MCount: st.CommentsCount, From: a.from(v.App),
		ID: st.ID, Timestamp: st.CreatedAt.Unix(), Type: typeOriginal, Status: statusNormal}
	if st.Deleted {
		t.Status = statusUserDeleted
		t.Text, t.OrigText = "", ""
	}
	for _, pic := range st.PicIDs {
		t.Image = append(t.Image, a.svc.PictureURL(pic, media.Large))
	}
	if v.User != nil && v.User.User != nil {
		u := v.User.User
		t.Name, t.Nick, t.Head, t.Location = u.ScreenName, u.ScreenName, a.head(u), u.Location
		t.CountryCode, t.ProvinceCode, t.CityCode = codes(u)
		t.IsVip = b01(u.Verified)
		t.Self = b01(u.ID == viewer)
	}
	if st.RetweetedID != 0 {
		t.Type = typeRepost
		if v.Retweeted != nil {
			t.Source = a.tweet(v.Retweeted, viewer)
		}
	}
	return t
}

// timeline renders a page asked for with one item more than reqnum: that
// item only says there is a next page.
func (a *API) timeline(l *core.StatusList, reqnum int, viewer int64, total bool) (*TimelineData, map[string]string) {
	items := l.Items
	more := len(items) > reqnum
	if more {
		items = items[:reqnum]
	}
	d := &TimelineData{Timestamp: a.svc.Now().Unix(), HasNext: b01(!more), Info: make([]*Tweet, 0, len(items)),
		User: map[string]string{}}
	if total {
		n := l.Total
		d.TotalNum = &n
	}
	for _, v := range items {
		t := a.tweet(v, viewer)
		d.Info = append(d.Info, t)
		for _, x := range []*Tweet{t, t.Source} {
			if x != nil && x.Name != "" {
				d.User[x.Name] = x.Nick
			}
		}
	}
	return d, d.User
}

// profile renders the full profile of u.
func (a *API) profile(u *domain.User) *Profile {
	p := &Profile{Name: u.ScreenName, Nick: u.ScreenName, Head: a.head(u), Location: u.Location,
		IsVip: b01(u.Verified), Introduction: u.Description, Sex: sex(u.Gender),
		FansNum: u.FollowersCount, IdolNum: u.FriendsCount, TweetNum: u.StatusesCount, Tag: []Tag{}}
	if u.Verified {
		p.VerifyInfo = u.VerifiedReason
	}
	p.CountryCode, p.ProvinceCode, p.CityCode = codes(u)
	return p
}
