// Package redistest gives a test the Redis engines a port's conformance
// suite runs against: an in-process miniredis always, and the real server
// that WEIBO_TEST_REDIS names when it is set (CI sets it; a set but
// unreachable server fails the test rather than skipping it). Each engine
// comes with a key prefix of its own, so tests can share one real server
// (and run beside other processes using it) without seeing each other's keys.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Engine is one Redis a suite runs against.
type Engine struct {
	Name   string // "miniredis" or "redis"
	Client redis.UniversalClient
	// Prefix starts every key the test makes; it is unique to the test.
	Prefix string
	// Advance moves the server's clock forward by d, so that keys with a
	// TTL of d or less have expired when it returns. miniredis is
	// fast-forwarded; the real server is waited for (tests keep such TTLs
	// short).
	Advance func(d time.Duration)
	// Mini is the miniredis server, nil for the real one.
	Mini *miniredis.Miniredis
}

// Engines returns miniredis and, when WEIBO_TEST_REDIS is set, the real
// server; both are closed and the test's keys deleted when t ends.
func Engines(t testing.TB) []Engine {
	t.Helper()
	out := []Engine{Mini(t)}
	if e, ok := Real(t); ok {
		out = append(out, e)
	}
	return out
}

// Mini starts an in-process miniredis for t.
func Mini(t testing.TB) Engine {
	t.Helper()
	m := miniredis.RunT(t)
	c := redis.NewClient(&redis.Options{Addr: m.Addr()})
	t.Cleanup(func() { _ = c.Close() })
	return Engine{Name: "miniredis", Client: c, Prefix: prefix(), Mini: m, Advance: m.FastForward}
}

// URL returns WEIBO_TEST_REDIS ("" when unset).
func URL() string { return os.Getenv("WEIBO_TEST_REDIS") }

// Real connects to WEIBO_TEST_REDIS; ok is false when it is unset.
func Real(t testing.TB) (Engine, bool) {
	t.Helper()
	u := URL()
	if u == "" {
		return Engine{}, false
	}
	opts, err := redis.ParseURL(u)
	if err != nil {
		t.Fatalf("WEIBO_TEST_REDIS: %v", err)
	}
	c := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		t.Fatalf("WEIBO_TEST_REDIS is set but the server is unreachable: %v", err)
	}
	e := Engine{Name: "redis", Client: c, Prefix: prefix(), Advance: func(d time.Duration) { time.Sleep(d + 5*time.Millisecond) }}
	t.Cleanup(func() {
		Clean(e.Client, e.Prefix)
		_ = c.Close()
	})
	return e, true
}

// Clean deletes every key starting with prefix.
func Clean(c redis.UniversalClient, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			c.Del(ctx, batch...)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		c.Del(ctx, batch...)
	}
}

func prefix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "weibotest:" + hex.EncodeToString(b) + ":"
}
