// Package core holds the use cases of Weibo Server and the handlers of its
// background events. It is the only home of business rules: every API dialect
// and the web site call the same methods here.
package core

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// Options are the tunables of the core; app fills them from config.
type Options struct {
	// FirstUserAdmin makes the first account created on an empty instance
	// an admin (--first-user-admin; logged, and in the audit log).
	FirstUserAdmin bool
	// Registrations is the registration mode (registration.go; "" is open).
	Registrations string
	// NameHold is how long the screen name of a deleted account is held
	// back before anyone may take it (account_delete.go); zero means
	// DefaultNameHold, negative no hold.
	NameHold time.Duration
	// AccessTokenTTL is how long an OAuth2 access token lives.
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is how long a refresh token lives.
	RefreshTokenTTL time.Duration
	// AuthCodeTTL is how long an authorization code may be exchanged.
	AuthCodeTTL time.Duration
	// HomeWindow is the number of status ids kept in each home window.
	HomeWindow int
	// CelebrityFollowers: authors with at least this many followers are not
	// pushed to followers' windows but merged in at read time.
	CelebrityFollowers int
	// FanoutBatch is how many followers one fan-out step loads.
	FanoutBatch int
	// OutboxAge is how old an outbox row must be before the sweeper re-publishes it.
	OutboxAge time.Duration
	// Limits are the rate limits; the zero value disables them.
	Limits RateLimits
	// PasswordParams tune argon2id; zero means the production defaults.
	Password PasswordParams
	// LoginConcurrency is how many password checks (argon2id, 19 MiB each
	// by default) may run at once; zero means GOMAXPROCS. It bounds memory,
	// so it holds even with every rate limit off.
	LoginConcurrency int
	// SourceName/SourceURL render a status's source when it was posted without an app.
	SourceName string
	// Media configures pictures and avatars (media.go).
	Media MediaOptions
	// ShortURLBase is the public URL short links are made below, ending in
	// "/" (shorturl.go); the server answers its redirects.
	ShortURLBase string
	// Xweibo configures the gate of the Xweibo API (xweibo.go).
	Xweibo XweiboOptions
}

func (o *Options) setDefaults() {
	if o.AccessTokenTTL == 0 {
		o.AccessTokenTTL = 30 * 24 * time.Hour
	}
	if o.RefreshTokenTTL == 0 {
		o.RefreshTokenTTL = 180 * 24 * time.Hour
	}
	if o.AuthCodeTTL == 0 {
		o.AuthCodeTTL = 10 * time.Minute
	}
	if o.HomeWindow == 0 {
		o.HomeWindow = 800
	}
	if o.CelebrityFollowers == 0 {
		o.CelebrityFollowers = 10000
	}
	if o.FanoutBatch == 0 {
		o.FanoutBatch = 1000
	}
	if o.OutboxAge == 0 {
		o.OutboxAge = 5 * time.Second
	}
	switch {
	case o.NameHold == 0:
		o.NameHold = DefaultNameHold
	case o.NameHold < 0: // no hold: the name is free at once
		o.NameHold = 0
	}
	if o.SourceName == "" {
		o.SourceName = "微博 weibo.com"
	}
	if o.LoginConcurrency <= 0 {
		o.LoginConcurrency = runtime.GOMAXPROCS(0)
	}
	if o.ShortURLBase == "" {
		o.ShortURLBase = "http://localhost/t/"
	}
	o.Password.setDefaults()
	o.Media.setDefaults()
}

// Deps are the ports the core works through.
type Deps struct {
	Store   domain.Store
	Feed    domain.Feed
	Queue   domain.Queue
	Counter domain.Counter
	IDs     domain.IDGen
	Clock   domain.Clock
	Log     *slog.Logger
	// Search is the full-text index; nil leaves search unavailable and
	// events unindexed (CLI commands that neither serve nor index).
	Search domain.Searcher
	// Blobs stores picture and avatar files; nil leaves uploads unavailable.
	Blobs domain.Blobs
	// Fetcher fetches pictures given by URL; nil leaves that unavailable.
	Fetcher domain.Fetcher
	// Nonces remembers OAuth 1.0a nonces; nil refuses OAuth 1.0a requests.
	Nonces domain.Nonces
	// Live carries notices to open pages and streams (live.go); nil sends none.
	Live domain.Live
	// Router plans drives (location/line/drive_route) over the road network
	// of an operator's routing service; nil: the server has none (route.go).
	Router domain.Router
	// Broadcast tells the other nodes of a deployment what this node's
	// writes made stale in their memory (the celebrity lists, timeline.go);
	// nil for one node.
	Broadcast domain.Broadcast
	// DiskUsage measures the instance's storage for the admin overview
	// (the data directory, the media files); nil shows none.
	DiskUsage func(ctx context.Context) ([]domain.DiskUse, error)
}

// Service is the core. It is safe for concurrent use.
type Service struct {
	store   domain.Store
	feed    domain.Feed
	queue   domain.Queue
	counter domain.Counter
	ids     domain.IDGen
	clock   domain.Clock
	log     *slog.Logger
	search  domain.Searcher
	blobs   domain.Blobs
	fetcher domain.Fetcher
	nonces  domain.Nonces
	live    domain.Live
	router  domain.Router
	bus     domain.Broadcast
	disk    func(ctx context.Context) ([]domain.DiskUse, error)
	// fresh reads past the store's caches (domain.Uncacheable): the event
	// handlers' reads of the statuses they index and fan out.
	fresh domain.Reader
	opts  Options

	// mediaGate bounds the uploads decoded at once; defaultAvatarID names
	// the default avatar's files.
	mediaGate       chan struct{}
	defaultAvatarID string

	// celebs caches, per viewer, which of their followees are celebrities
	// (merged at read time). It is local to the node and short-lived.
	celebMu sync.Mutex
	celebs  map[int64]celebEntry

	// homeMarks remembers, per node, the newest home status each user has
	// read, so reading the same page again writes nothing.
	homeMarks sync.Map // uid → int64

	// published carries the ids of published outbox rows to the background
	// deleter (RunOutboxSweeper), which removes them in batches: a request
	// then costs one write transaction, not two.
	published chan string
	// unDeleted counts published ids handed over and not yet deleted, so
	// Drain can wait for the deleter's batch in hand, not only the channel.
	unDeleted atomic.Int64

	// trends keeps the hot-topic rankings for a few seconds (trend.go).
	trends trendCache

	// gate bounds concurrent password checks (login.go); loginRefused
	// counts the login guard's refusals by kind.
	gate         *passwordGate
	loginRefused [refusedKinds]atomic.Int64
	dummyOnce    sync.Once
	dummy        string

	// exports bounds the data exports running at once (export.go).
	exports chan struct{}
}

type celebEntry struct {
	ids []int64
	// statuses is the statuses_count of the viewer and of everyone they
	// follow: the approximate size of a home timeline too large to count.
	statuses int
	expires  time.Time
}

// New builds a Service.
func New(d Deps, o Options) *Service {
	o.setDefaults()
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = systemClock{}
	}
	s := &Service{
		store: d.Store, feed: d.Feed, queue: d.Queue, counter: d.Counter,
		ids: d.IDs, clock: d.Clock, log: d.Log, search: d.Search, blobs: d.Blobs, fetcher: d.Fetcher, nonces: d.Nonces,
		live: d.Live, router: d.Router, bus: d.Broadcast, disk: d.DiskUsage, opts: o,
		mediaGate: make(chan struct{}, o.Media.Workers),
		celebs:    make(map[int64]celebEntry),
		published: make(chan string, outboxDeleteBuffer),
		exports:   make(chan struct{}, MaxConcurrentExports),
	}
	s.fresh = d.Store
	if u, ok := d.Store.(domain.Uncacheable); ok {
		s.fresh = u.Uncached()
	}
	if d.Live != nil {
		s.store = liveStore{Store: d.Store, s: s}
	}
	if s.bus != nil {
		s.bus.Subscribe(celebsTopic, s.forgetCelebsOf, s.forgetAllCelebs)
	}
	s.gate = newPasswordGate(o.LoginConcurrency, &s.loginRefused[refusedBusy])
	if up, err := media.DefaultAvatar(); err == nil {
		s.defaultAvatarID = up.ID
	} else {
		// Embedded and tested: only a broken build gets here.
		s.log.Error("default avatar", "err", err)
	}
	return s
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Options returns the effective options (with defaults).
func (s *Service) Options() Options { return s.opts }

// Ping checks the store is reachable (health checks).
func (s *Service) Ping(ctx context.Context) error {
	_, err := s.store.LatestStatusOf(ctx, -1)
	if err != nil && !domain.IsKind(err, domain.KindNotFound) {
		return err
	}
	return nil
}

// Now is the core's clock (dialects compute "seconds until" with it).
func (s *Service) Now() time.Time { return s.now() }
