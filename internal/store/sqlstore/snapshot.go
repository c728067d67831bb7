package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrNotSQLite is returned by Snapshot for a database that is not SQLite
// (PostgreSQL has pg_dump for that).
var ErrNotSQLite = errors.New("sqlstore: not an SQLite database")

// Snapshot writes a consistent copy of the SQLite database named by dsn to
// dest, a new file, while servers and commands go on writing to it.
//
// VACUUM INTO reads the whole database inside one read transaction, so the
// copy holds exactly the transactions committed before it began, and in WAL
// mode writers are not held up meanwhile (sqlite.org/lang_vacuum.html). The
// copy is a compact, self-contained database file (no -wal to go with it)
// that any SQLite opens as it is.
//
// The copy's node leases are released: the processes holding them hold
// the source, not the copy, so a server started on a restored copy may take
// any number (even a --node the source's server holds) at once. Each
// number's ceiling stays, so ids made on the copy still follow every id
// the copy holds.
func Snapshot(ctx context.Context, dsn, dest string) error {
	kind, path, err := parseDSN(dsn)
	if err != nil {
		return err
	}
	if kind != dialectSQLite {
		return ErrNotSQLite
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("sqlstore: snapshot: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("sqlstore: snapshot: %s exists", dest)
	}
	// A plain connection: no WAL switch, no migration, nothing written to the
	// source; busy_timeout waits out a writer's brief exclusive moments.
	db, err := openSQLiteDB(path + "?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("sqlstore: snapshot: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		_ = os.Remove(dest)
		return fmt.Errorf("sqlstore: snapshot %s: %w", path, err)
	}
	if err := releaseLeases(ctx, dest); err != nil {
		_ = os.Remove(dest)
		return fmt.Errorf("sqlstore: snapshot %s: %w", path, err)
	}
	return nil
}

// releaseLeases frees every node lease in the database file at path (a
// copy no process uses yet), keeping each number's ceiling.
func releaseLeases(ctx context.Context, path string) error {
	db, err := openSQLiteDB(path)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'node_leases'").Scan(&n); err != nil {
		return fmt.Errorf("release node leases: %w", err)
	}
	if n == 0 { // a database older than the leases
		return nil
	}
	if _, err := db.ExecContext(ctx, "UPDATE node_leases SET holder = '', expires_at = 0"); err != nil {
		return fmt.Errorf("release node leases: %w", err)
	}
	return db.Close()
}
