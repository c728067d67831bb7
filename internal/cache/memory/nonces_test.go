package memory

import (
	"context"
	"testing"
	"time"
)

func TestNoncesClaimOnceUntilExpiry(t *testing.T) {
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
	if !claim("a", time.Minute) {
		t.Fatal("first claim refused")
	}
	if claim("a", time.Minute) {
		t.Fatal("second claim accepted")
	}
	if !claim("b", time.Minute) {
		t.Fatal("another key refused")
	}
	c.Advance(59 * time.Second)
	if claim("a", time.Minute) {
		t.Fatal("claim accepted before expiry")
	}
	c.Advance(2 * time.Second)
	if !claim("a", time.Minute) {
		t.Fatal("claim refused after expiry")
	}
	// Sweeps drop expired keys.
	for i := range 5000 {
		claim(string(rune('A'+i%26))+time.Duration(i).String(), time.Millisecond)
	}
	c.Advance(2 * time.Second)
	claim("sweep", time.Minute)
	if len(n.keys) > 2 {
		t.Fatalf("%d keys held after the sweep", len(n.keys))
	}
}
