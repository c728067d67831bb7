package app_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/seed"
	"github.com/weibo-server/weibo/internal/store/cachedstore"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

// BenchmarkHotObjectMiss measures what a shared Redis L2 behind the
// nodes' in-process caches would buy (issue 15, docs/ARCHITECTURE.md "Caches
// stay in each node"): the cost of one home page's batch of hot objects
// (20 statuses, then their authors) when the node's own cache misses, read
//
//   - postgres: from PostgreSQL, as today (two primary-key batch reads);
//   - redis: from Redis, as an L2 would (two MGETs, JSON decoding);
//   - memory: from the node's own cache (cachedstore), the warm path.
//
// Run with WEIBO_TEST_POSTGRES and WEIBO_TEST_REDIS set:
//
//	go test -run '^$' -bench HotObjectMiss -benchtime 3s ./internal/app/
//
// Many goroutines (as many requests in flight) share the machine's cores;
// ns/op is the time per page at that concurrency, cpu-µs/op this process's
// CPU per page (PostgreSQL's and Redis's own CPU is not in it).
func BenchmarkHotObjectMiss(b *testing.B) {
	e, ok := redistest.Real(b)
	if !ok {
		b.Skip("WEIBO_TEST_REDIS not set")
	}
	dsn := pgtest.Schema(b, "weibo_l2_")
	ctx := context.Background()
	ds, err := seed.Generate(seed.Config{Seed: 1, Users: 2000, Follows: 20, Statuses: 20000, Comments: 1,
		Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	bulk, err := sqlstore.OpenBulk(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	var statusIDs []int64
	check := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	check(ds.EachUser(func(u *domain.User) error { return bulk.AddUser(ctx, u, "hash") }))
	check(ds.EachStatus(func(s *seed.Status) error {
		statusIDs = append(statusIDs, s.ID)
		return bulk.AddStatus(ctx, &s.Status, s.Mentions, s.Topics, s.Links)
	}))
	check(bulk.Finish(ctx, nil))
	st, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	check(err)

	// Fill the would-be L2 with what the store returns, as JSON.
	skey := func(id int64) string { return e.Prefix + "s:" + strconv.FormatInt(id, 10) }
	ukey := func(id int64) string { return e.Prefix + "u:" + strconv.FormatInt(id, 10) }
	for i := 0; i < len(statusIDs); i += 500 {
		ss, err := st.StatusesByIDs(ctx, statusIDs[i:min(i+500, len(statusIDs))])
		check(err)
		pipe := e.Client.Pipeline()
		var authors []int64
		for id, s := range ss {
			v, _ := json.Marshal(s)
			pipe.Set(ctx, skey(id), v, time.Hour)
			authors = append(authors, s.UserID)
		}
		us, err := st.UsersByIDs(ctx, authors)
		check(err)
		for id, u := range us {
			v, _ := json.Marshal(u)
			pipe.Set(ctx, ukey(id), v, time.Hour)
		}
		_, err = pipe.Exec(ctx)
		check(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pages := make([][]int64, 1024)
	for i := range pages {
		for range 20 {
			pages[i] = append(pages[i], statusIDs[rng.IntN(len(statusIDs))])
		}
	}
	fromStore := func(r domain.Reader) func(page []int64) error {
		return func(page []int64) error {
			ss, err := r.StatusesByIDs(ctx, page)
			if err != nil {
				return err
			}
			authors := make([]int64, 0, len(ss))
			for _, s := range ss {
				authors = append(authors, s.UserID)
			}
			_, err = r.UsersByIDs(ctx, authors)
			return err
		}
	}
	fromRedis := func(page []int64) error {
		keys := make([]string, len(page))
		for i, id := range page {
			keys[i] = skey(id)
		}
		vals, err := e.Client.MGet(ctx, keys...).Result()
		if err != nil {
			return err
		}
		ss := make(map[int64]*domain.Status, len(vals))
		keys = keys[:0]
		for _, v := range vals {
			var s domain.Status
			if err := json.Unmarshal([]byte(v.(string)), &s); err != nil {
				return err
			}
			ss[s.ID] = &s
			keys = append(keys, ukey(s.UserID))
		}
		if vals, err = e.Client.MGet(ctx, keys...).Result(); err != nil {
			return err
		}
		for _, v := range vals {
			var u domain.User
			if err := json.Unmarshal([]byte(v.(string)), &u); err != nil {
				return err
			}
		}
		return nil
	}
	mem := cachedstore.New(st, cachedstore.Options{TTL: time.Hour})
	defer mem.Close() // and st
	warm := fromStore(mem)
	for _, p := range pages {
		check(warm(p))
	}
	for _, c := range []struct {
		name string
		read func([]int64) error
	}{{"postgres", fromStore(st)}, {"redis", fromRedis}, {"memory", warm}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetParallelism(8) // 8 × GOMAXPROCS requests in flight
			var mu sync.Mutex
			seq := 0
			cpu0 := cpuTime()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				mu.Lock()
				i := seq
				seq++
				mu.Unlock()
				for pb.Next() {
					i++
					if err := c.read(pages[i%len(pages)]); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}

// cpuTime is this process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
