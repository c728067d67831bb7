package core_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/testkit"
)

// homeKit is the real app (testkit: SQLite, cache, memory feed, embedded
// queue) with 100 authors of 30 statuses each, 100 others of 200 statuses
// (so the followees' statuses are a minority of the table, as in life), and
// viewers who each follow the 100 authors: ~100 followees, 20 items a page.
type homeKit struct {
	k       *testkit.Kit
	authors []int64
	viewers []int64
}

const (
	benchAuthors   = 100
	benchViewers   = 1000
	benchPerAuthor = 30
)

func newHomeKit(b *testing.B) *homeKit {
	b.Helper()
	k := testkit.Start(b)
	ctx := context.Background()
	gen, err := ids.New(7, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := &homeKit{k: k}
	now := time.Now().UTC()
	user := func(tx domain.Tx, name string) (int64, error) {
		u := &domain.User{ID: gen.Next(), ScreenName: name, CreatedAt: now, VerifiedType: -1}
		return u.ID, tx.CreateUser(ctx, u, &domain.Credentials{UserID: u.ID})
	}
	err = k.App.Store.InTx(ctx, func(tx domain.Tx) error {
		for i := 0; i < benchAuthors; i++ {
			id, err := user(tx, fmt.Sprintf("author%d", i))
			if err != nil {
				return err
			}
			h.authors = append(h.authors, id)
		}
		var others []int64
		for i := 0; i < benchAuthors; i++ {
			id, err := user(tx, fmt.Sprintf("other%d", i))
			if err != nil {
				return err
			}
			others = append(others, id)
		}
		for i := 0; i < benchViewers; i++ {
			id, err := user(tx, fmt.Sprintf("viewer%d", i))
			if err != nil {
				return err
			}
			h.viewers = append(h.viewers, id)
			for _, a := range h.authors {
				if err := tx.Follow(ctx, id, a, now, ""); err != nil {
					return err
				}
			}
			if err := tx.AddUserCounts(ctx, id, domain.UserCounts{Friends: benchAuthors}); err != nil {
				return err
			}
		}
		for _, a := range h.authors {
			if err := tx.AddUserCounts(ctx, a, domain.UserCounts{Followers: benchViewers, Statuses: benchPerAuthor}); err != nil {
				return err
			}
		}
		// Interleave everyone's statuses in time, as they are in life.
		for n := 0; n < 200; n++ {
			for i := range others {
				if n < benchPerAuthor {
					st := &domain.Status{ID: gen.Next(), UserID: h.authors[i], Text: fmt.Sprintf("作者%d的第%d条微博 #话题#", i, n), CreatedAt: now}
					if err := tx.InsertStatus(ctx, st, nil, []string{"话题"}, nil); err != nil {
						return err
					}
				}
				st := &domain.Status{ID: gen.Next(), UserID: others[i], Text: fmt.Sprintf("路人%d的第%d条微博", i, n), CreatedAt: now}
				if err := tx.InsertStatus(ctx, st, nil, nil, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func (h *homeKit) home(b *testing.B, uid int64) *core.StatusList {
	l, err := h.k.App.Core.HomeTimeline(context.Background(), domain.Viewer{UserID: uid}, domain.Page{Count: 20}, domain.TimelineFilter{})
	if err != nil {
		b.Fatal(err)
	}
	if len(l.Items) != 20 {
		b.Fatalf("home of %d has %d items", uid, len(l.Items))
	}
	return l
}

// BenchmarkHomeTimeline: a first page of 20, ~100 followees. warm: the
// window and the caches are filled (the target: no SQL, reported as sql/op);
// cold: each op is a viewer's first read (window rebuilt from SQLite, caches
// mostly warm). Use -benchtime 1000x or less for cold: past 1000 ops the
// viewers repeat and the ops are warm.
func BenchmarkHomeTimeline(b *testing.B) {
	h := newHomeKit(b)
	b.Run("warm", func(b *testing.B) {
		uid := h.viewers[0]
		h.home(b, uid)
		before := h.k.App.SQL.Queries()
		b.ReportAllocs()
		for b.Loop() {
			h.home(b, uid)
		}
		b.ReportMetric(float64(h.k.App.SQL.Queries()-before)/float64(b.N), "sql/op")
	})
	b.Run("cold", func(b *testing.B) {
		next := 1 // viewer 0 is warm
		before := h.k.App.SQL.Queries()
		b.ReportAllocs()
		for b.Loop() {
			h.home(b, h.viewers[next%len(h.viewers)])
			next++
		}
		b.ReportMetric(float64(h.k.App.SQL.Queries()-before)/float64(b.N), "sql/op")
		if next > len(h.viewers) {
			b.Logf("%d ops for %d viewers: some were warm", b.N, len(h.viewers)-1)
		}
	})
}

// BenchmarkPostStatus posts as an author with 1000 followers, fan-out
// included: the queue is drained inside the timed loop, so ns/op is the
// acknowledged post plus its share of the background push.
func BenchmarkPostStatus(b *testing.B) {
	h := newHomeKit(b)
	for _, uid := range h.viewers[:200] { // some followers have live windows to push to
		h.home(b, uid)
	}
	ctx := context.Background()
	v := domain.Viewer{UserID: h.authors[0]}
	before := h.k.App.SQL.Queries()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		if _, err := h.k.App.Core.PostStatus(ctx, v, core.PostStatusInput{Text: fmt.Sprintf("压测第%d条 #性能# @author1 好", n)}); err != nil {
			b.Fatal(err)
		}
		if n%100 == 0 {
			h.k.Drain()
		}
	}
	h.k.Drain()
	b.ReportMetric(float64(h.k.App.SQL.Queries()-before)/float64(b.N), "sql/op")
}

// BenchmarkPostStatusWithLink is BenchmarkPostStatus with a new link in
// every post: the link becomes a short link in the posting transaction
// (one new short_urls row per post, the worst case).
func BenchmarkPostStatusWithLink(b *testing.B) {
	h := newHomeKit(b)
	for _, uid := range h.viewers[:200] {
		h.home(b, uid)
	}
	ctx := context.Background()
	v := domain.Viewer{UserID: h.authors[0]}
	before := h.k.App.SQL.Queries()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		t := fmt.Sprintf("压测第%d条 #性能# @author1 好 http://example.com/page/%d", n, n)
		if _, err := h.k.App.Core.PostStatus(ctx, v, core.PostStatusInput{Text: t}); err != nil {
			b.Fatal(err)
		}
		if n%100 == 0 {
			h.k.Drain()
		}
	}
	h.k.Drain()
	b.ReportMetric(float64(h.k.App.SQL.Queries()-before)/float64(b.N), "sql/op")
}
