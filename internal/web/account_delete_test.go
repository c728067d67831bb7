package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

// userCounts reads a user's counters through the Sina API.
func userCounts(t *testing.T, c *testkit.User, uid int64) (followers, friends int) {
	t.Helper()
	r := c.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(uid)}})
	var u struct {
		Followers int `json:"followers_count"`
		Friends   int `json:"friends_count"`
	}
	if r.Status != 200 || json.Unmarshal(r.Body, &u) != nil {
		t.Fatalf("users/show %d: %d %s", uid, r.Status, r.Body)
	}
	return u.Followers, u.Friends
}

func statusCounts(t *testing.T, c *testkit.User, id int64) (reposts, comments int) {
	t.Helper()
	r := c.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(id)}})
	var s struct {
		Reposts  int `json:"reposts_count"`
		Comments int `json:"comments_count"`
	}
	if r.Status != 200 || json.Unmarshal(r.Body, &s) != nil {
		t.Fatalf("statuses/show %d: %d %s", id, r.Status, r.Body)
	}
	return s.Reposts, s.Comments
}

// readZip opens an export and returns its files.
func readZip(t *testing.T, body string) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the export is no zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = b
	}
	return files
}

// TestExportAndDeleteAccount: the owner exports their data, then deletes
// the account from the settings page: everything they wrote is gone from
// every read path of every dialect and from search, the counters of others
// are corrected, tokens and sessions end at once, the name is held back for
// the hold period and free after it, and it is all in the audit log.
func TestExportAndDeleteAccount(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	dan, bob, cat := k.NewUser("dan"), k.NewUser("bob"), k.NewUser("cat")
	apiOK(t, bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(dan.ID)}}))
	apiOK(t, dan.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}))
	apiOK(t, dan.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(cat.ID)}}))
	r := dan.Multipart("/2/statuses/upload.json", url.Values{"status": {"danword with a picture"}},
		testkit.FilePart{Field: "pic", Filename: "a.png", ContentType: "image/png", Data: pngBytes(t)})
	var picSt struct {
		ID   int64  `json:"id"`
		Orig string `json:"original_pic"`
	}
	if r.Status != 200 || json.Unmarshal(r.Body, &picSt) != nil || picSt.Orig == "" {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	st := postID(t, dan.Post("/2/statuses/update.json", url.Values{"status": {"danword hello"}}))
	own := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"bob's own"}}))
	postID(t, dan.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(own)}, "comment": {"dancomment here"}}))
	postID(t, dan.Post("/2/statuses/repost.json", url.Values{"id": {fmt.Sprint(own)}, "status": {"danrepost of bob"}}))
	rt := postID(t, bob.Post("/2/statuses/repost.json", url.Values{"id": {fmt.Sprint(st)}, "status": {"bob reposts"}}))
	apiOK(t, dan.Post("/2/favorites/create.json", url.Values{"id": {fmt.Sprint(own)}}))
	tc := dan.Tencent(k)
	k.Drain()
	db := signIn(t, k, dan)
	other := signIn(t, k, dan) // a second browser
	db.get("/messages")
	wantStatus(t, db.post("/messages", url.Values{"to": {"bob"}, "text": {"dandm secret"}}), 303)
	bb := signIn(t, k, bob)
	wantContains(t, bb.get("/messages"), "dandm secret")

	if f, fr := userCounts(t, bob, bob.ID); f != 1 || fr != 1 {
		t.Fatalf("bob before: followers %d friends %d", f, fr)
	}
	if rp, c := statusCounts(t, bob, own); rp != 1 || c != 1 {
		t.Fatalf("bob's status before: reposts %d comments %d", rp, c)
	}

	// The export, checked by unzipping and decoding it.
	p := db.get("/settings")
	wantContains(t, p, `id="export"`, `id="delete"`)
	wantStatus(t, db.post("/settings/export", url.Values{"csrf_token": {"forged"}}), 403)
	p = db.post("/settings/export", nil)
	wantStatus(t, p, 200)
	if ct := p.header.Get("Content-Type"); ct != "application/zip" ||
		!strings.Contains(p.header.Get("Content-Disposition"), fmt.Sprintf("weibo-%d-", dan.ID)) {
		t.Fatalf("export headers: %v", p.header)
	}
	files := readZip(t, p.body)
	var statuses []struct {
		ID     int64    `json:"id"`
		Text   string   `json:"text"`
		PicIDs []string `json:"pic_ids"`
	}
	var comments []struct {
		StatusID int64  `json:"status_id"`
		Text     string `json:"text"`
	}
	var following, followers []struct {
		ID         int64  `json:"id"`
		ScreenName string `json:"screen_name"`
	}
	var favorites []struct {
		StatusID int64 `json:"status_id"`
	}
	var profile struct {
		ID         int64  `json:"id"`
		ScreenName string `json:"screen_name"`
	}
	for name, v := range map[string]any{"statuses.json": &statuses, "comments.json": &comments, "following.json": &following,
		"followers.json": &followers, "favorites.json": &favorites, "profile.json": &profile} {
		if err := json.Unmarshal(files[name], v); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, files[name])
		}
	}
	if profile.ID != dan.ID || profile.ScreenName != "dan" {
		t.Errorf("profile.json: %+v", profile)
	}
	if len(statuses) != 3 || statuses[0].ID != picSt.ID || statuses[1].Text != "danword hello" || len(statuses[0].PicIDs) != 1 {
		t.Errorf("statuses.json: %+v", statuses)
	}
	if len(comments) != 1 || comments[0].StatusID != own || comments[0].Text != "dancomment here" {
		t.Errorf("comments.json: %+v", comments)
	}
	ids := func(us []struct {
		ID         int64  `json:"id"`
		ScreenName string `json:"screen_name"`
	}) (out []int64) {
		for _, u := range us {
			out = append(out, u.ID)
		}
		slices.Sort(out)
		return out
	}
	if got, want := ids(following), []int64{min(bob.ID, cat.ID), max(bob.ID, cat.ID)}; !slices.Equal(got, want) || following[0].ScreenName == "" {
		t.Errorf("following.json: %+v", following)
	}
	if got := ids(followers); !slices.Equal(got, []int64{bob.ID}) {
		t.Errorf("followers.json: %+v", followers)
	}
	if len(favorites) != 1 || favorites[0].StatusID != own {
		t.Errorf("favorites.json: %+v", favorites)
	}
	if len(statuses) > 0 && len(statuses[0].PicIDs) == 1 {
		pic := statuses[0].PicIDs[0]
		var found []byte
		for name, b := range files {
			if strings.HasPrefix(name, "pictures/"+pic) {
				found = b
			}
		}
		orig := dan.Fetch(picSt.Orig)
		if len(found) == 0 || !bytes.Equal(found, orig.Body) {
			t.Errorf("the picture %s is not in the export as served (%d bytes, served %d)", pic, len(found), len(orig.Body))
		}
	}
	if !strings.Contains(string(files["README.txt"]), "statuses.json") {
		t.Errorf("README.txt: %s", files["README.txt"])
	}

	// Errors: wrong password, no form token, signed out.
	p = db.post("/settings/delete", url.Values{"password": {"wrong"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "当前密码不正确。")
	wantStatus(t, db.post("/settings/delete", url.Values{"password": {dan.Password}, "csrf_token": {"forged"}}), 403)
	anon := newBrowser(t, k)
	anon.get("/login")
	wantStatus(t, anon.post("/settings/delete", url.Values{"password": {dan.Password}}), 401)
	wantStatus(t, anon.post("/settings/export", nil), 401)
	apiOK(t, dan.Get("/2/account/get_uid.json", nil))

	db.get("/settings")
	p = db.post("/settings/delete", url.Values{"password": {dan.Password}})
	wantStatus(t, p, 303)
	wantContains(t, db.get(p.location()), "帐号已删除。")
	// Tokens and sessions end at once, before the purge has run.
	if r := dan.Get("/2/account/get_uid.json", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("token after deletion: %d %s", r.Status, r.Body)
	}
	if r := tc.Get("/api/user/info", url.Values{"format": {"json"}}); has(r, `"ret":0`) {
		t.Fatalf("OAuth1 token after deletion: %s", r.Body)
	}
	wantLacks(t, other.get("/"), `name="status"`)
	k.Drain()

	// Gone from every read path of every dialect and from search.
	btc := bob.Tencent(k)
	reads := map[string]*testkit.Response{
		"home":      bob.Get("/2/statuses/home_timeline.json", nil),
		"public":    bob.Get("/2/statuses/public_timeline.json", nil),
		"user":      bob.Get("/2/statuses/user_timeline.json", url.Values{"uid": {fmt.Sprint(dan.ID)}}),
		"show":      bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}),
		"repost":    bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(rt)}}),
		"comments":  bob.Get("/2/comments/show.json", url.Values{"id": {fmt.Sprint(own)}}),
		"to me":     bob.Get("/2/comments/to_me.json", nil),
		"search":    bob.Get("/2/search/statuses.json", url.Values{"q": {"danword"}}),
		"favorites": bob.Get("/2/favorites.json", nil),
		"tencent":   btc.Get("/api/t/show", url.Values{"format": {"json"}, "id": {fmt.Sprint(st)}}),
		"tc home":   btc.Get("/api/statuses/home_timeline", url.Values{"format": {"json"}}),
		"tc people": btc.Get("/api/user/other_info", url.Values{"format": {"json"}, "name": {"dan"}}),
	}
	for name, r := range reads {
		if has(r, "danword") || has(r, "dancomment") || has(r, "danrepost") || (name == "tc people" && has(r, `"ret":0`)) {
			t.Errorf("deleted: %s still shows dan: %d %s", name, r.Status, r.Body)
		}
	}
	if r := reads["repost"]; r.Status != 200 || !has(r, "bob reposts") {
		t.Errorf("bob's repost of a deleted status: %d %s", r.Status, r.Body)
	}
	bob.Fail(bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(dan.ID)}}), 400, 20003)
	xb := bob.Xweibo(k)
	if r := xb.Call("comment", url.Values{"id": {fmt.Sprint(st)}, "text": {"hi"}}); !has(r, `"errno"`) || has(r, `"errno":0`) {
		t.Fatalf("xweibo comment on a deleted account's status: %s", r.Body)
	}
	bbp := bb.get(fmt.Sprintf("/u/%d", dan.ID))
	wantStatus(t, bbp, 404)
	wantLacks(t, bb.get("/messages"), "dandm secret")
	wantLacks(t, bb.get("/"), "danword")

	// The counters of others are right again.
	if f, fr := userCounts(t, bob, bob.ID); f != 0 || fr != 0 {
		t.Errorf("bob after: followers %d friends %d", f, fr)
	}
	if f, _ := userCounts(t, bob, cat.ID); f != 0 {
		t.Errorf("cat after: followers %d", f)
	}
	if rp, c := statusCounts(t, bob, own); rp != 0 || c != 0 {
		t.Errorf("bob's status after: reposts %d comments %d", rp, c)
	}

	// The name is held back: sign-up and rename refuse it, clearly.
	nb := newBrowser(t, k)
	nb.get("/signup")
	p = nb.post("/signup", url.Values{"screen_name": {"Dan"}, "password": {"another-pw"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "这个昵称属于一个已删除的帐号，暂时保留，不能使用。")
	bb.get("/settings")
	p = bb.post("/settings/profile", url.Values{"screen_name": {"dan"}, "gender": {"n"}})
	wantStatus(t, p, 422)
	wantContains(t, p, "这个昵称属于一个已删除的帐号，暂时保留，不能使用。")
	_, err := k.App.Core.CreateUser(ctx, core.CreateUserInput{ScreenName: "dan", Password: "another-pw", By: &core.Operator})
	if !domain.IsKind(err, domain.KindConflict) || !strings.Contains(err.Error(), "held back") {
		t.Fatalf("operator creating a held name: %v", err)
	}

	// Deleting again: the operator's rerun finds the account by its old
	// name and has nothing left to purge.
	rep, err := k.App.Core.DeleteUser(ctx, core.Operator, "dan")
	if err != nil || !rep.Rerun || rep.Statuses+rep.Comments+rep.Following+rep.Followers+rep.Messages != 0 || rep.UserID != dan.ID {
		t.Fatalf("rerun: %+v %v", rep, err)
	}
	if err := k.App.Core.DeleteAccount(ctx, domain.Viewer{UserID: dan.ID}, dan.Password); !domain.IsKind(err, domain.KindNotFound) {
		t.Fatalf("the owner deleting twice: %v", err)
	}
	if _, err := k.App.Core.DeleteUser(ctx, core.Operator, "nobody-at-all"); !domain.IsKind(err, domain.KindNotFound) {
		t.Fatalf("deleting no one: %v", err)
	}
	if _, err := k.App.Core.DeleteUser(ctx, core.Actor{UserID: bob.ID}, "cat"); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("an ordinary user deleting another: %v", err)
	}

	// A password grant is audited with the caller's address, as a revocation is.
	tok := k.Anonymous().Form("POST", "/oauth2/access_token", url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()},
		"grant_type": {"password"}, "username": {"cat"}, "password": {cat.Password}})
	var grant struct {
		AccessToken string `json:"access_token"`
	}
	if tok.Status != 200 || json.Unmarshal(tok.Body, &grant) != nil {
		t.Fatalf("password grant: %d %s", tok.Status, tok.Body)
	}
	if r := k.Anonymous().Form("POST", "/oauth2/revokeoauth2", url.Values{"access_token": {grant.AccessToken}}); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}

	// The audit log has the deletion (with the address) and the purge.
	es, err := k.App.Core.AuditLog(ctx, core.Operator, time.Time{}, 0, 200)
	if err != nil {
		t.Fatal(err)
	}
	var del, purge, export, signin, granted, revoked bool
	for _, e := range es {
		switch {
		case e.Action == core.AuditTokenGrant && e.TargetUserID == cat.ID && e.Note == "password" && e.IP != "":
			granted = true
		case e.Action == core.AuditTokenRevoke && e.TargetUserID == cat.ID && e.IP != "":
			revoked = true
		case e.Action == core.AuditDelete && e.TargetUserID == dan.ID && e.ActorID == dan.ID && e.IP != "":
			del = true
		case e.Action == core.AuditPurge && e.TargetUserID == dan.ID && strings.Contains(e.Note, "statuses 3"):
			purge = true
		case e.Action == core.AuditExport && e.TargetUserID == dan.ID:
			export = true
		case e.Action == core.AuditSignIn && e.TargetUserID == dan.ID && e.IP != "":
			signin = true
		}
	}
	if !del || !purge || !export || !signin || !granted || !revoked {
		t.Errorf("audit: delete %v purge %v export %v signin-with-ip %v grant %v revoke %v: %+v",
			del, purge, export, signin, granted, revoked, es)
	}

	// Past the hold, the name is free for someone new, who inherits nothing.
	k.Clock.Advance(core.DefaultNameHold + time.Hour)
	nb.get("/signup")
	wantStatus(t, nb.post("/signup", url.Values{"screen_name": {"dan"}, "password": {"another-pw"}}), 303)
	wantLacks(t, nb.get("/n/dan"), "danword")
}
