package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/testkit"
)

func has(r *testkit.Response, s string) bool { return strings.Contains(string(r.Body), s) }

// TestSuspendAndRestore: a suspended account is gone from every read path
// of every dialect and from search, cannot sign in or use its tokens, its
// follows stay; lifting the suspension brings everything back.
func TestSuspendAndRestore(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	sam, bob := k.NewUser("sam"), k.NewUser("bob")
	apiOK(t, bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(sam.ID)}}))
	st := postID(t, sam.Post("/2/statuses/update.json", url.Values{"status": {"samword hello"}}))
	own := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"bob's own"}}))
	postID(t, sam.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(own)}, "comment": {"samcomment here"}}))
	rt := postID(t, bob.Post("/2/statuses/repost.json", url.Values{"id": {fmt.Sprint(st)}, "status": {"bob reposts"}}))
	tc, btc := sam.Tencent(k), bob.Tencent(k)
	k.Drain()
	sb := signIn(t, k, sam)

	reads := func() map[string]*testkit.Response {
		return map[string]*testkit.Response{
			"home":      bob.Get("/2/statuses/home_timeline.json", nil),
			"public":    bob.Get("/2/statuses/public_timeline.json", nil),
			"user":      bob.Get("/2/statuses/user_timeline.json", url.Values{"uid": {fmt.Sprint(sam.ID)}}),
			"show":      bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}),
			"comments":  bob.Get("/2/comments/show.json", url.Values{"id": {fmt.Sprint(own)}}),
			"search":    bob.Get("/2/search/statuses.json", url.Values{"q": {"samword"}}),
			"tencent":   btc.Get("/api/t/show", url.Values{"format": {"json"}, "id": {fmt.Sprint(st)}}),
			"tc home":   btc.Get("/api/statuses/home_timeline", url.Values{"format": {"json"}}),
			"tc people": btc.Get("/api/user/other_info", url.Values{"format": {"json"}, "name": {"sam"}}),
		}
	}
	for name, r := range reads() {
		want := "samword"
		switch name {
		case "comments":
			want = "samcomment"
		case "tc people":
			want = `"ret":0`
		}
		if r.Status != 200 || !has(r, want) {
			t.Fatalf("before: %s: %d %s", name, r.Status, r.Body)
		}
	}

	// Only moderators suspend.
	err := k.App.Core.SuspendUser(ctx, core.Actor{UserID: bob.ID}, "sam", "")
	if !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("an ordinary user suspends: %v", err)
	}
	if err := k.App.Core.SuspendUser(ctx, core.Operator, "sam", "spam"); err != nil {
		t.Fatal(err)
	}
	k.Drain()

	for name, r := range reads() {
		if has(r, "samword") || has(r, "samcomment") || (name == "tc people" && has(r, `"ret":0`)) {
			t.Errorf("suspended: %s still shows sam: %d %s", name, r.Status, r.Body)
		}
	}
	bob.Fail(bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}), 400, 20101)
	bob.Fail(bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(sam.ID)}}), 400, 20003)
	if r := bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(rt)}}); r.Status != 200 || has(r, "samword") {
		t.Fatalf("the repost shows its suspended original: %d %s", r.Status, r.Body)
	}
	// Tokens and sessions end at once; the password signs in no more.
	if r := sam.Get("/2/account/get_uid.json", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("token after suspension: %d %s", r.Status, r.Body)
	}
	if r := tc.Get("/api/user/info", url.Values{"format": {"json"}}); has(r, `"ret":0`) {
		t.Fatalf("OAuth1 token after suspension: %s", r.Body)
	}
	wantLacks(t, sb.get("/"), `name="status"`)
	lb := newBrowser(t, k)
	lb.get("/login")
	wantStatus(t, lb.post("/login", url.Values{"userId": {"sam"}, "passwd": {sam.Password}}), 422)
	anon := k.Anonymous()
	anon.Fail(anon.Form("POST", "/oauth2/access_token", url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()},
		"grant_type": {"password"}, "username": {"sam"}, "password": {sam.Password}}), 401, 21302)
	// Xweibo: the account acts no more, and its status cannot be commented.
	sam.Xweibo(k).Fail(sam.Xweibo(k).Call("update", url.Values{"text": {"from xweibo"}}), 3010003)
	xb := bob.Xweibo(k)
	if r := xb.Call("comment", url.Values{"id": {fmt.Sprint(st)}, "text": {"hi"}}); !strings.Contains(string(r.Body), `"errno"`) ||
		strings.Contains(string(r.Body), `"errno":0`) {
		t.Fatalf("xweibo comment on a suspended author's status: %s", r.Body)
	}
	// Twice is a conflict; the follow edge stays.
	if err := k.App.Core.SuspendUser(ctx, core.Operator, "sam", ""); !domain.IsKind(err, domain.KindConflict) {
		t.Fatalf("suspending twice: %v", err)
	}

	if err := k.App.Core.RestoreUser(ctx, core.Operator, "sam", "appeal"); err != nil {
		t.Fatal(err)
	}
	k.Drain()
	for name, r := range reads() {
		want := "samword"
		switch name {
		case "comments":
			want = "samcomment"
		case "tc people":
			want = `"ret":0`
		}
		if r.Status != 200 || !has(r, want) {
			t.Errorf("restored: %s: %d %s", name, r.Status, r.Body)
		}
	}
	r := bob.Get("/2/friendships/show.json", url.Values{"target_id": {fmt.Sprint(sam.ID)}})
	if !has(r, `"following":true`) {
		t.Fatalf("follow after restore: %s", r.Body)
	}
	// The old token stays revoked; a new sign-in works.
	if r := sam.Get("/2/account/get_uid.json", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("old token after restore: %d %s", r.Status, r.Body)
	}
	signIn(t, k, sam)

	es, err := k.App.Core.AuditLog(ctx, core.Operator, time.Time{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range es {
		if e.TargetUserID == sam.ID && e.ActorID == 0 && e.Action != core.AuditCreate {
			seen = append(seen, e.Action+":"+e.Note)
		}
	}
	if strings.Join(seen, ",") != "user.restore:appeal,user.suspend:spam" {
		t.Fatalf("audit of sam by the operator: %v", seen)
	}
	if _, err := k.App.Core.AuditLog(ctx, core.Actor{UserID: bob.ID}, time.Time{}, 0, 10); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("audit log for a non-admin: %v", err)
	}
}

// TestSilence: a silenced account's statuses reach its followers only and
// leave the public timeline; restoring lifts it.
func TestSilence(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	sil, fan, other := k.NewUser("sil"), k.NewUser("fan"), k.NewUser("other")
	apiOK(t, fan.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(sil.ID)}}))
	st := postID(t, sil.Post("/2/statuses/update.json", url.Values{"status": {"silword one"}}))
	k.Drain()
	mod := k.NewUser("mod")
	if _, err := k.App.Core.SetRole(ctx, core.Operator, "mod", domain.RoleModerator); err != nil {
		t.Fatal(err)
	}
	if err := k.App.Core.SilenceUser(ctx, core.Actor{UserID: mod.ID}, "sil", "noisy"); err != nil {
		t.Fatal(err)
	}
	// A moderator cannot act on a moderator, nor anyone on themselves.
	if err := k.App.Core.SuspendUser(ctx, core.Actor{UserID: mod.ID}, "mod", ""); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("moderator suspends self: %v", err)
	}
	if _, err := k.App.Core.SetRole(ctx, core.Actor{UserID: mod.ID}, "other", domain.RoleAdmin); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("a moderator changes roles: %v", err)
	}
	post2 := postID(t, sil.Post("/2/statuses/update.json", url.Values{"status": {"silword two"}}))
	k.Drain()

	if r := fan.Get("/2/statuses/home_timeline.json", nil); !has(r, "silword one") || !has(r, "silword two") {
		t.Fatalf("a follower's home: %s", r.Body)
	}
	apiOK(t, fan.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(post2)}}))
	other.Fail(other.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}), 400, 20101)
	wantStatus(t, newBrowser(t, k).get(fmt.Sprintf("/%d/%s", sil.ID, ids.EncodeMid(st))), 404) // signed out
	for _, u := range []*testkit.User{fan, other} {
		if r := u.Get("/2/statuses/public_timeline.json", nil); has(r, "silword") {
			t.Fatalf("public timeline for %s: %s", u.ScreenName, r.Body)
		}
	}
	if r := other.Get("/2/statuses/user_timeline.json", url.Values{"uid": {fmt.Sprint(sil.ID)}}); has(r, "silword") {
		t.Fatalf("user timeline for a non-follower: %s", r.Body)
	}
	// Counts follow the same rule (seerFor: the silence is looked up for
	// strangers only).
	idStr := fmt.Sprint(st)
	if r := other.Get("/2/statuses/count.json", url.Values{"ids": {idStr}}); has(r, idStr) {
		t.Fatalf("counts for a non-follower: %s", r.Body)
	}
	if r := fan.Get("/2/statuses/count.json", url.Values{"ids": {idStr}}); !has(r, idStr) {
		t.Fatalf("counts for a follower: %s", r.Body)
	}
	// The author still sees their own.
	apiOK(t, sil.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}))

	if err := k.App.Core.RestoreUser(ctx, core.Actor{UserID: mod.ID}, "sil", ""); err != nil {
		t.Fatal(err)
	}
	apiOK(t, other.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}))
	if r := other.Get("/2/statuses/public_timeline.json", nil); !has(r, "silword") {
		t.Fatalf("public timeline after restore: %s", r.Body)
	}
	if err := k.App.Core.RestoreUser(ctx, core.Operator, "sil", ""); !domain.IsKind(err, domain.KindConflict) {
		t.Fatalf("restoring an account in good standing: %v", err)
	}
}

// TestFirstUserAdmin: with --first-user-admin the first account is an
// admin, and only the first.
func TestFirstUserAdmin(t *testing.T) {
	k := testkit.Start(t, testkit.Options{FirstUserAdmin: true})
	ctx := context.Background()
	first, second := k.NewUser("first"), k.NewUser("second")
	a, err := k.App.Core.Account(ctx, "first")
	if err != nil || a.User.Role != domain.RoleAdmin {
		t.Fatalf("first account: %+v %v", a, err)
	}
	if b, _ := k.App.Core.Account(ctx, "second"); b.User.Role != domain.RoleUser {
		t.Fatalf("second account role %q", b.User.Role)
	}
	if _, err := k.App.Core.SetRole(ctx, core.Actor{UserID: first.ID}, "second", domain.RoleModerator); err != nil {
		t.Fatal(err)
	}
	if _, err := k.App.Core.SetRole(ctx, core.Actor{UserID: second.ID}, "first", domain.RoleUser); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("a moderator demotes an admin: %v", err)
	}
	if _, err := k.App.Core.SetRole(ctx, core.Operator, "second", "king"); !domain.IsKind(err, domain.KindInvalid) {
		t.Fatalf("an unknown role: %v", err)
	}
}

// TestRegistrationModes: closed refuses, invite needs a code (spent by
// use), approval queues the account until a moderator approves it.
func TestRegistrationModes(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []string{"closed", "invite", "approval"} {
		t.Run(mode, func(t *testing.T) {
			k := testkit.Start(t, testkit.Options{Registrations: mode})
			ann := k.NewUser("ann") // accounts the operator makes are not governed
			b := newBrowser(t, k)
			p := b.get("/signup")
			switch mode {
			case "closed":
				wantContains(t, p, "本站暂不开放注册。")
				wantLacks(t, p, `name="password"`)
				_, _, err := k.App.Core.SignUp(ctx, core.CreateUserInput{ScreenName: "newbie", Password: "secret-pw"})
				if !domain.IsKind(err, domain.KindForbidden) {
					t.Fatalf("sign-up when closed: %v", err)
				}
			case "invite":
				wantContains(t, p, `name="invite"`)
				wantStatus(t, b.post("/signup", url.Values{"screen_name": {"newbie"}, "password": {"secret-pw"}}), 422)
				p = b.post("/signup", url.Values{"screen_name": {"newbie"}, "password": {"secret-pw"}, "invite": {"bogus"}})
				wantStatus(t, p, 422)
				wantContains(t, p, "需要有效的邀请码。")
				code, _, err := k.App.Core.CreateInvite(ctx, core.Actor{UserID: ann.ID}, 1, 0)
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := k.App.Core.CreateInvite(ctx, core.Actor{UserID: ann.ID}, 50, 0); !domain.IsKind(err, domain.KindInvalid) {
					t.Fatalf("a user's code for 50: %v", err)
				}
				wantContains(t, b.get("/signup?invite="+code), `value="`+code+`"`)
				wantStatus(t, b.post("/signup", url.Values{"screen_name": {"newbie"}, "password": {"secret-pw"}, "invite": {code}}), 303)
				b2 := newBrowser(t, k)
				b2.get("/signup")
				wantStatus(t, b2.post("/signup", url.Values{"screen_name": {"second"}, "password": {"secret-pw"}, "invite": {code}}), 422)
			case "approval":
				wantContains(t, p, "新帐号需要管理员审核后才能登录。")
				p = b.post("/signup", url.Values{"screen_name": {"newbie"}, "password": {"secret-pw"}})
				wantStatus(t, p, 202)
				wantContains(t, p, "正在等待管理员审核")
				lb := newBrowser(t, k)
				lb.get("/login")
				wantStatus(t, lb.post("/login", url.Values{"userId": {"newbie"}, "passwd": {"secret-pw"}}), 422)
				ann.Fail(ann.Get("/2/users/show.json", url.Values{"screen_name": {"newbie"}}), 400, 20003)
				if _, err := k.App.Core.PendingAccounts(ctx, core.Actor{UserID: ann.ID}, 0, 10); !domain.IsKind(err, domain.KindForbidden) {
					t.Fatalf("pending list for a non-moderator: %v", err)
				}
				accs, err := k.App.Core.PendingAccounts(ctx, core.Operator, 0, 10)
				if err != nil || len(accs) != 1 || accs[0].User.ScreenName != "newbie" {
					t.Fatalf("pending: %v %v", accs, err)
				}
				if err := k.App.Core.ApproveUser(ctx, core.Operator, "newbie"); err != nil {
					t.Fatal(err)
				}
				wantStatus(t, lb.post("/login", url.Values{"userId": {"newbie"}, "passwd": {"secret-pw"}}), 303)
				// A rejected sign-up is removed and its name freed.
				b.get("/signup")
				wantStatus(t, b.post("/signup", url.Values{"screen_name": {"spammy"}, "password": {"secret-pw"}}), 202)
				if err := k.App.Core.RejectUser(ctx, core.Operator, "spammy", "spam"); err != nil {
					t.Fatal(err)
				}
				if _, err := k.App.Core.Account(ctx, "spammy"); !domain.IsKind(err, domain.KindNotFound) {
					t.Fatalf("rejected account: %v", err)
				}
				if err := k.App.Core.ApproveUser(ctx, core.Operator, "newbie"); !domain.IsKind(err, domain.KindConflict) {
					t.Fatalf("approving an active account: %v", err)
				}
			}
		})
	}
}
