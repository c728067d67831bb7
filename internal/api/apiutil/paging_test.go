package apiutil

import (
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

func TestReadPage(t *testing.T) {
	tests := []struct {
		q      string
		want   domain.Page
		reason domain.Reason
	}{
		{"", domain.Page{Count: 20, Page: 1}, ""},
		{"since_id=5&max_id=9&count=50&page=3", domain.Page{SinceID: 5, MaxID: 9, Count: 50, Page: 3}, ""},
		{"count=500", domain.Page{Count: 100, Page: 1}, ""},
		{"since_id=0&max_id=0&count=&page=", domain.Page{Count: 20, Page: 1}, ""},
		{"since_id=-1", domain.Page{}, bad},
		{"max_id=-1", domain.Page{}, bad},
		{"max_id=x", domain.Page{}, bad},
		{"count=0", domain.Page{}, bad},
		{"page=0", domain.Page{}, bad},
		{"page=2147483648", domain.Page{}, bad},
		// Past the paging depth: an empty page (Count 0), never a huge offset.
		{"count=100&page=20", domain.Page{Count: 100, Page: 20}, ""},
		{"count=100&page=21", domain.Page{Count: 100, Page: 21}, ""},
		{"count=30&page=67", domain.Page{Count: 30, Page: 67}, ""}, // starts at 1980: served
		{"count=30&page=99", domain.Page{Count: 30, Page: 68}, ""}, // 68 is the first past the depth
		{"count=100&page=2147483647", domain.Page{Count: 100, Page: 21}, ""},
		{"max_id=9&count=100&page=2147483647", domain.Page{MaxID: 9, Count: 100, Page: 21}, ""},
	}
	for _, tt := range tests {
		got, err := ReadPage(params(tt.q), 20, 100)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("ReadPage(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

func TestReadCursor(t *testing.T) {
	tests := []struct {
		q      string
		want   domain.Cursor
		reason domain.Reason
	}{
		{"", domain.Cursor{Cursor: 0, Count: 50}, ""},
		{"cursor=100&count=10", domain.Cursor{Cursor: 100, Count: 10}, ""},
		{"count=9999", domain.Cursor{Count: 200}, ""},
		{"cursor=-1", domain.Cursor{}, bad},
		{"count=0", domain.Cursor{}, bad},
		{"cursor=4999&count=200", domain.Cursor{Cursor: 4999, Count: 200}, ""},
		{"cursor=5000&count=200", domain.Cursor{Cursor: 5000, Count: 200}, ""},
		{"cursor=2147483647", domain.Cursor{Cursor: 5000, Count: 50}, ""},
		{"cursor=99999999999999999999", domain.Cursor{Cursor: 5000, Count: 50}, ""},
	}
	for _, tt := range tests {
		got, err := ReadCursor(params(tt.q), 50, 200)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("ReadCursor(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

func TestReadPageCursor(t *testing.T) {
	tests := []struct {
		q      string
		want   domain.Cursor
		reason domain.Reason
	}{
		{"", domain.Cursor{Cursor: 0, Count: 50}, ""},
		{"count=20&page=3", domain.Cursor{Cursor: 40, Count: 20}, ""},
		{"count=9999", domain.Cursor{Count: 200}, ""},
		{"count=200&page=26", domain.Cursor{Cursor: 5000, Count: 200}, ""},
		{"count=200&page=2147483647", domain.Cursor{Cursor: 5000, Count: 200}, ""},
		{"page=0", domain.Cursor{}, bad},
		{"page=2147483648", domain.Cursor{}, bad},
		{"count=-1", domain.Cursor{}, bad},
	}
	for _, tt := range tests {
		got, err := ReadPageCursor(params(tt.q), 50, 200)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("ReadPageCursor(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}
