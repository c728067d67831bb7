package tencent_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 3)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestUploads(t *testing.T) {
	k := testkit.Start(t)
	oak := k.NewUser("oak")
	to := oak.Tencent(k)
	pic := testkit.FilePart{Field: "pic", Filename: "a.png", Data: testPNG(t)}

	var p posted
	to.MustOK(to.Multipart("/api/t/add_pic", vals("content", "有图", "clientip", "127.0.0.1", "format", "json"), pic), &p)
	var tw tweet
	to.MustOK(to.Get("/api/t/show", vals("id", idstr(p.ID))), &tw)
	if len(tw.Image) != 1 || !strings.Contains(tw.Image[0], "/large/") || tw.Text != "有图" {
		t.Fatalf("t/show of t/add_pic = %+v", tw)
	}
	// Sina sees the picture too.
	r := oak.Get("/2/statuses/show.json", vals("id", idstr(p.ID)))
	if !strings.Contains(string(r.Body), `"original_pic"`) {
		t.Fatalf("sina show: %s", r.Body)
	}
	to.MustFail(to.Multipart("/api/t/add_pic", vals("content", "no picture")), 1, 1)
	to.MustFail(to.Multipart("/api/t/add_pic", vals("content", "bad picture"),
		testkit.FilePart{Field: "pic", Filename: "a.png", Data: []byte("not a picture")}), 1, 1)
	to.MustFail(to.Multipart("/api/t/add_pic", nil, pic), 1, 1) // no content
	to.MustFail(to.Post("/api/t/add_pic", vals("content", "urlencoded")), 1, 1)

	var before, after profile
	to.MustOK(to.Get("/api/user/info", nil), &before)
	to.MustOK(to.Multipart("/api/user/update_head", nil, pic), nil)
	to.MustOK(to.Get("/api/user/info", nil), &after)
	if after.Head == before.Head {
		t.Fatalf("user/update_head left head %s", after.Head)
	}
	to.MustFail(to.Multipart("/api/user/update_head", nil), 1, 1)
}

func TestSearchTopicsTagsTrends(t *testing.T) {
	k := testkit.Start(t)
	pam, quin := k.NewUser("pam"), k.NewUser("quinn")
	tp, tq := pam.Tencent(k), quin.Tencent(k)
	var ids []int64
	for i := range 3 {
		ids = append(ids, addTweet(t, tp, "我今天去公园散步了 #春天# "+idstr(int64(i))))
	}
	k.Drain()

	var st struct {
		TotalNum  int               `json:"totalnum"`
		HasNext   int               `json:"hasnext"`
		CostTime  int64             `json:"costtime"`
		Timestamp int64             `json:"timestamp"`
		Info      []tweet           `json:"info"`
		User      map[string]string `json:"user"`
	}
	tq.MustOK(tq.Get("/api/search/t", vals("keyword", "公园", "pagesize", "2", "page", "1")), &st)
	if len(st.Info) != 2 || st.TotalNum != 3 || st.HasNext != 1 || st.Info[0].ID != ids[2] || st.User["pam"] != "pam" {
		t.Fatalf("search/t page 1 = %+v", st)
	}
	tq.MustOK(tq.Get("/api/search/t", vals("keyword", "公园", "pagesize", "2", "page", "2")), &st)
	if len(st.Info) != 1 || st.HasNext != 2 {
		t.Fatalf("search/t page 2 = %+v", st)
	}
	tq.MustFail(tq.Get("/api/search/t", nil), 1, 1)
	tq.MustFail(tq.Get("/api/search/t", vals("keyword", "x", "page", "0")), 1, 1)

	var su struct {
		Timestamp int64 `json:"timestamp"`
		TotalNum  int   `json:"totalnum"`
		HasNext   int   `json:"hasnext"`
		CostTime  int64 `json:"costtime"`
		Info      []struct {
			Name  string `json:"name"`
			Tweet *struct {
				ID int64 `json:"id"`
			} `json:"tweet"`
		} `json:"info"`
	}
	env := tq.MustOK(tq.Get("/api/search/user", vals("keyword", "pa")), nil)
	if err := jsonLoose(env.Data, &su); err != nil || len(su.Info) != 1 || su.Info[0].Name != "pam" ||
		su.Info[0].Tweet == nil || su.Info[0].Tweet.ID != ids[2] || su.HasNext != 1 {
		t.Fatalf("search/user = %+v (%v)", su, err)
	}
	tq.MustFail(tq.Get("/api/search/user", vals("keyword", " ")), 1, 1)

	var ht struct {
		Timestamp int64             `json:"timestamp"`
		HasNext   int               `json:"hasnext"`
		PageInfo  string            `json:"pageinfo"`
		TotalNum  int               `json:"totalnum"`
		ID        string            `json:"id"`
		IsFav     int               `json:"isfav"`
		Info      []tweet           `json:"info"`
		User      map[string]string `json:"user"`
	}
	tq.MustOK(tq.Get("/api/statuses/ht_timeline", vals("httext", "春天", "reqnum", "2")), &ht)
	if len(ht.Info) != 2 || ht.Info[0].ID != ids[2] || ht.HasNext != 2 || ht.PageInfo == "" || ht.TotalNum != 3 || ht.IsFav != 0 {
		t.Fatalf("ht_timeline = %+v", ht)
	}
	tq.MustOK(tq.Get("/api/statuses/ht_timeline", vals("httext", "#春天#", "reqnum", "2", "pageflag", "1", "pageinfo", ht.PageInfo)), &ht)
	if len(ht.Info) != 1 || ht.Info[0].ID != ids[0] || ht.HasNext != 1 {
		t.Fatalf("ht_timeline page 2 = %+v", ht)
	}
	tq.MustFail(tq.Get("/api/statuses/ht_timeline", nil), 1, 1)
	tq.MustFail(tq.Get("/api/statuses/ht_timeline", vals("httext", "春天", "pageflag", "1", "pageinfo", "junk")), 1, 1)
	tq.MustFail(tq.Get("/api/statuses/ht_timeline", vals("httext", "春天", "pageflag", "3")), 1, 1)

	var tr struct {
		Pos     int `json:"pos"`
		HasNext int `json:"hasnext"`
		Info    []struct {
			Name     string `json:"name"`
			Keywords string `json:"keywords"`
			Type     int    `json:"type"`
		} `json:"info"`
	}
	tq.MustOK(tq.Get("/api/trends/ht", vals("type", "3", "reqnum", "1")), &tr)
	if len(tr.Info) != 1 || tr.Info[0].Name != "春天" || tr.Info[0].Type != 0 || tr.HasNext != 0 || tr.Pos != 1 {
		t.Fatalf("trends/ht = %+v", tr)
	}
	tq.MustOK(tq.Get("/api/trends/ht", vals("type", "3", "reqnum", "1", "pos", "1")), &tr)
	if len(tr.Info) != 1 || tr.Info[0].Type != 1 || tr.HasNext != 1 {
		t.Fatalf("trends/ht page 2 = %+v", tr)
	}
	tq.MustFail(tq.Get("/api/trends/ht", vals("type", "4")), 1, 1)

	var tag struct {
		TagID string `json:"tagid"`
	}
	tp.MustOK(tp.Post("/api/tag/add", vals("tag", "摄影")), &tag)
	var p profile
	tq.MustOK(tq.Get("/api/user/other_info", vals("name", "pam")), &p)
	if len(p.Tag) != 1 || p.Tag[0].Name != "摄影" || idstr(p.Tag[0].ID) != tag.TagID {
		t.Fatalf("other_info tags = %+v (tag %s)", p.Tag, tag.TagID)
	}
	var again struct {
		TagID string `json:"tagid"`
	}
	tp.MustOK(tp.Post("/api/tag/add", vals("tag", "摄影")), &again) // the same tag: its id again
	if again.TagID != tag.TagID {
		t.Fatalf("tag/add twice: %s then %s", tag.TagID, again.TagID)
	}
	tp.MustFail(tp.Post("/api/tag/add", nil), 1, 1)
	tp.MustOK(tp.Post("/api/tag/del", vals("tagid", tag.TagID)), nil)
	tp.MustOK(tp.Get("/api/user/info", nil), &p)
	if len(p.Tag) != 0 {
		t.Fatalf("user/info tags after tag/del = %+v", p.Tag)
	}
	tp.MustFail(tp.Post("/api/tag/del", vals("tagid", "abc")), 1, 1)
}

func TestKnownPerson(t *testing.T) {
	k := testkit.Start(t)
	rae, sam, tom := k.NewUser("rae"), k.NewUser("sam"), k.NewUser("tom")
	tr, ts := rae.Tencent(k), sam.Tencent(k)
	_ = tom
	tr.MustOK(tr.Post("/api/friends/add", vals("name", "sam")), nil)
	ts.MustOK(ts.Post("/api/friends/add", vals("name", "tom")), nil)

	var known []struct {
		Name string `json:"name"`
		Nick string `json:"nick"`
		Head string `json:"head"`
	}
	tr.MustOK(tr.Get("/api/other/kownperson", vals("ip", "10.0.0.1")), &known)
	if len(known) != 1 || known[0].Name != "tom" || known[0].Head == "" {
		t.Fatalf("kownperson = %+v", known)
	}
	tr.MustOK(tr.Get("/api/other/knownperson", vals("ip", "10.0.0.1", "province_code", "44")), &known)
	if len(known) != 1 {
		t.Fatalf("knownperson = %+v", known)
	}
	var x struct {
		Data []struct {
			Name string `xml:"name"`
		} `xml:"data"`
	}
	r := tr.Get("/api/other/kownperson", vals("format", "xml"))
	mustXMLRoot(t, r, &x)
	if len(x.Data) != 1 || x.Data[0].Name != "tom" {
		t.Fatalf("kownperson as XML = %+v: %s", x, r.Body)
	}
	tr.MustFail(tr.Get("/api/other/kownperson", vals("ip", "not-an-ip")), 1, 1)
	tr.MustFail(tr.Get("/api/other/kownperson", vals("city_code", "x")), 1, 1)
}

func TestUserUpdate(t *testing.T) {
	k := testkit.Start(t)
	wes := k.NewUser("wes")
	k.NewUser("xia")
	tw := wes.Tencent(k)
	tw.MustOK(tw.Post("/api/user/update", vals("sex", "2", "introduction", "你好", "year", "1984", "month", "3", "day", "28",
		"countrycode", "1", "provincecode", "44", "citycode", "3")), nil)
	var p profile
	tw.MustOK(tw.Get("/api/user/info", nil), &p)
	if p.Sex != 2 || p.Introduction != "你好" || p.Name != "wes" {
		t.Fatalf("user/info after update = %+v", p)
	}
	// Sina sees the same profile.
	r := wes.Get("/2/users/show.json", vals("screen_name", "wes"))
	if !strings.Contains(string(r.Body), `"gender":"f"`) || !strings.Contains(string(r.Body), `"description":"你好"`) {
		t.Fatalf("sina users/show: %s", r.Body)
	}
	tw.MustOK(tw.Post("/api/user/update", vals("nick", "wes2")), nil)
	tw.MustOK(tw.Get("/api/user/info", nil), &p)
	if p.Name != "wes2" || p.Nick != "wes2" || p.Sex != 2 {
		t.Fatalf("user/info after renaming = %+v", p)
	}
	tw.MustFail(tw.Post("/api/user/update", vals("nick", "xia")), 1, 1) // taken
	tw.MustFail(tw.Post("/api/user/update", vals("sex", "3")), 1, 1)
	tw.MustFail(tw.Post("/api/user/update", vals("year", "1800")), 1, 1)
	tw.MustFail(tw.Post("/api/user/update", vals("month", "13")), 1, 1)
	tw.MustFail(tw.Post("/api/user/update", vals("introduction", strings.Repeat("长", 71))), 1, 1)
	tw.MustFail(tw.Get("/api/user/update", vals("sex", "1")), 1, 1)
}

// search/userbytag finds the people carrying a user tag, newest account
// first, a page at a time, each with their tags; blocks hide either side.
func TestSearchUsersByTag(t *testing.T) {
	k := testkit.Start(t)
	pam, quin, rae := k.NewUser("pam"), k.NewUser("quinn"), k.NewUser("rae")
	tp, tq, tr := pam.Tencent(k), quin.Tencent(k), rae.Tencent(k)
	tp.MustOK(tp.Post("/api/tag/add", vals("tag", "摄影")), nil)
	tr.MustOK(tr.Post("/api/tag/add", vals("tag", "摄影")), nil)
	tr.MustOK(tr.Post("/api/tag/add", vals("tag", "Travel")), nil)

	type found struct {
		Timestamp int64 `json:"timestamp"`
		TotalNum  int   `json:"totalnum"`
		HasNext   int   `json:"hasnext"`
		CostTime  int64 `json:"costtime"`
		Info      []struct {
			Name   string `json:"name"`
			IsVip  int    `json:"isvip"`
			IsIdol int    `json:"isidol"`
			Tag    []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"tag"`
		} `json:"info"`
	}
	search := func(kv ...string) found {
		t.Helper()
		var f found
		env := tq.MustOK(tq.Get("/api/search/userbytag", vals(kv...)), nil)
		if err := jsonLoose(env.Data, &f); err != nil {
			t.Fatalf("search/userbytag %v: %v", kv, err)
		}
		return f
	}
	f := search("keyword", "摄影", "pagesize", "1")
	if f.TotalNum != 2 || f.HasNext != 0 || len(f.Info) != 1 || f.Info[0].Name != "rae" || len(f.Info[0].Tag) != 2 || f.Timestamp == 0 {
		t.Fatalf("page 1 = %+v", f)
	}
	f = search("keyword", "摄影", "pagesize", "1", "page", "2")
	if f.TotalNum != 2 || f.HasNext != 1 || len(f.Info) != 1 || f.Info[0].Name != "pam" || f.Info[0].Tag[0].Name != "摄影" {
		t.Fatalf("page 2 = %+v", f)
	}
	if f = search("keyword", "travel"); f.TotalNum != 1 || len(f.Info) != 1 || f.Info[0].Name != "rae" {
		t.Fatalf("a tag's text is compared case-insensitively: %+v", f)
	}
	if f = search("keyword", "没人用的标签"); f.TotalNum != 0 || f.HasNext != 1 || f.Info == nil || len(f.Info) != 0 {
		t.Fatalf("an unknown tag = %+v", f)
	}

	// A block either way takes the person out of the page.
	if _, err := k.App.Core.Block(context.Background(), pam.Viewer(), core.UserRef{ID: quin.ID}); err != nil {
		t.Fatal(err)
	}
	if f = search("keyword", "摄影"); len(f.Info) != 1 || f.Info[0].Name != "rae" {
		t.Fatalf("after pam blocked the searcher = %+v", f)
	}

	tq.MustFail(tq.Get("/api/search/userbytag", nil), 1, 1)
	tq.MustFail(tq.Get("/api/search/userbytag", vals("keyword", " ")), 1, 1)
	tq.MustFail(tq.Get("/api/search/userbytag", vals("keyword", "摄影", "pagesize", "0")), 1, 1)
	if f = search("keyword", "摄影", "pagesize", "1000"); len(f.Info) != 1 { // clamped to 20, as search/user
		t.Fatalf("pagesize 1000 = %+v", f)
	}
	tq.MustFail(tq.Get("/api/search/userbytag", vals("keyword", "摄影", "page", "0")), 1, 1)
}
