package tencent_test

import (
	"context"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

type privateTweet struct {
	tweet
	ToName string `json:"toname"`
	ToNick string `json:"tonick"`
	ToHead string `json:"tohead"`
}

type box struct {
	Timestamp int64          `json:"timestamp"`
	HasNext   int            `json:"hasnext"`
	TotalNum  int            `json:"totalnum"`
	Info      []privateTweet `json:"info"`
}

type updates struct {
	Home     int `json:"home"`
	Private  int `json:"private"`
	Fans     int `json:"fans"`
	Mentions int `json:"mentions"`
	Create   int `json:"create"`
}

func TestPrivateMessages(t *testing.T) {
	k := testkit.Start(t)
	ivy, jay, kim := k.NewUser("ivy"), k.NewUser("jay"), k.NewUser("kim")
	ti, tj, tk := ivy.Tencent(k), jay.Tencent(k), kim.Tencent(k)

	var sent struct {
		TweetID   int64 `json:"tweetid"`
		Timestamp int64 `json:"timestamp"`
	}
	ti.MustOK(ti.Post("/api/private/add", vals("name", "jay", "content", "悄悄话", "clientip", "127.0.0.1")), &sent)
	first := sent.TweetID
	ti.MustOK(ti.Post("/api/private/add", vals("name", "jay", "content", "second")), &sent)
	if sent.TweetID <= first || sent.Timestamp == 0 {
		t.Fatalf("private/add = %+v", sent)
	}

	var u updates
	tj.MustOK(tj.Get("/api/info/update", vals("op", "0")), &u)
	if u.Private != 2 {
		t.Fatalf("info/update = %+v", u)
	}
	// Sina's remind counts the same messages.
	r := jay.Get("/2/remind/unread_count.json", vals("uid", idstr(jay.ID)))
	if !strings.Contains(string(r.Body), `"dm":2`) {
		t.Fatalf("sina remind: %s", r.Body)
	}

	var in box
	tj.MustOK(tj.Get("/api/private/recv", vals("reqnum", "1")), &in)
	if len(in.Info) != 1 || in.Info[0].ID != sent.TweetID || in.Info[0].Type != 3 || in.Info[0].Name != "ivy" ||
		in.Info[0].Self != 0 || in.HasNext != 0 || in.TotalNum != 2 || in.Info[0].ToName != "" {
		t.Fatalf("private/recv = %+v", in)
	}
	tj.MustOK(tj.Get("/api/private/recv", vals("reqnum", "1", "pageflag", "1", "lastid", idstr(in.Info[0].ID))), &in)
	if len(in.Info) != 1 || in.Info[0].ID != first || in.HasNext != 1 {
		t.Fatalf("private/recv page 2 = %+v", in)
	}
	var out box
	ti.MustOK(ti.Get("/api/private/send", nil), &out)
	if len(out.Info) != 2 || out.Info[0].ToName != "jay" || out.Info[0].ToHead == "" || out.Info[0].Self != 1 {
		t.Fatalf("private/send = %+v", out)
	}
	var x struct {
		Info []struct {
			ToName string `xml:"toname"`
		} `xml:"info"`
	}
	mustXML(t, ti.Get("/api/private/send", vals("format", "xml")), &x)
	if len(x.Info) != 2 || x.Info[0].ToName != "jay" {
		t.Fatalf("private/send as XML = %+v", x)
	}

	// op=1 type=7 reads, then clears the counter.
	tj.MustOK(tj.Get("/api/info/update", vals("op", "1", "type", "7")), &u)
	if u.Private != 2 {
		t.Fatalf("info/update op 1 = %+v", u)
	}
	tj.MustOK(tj.Get("/api/info/update", nil), &u)
	if u.Private != 0 {
		t.Fatalf("info/update after clearing = %+v", u)
	}
	tj.MustFail(tj.Get("/api/info/update", vals("op", "1")), 1, 1)
	tj.MustFail(tj.Get("/api/info/update", vals("op", "2")), 1, 1)

	// Deleting takes a message out of one's own box only.
	var del struct {
		TweetID int64 `json:"tweetid"`
	}
	tj.MustOK(tj.Post("/api/private/del", vals("id", idstr(first))), &del)
	tj.MustOK(tj.Get("/api/private/recv", nil), &in)
	ti.MustOK(ti.Get("/api/private/send", nil), &out)
	if len(in.Info) != 1 || len(out.Info) != 2 || del.TweetID != first {
		t.Fatalf("after delete: inbox %d, outbox %d", len(in.Info), len(out.Info))
	}
	tj.MustFail(tj.Post("/api/private/del", vals("id", idstr(first))), 1, 6)
	tk.MustFail(tk.Post("/api/private/del", vals("id", idstr(sent.TweetID))), 1, 6) // not kim's
	tk.MustFail(tk.Post("/api/private/del", nil), 1, 1)

	// Who may message whom.
	ti.MustFail(ti.Post("/api/private/add", vals("name", "ivy", "content", "me")), 1, 5)
	ti.MustFail(ti.Post("/api/private/add", vals("name", "nobody", "content", "x")), 1, 6)
	ti.MustFail(ti.Post("/api/private/add", vals("name", "jay")), 1, 1)
	ti.MustFail(ti.Post("/api/private/add", vals("name", "jay", "content", "  ")), 1, 1)
	ti.MustFail(ti.Post("/api/private/add", vals("name", "jay", "content", strings.Repeat("长", 301))), 1, 8)
	ti.MustFail(ti.Post("/api/private/add", vals("content", "x")), 1, 1)
	tj.MustOK(tj.Post("/api/friends/addblacklist", vals("name", "kim")), nil)
	tk.MustFail(tk.Post("/api/private/add", vals("name", "jay", "content", "hi")), 1, 5)
	if _, err := k.App.Core.SetPrivacy(context.Background(), ivy.ID, domain.Privacy{Message: domain.PrivacyFollowed}); err != nil {
		t.Fatal(err)
	}
	tj.MustFail(tj.Post("/api/private/add", vals("name", "ivy", "content", "hi")), 1, 5)
	ti.MustOK(ti.Post("/api/friends/add", vals("name", "jay")), nil)
	tj.MustOK(tj.Post("/api/private/add", vals("name", "ivy", "content", "hi")), nil)
}

func TestSpecialFollow(t *testing.T) {
	k := testkit.Start(t)
	lee, max, ned := k.NewUser("lee"), k.NewUser("max"), k.NewUser("ned")
	tl, tm, tn := lee.Tencent(k), max.Tencent(k), ned.Tencent(k)
	tl.MustOK(tl.Post("/api/friends/add", vals("name", "ned")), nil)
	// A special follow of someone not yet followed follows them too.
	tl.MustOK(tl.Post("/api/friends/addspecial", vals("name", "max")), nil)
	m1 := addTweet(t, tm, "max writes")
	addTweet(t, tn, "ned writes")
	k.Drain()

	var st timeline
	tl.MustOK(tl.Get("/api/statuses/special_timeline", nil), &st)
	if len(st.Info) != 1 || st.Info[0].ID != m1 || st.HasNext != 1 || st.TotalNum == nil || *st.TotalNum != 1 {
		t.Fatalf("special_timeline = %+v", st)
	}
	var home timeline
	tl.MustOK(tl.Get("/api/statuses/home_timeline", nil), &home)
	if len(home.Info) != 2 {
		t.Fatalf("home_timeline = %+v", home)
	}

	var list struct {
		Timestamp int64 `json:"timestamp"`
		HasNext   int   `json:"hasnext"`
		Info      []struct {
			Name   string `json:"name"`
			IsIdol int    `json:"isidol"`
		} `json:"info"`
	}
	decode := func(r *testkit.Response) {
		t.Helper()
		env := tl.MustOK(r, nil)
		if err := jsonLoose(env.Data, &list); err != nil {
			t.Fatal(err)
		}
	}
	decode(tl.Get("/api/friends/speciallist", nil))
	if len(list.Info) != 1 || list.Info[0].Name != "max" || list.Info[0].IsIdol != 1 || list.HasNext != 1 {
		t.Fatalf("speciallist = %+v", list)
	}
	decode(tn.Get("/api/friends/user_speciallist", vals("name", "lee")))
	if len(list.Info) != 1 || list.Info[0].Name != "max" || list.Info[0].IsIdol != 0 {
		t.Fatalf("user_speciallist = %+v", list)
	}
	tn.MustFail(tn.Get("/api/friends/user_speciallist", vals("name", "nobody")), 1, 6)

	tl.MustFail(tl.Post("/api/friends/addspecial", vals("name", "max")), 1, 1) // already
	tl.MustFail(tl.Post("/api/friends/addspecial", vals("name", "lee")), 1, 1) // oneself
	tl.MustFail(tl.Post("/api/friends/addspecial", vals("name", "nobody")), 1, 6)
	// The seed's misspelling works too.
	tl.MustOK(tl.Post("/api/friends/delspecail", vals("name", "max")), nil)
	tl.MustFail(tl.Post("/api/friends/delspecial", vals("name", "max")), 1, 1)
	decode(tl.Get("/api/friends/speciallist", nil))
	if len(list.Info) != 0 {
		t.Fatalf("speciallist after delspecial = %+v", list)
	}
	// Still followed; unfollowing ends a special follow as well.
	tl.MustOK(tl.Post("/api/friends/addspecial", vals("name", "ned")), nil)
	tl.MustOK(tl.Post("/api/friends/del", vals("name", "ned")), nil)
	decode(tl.Get("/api/friends/speciallist", nil))
	if len(list.Info) != 0 {
		t.Fatalf("speciallist after unfollowing = %+v", list)
	}
	tl.MustOK(tl.Get("/api/statuses/special_timeline", nil), &st)
	if len(st.Info) != 0 {
		t.Fatalf("special_timeline after unfollowing = %+v", st)
	}
	tl.MustFail(tl.Get("/api/statuses/special_timeline", vals("reqnum", "x")), 1, 1)

	// info/update counts the new fan, and clears it.
	var u updates
	tm.MustOK(tm.Get("/api/info/update", vals("op", "1", "type", "8")), &u)
	if u.Fans != 1 {
		t.Fatalf("info/update fans = %+v", u)
	}
	tm.MustOK(tm.Get("/api/info/update", nil), &u)
	if u.Fans != 0 {
		t.Fatalf("info/update fans after clearing = %+v", u)
	}
}
