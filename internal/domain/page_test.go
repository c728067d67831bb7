package domain

import (
	"math"
	"testing"
)

func TestPageOffset(t *testing.T) {
	tests := []struct {
		p    Page
		off  int
		past bool
	}{
		{Page{Count: 20}, 0, false},
		{Page{Count: 20, Page: 1}, 0, false},
		{Page{Count: 20, Page: 3}, 40, false},
		{Page{Count: 0, Page: 9}, 0, false},
		{Page{Count: 100, Page: MaxPageDepth / 100}, MaxPageDepth - 100, false},
		{Page{Count: 100, Page: MaxPageDepth/100 + 1}, MaxPageDepth, true},
		{Page{Count: 30, Page: 67}, 1980, false}, // straddles the depth: served
		{Page{Count: 100, Page: math.MaxInt32}, 100 * (math.MaxInt32 - 1), true},
		{Page{Count: 100, Page: math.MaxInt}, math.MaxInt, true}, // saturates, never wraps
		{Page{Count: math.MaxInt, Page: 3}, math.MaxInt, true},
	}
	for _, tt := range tests {
		if got := tt.p.Offset(); got != tt.off {
			t.Errorf("%+v.Offset() = %d, want %d", tt.p, got, tt.off)
		}
		if got := tt.p.PastDepth(); got != tt.past {
			t.Errorf("%+v.PastDepth() = %v, want %v", tt.p, got, tt.past)
		}
		// Bounded keeps a page within the depth, and moves one past it to
		// the first page past it: still past, from an offset below depth+count.
		b := tt.p.Bounded()
		if !tt.past && b != tt.p {
			t.Errorf("%+v.Bounded() = %+v, want it unchanged", tt.p, b)
		}
		if tt.past && (!b.PastDepth() || b.Count != tt.p.Count || b.Offset()-b.Count >= MaxPageDepth ||
			(Page{Count: b.Count, Page: b.Page - 1}).PastDepth()) {
			t.Errorf("%+v.Bounded() = %+v (offset %d): not the first page past the depth", tt.p, b, b.Offset())
		}
	}
}

func TestCursorBounded(t *testing.T) {
	for _, tt := range []struct {
		c, want Cursor
		past    bool
	}{
		{Cursor{Cursor: 0, Count: 50}, Cursor{Cursor: 0, Count: 50}, false},
		{Cursor{Cursor: 4999, Count: 50}, Cursor{Cursor: 4999, Count: 50}, false},
		{Cursor{Cursor: 5000, Count: 50}, Cursor{Cursor: 5000, Count: 50}, true},
		{Cursor{Cursor: math.MaxInt, Count: 50}, Cursor{Cursor: 5000, Count: 50}, true},
	} {
		if got := tt.c.Bounded(); got != tt.want {
			t.Errorf("%+v.Bounded() = %+v, want %+v", tt.c, got, tt.want)
		}
		if got := tt.c.PastDepth(); got != tt.past {
			t.Errorf("%+v.PastDepth() = %v, want %v", tt.c, got, tt.past)
		}
	}
}
