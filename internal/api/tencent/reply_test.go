package tencent_test

import (
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// t/reply is a reply (type 4) and t/comment a comment (type 7): the kind
// is stored with the comment, on both engines, and every read that renders
// them as tweets gives the right type, in JSON and XML: t/re_list, and
// t/show of the id the write answered. Through Sina both are comments.
func TestReplyAndCommentTypes(t *testing.T) {
	run := func(t *testing.T, k *testkit.Kit) {
		cat, dog := k.NewUser("cat"), k.NewUser("dog")
		tc, td := cat.Tencent(k), dog.Tencent(k)
		root := addTweet(t, tc, "说点什么")
		var cm, rp posted
		td.MustOK(td.Post("/api/t/comment", vals("reid", idstr(root), "content", "点评一下")), &cm)
		td.MustOK(td.Post("/api/t/reply", vals("reid", idstr(root), "content", "回复你")), &rp)

		var list timeline
		tc.MustOK(tc.Get("/api/t/re_list", vals("rootid", idstr(root), "flag", "1")), &list)
		types := map[int64]int{}
		for _, tw := range list.Info {
			types[tw.ID] = tw.Type
		}
		if len(types) != 2 || types[rp.ID] != 4 || types[cm.ID] != 7 {
			t.Fatalf("re_list types %v (reply %d, comment %d)", types, rp.ID, cm.ID)
		}
		var x struct {
			Info []struct {
				ID   int64 `xml:"id"`
				Type int   `xml:"type"`
			} `xml:"info"`
		}
		mustXML(t, tc.Get("/api/t/re_list", vals("rootid", idstr(root), "flag", "1", "format", "xml")), &x)
		if len(x.Info) != 2 || x.Info[0].ID != rp.ID || x.Info[0].Type != 4 || x.Info[1].Type != 7 {
			t.Fatalf("re_list as XML %+v", x)
		}

		for id, want := range map[int64]int{rp.ID: 4, cm.ID: 7, root: 1} {
			var tw tweet
			tc.MustOK(tc.Get("/api/t/show", vals("id", idstr(id))), &tw)
			if tw.ID != id || tw.Type != want || (want != 1 && (tw.Source == nil || tw.Source.ID != root)) {
				t.Errorf("t/show %d: type %d, want %d (%+v)", id, tw.Type, want, tw)
			}
			var sx struct {
				Type int `xml:"type"`
			}
			mustXML(t, tc.Get("/api/t/show", vals("id", idstr(id), "format", "xml")), &sx)
			if sx.Type != want {
				t.Errorf("t/show %d as XML: type %d, want %d", id, sx.Type, want)
			}
		}
		// Both are comments to Sina.
		r := cat.Get("/2/comments/show.json", vals("id", idstr(root)))
		if r.Status != 200 || !strings.Contains(string(r.Body), `"total_number":2`) {
			t.Fatalf("sina comments: %s", r.Body)
		}
		// A comment on a private status is not shown to others: t/show
		// answers as for an id that names nothing.
		var priv struct {
			ID int64 `json:"id"`
		}
		if r := dog.Post("/2/statuses/update.json", vals("status", "只给自己", "visible", "1")); r.Status != 200 || jsonLoose(r.Body, &priv) != nil {
			t.Fatalf("private status: %s", r.Body)
		}
		var own posted
		td.MustOK(td.Post("/api/t/reply", vals("reid", idstr(priv.ID), "content", "自言自语")), &own)
		var mine tweet
		td.MustOK(td.Get("/api/t/show", vals("id", idstr(own.ID))), &mine)
		if mine.Type != 4 {
			t.Errorf("own reply on a private status: type %d", mine.Type)
		}
		tc.MustFail(tc.Get("/api/t/show", vals("id", idstr(own.ID))), 1, 6)
		tc.MustFail(tc.Get("/api/t/show", vals("id", "4503599627370495")), 1, 6)
	}
	t.Run("sqlite", func(t *testing.T) { run(t, testkit.Start(t)) })
	t.Run("postgres", func(t *testing.T) { run(t, testkit.Start(t, testkit.Options{DB: pgtest.Schema(t, "weibo_tencent_")})) })
}
