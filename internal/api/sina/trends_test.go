package sina_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// clockedIDs moves the ids with the kit's clock, as they move with the real
// clock in production: each id is the generator's, shifted by how far the
// test has advanced the clock. Time windows read as id ranges
// (ids.MinIDAt) then agree with created_at, as they do in production.
type clockedIDs struct {
	inner domain.IDGen
	mu    sync.Mutex
	clock *testkit.Clock
	start time.Time
}

func (c *clockedIDs) Next() int64 {
	id := c.inner.Next()
	c.mu.Lock()
	clock, start := c.clock, c.start
	c.mu.Unlock()
	if clock == nil {
		return id
	}
	return id + ids.MinIDAt(clock.Now()) - ids.MinIDAt(start)
}

// eachClockedDB is eachDB with clockedIDs.
func eachClockedDB(t *testing.T, f func(t *testing.T, k *testkit.Kit)) {
	start := func(t *testing.T, dsn string) *testkit.Kit {
		c := &clockedIDs{}
		k := testkit.Start(t, testkit.Options{DB: dsn, WrapIDs: func(g domain.IDGen) domain.IDGen { c.inner = g; return c }})
		c.mu.Lock()
		c.clock, c.start = k.Clock, k.Clock.Now()
		c.mu.Unlock()
		return k
	}
	t.Run("sqlite", func(t *testing.T) { f(t, start(t, "")) })
	t.Run("postgres", func(t *testing.T) { f(t, start(t, pgtest.Schema(t, "weibo_sina_"))) })
}

func hotList(l []sinaspec.HotTrend) string {
	var out []string
	for _, h := range l {
		out = append(out, fmt.Sprintf("%s:%d%+d", h.Name, h.Amount, h.Delta))
		if h.Query != h.Name {
			out = append(out, "query "+h.Query)
		}
	}
	return strings.Join(out, " ")
}

// Hot topics are counted from real statuses over real windows of the
// (test) clock: public, not deleted, with the change since the window
// before.
func TestHotTrends(t *testing.T) {
	eachClockedDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob := k.NewUser("alice"), k.NewUser("bob")
		// Two hours ago.
		stPost(t, alice, "#旧闻# 一")
		stPost(t, bob, "#旧闻# 二")
		stPost(t, bob, "#周末# 早")
		k.Clock.Advance(61 * time.Minute)
		// In the last hour.
		stPost(t, alice, "#周末# 去哪")
		stPost(t, bob, "#周末# 爬山 #读书#")
		gone := stPost(t, alice, "#周末# 删掉的")
		stPost(t, bob, "#周末# 私密", "visible", "1")
		other := advancedClient(t, k, bob)
		mustDecode[sinaspec.Status](t, other.Post("/2/statuses/update.json", reqParams("status", "#别的应用# 发的")))
		mustOK(t, alice.Post("/2/statuses/destroy.json", reqParams("id", gone.IDStr)))

		h := mustDecode[sinaspec.HotTrends](t, alice.Get("/2/trends/hourly.json", nil))
		label, list := h.Only()
		if got := hotList(list); got != "周末:2+1 别的应用:1+1 读书:1+1" {
			t.Fatalf("hourly: %s", got)
		}
		now := k.Clock.Now()
		if h.AsOf != now.Unix() || label != now.In(shanghai(t)).Format("2006-01-02 15:04") {
			t.Fatalf("hourly label %q as_of %d, clock %v", label, h.AsOf, now)
		}
		d := mustDecode[sinaspec.HotTrends](t, alice.Get("/2/trends/daily.json", nil))
		label, list = d.Only()
		if got := hotList(list); got != "周末:3+3 旧闻:2+2 别的应用:1+1 读书:1+1" {
			t.Fatalf("daily: %s", got)
		}
		if label != now.In(shanghai(t)).Format("2006-01-02") {
			t.Fatalf("daily label %q", label)
		}
		w := mustDecode[sinaspec.HotTrends](t, alice.Get("/2/trends/weekly.json", nil))
		if label, _ := w.Only(); label != now.Add(-7*24*time.Hour).In(shanghai(t)).Format("2006-01-02") {
			t.Fatalf("weekly label %q", label)
		}
		// base_app: only what was posted through the caller's app.
		b := mustDecode[sinaspec.HotTrends](t, alice.Get("/2/trends/hourly.json", reqParams("base_app", "1")))
		if _, list := b.Only(); hotList(list) != "周末:2+1 读书:1+1" {
			t.Fatalf("hourly base_app: %s", hotList(list))
		}
		mustFail(t, alice.Client, alice.Get("/2/trends/hourly.json", reqParams("base_app", "2")), 400, 10017, "base_app")

		// A new post shows within seconds (rankings live 5 s).
		stPost(t, alice, "#读书# 再来")
		stPost(t, bob, "#读书# 还有")
		k.Clock.Advance(6 * time.Second)
		h = mustDecode[sinaspec.HotTrends](t, bob.Get("/2/trends/hourly.json", nil))
		if _, list := h.Only(); hotList(list) != "读书:3+3 周末:2+1 别的应用:1+1" {
			t.Fatalf("hourly after new posts: %s", hotList(list))
		}
		// An hour later the last hour's topics are the window before.
		k.Clock.Advance(time.Hour)
		h = mustDecode[sinaspec.HotTrends](t, bob.Get("/2/trends/hourly.json", nil))
		if _, list := h.Only(); len(list) != 0 {
			t.Fatalf("hourly an hour later: %s", hotList(list))
		}
	})
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Following topics: follow, is_follow, the list with status counts, destroy.
func TestTrendFollows(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob := k.NewUser("alice"), k.NewUser("bob")
		stPost(t, bob, "#周末# 一")
		stPost(t, bob, "#周末# 二")
		stPost(t, bob, "#周末# 三", "visible", "1")

		f := mustDecode[map[string]int64](t, alice.Post("/2/trends/follow.json", reqParams("trend_name", "#周末#")))
		id := f["topicid"]
		if id == 0 || len(f) != 1 {
			t.Fatalf("follow: %v", f)
		}
		mustFail(t, alice.Client, alice.Post("/2/trends/follow.json", reqParams("trend_name", "周末")), 400, 20606, "")
		k.Clock.Advance(time.Second)
		g := mustDecode[map[string]int64](t, alice.Post("/2/trends/follow.json", reqParams("trend_name", "没人写过")))
		if b := mustDecode[map[string]int64](t, bob.Post("/2/trends/follow.json", reqParams("trend_name", "周末"))); b["topicid"] != id {
			t.Fatalf("one topic, one id: %d and %d", id, b["topicid"])
		}
		mustFail(t, alice.Client, alice.Post("/2/trends/follow.json", nil), 400, 20801, "")
		mustFail(t, alice.Client, alice.Post("/2/trends/follow.json", reqParams("trend_name", "##")), 400, 20801, "")
		mustFail(t, alice.Client, alice.Post("/2/trends/follow.json", reqParams("trend_name", "a#b")), 400, 10017, "trend_name")
		mustFail(t, alice.Client, alice.Post("/2/trends/follow.json", reqParams("trend_name", strings.Repeat("长", 33))), 400, 10017, "trend_name")

		if r := mustDecode[sinaspec.TrendFollow](t, alice.Get("/2/trends/is_follow.json", reqParams("trend_name", "周末"))); !r.IsFollow || r.TrendID != id {
			t.Fatalf("is_follow: %+v", r)
		}
		if r := mustDecode[sinaspec.TrendFollow](t, alice.Get("/2/trends/is_follow.json", reqParams("trend_name", "别的"))); r.IsFollow || r.TrendID != 0 {
			t.Fatalf("is_follow of another topic: %+v", r)
		}
		mustFail(t, alice.Client, alice.Get("/2/trends/is_follow.json", nil), 400, 20801, "")

		// trends: anyone's, newest follow first; num counts public statuses.
		l := mustDecode[[]sinaspec.UserTrend](t, bob.Get("/2/trends.json", reqParams("uid", idString(alice.ID))))
		if len(l) != 2 || l[0].Hotword != "没人写过" || l[0].Num != "0" || l[0].TrendID != idString(g["topicid"]) ||
			l[1].Hotword != "周末" || l[1].Num != "2" || l[1].TrendID != idString(id) {
			t.Fatalf("trends: %+v", l)
		}
		if l := mustDecode[[]sinaspec.UserTrend](t, bob.Get("/2/trends.json", reqParams("uid", idString(alice.ID), "count", "1", "page", "2"))); len(l) != 1 || l[0].Hotword != "周末" {
			t.Fatalf("trends page 2: %+v", l)
		}
		mustFail(t, bob.Client, bob.Get("/2/trends.json", nil), 400, 10016, "uid")
		mustFail(t, bob.Client, bob.Get("/2/trends.json", reqParams("uid", "4503599627370495")), 400, 20003, "")

		mustOK(t, alice.Post("/2/trends/destroy.json", reqParams("trend_id", idString(id))))
		mustFail(t, alice.Client, alice.Post("/2/trends/destroy.json", reqParams("trend_id", idString(id))), 400, 10017, "trend_id")
		mustFail(t, alice.Client, alice.Post("/2/trends/destroy.json", nil), 400, 20802, "")
		if r := mustDecode[sinaspec.TrendFollow](t, alice.Get("/2/trends/is_follow.json", reqParams("trend_name", "周末"))); r.IsFollow {
			t.Fatalf("is_follow after destroy: %+v", r)
		}
		if r := mustDecode[sinaspec.TrendFollow](t, bob.Get("/2/trends/is_follow.json", reqParams("trend_name", "周末"))); !r.IsFollow {
			t.Fatalf("bob's follow went with alice's: %+v", r)
		}
	})
}
