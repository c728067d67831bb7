// Package sinaspec holds the Sina Weibo v2 response objects exactly as
// ../shared/spec/sina-v2/objects.md and the per-group spec files describe
// them, written independently of the server's own render types so that a test
// decoding into them checks the server against the spec, not against itself.
//
// Decode is strict both ways: a key the spec does not list fails (unknown
// field), a key the spec says is always present but is missing fails, and a
// value of the wrong JSON type fails (an id sent as a string, a count as a
// number-in-a-string). Fields the spec calls optional or "absent when …"
// carry the struct tag `spec:"optional"`; types with extra rules implement
// Validate.
package sinaspec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Decode decodes body into v strictly against the spec and fails t on any
// difference.
func Decode(t testing.TB, body []byte, v any) {
	t.Helper()
	if err := Check(body, v); err != nil {
		t.Fatalf("sinaspec: %T: %v\n%s", v, err, body)
	}
}

// Check is Decode returning the error instead of failing a test.
func Check(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	var raw any
	rd := json.NewDecoder(bytes.NewReader(body))
	rd.UseNumber()
	if err := rd.Decode(&raw); err != nil {
		return err
	}
	return walk("$", raw, reflect.ValueOf(v))
}

// Validator is implemented by objects with rules beyond field presence.
type Validator interface{ Validate() error }

// walk checks that every required field of v's struct types is present in
// raw, recursing through pointers, slices and nested objects, then runs
// Validate where a type has one.
func walk(path string, raw any, v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", path, raw)
		}
		ty := v.Type()
		for i := range ty.NumField() {
			f := ty.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				// An embedded object's fields are this object's (a user
				// with extra fields).
				if err := walk(path, raw, v.Field(i)); err != nil {
					return err
				}
				continue
			}
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			val, present := obj[name]
			if !present {
				if f.Tag.Get("spec") != "optional" {
					return fmt.Errorf("%s: required key %q missing", path, name)
				}
				continue
			}
			if err := walk(path+"."+name, val, v.Field(i)); err != nil {
				return err
			}
		}
		if val, ok := v.Addr().Interface().(Validator); ok {
			if err := val.Validate(); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := raw.([]any)
		if !ok {
			if raw == nil && v.Kind() == reflect.Slice {
				return fmt.Errorf("%s: want an array, got null", path)
			}
			return fmt.Errorf("%s: want an array, got %T", path, raw)
		}
		for i := 0; i < v.Len() && i < len(arr); i++ {
			if err := walk(fmt.Sprintf("%s[%d]", path, i), arr[i], v.Index(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// createdAtRE is README §8's date layout, e.g. "Tue May 31 17:46:55 +0800 2011".
var createdAtRE = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}$`)

func checkDate(field, s string) error {
	if !createdAtRE.MatchString(s) {
		return fmt.Errorf("%s %q is not in the layout \"Tue May 31 17:46:55 +0800 2011\"", field, s)
	}
	return nil
}

func checkIDStr(id int64, idstr string) error {
	if id <= 0 || id >= 1<<53 {
		return fmt.Errorf("id %d outside 1..2^53", id)
	}
	if idstr != strconv.FormatInt(id, 10) {
		return fmt.Errorf("idstr %q does not match id %d", idstr, id)
	}
	return nil
}

// Status is objects.md §1.
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
	ThumbnailPic        string          `json:"thumbnail_pic" spec:"optional"`
	BmiddlePic          string          `json:"bmiddle_pic" spec:"optional"`
	OriginalPic         string          `json:"original_pic" spec:"optional"`
	PicURLs             []PicURL        `json:"pic_urls"`
	PicIDs              []string        `json:"pic_ids" spec:"optional"` // "later"; when present, one id per pic_urls entry
	Geo                 *Geo            `json:"geo"`
	User                *User           `json:"user" spec:"optional"` // absent only on deleted or user-embedded statuses
	RetweetedStatus     *Status         `json:"retweeted_status" spec:"optional"`
	RepostsCount        int             `json:"reposts_count"`
	CommentsCount       int             `json:"comments_count"`
	AttitudesCount      int             `json:"attitudes_count"`
	Mlevel              int             `json:"mlevel"`
	Visible             Visible         `json:"visible"`
	Annotations         json.RawMessage `json:"annotations" spec:"optional"`
	Deleted             string          `json:"deleted" spec:"optional"`
}

// Validate checks the rules objects.md states in prose.
func (s *Status) Validate() error {
	if err := checkIDStr(s.ID, s.IDStr); err != nil {
		return err
	}
	if s.Mid != s.IDStr {
		return fmt.Errorf("mid %q differs from idstr %q", s.Mid, s.IDStr)
	}
	if err := checkDate("created_at", s.CreatedAt); err != nil {
		return err
	}
	if s.Deleted != "" {
		if s.Deleted != "1" || s.Text != "此微博已被原作者删除。" {
			return fmt.Errorf("deleted status: deleted=%q text=%q", s.Deleted, s.Text)
		}
		return nil
	}
	if s.InReplyToStatusID != "" || s.InReplyToUserID != "" || s.InReplyToScreenName != "" {
		return fmt.Errorf("in_reply_to_* must be empty strings")
	}
	if err := checkPictures(s.ThumbnailPic, s.BmiddlePic, s.OriginalPic, s.PicURLs, s.PicIDs); err != nil {
		return err
	}
	if !strings.HasPrefix(s.Source, "<a href=") {
		return fmt.Errorf("source %q is not an HTML anchor", s.Source)
	}
	if s.RetweetedStatus != nil && s.RetweetedStatus.RetweetedStatus != nil {
		return fmt.Errorf("retweeted_status nested deeper than one level")
	}
	return nil
}

// picURLRE is the picture URL pattern of objects.md §1:
// <base>/{thumbnail|bmiddle|large}/<pid>.<ext>.
var picURLRE = regexp.MustCompile(`^https?://[^\s]+/(thumbnail|bmiddle|large)/([0-9A-Za-z]+)\.(jpg|png|gif)$`)

// checkPictures applies objects.md §1's picture rules: thumbnail_pic,
// bmiddle_pic and original_pic are all present or all absent, present
// exactly when pic_urls has entries; they are the first picture's URLs,
// differing only in the size segment; pic_urls holds thumbnails; pic_ids,
// when sent, names the pictures of pic_urls in order.
func checkPictures(thumb, bmiddle, orig string, urls []PicURL, ids []string) error {
	if len(urls) == 0 {
		if thumb != "" || bmiddle != "" || orig != "" {
			return fmt.Errorf("thumbnail_pic/bmiddle_pic/original_pic present without pic_urls")
		}
		if len(ids) != 0 {
			return fmt.Errorf("pic_ids %v without pic_urls", ids)
		}
		return nil
	}
	if len(urls) > 9 {
		return fmt.Errorf("%d pictures; a status shows at most 9", len(urls))
	}
	if ids != nil && len(ids) != len(urls) {
		return fmt.Errorf("pic_ids has %d entries, pic_urls %d", len(ids), len(urls))
	}
	for i, u := range urls {
		m := picURLRE.FindStringSubmatch(u.ThumbnailPic)
		if m == nil || m[1] != "thumbnail" {
			return fmt.Errorf("pic_urls[%d].thumbnail_pic %q is not a thumbnail URL", i, u.ThumbnailPic)
		}
		if ids != nil && m[2] != ids[i] {
			return fmt.Errorf("pic_urls[%d] shows %q, pic_ids[%d] is %q", i, m[2], i, ids[i])
		}
	}
	if thumb != urls[0].ThumbnailPic {
		return fmt.Errorf("thumbnail_pic %q is not the first of pic_urls %q", thumb, urls[0].ThumbnailPic)
	}
	for _, f := range []struct{ name, url, size string }{{"bmiddle_pic", bmiddle, "bmiddle"}, {"original_pic", orig, "large"}} {
		if want := strings.Replace(thumb, "/thumbnail/", "/"+f.size+"/", 1); f.url != want {
			return fmt.Errorf("%s %q is not %q", f.name, f.url, want)
		}
	}
	return nil
}

// PicURL is one pic_urls entry.
type PicURL struct {
	ThumbnailPic string `json:"thumbnail_pic"`
}

// Geo is the point shape statuses carry (objects.md §4 b).
type Geo struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// Visible is objects.md §5.
type Visible struct {
	Type   int   `json:"type"`
	ListID int64 `json:"list_id"`
}

// Validate checks the visibility type is one the spec lists.
func (v *Visible) Validate() error {
	switch v.Type {
	case 0, 1, 4:
		if v.ListID != 0 {
			return fmt.Errorf("visible.list_id %d with type %d", v.ListID, v.Type)
		}
	case 3:
	default:
		return fmt.Errorf("visible.type %d not in {0,1,3,4}", v.Type)
	}
	return nil
}

// TrimmedStatus is a status under trim_user=1 (objects.md §13): the user is
// reduced to its ids and uid is added.
type TrimmedStatus struct {
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
	ThumbnailPic        string          `json:"thumbnail_pic" spec:"optional"`
	BmiddlePic          string          `json:"bmiddle_pic" spec:"optional"`
	OriginalPic         string          `json:"original_pic" spec:"optional"`
	PicURLs             []PicURL        `json:"pic_urls"`
	PicIDs              []string        `json:"pic_ids" spec:"optional"` // "later"; when present, one id per pic_urls entry
	Geo                 *Geo            `json:"geo"`
	User                *TrimmedUser    `json:"user" spec:"optional"` // absent only when deleted
	UID                 int64           `json:"uid" spec:"optional"`
	RetweetedStatus     *TrimmedStatus  `json:"retweeted_status" spec:"optional"`
	RepostsCount        int             `json:"reposts_count"`
	CommentsCount       int             `json:"comments_count"`
	AttitudesCount      int             `json:"attitudes_count"`
	Mlevel              int             `json:"mlevel"`
	Visible             Visible         `json:"visible"`
	Annotations         json.RawMessage `json:"annotations" spec:"optional"`
	Deleted             string          `json:"deleted" spec:"optional"`
}

// Validate checks uid matches the trimmed user.
func (s *TrimmedStatus) Validate() error {
	if s.Deleted != "" {
		if s.Deleted != "1" || s.Text != "此微博已被原作者删除。" {
			return fmt.Errorf("deleted status: deleted=%q text=%q", s.Deleted, s.Text)
		}
		return checkIDStr(s.ID, s.IDStr)
	}
	if s.User == nil || s.User.ID != s.UID {
		return fmt.Errorf("trimmed user %+v does not match uid %d", s.User, s.UID)
	}
	if err := checkPictures(s.ThumbnailPic, s.BmiddlePic, s.OriginalPic, s.PicURLs, s.PicIDs); err != nil {
		return err
	}
	return checkIDStr(s.ID, s.IDStr)
}

// TrimmedUser is what trim_user=1 leaves of the author.
type TrimmedUser struct {
	ID    int64  `json:"id"`
	IDStr string `json:"idstr"`
}

// User is objects.md §2.
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
	Status           *Status `json:"status" spec:"optional"`
	StatusID         int64   `json:"status_id" spec:"optional"`
	AllowAllComment  bool    `json:"allow_all_comment"`
	AvatarLarge      string  `json:"avatar_large"`
	AvatarHD         string  `json:"avatar_hd"`
	VerifiedReason   string  `json:"verified_reason"`
	FollowMe         bool    `json:"follow_me"`
	OnlineStatus     int     `json:"online_status"`
	BiFollowersCount int     `json:"bi_followers_count"`
	Lang             string  `json:"lang"`
}

// Validate checks the prose rules of objects.md §2.
func (u *User) Validate() error {
	if err := checkIDStr(u.ID, u.IDStr); err != nil {
		return err
	}
	if u.Name != u.ScreenName {
		return fmt.Errorf("name %q differs from screen_name %q", u.Name, u.ScreenName)
	}
	if err := checkDate("created_at", u.CreatedAt); err != nil {
		return err
	}
	switch u.Gender {
	case "m", "f", "n":
	default:
		return fmt.Errorf("gender %q not in m/f/n", u.Gender)
	}
	if _, err := strconv.Atoi(u.Province); err != nil {
		return fmt.Errorf("province %q is not a numeric string", u.Province)
	}
	if _, err := strconv.Atoi(u.City); err != nil {
		return fmt.Errorf("city %q is not a numeric string", u.City)
	}
	if u.Status != nil && u.StatusID != 0 {
		return fmt.Errorf("both status and status_id present")
	}
	for _, f := range []struct{ name, url string }{{"profile_image_url", u.ProfileImageURL},
		{"avatar_large", u.AvatarLarge}, {"avatar_hd", u.AvatarHD}} {
		if !strings.HasPrefix(f.url, "http://") && !strings.HasPrefix(f.url, "https://") {
			return fmt.Errorf("%s %q is not an absolute URL (every user has an avatar, the default one at least)", f.name, f.url)
		}
	}
	if u.ProfileImageURL == u.AvatarLarge || u.AvatarLarge == u.AvatarHD {
		return fmt.Errorf("profile_image_url (50×50), avatar_large (180×180) and avatar_hd must be different sizes")
	}
	if u.Status != nil && u.Status.User != nil {
		return fmt.Errorf("a user's embedded status carries a user")
	}
	switch u.Lang {
	case "zh-cn", "zh-tw", "en":
	default:
		return fmt.Errorf("lang %q not in zh-cn/zh-tw/en", u.Lang)
	}
	return nil
}

// Comment is objects.md §3.
type Comment struct {
	CreatedAt    string   `json:"created_at"`
	ID           int64    `json:"id"`
	IDStr        string   `json:"idstr"`
	Mid          string   `json:"mid"`
	Text         string   `json:"text"`
	Source       string   `json:"source"`
	User         *User    `json:"user"`
	Status       *Status  `json:"status"`
	ReplyComment *Comment `json:"reply_comment" spec:"optional"`
}

// Validate checks ids and dates.
func (c *Comment) Validate() error {
	if err := checkIDStr(c.ID, c.IDStr); err != nil {
		return err
	}
	if c.User == nil || c.Status == nil {
		return fmt.Errorf("comment without user or status")
	}
	return checkDate("created_at", c.CreatedAt)
}

// Timeline is the statuses.md envelope T. The spec allows advertises, ad
// and interval on some revisions.
type Timeline struct {
	Statuses       []*Status `json:"statuses"`
	Advertises     []any     `json:"advertises" spec:"optional"`
	Ad             []any     `json:"ad" spec:"optional"`
	HasVisible     bool      `json:"hasvisible"`
	PreviousCursor int64     `json:"previous_cursor"`
	NextCursor     int64     `json:"next_cursor"`
	TotalNumber    int       `json:"total_number"`
	Interval       int       `json:"interval" spec:"optional"`
}

// TrimmedTimeline is T with trim_user=1.
type TrimmedTimeline struct {
	Statuses       []*TrimmedStatus `json:"statuses"`
	Advertises     []any            `json:"advertises" spec:"optional"`
	Ad             []any            `json:"ad" spec:"optional"`
	HasVisible     bool             `json:"hasvisible"`
	PreviousCursor int64            `json:"previous_cursor"`
	NextCursor     int64            `json:"next_cursor"`
	TotalNumber    int              `json:"total_number"`
	Interval       int              `json:"interval" spec:"optional"`
}

// IDTimeline is the envelope I: status ids as strings.
type IDTimeline struct {
	Statuses       []string `json:"statuses"`
	Advertises     []any    `json:"advertises" spec:"optional"`
	Ad             []any    `json:"ad" spec:"optional"`
	HasVisible     bool     `json:"hasvisible"`
	PreviousCursor int64    `json:"previous_cursor"`
	NextCursor     int64    `json:"next_cursor"`
	TotalNumber    int      `json:"total_number"`
	Interval       int      `json:"interval" spec:"optional"`
}

// IDs parses the string ids.
func (t *IDTimeline) IDs() []int64 {
	out := make([]int64, len(t.Statuses))
	for i, s := range t.Statuses {
		out[i], _ = strconv.ParseInt(s, 10, 64)
	}
	return out
}

// Validate checks every id is a decimal string.
func (t *IDTimeline) Validate() error {
	for _, s := range t.Statuses {
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return fmt.Errorf("status id %q is not a decimal string", s)
		}
	}
	return nil
}

// Reposts is the repost_timeline envelope.
type Reposts struct {
	Reposts        []*Status `json:"reposts"`
	HasVisible     bool      `json:"hasvisible"`
	PreviousCursor int64     `json:"previous_cursor"`
	NextCursor     int64     `json:"next_cursor"`
	TotalNumber    int       `json:"total_number"`
	Advertises     []any     `json:"advertises" spec:"optional"`
	Ad             []any     `json:"ad" spec:"optional"`
	Interval       int       `json:"interval" spec:"optional"`
}

// Comments is the comment-list envelope C.
type Comments struct {
	Comments       []*Comment `json:"comments"`
	Marks          []any      `json:"marks" spec:"optional"`
	HasVisible     bool       `json:"hasvisible"`
	PreviousCursor int64      `json:"previous_cursor"`
	NextCursor     int64      `json:"next_cursor"`
	TotalNumber    int        `json:"total_number"`
}

// Users is the user-list envelope U (friendships.md).
type Users struct {
	Users          []*User `json:"users"`
	NextCursor     int     `json:"next_cursor"`
	PreviousCursor int     `json:"previous_cursor"`
	TotalNumber    int     `json:"total_number"`
}

// UserIDs is the uid-list envelope of friends/ids and followers/ids.
type UserIDs struct {
	IDs            []int64 `json:"ids"`
	NextCursor     int     `json:"next_cursor"`
	PreviousCursor int     `json:"previous_cursor"`
	TotalNumber    int     `json:"total_number"`
}

// FriendshipSide is one side of friendships/show (objects.md §15).
type FriendshipSide struct {
	ID int64 `json:"id"`
	// IDStr is our addition: DESIGN.md §4 gives every object with an id its
	// idstr so JavaScript clients never round an id.
	IDStr                string `json:"idstr" spec:"optional"`
	ScreenName           string `json:"screen_name"`
	FollowedBy           bool   `json:"followed_by"`
	Following            bool   `json:"following"`
	NotificationsEnabled bool   `json:"notifications_enabled"`
}

// Friendship is friendships/show.
type Friendship struct {
	Source FriendshipSide `json:"source"`
	Target FriendshipSide `json:"target"`
}

// StatusCount is one statuses/count record (objects.md §16).
type StatusCount struct {
	ID        int64 `json:"id"`
	Comments  int   `json:"comments"`
	Reposts   int   `json:"reposts"`
	Attitudes int   `json:"attitudes"`
}

// UserCounts is one users/counts record (objects.md §16).
type UserCounts struct {
	ID                  int64 `json:"id"`
	FollowersCount      int   `json:"followers_count"`
	FriendsCount        int   `json:"friends_count"`
	StatusesCount       int   `json:"statuses_count"`
	PrivateFriendsCount int   `json:"private_friends_count" spec:"optional"`
}

// Unread is remind/unread_count (objects.md §7).
type Unread struct {
	Status        int `json:"status"`
	Follower      int `json:"follower"`
	Cmt           int `json:"cmt"`
	Dm            int `json:"dm"`
	MentionStatus int `json:"mention_status"`
	MentionCmt    int `json:"mention_cmt"`
	Group         int `json:"group"`
	PrivateGroup  int `json:"private_group"`
	Notice        int `json:"notice"`
	Invite        int `json:"invite"`
	Badge         int `json:"badge"`
	Photo         int `json:"photo"`
	Msgbox        int `json:"msgbox" spec:"optional"`
}

// Error is the error envelope (errors.md).
type Error struct {
	Error     string `json:"error"`
	ErrorCode int    `json:"error_code"`
	Request   string `json:"request"`
}

// SearchResults is search/statuses with needcount=true (seed 002): the
// statuses and an estimated total.
type SearchResults struct {
	Results         []Status `json:"results"`
	TotalCountMaybe int64    `json:"total_count_maybe"`
}

// UserSuggestion is one entry of search/suggestions/users (search.md §2).
type UserSuggestion struct {
	ScreenName     string `json:"screen_name"`
	FollowersCount int    `json:"followers_count"`
	UID            int64  `json:"uid"`
}

// SchoolSuggestion is one entry of search/suggestions/schools (search.md §3).
type SchoolSuggestion struct {
	SchoolName string `json:"school_name"`
	Location   string `json:"location"`
	ID         int64  `json:"id"`
	Type       int    `json:"type"`
}

// CompanySuggestion is one entry of search/suggestions/companies (§4).
type CompanySuggestion struct {
	Suggestion string `json:"suggestion"`
}

// AppSuggestion is one entry of search/suggestions/apps (§5).
type AppSuggestion struct {
	AppsName     string `json:"apps_name"`
	MembersCount int    `json:"members_count"`
}

// AtUser is one entry of search/suggestions/at_users (§6).
type AtUser struct {
	UID      int64  `json:"uid"`
	Nickname string `json:"nickname"`
	Remark   string `json:"remark"`
}

// TopicStatuses is search/topics (§7).
type TopicStatuses struct {
	Statuses       []Status `json:"statuses"`
	TotalNumber    int      `json:"total_number"`
	PreviousCursor int64    `json:"previous_cursor"`
	NextCursor     int64    `json:"next_cursor"`
}

// Interest is one entry of suggestions/users/may_interested (suggestions.md
// §2): uids as strings, one reason keyed by its kind.
type Interest struct {
	UID    string                    `json:"uid"`
	Reason map[string]InterestReason `json:"reason"`
}

// InterestReason is a reason's users and count (name only for "c").
type InterestReason struct {
	UID  []string `json:"uid"`
	N    int      `json:"n"`
	Name string   `json:"name" spec:"optional"`
}

// Validate: exactly one reason, of a kind the spec lists.
func (i *Interest) Validate() error {
	if len(i.Reason) != 1 {
		return fmt.Errorf("reason has %d keys, want 1", len(i.Reason))
	}
	for k := range i.Reason {
		if !strings.Contains("fhcst", k) || len(k) != 1 {
			return fmt.Errorf("reason kind %q", k)
		}
	}
	if _, err := strconv.ParseInt(i.UID, 10, 64); err != nil {
		return fmt.Errorf("uid %q is not a decimal id string", i.UID)
	}
	return nil
}

// ReorderedStatuses is suggestions/statuses/reorder (§4).
type ReorderedStatuses struct {
	Statuses    []Status `json:"statuses"`
	TotalNumber int      `json:"total_number"`
}

// ReorderedIDs is suggestions/statuses/reorder/ids (§5): ids as numbers.
type ReorderedIDs struct {
	Statuses    []int64 `json:"statuses"`
	TotalNumber int     `json:"total_number"`
}
