package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/store/storetest"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// openSQLite opens a store on a new file in t.TempDir().
func openSQLite(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "weibo.db"), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) domain.Store { return openSQLite(t) })
}

// postgresDSN returns WEIBO_TEST_POSTGRES, skipping when it is unset.
func postgresDSN(t testing.TB) string { return pgtest.DSN(t) }

// openPostgres opens a store in a fresh schema, dropped when the test ends.
func openPostgres(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.Schema(t, "weibo_test_"), Options{MaxOpenConns: 8})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestPostgres(t *testing.T) {
	postgresDSN(t)
	storetest.Run(t, func(t *testing.T) domain.Store { return openPostgres(t) })
}

// TestPostgresMigrateTwice: a second Open (another node) finds nothing to do,
// and Migrate on a migrated database is a no-op.
func TestPostgresMigrateTwice(t *testing.T) {
	s := openPostgres(t)
	defer s.Close()
	var schema string
	if err := s.write.QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	dsn := pgtest.WithSchema(t, schema)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			s2, err := Open(t.Context(), dsn, Options{MaxOpenConns: 2})
			if err != nil {
				t.Errorf("second Open: %v", err)
				return
			}
			s2.Close()
		})
	}
	wg.Wait()
	if err := Migrate(t.Context(), dsn); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
}

// TestPostgresMigrateConcurrently: nodes started together on an empty
// database (issue 15) each try to apply every migration; the advisory lock
// lets one migrate while the others wait, and every one of them opens.
func TestPostgresMigrateConcurrently(t *testing.T) {
	dsn := pgtest.Schema(t, "weibo_migrate_")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := Open(t.Context(), dsn, Options{MaxOpenConns: 2})
			if err != nil {
				t.Errorf("Open on an empty database, with others at once: %v", err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	want, err := migrationVersions(dialectPostgres)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), dsn, Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var applied, distinct int
	if err := s.write.QueryRow("SELECT COUNT(*), COUNT(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0").Scan(&applied, &distinct); err != nil {
		t.Fatal(err)
	}
	if applied != len(want) || distinct != len(want) {
		t.Errorf("%d migrations recorded (%d distinct), want each of %d once", applied, distinct, len(want))
	}
}

// migrationVersions lists the versions embedded for a dialect.
func migrationVersions(name string) ([]int64, error) {
	dir, err := fs.Sub(migrationsFS, "migrations/"+name)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range entries {
		v, err := goose.NumericComponent(e.Name())
		if err != nil {
			return nil, fmt.Errorf("migration %s/%s: %w", name, e.Name(), err)
		}
		out = append(out, v)
	}
	return out, nil
}

func TestMigrationVersionsInLockStep(t *testing.T) {
	lite, err := migrationVersions(dialectSQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrationVersions(dialectPostgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Fatalf("migration versions differ: sqlite %v, postgres %v", lite, pg)
	}
}

// TestSQLiteTwoStoresOneFile: a CLI command and the server open the same file
// at the same time (racing on the migrations) and both write.
func TestSQLiteTwoStoresOneFile(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "sub", "weibo.db")
	stores := make([]*Store, 2)
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() {
			s, err := Open(t.Context(), dsn, Options{})
			if err != nil {
				t.Errorf("Open %d: %v", i, err)
				return
			}
			stores[i] = s
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	defer stores[0].Close()
	defer stores[1].Close()

	const each = 40
	for i, s := range stores {
		wg.Go(func() {
			for j := range each {
				id := int64(i*1000 + j + 1)
				err := s.InTx(t.Context(), func(tx domain.Tx) error {
					u := &domain.User{ID: id, ScreenName: fmt.Sprintf("u%d", id), CreatedAt: time.Now()}
					if err := tx.CreateUser(t.Context(), u, &domain.Credentials{UserID: id}); err != nil {
						return err
					}
					return tx.AddUnread(t.Context(), 1, "cmt", 1)
				})
				if err != nil {
					t.Errorf("store %d write %d: %v", i, j, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for i, s := range stores {
		users, err := s.UsersByIDs(t.Context(), []int64{1, 1001, each, 1000 + each})
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 4 {
			t.Errorf("store %d sees %d of the 4 users both stores wrote", i, len(users))
		}
		counts, _, err := s.Unread(t.Context(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Cmt != 2*each {
			t.Errorf("store %d: counter = %d, want %d", i, counts.Cmt, 2*each)
		}
	}
	if err := Migrate(t.Context(), dsn); err != nil {
		t.Errorf("Migrate on an open, migrated file: %v", err)
	}
}

// TestSQLiteDurableAcrossReopen: what InTx acknowledged is there after the
// store is closed and opened again (the WAL is replayed).
func TestSQLiteDurableAcrossReopen(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "weibo.db") // a bare path works too
	s, err := Open(t.Context(), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(t.Context(), func(tx domain.Tx) error {
		return tx.CreateUser(t.Context(), &domain.User{ID: 7, ScreenName: "kept", CreatedAt: time.Now()}, &domain.Credentials{UserID: 7})
	})
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.read.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	var fk, sync int
	if err := s.read.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d (%v), want 1", fk, err)
	}
	if err := s.read.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 1 {
		t.Errorf("synchronous = %d (%v), want 1 (NORMAL)", sync, err)
	}
	if _, err := s.read.Exec("CREATE TABLE nope (x INTEGER)"); err == nil {
		t.Errorf("the read pool accepted a write")
	}
	s.Close()
	s, err = Open(t.Context(), "sqlite:"+dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.UserByScreenName(t.Context(), "kept"); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
}

func TestQueriesCounter(t *testing.T) {
	s := openSQLite(t)
	defer s.Close()
	before := s.Queries()
	_, _ = s.UserByID(t.Context(), 1)
	_, _, _ = s.UserStatusIDs(t.Context(), 1, domain.StatusQuery{Page: domain.Page{Count: 20}})
	_ = s.InTx(t.Context(), func(tx domain.Tx) error { return tx.AddUnread(t.Context(), 1, "cmt", 1) })
	if got := s.Queries() - before; got != 3 {
		t.Errorf("Queries() grew by %d, want 3", got)
	}
	before = s.Queries()
	_, _ = s.UsersByIDs(t.Context(), nil) // nothing to ask
	if got := s.Queries() - before; got != 0 {
		t.Errorf("an empty batch ran %d statements", got)
	}
}

func TestParseDSN(t *testing.T) {
	for _, tc := range []struct {
		dsn, kind, target string
		bad               bool
	}{
		{dsn: "sqlite:data/weibo.db", kind: dialectSQLite, target: "data/weibo.db"},
		{dsn: "sqlite:///var/lib/weibo.db", kind: dialectSQLite, target: "/var/lib/weibo.db"},
		{dsn: "/tmp/x.db", kind: dialectSQLite, target: "/tmp/x.db"},
		{dsn: "postgres://u:p@h/db?sslmode=disable", kind: dialectPostgres, target: "postgres://u:p@h/db?sslmode=disable"},
		{dsn: "postgresql://h/db", kind: dialectPostgres, target: "postgresql://h/db"},
		{dsn: "mysql://h/db", bad: true},
		{dsn: "sqlite:", bad: true},
		{dsn: "", bad: true},
		{dsn: "sqlite::memory:", bad: true},
		{dsn: "sqlite:x.db?mode=ro", bad: true},
	} {
		kind, target, err := parseDSN(tc.dsn)
		if tc.bad {
			if err == nil {
				t.Errorf("parseDSN(%q): no error", tc.dsn)
			}
			continue
		}
		if err != nil || kind != tc.kind || target != tc.target {
			t.Errorf("parseDSN(%q) = %q, %q, %v; want %q, %q", tc.dsn, kind, target, err, tc.kind, tc.target)
		}
	}
	if got := redact("postgres://user:secret@host/db"); got != "postgres://user:xxxxx@host/db" {
		t.Errorf("redact = %q", got)
	}
}

func TestRebind(t *testing.T) {
	d := newDialect(dialectPostgres)
	for in, want := range map[string]string{
		"SELECT 1":                              "SELECT 1",
		"a = ? AND b IN (?, ?)":                 "a = $1 AND b IN ($2, $3)",
		"x = '?' AND y = ? AND z = \"q?\" OR ?": "x = '?' AND y = $1 AND z = \"q?\" OR $2",
		"s = 'it''s ?' AND t = ?":               "s = 'it''s ?' AND t = $1",
		"?,?,?,?,?,?,?,?,?,?,?":                 "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11",
	} {
		if got := d.rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
		if got := d.rebind(in); got != want { // cached
			t.Errorf("cached rebind(%q) = %q, want %q", in, got, want)
		}
	}
	if got := newDialect(dialectSQLite).rebind("a = ?"); got != "a = ?" {
		t.Errorf("sqlite rebind changed the query: %q", got)
	}
}

// TestPostgresInTxRetries: a transaction PostgreSQL aborts to settle a
// conflict (40001, 40P01) runs again, even when fn swallowed the error and
// failed on the aborted transaction instead; other errors do not, and the
// attempts are bounded.
func TestPostgresInTxRetries(t *testing.T) {
	s := openPostgres(t)
	defer s.Close()
	ctx := t.Context()
	// raise fails the statement on the server with the given SQLSTATE, which
	// aborts the transaction exactly as a real conflict does.
	raise := func(dtx domain.Tx, code string) error {
		_, err := dtx.(*tx).c.exec(ctx, "DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '"+code+"'; END $$")
		return err
	}
	for _, tc := range []struct {
		name      string
		code      string
		swallow   bool // fn ignores the failure and runs another statement
		failUntil int  // attempts that fail
		wantCalls int
		wantErr   bool
	}{
		{name: "deadlock", code: "40P01", failUntil: 1, wantCalls: 2},
		{name: "serialization", code: "40001", failUntil: 2, wantCalls: 3},
		{name: "swallowed", code: "40P01", swallow: true, failUntil: 1, wantCalls: 2},
		{name: "ignored", code: "40001", swallow: true, failUntil: 1, wantCalls: 2},
		{name: "always", code: "40001", failUntil: 99, wantCalls: maxTxAttempts, wantErr: true},
		{name: "other error", code: "23514", failUntil: 99, wantCalls: 1, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs strings.Builder
			s.log = slog.New(slog.NewTextHandler(&logs, nil))
			id := int64(len(tc.name)*1000 + tc.failUntil)
			calls := 0
			err := s.InTx(ctx, func(tx domain.Tx) error {
				calls++
				u := &domain.User{ID: id, ScreenName: "retry-" + tc.name, CreatedAt: time.Now()}
				if err := tx.CreateUser(ctx, u, &domain.Credentials{UserID: id}); err != nil {
					return err
				}
				if calls <= tc.failUntil {
					err := raise(tx, tc.code)
					if !tc.swallow {
						return err
					}
					if tc.name == "ignored" {
						return nil // and let the commit fail
					}
					_, err = tx.UserByID(ctx, id) // 25P02: the transaction is aborted
					return err
				}
				return nil
			})
			if calls != tc.wantCalls || (err != nil) != tc.wantErr {
				t.Fatalf("fn ran %d times, InTx returned %v; want %d runs, error %v", calls, err, tc.wantCalls, tc.wantErr)
			}
			_, uerr := s.UserByID(ctx, id)
			if tc.wantErr != domain.IsKind(uerr, domain.KindNotFound) {
				t.Errorf("user after InTx: %v (InTx: %v)", uerr, err)
			}
			// Every rerun is logged, with the database's error.
			if got, want := strings.Count(logs.String(), "transaction aborted by the database"), calls-1; got != want ||
				(want > 0 && !strings.Contains(logs.String(), tc.code)) {
				t.Errorf("%d rerun log lines for %d reruns:\n%s", got, want, logs.String())
			}
		})
	}
}

// TestPostgresMutualFollowsDoNotCollide: Follow and Unfollow lock the two
// users' rows in id order, so "a follows b" and "b follows a" at once queue
// up rather than deadlock: InTx never has to run fn twice. (The conformance
// suite checks the outcome; retries would hide a deadlock from it.)
func TestPostgresMutualFollowsDoNotCollide(t *testing.T) {
	s := openPostgres(t)
	defer s.Close()
	ctx := t.Context()
	const users, toggles = 4, 6
	for id := int64(1); id <= users; id++ {
		err := s.InTx(ctx, func(tx domain.Tx) error {
			return tx.CreateUser(ctx, &domain.User{ID: id, ScreenName: fmt.Sprintf("m%d", id), CreatedAt: time.Now()}, &domain.Credentials{UserID: id})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var runs, txs atomic.Int64
	var wg sync.WaitGroup
	for a := int64(1); a <= users; a++ {
		for b := int64(1); b <= users; b++ {
			if a == b {
				continue
			}
			wg.Go(func() {
				for i := range toggles {
					txs.Add(1)
					err := s.InTx(ctx, func(tx domain.Tx) error {
						runs.Add(1)
						d, err := 1, error(nil)
						if i%2 == 0 {
							err = tx.Follow(ctx, a, b, time.Now(), "")
						} else {
							d, err = -1, tx.Unfollow(ctx, a, b)
						}
						if err != nil {
							return err
						}
						if err := tx.AddUserCounts(ctx, a, domain.UserCounts{Friends: d}); err != nil {
							return err
						}
						return tx.AddUserCounts(ctx, b, domain.UserCounts{Followers: d})
					})
					if err != nil {
						t.Errorf("%d -> %d toggle %d: %v", a, b, i, err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	if runs.Load() != txs.Load() {
		t.Errorf("fn ran %d times for %d transactions: some were aborted (deadlock?) and retried", runs.Load(), txs.Load())
	}
}

// TestSQLiteSync: --sync full makes SQLite fsync every commit
// (synchronous=FULL, 2) on the writer and every reader; the default stays
// NORMAL (1), which survives a crash of the process.
func TestSQLiteSync(t *testing.T) {
	for _, tc := range []struct {
		full bool
		want int
	}{{false, 1}, {true, 2}} {
		s, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "weibo.db"), Options{SyncFull: tc.full})
		if err != nil {
			t.Fatal(err)
		}
		for name, db := range map[string]interface {
			QueryRowContext(context.Context, string, ...any) *sql.Row
		}{"writer": s.write, "reader": s.read} {
			var got int
			if err := db.QueryRowContext(t.Context(), "PRAGMA synchronous").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("SyncFull %v: %s synchronous = %d, want %d", tc.full, name, got, tc.want)
			}
		}
		s.Close()
	}
}
