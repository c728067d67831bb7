package cachedstore

import (
	"context"
	"errors"
	"slices"

	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"

	"github.com/weibo-server/weibo/internal/domain"
)

// table caches rows of type T by key K, loaded by a single and (optionally) a
// batch inner lookup. A nil *T in the cache is a negative entry: the inner
// store said the row does not exist; it lives for Options.NegativeTTL.
type table[K comparable, T any] struct {
	name     string
	reason   domain.Reason // of a miss, as the inner store words it
	c        *otter.Cache[K, *T]
	stats    *stats.Counter
	negative bool
	one      func(context.Context, K) (*T, error)
	many     func(context.Context, []K) (map[K]*T, error)
	detach   func([]T) // nil when T holds nothing a caller could change in place
	loader   otter.Loader[K, *T]
	bulk     otter.BulkLoader[K, *T]
}

type tableSpec[K comparable, T any] struct {
	name     string
	reason   domain.Reason
	size     int
	opts     Options
	clock    otter.Clock
	negative bool
	one      func(context.Context, K) (*T, error)
	many     func(context.Context, []K) (map[K]*T, error) // nil: no batch lookup
	// detach, given shallow copies of cached values, replaces what they
	// share with the cache by copies; nil if T has nothing a caller could
	// change in place.
	detach func([]T)
}

func newTable[K comparable, T any](sp tableSpec[K, T]) *table[K, T] {
	t := &table[K, T]{
		name: sp.name, reason: sp.reason, stats: stats.NewCounter(), negative: sp.negative,
		one: sp.one, many: sp.many, detach: sp.detach,
	}
	t.c = otter.Must(&otter.Options[K, *T]{
		MaximumSize:      sp.size,
		ExpiryCalculator: expiry[K](sp.opts, func(v *T) bool { return v == nil }),
		StatsRecorder:    t.stats,
		Clock:            sp.clock,
	})
	t.loader = otter.LoaderFunc[K, *T](t.load)
	t.bulk = otter.BulkLoaderFunc[K, *T](t.loadMany)
	return t
}

// load is the single-key loader. A "not found" becomes a negative entry, or,
// with negative caching off, an error that is not cached.
func (t *table[K, T]) load(ctx context.Context, k K) (*T, error) {
	v, err := t.one(ctx, k)
	if err != nil {
		if t.negative && domain.IsKind(err, domain.KindNotFound) {
			return nil, nil
		}
		return nil, err
	}
	if v == nil && !t.negative {
		return nil, otter.ErrNotFound
	}
	return v, nil
}

// loadMany is the batch loader: one inner call for the keys otter found
// neither cached nor being loaded. Keys the inner store omits become negative
// entries, or, with negative caching off, are left out (otter then caches nothing).
func (t *table[K, T]) loadMany(ctx context.Context, keys []K) (map[K]*T, error) {
	got, err := t.many(ctx, keys)
	if err != nil {
		return nil, err
	}
	if !t.negative {
		return got, nil
	}
	if got == nil {
		got = make(map[K]*T, len(keys))
	}
	for _, k := range keys {
		if _, ok := got[k]; !ok {
			got[k] = nil
		}
	}
	return got, nil
}

func (t *table[K, T]) get(ctx context.Context, k K) (*T, error) {
	v, err := t.c.Get(ctx, k, t.loader)
	if err != nil {
		if errors.Is(err, otter.ErrNotFound) {
			// Negative caching is off and a batch load this Get joined left k out.
			return nil, notFound(t.name, k, t.reason)
		}
		return nil, err
	}
	if v == nil {
		return nil, notFound(t.name, k, t.reason)
	}
	c := []T{*v}
	if t.detach != nil {
		t.detach(c)
	}
	return &c[0], nil
}

func (t *table[K, T]) getMany(ctx context.Context, keys []K) (map[K]*T, error) {
	if len(keys) == 0 {
		return map[K]*T{}, nil
	}
	// BulkGet returns a fresh map that is ours: it becomes the result, its
	// values replaced by copies (one allocation for all of them) and its
	// negative entries removed.
	m, err := t.c.BulkGet(ctx, keys, t.bulk)
	if err != nil {
		return nil, err
	}
	slab := make([]T, len(m))
	i := 0
	for k, v := range m {
		if v == nil {
			delete(m, k)
			continue
		}
		slab[i] = *v
		m[k] = &slab[i]
		i++
	}
	if t.detach != nil {
		t.detach(slab[:i])
	}
	return m, nil
}

func (t *table[K, T]) invalidate(k K) { t.c.Invalidate(k) }

// detachStatuses gives copies of statuses their own Geo (one allocation for
// all of them) and clips PicIDs, so that appending to them reallocates.
func detachStatuses(ss []domain.Status) {
	n := 0
	for i := range ss {
		ss[i].PicIDs = slices.Clip(ss[i].PicIDs)
		if ss[i].Geo != nil {
			n++
		}
	}
	if n == 0 {
		return
	}
	geos := make([]domain.Geo, 0, n)
	for i := range ss {
		if g := ss[i].Geo; g != nil {
			geos = append(geos, *g)
			ss[i].Geo = &geos[len(geos)-1]
		}
	}
}

func copyToken(src *domain.Token) *domain.Token {
	t := *src
	t.Scopes = slices.Clip(t.Scopes)
	return &t
}
