// Package server is the root of the HTTP side: the mux every dialect and the
// web site register on, the global middleware (body limit, request ID, access
// log, metrics, panic recovery), /healthz, /metrics and the listener with
// graceful shutdown. It knows no dialect: a dialect answers panics in its own
// format through Options.PanicResponder.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/weibo-server/weibo/internal/api/apiutil"
)

// Defaults for zero Options fields.
const (
	DefaultMaxBody           = 6 << 20 // a 5 MB picture upload and its fields
	DefaultShutdownTimeout   = 15 * time.Second
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 2 * time.Minute // whole request, uploads included
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
	readyTimeout             = 3 * time.Second
)

// Route labels for requests that no registered pattern matched.
const unmatchedRoute = "unmatched"

// PanicResponder answers a request whose handler panicked, after the panic
// has been logged; it is only called while nothing has been written yet.
type PanicResponder func(w http.ResponseWriter, r *http.Request)

// Options configure a Server. The zero value works.
type Options struct {
	Logger     *slog.Logger // nil: slog.Default()
	TrustProxy bool         // believe X-Forwarded-For/-Proto from the peer
	MaxBody    int64        // request body limit in bytes; <= 0: DefaultMaxBody

	// PanicResponder answers after a recovered panic; nil: a plain-text 500.
	// A dialect can switch on r.URL.Path to answer in its own format.
	PanicResponder PanicResponder

	// Ready, if set, is the readiness check behind /healthz (e.g. a database
	// ping); an error makes /healthz answer 503. It gets a short deadline.
	Ready func(ctx context.Context) error

	// QueuePending, if set, is read at every scrape as weibo_queue_pending.
	QueuePending func() float64

	// PrivateMetrics leaves /metrics off the public handler; it is then
	// served only by DebugHandler (a private listener).
	PrivateMetrics bool

	ShutdownTimeout   time.Duration // graceful shutdown budget; 0: DefaultShutdownTimeout
	ReadHeaderTimeout time.Duration // 0: DefaultReadHeaderTimeout
	ReadTimeout       time.Duration // 0: DefaultReadTimeout
	WriteTimeout      time.Duration // 0: DefaultWriteTimeout
	IdleTimeout       time.Duration // 0: DefaultIdleTimeout
}

// Server is the root mux with its middleware and metrics.
type Server struct {
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	reg     *prometheus.Registry
	metrics *httpMetrics
	handler http.Handler
	// shutdownBegan, when set (tests), runs once a graceful shutdown has
	// closed the listeners: a test waits on it instead of sleeping.
	shutdownBegan func()
	onShutdown    []func()
	shutdownOnce  sync.Once
}

// New builds a Server with /healthz and /metrics registered. Each Server has
// its own Prometheus registry, so tests may build many.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	setDefault(&opts.ShutdownTimeout, DefaultShutdownTimeout)
	setDefault(&opts.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	setDefault(&opts.ReadTimeout, DefaultReadTimeout)
	setDefault(&opts.WriteTimeout, DefaultWriteTimeout)
	setDefault(&opts.IdleTimeout, DefaultIdleTimeout)

	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux(), reg: prometheus.NewRegistry()}
	s.metrics = newHTTPMetrics(s.reg)
	s.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	if opts.QueuePending != nil {
		s.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "weibo_queue_pending",
			Help: "Events published but not yet handled by their consumers.",
		}, opts.QueuePending))
	}
	s.Handle("GET /healthz", http.HandlerFunc(s.healthz))
	if !opts.PrivateMetrics {
		s.Handle("GET /metrics", s.metricsHandler())
	}
	s.handler = s.limitBody(s.observe(s.recoverPanics(s.mux)))
	return s
}

func setDefault(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// Handle registers h for a net/http ServeMux pattern ("/2/", "GET /healthz",
// "/2/statuses/show.json"). The pattern, never the raw path, is the route
// label of the request's metrics and access-log line, so their cardinality is
// bounded by the routing table. Like ServeMux.Handle it panics on a
// conflicting pattern.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, routeTag{pattern: pattern, next: h})
}

// HandleFunc is Handle for a function.
func (s *Server) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	s.Handle(pattern, http.HandlerFunc(h))
}

// Handler is the root handler: body limit, request ID, access log and
// metrics, panic recovery, then the mux.
func (s *Server) Handler() http.Handler { return s.handler }

// OnShutdown registers f to run when a graceful shutdown begins (in its
// own goroutine): handlers of long-lived requests, such as event streams,
// end them then instead of holding the shutdown up. Call it before
// ListenAndServe.
func (s *Server) OnShutdown(f func()) { s.onShutdown = append(s.onShutdown, f) }

// BeginShutdown runs the OnShutdown functions, once: a graceful shutdown
// does, and so should whoever serves Handler on a server of their own
// (tests' httptest servers, whose Close waits for every open request).
func (s *Server) BeginShutdown() {
	s.shutdownOnce.Do(func() {
		for _, f := range s.onShutdown {
			f()
		}
	})
}

// Registry is the Server's Prometheus registry, for more collectors.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// IsSecure reports whether r arrived over TLS, through a trusted proxy that
// says https, or from a loopback peer (apiutil.IsSecure).
func IsSecure(r *http.Request, trustProxy bool) bool { return apiutil.IsSecure(r, trustProxy) }

// routeTag records the matched pattern for the outer middleware.
type routeTag struct {
	pattern string
	next    http.Handler
}

func (t routeTag) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if st := stateFrom(r.Context()); st != nil {
		st.route = t.pattern
	}
	t.next.ServeHTTP(w, r)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			s.log.LogAttrs(r.Context(), slog.LevelWarn, "readiness check failed",
				slog.String("request_id", RequestID(r.Context())), slog.Any("err", err))
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("unavailable"))
			return
		}
	}
	_, _ = w.Write([]byte("ok"))
}

// ListenAndServe listens on addr ("127.0.0.1:0" picks a free port) and serves
// until ctx ends, then shuts down gracefully: the listener closes at once and
// requests in flight get Options.ShutdownTimeout to finish before their
// connections are closed. With tlsCert and tlsKey (PEM files) it serves HTTPS;
// the pair is loaded before listening, so a bad pair fails fast. ready, if not
// nil, is called once the listener is open with its usable URL
// ("http://127.0.0.1:43211"; an unspecified host is reported as 127.0.0.1).
// It returns nil after a graceful shutdown, or the error that stopped it.
func (s *Server) ListenAndServe(ctx context.Context, addr, tlsCert, tlsKey string, ready func(url string)) error {
	if (tlsCert == "") != (tlsKey == "") {
		return errors.New("server: TLS needs both a certificate and a key file")
	}
	var tlsConfig *tls.Config
	if tlsCert != "" {
		pair, err := tls.LoadX509KeyPair(tlsCert, tlsKey)
		if err != nil {
			return fmt.Errorf("server: load TLS key pair: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		// Requests keep ctx's values but not its cancellation: shutdown lets
		// them finish instead of cancelling them all at once.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if s.shutdownBegan != nil {
		// Shutdown closes the listeners before it starts these.
		srv.RegisterOnShutdown(s.shutdownBegan)
	}
	srv.RegisterOnShutdown(s.BeginShutdown)
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	url := scheme + "://" + reachable(ln.Addr())

	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	s.log.Info("listening", slog.String("url", url), slog.String("addr", ln.Addr().String()))
	if ready != nil {
		ready(url)
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	if err != nil {
		_ = srv.Close()
		err = fmt.Errorf("server: graceful shutdown: %w", err)
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	s.log.Info("stopped", slog.String("url", url))
	return err
}

// reachable renders a listener address as a host:port a client can dial.
func reachable(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := tcp.IP.String()
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// DebugHandler serves the runtime profiles (/debug/pprof/...) and /metrics,
// for a private listener (ServeDebug): profiles reveal internals and cost
// CPU while they run, so they are never mounted on the public mux.
func (s *Server) DebugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.Handle("GET /metrics", s.metricsHandler())
	return mux
}

func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		Registry: s.reg,
	})
}

// ServeDebug serves DebugHandler on addr until ctx ends. Profiles run for
// up to a minute or more, so it has no write timeout; it is closed, not
// drained, at shutdown.
func (s *Server) ServeDebug(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: debug listen: %w", err)
	}
	srv := &http.Server{
		Handler:           s.DebugHandler(),
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	url := "http://" + reachable(ln.Addr())
	s.log.Info("debug listener", slog.String("url", url))
	if ready != nil {
		ready(url)
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: debug listener: %w", err)
	}
	return nil
}
