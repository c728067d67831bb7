package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/sqlite"
)

// openCachedTestDB is one SQLite connection that keeps at most size statements.
func openCachedTestDB(t *testing.T, size int) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	c, err := sqlite.NewConnector(path + "?" + sqlitePragmas(false))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(stmtCacheConnector{inner: c, size: size})
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// cachedQueries lists the statement texts the connection holds.
func cachedQueries(t *testing.T, db *sql.DB) []string {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []string
	if err := c.Raw(func(dc any) error {
		sc := dc.(*stmtCacheConn)
		for e := sc.lru.Front(); e != nil; e = e.Next() {
			out = append(out, e.Value.(*cachedStmt).query)
		}
		if len(sc.stmts) != len(out) {
			return fmt.Errorf("map holds %d statements, list %d", len(sc.stmts), len(out))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStmtCacheReusesAndBounds(t *testing.T) {
	db := openCachedTestDB(t, 3)
	ins := `INSERT INTO t (id, v) VALUES (?, ?)`
	for i := 1; i <= 5; i++ {
		if _, err := db.Exec(ins, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	// A constraint failure leaves the cached statement usable.
	if _, err := db.Exec(ins, 6, "v1"); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("duplicate insert: %v", err)
	}
	if _, err := db.Exec(ins, 6, "v6"); err != nil {
		t.Fatalf("insert after a failed one: %v", err)
	}
	// A text that does not compile is an error, and is not cached.
	if _, err := db.Exec(`INSERT INTO nowhere VALUES (1)`); err == nil {
		t.Fatal("bad SQL accepted")
	}
	got := cachedQueries(t, db)
	if len(got) != 2 || got[0] != ins { // the CREATE TABLE and the INSERT
		t.Fatalf("cached %q", got)
	}
	// More distinct texts than the bound: the oldest idle ones go, and every
	// answer is still right.
	for i := 1; i <= 6; i++ {
		var v string
		q := fmt.Sprintf(`SELECT v FROM t WHERE id = ? AND %d = %d`, i, i)
		for range 2 {
			if err := db.QueryRow(q, i).Scan(&v); err != nil || v != fmt.Sprint("v", i) {
				t.Fatalf("%s: %q %v", q, v, err)
			}
		}
	}
	if got := cachedQueries(t, db); len(got) != 3 || !strings.Contains(got[0], "6 = 6") {
		t.Fatalf("after eviction, cached %q", got)
	}
}

// TestStmtCacheNestedSameQuery: running a query again while its rows are
// still being read (in a row loop, in a transaction) must not reset them.
func TestStmtCacheNestedSameQuery(t *testing.T) {
	db := openCachedTestDB(t, 8)
	for i := 1; i <= 4; i++ {
		if _, err := db.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q := `SELECT id FROM t WHERE id >= ? ORDER BY id`
	rows, err := tx.Query(q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var outer, inner []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, id)
		in, err := tx.Query(q, 3) // the same text, while the outer rows are open
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for in.Next() {
			n++
		}
		if err := in.Close(); err != nil {
			t.Fatal(err)
		}
		inner = append(inner, n)
		if _, err := tx.Exec(`UPDATE t SET v = v || '!' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(outer) != "[1 2 3 4]" || fmt.Sprint(inner) != "[2 2 2 2]" {
		t.Fatalf("outer %v, inner %v", outer, inner)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	// Rolled back through cached statements: nothing changed.
	var v string
	if err := db.QueryRow(`SELECT v FROM t WHERE id = 2`).Scan(&v); err != nil || v != "v2" {
		t.Fatalf("after rollback: %q %v", v, err)
	}
}
