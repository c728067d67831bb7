// Package app is the composition root: the only package that chooses which
// engine implements each port, wires them into the core and the dialects,
// and owns their lifecycles.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/collectors"
	goredis "github.com/redis/go-redis/v9"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/api/mediahttp"
	"github.com/weibo-server/weibo/internal/api/shortlink"
	"github.com/weibo-server/weibo/internal/api/sina"
	"github.com/weibo-server/weibo/internal/api/tencent"
	"github.com/weibo-server/weibo/internal/api/xweibo"
	"github.com/weibo-server/weibo/internal/blob/disk"
	"github.com/weibo-server/weibo/internal/blob/s3"
	cachemem "github.com/weibo-server/weibo/internal/cache/memory"
	cacheredis "github.com/weibo-server/weibo/internal/cache/redis"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	feedmem "github.com/weibo-server/weibo/internal/feed/memory"
	feedredis "github.com/weibo-server/weibo/internal/feed/redis"
	"github.com/weibo-server/weibo/internal/fetch"
	"github.com/weibo-server/weibo/internal/ids"
	livemem "github.com/weibo-server/weibo/internal/live/memory"
	livenats "github.com/weibo-server/weibo/internal/live/nats"
	"github.com/weibo-server/weibo/internal/media"
	"github.com/weibo-server/weibo/internal/queue/jetstream"
	"github.com/weibo-server/weibo/internal/routing/osrm"
	"github.com/weibo-server/weibo/internal/search"
	searchpg "github.com/weibo-server/weibo/internal/search/postgres"
	searchsqlite "github.com/weibo-server/weibo/internal/search/sqlite"
	"github.com/weibo-server/weibo/internal/server"
	"github.com/weibo-server/weibo/internal/store/cachedstore"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
	"github.com/weibo-server/weibo/internal/web"
)

// Hooks let tests reach inside without the production path knowing.
type Hooks struct {
	Clock    domain.Clock
	Password core.PasswordParams
	// Limits replaces the rate limits (nil: from config).
	Limits *core.RateLimits
	// MemoryQueue keeps the embedded JetStream in memory (fast tests).
	MemoryQueue bool
	// WrapStore, if set, wraps the store the core uses (to inject faults).
	WrapStore func(domain.Store) domain.Store
	// SearchDict, if set, is the segmenter's dictionary text (tests load a
	// tiny one instead of the real one).
	SearchDict string
	// WrapIDs, if set, wraps the id generator the core uses (to make ids collide).
	WrapIDs func(domain.IDGen) domain.IDGen
	// WrapFeed, if set, wraps the feed the core uses (to observe or fault it).
	WrapFeed func(domain.Feed) domain.Feed
	// ParamHook, if set, sees every parameter read of every dialect's
	// routes, which then refuse reads their tables do not declare
	// (apiutil.RouteInfo.CheckRead).
	ParamHook apiutil.ParamHook
}

// App is a running composition.
type App struct {
	Cfg    config.Config
	Log    *slog.Logger
	Core   *core.Service
	SQL    *sqlstore.Store
	Store  domain.Store
	Blobs  domain.Blobs
	Search domain.Searcher
	Queue  *jetstream.Queue
	Server *server.Server
	// Routes describe every route of every dialect mounted, from their
	// route tables: what the hostile-client test walks and the API
	// reference lists. A dialect added to the server adds its Routes() here,
	// and in RouteTables.
	Routes []apiutil.RouteInfo
	// IDs makes the ids, as the node number leased for this process.
	IDs       *ids.Lease
	stopLease func()
	// Redis is the client of --redis, nil in the embedded mode.
	Redis   goredis.UniversalClient
	bus     *cacheredis.Bus // with --redis: cache invalidations between nodes
	nats    *jetstream.Server
	live    *livenats.Hub // with --nats; closed before the queue's connection
	lock    *dirLock
	cancel  context.CancelFunc
	stopped chan struct{}
}

// RouteTables returns the route tables of every dialect the server mounts,
// as Start collects them into App.Routes, without building a core: the API
// reference (docs/API.md, internal/app/apidoc) is generated from them with
// no database or queue. A dialect added to Start is added here too;
// TestRouteTablesAreWhatStartMounts fails until it is.
func RouteTables() []apiutil.RouteInfo {
	out := append(sina.New(nil, sina.Options{}).Routes(), tencent.New(nil, tencent.Options{}).Routes()...)
	return append(out, xweibo.New(nil, xweibo.Options{}).Routes()...)
}

// Logger builds the process logger for a level name.
func Logger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// OpenStore opens the database (applying migrations) for CLI commands.
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*sqlstore.Store, error) {
	if !strings.HasPrefix(cfg.DSN(), "postgres") {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
	}
	st, err := sqlstore.Open(ctx, cfg.DSN(), sqlstore.Options{Logger: log, SyncFull: cfg.Sync == "full"})
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return st, nil
}

// OpenBlobs opens the media store: the S3-compatible bucket when
// --s3-endpoint is set, else the media directory.
func OpenBlobs(ctx context.Context, cfg config.Config) (domain.Blobs, error) {
	if cfg.S3Endpoint == "" {
		return disk.New(cfg.MediaPath())
	}
	b, err := s3.New(ctx, s3.Options{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, Region: cfg.S3Region, Secure: cfg.S3Secure})
	if err != nil {
		return nil, fmt.Errorf("media store: %w", err)
	}
	return b, nil
}

// NewSearcher picks the full-text engine of the store's database; the index
// lives in the same database (migration 00050).
func NewSearcher(st *sqlstore.Store, seg *search.Segmenter) domain.Searcher {
	if st.Dialect() == "postgres" {
		return searchpg.New(st.WriteDB(), seg)
	}
	return searchsqlite.New(st.WriteDB(), st.ReadDB(), seg)
}

// NewCore builds a core over a store alone, for CLI commands that neither
// fan out nor serve (user create, app create). It leases a node number of
// its own for the ids it makes, like a server does, so that it can run
// beside servers and other commands on the same database; done renews
// nothing more and frees the number: call it when the command ends.
func NewCore(ctx context.Context, cfg config.Config, st *sqlstore.Store, log *slog.Logger, purpose string) (_ *core.Service, done func(), err error) {
	return NewCoreBlobs(ctx, cfg, st, nil, log, purpose)
}

// nameHold is --deleted-name-hold as core.Options.NameHold (0 there means
// the default; here, no hold).
func nameHold(cfg config.Config) time.Duration {
	if cfg.DeletedNameHold <= 0 {
		return -1
	}
	return cfg.DeletedNameHold
}

// NewCoreBlobs is NewCore with the media store (weibo user export copies
// pictures).
func NewCoreBlobs(ctx context.Context, cfg config.Config, st *sqlstore.Store, blobs domain.Blobs, log *slog.Logger, purpose string) (_ *core.Service, done func(), err error) {
	lease, stop, err := leaseNode(ctx, st, -1, purpose, log)
	if err != nil {
		return nil, nil, err
	}
	svc := core.New(core.Deps{Store: st, IDs: lease, Log: log, Feed: feedmem.New(feedmem.Options{}), Blobs: blobs},
		core.Options{NameHold: nameHold(cfg)})
	return svc, stop, nil
}

// leaseNode leases a node number (node < 0: the lowest free one) and renews
// it in the background until stop, which also releases it.
func leaseNode(ctx context.Context, st *sqlstore.Store, node int, purpose string, log *slog.Logger) (*ids.Lease, func(), error) {
	host, _ := os.Hostname()
	lease, err := ids.NewLease(ctx, st, ids.LeaseOptions{Node: node, Purpose: purpose, PID: os.Getpid(), Host: host, Log: log})
	if err != nil {
		if node >= 0 && domain.IsKind(err, domain.KindConflict) {
			return nil, nil, fmt.Errorf("--node %d: %w; give another number, or none to take a free one", node, err)
		}
		return nil, nil, err
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		lease.Run(bg)
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			<-renewed
			rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer rcancel()
			if err := lease.Release(rctx); err != nil {
				// The number frees itself when the lease expires.
				log.Warn("release node number", "node", lease.Node(), "err", err)
			}
		})
	}
	return lease, stop, nil
}

// NewCoreWithSearch is NewCore with the full-text index (weibo reindex).
// It makes no ids, so it leases no node number.
func NewCoreWithSearch(cfg config.Config, st domain.Store, se domain.Searcher, log *slog.Logger) (*core.Service, error) {
	return core.New(core.Deps{Store: st, IDs: noIDs{}, Log: log, Feed: feedmem.New(feedmem.Options{}), Search: se}, core.Options{}), nil
}

// noIDs is the id generator of a command that creates no rows: making an id
// without a leased node number could collide with a live process's.
type noIDs struct{}

func (noIDs) Next() int64 { panic("app: this command holds no node number and makes no ids") }

// Start builds every part and starts the background work (queue consumer,
// outbox sweeper). Serve the returned App's Handler, then Close it.
func Start(ctx context.Context, cfg config.Config, log *slog.Logger, h Hooks) (_ *App, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &App{Cfg: cfg, Log: log, stopped: make(chan struct{})}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	// The data directory holds state of this server alone (the embedded
	// queue's store) or state it caches (SQLite): one server per directory.
	if cfg.NATS == "" || !strings.HasPrefix(cfg.DSN(), "postgres") {
		if a.lock, err = lockDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
	}
	if a.SQL, err = OpenStore(ctx, cfg, log); err != nil {
		return nil, err
	}
	if cfg.Redis != "" {
		if a.Redis, err = cacheredis.Connect(ctx, cfg.Redis); err != nil {
			return nil, err
		}
		log.Info("shared state in Redis", "redis", cacheredis.Redact(cfg.Redis), "prefix", cfg.RedisPrefix)
		// Cache invalidations between the nodes (docs/ARCHITECTURE.md).
		a.bus = cacheredis.NewBus(a.Redis, cfg.RedisPrefix, log)
		if err := a.bus.Start(ctx); err != nil {
			a.bus = nil
			return nil, err
		}
	}
	var cacheClock domain.Clock
	if h.Clock != nil {
		cacheClock = h.Clock
	}
	a.Store = cachedstore.New(a.SQL, cachedstore.Options{TTL: cfg.CacheTTL, Clock: cacheClock, Broadcast: a.broadcast(), Log: log})
	if a.Blobs, err = OpenBlobs(ctx, cfg); err != nil {
		return nil, err
	}

	qopts := jetstream.Options{Logger: log, MemoryStorage: h.MemoryQueue,
		Stream: strings.ToUpper(cfg.NATSPrefix), SubjectPrefix: cfg.NATSPrefix + ".events"}
	if cfg.NATS != "" {
		qopts.Replicas = cfg.NATSReplicas
	}
	if cfg.NATS == "" {
		a.nats, err = jetstream.StartEmbeddedWith(ctx, filepath.Join(cfg.DataDir, "nats"), log,
			jetstream.EmbeddedOptions{SyncAlways: cfg.Sync == "full"})
		if err != nil {
			return nil, fmt.Errorf("embedded NATS: %w", err)
		}
		a.Queue, err = jetstream.ConnectEmbedded(ctx, a.nats, qopts)
	} else {
		a.Queue, err = jetstream.Connect(ctx, cfg.NATS, qopts)
	}
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}

	// Before anything can make an id: a node number no live process holds.
	lease, stopLease, err := leaseNode(ctx, a.SQL, cfg.Node, "weibo serve", log)
	if err != nil {
		return nil, err
	}
	a.IDs, a.stopLease = lease, stopLease
	log.Info("node number leased for ids", "node", lease.Node())
	now := time.Now
	if h.Clock != nil {
		now = h.Clock.Now
	}
	limits := core.RateLimits{}
	if cfg.RateLimits {
		limits = core.DefaultRateLimits()
		limits.Login = core.LoginLimits{IPFailuresPerHour: cfg.LoginIPFailures, FreeFailures: cfg.LoginFreeFailures,
			Delay: cfg.LoginDelay, MaxDelay: cfg.LoginMaxDelay, MaxPending: cfg.LoginPending}
		if cfg.LoginPending > 0 {
			// Fewer in progress than checks at once would leave slots unused.
			limits.Login.MaxPending = max(cfg.LoginPending, cfg.LoginConcurrency)
		}
	}
	if h.Limits != nil {
		limits = *h.Limits
	}
	seg := search.NewSegmenter(cfg.SearchDict)
	if h.SearchDict != "" {
		seg = search.NewSegmenterText("test", h.SearchDict)
	}
	a.Search = NewSearcher(a.SQL, seg)
	coreStore := a.Store
	if h.WrapStore != nil {
		coreStore = h.WrapStore(a.Store)
	}
	var idGen domain.IDGen = lease
	if h.WrapIDs != nil {
		idGen = h.WrapIDs(lease)
	}
	// What every node must share lives in Redis when there is one; in the
	// embedded mode, in this process.
	var (
		feed    domain.Feed    = feedmem.New(feedmem.Options{Cap: cfg.HomeWindow})
		counter domain.Counter = cachemem.NewCounter(now)
		nonces  domain.Nonces  = cachemem.NewNonces(now)
	)
	if a.Redis != nil {
		feed = feedredis.New(a.Redis, feedredis.Options{Cap: cfg.HomeWindow, Prefix: cfg.RedisPrefix})
		counter = cacheredis.NewCounter(a.Redis, cfg.RedisPrefix, now)
		nonces = cacheredis.NewNonces(a.Redis, cfg.RedisPrefix)
	}
	if h.WrapFeed != nil {
		feed = h.WrapFeed(feed)
	}
	var router domain.Router
	if cfg.RoutingURL != "" {
		r, err := osrm.New(osrm.Options{BaseURL: cfg.RoutingURL})
		if err != nil {
			return nil, fmt.Errorf("--routing-url: %w", err)
		}
		router = r
	}
	a.Core = core.New(core.Deps{
		Store: coreStore, Feed: feed, Queue: a.Queue,
		Counter: counter, IDs: idGen, Clock: h.Clock, Log: log, Search: a.Search,
		Nonces: nonces, Blobs: a.Blobs, Fetcher: fetch.New(fetch.Options{Timeout: cfg.FetchTimeout, AllowPrivate: cfg.FetchAllowPrivate}),
		Live: a.newLive(log), Broadcast: a.broadcast(), Router: router, DiskUsage: diskUsage(cfg),
	}, core.Options{
		AccessTokenTTL: cfg.AccessTokenTTL, HomeWindow: cfg.HomeWindow, CelebrityFollowers: cfg.CelebrityFollowers,
		Limits: limits, Password: h.Password, LoginConcurrency: cfg.LoginConcurrency, FirstUserAdmin: cfg.FirstUserAdmin,
		Registrations: cfg.Registrations, NameHold: nameHold(cfg),
		Media: core.MediaOptions{BaseURL: cfg.PublicMediaURL(), Retention: cfg.MediaRetention,
			Limits: media.Limits{MaxBytes: cfg.MediaMaxBytes, MaxPixels: cfg.MediaMaxPixels}},
		ShortURLBase: cfg.ShortLinkBase(),
		Xweibo:       xweiboOptions(cfg),
	})
	if err := a.Core.EnsureDefaultAvatar(ctx); err != nil {
		return nil, err
	}

	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return nil, err
	}
	// The site's sign-in and consent page serves both OAuth dialects'
	// authorize endpoints; the site itself is mounted last (below).
	site := web.New(a.Core, web.Options{Location: loc, TrustProxy: cfg.TrustProxy, MediaURL: cfg.PublicMediaURL(), Log: log})
	api := sina.New(a.Core, sina.Options{Location: loc, TrustProxy: cfg.TrustProxy, RequireTLS: cfg.RequireTLS,
		MaxBody: cfg.MaxBody, BaseURL: cfg.PublicURL(), EmotionsURL: cfg.EmotionsBase(), Log: log, ParamHook: h.ParamHook,
		Consent: site})
	a.Server = server.New(server.Options{
		Logger: log, MaxBody: cfg.BodyLimit(), TrustProxy: cfg.TrustProxy, PrivateMetrics: !cfg.PublicMetrics,
		PanicResponder: panicResponder, // logs nothing: the recover middleware already has
		Ready:          func(ctx context.Context) error { return a.SQL.Ping(ctx) },
		QueuePending: func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			n, err := a.Queue.Pending(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		},
	})
	api.Mount(a.Server)
	a.Routes = append(a.Routes, api.Routes()...)
	tapi := tencent.New(a.Core, tencent.Options{TrustProxy: cfg.TrustProxy, RequireTLS: cfg.RequireTLS,
		MaxBody: cfg.MaxBody, BaseURL: cfg.PublicURL(), Log: log, ParamHook: h.ParamHook, Consent: site})
	tapi.Mount(a.Server)
	a.Routes = append(a.Routes, tapi.Routes()...)
	mediahttp.New(a.Blobs, log).Mount(a.Server)
	mediahttp.MountEmotions(a.Server)
	shortlink.Mount(a.Server, a.Core, cfg.TrustProxy, log)
	// Xweibo is addressed as /?m=api/weibo/action.NAME (or /index.php?m=…):
	// the site's "/" patterns hand it the requests whose query names m=api/…
	// (docs/ARCHITECTURE.md).
	xapi := xweibo.New(a.Core, xweibo.Options{Location: loc, TrustProxy: cfg.TrustProxy, MaxBody: cfg.MaxBody,
		BaseURL: cfg.PublicURL(), EmotionsURL: cfg.EmotionsBase(), Log: log, ParamHook: h.ParamHook})
	a.Routes = append(a.Routes, xapi.Routes()...)
	// The site takes "/" and what no API pattern matches: mounted last.
	site.Mount(xapi.Wrap(a.Server))
	// Open event streams end when shutdown begins, rather than holding it up.
	a.Server.OnShutdown(site.Shutdown)
	a.Server.OnShutdown(api.Shutdown)
	if cs, ok := a.Store.(*cachedstore.Store); ok {
		a.Server.Registry().MustRegister(cacheCollector{cs})
	}
	a.Server.Registry().MustRegister(loginCollector{a.Core.LoginStats})
	// The database pools: connections open, in use and idle, and waits for
	// one (go_sql_*{db_name="write"|"read"}). SQLite has a one-connection
	// writer and a reader pool; PostgreSQL one pool for both.
	a.Server.Registry().MustRegister(collectors.NewDBStatsCollector(a.SQL.WriteDB(), "write"))
	if a.SQL.ReadDB() != a.SQL.WriteDB() {
		a.Server.Registry().MustRegister(collectors.NewDBStatsCollector(a.SQL.ReadDB(), "read"))
	}
	if cfg.FetchAllowPrivate {
		log.Warn("--fetch-allow-private: pictures given by URL may be fetched from loopback and private addresses (SSRF); for tests and development only")
	}

	bg, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	if err := a.Queue.Subscribe(bg, a.Core.HandleEvent); err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	var bgWork sync.WaitGroup
	bgWork.Add(2)
	go func() {
		defer bgWork.Done()
		a.Core.RunOutboxSweeper(bg, 2*time.Second)
	}()
	go func() {
		defer bgWork.Done()
		a.Core.RunPictureSweeper(bg, pictureSweepEvery)
	}()
	go func() {
		bgWork.Wait()
		close(a.stopped)
	}()
	// Events left in the outbox by a crash go out now, not after a sweep period.
	if _, err := a.Core.SweepOutbox(ctx, 0); err != nil {
		log.Warn("initial outbox sweep", "err", err)
	}
	return a, nil
}

// newLive picks the live hub: alone (the embedded queue), notices reach the
// streams open on this node, which are all of them; with --nats they go
// over the cluster (subjects weibo.live.<uid>), so a write handled by any
// node reaches a stream open on any other.
func (a *App) newLive(log *slog.Logger) domain.Live {
	if a.Cfg.NATS == "" {
		return livemem.New()
	}
	a.live = livenats.New(a.Queue.Conn(), livenats.Options{Logger: log, Prefix: a.Cfg.NATSPrefix + ".live"})
	return a.live
}

// broadcast is the bus between the nodes, nil when there is none (a nil
// *Bus in the interface would not read as nil).
func (a *App) broadcast() domain.Broadcast {
	if a.bus == nil {
		return nil
	}
	return a.bus
}

// xweiboOptions are the gate settings of the Xweibo API; Validate has
// checked the addresses.
func xweiboOptions(cfg config.Config) core.XweiboOptions {
	o := core.XweiboOptions{APIKey: cfg.XweiboAPIKey, AppKey: cfg.XweiboAppKey,
		AllowAnonymous: splitList(cfg.XweiboAllowAnonymous), AllowOthers: splitList(cfg.XweiboAllowOthers),
		DefaultUser: strings.TrimSpace(cfg.XweiboDefaultUser), Window: cfg.XweiboTimeWindow, AcceptOld: cfg.XweiboAcceptOld}
	for _, s := range splitList(cfg.XweiboAllowIPs) {
		if p, err := netip.ParsePrefix(s); err == nil {
			o.AllowIPs = append(o.AllowIPs, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			a = a.Unmap()
			o.AllowIPs = append(o.AllowIPs, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	return o
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// pictureSweepEvery is how often unreferenced pictures past the retention
// are looked for: retention is at least a minute, and nothing depends on
// the files going at once.
const pictureSweepEvery = time.Minute

// Handler is the root HTTP handler.
func (a *App) Handler() http.Handler { return a.Server.Handler() }

// Serve listens until ctx ends, then shuts down gracefully. With
// Cfg.DebugAddr it also serves the debug listener (profiles, metrics) there;
// either listener failing stops both.
func (a *App) Serve(ctx context.Context, ready func(url string)) error {
	if a.Cfg.DebugAddr == "" {
		return a.serveMain(ctx, ready)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	debugErr := make(chan error, 1)
	go func() {
		err := a.Server.ServeDebug(ctx, a.Cfg.DebugAddr, nil)
		cancel()
		debugErr <- err
	}()
	err := a.serveMain(ctx, ready)
	cancel()
	return errors.Join(err, <-debugErr)
}

func (a *App) serveMain(ctx context.Context, ready func(url string)) error {
	err := a.Server.ListenAndServe(ctx, a.Cfg.Addr, a.Cfg.TLSCert, a.Cfg.TLSKey, ready)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Drain waits until every published event has been handled.
func (a *App) Drain(ctx context.Context) error { return a.Core.Drain(ctx) }

// Close stops background work (draining the queue) and closes every engine.
func (a *App) Close() {
	if a.cancel != nil {
		if a.Core != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := a.Core.Drain(ctx); err != nil {
				a.Log.Warn("drain queue at shutdown", "err", err)
			}
			cancel()
		}
		a.cancel()
		<-a.stopped
	}
	if a.live != nil {
		a.live.Close()
	}
	if a.Queue != nil {
		if err := a.Queue.Close(); err != nil {
			a.Log.Warn("close queue", "err", err)
		}
	}
	if a.nats != nil {
		a.nats.Shutdown()
	}
	if a.stopLease != nil {
		a.stopLease() // nothing makes ids any more
	}
	if a.bus != nil {
		if err := a.bus.Close(); err != nil {
			a.Log.Warn("close redis bus", "err", err)
		}
	}
	if a.Store != nil {
		if err := a.Store.Close(); err != nil {
			a.Log.Warn("close store", "err", err)
		}
	} else if a.SQL != nil {
		_ = a.SQL.Close()
	}
	if a.Redis != nil {
		if err := a.Redis.Close(); err != nil {
			a.Log.Warn("close redis", "err", err)
		}
	}
	a.lock.release() // last: everything under the directory is closed
}

// panicResponder answers a request whose handler panicked in the format of
// the dialect it was addressed to.
func panicResponder(w http.ResponseWriter, r *http.Request) {
	if xweibo.IsCall(r) {
		xweibo.PanicResponder(w, r)
		return
	}
	p := strings.ToLower(r.URL.Path)
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/cgi-bin/") {
		tencent.PanicResponder(w, r)
		return
	}
	sina.PanicResponder(w, r)
}
