package redis_test

import (
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/feed/feedtest"
	feedredis "github.com/weibo-server/weibo/internal/feed/redis"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

// TestConformance runs the domain.Feed suite on miniredis and, with
// WEIBO_TEST_REDIS, on a real server.
func TestConformance(t *testing.T) {
	for _, e := range redistest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			load := feedtest.Load{Rounds: 300, Users: 20}
			if e.Mini != nil { // interprets each script anew: slow under -race
				load = feedtest.Load{Rounds: 141, Users: 4}
			}
			n := 0
			feedtest.Run(t, func(t *testing.T, limit int) domain.Feed {
				n++ // a fresh prefix per feed: windows of one test never meet another's
				return feedredis.New(e.Client, feedredis.Options{Cap: limit, Prefix: e.Prefix + string(rune('a'+n%26)) + itoa(n) + ":"})
			}, load)
		})
	}
}

func itoa(n int) string {
	b := []byte{}
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
