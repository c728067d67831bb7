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
	}
	for _, tt := range tests {
		got, err := ReadCursor(params(tt.q), 50, 200)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("ReadCursor(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}
