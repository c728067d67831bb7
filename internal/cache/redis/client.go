// Package redis holds the Redis engines of the small shared-state ports a
// multi-node deployment must not keep per node: the fixed-window Counter
// behind rate limits and login throttles, the OAuth 1.0a nonce store, and
// the bus that carries cache invalidations between nodes. Connect builds
// the one client every Redis engine (this package and feed/redis) shares.
package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Connect returns a client for a --redis URL and checks that it answers.
// One URL form covers the three deployments, and each gives the same
// redis.UniversalClient, so nothing past this function knows which it is:
//
//	redis://[user:pass@]host:6379[/db]                     one server (rediss:// for TLS)
//	redis://[user:pass@]host:26379?master_name=mymaster&addr=host2:26379
//	                                                       Sentinel: the host and every addr are sentinels
//	redis://[user:pass@]host:7000?cluster=true&addr=host2:7000
//	                                                       Cluster: seed nodes (addr alone also means Cluster)
//
// Any other query parameter is go-redis's (dial_timeout, pool_size, ...: see
// redis.ParseURL); an unknown one is an error.
func Connect(ctx context.Context, rawURL string) (redis.UniversalClient, error) {
	c, err := NewClient(rawURL)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := c.Ping(pctx).Err(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("redis %s: %w", Redact(rawURL), err)
	}
	return c, nil
}

// NewClient parses a --redis URL (see Connect) without connecting.
func NewClient(rawURL string) (redis.UniversalClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("--redis: %w", err)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, errors.New("--redis: the URL must start with redis:// or rediss://")
	}
	q := u.Query()
	cluster := false
	if v := q.Get("cluster"); v != "" {
		if cluster, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("--redis: cluster=%q: %w", v, err)
		}
		q.Del("cluster")
		u.RawQuery = q.Encode()
	}
	switch {
	case q.Get("master_name") != "":
		o, err := redis.ParseFailoverURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("--redis (Sentinel): %w", err)
		}
		return redis.NewFailoverClient(o), nil
	case cluster || q.Has("addr"):
		o, err := redis.ParseClusterURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("--redis (Cluster): %w", err)
		}
		return redis.NewClusterClient(o), nil
	default:
		o, err := redis.ParseURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("--redis: %w", err)
		}
		return redis.NewClient(o), nil
	}
}

// Redact hides a password in a --redis URL, for logs and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
