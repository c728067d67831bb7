package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

// The notifications page lists every kind of notice, newest first, paged;
// the nav badge counts the unread ones; showing the page moves the read
// mark (the badge goes, the items shown unread stay marked on that page).
func TestNotificationsPage(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	alice := signUp(t, k, "alice")
	u, err := k.App.Core.ResolveUser(ctx, core.UserRef{ScreenName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	wantLacks(t, alice.get("/"), `id="badge-notice"`)
	wantContains(t, alice.get("/notifications"), "还没有通知。")
	// The read mark is a time: what comes later is unread (the test clock
	// stands still otherwise).
	k.Clock.Advance(time.Millisecond)

	stream := alice.live("")
	stream.next("unread")
	if _, err := k.App.Core.Notify(ctx, u.ID, domain.NoticeInput{Kind: domain.NoticeModeration,
		Content: "你举报的微博已删除 <script>", Ref: 42, ActionURL: "https://example.com/rules"}); err != nil {
		t.Fatal(err)
	}
	if got := stream.next("unread"); !strings.Contains(got, `"notices":1`) {
		t.Fatalf("unread event %s", got)
	}
	if _, err := k.App.Core.Notify(ctx, 0, domain.NoticeInput{Kind: domain.NoticeSystem, Title: "公告", Content: "大家好"}); err != nil {
		t.Fatal(err)
	}
	wantContains(t, alice.get("/"), `id="badge-notice"`, `>2</span>`)
	p := alice.get("/notifications")
	wantContains(t, p, "管理员通知", "你举报的微博已删除 &lt;script&gt;", `href="https://example.com/rules"`, "系统通知", "公告",
		`class="card notice unread"`)
	if strings.Index(p.body, "公告") > strings.Index(p.body, "你举报的") {
		t.Errorf("not newest first:\n%s", p.body)
	}
	wantLacks(t, alice.get("/"), `id="badge-notice"`)
	wantLacks(t, alice.get("/notifications"), `class="card notice unread"`)

	// Paged, twenty a page.
	for i := range 21 {
		k.Clock.Advance(time.Second)
		if _, err := k.App.Core.Notify(ctx, u.ID, domain.NoticeInput{Kind: domain.NoticeSystem, Title: "t",
			Content: fmt.Sprintf("第%d条", i)}); err != nil {
			t.Fatal(err)
		}
	}
	p = alice.get("/notifications")
	wantContains(t, p, "第20条", `href="/notifications?page=2"`)
	wantLacks(t, p, ">第0条<")
	wantContains(t, alice.get("/notifications?page=2"), "第0条", "公告", `href="/notifications?page=1"`)

	wantStatus(t, alice.get("/notifications?page=0"), 400)
	wantStatus(t, alice.get("/notifications?page=x"), 400)
	wantStatus(t, newBrowser(t, k).get("/notifications"), 303)
}
