package memory

import (
	"context"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

func TestHub(t *testing.T) {
	h := New()
	ctx := context.Background()
	a1, cancelA1 := h.Subscribe(1)
	a2, cancelA2 := h.Subscribe(1)
	b, cancelB := h.Subscribe(2)
	defer cancelB()
	if err := h.Publish(ctx, []domain.LiveNotice{{UserID: 1, Kind: domain.LiveHome, StatusID: 9}, {UserID: 3, Kind: domain.LiveUnread}}); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan domain.LiveNotice{a1, a2} {
		if n := <-ch; n.StatusID != 9 || n.Kind != domain.LiveHome {
			t.Fatalf("got %+v", n)
		}
	}
	select {
	case n := <-b:
		t.Fatalf("user 2 got %+v", n)
	default:
	}
	// A stream that is behind loses notices; publishing never blocks.
	for range Buffer + 5 {
		_ = h.Publish(ctx, []domain.LiveNotice{{UserID: 2, Kind: domain.LiveUnread}})
	}
	if len(b) != Buffer {
		t.Fatalf("buffered %d", len(b))
	}
	cancelA1()
	cancelA1()
	if h.Streams() != 2 {
		t.Fatalf("streams %d", h.Streams())
	}
	cancelA2()
	if h.Streams() != 1 {
		t.Fatalf("streams %d", h.Streams())
	}
}
