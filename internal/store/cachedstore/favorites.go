package cachedstore

import (
	"context"
	"slices"
	"time"

	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"
)

// Per-viewer id sets: every status object carries "favorited" for its
// viewer, and a home page drops the statuses its viewer hid
// (statuses/filter/create), so a page asks "which of these ids are in the
// viewer's set" for each of its statuses. Caching (viewer, status) pairs
// would miss on every new status in a home window; instead each viewer's
// whole set is cached, so any status is answered from memory once the set
// is loaded (one query per viewer per TTL). A set is a sorted slice (8
// bytes an id); each cache is bounded by the ids it holds in all.

// maxIDSet is the most ids one viewer's set holds. A viewer with more keeps
// the newest in the set and asks the inner store about the ids not in it.
const maxIDSet = 10_000

// idSet is a viewer's ids, sorted; partial is true when the viewer has more
// than the set holds.
type idSet struct {
	ids     []int64
	partial bool
}

// idSets caches one kind of per-viewer set.
type idSets struct {
	c      *otter.Cache[int64, *idSet]
	stats  *stats.Counter
	loader otter.Loader[int64, *idSet]
	among  func(ctx context.Context, uid int64, ids []int64) (map[int64]bool, error)
}

func newIDSets(o Options, clock otter.Clock, maxIDs int,
	list func(ctx context.Context, uid int64, limit int) ([]int64, error),
	among func(ctx context.Context, uid int64, ids []int64) (map[int64]bool, error)) *idSets {
	st := stats.NewCounter()
	return &idSets{
		stats: st,
		among: among,
		c: otter.Must(&otter.Options[int64, *idSet]{
			MaximumWeight:    uint64(maxIDs),
			Weigher:          func(_ int64, v *idSet) uint32 { return uint32(len(v.ids) + 1) },
			ExpiryCalculator: otter.ExpiryWritingFunc(func(otter.Entry[int64, *idSet]) time.Duration { return o.TTL }),
			StatsRecorder:    st,
			Clock:            clock,
		}),
		loader: otter.LoaderFunc[int64, *idSet](func(ctx context.Context, uid int64) (*idSet, error) {
			ids, err := list(ctx, uid, maxIDSet+1)
			if err != nil {
				return nil, err
			}
			set := &idSet{ids: ids, partial: len(ids) > maxIDSet}
			if set.partial {
				set.ids = set.ids[:maxIDSet]
			}
			slices.Sort(set.ids)
			return set, nil
		}),
	}
}

// get answers from uid's cached set; only the ids a partial set does not
// hold go to the inner store. A nil map means none.
func (x *idSets) get(ctx context.Context, uid int64, ids []int64) (map[int64]bool, error) {
	if uid == 0 || len(ids) == 0 {
		return nil, nil
	}
	set, err := x.c.Get(ctx, uid, x.loader)
	if err != nil {
		return nil, err
	}
	if len(set.ids) == 0 && !set.partial {
		return nil, nil // most viewers' pages: nothing to allocate
	}
	out := map[int64]bool{}
	var rest []int64
	for _, id := range ids {
		if _, ok := slices.BinarySearch(set.ids, id); ok {
			out[id] = true
		} else if set.partial {
			rest = append(rest, id)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	more, err := x.among(ctx, uid, rest)
	if err != nil {
		return nil, err
	}
	for id, f := range more {
		if f {
			out[id] = true
		}
	}
	return out, nil
}

// FavoritedAmong answers from the viewer's cached favourite set.
func (s *Store) FavoritedAmong(ctx context.Context, userID int64, statusIDs []int64) (map[int64]bool, error) {
	return s.favs.get(ctx, userID, statusIDs)
}

// HomeFilteredAmong answers from the viewer's cached set of hidden statuses.
func (s *Store) HomeFilteredAmong(ctx context.Context, userID int64, statusIDs []int64) (map[int64]bool, error) {
	return s.filters.get(ctx, userID, statusIDs)
}
