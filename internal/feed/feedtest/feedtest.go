// Package feedtest is the conformance suite of domain.Feed: every engine
// (feed/memory, feed/redis) runs it, so that a deployment moving from the
// embedded feed to Redis keeps the same windows, pages and totals. It talks
// to the port only.
package feedtest

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

// New returns an empty feed whose windows hold at most limit ids (0: the
// engine's default), private to the test.
type New func(t *testing.T, limit int) domain.Feed

var ctx = context.Background()

// Load sizes the concurrency test: rounds per goroutine and windows
// hammered. An engine behind a network, or interpreted scripts (miniredis),
// runs less than an in-process one; at least 141 rounds reach every kind of
// call.
type Load struct{ Rounds, Users int }

// Run runs the suite.
func Run(t *testing.T, newFeed New, load Load) {
	t.Run("Range", func(t *testing.T) { testRange(t, newFeed) })
	t.Run("RangeWithoutWindow", func(t *testing.T) { testRangeWithoutWindow(t, newFeed) })
	t.Run("RangeReturnsACopy", func(t *testing.T) { testRangeReturnsACopy(t, newFeed) })
	t.Run("Fill", func(t *testing.T) { testFill(t, newFeed) })
	t.Run("FillDoesNotAliasArgument", func(t *testing.T) { testFillDoesNotAlias(t, newFeed) })
	t.Run("Push", func(t *testing.T) { testPush(t, newFeed) })
	t.Run("PushGrowsUpToCap", func(t *testing.T) { testPushGrowsUpToCap(t, newFeed) })
	t.Run("RemoveAndDrop", func(t *testing.T) { testRemoveAndDrop(t, newFeed) })
	t.Run("Size", func(t *testing.T) { testSize(t, newFeed) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, newFeed, load) })
}

// Seq returns the ids hi, hi-step, ... down to lo, newest first.
func Seq(hi, lo, step int64) []int64 {
	var ids []int64
	for id := hi; id >= lo; id -= step {
		ids = append(ids, id)
	}
	return ids
}

func fill(t *testing.T, f domain.Feed, uid int64, ids []int64, complete bool) {
	t.Helper()
	total := len(ids)
	if !complete {
		total = 1 << 20
	}
	if err := f.Fill(ctx, uid, ids, total); err != nil {
		t.Fatal(err)
	}
}

// windowOf is what uid's window holds, read through the port.
func windowOf(t *testing.T, f domain.Feed, uid int64) (ids []int64, complete, ok bool) {
	t.Helper()
	sz, ok, err := f.Size(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return nil, false, false
	}
	if sz.Held == 0 {
		return nil, sz.Complete, true
	}
	ids, ok, err = f.Range(ctx, uid, domain.Page{Count: sz.Held})
	if err != nil || !ok {
		t.Fatalf("Range of the whole window: ok=%v err=%v", ok, err)
	}
	if len(ids) != sz.Held {
		t.Fatalf("Range of the whole window gave %d ids, Size says %d", len(ids), sz.Held)
	}
	return ids, sz.Complete, true
}

func testRange(t *testing.T, newFeed New) {
	ten := Seq(100, 10, 10) // 100, 90, ..., 10
	tests := []struct {
		name     string
		ids      []int64
		complete bool
		page     domain.Page
		want     []int64
		ok       bool
	}{
		{"first page", ten, false, domain.Page{Count: 3}, []int64{100, 90, 80}, true},
		{"page 2", ten, false, domain.Page{Count: 3, Page: 2}, []int64{70, 60, 50}, true},
		{"exactly the whole window", ten, false, domain.Page{Count: 5, Page: 2}, []int64{50, 40, 30, 20, 10}, true},
		{"page reaches past incomplete window", ten, false, domain.Page{Count: 4, Page: 3}, nil, false},
		{"page reaches past complete window", ten, true, domain.Page{Count: 4, Page: 3}, []int64{20, 10}, true},
		{"page beyond complete window", ten, true, domain.Page{Count: 5, Page: 3}, nil, true},
		{"page beyond incomplete window", ten, false, domain.Page{Count: 5, Page: 3}, nil, false},
		{"max_id inclusive", ten, false, domain.Page{MaxID: 70, Count: 2}, []int64{70, 60}, true},
		{"max_id between ids", ten, false, domain.Page{MaxID: 75, Count: 2}, []int64{70, 60}, true},
		{"max_id above newest", ten, false, domain.Page{MaxID: 1000, Count: 2}, []int64{100, 90}, true},
		{"max_id with page", ten, false, domain.Page{MaxID: 70, Count: 2, Page: 2}, []int64{50, 40}, true},
		{"max_id near the end, incomplete", ten, false, domain.Page{MaxID: 30, Count: 5}, nil, false},
		{"max_id near the end, complete", ten, true, domain.Page{MaxID: 30, Count: 5}, []int64{30, 20, 10}, true},
		{"max_id below oldest, incomplete", ten, false, domain.Page{MaxID: 5, Count: 5}, nil, false},
		{"max_id below oldest, complete", ten, true, domain.Page{MaxID: 5, Count: 5}, nil, true},
		{"since_id exclusive", ten, false, domain.Page{SinceID: 70, Count: 20}, []int64{100, 90, 80}, true},
		{"since_id between ids", ten, false, domain.Page{SinceID: 75, Count: 20}, []int64{100, 90, 80}, true},
		{"since_id at newest", ten, false, domain.Page{SinceID: 100, Count: 20}, nil, true},
		{"since_id above newest", ten, false, domain.Page{SinceID: 500, Count: 20}, nil, true},
		{"since_id at oldest: window covers it", ten, false, domain.Page{SinceID: 10, Count: 20}, Seq(100, 20, 10), true},
		{"since_id below oldest, incomplete", ten, false, domain.Page{SinceID: 5, Count: 20}, nil, false},
		{"since_id below oldest, enough items", ten, false, domain.Page{SinceID: 5, Count: 3}, []int64{100, 90, 80}, true},
		{"since_id below oldest, complete", ten, true, domain.Page{SinceID: 5, Count: 20}, ten, true},
		{"since_id and max_id", ten, false, domain.Page{SinceID: 30, MaxID: 80, Count: 20}, []int64{80, 70, 60, 50, 40}, true},
		{"since_id and max_id, page 2", ten, false, domain.Page{SinceID: 30, MaxID: 80, Count: 2, Page: 2}, []int64{60, 50}, true},
		{"since_id and max_id, page past bounds", ten, false, domain.Page{SinceID: 30, MaxID: 80, Count: 2, Page: 4}, nil, true},
		{"since_id above max_id", ten, false, domain.Page{SinceID: 80, MaxID: 50, Count: 5}, nil, true},
		{"page 0 is page 1", ten, false, domain.Page{Count: 2, Page: 0}, []int64{100, 90}, true},
		{"count 0", ten, false, domain.Page{Count: 0}, nil, true},
		{"offset overflow", ten, false, domain.Page{Count: 2, Page: math.MaxInt}, nil, false},
		{"empty complete window", nil, true, domain.Page{Count: 20}, nil, true},
		{"empty incomplete window", nil, false, domain.Page{Count: 20}, nil, false},
		{"empty incomplete window, since_id", nil, false, domain.Page{SinceID: 5, Count: 20}, nil, false},
		// Ids as large as they get (below 2^53): no engine may round them.
		{"ids near 2^53", []int64{1<<53 - 1, 1<<53 - 2, 1<<53 - 3}, true, domain.Page{MaxID: 1<<53 - 2, Count: 5}, []int64{1<<53 - 2, 1<<53 - 3}, true},
	}
	f := newFeed(t, 0)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uid := int64(i + 1)
			fill(t, f, uid, tt.ids, tt.complete)
			got, ok, err := f.Range(ctx, uid, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.ok || !slices.Equal(got, tt.want) {
				t.Errorf("Range(%+v) = %v, %v; want %v, %v", tt.page, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func testRangeWithoutWindow(t *testing.T, newFeed New) {
	f := newFeed(t, 0)
	if ids, ok, err := f.Range(ctx, 1, domain.Page{Count: 20}); ok || ids != nil || err != nil {
		t.Fatalf("Range = %v, %v, %v; want nil, false, nil", ids, ok, err)
	}
	if _, ok, err := f.Size(ctx, 1); ok || err != nil {
		t.Fatalf("Size without a window: ok=%v err=%v", ok, err)
	}
}

func testRangeReturnsACopy(t *testing.T, newFeed New) {
	f := newFeed(t, 0)
	fill(t, f, 1, Seq(50, 10, 10), true)
	got, _, _ := f.Range(ctx, 1, domain.Page{Count: 2})
	got[0] = -1
	_ = append(got[:1], -2) // must not write into the window either
	again, _, _ := f.Range(ctx, 1, domain.Page{Count: 5})
	if want := Seq(50, 10, 10); !slices.Equal(again, want) {
		t.Fatalf("window changed through a returned slice: %v, want %v", again, want)
	}
}

func testFill(t *testing.T, newFeed New) {
	tests := []struct {
		name         string
		cap          int
		in           []int64
		complete     bool
		want         []int64
		wantComplete bool
	}{
		{"sorted", 5, []int64{5, 4, 3}, true, []int64{5, 4, 3}, true},
		{"unsorted with duplicates", 5, []int64{3, 5, 4, 5, 3}, true, []int64{5, 4, 3}, true},
		{"exactly cap stays complete", 3, []int64{3, 2, 1}, true, []int64{3, 2, 1}, true},
		{"over cap keeps newest, incomplete", 3, []int64{1, 2, 3, 4, 5}, true, []int64{5, 4, 3}, false},
		{"incomplete stays incomplete", 5, []int64{2, 1}, false, []int64{2, 1}, false},
		{"empty", 5, nil, true, nil, true},
		{"refill replaces", 5, []int64{9}, true, []int64{9}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFeed(t, tt.cap)
			if tt.name == "refill replaces" {
				fill(t, f, 1, []int64{7, 6, 5}, false)
			}
			in := slices.Clone(tt.in)
			fill(t, f, 1, in, tt.complete)
			if !slices.Equal(in, tt.in) {
				t.Errorf("Fill modified its argument: %v", in)
			}
			got, complete, _ := windowOf(t, f, 1)
			if !slices.Equal(got, tt.want) || complete != tt.wantComplete {
				t.Errorf("window = %v complete=%v; want %v complete=%v", got, complete, tt.want, tt.wantComplete)
			}
		})
	}
}

func testFillDoesNotAlias(t *testing.T, newFeed New) {
	f := newFeed(t, 0)
	in := []int64{3, 2, 1}
	fill(t, f, 1, in, true)
	in[0] = 99
	if got, _, _ := windowOf(t, f, 1); got[0] != 3 {
		t.Fatalf("window aliases Fill's argument: %v", got)
	}
}

func testPush(t *testing.T, newFeed New) {
	tests := []struct {
		name         string
		cap          int
		ids          []int64
		complete     bool
		push         int64
		want         []int64
		wantComplete bool
	}{
		{"newest", 5, []int64{30, 20, 10}, true, 40, []int64{40, 30, 20, 10}, true},
		{"middle", 5, []int64{30, 20, 10}, true, 25, []int64{30, 25, 20, 10}, true},
		{"duplicate", 5, []int64{30, 20, 10}, true, 20, []int64{30, 20, 10}, true},
		{"oldest into complete window", 5, []int64{30, 20, 10}, true, 5, []int64{30, 20, 10, 5}, true},
		{"oldest into incomplete window is the store's", 5, []int64{30, 20, 10}, false, 5, []int64{30, 20, 10}, false},
		{"newest into full window trims", 3, []int64{30, 20, 10}, true, 40, []int64{40, 30, 20}, false},
		{"middle into full window trims", 3, []int64{30, 20, 10}, true, 25, []int64{30, 25, 20}, false},
		{"oldest into full complete window", 3, []int64{30, 20, 10}, true, 5, []int64{30, 20, 10}, false},
		{"into empty complete window", 3, nil, true, 5, []int64{5}, true},
		{"into empty incomplete window", 3, nil, false, 5, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFeed(t, tt.cap)
			fill(t, f, 1, tt.ids, tt.complete)
			if err := f.Push(ctx, []int64{1, 2}, tt.push); err != nil {
				t.Fatal(err)
			}
			got, complete, _ := windowOf(t, f, 1)
			if !slices.Equal(got, tt.want) || complete != tt.wantComplete {
				t.Errorf("window = %v complete=%v; want %v complete=%v", got, complete, tt.want, tt.wantComplete)
			}
			if _, _, ok := windowOf(t, f, 2); ok {
				t.Error("Push created a window for a user without one")
			}
		})
	}
	t.Run("no users", func(t *testing.T) {
		if err := newFeed(t, 0).Push(ctx, nil, 1); err != nil {
			t.Fatal(err)
		}
	})
}

func testPushGrowsUpToCap(t *testing.T, newFeed New) {
	const limit = 50
	f := newFeed(t, limit)
	fill(t, f, 1, nil, true)
	for id := int64(1); id <= 2*limit; id++ {
		if err := f.Push(ctx, []int64{1}, id); err != nil {
			t.Fatal(err)
		}
	}
	got, complete, _ := windowOf(t, f, 1)
	if want := Seq(2*limit, limit+1, 1); !slices.Equal(got, want) || complete {
		t.Fatalf("window = %v complete=%v; want %v complete=false", got, complete, want)
	}
}

func testRemoveAndDrop(t *testing.T, newFeed New) {
	f := newFeed(t, 0)
	fill(t, f, 1, []int64{30, 20, 10}, false)
	fill(t, f, 2, []int64{20}, true)
	if err := f.Remove(ctx, []int64{1, 2, 3}, 20); err != nil {
		t.Fatal(err)
	}
	if err := f.Remove(ctx, []int64{1}, 25); err != nil { // absent: no-op
		t.Fatal(err)
	}
	if got, complete, _ := windowOf(t, f, 1); !slices.Equal(got, []int64{30, 10}) || complete {
		t.Errorf("window 1 = %v complete=%v; want [30 10] false", got, complete)
	}
	if got, complete, _ := windowOf(t, f, 2); len(got) != 0 || !complete {
		t.Errorf("window 2 = %v complete=%v; want [] true", got, complete)
	}
	if _, _, ok := windowOf(t, f, 3); ok {
		t.Error("Remove created a window")
	}
	if err := f.Drop(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.Range(ctx, 1, domain.Page{Count: 1}); ok {
		t.Error("Range answered from a dropped window")
	}
	if err := f.Drop(ctx, 1); err != nil { // dropping twice is fine
		t.Fatal(err)
	}
}

func testSize(t *testing.T, newFeed New) {
	f := newFeed(t, 3)
	if _, ok, err := f.Size(ctx, 1); ok || err != nil {
		t.Fatalf("Size without a window: ok=%v err=%v", ok, err)
	}
	if err := f.Fill(ctx, 1, []int64{20, 30, 20}, 3); err != nil { // duplicates fixed up: complete
		t.Fatal(err)
	}
	check := func(want domain.WindowSize) {
		t.Helper()
		got, ok, err := f.Size(ctx, 1)
		if err != nil || !ok || got != want {
			t.Fatalf("Size = %+v ok=%v err=%v; want %+v", got, ok, err, want)
		}
	}
	check(domain.WindowSize{Held: 2, Complete: true, Total: 2, FilledAt: 30})
	push := func(id int64) {
		t.Helper()
		if err := f.Push(ctx, []int64{1}, id); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(id int64) {
		t.Helper()
		if err := f.Remove(ctx, []int64{1}, id); err != nil {
			t.Fatal(err)
		}
	}
	push(40)
	push(40) // again: nothing new
	check(domain.WindowSize{Held: 3, Complete: true, Total: 3, FilledAt: 30})
	remove(30)
	remove(35) // not held: nothing
	check(domain.WindowSize{Held: 2, Complete: true, Total: 2, FilledAt: 30})
	push(50)
	push(60) // past the cap: the oldest falls out of the window, not out of the list
	check(domain.WindowSize{Held: 3, Complete: false, Total: 4, FilledAt: 30})
	push(10) // older than an incomplete window and than its fill: not held, counted at Fill
	check(domain.WindowSize{Held: 3, Complete: false, Total: 4, FilledAt: 30})
	push(35) // pushed late, out of order: not held, but newer than the fill, so counted
	check(domain.WindowSize{Held: 3, Complete: false, Total: 5, FilledAt: 30})

	// Pushes are delivered at least once: a repeat of an id the window
	// counted but no longer holds (pushed out, or pushed below it) counts
	// nothing, and deleting it takes it out of the total.
	push(40) // fell out when 60 came in
	push(35)
	check(domain.WindowSize{Held: 3, Complete: false, Total: 5, FilledAt: 30})
	push(70) // 50 falls out
	push(50)
	check(domain.WindowSize{Held: 3, Complete: false, Total: 6, FilledAt: 30})
	remove(35)
	remove(35)
	check(domain.WindowSize{Held: 3, Complete: false, Total: 5, FilledAt: 30})

	// A window filled from a longer list keeps the caller's total.
	if err := f.Fill(ctx, 1, []int64{9, 8, 7, 6}, 1000); err != nil {
		t.Fatal(err)
	}
	check(domain.WindowSize{Held: 3, Complete: false, Total: 1000, FilledAt: 9})
	push(11) // in, and 7 falls out
	remove(8)
	check(domain.WindowSize{Held: 2, Complete: false, Total: 1000, FilledAt: 9})

	// Many repeats of pushed-out ids, as a redelivery storm brings them:
	// each is counted once.
	if err := f.Fill(ctx, 2, nil, 0); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		for id := int64(100); id < 120; id++ {
			if err := f.Push(ctx, []int64{2}, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, _, _ := f.Size(ctx, 2); got.Total != 20 || got.Held != 3 {
		t.Fatalf("after 20 ids pushed twice: Size = %+v, want Total 20, Held 3", got)
	}
}

// testConcurrent hammers one feed from many goroutines (run with -race) and
// checks the window invariant (strictly decreasing, within cap) holds.
func testConcurrent(t *testing.T, newFeed New, load Load) {
	const (
		workers = 8
		limit   = 64
	)
	rounds, users := max(load.Rounds, 141), max(load.Users, 2)
	f := newFeed(t, limit)
	uids := make([]int64, users)
	for i := range uids {
		uids[i] = int64(i + 1)
		fill(t, f, uids[i], Seq(1000, 1, 7), i%2 == 0)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				uid := uids[(w+r)%users]
				id := int64(1000 + r*workers + w)
				switch r % 7 {
				case 0:
					_ = f.Push(ctx, uids, id)
				case 1:
					_ = f.Remove(ctx, uids[:users/2], id-workers)
				case 2:
					if r%70 == 2 {
						_ = f.Fill(ctx, uid, Seq(id, id-500, 3), 1<<20)
					}
				case 3:
					if r%140 == 3 {
						_ = f.Drop(ctx, uid)
					}
				default:
					ids, ok, err := f.Range(ctx, uid, domain.Page{Count: 20, Page: r%3 + 1, SinceID: int64(r % 500)})
					if err != nil {
						t.Error(err)
						return
					}
					if ok && !isStrictlyDecreasing(ids) {
						t.Errorf("Range returned unordered ids %v", ids)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for _, uid := range uids {
		if ids, _, ok := windowOf(t, f, uid); ok && (!isStrictlyDecreasing(ids) || len(ids) > limit) {
			t.Errorf("window %d broken: len %d, %v", uid, len(ids), ids)
		}
	}
}

func isStrictlyDecreasing(ids []int64) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] >= ids[i-1] {
			return false
		}
	}
	return true
}
