package app

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/blob"
	"github.com/weibo-server/weibo/internal/blob/disk"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/search"
)

// MigrateDataOptions say what weibo migrate-data copies where.
type MigrateDataOptions struct {
	// From is the embedded deployment: its data directory (SQLite database,
	// media). No server may run on it: it is locked for the copy.
	From config.Config
	// To is the scaled deployment: To.DB a PostgreSQL DSN; media go to
	// To's S3 bucket (S3Endpoint) or to To.MediaDir; with neither, the
	// media stay where they are.
	To config.Config
	// Batch is how many rows go in one transaction of the target [500].
	Batch int
	// Table is told of each table (or "media") as its copy starts, with
	// the rows to copy and those a previous run already copied; Progress
	// of the rows copied so far.
	Table    func(name string, total, done int64)
	Progress func(done int64)
	Log      *slog.Logger
}

// TableCheck is one table's verification: rows and an order-independent
// checksum of their values on each side.
type TableCheck struct {
	Name             string
	SourceRows, Rows int64
	SourceSum, Sum   uint64
	Copied, Resumed  int64 // copied by this run; already there from an interrupted one
	MediaSkipped     int64 // media only: already in the target with the same ETag
	Match            bool
}

// MigrateDataResult reports a run.
type MigrateDataResult struct {
	Tables  []TableCheck
	Media   *TableCheck // nil when the media stay where they are
	Indexed int         // statuses indexed for search in the target
}

// OK reports whether every table (and the media) verified.
func (r MigrateDataResult) OK() bool {
	for _, t := range r.Tables {
		if !t.Match {
			return false
		}
	}
	return r.Media == nil || r.Media.Match
}

// progressTable records, in the target, how far each table's copy went: it
// is written in the transaction of each batch, so an interrupted run
// resumes exactly after the last batch that committed.
const progressTable = "weibo_migrate_data"

// skipTables are not copied: the full-text index differs per database and
// is rebuilt in the target from the copied statuses and users (with its
// resume state and the user name keys, which the rebuild writes), and node
// leases belong to the processes of the old deployment.
var skipTables = map[string]bool{"search_statuses": true, "search_state": true, "user_name_keys": true, "node_leases": true}

// MigrateData copies an embedded deployment's database and media into a
// PostgreSQL database (and an S3 bucket or a media directory), resumably,
// then verifies every table by row count and checksum and every media file
// by its content hash, and rebuilds the search index in the target.
func MigrateData(ctx context.Context, o MigrateDataOptions) (res MigrateDataResult, err error) {
	if o.Batch <= 0 {
		o.Batch = 500
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Table == nil {
		o.Table = func(string, int64, int64) {}
	}
	if o.Progress == nil {
		o.Progress = func(int64) {}
	}
	if strings.HasPrefix(o.From.DSN(), "postgres") {
		return res, errors.New("--from is the data directory of an embedded (SQLite) deployment")
	}
	if !strings.HasPrefix(o.To.DB, "postgres://") && !strings.HasPrefix(o.To.DB, "postgresql://") {
		return res, errors.New("--to must be a postgres:// DSN")
	}
	lock, err := lockDataDir(o.From.DataDir)
	if err != nil {
		return res, fmt.Errorf("--from %s: %w (stop the server first)", o.From.DataDir, err)
	}
	defer lock.release()
	src, err := OpenStore(ctx, o.From, o.Log)
	if err != nil {
		return res, fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	dst, err := OpenStore(ctx, o.To, o.Log)
	if err != nil {
		return res, fmt.Errorf("target: %w", err)
	}
	defer dst.Close()
	sdb, tdb := src.WriteDB(), dst.WriteDB()

	if _, err := tdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+progressTable+
		` (tbl TEXT PRIMARY KEY, copied BIGINT NOT NULL, done SMALLINT NOT NULL)`); err != nil {
		return res, fmt.Errorf("target: progress table: %w", err)
	}
	var started, users int64
	if err := tdb.QueryRowContext(ctx, `SELECT count(*) FROM `+progressTable).Scan(&started); err != nil {
		return res, fmt.Errorf("target: %w", err)
	}
	if err := tdb.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil {
		return res, fmt.Errorf("target: %w", err)
	}
	if started == 0 && users > 0 {
		return res, errors.New("the target database already holds users and no interrupted migrate-data run: copy into an empty database")
	}

	tables, err := sourceTables(ctx, sdb)
	if err != nil {
		return res, err
	}
	for _, t := range tables {
		if err := t.checkTarget(ctx, tdb); err != nil {
			return res, err
		}
	}
	for _, t := range tables {
		check, err := copyTable(ctx, o, sdb, tdb, t)
		if err != nil {
			return res, fmt.Errorf("copy %s: %w", t.name, err)
		}
		res.Tables = append(res.Tables, check)
	}

	if m, err := copyMedia(ctx, o); err != nil {
		return res, err
	} else {
		res.Media = m
	}

	// The search index of the target, from the statuses copied.
	seg := search.NewSegmenter(o.To.SearchDict)
	svc, err := NewCoreWithSearch(o.To, dst, NewSearcher(dst, seg), o.Log)
	if err != nil {
		return res, err
	}
	var total int64
	ri, err := svc.Reindex(ctx, core.ReindexOptions{
		Total:    func(n int) { total = int64(n); o.Table("search index", total, 0) },
		Progress: func(n int) { o.Progress(int64(n)) },
	})
	if err != nil {
		return res, fmt.Errorf("search index: %w", err)
	}
	res.Indexed = ri.Indexed

	// Verify last, from both databases as they now are.
	for i := range res.Tables {
		t := tables[i]
		c := &res.Tables[i]
		if c.SourceRows, c.SourceSum, err = t.checksum(ctx, sdb, false); err != nil {
			return res, fmt.Errorf("verify %s: %w", t.name, err)
		}
		if c.Rows, c.Sum, err = t.checksum(ctx, tdb, true); err != nil {
			return res, fmt.Errorf("verify %s: %w", t.name, err)
		}
		c.Match = c.Rows == c.SourceRows && c.Sum == c.SourceSum
	}
	return res, nil
}

type table struct {
	name string
	cols []string
	pk   []string // primary key columns in key order; empty: order by rowid
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (t table) colList() string {
	q := make([]string, len(t.cols))
	for i, c := range t.cols {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}

// sourceTables lists the SQLite tables to copy in the order they were
// created, so a table comes after those its foreign keys name.
func sourceTables(ctx context.Context, db *sql.DB) ([]table, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("source: list tables: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		if strings.HasPrefix(n, "sqlite_") || strings.HasPrefix(n, "goose_") || skipTables[n] ||
			strings.HasPrefix(n, "search_statuses_") { // the FTS5 index's own tables
			continue
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []table
	for _, n := range names {
		t := table{name: n}
		type pkCol struct {
			name string
			pos  int
		}
		var pks []pkCol
		cr, err := db.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			return nil, fmt.Errorf("source: columns of %s: %w", n, err)
		}
		for cr.Next() {
			var c string
			var pk int
			if err := cr.Scan(&c, &pk); err != nil {
				cr.Close()
				return nil, err
			}
			t.cols = append(t.cols, c)
			if pk > 0 {
				pks = append(pks, pkCol{c, pk})
			}
		}
		cr.Close()
		if err := cr.Err(); err != nil {
			return nil, err
		}
		slices.SortFunc(pks, func(a, b pkCol) int { return a.pos - b.pos })
		for _, p := range pks {
			t.pk = append(t.pk, p.name)
		}
		out = append(out, t)
	}
	return out, nil
}

// checkTarget makes sure the target has the table with the same columns:
// both schemas come from migrations kept in lock-step, so a difference is
// a bug to stop at, not to paper over.
func (t table) checkTarget(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1`, t.name)
	if err != nil {
		return fmt.Errorf("target: columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	want := slices.Clone(t.cols)
	slices.Sort(want)
	slices.Sort(cols)
	if !slices.Equal(want, cols) {
		return fmt.Errorf("table %s: the source has columns %v, the target %v (are both at the same migration?)", t.name, want, cols)
	}
	return nil
}

func (t table) orderBy() string {
	if len(t.pk) == 0 {
		return "rowid"
	}
	q := make([]string, len(t.pk))
	for i, c := range t.pk {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}

// upsert is the INSERT of n rows; rows already there (seeded by a
// migration, or copied by a run that died after its commit but before we
// knew) take the source's values.
func (t table) upsert(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(t.name) + " (" + t.colList() + ") VALUES ")
	p := 1
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.cols {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteString("$" + strconv.Itoa(p))
			p++
		}
		b.WriteByte(')')
	}
	if len(t.pk) > 0 {
		pk := make([]string, len(t.pk))
		for i, c := range t.pk {
			pk[i] = quoteIdent(c)
		}
		var set []string
		for _, c := range t.cols {
			if !slices.Contains(t.pk, c) {
				set = append(set, quoteIdent(c)+" = EXCLUDED."+quoteIdent(c))
			}
		}
		b.WriteString(" ON CONFLICT (" + strings.Join(pk, ", ") + ")")
		if len(set) == 0 {
			b.WriteString(" DO NOTHING")
		} else {
			b.WriteString(" DO UPDATE SET " + strings.Join(set, ", "))
		}
	}
	return b.String()
}

func copyTable(ctx context.Context, o MigrateDataOptions, sdb, tdb *sql.DB, t table) (TableCheck, error) {
	c := TableCheck{Name: t.name}
	var total int64
	if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t.name)).Scan(&total); err != nil {
		return c, err
	}
	var copied int64
	var done int
	err := tdb.QueryRowContext(ctx, `SELECT copied, done FROM `+progressTable+` WHERE tbl = $1`, t.name).Scan(&copied, &done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tdb.ExecContext(ctx, `INSERT INTO `+progressTable+` (tbl, copied, done) VALUES ($1, 0, 0)`, t.name); err != nil {
			return c, err
		}
	case err != nil:
		return c, err
	}
	c.Resumed = copied
	o.Table(t.name, total, copied)
	if done == 1 {
		return c, nil
	}
	// One read of the rest in key order; the source is locked, so the
	// order and the offset of a resumed run are those of the first.
	rows, err := sdb.QueryContext(ctx, `SELECT `+t.colList()+` FROM `+quoteIdent(t.name)+
		` ORDER BY `+t.orderBy()+` LIMIT -1 OFFSET ?`, copied)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	// PostgreSQL takes at most 65535 parameters a statement.
	per := max(1, min(o.Batch, 30000/len(t.cols)))
	batch := make([]any, 0, per*len(t.cols))
	flush := func(n int) error {
		tx, err := tdb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if n > 0 {
			if _, err := tx.ExecContext(ctx, t.upsert(n), batch...); err != nil {
				return err
			}
		}
		copied += int64(n)
		fin := 0
		if copied >= total {
			fin = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+progressTable+` SET copied = $1, done = $2 WHERE tbl = $3`, copied, fin, t.name); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		c.Copied += int64(n)
		batch = batch[:0]
		o.Progress(copied)
		return nil
	}
	n := 0
	for rows.Next() {
		vals := make([]any, len(t.cols))
		ptrs := make([]any, len(t.cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return c, err
		}
		batch = append(batch, vals...)
		n++
		if n == per {
			if err := flush(n); err != nil {
				return c, err
			}
			n = 0
		}
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	return c, flush(n)
}

// checksum counts the table's rows and sums a hash of each (so the order
// the databases return them in does not matter). Values are normalised to
// what both drivers give for the shared column types: int64, string,
// []byte, float64 or NULL.
func (t table) checksum(ctx context.Context, db *sql.DB, target bool) (int64, uint64, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+t.colList()+` FROM `+quoteIdent(t.name))
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var n int64
	var sum uint64
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, 0, err
		}
		h.Reset()
		buf = buf[:0]
		for _, v := range vals {
			switch x := v.(type) {
			case nil:
				buf = append(buf, 'N')
			case int64:
				buf = append(buf, 'I')
				buf = strconv.AppendInt(buf, x, 10)
			case int32:
				buf = append(buf, 'I')
				buf = strconv.AppendInt(buf, int64(x), 10)
			case int16:
				buf = append(buf, 'I')
				buf = strconv.AppendInt(buf, int64(x), 10)
			case float64:
				if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
					buf = append(buf, 'F')
				} else {
					buf = append(buf, 'f')
				}
				buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
			case string:
				buf = append(buf, 'S')
				buf = strconv.AppendInt(buf, int64(len(x)), 10)
				buf = append(buf, ':')
				buf = append(buf, x...)
			case []byte:
				buf = append(buf, 'B')
				buf = strconv.AppendInt(buf, int64(len(x)), 10)
				buf = append(buf, ':')
				buf = append(buf, x...)
			default:
				return 0, 0, fmt.Errorf("%s: a value of type %T", t.name, v)
			}
			buf = append(buf, 0)
		}
		h.Write(buf)
		sum += binary.BigEndian.Uint64(h.Sum(nil))
		n++
	}
	return n, sum, rows.Err()
}

// copyMedia copies the media files from the source's directory to the
// target's store, skipping those already there with the same content hash
// (a resumed run, or files written by both), then checks every one.
func copyMedia(ctx context.Context, o MigrateDataOptions) (*TableCheck, error) {
	if o.To.S3Endpoint == "" && o.To.MediaDir == "" {
		return nil, nil
	}
	from, err := disk.New(o.From.MediaPath())
	if err != nil {
		return nil, err
	}
	to, err := OpenBlobs(ctx, o.To)
	if err != nil {
		return nil, err
	}
	var keys []string
	if err := from.Keys(ctx, func(k string) error { keys = append(keys, k); return nil }); err != nil {
		return nil, fmt.Errorf("media: list %s: %w", from.Root(), err)
	}
	c := &TableCheck{Name: "media", SourceRows: int64(len(keys))}
	o.Table("media", int64(len(keys)), 0)
	var checked int64
	for _, k := range keys {
		sinfo, err := from.Stat(ctx, k)
		if err != nil {
			return c, fmt.Errorf("media %s: %w", k, err)
		}
		tinfo, err := to.Stat(ctx, k)
		switch {
		case err == nil && tinfo.ETag == sinfo.ETag:
			c.MediaSkipped++
		case err == nil || domain.IsKind(err, domain.KindNotFound):
			if err := copyBlob(ctx, from, to, k); err != nil {
				return c, err
			}
			c.Copied++
		default:
			return c, fmt.Errorf("media %s: %w", k, err)
		}
		// Verify: the target's hash of the bytes is the source's.
		if tinfo, err = to.Stat(ctx, k); err != nil {
			return c, fmt.Errorf("media %s: verify: %w", k, err)
		}
		if tinfo.ETag == sinfo.ETag && tinfo.Size == sinfo.Size {
			c.Rows++
		}
		checked++
		o.Progress(checked)
	}
	c.Match = c.Rows == c.SourceRows
	return c, nil
}

func copyBlob(ctx context.Context, from *disk.Store, to domain.Blobs, k string) error {
	rc, info, err := from.Get(ctx, k)
	if err != nil {
		return fmt.Errorf("media %s: %w", k, err)
	}
	defer rc.Close()
	buf := make([]byte, info.Size)
	if _, err := io.ReadFull(rc, buf); err != nil {
		return fmt.Errorf("media %s: %w", k, err)
	}
	ct := blob.ContentTypeOf(k)
	if err := to.Put(ctx, k, ct, buf); err != nil {
		return fmt.Errorf("media %s: %w", k, err)
	}
	return nil
}
