package server

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/weibo-server/weibo/internal/api/apiutil"
)

// RequestIDHeader carries the request ID in and out.
const RequestIDHeader = "X-Request-Id"

const maxRequestID = 128

// reqState is the per-request record the middleware shares with routeTag.
// It is written and read on the request's goroutine only.
type reqState struct {
	id    string
	route string
}

type stateKey struct{}

func stateFrom(ctx context.Context) *reqState {
	st, _ := ctx.Value(stateKey{}).(*reqState)
	return st
}

// RequestID returns the ID of the request ctx belongs to, "" outside one.
// Outside this package the same ID is on the X-Request-Id header of the
// request and of the response.
func RequestID(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.id
	}
	return ""
}

// saneRequestID accepts an incoming ID of 1..128 printable characters from a
// conservative set (what proxies and tracing systems generate), so it can be
// logged and echoed without escaping concerns.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=' || c == '@':
		default:
			return false
		}
	}
	return true
}

// limitBody caps every request body. It runs outermost so that
// http.MaxBytesReader sees net/http's own ResponseWriter and can mark the
// connection to close when the limit is hit. Handlers see the limit as an
// *http.MaxBytesError from reading (apiutil.FromRequest turns it into a
// KindTooLarge error, which each dialect answers in its own format).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// observe assigns the request ID, then after the request writes the access
// log line and the metrics. It records even when a panic unwinds through it
// (a panic after the response started aborts the connection).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(RequestIDHeader)
		if !saneRequestID(id) {
			id = rand.Text()
		}
		r.Header.Set(RequestIDHeader, id)
		w.Header().Set(RequestIDHeader, id)
		st := &reqState{id: id, route: unmatchedRoute}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		rec := &recorder{ResponseWriter: w}

		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK // nothing written: net/http sends 200
			}
			d := time.Since(start)
			s.metrics.observe(st.route, r.Method, status, d)
			level := slog.LevelInfo
			if st.route == "GET /healthz" || st.route == "GET /metrics" {
				level = slog.LevelDebug // probes and scrapes would drown the log
			}
			// The path only: the query can hold access_token and passwords.
			s.log.LogAttrs(r.Context(), level, "http request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", d),
				slog.String("request_id", id),
				slog.String("route", st.route),
				slog.String("ip", apiutil.ClientIP(r, s.opts.TrustProxy)),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recoverPanics turns a handler panic into a logged error (with the stack and
// request ID) and an answer from the PanicResponder. When the response has
// already started nothing sensible can be sent, so the connection is aborted
// instead, and the client sees a truncated response rather than a complete
// looking one. http.ErrAbortHandler passes through unlogged, as in net/http.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			st := stateFrom(r.Context())
			attrs := []slog.Attr{
				slog.String("panic", fmt.Sprint(v)),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("stack", string(debug.Stack())),
			}
			if st != nil {
				attrs = append(attrs, slog.String("request_id", st.id), slog.String("route", st.route))
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic serving request", attrs...)

			if rec, ok := w.(*recorder); ok && rec.status != 0 {
				panic(http.ErrAbortHandler)
			}
			s.respondToPanic(w, r)
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) respondToPanic(w http.ResponseWriter, r *http.Request) {
	if s.opts.PanicResponder != nil {
		ok := func() (ok bool) {
			defer func() {
				if v := recover(); v != nil {
					s.log.LogAttrs(r.Context(), slog.LevelError, "panic in panic responder",
						slog.String("panic", fmt.Sprint(v)), slog.String("request_id", RequestID(r.Context())))
				}
			}()
			s.opts.PanicResponder(w, r)
			return true
		}()
		if ok {
			return
		}
		if rec, isRec := w.(*recorder); isRec && rec.status != 0 {
			panic(http.ErrAbortHandler)
		}
	}
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// recorder notes the status and byte count. It keeps the optional
// interfaces reachable: Flush directly, the rest (Hijack, SetReadDeadline, ...)
// through http.ResponseController via Unwrap.
type recorder struct {
	http.ResponseWriter
	status int // final status written, 0 until then
	bytes  int64
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		rec.status = code // 1xx (e.g. 103 Early Hints) may precede the final status
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(p)
	rec.bytes += int64(n)
	return n, err
}

// ReadFrom keeps io.Copy (http.ServeContent) on the sendfile path.
func (rec *recorder) ReadFrom(src io.Reader) (int64, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := io.Copy(rec.ResponseWriter, src)
	rec.bytes += n
	return n, err
}

func (rec *recorder) Flush() {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	_ = http.NewResponseController(rec.ResponseWriter).Flush()
}

func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// httpMetrics are the request series.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "weibo_http_requests_total",
			Help: "HTTP requests by registered route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "weibo_http_request_duration_seconds",
			Help:    "HTTP request duration by registered route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *httpMetrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, metricMethod(method), strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// metricMethod bounds the method label: clients can send any token.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
