package sina_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
)

// The login guard on the Sina sign-in paths: the password grant and the
// consent page. Client addresses come from X-Forwarded-For (the kit trusts
// its proxy); time moves on the kit's clock only.

// guardKit starts a kit trusting X-Forwarded-For with the given login limits
// (every other limit off).
func guardKit(t *testing.T, l core.LoginLimits, more ...func(*testkit.Options)) *testkit.Kit {
	t.Helper()
	o := testkit.Options{TrustProxy: true, Limits: &core.RateLimits{Login: l}}
	for _, f := range more {
		f(&o)
	}
	return testkit.Start(t, o)
}

// grantFrom runs the password grant as a client at ip.
func grantFrom(k *testkit.Kit, ip, username, password string) *testkit.Response {
	v := url.Values{"client_id": {k.AppKey()}, "client_secret": {k.AppSecret()}, "grant_type": {"password"},
		"username": {username}, "password": {password}}
	req, err := http.NewRequest("POST", k.URL+"/oauth2/access_token", strings.NewReader(v.Encode()))
	if err != nil {
		k.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", ip)
	return k.Anonymous().Do(req)
}

// granted asserts a token was issued.
func granted(t *testing.T, r *testkit.Response) {
	t.Helper()
	var tok specToken
	decodeSpec(t, r, &tok, tokenKeys)
}

// refused asserts a rate-limit refusal with its code and returns Retry-After.
func refused(t *testing.T, k *testkit.Kit, r *testkit.Response, code int) time.Duration {
	t.Helper()
	e := oauthFail(t, k.Anonymous(), r, http.StatusForbidden, code, "temporarily_unavailable")
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Fatalf("Retry-After %q on %s", r.Header.Get("Retry-After"), r.Body)
	}
	if e.ErrorDescription == "" {
		t.Errorf("no description: %s", r.Body)
	}
	return time.Duration(secs) * time.Second
}

func wrongPassword(t *testing.T, k *testkit.Kit, r *testkit.Response) {
	t.Helper()
	oauthFail(t, k.Anonymous(), r, http.StatusUnauthorized, 21302, "invalid_grant")
}

// TestLoginAccountDelay: failures of one account from one address make that
// pair wait, twice as long after each further failure and never longer than
// the maximum; the owner signing in from elsewhere is not affected, and a
// success starts the pair afresh.
func TestLoginAccountDelay(t *testing.T) {
	const (
		attacker = "203.0.113.66"
		owner    = "198.51.100.7"
	)
	l := core.LoginLimits{FreeFailures: 3, Delay: 2 * time.Second, MaxDelay: 16 * time.Second}
	k := guardKit(t, l)
	u := k.NewUser("victim")

	for range 3 {
		wrongPassword(t, k, grantFrom(k, attacker, "victim", "guess"))
	}
	// The pair waits now, even with the right password: a guesser cannot
	// tell a right guess while it waits.
	wait := refused(t, k, grantFrom(k, attacker, "victim", "guess"), 21303)
	refused(t, k, grantFrom(k, attacker, "victim", u.Password), 21303)
	if wait > l.Delay {
		t.Fatalf("first wait %v, want at most %v", wait, l.Delay)
	}
	// The owner, from another address, signs in at once; so does the e-mail
	// or name of another account from the attacker's address.
	granted(t, grantFrom(k, owner, "victim", u.Password))
	other := k.NewUser("bystander")
	granted(t, grantFrom(k, attacker, "bystander", other.Password))

	// Each further failure doubles the delay, up to the maximum. The delays
	// run in fixed windows: let in at the end of one, the next wait is at
	// least half the next delay and at most all of it.
	want := l.Delay
	for i := range 6 {
		k.Clock.Advance(wait)
		wrongPassword(t, k, grantFrom(k, attacker, "victim", "guess"))
		want = min(want*2, l.MaxDelay)
		wait = refused(t, k, grantFrom(k, attacker, "victim", "guess"), 21303)
		if wait > want || wait < want/2 {
			t.Fatalf("failure %d past the free ones: wait %v, want %v to %v", i+2, wait, want/2, want)
		}
	}

	// Of concurrent attempts when the wait is over, one is let through.
	k.Clock.Advance(wait)
	var wg sync.WaitGroup
	var let, held atomic.Int32
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := grantFrom(k, attacker, "victim", "guess")
			switch {
			case r.Status == http.StatusUnauthorized:
				let.Add(1)
			case r.Status == http.StatusForbidden && strings.Contains(string(r.Body), "21303"):
				held.Add(1)
			default:
				t.Errorf("concurrent attempt: %d %s", r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	if let.Load() != 1 || held.Load() != 4 {
		t.Fatalf("concurrent attempts: %d let through, %d held; want 1 and 4", let.Load(), held.Load())
	}

	// The owner at the attacker's address waits at most the maximum, then
	// signs in, which forgets the failures: the free ones are back.
	k.Clock.Advance(l.MaxDelay)
	granted(t, grantFrom(k, attacker, "victim", u.Password))
	for range 3 {
		wrongPassword(t, k, grantFrom(k, attacker, "victim", "typo"))
	}
	refused(t, k, grantFrom(k, attacker, "victim", "typo"), 21303)

	// The e-mail and the screen name are one account.
	mail, err := k.App.Core.CreateUser(t.Context(), core.CreateUserInput{ScreenName: "mailer", Password: "secret-mailer", Email: "m@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	_ = mail
	for _, login := range []string{"mailer", "m@example.com", "MAILER"} {
		wrongPassword(t, k, grantFrom(k, attacker, login, "guess"))
	}
	refused(t, k, grantFrom(k, attacker, "m@example.com", "guess"), 21303)
}

// TestLoginAddressLimit: one address may fail only so often an hour, over
// every account (spraying names), on the token endpoint and the consent page
// alike; an IPv6 address counts as its /64.
func TestLoginAddressLimit(t *testing.T) {
	k := guardKit(t, core.LoginLimits{IPFailuresPerHour: 5})
	u := k.NewUser("sprayed")
	const sprayer = "203.0.113.9"

	// Successes are free; failures count whatever the name.
	for i := range 4 {
		wrongPassword(t, k, grantFrom(k, sprayer, "nobody"+strconv.Itoa(i), "123456"))
		granted(t, grantFrom(k, sprayer, "sprayed", u.Password))
	}
	// The fifth failure comes from the consent page.
	b := newBrowser(t)
	b.header = http.Header{"X-Forwarded-For": {sprayer}}
	conf := oauthConfig(k, 0)
	f := parseForm(t, b.do("GET", conf.AuthCodeURL("s"), nil, nil))
	p := b.submit(f, map[string]string{"userId": "sprayed", "passwd": "123456"}, "authorize")
	if p.status != http.StatusOK || !strings.Contains(p.body, "帐号或密码错误") {
		t.Fatalf("wrong password on the page: %d\n%s", p.status, p.body)
	}
	// Spent: the address is refused, even the right password, on both paths.
	wait := refused(t, k, grantFrom(k, sprayer, "sprayed", u.Password), 10022)
	if wait > time.Hour {
		t.Fatalf("Retry-After %v beyond the hour", wait)
	}
	p = b.submit(parseForm(t, p), map[string]string{"userId": "sprayed", "passwd": u.Password}, "authorize")
	if p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") == "" || !strings.Contains(p.body, "登录尝试过多") ||
		p.header.Get("Location") != "" {
		t.Fatalf("consent page over the limit: %d %v\n%s", p.status, p.header, p.body)
	}
	parseForm(t, p) // the form is there to try again later

	// Other addresses are not affected.
	granted(t, grantFrom(k, "198.51.100.1", "sprayed", u.Password))
	// The next hour the address may try again.
	k.Clock.Advance(wait)
	granted(t, grantFrom(k, sprayer, "sprayed", u.Password))

	// IPv6: addresses of one /64 share a budget.
	for i := range 5 {
		wrongPassword(t, k, grantFrom(k, "2001:db8:1:2::"+strconv.Itoa(i+1), "nobody", "x"))
	}
	refused(t, k, grantFrom(k, "2001:db8:1:2:ffff::1", "sprayed", u.Password), 10022)
	granted(t, grantFrom(k, "2001:db8:1:3::1", "sprayed", u.Password))
}

// holdStore blocks the first `hold` credential reads (which run inside a
// password-check slot) until release is closed, and tracks how many run at
// once.
type holdStore struct {
	domain.Store
	armed          atomic.Bool
	hold           int32
	held           atomic.Int32
	entered        chan struct{} // receives once per held read
	release        chan struct{}
	inFlight, peak atomic.Int32
	calls          atomic.Int32
}

func (h *holdStore) CredentialsOf(ctx context.Context, userID int64) (*domain.Credentials, error) {
	if h.armed.Load() {
		h.calls.Add(1)
		n := h.inFlight.Add(1)
		for {
			p := h.peak.Load()
			if n <= p || h.peak.CompareAndSwap(p, n) {
				break
			}
		}
		defer h.inFlight.Add(-1)
		if h.held.Add(1) <= h.hold {
			h.entered <- struct{}{}
			<-h.release
		}
	}
	return h.Store.CredentialsOf(ctx, userID)
}

// TestLoginBusy: with every password-check slot taken and the sign-ins in
// progress at their bound, further sign-ins are refused at once (21303)
// without a password check; the held one completes.
func TestLoginBusy(t *testing.T) {
	hs := &holdStore{hold: 1, entered: make(chan struct{}, 1), release: make(chan struct{})}
	k := guardKit(t, core.LoginLimits{MaxPending: 1}, func(o *testkit.Options) {
		o.WrapStore = func(s domain.Store) domain.Store { hs.Store = s; return hs }
		o.LoginConcurrency = 1
	})
	u := k.NewUser("busy")
	hs.armed.Store(true)

	first := make(chan *testkit.Response, 1)
	go func() { first <- grantFrom(k, "198.51.100.1", "busy", u.Password) }()
	<-hs.entered

	var wg sync.WaitGroup
	responses := make([]*http.Response, 20)
	bodies := make([][]byte, 20)
	for i := range responses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := tokenParams(k, "grant_type", "password", "username", "busy", "password", u.Password)
			resp, err := http.Post(k.URL+"/oauth2/access_token", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			bodies[i], _ = io.ReadAll(resp.Body)
			responses[i] = resp
		}()
	}
	wg.Wait() // answered while the first still holds its slot: none waited
	for i, resp := range responses {
		if resp == nil {
			t.FailNow()
		}
		refused(t, k, &testkit.Response{Status: resp.StatusCode, Header: resp.Header, Body: bodies[i]}, 21303)
	}
	if n := hs.calls.Load(); n != 1 {
		t.Fatalf("%d password checks started, want only the held one", n)
	}
	close(hs.release)
	granted(t, <-first)
	granted(t, grantFrom(k, "198.51.100.1", "busy", u.Password))

	// The refusals show on /metrics.
	r := k.Anonymous().Get("/metrics", nil)
	if !strings.Contains(string(r.Body), `weibo_login_refused_total{reason="busy"} 20`) {
		t.Errorf("metrics lack the busy refusals:\n%s", grepLines(string(r.Body), "weibo_login"))
	}
}

// TestLoginConcurrencyWithoutLimits: with the rate limits off nothing is
// refused, but password checks still run at most the slot count at once:
// 100 parallel sign-ins queue for 2 slots and all succeed.
func TestLoginConcurrencyWithoutLimits(t *testing.T) {
	hs := &holdStore{hold: 2, entered: make(chan struct{}, 2), release: make(chan struct{})}
	k := testkit.Start(t, testkit.Options{
		WrapStore:        func(s domain.Store) domain.Store { hs.Store = s; return hs },
		LoginConcurrency: 2,
	})
	u := k.NewUser("crowd")
	hs.armed.Store(true)
	const n = 100
	results := make(chan int, n)
	for range n {
		go func() {
			v := tokenParams(k, "grant_type", "password", "username", "crowd", "password", u.Password)
			resp, err := http.Post(k.URL+"/oauth2/access_token", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
			if err != nil {
				results <- 0
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			results <- resp.StatusCode
		}()
	}
	<-hs.entered
	<-hs.entered
	// Wait until every sign-in is in progress: two checking, 98 queued.
	deadline := time.After(30 * time.Second)
	for k.App.Core.LoginStats().Pending < n {
		select {
		case <-deadline:
			t.Fatalf("sign-ins in progress: %+v", k.App.Core.LoginStats())
		case <-time.After(time.Millisecond):
		}
	}
	if st := k.App.Core.LoginStats(); st.Checking != 2 || hs.calls.Load() != 2 {
		t.Fatalf("with 100 sign-ins waiting: %+v, %d checks started", st, hs.calls.Load())
	}
	close(hs.release)
	for range n {
		if s := <-results; s != http.StatusOK {
			t.Fatalf("a sign-in answered %d", s)
		}
	}
	if p := hs.peak.Load(); p > 2 {
		t.Fatalf("%d password checks ran at once, want at most 2", p)
	}
}

func grepLines(s, sub string) string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
