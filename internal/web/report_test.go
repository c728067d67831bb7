package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

// makeMod gives a testkit user a role, as the operator.
func makeMod(t *testing.T, k *testkit.Kit, name, role string) {
	t.Helper()
	if _, err := k.App.Core.SetRole(context.Background(), core.Operator, name, role); err != nil {
		t.Fatal(err)
	}
}

// unreadNotices is the "notice" count of remind/unread_count.
func unreadNotices(t *testing.T, u *testkit.User) string {
	t.Helper()
	r := u.Get("/2/remind/unread_count.json", url.Values{"uid": {fmt.Sprint(u.ID)}})
	m := regexp.MustCompile(`"notice":(\d+)`).FindStringSubmatch(string(r.Body))
	if m == nil {
		t.Fatalf("unread_count: %s", r.Body)
	}
	return m[1]
}

// auditActions lists the audit log's "action:note" of one actor, oldest first.
func auditActions(t *testing.T, k *testkit.Kit, actor int64) []string {
	t.Helper()
	es, err := k.App.Core.AuditLog(context.Background(), core.Operator, time.Time{}, 0, 200)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].ActorID == actor && es[i].Action != core.AuditSignIn && es[i].Action != core.AuditTokenGrant {
			out = append(out, es[i].Action+":"+es[i].Note)
		}
	}
	return out
}

var reportIDRE = regexp.MustCompile(`class="card admin-report" id="r(\d+)"`)

// TestReportAndResolve: a person reports a status from the site; a
// moderator sees it in the queue and deletes it; the status is gone from
// every Sina read path and from search, the counters follow, the audit log
// has the moderator's actions and the reporter's notices count moves.
func TestReportAndResolve(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	ann, bob, mod := k.NewUser("ann"), k.NewUser("bob"), k.NewUser("mod")
	makeMod(t, k, "mod", domain.RoleModerator)
	apiOK(t, bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(ann.ID)}}))
	st := postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"spamword buy now"}}))
	cm := postID(t, ann.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(st)}, "comment": {"spamcomment"}}))
	k.Drain()
	bb, mb := signIn(t, k, bob), signIn(t, k, mod)

	// The report link is on the status, its comments and the profile, but
	// not on one's own.
	p := bb.get(fmt.Sprintf("/u/%d", ann.ID))
	wantContains(t, p, fmt.Sprintf(`href="/report?kind=status&amp;id=%d"`, st), fmt.Sprintf(`href="/report?kind=user&amp;id=%d"`, ann.ID))
	wantLacks(t, p, "/admin/status/")
	wantLacks(t, signIn(t, k, ann).get(fmt.Sprintf("/u/%d", ann.ID)), "/report?kind=")
	wantContains(t, mb.get(fmt.Sprintf("/u/%d", ann.ID)), fmt.Sprintf(`action="/admin/status/%d/delete"`, st), `href="/admin"`)

	// The form, and its errors.
	p = bb.get(fmt.Sprintf("/report?kind=status&id=%d", st))
	wantStatus(t, p, 200)
	wantContains(t, p, "spamword buy now", `name="reason"`, `name="csrf_token"`)
	wantStatus(t, bb.get("/report?kind=status&id=999999"), 404)
	wantStatus(t, bb.get("/report?kind=bogus&id=1"), 404)
	wantStatus(t, bb.get("/report?kind=status&id=abc"), 404)
	wantStatus(t, bb.get(fmt.Sprintf("/report?kind=user&id=%d", bob.ID)), 400) // oneself
	wantStatus(t, bb.post("/report", url.Values{"kind": {"status"}, "id": {fmt.Sprint(st)}, "reason": {"spam"}, "csrf_token": {"forged"}}), 403)
	p = bb.post("/report", url.Values{"kind": {"status"}, "id": {fmt.Sprint(st)}, "reason": {"  "}})
	wantStatus(t, p, 400)
	wantContains(t, p, `name="reason"`)
	p = bb.post("/report", url.Values{"kind": {"status"}, "id": {fmt.Sprint(st)}, "reason": {"spam <b>ads</b>"}})
	wantStatus(t, p, 303)
	if p.location() != "/report?done=1" {
		t.Fatalf("after a report: %s", p.location())
	}
	wantContains(t, bb.get(p.location()), "已收到你的举报")
	wantStatus(t, bb.post("/report", url.Values{"kind": {"status"}, "id": {fmt.Sprint(st)}, "reason": {"again"}}), 409)
	wantStatus(t, bb.post("/report", url.Values{"kind": {"comment"}, "id": {fmt.Sprint(cm)}, "reason": {"rude"}}), 303)
	wantStatus(t, bb.post("/report", url.Values{"kind": {"user"}, "id": {fmt.Sprint(ann.ID)}, "reason": {"spammer"}}), 303)
	// Signed out: to the sign-in page.
	anon := newBrowser(t, k)
	if p := anon.get(fmt.Sprintf("/report?kind=status&id=%d", st)); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login") {
		t.Fatalf("signed out: %d %s", p.status, p.location())
	}

	// Only moderators see the queue.
	for _, path := range []string{"/admin", "/admin/reports", "/admin/users", "/admin/pending", "/admin/audit"} {
		wantStatus(t, bb.get(path), 403)
	}
	wantStatus(t, bb.post(fmt.Sprintf("/admin/status/%d/delete", st), nil), 403)
	wantStatus(t, mb.get("/admin/audit"), 403) // admins only
	p = mb.get("/admin/reports")
	wantStatus(t, p, 200)
	wantContains(t, p, "spamword buy now", "spamcomment", "spam &lt;b&gt;ads&lt;/b&gt;", `name="action"`)
	wantLacks(t, p, "<b>ads</b>")
	ids := reportIDRE.FindAllStringSubmatch(p.body, -1)
	if len(ids) != 3 {
		t.Fatalf("%d reports in the queue:\n%s", len(ids), p.body)
	}
	statusReport := ids[2][1] // newest first: user, comment, status

	// Bad resolutions.
	wantStatus(t, mb.post("/admin/reports/999999/resolve", url.Values{"action": {"dismiss"}}), 404)
	wantStatus(t, mb.post("/admin/reports/abc/resolve", url.Values{"action": {"dismiss"}}), 404)
	wantStatus(t, mb.post("/admin/reports/"+statusReport+"/resolve", url.Values{"action": {"explode"}}), 400)
	wantStatus(t, mb.post("/admin/reports/"+ids[0][1]+"/resolve", url.Values{"action": {"delete"}}), 400) // an account
	if _, err := k.App.Core.ResolveReport(ctx, core.Actor{UserID: bob.ID}, 1, "dismiss", ""); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("a user resolves: %v", err)
	}

	before := unreadNotices(t, bob)
	p = mb.post("/admin/reports/"+statusReport+"/resolve", url.Values{"action": {"delete"}, "note": {"ad spam"}})
	wantStatus(t, p, 303)
	wantStatus(t, mb.post("/admin/reports/"+statusReport+"/resolve", url.Values{"action": {"dismiss"}}), 409)
	k.Drain()
	if after := unreadNotices(t, bob); after == before {
		t.Fatalf("the reporter's notices: %s before, %s after", before, after)
	}

	// Gone from every read path, as after the author's own delete.
	bob.Fail(bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}), 400, 20101)
	for name, r := range map[string]*testkit.Response{
		"home":     bob.Get("/2/statuses/home_timeline.json", nil),
		"public":   bob.Get("/2/statuses/public_timeline.json", nil),
		"user":     bob.Get("/2/statuses/user_timeline.json", url.Values{"uid": {fmt.Sprint(ann.ID)}}),
		"search":   bob.Get("/2/search/statuses.json", url.Values{"q": {"spamword"}}),
		"comments": bob.Get("/2/comments/by_me.json", nil),
		"ann's":    ann.Get("/2/comments/by_me.json", nil),
	} {
		if has(r, "spamword") || has(r, "spamcomment") {
			t.Errorf("deleted by a moderator: %s still shows it: %s", name, r.Body)
		}
	}
	if r := bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(ann.ID)}}); !has(r, `"statuses_count":0`) {
		t.Errorf("the author's count after the delete: %s", r.Body)
	}

	// The resolved list shows the outcome; the comment's report finds its
	// comment gone with the status and is resolved all the same.
	wantContains(t, mb.get("/admin/reports?resolved=1"), "ad spam", "删除内容")
	if _, err := k.App.Core.ResolveReport(ctx, core.Actor{UserID: mod.ID}, mustID(t, ids[1][1]), core.ReportDelete, ""); err != nil {
		t.Fatalf("deleting a comment gone already: %v", err)
	}
	got := strings.Join(auditActions(t, k, mod.ID), ",")
	if got != "status.delete:ad spam,report.resolve:delete: ad spam,report.resolve:delete: " {
		t.Fatalf("the moderator's audit: %s", got)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestResolveSuspendsAndSilences: a report resolved with suspend hides the
// account; a moderator cannot act on another moderator's content; an
// admin can.
func TestResolveSuspendsAndSilences(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	ann, bob, cat, mod, mod2 := k.NewUser("ann"), k.NewUser("bob"), k.NewUser("cat"), k.NewUser("mod"), k.NewUser("mod2")
	makeMod(t, k, "mod", domain.RoleModerator)
	makeMod(t, k, "mod2", domain.RoleModerator)
	st := postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"annword"}}))
	modSt := postID(t, mod2.Post("/2/statuses/update.json", url.Values{"status": {"mod2word"}}))
	k.Drain()
	bv := domain.Viewer{UserID: bob.ID}

	// Reporting errors.
	for name, in := range map[string]core.ReportInput{
		"no status":  {Kind: domain.ReportStatus, TargetID: 987654321, Reason: "x"},
		"no comment": {Kind: domain.ReportComment, TargetID: 987654321, Reason: "x"},
		"no user":    {Kind: domain.ReportUser, TargetID: 987654321, Reason: "x"},
	} {
		if _, err := k.App.Core.FileReport(ctx, bv, in); !domain.IsKind(err, domain.KindNotFound) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := k.App.Core.FileReport(ctx, bv, core.ReportInput{Kind: "planet", TargetID: 1, Reason: "x"}); !domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("a bad kind: %v", err)
	}
	if _, err := k.App.Core.FileReport(ctx, bv, core.ReportInput{Kind: domain.ReportUser, TargetID: ann.ID, Reason: strings.Repeat("长", 301)}); !domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("a long reason: %v", err)
	}
	if _, err := k.App.Core.FileReport(ctx, domain.Viewer{}, core.ReportInput{Kind: domain.ReportUser, TargetID: ann.ID, Reason: "x"}); !domain.IsKind(err, domain.KindUnauthenticated) {
		t.Errorf("signed out: %v", err)
	}

	rUser, err := k.App.Core.FileReport(ctx, bv, core.ReportInput{Kind: domain.ReportUser, TargetID: ann.ID, Reason: "spammer"})
	if err != nil {
		t.Fatal(err)
	}
	rSilence, err := k.App.Core.FileReport(ctx, domain.Viewer{UserID: cat.ID}, core.ReportInput{Kind: domain.ReportStatus, TargetID: st, Reason: "noisy"})
	if err != nil {
		t.Fatal(err)
	}
	rMod, err := k.App.Core.FileReport(ctx, bv, core.ReportInput{Kind: domain.ReportStatus, TargetID: modSt, Reason: "rude mod"})
	if err != nil {
		t.Fatal(err)
	}
	// A moderator acts on no moderator's content, nor dismisses with a huge note.
	if _, err := k.App.Core.ResolveReport(ctx, core.Actor{UserID: mod.ID}, rMod.ID, core.ReportDelete, ""); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("a moderator deletes a moderator's status: %v", err)
	}
	if _, err := k.App.Core.ResolveReport(ctx, core.Actor{UserID: mod.ID}, rMod.ID, core.ReportDismiss, strings.Repeat("x", 501)); !domain.IsKind(err, domain.KindInvalid) {
		t.Fatalf("a long note: %v", err)
	}
	if _, err := k.App.Core.ResolveReport(ctx, core.Operator, rMod.ID, core.ReportDelete, "operator"); err != nil {
		t.Fatal(err)
	}

	if _, err := k.App.Core.ResolveReport(ctx, core.Actor{UserID: mod.ID}, rSilence.ID, core.ReportSilence, "calm down"); err != nil {
		t.Fatal(err)
	}
	if a, _ := k.App.Core.Account(ctx, "ann"); !a.User.Silenced {
		t.Fatal("not silenced")
	}
	if _, err := k.App.Core.ResolveReport(ctx, core.Actor{UserID: mod.ID}, rUser.ID, core.ReportSuspend, "spam run"); err != nil {
		t.Fatal(err)
	}
	k.Drain()
	bob.Fail(bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}), 400, 20101)
	bob.Fail(bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(ann.ID)}}), 400, 20003)
	if got := unreadNotices(t, cat); got != "1" {
		t.Fatalf("cat's notices: %s", got)
	}
	got := strings.Join(auditActions(t, k, mod.ID), ",")
	if got != "user.silence:calm down,report.resolve:silence: calm down,user.suspend:spam run,report.resolve:suspend: spam run" {
		t.Fatalf("audit: %s", got)
	}
	// Content of a suspended account: reporting it is "not found".
	if _, err := k.App.Core.FileReport(ctx, domain.Viewer{UserID: cat.ID}, core.ReportInput{Kind: domain.ReportUser, TargetID: ann.ID, Reason: "x"}); !domain.IsKind(err, domain.KindNotFound) {
		t.Fatalf("reporting a suspended account: %v", err)
	}
	// The queue is empty; listing is for moderators.
	if vs, err := k.App.Core.Reports(ctx, core.Actor{UserID: mod.ID}, true, 0, 10); err != nil || len(vs) != 0 {
		t.Fatalf("open reports: %v %v", vs, err)
	}
	if _, err := k.App.Core.Reports(ctx, core.Actor{UserID: bob.ID}, true, 0, 10); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("a user lists reports: %v", err)
	}
}

// TestModeratorContentActions: a moderator deletes any status or comment
// and removes profile text and avatars from the site; a user may not.
func TestModeratorContentActions(t *testing.T) {
	k := testkit.Start(t)
	ann, bob, mod := k.NewUser("ann"), k.NewUser("bob"), k.NewUser("mod")
	makeMod(t, k, "mod", domain.RoleModerator)
	st := postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"annpost hello"}}))
	own := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"bobpost"}}))
	cm := postID(t, ann.Post("/2/comments/create.json", url.Values{"id": {fmt.Sprint(own)}, "comment": {"annrude"}}))
	if _, err := k.App.Core.UpdateProfile(context.Background(), domain.Viewer{UserID: ann.ID},
		domain.ProfileChange{ScreenName: "ann", Description: "buy pills", Gender: "n"}); err != nil {
		t.Fatal(err)
	}
	k.Drain()
	mb, bb := signIn(t, k, mod), signIn(t, k, bob)

	wantStatus(t, bb.post(fmt.Sprintf("/admin/comment/%d/delete", cm), nil), 403)
	wantStatus(t, bb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"text"}}), 403)
	p := mb.post(fmt.Sprintf("/admin/comment/%d/delete", cm), url.Values{"note": {"rude"}, "next": {"/admin"}})
	wantStatus(t, p, 303)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/comment/%d/delete", cm), nil), 404)
	if r := bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(own)}}); !has(r, `"comments_count":0`) {
		t.Fatalf("the count after a moderator's comment delete: %s", r.Body)
	}
	wantStatus(t, mb.post(fmt.Sprintf("/admin/status/%d/delete", st), url.Values{"note": {"spam"}}), 303)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/status/%d/delete", st), nil), 404)
	wantStatus(t, mb.post("/admin/status/0/delete", nil), 404)
	k.Drain()
	bob.Fail(bob.Get("/2/statuses/show.json", url.Values{"id": {fmt.Sprint(st)}}), 400, 20101)
	if r := bob.Get("/2/search/statuses.json", url.Values{"q": {"annpost"}}); has(r, "annpost") {
		t.Fatalf("search after a moderator's delete: %s", r.Body)
	}

	// Profile text, and the users page.
	p = mb.get("/admin/users?q=an")
	wantContains(t, p, "buy pills", fmt.Sprintf(`action="/admin/users/%d"`, ann.ID))
	wantLacks(t, p, `name="role"`) // moderators do not set roles
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"text"}, "note": {"ad"}}), 303)
	if r := bob.Get("/2/users/show.json", url.Values{"uid": {fmt.Sprint(ann.ID)}}); has(r, "buy pills") {
		t.Fatalf("description after removal: %s", r.Body)
	}
	p = mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"text"}})
	wantStatus(t, p, 409)
	wantContains(t, p, `class="err"`)
	if _, err := k.App.Core.SetAvatar(context.Background(), domain.Viewer{UserID: ann.ID}, pngBytes(t)); err != nil {
		t.Fatal(err)
	}
	wantContains(t, mb.get("/admin/users?q=ann"), `value="avatar"`)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"avatar"}}), 303)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"avatar"}}), 409) // the default one
	if a, _ := k.App.Core.Account(context.Background(), "ann"); a.User.Avatar != "" {
		t.Fatalf("avatar after removal: %q", a.User.Avatar)
	}
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"fly"}}), 400)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"role"}, "role": {"admin"}}), 403)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", mod.ID), url.Values{"do": {"suspend"}}), 403) // oneself
	wantStatus(t, mb.post("/admin/users/987654321", url.Values{"do": {"suspend"}}), 404)
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"silence"}, "note": {"calm"}}), 303)
	wantContains(t, mb.get("/admin/users?q=ann"), "已限制")
	wantStatus(t, mb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"restore"}}), 303)

	got := strings.Join(auditActions(t, k, mod.ID), ",")
	if got != "comment.delete:rude,status.delete:spam,user.profile.clear:ad,user.avatar.remove:,user.silence:calm,user.restore:" {
		t.Fatalf("audit: %s", got)
	}
}

// TestAdminPages: the overview's numbers and charts, the users page's role
// form for admins, pending registrations, the audit log (admins only) and
// its paging.
func TestAdminPages(t *testing.T) {
	k := testkit.Start(t, testkit.Options{Registrations: "approval"})
	ctx := context.Background()
	root, ann := k.NewUser("root"), k.NewUser("ann")
	makeMod(t, k, "root", domain.RoleAdmin)
	postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"one"}}))
	postID(t, ann.Post("/2/statuses/update.json", url.Values{"status": {"two"}}))
	nb := newBrowser(t, k)
	nb.get("/signup")
	wantStatus(t, nb.post("/signup", url.Values{"screen_name": {"newbie"}, "password": {"secret-pw"}}), 202)
	nb2 := newBrowser(t, k)
	nb2.get("/signup")
	wantStatus(t, nb2.post("/signup", url.Values{"screen_name": {"spammy"}, "password": {"secret-pw"}}), 202)
	k.Drain()
	rb := signIn(t, k, root)

	p := rb.get("/admin")
	wantStatus(t, p, 200)
	if !regexp.MustCompile(`<strong id="stat-users">[4-9]</strong>`).MatchString(p.body) {
		t.Fatalf("users count:\n%s", p.body)
	}
	wantContains(t, p, `<strong id="stat-pending">2</strong>`,
		`<strong id="stat-statuses">2</strong>`, `<svg class="bars" id="chart-statuses"`, `id="chart-disk"`, `href="/admin/audit"`)
	if n := strings.Count(p.body, "<rect "); n < 30 {
		t.Fatalf("%d bars", n)
	}
	wantContains(t, rb.get("/"), `class="nav-admin" href="/admin"`)
	wantLacks(t, signIn(t, k, ann).get("/"), `class="nav-admin"`)

	// Pending sign-ups.
	p = rb.get("/admin/pending")
	wantContains(t, p, "newbie", "spammy")
	newbie, _ := k.App.Core.Account(ctx, "newbie")
	spammy, _ := k.App.Core.Account(ctx, "spammy")
	wantStatus(t, rb.post(fmt.Sprintf("/admin/pending/%d", newbie.User.ID), url.Values{"do": {"approve"}}), 303)
	wantStatus(t, rb.post(fmt.Sprintf("/admin/pending/%d", spammy.User.ID), url.Values{"do": {"reject"}, "note": {"bot"}}), 303)
	wantStatus(t, rb.post(fmt.Sprintf("/admin/pending/%d", newbie.User.ID), url.Values{"do": {"approve"}}), 409)
	wantStatus(t, rb.post(fmt.Sprintf("/admin/pending/%d", newbie.User.ID), url.Values{"do": {"maybe"}}), 400)
	wantContains(t, rb.get("/admin/pending"), "没有待审核的注册。")

	// Roles, by an admin.
	p = rb.get("/admin/users?q=ann")
	wantContains(t, p, `name="role"`)
	wantStatus(t, rb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"role"}, "role": {"moderator"}}), 303)
	if a, _ := k.App.Core.Account(ctx, "ann"); a.User.Role != domain.RoleModerator {
		t.Fatalf("role: %q", a.User.Role)
	}
	wantStatus(t, rb.post(fmt.Sprintf("/admin/users/%d", ann.ID), url.Values{"do": {"role"}, "role": {"king"}}), 400)
	wantStatus(t, rb.post(fmt.Sprintf("/admin/users/%d", root.ID), url.Values{"do": {"role"}, "role": {"user"}}), 403)
	wantStatus(t, rb.get("/admin/users?before=abc"), 400)
	wantStatus(t, rb.get("/admin/users?q="+strings.Repeat("x", 40)), 400)

	// The audit log, paged.
	p = rb.get("/admin/audit")
	wantContains(t, p, "user.approve", "user.reject", "user.role", "bot")
	for range 25 {
		if _, err := k.App.Core.SetRole(ctx, core.Actor{UserID: root.ID}, "ann", domain.RoleModerator); err != nil {
			t.Fatal(err)
		}
	}
	p = rb.get("/admin/audit")
	m := regexp.MustCompile(`href="(/admin/audit\?before=\d+)" rel="next"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no next page:\n%s", p.body)
	}
	wantContains(t, rb.get(strings.ReplaceAll(m[1], "&amp;", "&")), "user.signup")
}
