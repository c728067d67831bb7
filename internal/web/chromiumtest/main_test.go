// Package chromiumtest drives the web site in a real headless Chromium
// (chromedp). The browser starts once for the package (about 2 s); each test
// gets its own browser contexts, which share nothing (cookies included), as
// two people on two computers. Without a chromium binary the tests skip; CI
// installs Debian's (.ci/run) and sets WEIBO_REQUIRE_CHROMIUM, which makes
// a missing browser a failure instead. WEIBO_CHROMIUM names the binary;
// WEIBO_TEST_ARTIFACTS the directory for screenshots of failed pages.
package chromiumtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// browserCtx is the allocator of the one Chromium process; nil when there
// is no chromium to run.
var browserCtx context.Context

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	path := os.Getenv("WEIBO_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path != "" {
			break
		}
		path, _ = exec.LookPath(name)
	}
	if path == "" {
		if os.Getenv("WEIBO_REQUIRE_CHROMIUM") != "" {
			fmt.Fprintln(os.Stderr, "chromiumtest: WEIBO_REQUIRE_CHROMIUM is set but there is no chromium")
			return 1
		}
		return m.Run() // every test skips
	}
	dir, err := os.MkdirTemp("", "weibo-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1000, 800),
		// A Chinese browser: the site's default language, which the tests read.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	// The first context starts the browser; the tests open their own
	// browser contexts in it.
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Run(bctx); err != nil {
		fmt.Fprintln(os.Stderr, "chromiumtest: start chromium:", err)
		return 1
	}
	browserCtx = bctx
	return m.Run()
}

// person is one browser context: its own cookies, its own tab.
type person struct {
	t    *testing.T
	name string
	ctx  context.Context
}

// newPerson opens a fresh browser context for t, closed at its end; a
// failed test leaves a screenshot of the person's page behind.
func newPerson(t *testing.T, name string) *person {
	t.Helper()
	if browserCtx == nil {
		t.Skip("no chromium here (set WEIBO_CHROMIUM or install chromium)")
	}
	// A browser context of its own, and a window in it: chromedp's
	// WithNewBrowserContext opens a tab without a window, which headless
	// Chromium refuses ("no browser is open").
	var bc cdp.BrowserContextID
	var tid target.ID
	err := chromedp.Run(browserCtx, chromedp.ActionFunc(func(ctx context.Context) error {
		exec := cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser)
		var err error
		if bc, err = target.CreateBrowserContext().Do(exec); err != nil {
			return err
		}
		tid, err = target.CreateTarget("about:blank").WithBrowserContextID(bc).WithNewWindow(true).Do(exec)
		return err
	}))
	if err != nil {
		t.Fatalf("%s: open a browser context: %v", name, err)
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithTargetID(tid))
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	p := &person{t: t, name: name, ctx: ctx}
	t.Cleanup(func() {
		if t.Failed() {
			p.screenshot()
		}
		cancelT()
		cancel()
		_ = chromedp.Run(browserCtx, chromedp.ActionFunc(func(ctx context.Context) error {
			return target.DisposeBrowserContext(bc).Do(cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser))
		}))
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("%s: attach to the browser context: %v", name, err)
	}
	return p
}

// screenshot saves the page as it is now under the artifacts directory
// ($WEIBO_TEST_ARTIFACTS, else the system's temporary directory).
func (p *person) screenshot() {
	dir := os.Getenv("WEIBO_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "weibo-test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Logf("screenshot: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	var png []byte
	var loc string
	if err := chromedp.Run(ctx, chromedp.Location(&loc), chromedp.FullScreenshot(&png, 100)); err != nil {
		p.t.Logf("screenshot: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name()) + "-" + p.name + ".png"
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Logf("screenshot: %v", err)
		return
	}
	p.t.Logf("%s's page (%s) is in %s", p.name, loc, file)
}

// run runs browser actions, failing the test on an error.
func (p *person) run(what string, actions ...chromedp.Action) {
	p.t.Helper()
	if err := chromedp.Run(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
}

// eval evaluates JavaScript in the page (through DevTools: the page's CSP
// does not apply to it).
func (p *person) eval(js string, out any) {
	p.t.Helper()
	p.run("evaluate "+js, chromedp.Evaluate(js, out))
}

func (p *person) location() string {
	p.t.Helper()
	var loc string
	p.run("location", chromedp.Location(&loc))
	return loc
}
