package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/seed"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// bulkLoad writes a small generated data set through Bulk.
func bulkLoad(t *testing.T, dsn string) (*seed.Dataset, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	ds, err := seed.Generate(seed.Config{Seed: 3, Users: 200, Follows: 20, Statuses: 2000, Comments: 500,
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenBulk(ctx, dsn)
	if err != nil {
		t.Fatalf("OpenBulk: %v", err)
	}
	defer b.Close()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(ds.EachUser(func(u *domain.User) error { return b.AddUser(ctx, u, "hash") }))
	check(ds.EachFollow(func(f seed.Follow) error { return b.AddFollow(ctx, f.Follower, f.Followee, f.At) }))
	check(ds.EachStatus(func(s *seed.Status) error { return b.AddStatus(ctx, &s.Status, s.Mentions, s.Topics, s.Links) }))
	check(ds.EachComment(func(c *seed.Comment) error {
		return b.AddComment(ctx, &c.Comment, c.StatusUserID, c.ReplyUserID, c.Mentions)
	}))
	var phases []string
	check(b.Finish(ctx, func(name string, _ time.Duration) { phases = append(phases, name) }))
	if !slices.Contains(phases, "index follows_followee") || !slices.Contains(phases, "analyze") {
		t.Errorf("phases %q", phases)
	}
	return ds, b.TableRows()
}

// Counters must equal the rows they count, as the per-action transactions keep them.
var bulkConsistency = map[string]string{
	"followers_count": `SELECT COUNT(*) FROM users u WHERE followers_count <> (SELECT COUNT(*) FROM follows WHERE followee_id = u.id)`,
	"friends_count":   `SELECT COUNT(*) FROM users u WHERE friends_count <> (SELECT COUNT(*) FROM follows WHERE follower_id = u.id)`,
	"bi_followers_count": `SELECT COUNT(*) FROM users u WHERE bi_followers_count <> (SELECT COUNT(*) FROM follows f
		JOIN follows b ON b.follower_id = f.followee_id AND b.followee_id = f.follower_id WHERE f.follower_id = u.id)`,
	"statuses_count": `SELECT COUNT(*) FROM users u WHERE statuses_count <> (SELECT COUNT(*) FROM statuses WHERE user_id = u.id AND deleted = 0)`,
	"reposts_count": `SELECT COUNT(*) FROM statuses s WHERE reposts_count <> (SELECT COUNT(*) FROM statuses r
		WHERE r.retweeted_id = s.id OR (r.parent_id = s.id AND r.parent_id <> r.retweeted_id))`,
	"comments_count": `SELECT COUNT(*) FROM statuses s WHERE comments_count <> (SELECT COUNT(*) FROM comments WHERE status_id = s.id)`,
	"status_user_id": `SELECT COUNT(*) FROM comments c WHERE status_user_id <> (SELECT user_id FROM statuses WHERE id = c.status_id)`,
	"public tally": `SELECT COUNT(*) FROM status_tallies t WHERE name = 'public' AND n <> (SELECT COUNT(*) FROM statuses
		WHERE visible_type = 0 AND deleted = 0 AND user_id % 16 = t.shard)`,
	"reply_user_id": `SELECT COUNT(*) FROM comments c WHERE reply_id <> 0
		AND reply_user_id <> (SELECT user_id FROM comments r WHERE r.id = c.reply_id)`,
}

func testBulk(t *testing.T, dsn string) {
	ctx := context.Background()
	// The indexes a freshly migrated database has.
	fresh, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := indexNames(t, fresh)
	fresh.Close()

	ds, rows := bulkLoad(t, dsn)
	c := ds.Counts()
	if rows["users"] != int64(c.Users) || rows["follows"] != int64(c.Follows) || rows["statuses"] != int64(c.Statuses) ||
		rows["comments"] != int64(c.Comments) || rows["status_mentions"] == 0 || rows["status_topics"] == 0 {
		t.Fatalf("rows %v, counts %+v", rows, c)
	}
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := indexNames(t, s); !slices.Equal(got, want) {
		t.Errorf("indexes after the load %q, want %q", got, want)
	}
	for what, q := range bulkConsistency {
		var bad int
		if err := s.read.QueryRow(q).Scan(&bad); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if bad != 0 {
			t.Errorf("%s: %d rows disagree with their counter", what, bad)
		}
	}
	// The store reads what was loaded, through the indexes just rebuilt.
	cel := ds.Celebrity()
	ids, total, err := s.FollowerIDs(ctx, cel.ID, domain.Cursor{Count: 5})
	if err != nil || total != cel.Followers || len(ids) != 5 {
		t.Fatalf("followers of the celebrity: %d of %d, %v (want %d)", len(ids), total, err, cel.Followers)
	}
	if s.Dialect() == dialectSQLite {
		var mode string
		if err := s.read.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal mode %q, %v; want wal", mode, err)
		}
	}
	s.Close()
	if _, err := OpenBulk(ctx, dsn); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("OpenBulk on a loaded database: %v", err)
	}
}

func indexNames(t *testing.T, s *Store) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
	if s.Dialect() == dialectPostgres {
		q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
	}
	rows, err := s.read.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	names, err := scanStrings(rows)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func TestBulkSQLite(t *testing.T) {
	testBulk(t, "sqlite:"+filepath.Join(t.TempDir(), "weibo.db"))
}

func TestBulkPostgres(t *testing.T) {
	testBulk(t, pgtest.Schema(t, "weibo_bulk_"))
}

// A child table's buffer can fill before its parent's: here 100 comments
// with 6 mentions each put 500 mention rows in a statement while the
// comments are still buffered. PostgreSQL's comment_mentions → comments
// foreign key refused that batch (weibo seed --db postgres:// failed on a
// large enough data set); the child now flushes its parent first.
func testBulkChildBeforeParent(t *testing.T, dsn string) {
	ctx := context.Background()
	b, err := OpenBulk(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var users []int64
	for i := int64(1); i <= 7; i++ {
		u := &domain.User{ID: i, ScreenName: "bulk" + string(rune('a'+i)), CreatedAt: at}
		if err := b.AddUser(ctx, u, "hash"); err != nil {
			t.Fatal(err)
		}
		users = append(users, i)
	}
	const statusID = 1000
	if err := b.AddStatus(ctx, &domain.Status{ID: statusID, UserID: 1, Text: "hello", CreatedAt: at, CommentsCount: 100},
		users, nil, nil); err != nil {
		t.Fatal(err)
	}
	for i := int64(0); i < 100; i++ {
		c := &domain.Comment{ID: 2000 + i, StatusID: statusID, UserID: 1 + i%7, Text: "hi", CreatedAt: at.Add(time.Duration(i) * time.Second)}
		if err := b.AddComment(ctx, c, 1, 0, users[1:]); err != nil {
			t.Fatalf("comment %d: %v", i, err)
		}
	}
	if err := b.Finish(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for table, want := range map[string]int{"comments": 100, "comment_mentions": 600, "status_mentions": 7} {
		var n int
		if err := s.read.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d rows (%v), want %d", table, n, err, want)
		}
	}
}

func TestBulkChildBeforeParentSQLite(t *testing.T) {
	testBulkChildBeforeParent(t, "sqlite:"+filepath.Join(t.TempDir(), "weibo.db"))
}

func TestBulkChildBeforeParentPostgres(t *testing.T) {
	testBulkChildBeforeParent(t, pgtest.Schema(t, "weibo_bulkfk_"))
}
