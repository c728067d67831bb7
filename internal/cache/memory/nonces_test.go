package memory

import (
	"context"
	"testing"
	"time"
)

func TestNoncesSweep(t *testing.T) {
	c := newFakeClock(at(12, 0, 0))
	n := NewNonces(c.Now)
	ctx := context.Background()
	claim := func(key string, ttl time.Duration) bool {
		t.Helper()
		ok, err := n.Claim(ctx, key, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// Sweeps drop expired keys (the port's behaviour is cachetest's).
	for i := range 5000 {
		claim(string(rune('A'+i%26))+time.Duration(i).String(), time.Millisecond)
	}
	c.Advance(2 * time.Second)
	claim("sweep", time.Minute)
	if len(n.keys) > 2 {
		t.Fatalf("%d keys held after the sweep", len(n.keys))
	}
}
