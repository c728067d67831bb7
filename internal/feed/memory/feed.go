// Package memory implements domain.Feed in process: each active user's home
// window is a sorted slice of status ids behind its own lock, and the set of
// windows is a bounded otter cache, so memory stays under
// MaxUsers × Cap × 8 bytes however many users read. It is the feed of the
// embedded mode; a multi-node deployment uses the Redis feed instead, since
// these windows are not shared between nodes.
package memory

import (
	"context"
	"slices"
	"sync"

	"github.com/maypok86/otter/v2"

	"github.com/weibo-server/weibo/internal/domain"
)

// Options configure a Feed. Zero values take the defaults.
type Options struct {
	// Cap is the most ids a window holds; default 800. Pages past it fall
	// through to the store.
	Cap int
	// MaxUsers is the most windows kept; default 10 000 (at most ~64 MB of
	// ids with the default Cap). Rarely read windows are evicted first and
	// rebuilt from the store on their next read.
	MaxUsers int
}

// Feed is a domain.Feed held in memory.
type Feed struct {
	cap     int
	windows *otter.Cache[int64, *window]
}

var _ domain.Feed = (*Feed)(nil)

// window is one user's home window. ids are strictly decreasing (newest
// first) and are always the newest run of the user's home timeline: nothing
// newer than ids[len-1] is missing. complete says nothing older exists either.
type window struct {
	mu       sync.RWMutex
	ids      []int64
	complete bool
	total    int   // domain.WindowSize.Total
	filledAt int64 // domain.WindowSize.FilledAt
	// counted are recent ids newer than filledAt that total counts but ids
	// does not hold (pushed below an incomplete window, or pushed out of a
	// full one), newest last. A push is delivered at least once: the queue
	// redelivers after a failure or a slow ack, and fan-out re-pushes the
	// author's own status. Without this, a repeat of an id the window no
	// longer holds would count it twice. Bounded: a repeat arriving after
	// countedCap newer such ids is counted again, which total tolerates
	// (the next Fill makes it exact).
	counted []int64
}

// countedCap bounds window.counted: 512 bytes a window, and far more than
// the pushes a redelivery can lag behind by.
const countedCap = 64

// wasCounted reports whether id is among the ids counted but not held.
func (w *window) wasCounted(id int64) bool {
	return slices.Contains(w.counted, id)
}

// countOut records that id is counted by total but not held.
func (w *window) countOut(id int64) {
	if id <= w.filledAt {
		return // counted by Fill's total; a repeat is ignored by that rule
	}
	if len(w.counted) == countedCap {
		copy(w.counted, w.counted[1:])
		w.counted = w.counted[:countedCap-1]
	}
	w.counted = append(w.counted, id)
}

// New returns an empty Feed.
func New(opts Options) *Feed {
	if opts.Cap <= 0 {
		opts.Cap = 800
	}
	if opts.MaxUsers <= 0 {
		opts.MaxUsers = 10_000
	}
	return &Feed{
		cap: opts.Cap,
		windows: otter.Must(&otter.Options[int64, *window]{
			MaximumSize: opts.MaxUsers,
		}),
	}
}

// Len reports how many windows are held (an estimate, for metrics).
func (f *Feed) Len() int { return f.windows.EstimatedSize() }

// Range answers p from userID's window. It allocates only the returned slice,
// which the caller owns.
func (f *Feed) Range(_ context.Context, userID int64, p domain.Page) ([]int64, bool, error) {
	// A read is what marks a window as worth keeping (see Push).
	w, ok := f.windows.GetIfPresent(userID)
	if !ok {
		return nil, false, nil
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	ids, ok := w.page(p)
	return ids, ok, nil
}

func (w *window) page(p domain.Page) ([]int64, bool) {
	ids := w.ids
	start, end := 0, len(ids)
	if p.MaxID != 0 {
		start = firstAtOrBelow(ids, p.MaxID)
	}
	if p.SinceID != 0 {
		end = max(start, firstAtOrBelow(ids, p.SinceID))
	}
	avail := end - start
	off, count := p.Offset(), p.Count
	if count <= 0 {
		return nil, true
	}
	if off < 0 { // Offset overflowed: as far past the window as it gets
		off = avail + 1
	}
	full := off <= avail && count <= avail-off
	// An incomplete window can still answer a short page when since_id lies
	// inside it: every id above since_id is then in the window. This is the
	// polling refresh (since_id = newest seen), the commonest short page.
	sinceInside := p.SinceID != 0 && len(ids) > 0 && p.SinceID >= ids[len(ids)-1]
	if !full && !w.complete && !sinceInside {
		return nil, false
	}
	if off >= avail {
		return nil, true
	}
	out := make([]int64, min(count, avail-off))
	copy(out, ids[start+off:])
	return out, true
}

// firstAtOrBelow returns the index of the first id <= x in ids, which are
// strictly decreasing, or len(ids). Hand-rolled to keep Range free of
// closures and allocations.
func firstAtOrBelow(ids []int64, x int64) int {
	lo, hi := 0, len(ids)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ids[m] > x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Fill replaces userID's window. ids need not be sorted or unique (they are
// fixed up defensively); beyond Cap only the newest are kept and the window
// is then incomplete.
func (f *Feed) Fill(_ context.Context, userID int64, ids []int64, total int) error {
	w := &window{ids: normalize(ids), complete: total <= len(ids)}
	w.total = len(w.ids)
	if !w.complete {
		w.total = total
	}
	if len(w.ids) > 0 {
		w.filledAt = w.ids[0]
	}
	if len(w.ids) > f.cap {
		w.ids = slices.Clip(w.ids[:f.cap])
		w.complete = false
	}
	f.windows.Set(userID, w)
	return nil
}

// normalize returns a copy of ids, strictly decreasing.
func normalize(ids []int64) []int64 {
	out := slices.Clone(ids)
	for i := 1; i < len(out); i++ {
		if out[i] >= out[i-1] {
			slices.SortFunc(out, func(a, b int64) int { return cmpDesc(a, b) })
			return slices.Compact(out)
		}
	}
	return out
}

func cmpDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// Push inserts statusID into the windows of those of userIDs that have one.
// Users without a window are skipped: their window is built from the store,
// which already holds the status, on their next read.
func (f *Feed) Push(_ context.Context, userIDs []int64, statusID int64) error {
	for _, uid := range userIDs {
		// Quietly: a fan-out is not a read, and must not keep the windows of
		// users who never come back from being evicted.
		e, ok := f.windows.GetEntryQuietly(uid)
		if !ok {
			continue
		}
		w := e.Value
		w.mu.Lock()
		w.insert(statusID, f.cap)
		w.mu.Unlock()
	}
	return nil
}

// insert adds id in order, keeping at most limit ids.
func (w *window) insert(id int64, limit int) {
	ids := w.ids
	i := firstAtOrBelow(ids, id)
	if i < len(ids) && ids[i] == id {
		return
	}
	if i == len(ids) && !w.complete {
		// Older than everything in an incomplete window: the ids between it
		// and the window are in the store only, so adding it would leave a gap.
		// Still, it is in the list: one newer than what Fill was given was
		// not in the total Fill was told (fan-out runs out of order), unless
		// this is a repeat of a push already counted.
		if id > w.filledAt && !w.wasCounted(id) {
			w.total++
			w.countOut(id)
		}
		return
	}
	if len(ids) >= limit {
		// Full: the oldest id falls out, and with it the claim to be complete.
		w.complete = false
		if i == len(ids) {
			if !w.wasCounted(id) {
				w.total++
				w.countOut(id)
			}
			return
		}
		w.total++
		w.countOut(ids[len(ids)-1])
		copy(ids[i+1:], ids[i:len(ids)-1])
		ids[i] = id
		return
	}
	w.total++
	if len(ids) == cap(ids) {
		// Grow ourselves rather than by append, so capacity never passes limit.
		grown := make([]int64, len(ids), min(max(2*len(ids), 16), limit))
		copy(grown, ids)
		ids = grown
	}
	ids = ids[:len(ids)+1]
	copy(ids[i+1:], ids[i:])
	ids[i] = id
	w.ids = ids
}

// Remove deletes statusID from the windows of userIDs that have one.
func (f *Feed) Remove(_ context.Context, userIDs []int64, statusID int64) error {
	for _, uid := range userIDs {
		e, ok := f.windows.GetEntryQuietly(uid)
		if !ok {
			continue
		}
		w := e.Value
		w.mu.Lock()
		if i := firstAtOrBelow(w.ids, statusID); i < len(w.ids) && w.ids[i] == statusID {
			w.ids = slices.Delete(w.ids, i, i+1)
			w.total--
		} else if j := slices.Index(w.counted, statusID); j >= 0 {
			w.counted = slices.Delete(w.counted, j, j+1)
			w.total--
		}
		w.mu.Unlock()
	}
	return nil
}

// Size describes userID's window. Like Range, it counts as a read of it.
func (f *Feed) Size(_ context.Context, userID int64) (domain.WindowSize, bool, error) {
	w, ok := f.windows.GetIfPresent(userID)
	if !ok {
		return domain.WindowSize{}, false, nil
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	return domain.WindowSize{Held: len(w.ids), Complete: w.complete, Total: w.total, FilledAt: w.filledAt}, true, nil
}

// Drop forgets userID's window; the next read rebuilds it from the store.
func (f *Feed) Drop(_ context.Context, userID int64) error {
	f.windows.Invalidate(userID)
	return nil
}
