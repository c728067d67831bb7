package tencent_test

import (
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

type htInfo struct {
	ID        string `json:"id"`
	FavNum    int    `json:"favnum"`
	TweetNum  int    `json:"tweetnum"`
	Text      string `json:"text"`
	Timestamp *int64 `json:"timestamp"`
}

func TestTopicsAndFavoriteTopics(t *testing.T) {
	k := testkit.Start(t)
	uma, vic := k.NewUser("uma"), k.NewUser("vic")
	tu, tv := uma.Tencent(k), vic.Tencent(k)
	addTweet(t, tu, "#夏天# 来了")
	addTweet(t, tu, "又是 #夏天#")
	k.Drain()

	var ids struct {
		Info []struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"info"`
	}
	tu.MustOK(tu.Get("/api/ht/ids", vals("httexts", "夏天,#秋天#")), &ids)
	if len(ids.Info) != 2 || ids.Info[0].Text != "夏天" || ids.Info[1].Text != "秋天" || ids.Info[0].ID == "" {
		t.Fatalf("ht/ids = %+v", ids)
	}
	summer, autumn := ids.Info[0].ID, ids.Info[1].ID
	var again struct {
		Info []struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"info"`
	}
	tv.MustOK(tv.Get("/api/ht/ids", vals("httexts", "夏天")), &again)
	if len(again.Info) != 1 || again.Info[0].ID != summer {
		t.Fatalf("ht/ids again = %+v", again)
	}

	var fav struct {
		ID string `json:"id"`
	}
	tv.MustOK(tv.Post("/api/fav/addht", vals("id", summer)), &fav)
	tv.MustOK(tv.Post("/api/fav/addht", vals("id", autumn)), nil)
	if fav.ID != summer {
		t.Fatalf("fav/addht = %+v", fav)
	}
	tv.MustFail(tv.Post("/api/fav/addht", vals("id", summer)), 1, 1) // already
	tv.MustFail(tv.Post("/api/fav/addht", vals("id", "12345")), 1, 6)

	var info struct {
		Info []htInfo `json:"info"`
	}
	tu.MustOK(tu.Get("/api/ht/info", vals("ids", summer+","+autumn+",999")), &info)
	if len(info.Info) != 2 || info.Info[0].Text != "夏天" || info.Info[0].FavNum != 1 || info.Info[0].TweetNum != 2 ||
		info.Info[0].Timestamp != nil || info.Info[1].TweetNum != 0 {
		t.Fatalf("ht/info = %+v", info)
	}
	// Followed through Tencent, seen by Sina's trends.
	r := vic.Get("/2/trends/is_follow.json", vals("trend_name", "夏天"))
	if r.Status != 200 {
		t.Fatalf("sina trends/is_follow: %d %s", r.Status, r.Body)
	}

	var list struct {
		Info []htInfo `json:"info"`
	}
	tv.MustOK(tv.Get("/api/fav/list_ht", vals("reqnum", "1")), &list)
	if len(list.Info) != 1 || list.Info[0].ID != autumn || list.Info[0].Timestamp == nil {
		t.Fatalf("fav/list_ht = %+v", list)
	}
	tv.MustOK(tv.Get("/api/fav/list_ht", vals("reqnum", "1", "pageflag", "1", "lastid", autumn)), &list)
	if len(list.Info) != 1 || list.Info[0].ID != summer || list.Info[0].FavNum != 1 {
		t.Fatalf("fav/list_ht page 2 = %+v", list)
	}
	tv.MustOK(tv.Get("/api/fav/list_ht", vals("reqnum", "5", "pageflag", "2", "lastid", summer)), &list)
	if len(list.Info) != 1 || list.Info[0].ID != autumn {
		t.Fatalf("fav/list_ht up = %+v", list)
	}
	tv.MustFail(tv.Get("/api/fav/list_ht", vals("pageflag", "7")), 1, 1)

	tv.MustOK(tv.Post("/api/fav/delht", vals("id", summer)), &fav)
	tv.MustFail(tv.Post("/api/fav/delht", vals("id", summer)), 1, 6)
	tv.MustFail(tv.Post("/api/fav/delht", nil), 1, 1)
	tu.MustFail(tu.Get("/api/ht/ids", nil), 1, 1)
	tu.MustFail(tu.Get("/api/ht/ids", vals("httexts", "a#b")), 1, 1)
	tu.MustFail(tu.Get("/api/ht/info", vals("ids", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16")), 1, 1)
	tu.MustFail(tu.Get("/api/ht/info", nil), 1, 1)
}
