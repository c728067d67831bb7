package server

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
)

// logBuf is a concurrency-safe log sink with JSON records.
type logBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuf) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

func (l *logBuf) find(t *testing.T, msg string) []map[string]any {
	var out []map[string]any
	for _, rec := range l.records(t) {
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

func newTestServer(t *testing.T, opts Options) (*Server, *logBuf) {
	t.Helper()
	logs := &logBuf{}
	opts.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return New(opts), logs
}

func do(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func scrape(t *testing.T, s *Server) string {
	t.Helper()
	w := do(s.Handler(), httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != 200 {
		t.Fatalf("/metrics status %d", w.Code)
	}
	return w.Body.String()
}

func TestPanicRecovered(t *testing.T) {
	var seenID string
	s, logs := newTestServer(t, Options{PanicResponder: func(w http.ResponseWriter, r *http.Request) {
		seenID = RequestID(r.Context())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		io.WriteString(w, `{"error":"System error","error_code":10001}`)
	}})
	s.HandleFunc("/2/statuses/update.json", func(w http.ResponseWriter, r *http.Request) {
		panic("kaboom")
	})
	r := httptest.NewRequest("POST", "/2/statuses/update.json", nil)
	r.Header.Set("X-Request-Id", "abc-123")
	w := do(s.Handler(), r)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "10001") {
		t.Errorf("response %d %q", w.Code, w.Body.String())
	}
	if seenID != "abc-123" || w.Header().Get("X-Request-Id") != "abc-123" {
		t.Errorf("request id in responder %q, header %q", seenID, w.Header().Get("X-Request-Id"))
	}
	panics := logs.find(t, "panic serving request")
	if len(panics) != 1 {
		t.Fatalf("panic log lines: %d", len(panics))
	}
	p := panics[0]
	if p["panic"] != "kaboom" || p["request_id"] != "abc-123" || p["route"] != "/2/statuses/update.json" ||
		!strings.Contains(p["stack"].(string), "server_test.go") {
		t.Errorf("panic record %v", p)
	}
	access := logs.find(t, "http request")
	if len(access) != 1 || access[0]["status"] != float64(500) {
		t.Errorf("access log %v", access)
	}
	if m := scrape(t, s); !strings.Contains(m, `weibo_http_requests_total{method="POST",route="/2/statuses/update.json",status="500"} 1`) {
		t.Errorf("metrics lack the 500:\n%s", grepLines(m, "weibo_http_requests_total"))
	}
}

func TestPanicDefaultResponder(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) { panic(errors.New("bad")) })
	w := do(s.Handler(), httptest.NewRequest("GET", "/x", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "Internal Server Error") {
		t.Errorf("response %d %q", w.Code, w.Body.String())
	}

	// A panicking responder still ends in a plain 500.
	s, logs := newTestServer(t, Options{PanicResponder: func(http.ResponseWriter, *http.Request) { panic("again") }})
	s.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) { panic("first") })
	w = do(s.Handler(), httptest.NewRequest("GET", "/x", nil))
	if w.Code != 500 || len(logs.find(t, "panic in panic responder")) != 1 {
		t.Errorf("response %d, logs %v", w.Code, logs.records(t))
	}
}

func TestPanicAfterWriteAborts(t *testing.T) {
	s, logs := newTestServer(t, Options{})
	s.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		panic("mid-stream")
	})
	s.HandleFunc("/abort", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) })
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/stream")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Error("client saw a complete response after a mid-stream panic")
	}
	if _, err := http.Get(ts.URL + "/abort"); err == nil {
		t.Error("ErrAbortHandler did not abort")
	}
	if n := len(logs.find(t, "panic serving request")); n != 1 {
		t.Errorf("panic log lines %d, want 1 (ErrAbortHandler is not logged)", n)
	}
}

func TestRequestID(t *testing.T) {
	s, logs := newTestServer(t, Options{})
	var ctxID, hdrID string
	s.HandleFunc("/id", func(w http.ResponseWriter, r *http.Request) {
		ctxID, hdrID = RequestID(r.Context()), r.Header.Get("X-Request-Id")
	})
	tests := []struct {
		in       string
		accepted bool
	}{
		{"", false},
		{"req-1.2:3_x", true},
		{"Root=1-abc/def+g@h", true},
		{"has space", false},
		{"new\nline", false},
		{"<script>", false},
		{strings.Repeat("a", 128), true},
		{strings.Repeat("a", 129), false},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/id", nil)
		if tt.in != "" {
			r.Header["X-Request-Id"] = []string{tt.in}
		}
		w := do(s.Handler(), r)
		out := w.Header().Get("X-Request-Id")
		if tt.accepted && out != tt.in {
			t.Errorf("id %q replaced by %q", tt.in, out)
		}
		if !tt.accepted && (out == tt.in || !saneRequestID(out) || seen[out]) {
			t.Errorf("id %q: response id %q", tt.in, out)
		}
		seen[out] = true
		if ctxID != out || hdrID != out {
			t.Errorf("context id %q, request header %q, response %q", ctxID, hdrID, out)
		}
	}
	if RequestID(context.Background()) != "" {
		t.Error("RequestID outside a request")
	}
	for _, rec := range logs.find(t, "http request") {
		if rec["request_id"] == "" || rec["route"] != "/id" {
			t.Errorf("access record %v", rec)
		}
	}
}

func TestAccessLogOmitsQuery(t *testing.T) {
	s, logs := newTestServer(t, Options{})
	s.HandleFunc("GET /2/users/show.json", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "12345") })
	r := httptest.NewRequest("GET", "/2/users/show.json?access_token=SECRET&uid=1", nil)
	r.RemoteAddr = "203.0.113.9:4000"
	do(s.Handler(), r)
	recs := logs.find(t, "http request")
	if len(recs) != 1 {
		t.Fatalf("access records %d", len(recs))
	}
	rec := recs[0]
	if rec["path"] != "/2/users/show.json" || rec["method"] != "GET" || rec["status"] != float64(200) ||
		rec["bytes"] != float64(5) || rec["route"] != "GET /2/users/show.json" || rec["ip"] != "203.0.113.9" ||
		rec["level"] != "INFO" || rec["duration"] == nil {
		t.Errorf("access record %v", rec)
	}
	if strings.Contains(fmtRecords(logs.records(t)), "SECRET") {
		t.Error("access token logged")
	}
	// Probes log at debug.
	do(s.Handler(), httptest.NewRequest("GET", "/healthz", nil))
	recs = logs.find(t, "http request")
	if last := recs[len(recs)-1]; last["route"] != "GET /healthz" || last["level"] != "DEBUG" {
		t.Errorf("healthz record %v", last)
	}
}

func TestMetricsExposition(t *testing.T) {
	pending := 7.0
	s, _ := newTestServer(t, Options{QueuePending: func() float64 { return pending }})
	s.HandleFunc("GET /2/statuses/show/{id}", func(w http.ResponseWriter, r *http.Request) {})
	s.HandleFunc("/2/", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	h := s.Handler()
	for _, p := range []string{"/2/statuses/show/1", "/2/statuses/show/2", "/2/statuses/show/3"} {
		do(h, httptest.NewRequest("GET", p, nil))
	}
	do(h, httptest.NewRequest("GET", "/2/no/such.json", nil))
	do(h, httptest.NewRequest("GET", "/elsewhere", nil))
	do(h, httptest.NewRequest("BREW", "/2/x", nil))

	m := scrape(t, s)
	for _, want := range []string{
		`weibo_http_requests_total{method="GET",route="GET /2/statuses/show/{id}",status="200"} 3`,
		`weibo_http_requests_total{method="GET",route="/2/",status="404"} 1`,
		`weibo_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`weibo_http_requests_total{method="OTHER",route="/2/",status="404"} 1`,
		`weibo_http_request_duration_seconds_count{route="GET /2/statuses/show/{id}"} 3`,
		`weibo_http_request_duration_seconds_bucket{route="/2/",le="+Inf"} 2`,
		"weibo_queue_pending 7",
		"go_goroutines",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	for _, raw := range []string{"/2/statuses/show/1", "/2/no/such.json", "/elsewhere", "BREW"} {
		if strings.Contains(m, `"`+raw+`"`) {
			t.Errorf("raw value %q used as a label", raw)
		}
	}
	pending = 9
	if !strings.Contains(scrape(t, s), "weibo_queue_pending 9") {
		t.Error("queue gauge not read at scrape time")
	}
	// Servers are independent: a second one starts from zero.
	s2, _ := newTestServer(t, Options{})
	if strings.Contains(scrape(t, s2), "show/{id}") || strings.Contains(scrape(t, s2), "weibo_queue_pending") {
		t.Error("second server shares the first one's registry")
	}
	if s.Registry() == nil || s.Registry() == s2.Registry() {
		t.Error("Registry not per server")
	}
}

func TestBodyLimit(t *testing.T) {
	s, _ := newTestServer(t, Options{MaxBody: 64})
	var readErr, paramErr error
	s.HandleFunc("POST /raw", func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	})
	s.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		_, paramErr = apiutil.FromRequest(r, 1<<20) // the server's limit is the tighter one
	})
	big := "status=" + strings.Repeat("x", 100)
	do(s.Handler(), httptest.NewRequest("POST", "/raw", strings.NewReader(big)))
	var mbe *http.MaxBytesError
	if !errors.As(readErr, &mbe) || mbe.Limit != 64 {
		t.Errorf("read error %v", readErr)
	}
	r := httptest.NewRequest("POST", "/form", strings.NewReader(big))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.ContentLength = -1
	do(s.Handler(), r)
	if !domain.IsReason(paramErr, domain.ReasonBodyTooLarge) {
		t.Errorf("FromRequest error %v", paramErr)
	}
	small := "status=ok"
	do(s.Handler(), httptest.NewRequest("POST", "/raw", strings.NewReader(small)))
	if readErr != nil {
		t.Errorf("small body: %v", readErr)
	}
	if New(Options{}).opts.MaxBody != DefaultMaxBody {
		t.Error("default body limit")
	}
}

func TestHealthz(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	w := do(s.Handler(), httptest.NewRequest("GET", "/healthz", nil))
	if w.Code != 200 || w.Body.String() != "ok" {
		t.Errorf("healthz %d %q", w.Code, w.Body.String())
	}
	var fail error
	s, logs := newTestServer(t, Options{Ready: func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			return errors.New("no deadline")
		}
		return fail
	}})
	if w := do(s.Handler(), httptest.NewRequest("GET", "/healthz", nil)); w.Code != 200 {
		t.Errorf("ready healthz %d %q", w.Code, w.Body.String())
	}
	fail = errors.New("database is locked")
	w = do(s.Handler(), httptest.NewRequest("GET", "/healthz", nil))
	if w.Code != 503 || strings.Contains(w.Body.String(), "locked") {
		t.Errorf("unready healthz %d %q", w.Code, w.Body.String())
	}
	if len(logs.find(t, "readiness check failed")) != 1 {
		t.Error("readiness failure not logged")
	}
	if w := do(s.Handler(), httptest.NewRequest("POST", "/healthz", nil)); w.Code != 405 {
		t.Errorf("POST /healthz %d", w.Code)
	}
}

func TestListenAndServeGraceful(t *testing.T) {
	s, _ := newTestServer(t, Options{ShutdownTimeout: 5 * time.Second})
	closed := make(chan struct{})
	s.shutdownBegan = func() { close(closed) }
	started := make(chan struct{})
	release := make(chan struct{})
	s.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "done")
	})
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", "", "", func(u string) { urls <- u }) }()
	base := <-urls
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0") {
		t.Fatalf("ready URL %q", base)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		slow <- string(b)
	}()
	<-started
	cancel() // shut down with a request in flight
	<-closed // the listeners are closed
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		t.Error("listener still accepting after shutdown began")
	}
	close(release)
	if got := <-slow; got != "done" {
		t.Errorf("in-flight request got %q", got)
	}
	if err := <-done; err != nil {
		t.Errorf("ListenAndServe: %v", err)
	}
}

func TestListenAndServeShutdownTimeout(t *testing.T) {
	s, _ := newTestServer(t, Options{ShutdownTimeout: 50 * time.Millisecond})
	started := make(chan struct{})
	s.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done() // ends when the connection is closed
	})
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", "", "", func(u string) { urls <- u }) }()
	base := <-urls
	go func() {
		if resp, err := http.Get(base + "/hang"); err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	cancel()
	// A shutdown that never gives up hangs here until the test times out.
	if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want deadline exceeded", err)
	}
}

func TestListenAndServeTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	s, _ := newTestServer(t, Options{})
	var secure bool
	s.HandleFunc("/tls", func(w http.ResponseWriter, r *http.Request) { secure = IsSecure(r, false) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", certFile, keyFile, func(u string) { urls <- u }) }()
	base := <-urls
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("ready URL %q", base)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(base + "/tls")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !secure || resp.TLS == nil {
		t.Errorf("secure=%v tls=%v", secure, resp.TLS)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ListenAndServe: %v", err)
	}

	if err := s.ListenAndServe(context.Background(), "127.0.0.1:0", certFile, "", nil); err == nil {
		t.Error("certificate without key accepted")
	}
	if err := s.ListenAndServe(context.Background(), "127.0.0.1:0", keyFile, certFile, nil); err == nil {
		t.Error("swapped pair accepted")
	}
}

func TestListenAndServeBadAddr(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	called := false
	if err := s.ListenAndServe(context.Background(), ln.Addr().String(), "", "", func(string) { called = true }); err == nil || called {
		t.Errorf("busy address: err %v, ready called %v", err, called)
	}
}

func TestReachable(t *testing.T) {
	tests := map[string]string{
		"0.0.0.0:80":      "127.0.0.1:80",
		"[::]:8080":       "127.0.0.1:8080",
		"10.1.2.3:443":    "10.1.2.3:443",
		"[2001:db8::1]:1": "[2001:db8::1]:1",
	}
	for in, want := range tests {
		a, err := net.ResolveTCPAddr("tcp", in)
		if err != nil {
			t.Fatal(err)
		}
		if got := reachable(a); got != want {
			t.Errorf("reachable(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestRecorderKeepsInterfaces(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	var flusher, hijackable bool
	s.HandleFunc("/w", func(w http.ResponseWriter, r *http.Request) {
		_, flusher = w.(http.Flusher)
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusAccepted)
		rc := http.NewResponseController(w)
		hijackable = rc.SetWriteDeadline(time.Now().Add(time.Minute)) == nil
	})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/w")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !flusher || !hijackable || resp.StatusCode != 202 {
		t.Errorf("flusher %v, controller %v, status %d", flusher, hijackable, resp.StatusCode)
	}
	if m := scrape(t, s); !strings.Contains(m, `route="/w",status="202"`) {
		t.Errorf("1xx recorded as the status:\n%s", grepLines(m, `route="/w"`))
	}
}

func TestIsSecureDelegates(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "203.0.113.1:5"
	r.Header.Set("X-Forwarded-Proto", "https")
	if IsSecure(r, false) || !IsSecure(r, true) {
		t.Error("IsSecure")
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func fmtRecords(recs []map[string]any) string {
	b, _ := json.Marshal(recs)
	return string(b)
}

// selfSigned writes a certificate for 127.0.0.1 and its key to a temp dir.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "weibo test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestDebugListener: profiles and metrics are served on the private debug
// listener, and profiles never on the public handler.
func TestDebugListener(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ServeDebug(ctx, "127.0.0.1:0", func(u string) { urls <- u }) }()
	base := <-urls
	for path, want := range map[string]string{
		"/debug/pprof/":                  "goroutine",
		"/debug/pprof/goroutine?debug=1": "goroutine profile:",
		"/metrics":                       "go_goroutines",
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("debug %s: %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/debug/pprof/", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("public handler serves /debug/pprof/: %d", rec.Code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ServeDebug: %v", err)
	}
	if err := s.ServeDebug(context.Background(), "256.0.0.1:1", nil); err == nil {
		t.Error("ServeDebug on a bad address: no error")
	}
}

// TestPrivateMetrics: with PrivateMetrics, /metrics is served only by the
// debug handler.
func TestPrivateMetrics(t *testing.T) {
	s, _ := newTestServer(t, Options{PrivateMetrics: true})
	if rec := do(s.Handler(), httptest.NewRequest("GET", "/metrics", nil)); rec.Code != http.StatusNotFound {
		t.Errorf("public /metrics with PrivateMetrics: %d", rec.Code)
	}
	rec := httptest.NewRecorder()
	s.DebugHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "go_goroutines") {
		t.Errorf("debug /metrics: %d", rec.Code)
	}
}

func TestBeginShutdownRunsHooksOnce(t *testing.T) {
	s := New(Options{})
	n := 0
	s.OnShutdown(func() { n++ })
	s.OnShutdown(func() { n += 10 })
	s.BeginShutdown()
	s.BeginShutdown()
	if n != 11 {
		t.Fatalf("hooks ran to %d, want 11", n)
	}
}
