package app

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/store/cachedstore"
)

// cacheCollector exports cachedstore's per-cache statistics at scrape time,
// so a hit ratio falling (or evictions climbing) under load is visible
// without a profiler.
type cacheCollector struct{ s *cachedstore.Store }

var (
	cacheHitsDesc = prometheus.NewDesc("weibo_cache_hits_total",
		"Lookups answered from the in-process cache.", []string{"cache"}, nil)
	cacheMissesDesc = prometheus.NewDesc("weibo_cache_misses_total",
		"Lookups that went to the database.", []string{"cache"}, nil)
	cacheEvictionsDesc = prometheus.NewDesc("weibo_cache_evictions_total",
		"Entries dropped for size or age (not invalidations).", []string{"cache"}, nil)
	cacheLoadFailuresDesc = prometheus.NewDesc("weibo_cache_load_failures_total",
		"Database lookups behind the cache that failed.", []string{"cache"}, nil)
	cacheEntriesDesc = prometheus.NewDesc("weibo_cache_entries",
		"Entries held (approximate).", []string{"cache"}, nil)
)

func (c cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- cacheHitsDesc
	ch <- cacheMissesDesc
	ch <- cacheEvictionsDesc
	ch <- cacheLoadFailuresDesc
	ch <- cacheEntriesDesc
}

func (c cacheCollector) Collect(ch chan<- prometheus.Metric) {
	c.s.Stats().Each(func(name string, st cachedstore.CacheStats) {
		ch <- prometheus.MustNewConstMetric(cacheHitsDesc, prometheus.CounterValue, float64(st.Hits), name)
		ch <- prometheus.MustNewConstMetric(cacheMissesDesc, prometheus.CounterValue, float64(st.Misses), name)
		ch <- prometheus.MustNewConstMetric(cacheEvictionsDesc, prometheus.CounterValue, float64(st.Evictions), name)
		ch <- prometheus.MustNewConstMetric(cacheLoadFailuresDesc, prometheus.CounterValue, float64(st.LoadFailures), name)
		ch <- prometheus.MustNewConstMetric(cacheEntriesDesc, prometheus.GaugeValue, float64(st.Entries), name)
	})
}

// loginCollector exports the login guard: password checks running and
// waiting, and its refusals by cause, so a password-guessing run or a
// login stampede shows on a dashboard.
type loginCollector struct{ stats func() core.LoginStats }

var (
	loginCheckingDesc = prometheus.NewDesc("weibo_login_checks_running",
		"Password checks (argon2id) running now.", nil, nil)
	loginPendingDesc = prometheus.NewDesc("weibo_login_in_progress",
		"Sign-ins in progress now, waiting for a password check included.", nil, nil)
	loginRefusedDesc = prometheus.NewDesc("weibo_login_refused_total",
		"Sign-ins refused by the login guard: ip (too many failures from the address), "+
			"delay (the account waits after failures from the address), busy (too many sign-ins in progress).",
		[]string{"reason"}, nil)
)

func (c loginCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- loginCheckingDesc
	ch <- loginPendingDesc
	ch <- loginRefusedDesc
}

func (c loginCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.stats()
	ch <- prometheus.MustNewConstMetric(loginCheckingDesc, prometheus.GaugeValue, float64(st.Checking))
	ch <- prometheus.MustNewConstMetric(loginPendingDesc, prometheus.GaugeValue, float64(st.Pending))
	ch <- prometheus.MustNewConstMetric(loginRefusedDesc, prometheus.CounterValue, float64(st.RefusedIP), "ip")
	ch <- prometheus.MustNewConstMetric(loginRefusedDesc, prometheus.CounterValue, float64(st.RefusedDelay), "delay")
	ch <- prometheus.MustNewConstMetric(loginRefusedDesc, prometheus.CounterValue, float64(st.RefusedBusy), "busy")
}
