package xweibo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

// The actions of spec §5.4-§5.8 and §8, through the real server.

type unreadRst struct {
	Unread [6]int             `json:"unread"`
	Data   *[]json.RawMessage `json:"data"`
}

func unread(t *testing.T, x *testkit.XweiboClient, params ...string) unreadRst {
	t.Helper()
	var u unreadRst
	x.Must(x.Call("unread", vals(params...)), &u)
	return u
}

func uid(u *testkit.User) string { return strconv.FormatInt(u.ID, 10) }

func TestUnreadClearTipAndNotices(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	w := post(t, xa, "alice posts")
	xb.Must(xb.Call("createFriendship", vals("uid", uid(alice))), nil)
	xa.Must(xa.Call("createFriendship", vals("uid", uid(bob))), nil)
	xb.Must(xb.Call("comment", vals("id", w.ID, "text", "nice")), nil)
	last := post(t, xb, "hello @alice")
	xb.Must(xb.Call("sendDirectMessage", vals("id", uid(alice), "text", "a message")), nil)
	k.Drain()

	u := unread(t, xa)
	if u.Unread != [6]int{1, 1, 1, 1, 1, 0} || u.Data == nil || len(*u.Data) != 0 {
		t.Fatalf("unread = %+v", u)
	}
	// With id: whether anything is newer than the weibo the client has.
	if u := unread(t, xa, "id", last.ID); u.Unread[0] != 0 {
		t.Fatalf("unread since the newest = %+v", u)
	}
	if u := unread(t, xa, "id", w.ID); u.Unread[0] != 1 {
		t.Fatalf("unread since an older weibo = %+v", u)
	}
	xa.Fail(xa.Call("unread", vals("id", "x")), 1010002)

	// clearTip type (1 comments, 2 mentions, 3 DMs, 4 followers; else all).
	xa.Must(xa.Call("clearTip", vals("type", "1")), nil)
	if u := unread(t, xa); [4]int(u.Unread[1:5]) != [4]int{1, 0, 1, 1} {
		t.Fatalf("after clearTip 1: %+v", u)
	}
	xa.Must(xa.Call("clearTip", vals("type", "3")), nil)
	if u := unread(t, xa); [4]int(u.Unread[1:5]) != [4]int{1, 0, 1, 0} {
		t.Fatalf("after clearTip 3: %+v", u)
	}
	xa.Must(xa.Call("clearTip", nil), nil)
	if u := unread(t, xa); [4]int(u.Unread[1:5]) != [4]int{0, 0, 0, 0} {
		t.Fatalf("after clearTip: %+v", u)
	}

	// sendNotice: to one user, to everyone, later.
	xb.Must(xb.Call("sendNotice", vals("uid", uid(alice), "title", "维护", "content", "今晚维护")), nil)
	xb.Must(xb.Call("sendNotice", vals("title", "公告", "content", "大家好")), nil)
	later := k.Clock.Now().Add(time.Hour).Unix()
	xb.Must(xb.Call("sendNotice", vals("title", "以后", "content", "later", "available_time", strconv.FormatInt(later, 10))), nil)
	if u := unread(t, xa); u.Unread[5] != 2 {
		t.Fatalf("alice's notices = %+v", u)
	}
	if u := unread(t, xb); u.Unread[5] != 1 {
		t.Fatalf("bob's notices = %+v", u)
	}
	// The same counter is Sina's remind notice; set_count clears it.
	var rc struct {
		Notice int `json:"notice"`
	}
	r := alice.Get("/2/remind/unread_count.json", vals("uid", uid(alice)))
	if json.Unmarshal(r.Body, &rc) != nil {
		t.Fatalf("unread_count: %s", r.Body)
	}
	if rc.Notice != 2 {
		t.Fatalf("sina notice = %d", rc.Notice)
	}
	alice.Must(alice.Post("/2/remind/set_count.json", vals("type", "notice")), nil)
	if u := unread(t, xa); u.Unread[5] != 0 {
		t.Fatalf("after set_count notice: %+v", u)
	}
	k.Clock.Advance(2 * time.Hour)
	if u := unread(t, xa); u.Unread[5] != 1 {
		t.Fatalf("a notice that became available: %+v", u)
	}
	xb.Fail(xb.Call("sendNotice", vals("title", "x")), 1010000)
	xb.Fail(xb.Call("sendNotice", vals("title", " ", "content", "x")), 1010000)
	xb.Fail(xb.Call("sendNotice", vals("uid", "4503599627370495", "title", "x", "content", "y")), 1021200)
	xb.Fail(xb.Call("sendNotice", vals("title", "x", "content", "y", "available_time", "soon")), 1010002)
}

func TestGetCommentsAndCounts(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	w := post(t, xa, "comment me")
	other := post(t, xa, "no comments")
	xb.Must(xb.Call("comment", vals("id", w.ID, "text", "first @alice")), nil)
	xb.Must(xb.Call("comment", vals("id", w.ID, "text", "second")), nil)

	var m map[string]json.RawMessage
	xa.Must(xa.Call("getComments", vals("id", w.ID)), &m)
	if len(m) != 4 || string(m["total"]) != "2" || string(m["limit"]) != "10" {
		t.Fatalf("getComments = %v", m)
	}
	var item struct {
		ID         string `json:"id"`
		CreateAt   string `json:"create_at"`
		Text       string `json:"text"`
		Nick       string `json:"nick"`
		UID        string `json:"uid"`
		ProfileImg string `json:"profileImg"`
		User       struct {
			Verified     bool   `json:"verified"`
			SiteV        int    `json:"site_v"`
			VerifiedHTML string `json:"verified_html"`
			ProfileURL   string `json:"profileUrl"`
		} `json:"user"`
	}
	if err := testkit.DecodeStrict(m["0"], &item); err != nil {
		t.Fatal(err)
	}
	if item.Nick != "bob" || item.Text != "second" || item.UID != uid(bob) || !strings.HasSuffix(item.User.ProfileURL, "/u/"+uid(bob)) ||
		!strings.Contains(item.ProfileImg, "30") {
		t.Fatalf("newest comment = %+v", item)
	}
	// type 2 pages by the reader's own setting (saveShow).
	xa.Must(xa.Call("saveShow", vals("commenttotal", "1")), nil)
	m = nil
	xa.Must(xa.Call("getComments", vals("id", w.ID, "type", "2")), &m)
	if len(m) != 3 || string(m["limit"]) != "1" {
		t.Fatalf("getComments type 2 = %v", m)
	}
	m = nil
	xa.Must(xa.Call("getComments", vals("id", w.ID, "count", "1", "page", "2")), &m)
	if err := testkit.DecodeStrict(m["0"], &item); err != nil || item.Text == "second" {
		t.Fatalf("page 2 = %v", m)
	}
	xa.Fail(xa.Call("getComments", nil), 1010000)
	xa.Fail(xa.Call("getComments", vals("id", "123456789")), 1020402)
	xa.Fail(xa.Call("getComments", vals("id", w.ID, "type", "5")), 1010002)

	var counts map[string][2]int
	xb.Must(xb.Call("getCounts", vals("ids", w.ID+","+other.ID+",123456789")), &counts)
	if len(counts) != 2 || counts[w.ID] != [2]int{2, 0} || counts[other.ID] != [2]int{0, 0} {
		t.Fatalf("getCounts = %v", counts)
	}
	xb.Fail(xb.Call("getCounts", nil), 1010000)
	xb.Fail(xb.Call("getCounts", vals("ids", "a,b")), 1010002)
}

func TestDirectMessagesBlocksTags(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	xa := alice.Xweibo(k)
	ctx := context.Background()

	xa.Must(xa.Call("sendDirectMessage", vals("name", "bob", "text", "hi bob")), nil)
	box, err := k.App.Core.DMInbox(ctx, bob.Viewer(), domain.Page{Count: 10, Page: 1})
	if err != nil || len(box.Items) != 1 || box.Items[0].Message.Text != "hi bob" || box.Items[0].Sender.ID != alice.ID {
		t.Fatalf("bob's inbox: %+v %v", box, err)
	}
	xa.Fail(xa.Call("sendDirectMessage", vals("id", uid(bob))), 1020900)
	xa.Fail(xa.Call("sendDirectMessage", vals("id", uid(alice), "text", "me")), 1020901)
	xa.Fail(xa.Call("sendDirectMessage", vals("text", "nobody")), 1020901)
	xa.Fail(xa.Call("sendDirectMessage", vals("name", "nosuchuser", "text", "x")), 1020901)
	xa.Fail(xa.Call("sendDirectMessage", vals("id", uid(bob), "text", strings.Repeat("长", 141))), 1010005)
	if _, err := k.App.Core.SetPrivacy(ctx, carol.ID, domain.Privacy{Message: domain.PrivacyFollowed}); err != nil {
		t.Fatal(err)
	}
	xa.Fail(xa.Call("sendDirectMessage", vals("id", uid(carol), "text", "x")), 1020902)

	id := strconv.FormatInt(box.Items[0].Message.ID, 10)
	xa.Fail(xa.Call("deleteDirectMessage", nil), 1020903)
	xa.Fail(xa.Call("deleteDirectMessage", vals("id", "123456789")), 1020904)
	xa.Must(xa.Call("deleteDirectMessage", vals("id", id)), nil)
	xa.Fail(xa.Call("deleteDirectMessage", vals("id", id)), 1020904)

	// Blocks: bob blocked may not follow alice; lifted, he may.
	xa.Must(xa.Call("createBlocks", vals("name", "bob")), nil)
	xb := bob.Xweibo(k)
	xb.Fail(xb.Call("createFriendship", vals("uid", uid(alice))), 1020405)
	xa.Must(xa.Call("createBlocks", vals("id", uid(bob))), nil) // again: still blocked, true
	xa.Must(xa.Call("deleteBlocks", vals("id", uid(bob))), nil)
	xb.Must(xb.Call("createFriendship", vals("uid", uid(alice))), nil)
	xa.Fail(xa.Call("createBlocks", vals("name", "nosuchuser")), 1021600)
	xa.Fail(xa.Call("createBlocks", nil), 1010000)
	xa.Fail(xa.Call("deleteBlocks", nil), 1010000)

	// Tags.
	var created struct {
		Data []struct {
			TagID string `json:"tagid"`
		} `json:"data"`
	}
	xa.Must(xa.Call("createTags", vals("tagName", "音乐,电影")), &created)
	if len(created.Data) != 2 || created.Data[0].TagID == "" {
		t.Fatalf("createTags = %+v", created)
	}
	var tags []map[string]string
	xb.Must(xb.Call("getTags", vals("uid", uid(alice))), &tags)
	if len(tags) != 2 || tags[0][created.Data[0].TagID]+tags[1][created.Data[0].TagID] != "音乐" {
		t.Fatalf("getTags = %v", tags)
	}
	xa.Must(xa.Call("deleteTags", vals("tag_id", created.Data[0].TagID)), nil)
	tags = nil
	xa.Must(xa.Call("getTags", vals("uid", uid(alice))), &tags)
	if len(tags) != 1 || tags[0][created.Data[1].TagID] != "电影" {
		t.Fatalf("getTags after delete = %v", tags)
	}
	xa.Fail(xa.Call("createTags", nil), 1021500)
	xa.Fail(xa.Call("createTags", vals("tagName", "八个字的标签名字")), 1010005)
	xa.Fail(xa.Call("deleteTags", nil), 1021502)
	xa.Fail(xa.Call("deleteTags", vals("tag_id", created.Data[0].TagID)), 1021502)
	xa.Fail(xa.Call("getTags", nil), 1010000)
}

func pngOf(t *testing.T) []byte {
	t.Helper()
	return pngSized(t, 40, 30)
}

func pngSized(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 13)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestProfileAndPictures(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa := alice.Xweibo(k)
	var su struct {
		ScreenName      string `json:"screen_name"`
		Gender          string `json:"gender"`
		Province        string `json:"province"`
		City            string `json:"city"`
		Description     string `json:"description"`
		ProfileImageURL string `json:"profile_image_url"`
	}
	show := func() {
		t.Helper()
		r := alice.Get("/2/users/show.json", vals("uid", uid(alice)))
		if r.Status != http.StatusOK || json.Unmarshal(r.Body, &su) != nil {
			t.Fatalf("users/show: %s", r.Body)
		}
	}
	xa.Must(xa.Call("saveProfile", vals("nick", "alice2", "gender", "f", "province", "11", "city", "1",
		"description", "写代码的")), nil)
	show()
	if su.ScreenName != "alice2" || su.Gender != "f" || su.Province != "11" || su.City != "1" || su.Description != "写代码的" {
		t.Fatalf("after saveProfile: %+v", su)
	}
	for _, c := range []struct {
		params []string
		errno  int
	}{
		{[]string{"gender", "m", "province", "11"}, 2010003},
		{[]string{"nick", "alice3", "province", "11"}, 2010004},
		{[]string{"nick", "alice3", "gender", "m"}, 2010005},
		{[]string{"nick", "alice3", "gender", "m", "province", "x"}, 2010005},
		{[]string{"nick", "alice3", "gender", "m", "province", "999"}, 2010005},
		{[]string{"nick", "alice3", "gender", "m", "province", "11", "city", "y"}, 2010006},
		{[]string{"nick", "alice3", "gender", "m", "province", "11", "city", "999"}, 2010006},
		{[]string{"nick", "BOB", "gender", "m", "province", "11"}, 1021300},
		{[]string{"nick", "a b", "gender", "m", "province", "11"}, 1021301},
		{[]string{"nick", "alice3", "gender", "m", "province", "11", "description", strings.Repeat("长", 71)}, 1021302},
	} {
		xa.Fail(xa.Call("saveProfile", vals(c.params...)), c.errno)
	}
	show()
	if su.ScreenName != "alice2" {
		t.Fatalf("a refused saveProfile changed the profile: %+v", su)
	}
	// updateProfile changes what it is given.
	xa.Must(xa.Call("updateProfile", vals("description", "new words")), nil)
	show()
	if su.ScreenName != "alice2" || su.Description != "new words" || su.Province != "11" {
		t.Fatalf("after updateProfile: %+v", su)
	}
	xa.Fail(xa.Call("updateProfile", nil), 1010000)

	// updateProfileImage: the multipart part image.
	before := su.ProfileImageURL
	xa.Must(xa.Upload("updateProfileImage", nil, nil, testkit.FilePart{Field: "image", Filename: "me.png", Data: pngOf(t)}), nil)
	show()
	if su.ProfileImageURL == before {
		t.Fatalf("avatar unchanged: %s", su.ProfileImageURL)
	}
	xa.Fail(xa.Upload("updateProfileImage", nil, nil), 1010000)
	xa.Fail(xa.Upload("updateProfileImage", nil, nil, testkit.FilePart{Field: "image", Filename: "x.png", Data: []byte("text")}), 1020101)

	// upload_pic, then update with its pid: a picture weibo.
	var pic struct {
		Msg string `json:"msg"`
	}
	xa.Must(xa.Upload("upload_pic", nil, nil, testkit.FilePart{Field: "pic", Filename: "p.png", Data: pngOf(t)}), &pic)
	if pic.Msg == "" {
		t.Fatal("upload_pic: no pid")
	}
	var d data
	xa.Must(xa.Call("update", vals("text", "with a picture", "pic", pic.Msg)), &d)
	if d.Data.Tp == nil || d.Data.Mp == nil || d.Data.Op == nil || *d.Data.Op == "" {
		t.Fatalf("picture weibo = %+v", d.Data)
	}
	// With callback, the iframe answer: a script calling it.
	r := xa.Upload("upload_pic", vals("callback", "parent.done"), nil, testkit.FilePart{Field: "pic", Filename: "p.png", Data: pngOf(t)})
	if body := string(r.Body); r.Status != http.StatusOK || !strings.HasPrefix(body, `<script language="javascript">parent.done({"rst":{"msg":"`) ||
		!strings.HasSuffix(body, `"errno":0,"err":""});</script>`) || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("upload_pic with callback: %d %s", r.Status, body)
	}
	r = xa.Upload("upload_pic", vals("callback", "done"), nil)
	if body := string(r.Body); !strings.Contains(body, `done({"rst":false,"errno":1010000,`) {
		t.Fatalf("upload_pic with callback and no file: %s", body)
	}
	xa.Fail(xa.Upload("upload_pic", vals("callback", "alert(1)"), nil), 1040019)
	xa.Fail(xa.Upload("upload_pic", nil, nil), 1010000)

	// updateProfileImage by what upload_pic answered (spec §5.4.1): the id,
	// or the picture's URL; only one's own picture.
	var pic2 struct {
		Msg string `json:"msg"`
	}
	xa.Must(xa.Upload("upload_pic", nil, nil, testkit.FilePart{Field: "pic", Filename: "q.png", Data: pngSized(t, 64, 48)}), &pic2)
	show()
	before = su.ProfileImageURL
	xa.Must(xa.Call("updateProfileImage", vals("image", pic2.Msg)), nil)
	show()
	if su.ProfileImageURL == before {
		t.Fatalf("avatar unchanged by an upload id: %s", su.ProfileImageURL)
	}
	var pic3 struct {
		Msg string `json:"msg"`
	}
	xa.Must(xa.Upload("upload_pic", nil, nil, testkit.FilePart{Field: "pic", Filename: "r.png", Data: pngSized(t, 50, 70)}), &pic3)
	before = su.ProfileImageURL
	xa.Must(xa.Call("updateProfileImage", vals("image", k.App.Core.PictureURL(pic3.Msg, "large"))), nil)
	show()
	if su.ProfileImageURL == before {
		t.Fatalf("avatar unchanged by an upload URL: %s", su.ProfileImageURL)
	}
	xb := bob.Xweibo(k)
	xb.Fail(xb.Call("updateProfileImage", vals("image", pic2.Msg)), 1010002)
	xa.Fail(xa.Call("updateProfileImage", vals("image", "nonsense")), 1010002)
	xa.Fail(xa.Call("updateProfileImage", vals("image", "../../etc/passwd")), 1010002)
}

// envelope reads any answer's envelope, rst as it is.
func envelope(t *testing.T, r *testkit.Response) (rst string, errno int) {
	t.Helper()
	var env testkit.XweiboEnvelope
	if r.Status != http.StatusOK || testkit.DecodeStrict(r.Body, &env) != nil {
		t.Fatalf("not an envelope: %d %s", r.Status, r.Body)
	}
	return string(env.Rst), env.Errno
}

func TestSettingsDomainSubjects(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	ctx := context.Background()
	prefs := func() domain.UserPrefs {
		t.Helper()
		p, err := k.App.Core.UserPrefs(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := prefs(); p != domain.DefaultUserPrefs() {
		t.Fatalf("defaults = %+v", p)
	}
	xa.Must(xa.Call("saveNotice", vals("newfeed", "1", "comment", "1", "mention", "1", "from_user", "1", "notice", "0")), nil)
	want := domain.DefaultUserPrefs()
	want.NewFeed, want.RemindDM, want.RemindFollower, want.MentionFrom, want.NewNotice = 1, false, false, 1, false
	if p := prefs(); p != want {
		t.Fatalf("after saveNotice: %+v", p)
	}
	// With newfeed 1 and an id, unread's data is null.
	w := post(t, xa, "x")
	if u := unread(t, xa, "id", w.ID); u.Data != nil {
		t.Fatalf("unread data = %v", u.Data)
	}
	xa.Must(xa.Call("setting", nil), nil) // autoshow: the new-weibo tip back to 0
	want.NewFeed = 0
	if p := prefs(); p != want {
		t.Fatalf("after setting: %+v", p)
	}
	xa.Must(xa.Call("saveShow", vals("newmsg", "1", "feedtotal", "50")), nil)
	xa.Must(xa.Call("setting", vals("type", "msg")), nil)
	want.PageStatuses = 50
	if p := prefs(); p != want {
		t.Fatalf("after saveShow and setting msg: %+v", p)
	}
	xa.Fail(xa.Call("saveNotice", nil), 1021100)
	xa.Fail(xa.Call("saveNotice", vals("dm", "2")), 1010002)
	xa.Fail(xa.Call("saveShow", nil), 1021700)
	xa.Fail(xa.Call("saveShow", vals("feedtotal", "0")), 1010002)
	xa.Fail(xa.Call("saveShow", vals("commenttotal", "201")), 1010002)

	// applyDomain: once, unique, 6 to 20 letters and digits.
	for _, c := range []struct {
		who   *testkit.XweiboClient
		d     string
		errno int
	}{{xa, "abc", 400023}, {xa, "123456", 400023}, {xa, "alice-home", 400023}, {xa, "search", 400022},
		{xa, "settings", 400022}} {
		if rst, errno := envelope(t, c.who.Call("applyDomain", vals("domain", c.d))); rst != `"false"` || errno != c.errno {
			t.Fatalf("applyDomain %q: %s %d, want \"false\" %d", c.d, rst, errno, c.errno)
		}
	}
	xa.Must(xa.Call("applyDomain", vals("domain", "AliceHome")), nil)
	var shown struct {
		ID int64 `json:"id"`
	}
	r := bob.Get("/2/users/domain_show.json", vals("domain", "alicehome"))
	if json.Unmarshal(r.Body, &shown) != nil || shown.ID != alice.ID {
		t.Fatalf("domain_show = %d", shown.ID)
	}
	if _, errno := envelope(t, xa.Call("applyDomain", vals("domain", "otherhome"))); errno != 400024 {
		t.Fatalf("a second domain: %d", errno)
	}
	if _, errno := envelope(t, xb.Call("applyDomain", vals("domain", "alicehome"))); errno != 400022 {
		t.Fatalf("a taken domain: %d", errno)
	}

	// Topic subscriptions.
	xa.Must(xa.Call("addSubject", vals("text", "周末")), nil)
	for _, c := range []struct {
		action, text, rst string
		errno             int
	}{{"addSubject", "周末", `"false"`, 500100}, {"isSubjectFollowed", "周末", `"false"`, 500105},
		{"isSubjectFollowed", "别的", `"true"`, 500104}, {"deleteSubject", "别的", `"false"`, 500103},
		{"addSubject", " ", `"false"`, 500101}} {
		if rst, errno := envelope(t, xa.Call(c.action, vals("text", c.text))); rst != c.rst || errno != c.errno {
			t.Fatalf("%s %q: %s %d", c.action, c.text, rst, errno)
		}
	}
	var subs []struct {
		ID      string `json:"id"`
		Subject string `json:"subject"`
		Href    string `json:"href"`
	}
	xb.Must(xb.Call("getAllSubject", vals("uid", uid(alice))), &subs)
	if len(subs) != 1 || subs[0].Subject != "周末" || !strings.Contains(subs[0].Href, "/search?q=") {
		t.Fatalf("getAllSubject = %+v", subs)
	}
	xa.Must(xa.Call("deleteSubject", vals("text", "周末")), nil)
	subs = nil
	xa.Must(xa.Call("getAllSubject", nil), &subs)
	if len(subs) != 0 {
		t.Fatalf("getAllSubject after delete = %+v", subs)
	}
}

func TestSiteReads(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Xweibo: testkit.XweiboOptions{
		AllowAnonymous: "getTokenAuthorizeURL,emotions,getProvinces,sinaurl,getAllSubject"}})
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa := alice.Xweibo(k)
	nobody := k.Xweibo("")

	// sinaurl: the links this server shortened, outside the envelope.
	var sh struct {
		URLs []struct {
			URLShort string `json:"url_short"`
		} `json:"urls"`
	}
	r := alice.Get("/2/short_url/shorten.json", vals("url_long", "http://example.com/long"))
	if json.Unmarshal(r.Body, &sh) != nil || len(sh.URLs) != 1 {
		t.Fatalf("shorten: %s", r.Body)
	}
	code := sh.URLs[0].URLShort[strings.LastIndex(sh.URLs[0].URLShort, "/")+1:]
	var su struct {
		Code string `json:"code"`
		Data map[string]struct {
			URL  string `json:"url"`
			Type string `json:"type"`
		} `json:"data"`
	}
	r = nobody.Call("sinaurl", vals("id", code+",nosuch"))
	if r.Status != http.StatusOK || testkit.DecodeStrict(r.Body, &su) != nil || su.Code != "A00006" ||
		len(su.Data) != 1 || su.Data[code].URL != "http://example.com/long" || su.Data[code].Type != "url" {
		t.Fatalf("sinaurl: %s", r.Body)
	}
	if r := nobody.Call("sinaurl", vals("id", "nosuch")); string(r.Body) != `{"rst":false,"errno":-1,"err":""}` {
		t.Fatalf("sinaurl of nothing: %s", r.Body)
	}

	var authURL string
	nobody.Must(nobody.Call("getTokenAuthorizeURL", vals("url", "http://partner.example/cb")), &authURL)
	if !strings.Contains(authURL, "/oauth2/authorize?") || !strings.Contains(authURL, "client_id="+k.XweiboKey()) ||
		!strings.Contains(authURL, "redirect_uri=http%3A%2F%2Fpartner.example%2Fcb") {
		t.Fatalf("getTokenAuthorizeURL = %s", authURL)
	}
	nobody.Fail(nobody.Call("getTokenAuthorizeURL", nil), 1010000)
	nobody.Fail(nobody.Call("getTokenAuthorizeURL", vals("url", "javascript:alert(1)")), 1040019)

	var faces []struct {
		Phrase      string `json:"phrase"`
		Type        string `json:"type"`
		URL         string `json:"url"`
		IsHot       bool   `json:"is_hot"`
		IsCommon    bool   `json:"is_common"`
		OrderNumber int    `json:"order_number"`
		Category    string `json:"category"`
	}
	nobody.Must(nobody.Call("emotions", nil), &faces)
	if len(faces) == 0 || faces[0].Phrase != "[哈哈]" || !strings.HasSuffix(faces[0].URL, ".png") {
		t.Fatalf("emotions = %+v", faces[:min(len(faces), 2)])
	}
	var provs struct {
		Provinces []struct {
			ID    int                 `json:"id"`
			Name  string              `json:"name"`
			Citys []map[string]string `json:"citys"`
		} `json:"provinces"`
	}
	nobody.Must(nobody.Call("getProvinces", nil), &provs)
	found := false
	for _, p := range provs.Provinces {
		if p.ID == 11 && p.Name == "北京" && len(p.Citys) > 0 && p.Citys[0]["1"] != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("getProvinces has no 北京 with its districts: %d provinces", len(provs.Provinces))
	}
	if rst, errno := envelope(t, nobody.Call("getAllSubject", nil)); rst != `"false"` || errno != 500107 {
		t.Fatalf("getAllSubject of nobody: %s %d", rst, errno)
	}

	// getAtUsers: from the people the caller follows.
	xa.Must(xa.Call("createFriendship", vals("uid", uid(bob))), nil)
	var at struct {
		Key  string `json:"key"`
		Data []struct {
			Nickname string `json:"nickname"`
			Remark   string `json:"remark"`
		} `json:"data"`
	}
	xa.Must(xa.Call("getAtUsers", vals("keyword", "bo")), &at)
	if at.Key != "bo" || len(at.Data) != 1 || at.Data[0].Nickname != "bob" {
		t.Fatalf("getAtUsers = %+v", at)
	}
	xa.Fail(xa.Call("getAtUsers", nil), 1010000)
	nobody.Fail(nobody.Call("unread", nil), 3010003)
}
