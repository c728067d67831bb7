package tencent_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// A tweet posted through t/add is the status Sina's statuses/show returns,
// and a status posted through Sina is the tweet t/show returns.
func TestTweetsAreSinaStatuses(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	tc := alice.Tencent(k)

	id := addTweet(t, tc, "你好 world #话题#")
	var st struct {
		ID   int64  `json:"id"`
		Text string `json:"text"`
		User struct {
			ScreenName string `json:"screen_name"`
		} `json:"user"`
	}
	r := alice.Get("/2/statuses/show.json", vals("id", idstr(id)))
	if r.Status != 200 || json.Unmarshal(r.Body, &st) != nil || st.ID != id || st.Text != "你好 world #话题#" || st.User.ScreenName != "alice" {
		t.Fatalf("sina statuses/show of a Tencent tweet: %d %s", r.Status, r.Body)
	}

	var sina struct {
		ID int64 `json:"id"`
	}
	alice.Must(alice.Post("/2/statuses/update.json", vals("status", "from sina")), nil)
	r = alice.Get("/2/statuses/user_timeline.json", vals("count", "1"))
	var ut struct {
		Statuses []struct {
			ID int64 `json:"id"`
		} `json:"statuses"`
	}
	if json.Unmarshal(r.Body, &ut) != nil || len(ut.Statuses) != 1 {
		t.Fatalf("user_timeline: %s", r.Body)
	}
	sina.ID = ut.Statuses[0].ID
	var tw tweet
	tc.MustOK(tc.Get("/api/t/show", vals("id", idstr(sina.ID))), &tw)
	if tw.ID != sina.ID || tw.Text != "from sina" || tw.OrigText != "from sina" || tw.Name != "alice" ||
		tw.Self != 1 || tw.Type != 1 || tw.Status != 0 || tw.Timestamp == 0 || tw.Image != nil || tw.Head == "" ||
		tw.From == "" || tw.Source != nil {
		t.Fatalf("t/show of a Sina status = %+v", tw)
	}

	// A repost made through Sina is type 2 with its source; a follow made
	// through Sina fills the Tencent home timeline.
	bob := k.NewUser("bob")
	bob.Must(bob.Post("/2/friendships/create.json", vals("screen_name", "alice")), nil)
	bob.Must(bob.Post("/2/statuses/repost.json", vals("id", idstr(id), "status", "转")), nil)
	k.Drain()
	var home timeline
	tb := bob.Tencent(k)
	env := tb.MustOK(tb.Get("/api/statuses/home_timeline", vals("reqnum", "20")), &home)
	if len(home.Info) != 3 || home.Info[0].Type != 2 || home.Info[0].Self != 1 || home.Info[0].Source == nil ||
		home.Info[0].Source.ID != id || home.Info[0].Source.Count != 1 || home.Info[0].Source.Self != 0 ||
		home.Info[1].ID != sina.ID || home.HasNext != 1 || home.User["alice"] != "alice" || home.User["bob"] != "bob" ||
		env.User["alice"] != "alice" {
		t.Fatalf("home_timeline = %+v / %+v", home, env.User)
	}

	// Deleted through Tencent, gone through Sina.
	var del struct {
		ID int64 `json:"id"`
	}
	tc.MustOK(tc.Post("/api/t/del", vals("id", idstr(sina.ID))), &del)
	if del.ID != sina.ID {
		t.Fatalf("t/del = %+v", del)
	}
	alice.Fail(alice.Get("/2/statuses/show.json", vals("id", idstr(sina.ID))), 400, 20101)
	tc.MustFail(tc.Get("/api/t/show", vals("id", idstr(sina.ID))), 1, 6)
}

// Names, paths and format values are matched without regard to case, and
// XML answers carry the same data.
func TestCaseAndXML(t *testing.T) {
	k := testkit.Start(t)
	bob := k.NewUser("bob")
	tc := bob.Tencent(k)
	id := addTweet(t, tc, "<xml> & 数据")

	var tw tweet
	tc.MustOK(tc.Get("/api/T/Show", vals("ID", idstr(id), "Format", "json")), &tw)
	if tw.ID != id {
		t.Fatalf("t/show by mixed case = %+v", tw)
	}
	var x struct {
		ID       int64  `xml:"id"`
		OrigText string `xml:"origtext"`
		Name     string `xml:"name"`
		Image    []string
		Geo      *struct{} `xml:"geo"`
	}
	mustXML(t, tc.Get("/api/t/show", vals("id", idstr(id), "format", "xml")), &x)
	if x.ID != id || x.OrigText != "<xml> & 数据" || x.Name != "bob" || x.Geo == nil {
		t.Fatalf("t/show as XML = %+v", x)
	}

	var home struct {
		HasNext int `xml:"hasnext"`
		Info    []struct {
			ID   int64  `xml:"id"`
			Nick string `xml:"nick"`
		} `xml:"info"`
		User struct {
			Bob string `xml:"bob"`
		} `xml:"user"`
	}
	mustXML(t, tc.Get("/api/statuses/home_timeline", vals("format", "XML")), &home)
	if len(home.Info) != 1 || home.Info[0].ID != id || home.Info[0].Nick != "bob" || home.User.Bob != "bob" || home.HasNext != 1 {
		t.Fatalf("home_timeline as XML = %+v", home)
	}

	var p struct {
		Name string `xml:"name"`
		Tag  []struct{}
	}
	mustXML(t, tc.Get("/api/user/info", vals("format", "xml")), &p)
	if p.Name != "bob" {
		t.Fatalf("user/info as XML = %+v", p)
	}

	// Errors in XML too.
	r := tc.Get("/api/t/show", vals("id", "12345", "format", "xml"))
	if r.Status != 200 || !strings.Contains(string(r.Body), "<ret>1</ret>") || !strings.Contains(string(r.Body), "<errcode>6</errcode>") {
		t.Fatalf("XML error: %s", r.Body)
	}
	// An unknown format is a parameter error, answered in JSON.
	tc.MustFail(tc.Get("/api/user/info", vals("format", "yaml")), 1, 1)
}

func TestHomeTimelinePaging(t *testing.T) {
	k := testkit.Start(t)
	carol := k.NewUser("carol")
	tc := carol.Tencent(k)
	var want []int64
	for i := range 5 {
		want = append([]int64{addTweet(t, tc, "post "+idstr(int64(i)))}, want...)
	}
	var p1 timeline
	tc.MustOK(tc.Get("/api/statuses/home_timeline", vals("pageflag", "0", "reqnum", "2")), &p1)
	if len(p1.Info) != 2 || p1.Info[0].ID != want[0] || p1.Info[1].ID != want[1] || p1.HasNext != 0 || p1.TotalNum != nil {
		t.Fatalf("first page = %+v", p1)
	}
	last := p1.Info[1]
	var p2 timeline
	tc.MustOK(tc.Get("/api/statuses/home_timeline", vals("pageflag", "1", "reqnum", "2",
		"pagetime", idstr(last.Timestamp), "lastid", idstr(last.ID))), &p2)
	if len(p2.Info) != 2 || p2.Info[0].ID != want[2] || p2.Info[1].ID != want[3] || p2.HasNext != 0 {
		t.Fatalf("second page = %+v", p2)
	}
	var p3 timeline
	tc.MustOK(tc.Get("/api/statuses/home_timeline", vals("pageflag", "1", "reqnum", "2",
		"pagetime", idstr(p2.Info[1].Timestamp), "lastid", idstr(p2.Info[1].ID))), &p3)
	if len(p3.Info) != 1 || p3.Info[0].ID != want[4] || p3.HasNext != 1 {
		t.Fatalf("last page = %+v", p3)
	}
	// Paging up from the second page's first record with its id.
	var up timeline
	tc.MustOK(tc.Get("/api/statuses/home_timeline", vals("pageflag", "2", "reqnum", "20", "lastid", idstr(p2.Info[0].ID))), &up)
	if len(up.Info) != 2 || up.Info[0].ID != want[0] || up.Info[1].ID != want[1] {
		t.Fatalf("page up = %+v", up)
	}
	// Paging down by time alone from before the first post: nothing.
	var none timeline
	tc.MustOK(tc.Get("/api/statuses/home_timeline", vals("pageflag", "1", "pagetime", "1000")), &none)
	if len(none.Info) != 0 || none.HasNext != 1 || none.Info == nil {
		t.Fatalf("page before the first = %+v", none)
	}
	// reqnum above 20 is 20; the flags and numbers are checked.
	for _, bad := range [][]string{{"pageflag", "3"}, {"pageflag", "x"}, {"reqnum", "0"}, {"pagetime", "-1"}, {"lastid", "-5"}, {"reqnum", "abc"}} {
		tc.MustFail(tc.Get("/api/statuses/home_timeline", vals(bad...)), 1, 1)
	}
	var big timeline
	tc.MustOK(tc.Get("/api/statuses/home_timeline", vals("reqnum", "500")), &big)
	if len(big.Info) != 5 {
		t.Fatalf("reqnum 500: %d items", len(big.Info))
	}
}

func TestTweetErrors(t *testing.T) {
	k := testkit.Start(t)
	dan := k.NewUser("dan")
	eve := k.NewUser("eve")
	tc, te := dan.Tencent(k), eve.Tencent(k)
	id := addTweet(t, tc, "mine")

	tc.MustFail(tc.Post("/api/t/add", vals("clientip", "127.0.0.1")), 1, 1)             // no content
	tc.MustFail(tc.Post("/api/t/add", vals("content", "  ")), 1, 1)                     // empty content
	tc.MustFail(tc.Post("/api/t/add", vals("content", strings.Repeat("长", 141))), 1, 8) // too long
	tc.MustFail(tc.Post("/api/t/add", vals("content", "mine")), 1, 13)                  // duplicate
	tc.MustFail(tc.Post("/api/t/add", vals("content", "x", "clientip", "nope")), 1, 1)
	tc.MustFail(tc.Post("/api/t/add", vals("content", "y", "jing", "500", "wei", "1")), 1, 1)
	tc.MustFail(tc.Get("/api/t/add", vals("content", "z")), 1, 1) // wrong method
	// Coordinates and a client IP are accepted.
	addTweet(t, tc, "here")
	tc.MustOK(tc.Post("/api/t/add", vals("content", "placed", "jing", "110.5", "wei", "23.4", "clientip", "10.1.2.3")), nil)

	te.MustFail(te.Post("/api/t/del", vals("id", idstr(id))), 1, 5) // not one's own
	tc.MustFail(tc.Post("/api/t/del", vals("id", "123")), 1, 6)     // no such tweet
	tc.MustFail(tc.Post("/api/t/del", nil), 1, 1)
	tc.MustFail(tc.Post("/api/t/del", vals("id", "abc")), 1, 1)
	tc.MustFail(tc.Get("/api/t/show", vals("id", "0")), 1, 1)
	tc.MustFail(tc.Get("/api/t/show", nil), 1, 1)
	tc.MustFail(tc.Get("/api/no/such", nil), 1, 1)
	r := tc.Get("/api/no/such", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("unknown api: HTTP %d", r.Status)
	}
}

func TestUserInfo(t *testing.T) {
	k := testkit.Start(t)
	fay := k.NewUser("fay")
	gus := k.NewUser("gus")
	gus.Must(gus.Post("/2/friendships/create.json", vals("screen_name", "fay")), nil)
	tc := fay.Tencent(k)
	addTweet(t, tc, "one")
	var p profile
	tc.MustOK(tc.Get("/api/user/info", nil), &p)
	if p.Name != "fay" || p.FansNum != 1 || p.IdolNum != 0 || p.TweetNum != 1 || p.Sex != 0 || p.UID != "" ||
		p.IsMyIdol != nil || len(p.Tag) != 0 {
		t.Fatalf("user/info = %+v", p)
	}
}
