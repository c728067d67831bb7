package memory

import (
	"context"
	"fmt"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/feed/feedtest"
)

var ctx = context.Background()

// seq returns the ids hi, hi-step, ... down to lo, newest first.
func seq(hi, lo, step int64) []int64 {
	var ids []int64
	for id := hi; id >= lo; id -= step {
		ids = append(ids, id)
	}
	return ids
}

func fill(t *testing.T, f *Feed, uid int64, ids []int64, complete bool) {
	t.Helper()
	total := len(ids)
	if !complete {
		total = 1 << 20
	}
	if err := f.Fill(ctx, uid, ids, total); err != nil {
		t.Fatal(err)
	}
}

// TestConformance runs the domain.Feed suite that every engine passes.
func TestConformance(t *testing.T) {
	feedtest.Run(t, func(t *testing.T, limit int) domain.Feed { return New(Options{Cap: limit}) }, feedtest.Load{Rounds: 2000, Users: 20})
}

// TestPushCapacityStaysWithinCap: a window's backing array never grows
// past the cap, however many pushes it takes.
func TestPushCapacityStaysWithinCap(t *testing.T) {
	const limit = 50
	f := New(Options{Cap: limit})
	fill(t, f, 1, nil, true)
	for id := int64(1); id <= 2*limit; id++ {
		if err := f.Push(ctx, []int64{1}, id); err != nil {
			t.Fatal(err)
		}
	}
	e, _ := f.windows.GetEntryQuietly(1)
	if c := cap(e.Value.ids); c > limit {
		t.Errorf("window capacity %d exceeds cap %d", c, limit)
	}
}

func TestWindowsAreBounded(t *testing.T) {
	const maxUsers = 100
	f := New(Options{Cap: 10, MaxUsers: maxUsers})
	for uid := int64(1); uid <= 20*maxUsers; uid++ {
		fill(t, f, uid, []int64{3, 2, 1}, true)
		_, _, _ = f.Range(ctx, uid, domain.Page{Count: 1})
	}
	f.windows.CleanUp()
	if n := f.Len(); n > maxUsers {
		t.Fatalf("%d windows held, want at most %d", n, maxUsers)
	}
}

func TestRangeAllocatesOnlyTheResult(t *testing.T) {
	f := New(Options{})
	fill(t, f, 1, seq(8000, 10, 10), false)
	p := domain.Page{Count: 20, Page: 2, MaxID: 7000, SinceID: 100}
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok, _ := f.Range(ctx, 1, p); !ok {
			t.Fatal("not ok")
		}
	})
	if allocs > 1 {
		t.Fatalf("Range allocates %v times per call, want 1 (the result)", allocs)
	}
}

// BenchmarkRangeWarm is the warm home timeline: a page of 20 from a full
// 800-id window.
func BenchmarkRangeWarm(b *testing.B) {
	f := New(Options{})
	_ = f.Fill(ctx, 1, seq(800*1000, 1000, 1000), 1<<20)
	pages := []domain.Page{
		{Count: 20},
		{Count: 20, Page: 5},
		{Count: 20, MaxID: 400_000},
		{Count: 20, SinceID: 790_000},
	}
	for _, p := range pages {
		b.Run(fmt.Sprintf("since=%d,max=%d,page=%d", p.SinceID, p.MaxID, p.Page), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok, _ := f.Range(ctx, 1, p); !ok {
					b.Fatal("not ok")
				}
			}
		})
	}
	b.Run("parallel,10k users", func(b *testing.B) {
		f := New(Options{})
		const users = 10_000
		for uid := int64(1); uid <= users; uid++ {
			_ = f.Fill(ctx, uid, seq(800*1000, 1000, 1000), 1<<20)
		}
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			uid := int64(1)
			for pb.Next() {
				if _, ok, _ := f.Range(ctx, uid, domain.Page{Count: 20}); !ok {
					b.Error("not ok")
					return
				}
				uid = uid%users + 1
			}
		})
	})
}

// BenchmarkPush is fan-out: one new status into 100 full 800-id windows.
func BenchmarkPush(b *testing.B) {
	f := New(Options{})
	uids := make([]int64, 100)
	for i := range uids {
		uids[i] = int64(i + 1)
		_ = f.Fill(ctx, uids[i], seq(800*1000, 1000, 1000), 1<<20)
	}
	id := int64(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		id++
		_ = f.Push(ctx, uids, id)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(uids)), "ns/window")
}
