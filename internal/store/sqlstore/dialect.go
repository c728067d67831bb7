package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/weibo-server/weibo/internal/domain"
)

// dialect is the small value that holds the few differences between SQLite
// and PostgreSQL. Every query is written once, with ? placeholders.
type dialect struct {
	name   string // "sqlite" or "postgres"
	dollar bool   // rebind ? to $1, $2, ...

	// greatest is the two-argument maximum function: SQLite's scalar max()
	// and PostgreSQL's GREATEST().
	greatest string
	// nowMs is the database's clock as Unix milliseconds, for what several
	// processes must judge by one clock (node lease expiry).
	nowMs string

	cache     sync.Map // ? query → $n query
	cacheSize atomic.Int64
}

const (
	dialectSQLite   = "sqlite"
	dialectPostgres = "postgres"
)

// maxRebindCache bounds the rebind cache. The static queries number in the
// dozens; IN lists add one entry per distinct length.
const maxRebindCache = 4096

func newDialect(name string) *dialect {
	switch name {
	case dialectPostgres:
		return &dialect{name: name, dollar: true, greatest: "GREATEST",
			nowMs: "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"}
	default:
		return &dialect{name: dialectSQLite, greatest: "MAX",
			nowMs: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"}
	}
}

// rebind returns q with its placeholders in the dialect's form, caching the
// result for queries that are built from a fixed set of shapes.
func (d *dialect) rebind(q string) string {
	if !d.dollar {
		return q
	}
	if v, ok := d.cache.Load(q); ok {
		return v.(string)
	}
	r := rebindDollar(q)
	if d.cacheSize.Load() < maxRebindCache {
		if _, loaded := d.cache.LoadOrStore(q, r); !loaded {
			d.cacheSize.Add(1)
		}
	}
	return r
}

// rebindDollar turns each ? outside a quoted literal into $1, $2, ...
func rebindDollar(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// clampAdd is the SQL for "col + ? but never below zero".
func (d *dialect) clampAdd(col string) string {
	return d.greatest + "(0, " + col + " + ?)"
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY violation
// from either driver.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" // unique_violation
	}
	return false
}

// isPrimaryKeyViolation reports a PRIMARY KEY violation from either driver:
// SQLite's own extended code, PostgreSQL's unique violation on a constraint
// named <table>_pkey (the name PostgreSQL gives every PRIMARY KEY of ours).
func isPrimaryKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" && strings.HasSuffix(pe.ConstraintName, "_pkey")
	}
	return false
}

// newRowErr is dbErr for an INSERT of a row under a generated id: a primary
// key violation there means the id generator handed out an id already used
// (domain.ErrIDTaken), which is neither "already exists" for the client nor
// any unique column the client chose.
func newRowErr(err error, what string) error {
	if isPrimaryKeyViolation(err) {
		return &domain.Error{Kind: domain.KindInternal, Msg: what + ": generated id already in use",
			Err: fmt.Errorf("%w: %w", domain.ErrIDTaken, err)}
	}
	return dbErr(err, what, "")
}

// isConflictAbort reports whether err is PostgreSQL aborting a transaction
// to settle a conflict with another: a serialization failure (40001) or a
// deadlock (40P01). Running the transaction again may succeed.
// isBusy reports SQLite's SQLITE_BUSY (with any extended code): another
// connection holds a lock this one needs.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

func isConflictAbort(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	return false
}

// isOutOfSpace reports a write the database could not make for want of
// space: SQLite's SQLITE_FULL ("database or disk is full", also what a
// failed WAL write on a full disk answers), an I/O error that is ENOSPC, or
// PostgreSQL's class 53 (insufficient resources: disk_full, out of memory,
// too many connections). Nothing is half-written: the transaction is rolled
// back, and the same write succeeds once there is room again.
func isOutOfSpace(err error) bool {
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_FULL
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "53")
	}
	return false
}

// outOfSpace is the domain's error for isOutOfSpace: the service is
// unavailable for writes until an operator makes room.
func outOfSpace(err error, what string) error {
	return &domain.Error{Kind: domain.KindUnavailable, Msg: what + ": out of space", Err: err}
}

// dbErr turns a driver error into the error the domain expects: a unique
// violation becomes KindConflict, no rows becomes KindNotFound (refined by
// reason when one is given), anything else is wrapped with context.
func dbErr(err error, what string, notFound domain.Reason) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return &domain.Error{Kind: domain.KindNotFound, Reason: notFound, Msg: what + ": not found", Err: err}
	case isUniqueViolation(err):
		return &domain.Error{Kind: domain.KindConflict, Msg: what + ": already exists", Err: err}
	case isOutOfSpace(err):
		return outOfSpace(err, what)
	default:
		var de *domain.Error
		if errors.As(err, &de) {
			return err
		}
		return fmt.Errorf("sqlstore: %s: %w", what, err)
	}
}

// notFound is a KindNotFound error for a missing row found by counting
// affected rows rather than by sql.ErrNoRows.
func notFound(what string, reason domain.Reason) error {
	return &domain.Error{Kind: domain.KindNotFound, Reason: reason, Msg: what + ": not found", Err: sql.ErrNoRows}
}
