package cachedstore

import (
	"context"

	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"

	"github.com/weibo-server/weibo/internal/domain"
)

// relKey is the relationship of viewer to other. It depends on the two follow
// edges viewer→other and other→viewer, so Follow(a, b) and Unfollow(a, b)
// invalidate (a, b) and (b, a).
type relKey struct{ viewer, other int64 }

// relEntry is a cached answer; ok is false when the inner store left the id
// out of its result (a negative entry).
type relEntry struct {
	rel domain.Relationship
	ok  bool
}

func (s *Store) initRelationships(clock otter.Clock, negative bool) {
	s.relsStats = stats.NewCounter()
	s.rels = otter.Must(&otter.Options[relKey, relEntry]{
		MaximumSize:      s.opts.MaxRelationships,
		ExpiryCalculator: expiry[relKey](s.opts, func(e relEntry) bool { return !e.ok }),
		StatsRecorder:    s.relsStats,
		Clock:            clock,
	})
	s.relsLoader = otter.BulkLoaderFunc[relKey, relEntry](func(ctx context.Context, keys []relKey) (map[relKey]relEntry, error) {
		return s.loadRelationships(ctx, keys, negative)
	})
}

// Relationships answers the cached (viewer, id) pairs from the cache and the
// others with one inner Relationships call.
func (s *Store) Relationships(ctx context.Context, viewer int64, ids []int64) (map[int64]domain.Relationship, error) {
	if len(ids) == 0 {
		return map[int64]domain.Relationship{}, nil
	}
	keys := make([]relKey, len(ids))
	for i, id := range ids {
		keys[i] = relKey{viewer, id}
	}
	got, err := s.rels.BulkGet(ctx, keys, s.relsLoader)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]domain.Relationship, len(got))
	for k, e := range got {
		if e.ok {
			out[k.other] = e.rel
		}
	}
	return out, nil
}

// loadRelationships fetches the pairs otter needs, with one inner call per
// viewer (there is one viewer per Relationships call, so one inner call).
func (s *Store) loadRelationships(ctx context.Context, keys []relKey, negative bool) (map[relKey]relEntry, error) {
	out := make(map[relKey]relEntry, len(keys))
	for len(keys) > 0 {
		viewer := keys[0].viewer
		var ids []int64
		rest := keys[:0:0]
		for _, k := range keys {
			if k.viewer == viewer {
				ids = append(ids, k.other)
			} else {
				rest = append(rest, k)
			}
		}
		got, err := s.inner.Relationships(ctx, viewer, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if r, ok := got[id]; ok {
				out[relKey{viewer, id}] = relEntry{rel: r, ok: true}
			} else if negative {
				out[relKey{viewer, id}] = relEntry{}
			}
		}
		keys = rest
	}
	return out, nil
}
