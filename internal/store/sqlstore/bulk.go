package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Bulk loads a large data set (weibo seed) into an empty database far
// faster than one transaction per action could: rows are buffered and sent
// as multi-row INSERTs through prepared statements, many batches per
// transaction, with the secondary indexes dropped during the load and built
// once at the end (sorting once beats millions of random index insertions).
//
// On SQLite the load runs on a dedicated connection that holds the file
// exclusively, with the rollback journal and fsync turned off: an interrupted
// load leaves a database to delete, not to use. Finish puts the file back in
// WAL mode. On PostgreSQL the same INSERTs run in ordinary transactions.
//
// The caller supplies consistent counters (users' followers_count,
// statuses' reposts_count, ...): Bulk writes rows as given. A Bulk is not
// safe for concurrent use.
type Bulk struct {
	d      *dialect
	path   string // SQLite file; "" on PostgreSQL
	db     *sql.DB
	conn   *sql.Conn
	noop   atomic.Int64 // statement counter the conn wrapper needs
	c      conn
	inTx   bool
	since  int // rows since the last commit
	rows   atomic.Int64
	tables []*bulkTable

	users, follows, statuses, statusMentions, statusTopics, statusLinks, comments, commentMentions *bulkTable

	indexes []bulkIndex // dropped at open, rebuilt by Finish
}

type bulkIndex struct{ name, sql string }

// bulkTables are the tables Bulk writes; they must be empty when it opens.
var bulkTables = []string{"users", "follows", "statuses", "status_mentions", "status_topics", "status_links",
	"comments", "comment_mentions"}

// bulkCommitRows is how many rows go in one transaction: big enough that
// commits cost nothing, small enough that PostgreSQL's transactions stay
// a manageable size.
const bulkCommitRows = 200_000

// bulkParams bounds the placeholders of one statement (SQLite allows 32766,
// PostgreSQL 65535). Past a few hundred rows a statement gets no faster.
const (
	bulkParams  = 8000
	bulkMaxRows = 500
)

// OpenBulk applies migrations to the database named by dsn, checks that it
// holds no users, follows, statuses or comments, and prepares it for loading.
func OpenBulk(ctx context.Context, dsn string) (_ *Bulk, err error) {
	kind, target, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if err := Migrate(ctx, dsn); err != nil {
		return nil, err
	}
	b := &Bulk{d: newDialect(kind)}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	if kind == dialectSQLite {
		b.path = target
		// No _pragma list: the connection is set up statement by statement
		// below so that each setting can be checked.
		if b.db, err = sql.Open("sqlite", target); err != nil {
			return nil, fmt.Errorf("sqlstore: bulk open: %w", err)
		}
	} else if b.db, err = openPostgresDB(ctx, target, 1); err != nil {
		return nil, err
	}
	b.db.SetMaxOpenConns(1)
	if b.conn, err = b.db.Conn(ctx); err != nil {
		return nil, fmt.Errorf("sqlstore: bulk connection: %w", err)
	}
	b.c = conn{q: b.conn, d: b.d, n: &b.noop}
	if kind == dialectSQLite {
		if err := b.sqliteLoadMode(ctx); err != nil {
			return nil, err
		}
	}
	for _, t := range bulkTables {
		var one int
		err := b.c.queryRow(ctx, "SELECT 1 FROM "+t+" LIMIT 1").Scan(&one)
		if err == nil {
			return nil, fmt.Errorf("sqlstore: bulk load needs an empty database, but %s has rows", t)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("sqlstore: bulk check %s: %w", t, err)
		}
	}
	if err := b.dropIndexes(ctx); err != nil {
		return nil, err
	}
	b.users = b.table("users", "id", "screen_name", "screen_name_key", "email", "email_key", "password_hash",
		"description", "location", "url", "avatar", "domain", "gender", "province", "city", "verified",
		"verified_type", "verified_reason", "lang", "created_at", "followers_count", "friends_count",
		"bi_followers_count", "statuses_count", "favourites_count")
	b.follows = b.table("follows", "follower_id", "followee_id", "created_at")
	b.statuses = b.table("statuses", strings.Split(strings.Join(strings.Fields(statusCols), ""), ",")...)
	b.statusMentions = b.table("status_mentions", "status_id", "user_id")
	b.statusTopics = b.table("status_topics", "status_id", "topic")
	b.statusLinks = b.table("status_links", "status_id", "url")
	b.comments = b.table("comments", "id", "status_id", "status_user_id", "user_id", "app_id", "text",
		"reply_id", "reply_user_id", "created_at", "rip")
	b.commentMentions = b.table("comment_mentions", "comment_id", "user_id")
	// Each table fills its own buffer and flushes when that is full, so a
	// child's rows can reach the database before the rows they reference:
	// a batch of comment mentions before its comments, which PostgreSQL's
	// foreign key refuses (SQLite loads with foreign_keys off). A child
	// under a foreign key therefore flushes its parent first; the other
	// tables have none, and flushing their parents early would only cut
	// the parents' statements short.
	b.commentMentions.parent = b.comments
	return b, nil
}

// sqliteLoadMode trades crash safety for speed on the loading connection.
func (b *Bulk) sqliteLoadMode(ctx context.Context) error {
	for _, p := range []struct{ pragma, want string }{
		{"busy_timeout = 5000", ""},
		// Exclusive: no server may read a half-loaded file (and SQLite
		// skips the shared-memory bookkeeping).
		{"locking_mode = EXCLUSIVE", "exclusive"},
		{"journal_mode = OFF", "off"},
		{"synchronous = OFF", ""},
		{"foreign_keys = OFF", ""},   // comment_mentions → comments: the loader writes both
		{"cache_size = -262144", ""}, // 256 MiB: the index builds sort in it
		{"threads = 2", ""},          // CREATE INDEX may sort with a helper thread
	} {
		rows, err := b.conn.QueryContext(ctx, "PRAGMA "+p.pragma)
		if err != nil {
			return fmt.Errorf("sqlstore: bulk PRAGMA %s: %w", p.pragma, err)
		}
		var got string
		if rows.Next() {
			if err := rows.Scan(&got); err != nil {
				rows.Close()
				return fmt.Errorf("sqlstore: bulk PRAGMA %s: %w", p.pragma, err)
			}
		}
		rows.Close()
		if p.want != "" && !strings.EqualFold(got, p.want) {
			return fmt.Errorf("sqlstore: bulk PRAGMA %s gave %q: is a server using %s?", p.pragma, got, b.path)
		}
	}
	return nil
}

// dropIndexes drops the secondary indexes of the loaded tables, remembering
// their definitions. Primary keys stay: rows arrive in key order, so the
// table b-trees only ever grow at their right edge.
func (b *Bulk) dropIndexes(ctx context.Context) error {
	in := "'" + strings.Join(bulkTables, "', '") + "'"
	var q string
	if b.path != "" {
		q = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (" + in + ") ORDER BY name"
	} else {
		// Indexes that back a constraint (primary keys) cannot be dropped
		// on their own and are left alone.
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + in + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname`
	}
	rows, err := b.c.query(ctx, q)
	if err != nil {
		return fmt.Errorf("sqlstore: bulk list indexes: %w", err)
	}
	for rows.Next() {
		var ix bulkIndex
		if err := rows.Scan(&ix.name, &ix.sql); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: bulk list indexes: %w", err)
		}
		b.indexes = append(b.indexes, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: bulk list indexes: %w", err)
	}
	for _, ix := range b.indexes {
		if _, err := b.c.exec(ctx, "DROP INDEX "+ix.name); err != nil {
			return fmt.Errorf("sqlstore: bulk drop index %s: %w", ix.name, err)
		}
	}
	return nil
}

// bulkTable buffers the rows of one table until a statement's worth is there.
type bulkTable struct {
	name    string
	head    string // INSERT INTO name (cols) VALUES
	cols    int
	perStmt int
	args    []any
	stmt    *sql.Stmt // the full-batch statement, prepared once
	rows    int64
	parent  *bulkTable // flushed before this table: its rows reference the parent's
}

func (b *Bulk) table(name string, cols ...string) *bulkTable {
	t := &bulkTable{name: name, head: "INSERT INTO " + name + " (" + strings.Join(cols, ", ") + ") VALUES ",
		cols: len(cols), perStmt: max(1, min(bulkMaxRows, bulkParams/len(cols)))}
	t.args = make([]any, 0, t.perStmt*t.cols)
	b.tables = append(b.tables, t)
	return t
}

func (t *bulkTable) sql(rows int) string {
	one := "(" + placeholders(t.cols) + ")"
	var s strings.Builder
	s.Grow(len(t.head) + rows*(len(one)+2))
	s.WriteString(t.head)
	for i := 0; i < rows; i++ {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(one)
	}
	return s.String()
}

func (b *Bulk) add(ctx context.Context, t *bulkTable, vals ...any) error {
	t.args = append(t.args, vals...)
	if len(t.args) < t.perStmt*t.cols {
		return nil
	}
	return b.flush(ctx, t)
}

func (b *Bulk) flush(ctx context.Context, t *bulkTable) error {
	n := len(t.args) / t.cols
	if n == 0 {
		return nil
	}
	if t.parent != nil {
		if err := b.flush(ctx, t.parent); err != nil {
			return err
		}
	}
	if !b.inTx {
		if _, err := b.conn.ExecContext(ctx, "BEGIN"); err != nil {
			return fmt.Errorf("sqlstore: bulk begin: %w", err)
		}
		b.inTx = true
	}
	var err error
	if n == t.perStmt {
		if t.stmt == nil {
			if t.stmt, err = b.conn.PrepareContext(ctx, b.d.rebind(t.sql(n))); err != nil {
				return fmt.Errorf("sqlstore: bulk prepare %s: %w", t.name, err)
			}
		}
		_, err = t.stmt.ExecContext(ctx, t.args...)
	} else {
		_, err = b.conn.ExecContext(ctx, b.d.rebind(t.sql(n)), t.args...)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: bulk insert into %s: %w", t.name, err)
	}
	clear(t.args) // drop references to the values before reusing the array
	t.args = t.args[:0]
	t.rows += int64(n)
	b.rows.Add(int64(n))
	b.since += n
	if b.since >= bulkCommitRows {
		return b.commit(ctx)
	}
	return nil
}

func (b *Bulk) commit(ctx context.Context) error {
	b.since = 0
	if !b.inTx {
		return nil
	}
	b.inTx = false
	if _, err := b.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("sqlstore: bulk commit: %w", err)
	}
	return nil
}

// Rows returns how many rows have been written so far (progress reports may
// call it from another goroutine).
func (b *Bulk) Rows() int64 { return b.rows.Load() }

// TableRows returns the rows written per table, buffered ones included once
// Finish has run.
func (b *Bulk) TableRows() map[string]int64 {
	out := make(map[string]int64, len(b.tables))
	for _, t := range b.tables {
		out[t.name] = t.rows
	}
	return out
}

// AddUser buffers a user with its counters and password hash.
func (b *Bulk) AddUser(ctx context.Context, u *domain.User, passwordHash string) error {
	var emailKey any
	if u.Email != "" {
		emailKey = nameKey(u.Email)
	}
	return b.add(ctx, b.users, u.ID, u.ScreenName, nameKey(u.ScreenName), nullString(u.Email), emailKey, passwordHash,
		u.Description, u.Location, u.URL, u.Avatar, nullString(u.Domain), u.Gender, u.Province, u.City,
		boolInt(u.Verified), u.VerifiedType, u.VerifiedReason, u.Lang, toMillis(u.CreatedAt),
		u.FollowersCount, u.FriendsCount, u.BiFollowersCount, u.StatusesCount, u.FavouritesCount)
}

// AddFollow buffers one follow edge. Edges in (follower, followee) order load fastest.
func (b *Bulk) AddFollow(ctx context.Context, follower, followee int64, at time.Time) error {
	return b.add(ctx, b.follows, follower, followee, toMillis(at))
}

// AddStatus buffers a status with its mention, topic and link rows (each
// list without repeats).
func (b *Bulk) AddStatus(ctx context.Context, s *domain.Status, mentions []int64, topics, links []string) error {
	var lat, long any
	if s.Geo != nil {
		lat, long = s.Geo.Lat, s.Geo.Long
	}
	err := b.add(ctx, b.statuses, s.ID, s.UserID, s.AppID, s.Text, toMillis(s.CreatedAt), s.RetweetedID, s.ParentID,
		s.Visible.Type, s.Visible.ListID, lat, long, s.Annotations, joinList(s.PicIDs), s.RIP, boolInt(s.Deleted),
		s.RepostsCount, s.CommentsCount, s.AttitudesCount)
	if err != nil {
		return err
	}
	for _, m := range mentions {
		if err := b.add(ctx, b.statusMentions, s.ID, m); err != nil {
			return err
		}
	}
	for _, t := range topics {
		if err := b.add(ctx, b.statusTopics, s.ID, t); err != nil {
			return err
		}
	}
	for _, l := range links {
		if err := b.add(ctx, b.statusLinks, s.ID, l); err != nil {
			return err
		}
	}
	return nil
}

// AddComment buffers a comment with the authors of its status and of the
// comment it replies to (InsertComment looks them up; a bulk load knows them).
func (b *Bulk) AddComment(ctx context.Context, c *domain.Comment, statusUserID, replyUserID int64, mentions []int64) error {
	err := b.add(ctx, b.comments, c.ID, c.StatusID, statusUserID, c.UserID, c.AppID, c.Text, c.ReplyID, replyUserID,
		toMillis(c.CreatedAt), c.RIP)
	if err != nil {
		return err
	}
	for _, m := range mentions {
		if err := b.add(ctx, b.commentMentions, c.ID, m); err != nil {
			return err
		}
	}
	return nil
}

// Finish writes what is buffered, rebuilds the dropped indexes, refreshes
// the planner's statistics and, on SQLite, returns the file to WAL mode.
// phase, when set, is told what Finish is doing and how long it took.
func (b *Bulk) Finish(ctx context.Context, phase func(name string, took time.Duration)) error {
	if phase == nil {
		phase = func(string, time.Duration) {}
	}
	for _, t := range b.tables {
		if err := b.flush(ctx, t); err != nil {
			return err
		}
	}
	if err := b.commit(ctx); err != nil {
		return err
	}
	for _, ix := range b.indexes {
		start := time.Now()
		if _, err := b.c.exec(ctx, ix.sql); err != nil {
			return fmt.Errorf("sqlstore: bulk rebuild index %s: %w", ix.name, err)
		}
		phase("index "+ix.name, time.Since(start))
	}
	b.indexes = nil
	start := time.Now()
	if err := recountTallies(ctx, b.c); err != nil {
		return err
	}
	phase("tallies", time.Since(start))
	start = time.Now()
	// The planner needs statistics to choose the indexes the timeline queries
	// were written for; a bounded sample per index is enough and keeps this
	// to seconds (and leaves nothing for the server's start-up to analyse).
	if b.path != "" {
		if _, err := b.c.exec(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
			return fmt.Errorf("sqlstore: bulk analysis_limit: %w", err)
		}
	}
	if _, err := b.c.exec(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("sqlstore: bulk analyze: %w", err)
	}
	phase("analyze", time.Since(start))
	if b.path == "" {
		return b.Close()
	}
	start = time.Now()
	for _, p := range []string{"locking_mode = NORMAL", "journal_mode = WAL"} {
		if _, err := b.c.exec(ctx, "PRAGMA "+p); err != nil {
			return fmt.Errorf("sqlstore: bulk PRAGMA %s: %w", p, err)
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	// Reopen as the server does, which leaves the file in WAL mode for good.
	db, err := openSQLiteWriter(ctx, b.path, false)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		db.Close()
		return fmt.Errorf("sqlstore: bulk checkpoint: %w", err)
	}
	phase("wal", time.Since(start))
	return db.Close()
}

// Close releases the connection; without Finish, buffered rows are lost and
// (SQLite) the database is left half-loaded without its secondary indexes.
func (b *Bulk) Close() error {
	var errs []error
	for _, t := range b.tables {
		if t.stmt != nil {
			errs = append(errs, t.stmt.Close())
			t.stmt = nil
		}
	}
	if b.conn != nil {
		if b.inTx {
			_, _ = b.conn.ExecContext(context.Background(), "ROLLBACK")
			b.inTx = false
		}
		errs = append(errs, b.conn.Close())
		b.conn = nil
	}
	if b.db != nil {
		errs = append(errs, b.db.Close())
		b.db = nil
	}
	return errors.Join(errs...)
}
