// Package sqlstore is the domain.Store on database/sql, for SQLite
// (modernc.org/sqlite, pure Go) and PostgreSQL (pgx through its database/sql
// adapter). Every query is written once with ? placeholders and rebound to $n
// for PostgreSQL; a small dialect value holds the few differences. Driver
// errors become domain error kinds at this boundary.
//
// SQLite runs with two pools on the same file: one writer connection, which
// every transaction uses (so writers never contend inside the process), and a
// pool of read-only connections for reads outside transactions. WAL mode lets
// the readers proceed while the writer commits, and busy_timeout lets another
// process (a CLI command) write to the same file.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"               // NewConnector; also registers "sqlite" (the bulk loader opens it by name)

	"github.com/weibo-server/weibo/internal/domain"
)

// Options tune a Store. The zero value is a good default.
type Options struct {
	// MaxOpenConns bounds the read pool on SQLite (the writer is always one
	// connection) and the whole pool on PostgreSQL. 0 picks a default.
	MaxOpenConns int
	// Logger receives migration progress and a warning for each transaction
	// the database aborts and InTx reruns; nil keeps the store quiet.
	Logger *slog.Logger
	// SyncFull makes every SQLite commit wait for fsync (synchronous=FULL),
	// so that it survives power loss and an OS crash, not only the death
	// of the process. PostgreSQL's durability is its server's own setting.
	SyncFull bool
}

// Store is the domain.Store over SQLite or PostgreSQL. Its read methods run
// outside any transaction; writes happen in InTx.
type Store struct {
	reads // reads outside a transaction: the read pool

	d     *dialect
	write *sql.DB // SQLite: the single writer connection; PostgreSQL: the pool
	read  *sql.DB // SQLite: the read-only pool; PostgreSQL: the same pool as write
	n     atomic.Int64
	log   *slog.Logger // never nil
}

var _ domain.Store = (*Store)(nil)

// sqlitePragmas are applied by the driver to every pooled connection.
//
// Durability (--sync): in WAL mode synchronous=NORMAL makes a committed
// transaction durable against a crash of the process (kill -9, panic, OOM):
// the commit is in the WAL file in the OS page cache before COMMIT returns,
// and the next opener replays it. Only an OS crash or power loss can roll
// back the last commits (never corrupt the file) — our default requirement
// ("durable when acknowledged" for the process) at a fraction of the cost
// of an fsync per commit. synchronous=FULL adds that fsync of the WAL to
// every commit, so a commit also survives power loss (sqlite.org/pragma.html
// #pragma_synchronous, sqlite.org/wal.html).
func sqlitePragmas(full bool) string {
	sync := "NORMAL"
	if full {
		sync = "FULL"
	}
	return "_pragma=busy_timeout(5000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(" + sync + ")" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=cache_size(-16000)" // 16 MB of page cache per connection
}

// Open connects to the database named by dsn and applies pending migrations.
//
// dsn is "sqlite:PATH" (or "sqlite://PATH", or a bare file path) for SQLite and
// "postgres://..." or "postgresql://..." for PostgreSQL.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	kind, target, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{d: newDialect(kind), log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	switch kind {
	case dialectSQLite:
		err = s.openSQLite(ctx, target, opts)
	default:
		err = s.openPostgres(ctx, target, opts)
	}
	if err != nil {
		s.closeDBs()
		return nil, err
	}
	s.reads = reads{conn{q: s.read, d: s.d, n: &s.n}}
	return s, nil
}

// Migrate applies pending migrations to the database named by dsn and
// returns; it is what `weibo migrate` runs. Open migrates too.
func Migrate(ctx context.Context, dsn string) error {
	kind, target, err := parseDSN(dsn)
	if err != nil {
		return err
	}
	d := newDialect(kind)
	var db *sql.DB
	if kind == dialectSQLite {
		db, err = openSQLiteWriter(ctx, target, false)
	} else {
		db, err = openPostgresDB(ctx, target, 2)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	return migrate(ctx, db, d, nil)
}

func parseDSN(dsn string) (kind, target string, err error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return dialectPostgres, dsn, nil
	case strings.HasPrefix(dsn, "sqlite://"):
		target = strings.TrimPrefix(dsn, "sqlite://")
	case strings.HasPrefix(dsn, "sqlite:"):
		target = strings.TrimPrefix(dsn, "sqlite:")
	case strings.Contains(dsn, "://"):
		return "", "", fmt.Errorf("sqlstore: unsupported database URL scheme in %q (want sqlite: or postgres://)", redact(dsn))
	default:
		target = dsn
	}
	switch {
	case target == "":
		return "", "", errors.New("sqlstore: empty SQLite path")
	case target == ":memory:" || strings.HasPrefix(target, "file:"):
		return "", "", fmt.Errorf("sqlstore: SQLite needs a plain file path, got %q", target)
	case strings.ContainsRune(target, '?'):
		return "", "", fmt.Errorf("sqlstore: SQLite path %q must not contain '?' (options are fixed by the store)", target)
	}
	return dialectSQLite, target, nil
}

// redact hides a password in a URL for error messages.
func redact(dsn string) string {
	at := strings.LastIndexByte(dsn, '@')
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.IndexByte(userinfo, ':'); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":xxxxx" + dsn[at:]
	}
	return dsn
}

// openSQLiteDB is sql.Open("sqlite", dsn) with each connection keeping its
// prepared statements (stmtcache.go).
func openSQLiteDB(dsn string) (*sql.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(stmtCacheConnector{inner: c, size: stmtCacheSize}), nil
}

func openSQLiteWriter(ctx context.Context, path string, syncFull bool) (*sql.DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlstore: create database directory: %w", err)
		}
	}
	// _txlock=immediate: BEGIN takes the write lock at once, so a transaction
	// never fails with SQLITE_BUSY when it upgrades from reading to writing
	// (busy_timeout waits for a writer in another process instead).
	db, err := openSQLiteDB(path + "?" + sqlitePragmas(syncFull) + "&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open sqlite writer: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := pingSQLite(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open sqlite %s: %w", path, err)
	}
	return db, nil
}

// openBusyBudget bounds how long opening a connection keeps retrying.
const openBusyBudget = 10 * time.Second

// pingSQLite opens db's first connection. Opening runs the connection's
// pragmas, and switching a new file to WAL while another process opens or
// migrates it answers SQLITE_BUSY at once: busy_timeout does not cover the
// journal-mode change. Such an open is retried, briefly, until the other
// side is done (two `weibo` processes started together on a new data dir).
func pingSQLite(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(openBusyBudget)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := db.PingContext(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

func (s *Store) openSQLite(ctx context.Context, path string, opts Options) error {
	var err error
	if s.write, err = openSQLiteWriter(ctx, path, opts.SyncFull); err != nil {
		return err
	}
	if err := migrate(ctx, s.write, s.d, opts.Logger); err != nil {
		return err
	}
	// Refresh the planner's statistics where SQLite thinks it worthwhile,
	// reading a bounded sample of each index (SQLite's advice for
	// long-lived connections).
	if _, err := s.write.ExecContext(ctx, "PRAGMA analysis_limit=400"); err != nil {
		return fmt.Errorf("sqlstore: analysis_limit: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
		return fmt.Errorf("sqlstore: optimize: %w", err)
	}
	n := opts.MaxOpenConns
	if n <= 0 {
		n = max(4, runtime.GOMAXPROCS(0))
	}
	// query_only: a write that strays onto the read pool fails loudly.
	if s.read, err = openSQLiteDB(path + "?" + sqlitePragmas(opts.SyncFull) + "&_pragma=query_only(1)"); err != nil {
		return fmt.Errorf("sqlstore: open sqlite readers: %w", err)
	}
	s.read.SetMaxOpenConns(n)
	s.read.SetMaxIdleConns(n)
	s.read.SetConnMaxLifetime(0)
	s.read.SetConnMaxIdleTime(0)
	if err := pingSQLite(ctx, s.read); err != nil {
		return fmt.Errorf("sqlstore: open sqlite readers %s: %w", path, err)
	}
	return nil
}

func openPostgresDB(ctx context.Context, dsn string, n int) (*sql.DB, error) {
	// sql.Open("pgx") keeps pgx's per-connection statement cache: every query
	// text is prepared once per connection. Never call db.Prepare on top.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open postgres: %w", err)
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: connect to postgres %s: %w", redact(dsn), err)
	}
	return db, nil
}

func (s *Store) openPostgres(ctx context.Context, dsn string, opts Options) error {
	n := opts.MaxOpenConns
	if n <= 0 {
		n = 20
	}
	db, err := openPostgresDB(ctx, dsn, n)
	if err != nil {
		return err
	}
	s.write, s.read = db, db
	return migrate(ctx, db, s.d, opts.Logger)
}

func (s *Store) closeDBs() error {
	var errs []error
	if s.read != nil && s.read != s.write {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// Close closes the connection pools.
func (s *Store) Close() error { return s.closeDBs() }

// Queries returns how many SQL statements the store has executed, so a test
// can prove that a warm path runs none. BEGIN and COMMIT are not counted.
func (s *Store) Queries() int64 { return s.n.Load() }

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Ping checks that the database answers (health checks).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlstore: ping: %w", err)
	}
	return nil
}

// WriteDB and ReadDB expose the pools to the composition root for adapters
// that share the database (the full-text index). On SQLite WriteDB is the
// single writer connection: hold it only briefly.
func (s *Store) WriteDB() *sql.DB { return s.write }

// ReadDB: see WriteDB.
func (s *Store) ReadDB() *sql.DB { return s.read }

// InTx runs fn in one transaction on the writer and commits if fn returns nil;
// otherwise (or if fn panics) it rolls back and returns fn's error unchanged.
// On PostgreSQL the transaction is READ COMMITTED; counters are updated with
// atomic increments, so concurrent actions add up.
//
// PostgreSQL may still abort a transaction to settle a conflict: a deadlock
// (40P01) between actions that lock the same rows in different orders (the
// store orders its own locks, see lockPair, but the order of the core's
// calls is the core's), or a serialization failure (40001). Nothing of the
// transaction is kept then, so InTx runs fn again in a new one, up to
// maxTxAttempts times in all; fn must therefore leave no trace outside tx
// that a second run would repeat. SQLite never needs this: its single writer
// runs transactions one at a time.
func (s *Store) InTx(ctx context.Context, fn func(tx domain.Tx) error) error {
	for attempt := 1; ; attempt++ {
		abort, err := s.inTx(ctx, fn)
		if abort == nil || attempt == maxTxAttempts {
			// A full disk fails the statement, the journal write or the
			// commit, wherever it strikes: one kind for all of them.
			if err != nil && isOutOfSpace(err) && !domain.IsKind(err, domain.KindUnavailable) {
				err = outOfSpace(err, "transaction")
			}
			return err
		}
		// Worth knowing: a rerun costs the time the database took to detect
		// the conflict (a second for a deadlock), and each one points at
		// locks taken in an order that could be fixed.
		attrs := []slog.Attr{slog.Int("attempt", attempt), slog.Any("err", abort)}
		var pe *pgconn.PgError
		if errors.As(abort, &pe) { // which locks, held by whom, taken where
			attrs = append(attrs, slog.String("detail", pe.Detail), slog.String("where", pe.Where))
		}
		s.log.LogAttrs(ctx, slog.LevelWarn, "transaction aborted by the database; running it again", attrs...)
		// Jitter, growing with each attempt, so that the transactions that
		// collided do not start again in lock-step and collide again.
		select {
		case <-ctx.Done():
			return err
		case <-time.After(rand.N(time.Duration(attempt) * 5 * time.Millisecond)):
		}
	}
}

// maxTxAttempts bounds how often InTx runs fn when PostgreSQL aborts it.
const maxTxAttempts = 5

// inTx is one attempt of InTx. A non-nil abort is the database's error when
// it aborted the transaction to settle a conflict, so running fn again may
// succeed.
func (s *Store) inTx(ctx context.Context, fn func(tx domain.Tx) error) (abort, err error) {
	var opts *sql.TxOptions
	if s.d.name == dialectPostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	sqlTx, err := s.write.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: begin: %w", err)
	}
	finished := false
	defer func() {
		if !finished { // fn panicked
			_ = sqlTx.Rollback()
		}
	}()
	var conflict atomic.Pointer[error]
	t := &tx{reads: reads{conn{q: sqlTx, d: s.d, n: &s.n, conflict: &conflict}}}
	err = fn(t)
	if err == nil {
		err = t.flushUnread(ctx)
	}
	finished = true
	if err != nil {
		_ = sqlTx.Rollback()
		return abortOf(&conflict, err), err
	}
	if err := sqlTx.Commit(); err != nil {
		// An aborted transaction that fn saw fail but answered nil for
		// cannot commit either; that too is worth another run.
		return abortOf(&conflict, err), fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil, nil
}

// abortOf is the conflict abort behind a failed attempt: the first one a
// statement of the transaction saw, which also catches an abort that fn did
// not pass on (it may have taken the error for "not found" and gone on to
// fail on the aborted transaction), or err itself.
func abortOf(conflict *atomic.Pointer[error], err error) error {
	if p := conflict.Load(); p != nil {
		return *p
	}
	if isConflictAbort(err) {
		return err
	}
	return nil
}

// reads holds every read method; it runs on the read pool (Store) or inside
// a transaction (tx), with the same code.
type reads struct{ c conn }

// tx is the domain.Tx: the reads plus every write, all on one *sql.Tx.
type tx struct {
	reads
	// unread holds the transaction's AddUnread calls until it commits
	// (flushUnread): see AddUnread.
	unread []unreadAdd
}

var _ domain.Tx = (*tx)(nil)
