package chromiumtest

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

// signIn fills in the sign-in form and waits for the home page.
func (p *person) signIn(base, name, password string) {
	p.t.Helper()
	p.open(base, "/login")
	p.run("sign in",
		chromedp.SendKeys("#userId", name, chromedp.ByQuery),
		chromedp.SendKeys("#passwd", password, chromedp.ByQuery),
		chromedp.Click("form.card button[type=submit]", chromedp.ByQuery),
	)
	p.waitFor("the home page", `!!document.querySelector("textarea[name=status]")`)
}

// TestReportThenResolve: a person reports a status from its author's page
// with the report link and form; a moderator finds it in the queue,
// deletes it with the resolve form, and the status is gone from the site.
func TestReportThenResolve(t *testing.T) {
	k := testkit.Start(t)
	ann, mod := k.NewUser("ann"), k.NewUser("mod")
	if _, err := k.App.Core.SetRole(context.Background(), core.Operator, "mod", domain.RoleModerator); err != nil {
		t.Fatal(err)
	}
	if r := ann.Post("/2/statuses/update.json", url.Values{"status": {"买药加微信 spamword"}}); r.Status != 200 {
		t.Fatalf("post: %d %s", r.Status, r.Body)
	}
	k.Drain()
	annPage := fmt.Sprintf("/u/%d", ann.ID)

	bob, mo := newPerson(t, "bob"), newPerson(t, "mod")
	bob.signUp(k.URL, "bob")
	bob.open(k.URL, annPage)
	bob.run("open the report form", chromedp.Click(".timeline article a.report", chromedp.ByQuery))
	bob.waitFor("the report form", `!!document.querySelector("#report-reason") && `+pageHas("spamword"))
	bob.run("report",
		chromedp.SendKeys("#report-reason", "广告 <b>spam</b>", chromedp.ByQuery),
		chromedp.Click("#report-form button[type=submit]", chromedp.ByQuery),
	)
	bob.waitFor("the thanks", pageHas("已收到你的举报"))

	mo.signIn(k.URL, "mod", mod.Password)
	mo.run("open the admin pages", chromedp.Click("a.nav-admin", chromedp.ByQuery))
	mo.waitFor("the overview", `!!document.querySelector("#chart-statuses") && document.querySelector("#stat-reports").textContent === "1"`)
	mo.open(k.URL, "/admin/reports")
	mo.waitFor("the report in the queue", `document.querySelectorAll(".admin-report").length === 1 && `+
		pageHas("spamword")+` && document.querySelector(".admin-report .reason").textContent === "广告 <b>spam</b>"`)
	mo.run("resolve: delete",
		chromedp.SetValue(".admin-report select[name=action]", "delete", chromedp.ByQuery),
		chromedp.SendKeys(".admin-report input[name=note]", "广告", chromedp.ByQuery),
		chromedp.Click(".admin-report form.resolve button[type=submit]", chromedp.ByQuery),
	)
	mo.waitFor("the empty queue", `location.pathname === "/admin/reports" && `+pageHas("已完成。")+
		` && !document.querySelector(".admin-report")`)
	mo.open(k.URL, "/admin/reports?resolved=1")
	mo.waitFor("the outcome", `!!document.querySelector(".admin-report .outcome") && `+pageHas("删除内容"))

	k.Drain()
	bob.open(k.URL, annPage)
	bob.waitFor("ann's page", `!!document.querySelector(".profile-head")`)
	if bob.exists(".timeline article") {
		t.Fatal("the status a moderator deleted is still on its author's page")
	}
}
