package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationsFS holds one folder of goose SQL migrations per dialect, numbered
// in lock-step (a test checks that the version lists are equal).
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

func migrationProvider(ctx context.Context, db *sql.DB, d *dialect, logger *slog.Logger) (*goose.Provider, error) {
	dir, err := fs.Sub(migrationsFS, "migrations/"+d.name)
	if err != nil {
		return nil, err
	}
	// Areas of the schema are numbered in blocks (see migrations/README.md)
	// and land in whatever order their work does: a database that already
	// has a later block still takes an earlier block that arrives after it.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	if logger != nil {
		// Not verbose: that logs every statement of every migration at INFO.
		opts = append(opts, goose.WithSlog(logger))
	} else {
		opts = append(opts, goose.WithSlog(slog.New(slog.DiscardHandler)))
	}
	gd := goose.DialectSQLite3
	if d.name == dialectPostgres {
		gd = goose.DialectPostgres
		// Several nodes may start at once: a session-level advisory lock lets
		// one migrate while the others wait (checking every second, up to 5 min).
		id, err := postgresLockID(ctx, db)
		if err != nil {
			return nil, err
		}
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(gd, db, dir, opts...)
}

// postgresLockID is goose's default advisory lock id for the public schema and
// a hash of the schema name otherwise, so that databases that keep several
// schemas (tests run one per test) do not queue behind one another.
func postgresLockID(ctx context.Context, db *sql.DB) (int64, error) {
	var schema sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return 0, fmt.Errorf("sqlstore: current schema: %w", err)
	}
	if !schema.Valid || schema.String == "public" {
		return lock.DefaultLockID, nil
	}
	h := fnv.New64a()
	h.Write([]byte("weibo-migrate:" + schema.String))
	return int64(h.Sum64() >> 1), nil
}

// migrate applies every pending migration.
//
// On SQLite there is no lock to take across transactions, but each migration
// runs in its own transaction: when two processes race (a CLI command and the
// server), the loser fails on "table already exists", finds nothing pending
// any more and carries on.
func migrate(ctx context.Context, db *sql.DB, d *dialect, logger *slog.Logger) error {
	p, err := migrationProvider(ctx, db, d, logger)
	if err != nil {
		return fmt.Errorf("sqlstore: migrations: %w", err)
	}
	for attempt := 1; ; attempt++ {
		_, err := p.Up(ctx)
		if err == nil {
			return nil
		}
		if d.name != dialectSQLite || attempt == 5 {
			return fmt.Errorf("sqlstore: migrate %s: %w", d.name, err)
		}
		if pending, perr := p.HasPending(ctx); perr == nil && !pending {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("sqlstore: migrate %s: %w", d.name, err)
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
}

// SchemaDigest names the schema the migrations build: a SHA-256 over every
// migration's path and text. Tests key a migrated template database by it
// (testkit), so a new or edited migration makes a new template.
func SchemaDigest() string {
	h := sha256.New()
	_ = fs.WalkDir(migrationsFS, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrationsFS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}
