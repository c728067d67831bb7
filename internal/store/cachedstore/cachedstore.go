// Package cachedstore is a read-through caching decorator over domain.Store.
//
// It keeps, in process and bounded in size, the rows that every API call and
// every home-timeline page reads by key: statuses and users by id, the
// relationship of a viewer to another user, apps by key and id, and access
// tokens by hash. A warm home-timeline page therefore costs no query to the
// inner store. Every other read passes through.
//
// Freshness: the core writes only through InTx. The transaction handed to the
// core records the keys its writes touch, and after the inner transaction
// commits those keys are invalidated on this node and, with
// Options.Broadcast, published to every other node, which invalidates them
// on receipt (remote.go). Entries also expire after Options.TTL, which
// bounds how stale another node's writes can look here when a message is
// lost. Running with no cache at all (using the inner store directly) is
// always valid.
//
// Values handed out are copies: a caller may change what it gets without
// changing the cache. Slices inside them (Status.PicIDs, Token.Scopes) are
// shared but clipped, so appending to them reallocates; their elements must
// not be written.
package cachedstore

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"

	"github.com/weibo-server/weibo/internal/domain"
)

// Options size the caches. The zero value is usable.
type Options struct {
	// TTL bounds how long an entry is served without asking the inner store;
	// it is the longest time a write made by another node can go unseen here.
	// Zero or negative means 60s.
	TTL time.Duration
	// NegativeTTL is how long a "not found" answer is remembered, so that a
	// flood of lookups of ids or tokens that do not exist does not reach the
	// database each time. A write that creates the row invalidates it on this
	// node at once. Zero means 5s; negative disables negative caching.
	NegativeTTL time.Duration

	// Maximum number of entries per cache; zero means the default in brackets.
	MaxStatuses      int // [100 000]
	MaxUsers         int // [50 000]
	MaxRelationships int // [200 000] (viewer, other) pairs
	MaxTokens        int // [50 000]
	MaxApps          int // [10 000] per index (by key, by id)
	// MaxFavoriteIDs bounds the favourited status ids held in all the
	// viewers' favourite sets together (8 bytes each); the sets of statuses
	// hidden from home timelines hold a quarter as many. [2 000 000]
	MaxFavoriteIDs int

	// Broadcast, when set, carries this node's invalidations to the other
	// nodes of a deployment and theirs here (remote.go); nil for one node.
	Broadcast domain.Broadcast
	// Log receives the failures to publish an invalidation (nil: discarded).
	Log *slog.Logger

	// Clock, when set, drives expiry (tests inject a fake). With a Clock the
	// caches run no periodic clean-up goroutine; expired entries are never
	// served and are reclaimed by the caches' regular maintenance.
	Clock domain.Clock
}

const (
	defaultTTL         = 60 * time.Second
	defaultNegativeTTL = 5 * time.Second
)

func (o Options) withDefaults() Options {
	if o.TTL <= 0 {
		o.TTL = defaultTTL
	}
	if o.NegativeTTL == 0 {
		o.NegativeTTL = defaultNegativeTTL
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxStatuses, 100_000)
	def(&o.MaxUsers, 50_000)
	def(&o.MaxRelationships, 200_000)
	def(&o.MaxTokens, 50_000)
	def(&o.MaxApps, 10_000)
	def(&o.MaxFavoriteIDs, 2_000_000)
	return o
}

// Store is the caching decorator. Reads it does not cache go straight to the
// inner store (through the embedded, unexported passThrough).
type Store struct {
	passThrough // every uncached read

	inner domain.Store
	opts  Options
	now   func() int64 // the caches' clock, in Unix nanoseconds

	statuses  *table[int64, domain.Status]
	users     *table[int64, domain.User]
	appsByKey *table[string, domain.App]
	appsByID  *table[int64, domain.App]
	groups    *table[int64, domain.Group]

	rels       *otter.Cache[relKey, relEntry]
	relsStats  *stats.Counter
	relsLoader otter.BulkLoader[relKey, relEntry]

	members       *otter.Cache[memberKey, bool]
	membersStats  *stats.Counter
	membersLoader otter.BulkLoader[memberKey, bool]

	tokens      *otter.Cache[string, *tokenEntry]
	tokensStats *stats.Counter
	tokenLoader otter.Loader[string, *tokenEntry]
	// revSeq counts RevokeTokens commits on this node; revoked maps a
	// (user, app) pair to the revSeq value of its latest revocation. See tokens.go.
	revSeq  atomic.Uint64
	revoked *otter.Cache[userApp, uint64]

	// favs and filters hold each viewer's favourited statuses and the
	// statuses they hid from their home timeline (favorites.go).
	favs, filters *idSets

	bus domain.Broadcast // nil: one node
	log *slog.Logger
}

var _ domain.Store = (*Store)(nil)

// passThrough names the embedded inner Reader without exporting it.
type passThrough = domain.Reader

// New wraps inner. Close closes inner.
func New(inner domain.Store, opts Options) *Store {
	opts = opts.withDefaults()
	s := &Store{passThrough: inner, inner: inner, opts: opts}

	var clock otter.Clock
	s.now = func() int64 { return time.Now().UnixNano() } // otter's default clock reads the same
	if opts.Clock != nil {
		c := otterClock{opts.Clock}
		clock, s.now = c, c.NowNano
	}
	negative := opts.NegativeTTL > 0

	s.statuses = newTable(tableSpec[int64, domain.Status]{
		name: "status", reason: domain.ReasonStatusNotFound, size: opts.MaxStatuses, opts: opts, clock: clock, negative: negative,
		one: inner.StatusByID, many: inner.StatusesByIDs, detach: detachStatuses,
	})
	s.users = newTable(tableSpec[int64, domain.User]{
		name: "user", reason: domain.ReasonUserNotFound, size: opts.MaxUsers, opts: opts, clock: clock, negative: negative,
		one: inner.UserByID, many: inner.UsersByIDs,
	})
	s.appsByKey = newTable(tableSpec[string, domain.App]{
		name: "app key", size: opts.MaxApps, opts: opts, clock: clock, negative: negative,
		one: inner.AppByKey,
	})
	s.appsByID = newTable(tableSpec[int64, domain.App]{
		name: "app", size: opts.MaxApps, opts: opts, clock: clock, negative: negative,
		one: inner.AppByID,
	})
	s.groups = newTable(tableSpec[int64, domain.Group]{
		name: "group", reason: domain.ReasonListNotFound, size: opts.MaxUsers, opts: opts, clock: clock, negative: negative,
		one: inner.GroupByID, detach: func(gs []domain.Group) {
			for i := range gs {
				gs[i].Tags = slices.Clip(gs[i].Tags)
			}
		},
	})
	s.initRelationships(clock, negative)
	s.initMemberships(clock)
	s.initTokens(clock, negative)
	s.favs = newIDSets(opts, clock, opts.MaxFavoriteIDs, inner.FavoriteStatusIDs, inner.FavoritedAmong)
	s.filters = newIDSets(opts, clock, opts.MaxFavoriteIDs/4, inner.HomeFilteredIDs, inner.HomeFilteredAmong)
	s.log = opts.Log
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.Broadcast != nil {
		s.bus = opts.Broadcast
		s.bus.Subscribe(busTopic, s.applyRemote, s.forgetAll)
	}
	return s
}

// otterClock adapts a domain.Clock to otter. It delivers no ticks: with an
// injected clock there is no periodic clean-up goroutine.
type otterClock struct{ c domain.Clock }

func (o otterClock) NowNano() int64                      { return o.c.Now().UnixNano() }
func (o otterClock) Tick(time.Duration) <-chan time.Time { return nil }

// expiry returns the per-entry expiry for a cache whose negative entries are
// recognised by isNegative.
func expiry[K comparable, V any](o Options, isNegative func(V) bool) otter.ExpiryCalculator[K, V] {
	return otter.ExpiryWritingFunc(func(e otter.Entry[K, V]) time.Duration {
		if isNegative(e.Value) {
			return o.NegativeTTL
		}
		return o.TTL
	})
}

// InTx runs fn in one inner transaction. The Tx given to fn reads from the
// inner transaction, uncached (it must see its own writes), and records the
// keys its writes touch; they are invalidated once the inner InTx has
// committed. When fn fails the transaction rolls back and nothing is
// invalidated. When fn succeeds but InTx still fails (the commit failed, or
// its outcome is unknown) the keys are invalidated anyway: that costs only
// reloads.
//
// Why invalidating after the commit is enough (no generation counters, no
// invalidation before the commit): the classic race is a reader that misses,
// reads the pre-commit row, and stores it after the writer's invalidation.
// Every cached read here loads through otter's Get/BulkGet, which registers
// the load for its key before the loader runs; otter v2.4.0's Invalidate
// cancels a registered load, and a cancelled load's value is discarded (the
// Get then returns the key's current value or loads again). So a value read
// before the commit either lands in the cache before the invalidation (and is
// removed by it) or is refused; a load registered after the invalidation
// started reading after the commit. TestLoadRacingCommit pins this behaviour.
// The one cache whose keys a write cannot name — tokens revoked by
// RevokeTokens(user, app) — is guarded by a sequence number instead (tokens.go).
func (s *Store) InTx(ctx context.Context, fn func(tx domain.Tx) error) error {
	var (
		rec   *recTx
		fnErr error
	)
	err := s.inner.InTx(ctx, func(tx domain.Tx) error {
		// A fresh recorder per attempt: an inner store may retry fn, and only
		// the attempt that commits counts.
		rec = &recTx{Reader: tx, tx: tx}
		fnErr = fn(rec)
		return fnErr
	})
	if rec != nil && fnErr == nil {
		k := rec.done()
		s.invalidate(k)
		s.publish(ctx, k)
	}
	return err
}

// Close stops the caches' background work and closes the inner store.
func (s *Store) Close() error {
	s.eachCache(func(c ottercache) { c.StopAllGoroutines() })
	return s.inner.Close()
}

// ottercache is what every cache of the store is, whatever it holds.
type ottercache interface {
	InvalidateAll()
	StopAllGoroutines() bool
}

// eachCache calls fn with every cache of the store: one list for Close and
// forgetAll (remote.go), so a new cache cannot be left out of either.
func (s *Store) eachCache(fn func(ottercache)) {
	for _, c := range []ottercache{s.statuses.c, s.users.c, s.appsByKey.c, s.appsByID.c, s.groups.c,
		s.rels, s.members, s.tokens, s.revoked, s.favs.c, s.filters.c} {
		fn(c)
	}
}

// StatusByID returns the status, deleted or not, from the cache or the inner store.
func (s *Store) StatusByID(ctx context.Context, id int64) (*domain.Status, error) {
	return s.statuses.get(ctx, id)
}

// StatusesByIDs answers the cached ids from the cache and the others with one
// inner StatusesByIDs call. Missing ids are omitted. It shares its entries
// with StatusByID: like it, the inner batch is taken to return deleted
// statuses too (Deleted set; domain.CanSee drops them).
func (s *Store) StatusesByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Status, error) {
	return s.statuses.getMany(ctx, ids)
}

// UserByID returns the user from the cache or the inner store.
func (s *Store) UserByID(ctx context.Context, id int64) (*domain.User, error) {
	return s.users.get(ctx, id)
}

// UsersByIDs answers the cached ids from the cache and the others with one
// inner UsersByIDs call. Missing ids are omitted.
func (s *Store) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*domain.User, error) {
	return s.users.getMany(ctx, ids)
}

// AppByKey returns the app from the cache or the inner store.
func (s *Store) AppByKey(ctx context.Context, key string) (*domain.App, error) {
	return s.appsByKey.get(ctx, key)
}

// AppByID returns the app from the cache or the inner store.
func (s *Store) AppByID(ctx context.Context, id int64) (*domain.App, error) {
	return s.appsByID.get(ctx, id)
}

// CacheStats describes one cache.
type CacheStats struct {
	Hits, Misses uint64 // lookups per key answered from the cache, or not
	Evictions    uint64 // entries dropped for size or age (not invalidations)
	LoadFailures uint64 // inner lookups that failed (not "not found")
	Entries      int    // approximate number of entries held
}

// Stats describes every cache, for metrics.
type Stats struct {
	Statuses, Users, Relationships, Tokens, AppsByKey, AppsByID CacheStats
	Groups, GroupMembers                                        CacheStats
	Favorites, HomeFilters                                      CacheStats
}

// Each calls fn for every cache with a short name ("statuses", "users", ...),
// for metrics labelled by cache.
func (st Stats) Each(fn func(name string, c CacheStats)) {
	fn("statuses", st.Statuses)
	fn("users", st.Users)
	fn("relationships", st.Relationships)
	fn("tokens", st.Tokens)
	fn("apps_by_key", st.AppsByKey)
	fn("apps_by_id", st.AppsByID)
	fn("groups", st.Groups)
	fn("group_members", st.GroupMembers)
	fn("favorites", st.Favorites)
	fn("home_filters", st.HomeFilters)
}

// Stats returns a snapshot of the caches' counters.
func (s *Store) Stats() Stats {
	return Stats{
		Statuses:      cacheStats(s.statuses.stats, s.statuses.c.EstimatedSize()),
		Users:         cacheStats(s.users.stats, s.users.c.EstimatedSize()),
		Relationships: cacheStats(s.relsStats, s.rels.EstimatedSize()),
		Tokens:        cacheStats(s.tokensStats, s.tokens.EstimatedSize()),
		AppsByKey:     cacheStats(s.appsByKey.stats, s.appsByKey.c.EstimatedSize()),
		AppsByID:      cacheStats(s.appsByID.stats, s.appsByID.c.EstimatedSize()),
		Groups:        cacheStats(s.groups.stats, s.groups.c.EstimatedSize()),
		GroupMembers:  cacheStats(s.membersStats, s.members.EstimatedSize()),
		Favorites:     cacheStats(s.favs.stats, s.favs.c.EstimatedSize()),
		HomeFilters:   cacheStats(s.filters.stats, s.filters.c.EstimatedSize()),
	}
}

func cacheStats(c *stats.Counter, n int) CacheStats {
	st := c.Snapshot()
	return CacheStats{Hits: st.Hits, Misses: st.Misses, Evictions: st.Evictions, LoadFailures: st.LoadFailures, Entries: n}
}

// notFound is the error of a lookup answered "missing" from the cache: an
// *Error of KindNotFound with the reason the inner store gives the same
// miss, so callers cannot tell a cached answer from a fresh one. It wraps
// domain.ErrNotFound.
func notFound(what string, key any, reason domain.Reason) error {
	return &domain.Error{Kind: domain.KindNotFound, Reason: reason,
		Msg: fmt.Sprintf("cachedstore: %s %v: not found", what, key), Err: domain.ErrNotFound}
}
