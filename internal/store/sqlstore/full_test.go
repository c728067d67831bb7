package sqlstore

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// A database that cannot grow (here: SQLite's max_page_count, which fails a
// write exactly as a full disk does, with SQLITE_FULL "database or disk is
// full") answers writes with KindUnavailable, not an internal error; reads
// go on; the failed transaction leaves nothing; writes work again once the
// database may grow.
func TestSQLiteFullIsUnavailable(t *testing.T) {
	s := openSQLite(t)
	defer s.Close()
	ctx := t.Context()
	u := &domain.User{ID: 1, ScreenName: "filler", CreatedAt: time.Now()}
	if err := s.InTx(ctx, func(tx domain.Tx) error { return tx.CreateUser(ctx, u, &domain.Credentials{UserID: 1}) }); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := s.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	limit := func(n int) {
		t.Helper()
		// The writer is one connection, and the pragma is the connection's.
		if _, err := s.write.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n)); err != nil {
			t.Fatal(err)
		}
	}
	limit(pages)
	big := strings.Repeat("满", 2000)
	post := func(id int64) error {
		return s.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.InsertStatus(ctx, &domain.Status{ID: id, UserID: 1, Text: big, CreatedAt: time.Now()}, nil, nil, nil); err != nil {
				return err
			}
			return tx.AddUserCounts(ctx, 1, domain.UserCounts{Statuses: 1})
		})
	}
	var err error
	id := int64(100)
	for ; id < 200 && err == nil; id++ {
		err = post(id)
	}
	if !domain.IsKind(err, domain.KindUnavailable) {
		t.Fatalf("a write to a full database: %v, want KindUnavailable", err)
	}
	failed := id - 1
	// Reads go on, and see nothing of the failed transaction.
	if _, err := s.StatusByID(ctx, failed); !domain.IsKind(err, domain.KindNotFound) {
		t.Errorf("the failed status: %v, want not found", err)
	}
	got, err := s.UserByID(ctx, 1)
	if err != nil {
		t.Fatalf("read while full: %v", err)
	}
	ids, total, err := s.UserStatusIDs(ctx, 1, domain.StatusQuery{Page: domain.Page{Count: 200}, Viewer: 1})
	if err != nil || total != len(ids) || got.StatusesCount != len(ids) {
		t.Errorf("after the failed write: %d statuses (total %d, %v), statuses_count %d", len(ids), total, err, got.StatusesCount)
	}
	// Room again: the same write goes through.
	limit(1 << 30)
	if err := post(failed); err != nil {
		t.Fatalf("write after making room: %v", err)
	}
}
