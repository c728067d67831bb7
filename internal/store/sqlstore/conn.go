package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"time"
)

// querier is what *sql.DB and *sql.Tx have in common: the query methods are
// written once against it and run on a pool or inside a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs statements on a querier: it rebinds placeholders for the dialect
// and counts every statement.
type conn struct {
	q querier
	d *dialect
	n *atomic.Int64
	// conflict, inside a transaction, holds the first error of a statement
	// that failed because the database aborted the transaction to settle a
	// conflict (see InTx).
	conflict *atomic.Pointer[error]
}

// note records a conflict abort in err, for InTx to retry on.
func (c conn) note(err error) {
	if err != nil && c.conflict != nil && isConflictAbort(err) {
		c.conflict.CompareAndSwap(nil, &err)
	}
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	c.n.Add(1)
	res, err := c.q.ExecContext(ctx, c.d.rebind(query), args...)
	c.note(err)
	return res, err
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	rows, err := c.q.QueryContext(ctx, c.d.rebind(query), args...)
	c.note(err)
	return rows, err
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	c.n.Add(1)
	row := c.q.QueryRowContext(ctx, c.d.rebind(query), args...)
	c.note(row.Err())
	return row
}

// ids runs a query whose single column is an int64 id.
func (c conn) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// count runs a query whose single row and column is a count.
func (c conn) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := c.queryRow(ctx, query, args...).Scan(&n)
	return n, err
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// builder accumulates SQL text and its arguments.
type builder struct {
	strings.Builder
	args []any
}

func (b *builder) add(sql string, args ...any) {
	b.WriteString(sql)
	b.args = append(b.args, args...)
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// int64Args converts ids to query arguments.
func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// maxBatch bounds the ids sent in one IN list; longer lists are split.
const maxBatch = 500

// inChunks calls fn with successive slices of at most maxBatch ids.
func inChunks(ids []int64, fn func(part []int64) error) error {
	for len(ids) > 0 {
		n := min(len(ids), maxBatch)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// uniqueIDs drops zero and repeated ids, keeping order.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]struct{}, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if _, ok := seen[id]; ok {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, id)
	}
	return out
}

// Times are stored as Unix milliseconds UTC; the zero time is stored as 0.

func toMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// joinList and splitList store short string lists as comma-joined text.
func joinList(items []string) string { return strings.Join(items, ",") }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// nullString stores "" as NULL (for UNIQUE columns where "none" must not collide).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
