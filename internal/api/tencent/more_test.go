package tencent_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

func TestTimelines(t *testing.T) {
	k := testkit.Start(t)
	amy, ben := k.NewUser("amy"), k.NewUser("ben")
	ta, tb := amy.Tencent(k), ben.Tencent(k)
	a1 := addTweet(t, ta, "amy one")
	a2 := addTweet(t, ta, "amy two")
	b1 := addTweet(t, tb, "hi @amy")
	k.Drain()

	var ut timeline
	tb.MustOK(tb.Get("/api/statuses/user_timeline", vals("name", "amy", "reqnum", "1")), &ut)
	if len(ut.Info) != 1 || ut.Info[0].ID != a2 || ut.HasNext != 0 || ut.TotalNum == nil || *ut.TotalNum != 2 || ut.Info[0].Self != 0 {
		t.Fatalf("user_timeline = %+v", ut)
	}
	tb.MustFail(tb.Get("/api/statuses/user_timeline", nil), 1, 1)
	tb.MustFail(tb.Get("/api/statuses/user_timeline", vals("name", "nobody")), 1, 6)

	var bt timeline
	ta.MustOK(ta.Get("/api/statuses/broadcast_timeline", nil), &bt)
	if len(bt.Info) != 2 || bt.Info[1].ID != a1 || bt.HasNext != 1 || *bt.TotalNum != 2 {
		t.Fatalf("broadcast_timeline = %+v", bt)
	}

	var mt timeline
	ta.MustOK(ta.Get("/api/statuses/mentions_timeline", nil), &mt)
	if len(mt.Info) != 1 || mt.Info[0].ID != b1 || mt.User["ben"] != "ben" {
		t.Fatalf("mentions_timeline = %+v", mt)
	}
	ta.MustFail(ta.Get("/api/statuses/mentions_timeline", vals("pageflag", "9")), 1, 1)

	var pub struct {
		Pos int64 `json:"pos"`
		timeline
	}
	ta.MustOK(ta.Get("/api/statuses/public_timeline", vals("reqnum", "2")), &pub)
	if len(pub.Info) != 2 || pub.Info[0].ID != b1 || pub.Pos != a2 || pub.HasNext != 0 {
		t.Fatalf("public_timeline = %+v", pub)
	}
	var pub2 struct {
		Pos int64 `json:"pos"`
		timeline
	}
	ta.MustOK(ta.Get("/api/statuses/public_timeline", vals("reqnum", "2", "pos", idstr(pub.Pos))), &pub2)
	if len(pub2.Info) != 1 || pub2.Info[0].ID != a1 || pub2.HasNext != 1 {
		t.Fatalf("public_timeline page 2 = %+v", pub2)
	}
	ta.MustFail(ta.Get("/api/statuses/public_timeline", vals("pos", "-1")), 1, 1)
}

func TestRepostCommentAndCounts(t *testing.T) {
	k := testkit.Start(t)
	cat, dog := k.NewUser("cat"), k.NewUser("dog")
	tc, td := cat.Tencent(k), dog.Tencent(k)
	root := addTweet(t, tc, "root tweet")

	var re posted
	td.MustOK(td.Post("/api/t/re_add", vals("reid", idstr(root), "content", "转一下")), &re)
	var cm posted
	td.MustOK(td.Post("/api/t/comment", vals("reid", idstr(root), "content", "评论", "clientip", "127.0.0.1")), &cm)
	var rp posted
	td.MustOK(td.Post("/api/t/reply", vals("reid", idstr(root), "content", "回复")), &rp)

	// The repost is a Sina repost; the comments are Sina comments.
	var sst struct {
		RetweetedStatus struct {
			ID int64 `json:"id"`
		} `json:"retweeted_status"`
	}
	if r := dog.Get("/2/statuses/show.json", vals("id", idstr(re.ID))); json.Unmarshal(r.Body, &sst) != nil || sst.RetweetedStatus.ID != root {
		t.Fatalf("sina show of t/re_add: %s", r.Body)
	}
	r := cat.Get("/2/comments/show.json", vals("id", idstr(root)))
	if !strings.Contains(string(r.Body), `"total_number":2`) {
		t.Fatalf("sina comments of the root: %s", r.Body)
	}

	var counts map[string]int
	tc.MustOK(tc.Get("/api/t/re_count", vals("ids", idstr(root), "flag", "0")), &counts)
	if counts[idstr(root)] != 1 {
		t.Fatalf("re_count flag 0 = %v", counts)
	}
	tc.MustOK(tc.Get("/api/t/re_count", vals("ids", idstr(root), "flag", "1")), &counts)
	if counts[idstr(root)] != 2 {
		t.Fatalf("re_count flag 1 = %v", counts)
	}
	var both map[string]struct {
		Count  int `json:"count"`
		MCount int `json:"mcount"`
	}
	tc.MustOK(tc.Get("/api/t/re_count", vals("ids", idstr(root)+","+idstr(re.ID), "flag", "2")), &both)
	if both[idstr(root)].Count != 1 || both[idstr(root)].MCount != 2 || len(both) != 2 {
		t.Fatalf("re_count flag 2 = %v", both)
	}
	var x struct {
		Items []struct {
			ID    string `xml:"id,attr"`
			Value int    `xml:",chardata"`
		} `xml:"item"`
	}
	mustXML(t, tc.Get("/api/t/re_count", vals("ids", idstr(root), "format", "xml")), &x)
	if len(x.Items) != 1 || x.Items[0].ID != idstr(root) || x.Items[0].Value != 1 {
		t.Fatalf("re_count as XML = %+v", x)
	}
	var many []string
	for i := range 31 {
		many = append(many, idstr(int64(i+1)))
	}
	tc.MustFail(tc.Get("/api/t/re_count", vals("ids", strings.Join(many, ","))), 1, 1)
	tc.MustFail(tc.Get("/api/t/re_count", nil), 1, 1)
	tc.MustFail(tc.Get("/api/t/re_count", vals("ids", idstr(root), "flag", "3")), 1, 1)

	var list timeline
	tc.MustOK(tc.Get("/api/t/re_list", vals("rootid", idstr(root), "flag", "2", "reqnum", "2")), &list)
	// The reply reads back as type 4, the comment as 7 (spec §8.1).
	if len(list.Info) != 2 || list.Info[0].ID != rp.ID || list.Info[0].Type != 4 || list.Info[0].Source == nil ||
		list.Info[0].Source.ID != root || list.Info[1].ID != cm.ID || list.Info[1].Type != 7 || list.HasNext != 0 || *list.TotalNum != 3 {
		t.Fatalf("re_list flag 2 = %+v", list)
	}
	var next timeline
	tc.MustOK(tc.Get("/api/t/re_list", vals("rootid", idstr(root), "flag", "2", "reqnum", "2", "pageflag", "1",
		"twitterid", idstr(cm.ID))), &next)
	if len(next.Info) != 1 || next.Info[0].ID != re.ID || next.Info[0].Type != 2 || next.HasNext != 1 {
		t.Fatalf("re_list page 2 = %+v", next)
	}
	tc.MustOK(tc.Get("/api/t/re_list", vals("rootid", idstr(root))), &list)
	if len(list.Info) != 1 || list.Info[0].ID != re.ID {
		t.Fatalf("re_list flag 0 = %+v", list)
	}
	tc.MustFail(tc.Get("/api/t/re_list", nil), 1, 1)
	tc.MustFail(tc.Get("/api/t/re_list", vals("rootid", idstr(root), "flag", "5")), 1, 1)

	// Writes on a tweet that is gone: errcode 11.
	td.MustOK(td.Post("/api/t/del", vals("id", idstr(re.ID))), nil)
	tc.MustOK(tc.Post("/api/t/del", vals("id", idstr(root))), nil)
	td.MustFail(td.Post("/api/t/re_add", vals("reid", idstr(root))), 1, 11)
	td.MustFail(td.Post("/api/t/comment", vals("reid", idstr(root), "content", "late")), 1, 11)
	td.MustFail(td.Post("/api/t/reply", vals("reid", "999", "content", "late")), 1, 11)
	td.MustFail(td.Post("/api/t/comment", vals("reid", idstr(root))), 1, 1) // no content
	td.MustFail(td.Post("/api/t/re_add", nil), 1, 1)
}

func TestFriends(t *testing.T) {
	k := testkit.Start(t)
	eel, fox, gnu := k.NewUser("eel"), k.NewUser("fox"), k.NewUser("gnu")
	te, tf := eel.Tencent(k), fox.Tencent(k)
	_ = gnu
	te.MustOK(te.Post("/api/friends/add", vals("name", "fox")), nil)
	te.MustOK(te.Post("/api/friends/add", vals("name", "gnu")), nil)
	addTweet(t, tf, "fox says")

	// Seen through Sina.
	r := eel.Get("/2/friendships/show.json", vals("target_screen_name", "fox"))
	if !strings.Contains(string(r.Body), `"following":true`) {
		t.Fatalf("sina friendships/show: %s", r.Body)
	}
	var idols struct {
		Timestamp int64 `json:"timestamp"`
		HasNext   int   `json:"hasnext"`
		Info      []struct {
			Name         string `json:"name"`
			Nick         string `json:"nick"`
			Head         string `json:"head"`
			Location     string `json:"location"`
			CountryCode  string `json:"country_code"`
			ProvinceCode string `json:"province_code"`
			CityCode     string `json:"city_code"`
			Tweet        *struct {
				Text      string `json:"text"`
				From      string `json:"from"`
				ID        int64  `json:"id"`
				Timestamp int64  `json:"timestamp"`
			} `json:"tweet"`
			FansNum int   `json:"fansnum"`
			IdolNum int   `json:"idolnum"`
			IsIdol  int   `json:"isidol"`
			IsVip   int   `json:"isvip"`
			Tag     []any `json:"tag"`
		} `json:"info"`
	}
	te.MustOK(te.Get("/api/friends/idollist", vals("reqnum", "1")), &idols)
	if len(idols.Info) != 1 || idols.Info[0].Name != "gnu" || idols.HasNext != 0 || idols.Info[0].IsIdol != 1 {
		t.Fatalf("idollist = %+v", idols)
	}
	te.MustOK(te.Get("/api/friends/idollist", vals("reqnum", "1", "startindex", "1")), &idols)
	if len(idols.Info) != 1 || idols.Info[0].Name != "fox" || idols.HasNext != 1 || idols.Info[0].Tweet == nil ||
		idols.Info[0].Tweet.Text != "fox says" || idols.Info[0].FansNum != 1 {
		t.Fatalf("idollist page 2 = %+v", idols)
	}
	tf.MustOK(tf.Get("/api/friends/fanslist", nil), &idols)
	if len(idols.Info) != 1 || idols.Info[0].Name != "eel" || idols.Info[0].IsIdol != 0 {
		t.Fatalf("fanslist = %+v", idols)
	}
	tf.MustOK(tf.Get("/api/friends/user_idollist", vals("name", "eel")), &idols)
	if len(idols.Info) != 2 {
		t.Fatalf("user_idollist = %+v", idols)
	}
	tf.MustOK(tf.Get("/api/friends/user_fanslist", vals("name", "gnu")), &idols)
	if len(idols.Info) != 1 || idols.Info[0].Name != "eel" {
		t.Fatalf("user_fanslist = %+v", idols)
	}
	tf.MustFail(tf.Get("/api/friends/user_fanslist", vals("name", "nobody")), 1, 6)
	tf.MustFail(tf.Get("/api/friends/user_fanslist", nil), 1, 1)
	tf.MustFail(tf.Get("/api/friends/fanslist", vals("reqnum", "0")), 1, 1)

	var check map[string]bool
	tf.MustOK(tf.Get("/api/friends/check", vals("names", "eel,gnu,nobody", "flag", "0")), &check)
	if !check["eel"] || check["gnu"] || check["nobody"] || len(check) != 3 {
		t.Fatalf("check flag 0 = %v", check)
	}
	var check2 map[string]struct {
		IsIdol bool `json:"isidol"`
		IsFans bool `json:"isfans"`
	}
	te.MustOK(te.Get("/api/friends/check", vals("names", "fox", "flag", "2")), &check2)
	if !check2["fox"].IsIdol || check2["fox"].IsFans {
		t.Fatalf("check flag 2 = %v", check2)
	}
	te.MustFail(te.Get("/api/friends/check", nil), 1, 1)
	te.MustFail(te.Get("/api/friends/check", vals("names", "a,,b")), 1, 1)

	var oi profile
	tf.MustOK(tf.Get("/api/user/other_info", vals("name", "eel")), &oi)
	if oi.Name != "eel" || oi.IsMyIdol == nil || *oi.IsMyIdol != 0 || *oi.IsMyFans != 1 || *oi.IsMyBlack != 0 || oi.IdolNum != 2 {
		t.Fatalf("other_info = %+v", oi)
	}
	tf.MustFail(tf.Get("/api/user/other_info", vals("name", "nobody")), 1, 6)
	tf.MustFail(tf.Get("/api/user/other_info", nil), 1, 1)

	// Unfollow, errors of follow.
	te.MustOK(te.Post("/api/friends/del", vals("name", "gnu")), nil)
	te.MustFail(te.Post("/api/friends/del", vals("name", "gnu")), 1, 1)
	te.MustFail(te.Post("/api/friends/add", vals("name", "eel")), 1, 1) // oneself
	te.MustFail(te.Post("/api/friends/add", vals("name", "nobody")), 1, 6)
	te.MustFail(te.Post("/api/friends/add", nil), 1, 1)

	// The blacklist: a blocked user cannot follow the blocker.
	tf.MustOK(tf.Post("/api/friends/addblacklist", vals("name", "gnu")), nil)
	var bl struct {
		Timestamp int64 `json:"timestamp"`
		HasNext   int   `json:"hasnext"`
		Info      []struct {
			Name string `json:"name"`
			Nick string `json:"nick"`
			Head string `json:"head"`
		} `json:"info"`
	}
	tf.MustOK(tf.Get("/api/friends/blacklist", nil), &bl)
	if len(bl.Info) != 1 || bl.Info[0].Name != "gnu" || bl.HasNext != 1 {
		t.Fatalf("blacklist = %+v", bl)
	}
	tg := gnu.Tencent(k)
	tg.MustFail(tg.Post("/api/friends/add", vals("name", "fox")), 1, 5)
	tf.MustOK(tf.Get("/api/user/other_info", vals("name", "gnu")), &oi)
	if *oi.IsMyBlack != 1 {
		t.Fatalf("other_info of a blocked user = %+v", oi)
	}
	tf.MustFail(tf.Post("/api/friends/addblacklist", vals("name", "gnu")), 1, 1)
	tf.MustOK(tf.Post("/api/friends/delblacklist", vals("name", "gnu")), nil)
	tf.MustFail(tf.Post("/api/friends/delblacklist", vals("name", "gnu")), 1, 1)
}

func TestFavorites(t *testing.T) {
	k := testkit.Start(t)
	hen := k.NewUser("hen")
	th := hen.Tencent(k)
	id := addTweet(t, th, "keep me")
	var f struct {
		TweetID int64 `json:"tweetid"`
	}
	th.MustOK(th.Post("/api/fav/addt", vals("id", idstr(id))), &f)
	if f.TweetID != id {
		t.Fatalf("fav/addt = %+v", f)
	}
	r := hen.Get("/2/favorites.json", nil)
	if !strings.Contains(string(r.Body), `"total_number":1`) {
		t.Fatalf("sina favorites: %s", r.Body)
	}
	th.MustOK(th.Post("/api/fav/addt", vals("id", idstr(id))), nil) // already kept: no error, as Sina
	th.MustFail(th.Post("/api/fav/addt", vals("id", "999")), 1, 6)
	th.MustOK(th.Post("/api/fav/delt", vals("id", idstr(id))), &f)
	th.MustFail(th.Post("/api/fav/delt", vals("id", idstr(id))), 1, 6) // not kept: no such record
	th.MustFail(th.Post("/api/fav/delt", nil), 1, 1)
}

func TestFavoriteList(t *testing.T) {
	k := testkit.Start(t)
	yan := k.NewUser("yan")
	ty := yan.Tencent(k)
	var ids []int64
	for i := range 3 {
		id := addTweet(t, ty, "fav "+idstr(int64(i)))
		ty.MustOK(ty.Post("/api/fav/addt", vals("id", idstr(id))), nil)
		ids = append([]int64{id}, ids...)
	}
	type favList struct {
		Timestamp int64   `json:"timestamp"`
		HasNext   int     `json:"hasnext"`
		NextTime  int64   `json:"nexttime"`
		PrevTime  int64   `json:"prevtime"`
		TotalNum  int     `json:"totalnum"`
		Info      []tweet `json:"info"`
	}
	var p1 favList
	ty.MustOK(ty.Get("/api/fav/list_t", vals("reqnum", "2")), &p1)
	if len(p1.Info) != 2 || p1.Info[0].ID != ids[0] || p1.HasNext != 0 || p1.TotalNum != 3 || p1.NextTime == 0 {
		t.Fatalf("fav/list_t = %+v", p1)
	}
	var p2 favList
	ty.MustOK(ty.Get("/api/fav/list_t", vals("reqnum", "2", "pageflag", "1", "nexttime", idstr(p1.NextTime),
		"lastid", idstr(p1.Info[1].ID))), &p2)
	if len(p2.Info) != 1 || p2.Info[0].ID != ids[2] || p2.HasNext != 1 {
		t.Fatalf("fav/list_t page 2 = %+v", p2)
	}
	var up favList
	ty.MustOK(ty.Get("/api/fav/list_t", vals("reqnum", "5", "pageflag", "2", "lastid", idstr(ids[2]))), &up)
	if len(up.Info) != 2 || up.Info[0].ID != ids[0] || up.HasNext != 1 {
		t.Fatalf("fav/list_t up = %+v", up)
	}
	ty.MustFail(ty.Get("/api/fav/list_t", vals("pageflag", "5")), 1, 1)
	ty.MustFail(ty.Get("/api/fav/list_t", vals("nexttime", "x")), 1, 1)
}
