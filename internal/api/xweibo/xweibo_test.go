package xweibo_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

// The shapes of spec/xweibo.md §6, written out here (not taken from the
// package) so that a drift of either side fails strict decoding.

type weibo struct {
	ID string  `json:"id"`
	Cr string  `json:"cr"`
	F  int     `json:"f"`
	S  string  `json:"s"`
	Tx string  `json:"tx"`
	Tp *string `json:"tp"`
	Mp *string `json:"mp"`
	Op *string `json:"op"`
	U  struct {
		ID    string `json:"id"`
		Sn    string `json:"sn"`
		P     string `json:"p"`
		V     int    `json:"v"`
		SinaV int    `json:"sina_v"`
	} `json:"u"`
	Rt *weibo `json:"rt"`
}

type data struct {
	Data weibo `json:"data"`
}

type comment struct {
	ID         string `json:"id"`
	CreateAt   string `json:"create_at"`
	Text       string `json:"text"`
	Nick       string `json:"nick"`
	UID        string `json:"uid"`
	ProfileImg string `json:"profileImg"`
	SinaV      int    `json:"sina_v"`
}

type commented struct {
	Comment comment `json:"comment"`
	Wb      *weibo  `json:"wb"`
}

func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// sinaStatus reads a status back through Sina's statuses/show.
type sinaStatus struct {
	ID              int64  `json:"id"`
	Text            string `json:"text"`
	Favorited       bool   `json:"favorited"`
	CommentsCount   int    `json:"comments_count"`
	RepostsCount    int    `json:"reposts_count"`
	RetweetedStatus *struct {
		ID int64 `json:"id"`
	} `json:"retweeted_status"`
	User struct {
		ID         int64  `json:"id"`
		ScreenName string `json:"screen_name"`
	} `json:"user"`
}

func show(t *testing.T, u *testkit.User, id string) sinaStatus {
	t.Helper()
	var st sinaStatus
	r := u.Get("/2/statuses/show.json", vals("id", id))
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &st) != nil {
		t.Fatalf("statuses/show %s: %d %s", id, r.Status, r.Body)
	}
	return st
}

func post(t *testing.T, x *testkit.XweiboClient, text string) weibo {
	t.Helper()
	var d data
	x.Must(x.Call("update", vals("text", text)), &d)
	return d.Data
}

// The test vectors of spec §2.
func TestSignVectors(t *testing.T) {
	for _, c := range []struct{ akey, uid, tm, skey, name, key, want string }{
		{"testakey", "10000", "1307000000", "testskey", "update", "", "644a169d627101c81a357499975a0118"},
		{"testakey", "", "1307000000", "testskey", "getTokenAuthorizeURL", "k3y", "dfe53542ea3aaaef836812aac2a85796"},
	} {
		if got := core.XweiboSign(c.akey, c.uid, c.tm, c.skey, c.name, c.key); got != c.want {
			t.Errorf("XweiboSign(%q…%q) = %s, want %s", c.uid, c.name, got, c.want)
		}
	}
}

// A weibo posted through update is the status Sina's statuses/show
// returns, and one deleted through destroy is gone from Sina (20101).
func TestUpdateIsSinaStatus(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	x := alice.Xweibo(k)

	w := post(t, x, "你好 Xweibo #话题#")
	if w.Tx != "你好 Xweibo #话题#" || w.U.ID != strconv.FormatInt(alice.ID, 10) || w.U.Sn != "alice" ||
		!strings.Contains(w.U.P, "/50/") && !strings.Contains(w.U.P, "50") || w.F != 0 || w.Tp != nil || w.Mp != nil ||
		w.Op != nil || w.Rt != nil || !strings.Contains(w.S, "xweibo partner") {
		t.Fatalf("update data = %+v", w)
	}
	if _, err := time.Parse("Mon Jan 02 15:04:05 -0700 2006", w.Cr); err != nil {
		t.Fatalf("cr %q: %v", w.Cr, err)
	}
	st := show(t, alice, w.ID)
	if strconv.FormatInt(st.ID, 10) != w.ID || st.Text != w.Tx || st.User.ScreenName != "alice" {
		t.Fatalf("sina show = %+v", st)
	}

	// Through / and /index.php, the name in any case (signed as sent).
	x2 := alice.Xweibo(k)
	x2.Path = "/index.php"
	var d data
	x2.Must(x2.Call("UPDATE", vals("text", "by index.php")), &d)
	if show(t, alice, d.Data.ID).Text != "by index.php" {
		t.Fatal("index.php update not shown")
	}

	x.Must(x.Call("destroy", vals("id", w.ID)), nil)
	alice.Fail(alice.Get("/2/statuses/show.json", vals("id", w.ID)), http.StatusBadRequest, 20101)
}

func TestUpdateErrors(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	x := alice.Xweibo(k)
	x.Fail(x.Call("update", nil), 1020000)
	x.Fail(x.Call("update", vals("text", "   ")), 1020000)
	x.Fail(x.Call("update", vals("text", strings.Repeat("长", 141))), 1020001)
	post(t, x, "once")
	x.Fail(x.Call("update", vals("text", "once")), 1020002)
	x.Fail(x.Call("update", vals("text", "a\x00b")), 1010007)
	// Nothing else was posted.
	var ut struct {
		TotalNumber int `json:"total_number"`
	}
	r := alice.Get("/2/statuses/user_timeline.json", nil)
	if json.Unmarshal(r.Body, &ut) != nil || ut.TotalNumber != 1 {
		t.Fatalf("user_timeline after refused updates: %s", r.Body)
	}
}

// The gate of spec §2-3: a refused call changes nothing.
func TestGate(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	x := alice.Xweibo(k)
	now := k.Clock.Now().Unix()
	count := func() int {
		var ut struct {
			TotalNumber int `json:"total_number"`
		}
		r := alice.Get("/2/statuses/user_timeline.json", nil)
		if json.Unmarshal(r.Body, &ut) != nil {
			t.Fatalf("user_timeline: %s", r.Body)
		}
		return ut.TotalNumber
	}

	// A wrong signature: a wrong key, a wrong secret, the name in another
	// case than sent, a tampered uid.
	bad := *x
	bad.APIKey = "other"
	bad.Fail(bad.Call("update", vals("text", "x")), 3010002)
	bad = *x
	bad.SKey = "nope"
	bad.Fail(bad.Call("update", vals("text", "x")), 3010002)
	body := vals("text", "x", "api_uid", x.UID, "api_time", strconv.FormatInt(now, 10),
		"api_sign", core.XweiboSign(x.AKey, x.UID, strconv.FormatInt(now, 10), x.SKey, "update", x.APIKey))
	x.Fail(x.Raw(http.MethodPost, "Update", body), 3010002)
	body.Set("api_uid", "1")
	x.Fail(x.Raw(http.MethodPost, "update", body), 3010002)
	body.Del("api_sign")
	x.Fail(x.Raw(http.MethodPost, "update", body), 3010002)
	// api_sign may travel in the query.
	body = vals("text", "signed in the query", "api_uid", x.UID, "api_time", strconv.FormatInt(now, 10))
	q := url.Values{"m": {"api/weibo/action.update"},
		"api_sign": {core.XweiboSign(x.AKey, x.UID, strconv.FormatInt(now, 10), x.SKey, "update", x.APIKey)}}
	req, _ := http.NewRequest(http.MethodPost, k.URL+"/?"+q.Encode(), strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	x.Must(k.Anonymous().Do(req), nil)

	// Stale and future times, and a time that is not a number.
	x.Fail(x.CallAt("update", strconv.FormatInt(now-700, 10), vals("text", "old")), 3010001)
	x.Fail(x.CallAt("update", strconv.FormatInt(now+700, 10), vals("text", "future")), 3010001)
	x.Fail(x.CallAt("update", "soon", vals("text", "nan")), 3010001)
	x.Must(x.CallAt("update", strconv.FormatInt(now-500, 10), vals("text", "recent")), nil)

	// Nobody bound: an unknown uid, none, garbage.
	for _, uid := range []string{"99999", "", "abc"} {
		nb := k.Xweibo(uid)
		nb.Fail(nb.Call("update", vals("text", "nobody")), 3010003)
	}

	// Only POST; an unknown action; api_uid in the query does not count.
	x.Fail(x.Raw(http.MethodGet, "update", nil), 1040017)
	x.Fail(x.Call("noSuchAction", nil), 1040015)
	x.Fail(x.Call("up-date", nil), 1040015)
	if got := count(); got != 2 {
		t.Fatalf("statuses after the refused calls: %d, want 2", got)
	}

	// The site keeps / and /index.php without m=api/.
	for _, p := range []string{"/", "/?m=home", "/?x=api/weibo/action.update"} {
		r := k.Anonymous().Get(p, nil)
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s", p, r.Status, r.Header.Get("Content-Type"))
		}
	}
}

func TestGateSettings(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Xweibo: testkit.XweiboOptions{AllowAnonymous: "friendship,getCounts",
		AllowOthers: "update", DefaultUser: "site", AcceptOld: true}})
	site := k.NewUser("site")
	alice := k.NewUser("alice")
	bob := k.NewUser("bob")
	bob.Must(bob.Post("/2/friendships/create.json", vals("uid", strconv.FormatInt(alice.ID, 10))), nil)

	// allow_others: update runs as the default account.
	nobody := k.Xweibo("")
	var d data
	nobody.Must(nobody.Call("update", vals("text", "by the site")), &d)
	if d.Data.U.Sn != "site" || show(t, site, d.Data.ID).User.ID != site.ID {
		t.Fatalf("allow_others update = %+v", d.Data)
	}
	// allow_anonymous: friendship runs without a user when both sides are
	// named, and needs one when the source is the caller.
	var fan bool
	nobody.Must(nobody.Call("friendship", vals("s_id", strconv.FormatInt(alice.ID, 10), "t_name", "bob")), &fan)
	if !fan {
		t.Fatal("bob follows alice: friendship answered false")
	}
	nobody.Fail(nobody.Call("friendship", vals("t_name", "bob")), 1040003)
	// Neither list: 3010003.
	nobody.Fail(nobody.Call("destroy", vals("id", d.Data.ID)), 3010003)
	// AcceptOld: 2.1 refused only the future.
	x := alice.Xweibo(k)
	now := k.Clock.Now().Unix()
	x.Must(x.CallAt("update", strconv.FormatInt(now-86400, 10), vals("text", "yesterday's signature")), nil)
	x.Fail(x.CallAt("update", strconv.FormatInt(now+700, 10), vals("text", "future")), 3010001)
}

func TestGateDisabledAndIPs(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Xweibo: testkit.XweiboOptions{Off: true}})
	alice := k.NewUser("alice")
	x := alice.Xweibo(k)
	x.Fail(x.Call("update", vals("text", "off")), 1040015)

	k = testkit.Start(t, testkit.Options{Xweibo: testkit.XweiboOptions{AllowIPs: "10.0.0.0/8"}})
	alice = k.NewUser("alice")
	x = alice.Xweibo(k)
	x.Fail(x.Call("update", vals("text", "from loopback")), 3010000)

	k = testkit.Start(t, testkit.Options{Xweibo: testkit.XweiboOptions{AllowIPs: "10.0.0.0/8, 127.0.0.1"}})
	alice = k.NewUser("alice")
	x = alice.Xweibo(k)
	x.Must(x.Call("update", vals("text", "from loopback")), nil)
}
