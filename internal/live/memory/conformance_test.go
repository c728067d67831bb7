package memory

import (
	"testing"

	"github.com/weibo-server/weibo/internal/live/livetest"
)

func TestConformance(t *testing.T) {
	livetest.Run(t, func(t *testing.T) livetest.Pair {
		h := New()
		return livetest.Pair{Pub: h, Sub: h}
	})
}
