// Package testkit boots the real application on 127.0.0.1 with a temporary
// SQLite database and the embedded queue, and gives tests HTTP clients that
// talk to it the way API clients do.
package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/search"
)

// Options adjust a test server.
type Options struct {
	// Limits sets rate limits; nil disables them so tests are not throttled.
	Limits *core.RateLimits
	// Config edits the configuration before start.
	Config func(*config.Config)
	// Registrations and FirstUserAdmin set the sign-up settings (for the
	// site's tests, which may not import config: DESIGN.md §2).
	Registrations  string
	FirstUserAdmin bool
	// RoutingURL is --routing-url (an OSRM server) for the dialects' tests,
	// which may not import config either.
	RoutingURL string
	// DB is a DSN to use instead of a temporary SQLite database.
	DB string
	// NATS, when set, is the URL of an external NATS server for the queue
	// and the live hub (--nats), and NATSPrefix this server's name on it
	// (--nats-prefix): nodes sharing DB, NATS and NATSPrefix are a cluster.
	NATS, NATSPrefix string
	// DataDir, when set, is the data directory instead of a temporary one
	// (a size-capped file system, to fill).
	DataDir string
	// TrustProxy and RequireTLS set the matching flags; they are options of
	// their own because dialect tests may not import config (DESIGN.md §2).
	TrustProxy, RequireTLS bool
	// WrapStore wraps the store the core sees (fault injection).
	WrapStore func(domain.Store) domain.Store
	// WrapIDs wraps the id generator the core uses (id collisions).
	WrapIDs func(domain.IDGen) domain.IDGen
	// WrapFeed wraps the feed the core sees (to observe what it is asked).
	WrapFeed func(domain.Feed) domain.Feed
	// CelebrityFollowers, when positive, sets --celebrity-followers: authors
	// with at least this many followers are merged into home timelines at
	// read time instead of pushed (1 = every followed author).
	CelebrityFollowers int
	// HomeWindow, when positive, sets --home-window: how many status ids
	// each home window (and each celebrity's window) holds; a small one
	// sends pages past it to the store.
	HomeWindow int
	// LoginConcurrency, when positive, sets --login-concurrency: how many
	// password checks run at once.
	LoginConcurrency int
	// EmotionsURL sets --emotions-url.
	EmotionsURL string
	// Log, when set, also receives every line the server logs (at the
	// level the test log gets: warnings and errors unless WEIBO_TEST_LOG).
	Log io.Writer
	// MediaMaxBytes and MediaMaxPixels, when positive, set --media-max-bytes
	// and --media-max-pixels (the upload limits).
	MediaMaxBytes, MediaMaxPixels int64
	// FetchAllowPrivate sets --fetch-allow-private: statuses/upload_url_text
	// may fetch from the test's own loopback servers.
	FetchAllowPrivate bool
	// Xweibo adjusts the Xweibo API, which every kit serves (API key
	// XweiboAPIKey, signed with the app of Kit.XweiboKey) unless Off.
	Xweibo XweiboOptions
}

// XweiboOptions set the Xweibo API's settings (config's --xweibo-*).
type XweiboOptions struct {
	Off                         bool
	AllowAnonymous, AllowOthers string
	DefaultUser                 string
	AcceptOld                   bool
	AllowIPs                    string
}

// XweiboAPIKey is the API_KEY of every kit's Xweibo API.
const XweiboAPIKey = "testkit-api-key"

// Kit is a running server.
type Kit struct {
	T     testing.TB
	URL   string
	App   *app.App
	Clock *Clock

	appKey, appSecret string
	// xweiboKey and xweiboSecret are AKEY and SKEY of the Xweibo API.
	xweiboKey, xweiboSecret string
	mu                      sync.Mutex
	n                       int
	reads                   map[ParamRead]bool
}

// ParamRead is one parameter a route's handler read (Kit.ParamReads);
// Path is the route's address (RouteInfo.Address).
type ParamRead struct {
	Dialect, Path, Name string
}

// Clock is a settable clock; it starts at the real time and only moves when told.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Start boots the app for one test and stops it at cleanup.
func Start(t testing.TB, opts ...Options) *Kit {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	if o.DataDir != "" {
		cfg.DataDir = o.DataDir
	}
	cfg.DB = o.DB
	if o.DataDir == "" && o.DB == "" {
		// A fresh SQLite database: start from the migrated template
		// (template.go). Failing that, the app migrates as it always does.
		if err := copyTemplate(filepath.Join(cfg.DataDir, "weibo.db")); err != nil {
			t.Logf("testkit: no migrated template (%v): migrating from nothing", err)
		}
	}
	if o.NATS != "" {
		cfg.NATS = o.NATS
	}
	if o.NATSPrefix != "" {
		cfg.NATSPrefix = o.NATSPrefix
	}
	cfg.Addr = "127.0.0.1:0"
	cfg.TrustProxy, cfg.RequireTLS = o.TrustProxy, o.RequireTLS
	if o.CelebrityFollowers > 0 {
		cfg.CelebrityFollowers = o.CelebrityFollowers
	}
	if o.HomeWindow > 0 {
		cfg.HomeWindow = o.HomeWindow
	}
	if o.LoginConcurrency > 0 {
		cfg.LoginConcurrency = o.LoginConcurrency
	}
	if o.MediaMaxBytes > 0 {
		cfg.MediaMaxBytes = o.MediaMaxBytes
	}
	if o.MediaMaxPixels > 0 {
		cfg.MediaMaxPixels = o.MediaMaxPixels
	}
	cfg.FetchAllowPrivate = o.FetchAllowPrivate
	cfg.EmotionsURL = o.EmotionsURL
	xweiboKey := "xw" + strconv.FormatInt(time.Now().UnixNano()%1e12, 10)
	if !o.Xweibo.Off {
		cfg.XweiboAPIKey, cfg.XweiboAppKey = XweiboAPIKey, xweiboKey
		cfg.XweiboAllowAnonymous, cfg.XweiboAllowOthers = o.Xweibo.AllowAnonymous, o.Xweibo.AllowOthers
		cfg.XweiboDefaultUser, cfg.XweiboAcceptOld, cfg.XweiboAllowIPs = o.Xweibo.DefaultUser, o.Xweibo.AcceptOld, o.Xweibo.AllowIPs
	}
	if o.Registrations != "" {
		cfg.Registrations = o.Registrations
	}
	cfg.FirstUserAdmin = cfg.FirstUserAdmin || o.FirstUserAdmin
	if o.RoutingURL != "" {
		cfg.RoutingURL = o.RoutingURL
	}
	if o.Config != nil {
		o.Config(&cfg)
	}
	level := slog.LevelWarn
	if os.Getenv("WEIBO_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	var w io.Writer = testWriter{t}
	if o.Log != nil {
		w = io.MultiWriter(w, o.Log)
	}
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	k := &Kit{T: t, Clock: &Clock{now: time.Now()}, reads: map[ParamRead]bool{}}
	clock := k.Clock
	limits := o.Limits
	if limits == nil {
		limits = &core.RateLimits{}
	}
	// The listener comes first so that links the app renders carry the
	// server's real address.
	srv := httptest.NewUnstartedServer(nil)
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	}
	a, err := app.Start(context.Background(), cfg, log, app.Hooks{
		Clock:       clock,
		Password:    core.PasswordParams{MemoryKiB: 64, Time: 1, Threads: 1}, // fast, tests only
		Limits:      limits,
		MemoryQueue: true,
		WrapStore:   o.WrapStore,
		SearchDict:  search.TestDictionary,
		WrapIDs:     o.WrapIDs,
		WrapFeed:    o.WrapFeed,
		// Every test server checks parameter reads against the route
		// tables, and remembers which declared parameters were read.
		ParamHook: func(rt *apiutil.RouteInfo, name string, _ apiutil.Reader) {
			k.mu.Lock()
			k.reads[ParamRead{Dialect: rt.Dialect, Path: rt.Address(), Name: name}] = true
			k.mu.Unlock()
		},
	})
	if err != nil {
		srv.Close()
		t.Fatalf("testkit: start app: %v", err)
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(func() {
		a.Server.BeginShutdown() // event streams end, or Close would wait for them
		srv.Close()
		a.Close()
	})
	k.URL, k.App = srv.URL, a
	ap, secret, err := a.Core.CreateApp(context.Background(), core.CreateAppInput{Name: "testkit", RedirectURI: srv.URL + "/callback"})
	if err != nil {
		t.Fatalf("testkit: create app: %v", err)
	}
	k.appKey, k.appSecret = ap.Key, secret
	// The partner app Xweibo calls are signed with (--xweibo-app-key).
	xap, xsecret, err := a.Core.CreateApp(context.Background(), core.CreateAppInput{Name: "xweibo partner",
		RedirectURI: srv.URL + "/callback", Key: xweiboKey})
	if err != nil {
		t.Fatalf("testkit: create xweibo app: %v", err)
	}
	k.xweiboKey, k.xweiboSecret = xap.Key, xsecret
	return k
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// ParamReads returns which parameters of which routes handlers have read
// since the server started.
func (k *Kit) ParamReads() map[ParamRead]bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make(map[ParamRead]bool, len(k.reads))
	for r := range k.reads {
		out[r] = true
	}
	return out
}

// AppKey and AppSecret are the credentials of the kit's default app.
func (k *Kit) AppKey() string    { return k.appKey }
func (k *Kit) AppSecret() string { return k.appSecret }

// Drain waits until every background event has been handled.
func (k *Kit) Drain() {
	k.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := k.App.Drain(ctx); err != nil {
		k.T.Fatalf("testkit: drain: %v", err)
	}
}

// User is a signed-up user with a token for the kit's app.
type User struct {
	ID         int64
	ScreenName string
	Password   string
	*Client
}

// NewUser signs up a user (names default to user1, user2, …) and gets a
// token through the password grant over HTTP, granted every scope ("all"),
// as most tests exercise endpoints rather than grants.
func (k *Kit) NewUser(name ...string) *User {
	k.T.Helper()
	return k.NewUserScoped("all", name...)
}

// NewUserScoped is NewUser with the token granted only scope (a comma
// list; "" for none).
func (k *Kit) NewUserScoped(scope string, name ...string) *User {
	k.T.Helper()
	k.mu.Lock()
	k.n++
	n := k.n
	k.mu.Unlock()
	sn := fmt.Sprintf("user%d", n)
	if len(name) > 0 {
		sn = name[0]
	}
	pw := "secret-" + sn
	u, err := k.App.Core.CreateUser(context.Background(), core.CreateUserInput{ScreenName: sn, Password: pw, By: &core.Operator})
	if err != nil {
		k.T.Fatalf("testkit: create user %s: %v", sn, err)
	}
	c := k.Anonymous()
	var tok struct {
		AccessToken  string `json:"access_token"`
		ExpiresIn    int    `json:"expires_in"`
		RemindIn     string `json:"remind_in"`
		UID          string `json:"uid"`
		RefreshToken string `json:"refresh_token"`
	}
	c.Must(c.Form("POST", "/oauth2/access_token", url.Values{"client_id": {k.appKey}, "client_secret": {k.appSecret},
		"grant_type": {"password"}, "username": {sn}, "password": {pw}, "scope": {scope}}), &tok)
	c.Token = tok.AccessToken
	return &User{ID: u.ID, ScreenName: sn, Password: pw, Client: c}
}

// Anonymous is a client without a token.
func (k *Kit) Anonymous() *Client {
	return &Client{t: k.T, base: k.URL, HTTP: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// On returns a copy of c (its token) that talks to k's server: with two
// kits on one database, a user of one calls the other node.
func (k *Kit) On(c *Client) *Client {
	cp := *c
	cp.t, cp.base = k.T, k.URL
	return &cp
}

// Client talks HTTP to the kit's server.
type Client struct {
	t     testing.TB
	base  string
	Token string
	HTTP  *http.Client
}

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Get sends a GET with params in the query string.
func (c *Client) Get(path string, params url.Values) *Response {
	c.t.Helper()
	u := c.base + path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	return c.Do(req)
}

// Form sends params as an urlencoded body.
func (c *Client) Form(method, path string, params url.Values) *Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(params.Encode()))
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Post is Form with POST.
func (c *Client) Post(path string, params url.Values) *Response {
	c.t.Helper()
	return c.Form(http.MethodPost, path, params)
}

// FilePart is a file part of a multipart body.
type FilePart struct {
	Field, Filename, ContentType string
	Data                         []byte
}

// Multipart sends a multipart/form-data POST, as picture uploads are: each
// field a text part, then the files.
func (c *Client) Multipart(path string, fields url.Values, files ...FilePart) *Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				c.t.Fatalf("testkit: %v", err)
			}
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, f.Field, f.Filename))
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		w, err := mw.CreatePart(h)
		if err != nil {
			c.t.Fatalf("testkit: %v", err)
		}
		if _, err := w.Write(f.Data); err != nil {
			c.t.Fatalf("testkit: %v", err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req, err := http.NewRequest(http.MethodPost, c.base+path, &body)
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

// Fetch GETs an absolute URL (a picture URL the server rendered) without
// the client's token.
func (c *Client) Fetch(rawURL string) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	req.Header.Set("Authorization", "none")
	return c.Do(req)
}

// Do sends req with the client's token in the Authorization header.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	if c.Token != "" && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "OAuth2 "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("testkit: %s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("testkit: read body: %v", err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

// Must fails the test unless r is a 200 whose body decodes strictly into v
// (unknown fields are an error: the shapes are the spec's).
func (c *Client) Must(r *Response, v any) {
	c.t.Helper()
	if r.Status != http.StatusOK {
		c.t.Fatalf("testkit: want 200, got %d: %s", r.Status, r.Body)
	}
	if v != nil {
		if err := DecodeStrict(r.Body, v); err != nil {
			c.t.Fatalf("testkit: decode %T: %v\n%s", v, err, r.Body)
		}
	}
}

// DecodeStrict decodes JSON refusing unknown fields and trailing data.
func DecodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}

// SinaError is the Sina error envelope.
type SinaError struct {
	Error            string `json:"error"`
	ErrorCode        int    `json:"error_code"`
	Request          string `json:"request"`
	ErrorURI         string `json:"error_uri,omitempty"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// Fail asserts r is a Sina error with the given code and HTTP status, and returns it.
func (c *Client) Fail(r *Response, status, code int) SinaError {
	c.t.Helper()
	var e SinaError
	if err := DecodeStrict(r.Body, &e); err != nil {
		c.t.Fatalf("testkit: not a Sina error (%v): %d %s", err, r.Status, r.Body)
	}
	if e.ErrorCode != code || r.Status != status {
		c.t.Fatalf("testkit: want error %d (HTTP %d), got %d (HTTP %d): %s", code, status, e.ErrorCode, r.Status, r.Body)
	}
	if e.Error == "" || e.Request == "" {
		c.t.Fatalf("testkit: error envelope incomplete: %s", r.Body)
	}
	return e
}

// Viewer returns the domain viewer of a user (for calling the core directly).
func (u *User) Viewer() domain.Viewer { return domain.Viewer{UserID: u.ID} }
