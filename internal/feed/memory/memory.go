// Package memory is the in-process Feed: each active user's home window is a
// sorted slice of status ids, newest first, capped, behind its own lock.
package memory

import (
	"context"
	"slices"
	"sync"

	"github.com/weibo-server/weibo/internal/domain"
)

// Options size the feed.
type Options struct {
	Cap      int // ids per window (default 800)
	MaxUsers int // windows kept (default 100 000); beyond it the map starts afresh
}

type window struct {
	mu       sync.RWMutex
	ids      []int64 // newest first
	complete bool
}

// Feed implements domain.Feed.
type Feed struct {
	opts Options
	mu   sync.RWMutex
	w    map[int64]*window
}

// New builds an empty feed.
func New(o Options) *Feed {
	if o.Cap <= 0 {
		o.Cap = 800
	}
	if o.MaxUsers <= 0 {
		o.MaxUsers = 100000
	}
	return &Feed{opts: o, w: make(map[int64]*window)}
}

func (f *Feed) get(uid int64) *window {
	f.mu.RLock()
	w := f.w[uid]
	f.mu.RUnlock()
	return w
}

// Range implements domain.Feed.
func (f *Feed) Range(_ context.Context, uid int64, p domain.Page) ([]int64, bool, error) {
	w := f.get(uid)
	if w == nil {
		return nil, false, nil
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	// ids are sorted descending: skip those above MaxID, stop at SinceID.
	start := 0
	if p.MaxID != 0 {
		// First index whose id <= MaxID: the inclusive bound.
		start, _ = slices.BinarySearchFunc(w.ids, p.MaxID, cmpDesc)
	}
	end := len(w.ids)
	if p.SinceID != 0 {
		// First index whose id <= SinceID: the exclusive bound.
		end, _ = slices.BinarySearchFunc(w.ids, p.SinceID, cmpDesc)
	}
	if end < start {
		end = start
	}
	off := p.Offset()
	avail := end - start
	// An incomplete window cannot answer a page that may reach past its oldest id.
	if !w.complete && end == len(w.ids) && avail < off+p.Count {
		return nil, false, nil
	}
	if off >= avail {
		return []int64{}, true, nil
	}
	n := min(p.Count, avail-off)
	out := make([]int64, n)
	copy(out, w.ids[start+off:start+off+n])
	return out, true, nil
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

// Fill implements domain.Feed.
func (f *Feed) Fill(_ context.Context, uid int64, ids []int64, complete bool) error {
	cp := slices.Clone(ids)
	slices.SortFunc(cp, cmpDesc)
	cp = slices.Compact(cp)
	if len(cp) > f.opts.Cap {
		cp, complete = cp[:f.opts.Cap], false
	}
	f.mu.Lock()
	if len(f.w) >= f.opts.MaxUsers {
		clear(f.w) // bounded memory: windows are rebuilt from the store on demand
	}
	f.w[uid] = &window{ids: cp, complete: complete}
	f.mu.Unlock()
	return nil
}

// Push implements domain.Feed: only existing windows get the id.
func (f *Feed) Push(_ context.Context, uids []int64, id int64) error {
	for _, uid := range uids {
		w := f.get(uid)
		if w == nil {
			continue
		}
		w.mu.Lock()
		i, found := slices.BinarySearchFunc(w.ids, id, cmpDesc)
		if !found {
			w.ids = slices.Insert(w.ids, i, id)
			if len(w.ids) > f.opts.Cap {
				w.ids = w.ids[:f.opts.Cap]
				w.complete = false
			}
		}
		w.mu.Unlock()
	}
	return nil
}

// Remove implements domain.Feed.
func (f *Feed) Remove(_ context.Context, uids []int64, id int64) error {
	for _, uid := range uids {
		w := f.get(uid)
		if w == nil {
			continue
		}
		w.mu.Lock()
		if i, found := slices.BinarySearchFunc(w.ids, id, cmpDesc); found {
			w.ids = slices.Delete(w.ids, i, i+1)
		}
		w.mu.Unlock()
	}
	return nil
}

// Drop implements domain.Feed.
func (f *Feed) Drop(_ context.Context, uid int64) error {
	f.mu.Lock()
	delete(f.w, uid)
	f.mu.Unlock()
	return nil
}
