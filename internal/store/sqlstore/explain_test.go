package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// recorder is a querier that remembers every query it runs.
type recorder struct {
	querier
	queries []recorded
}

type recorded struct {
	sql  string
	args []any
}

func (r *recorder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	r.queries = append(r.queries, recorded{q, args})
	return r.querier.QueryContext(ctx, q, args...)
}

func (r *recorder) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	r.queries = append(r.queries, recorded{q, args})
	return r.querier.QueryRowContext(ctx, q, args...)
}

// plan returns SQLite's EXPLAIN QUERY PLAN for q, one detail per line.
func plan(t *testing.T, db *sql.DB, q recorded) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q.sql, q.args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q.sql, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// TestSQLiteQueryPlans checks that every read the port makes is answered
// from an index: no full scan of a table that grows with use and no temporary
// sort, except where noted. The exceptions: the public timeline walks the
// primary key backwards and stops at the page; for the timelines of a set of
// authors (home, authors, count since) the planner chooses between that walk
// and reading each author's (user_id, id) range and sorting.
func TestSQLiteQueryPlans(t *testing.T) {
	s := openSQLite(t)
	defer s.Close()
	ctx := t.Context()
	seedSmall(t, s)

	rec := &recorder{querier: s.read}
	r := &reads{conn{q: rec, d: s.d, n: &s.n}}
	pg := domain.Page{Count: 20, MaxID: 1 << 40}
	sq := domain.StatusQuery{Viewer: 2, Page: pg}
	filtered := domain.StatusQuery{Viewer: 2, Page: pg, Filter: domain.TimelineFilter{FilterByAuthor: 1, BaseAppID: 1, Feature: 2}}
	cq := domain.CommentQuery{Viewer: 2, Page: pg, FilterAuthor: 2, BaseAppID: 1}
	withPics := domain.StatusQuery{Viewer: 2, Page: pg, Filter: domain.TimelineFilter{Feature: 2}}

	type step struct {
		name      string
		run       func()
		allowScan string // a table the plan may SCAN
		allowSort bool   // whether a temporary b-tree may sort
	}
	steps := []step{
		{name: "UserByID", run: func() { r.UserByID(ctx, 1) }},
		{name: "UserByScreenName", run: func() { r.UserByScreenName(ctx, "u1") }},
		{name: "UserByEmail", run: func() { r.UserByEmail(ctx, "a@b") }},
		{name: "UserByDomain", run: func() { r.UserByDomain(ctx, "d") }},
		{name: "UsersByIDs", run: func() { r.UsersByIDs(ctx, []int64{1, 2, 3}) }},
		{name: "UsersByScreenNames", run: func() { r.UsersByScreenNames(ctx, []string{"u1", "u2"}) }},
		{name: "AppByKey", run: func() { r.AppByKey(ctx, "k") }},
		{name: "TokenByRefreshHash", run: func() { r.TokenByRefreshHash(ctx, "r") }},
		{name: "StatusesByIDs", run: func() { r.StatusesByIDs(ctx, []int64{1, 2, 3}) }},
		{name: "LatestStatusOf", run: func() { r.LatestStatusOf(ctx, 1) }},
		{name: "UserStatusIDs", run: func() { r.UserStatusIDs(ctx, 1, sq) }},
		{name: "UserStatusIDs filtered", run: func() { r.UserStatusIDs(ctx, 1, filtered) }},
		{name: "HomeStatusIDs", run: func() { r.HomeStatusIDs(ctx, 2, sq) }, allowScan: "s", allowSort: true},
		{name: "HomeStatusIDs filtered", run: func() { r.HomeStatusIDs(ctx, 2, filtered) }, allowScan: "s", allowSort: true},
		{name: "AuthorsStatusIDs", run: func() { r.AuthorsStatusIDs(ctx, []int64{1, 3, 4}, sq) }, allowScan: "s", allowSort: true},
		{name: "PublicStatusIDs", run: func() { r.PublicStatusIDs(ctx, sq) }, allowScan: "s"},
		{name: "RepostIDs", run: func() { r.RepostIDs(ctx, 5, sq) }},
		{name: "RepostsByUserIDs", run: func() { r.RepostsByUserIDs(ctx, 1, sq) }},
		{name: "MentionStatusIDs", run: func() { r.MentionStatusIDs(ctx, 2, sq) }},
		{name: "LatestStatusIDs", run: func() { r.LatestStatusIDs(ctx, []int64{1, 3, 4}, 2) }},
		{name: "CountHomeSince", run: func() { r.CountHomeSince(ctx, 2, 100, 50) }, allowScan: "s", allowSort: true},
		{name: "CommentsOnStatus", run: func() { r.CommentsOnStatus(ctx, 5, cq) }},
		{name: "CommentsByUser", run: func() { r.CommentsByUser(ctx, 1, cq) }},
		{name: "CommentsToUser", run: func() { r.CommentsToUser(ctx, 1, cq) }},
		{name: "CommentsInvolving", run: func() { r.CommentsInvolving(ctx, 1, cq) }},
		{name: "CommentMentionIDs", run: func() { r.CommentMentionIDs(ctx, 1, cq) }},
		{name: "Relationships", run: func() { r.Relationships(ctx, 1, []int64{2, 3}) }},
		{name: "FriendIDs", run: func() { r.FriendIDs(ctx, 1, domain.Cursor{Cursor: 5, Count: 5}) }},
		{name: "FollowerIDs", run: func() { r.FollowerIDs(ctx, 1, domain.Cursor{Cursor: 5, Count: 5}) }},
		{name: "BilateralIDs", run: func() { r.BilateralIDs(ctx, 1, domain.Cursor{Cursor: 5, Count: 5}) }},
		{name: "CommonFriendIDs", run: func() { r.CommonFriendIDs(ctx, 1, 2, domain.Cursor{Cursor: 5, Count: 5}) }},
		{name: "FollowerIDsAfter", run: func() { r.FollowerIDsAfter(ctx, 1, 3, 10) }},
		{name: "Unread", run: func() { r.Unread(ctx, 1) }},
		{name: "PendingOutbox", run: func() { r.PendingOutbox(ctx, time.Now(), 10) }},
		{name: "PictureByID", run: func() { r.PictureByID(ctx, "p1") }},
		{name: "OwnedPictures", run: func() { r.OwnedPictures(ctx, 1, domain.PictureKindStatus, []string{"p1", "p2"}) }},
		{name: "SweepablePictures", run: func() { r.SweepablePictures(ctx, time.Now(), time.Now(), 10) }},
		{name: "UserStatusIDs with pictures", run: func() { r.UserStatusIDs(ctx, 1, withPics) }},
		{name: "POIsInCells", run: func() { r.POIsInCells(ctx, geo.Rings(39.9, 116.4, 2000)[1], 100) }},
		{name: "PublicGeoStatusesInCells", run: func() {
			r.PublicGeoStatusesInCells(ctx, geo.Rings(39.9, 116.4, 2000)[1], domain.GeoQuery{PhotoOnly: true, AppID: 1, SinceID: 5}, 100)
		}},
		{name: "NearbyPositions", run: func() { r.NearbyPositions(ctx, geo.Rings(39.9, 116.4, 2000)[1], time.Now(), 100) }},
		// The moderators' queue reads the partial index of open reports
		// (every row of it is a report waiting); the resolved ones walk the
		// primary key backwards and stop at the page.
		{name: "Reports open", run: func() { r.Reports(ctx, domain.ReportQuery{Open: true, BeforeID: 100, Limit: 20}) },
			allowScan: "reports USING INDEX reports_open"},
		{name: "Reports resolved", run: func() { r.Reports(ctx, domain.ReportQuery{Limit: 20}) }, allowScan: "reports"},
		{name: "CountOpenReports", run: func() { r.CountOpenReports(ctx, 1000) },
			allowScan: "reports USING COVERING INDEX reports_open"},
		// A range of the primary key (30 days of statuses), grouped by day.
		{name: "StatusesPerDay", run: func() { r.StatusesPerDay(ctx, time.Now().Add(-30*24*time.Hour), 5) }, allowSort: true},
	}
	verbose := os.Getenv("WEIBO_SHOW_PLANS") != ""
	for _, st := range steps {
		rec.queries = nil
		st.run()
		if len(rec.queries) == 0 {
			t.Errorf("%s ran no query", st.name)
		}
		for _, q := range rec.queries {
			p := plan(t, s.read, q)
			if verbose {
				fmt.Printf("== %s\n%s\n%s\n\n", st.name, strings.Join(strings.Fields(q.sql), " "), p)
			}
			for _, line := range strings.Split(p, "\n") {
				if scanned, ok := strings.CutPrefix(line, "SCAN "); ok && !subqueryAlias.MatchString(scanned) &&
					!strings.HasPrefix(scanned, "CONSTANT") && !(st.allowScan != "" && scanned == st.allowScan) {
					t.Errorf("%s: full scan %q in plan of %s\n%s", st.name, line, q.sql, p)
				}
				if strings.Contains(line, "TEMP B-TREE") && !st.allowSort && !afterArm(p, line) {
					t.Errorf("%s: temporary sort %q in plan of %s\n%s", st.name, line, q.sql, p)
				}
			}
		}
	}
}

// subqueryAlias names the results of the store's subqueries (UNION arms t0,
// a0 and the union u), whose scans read at most a page each.
var subqueryAlias = regexp.MustCompile(`^(t|u|[at][0-9]+)$`)

// afterArm reports whether the sort on line follows the scan of a UNION arm's
// result: each arm yields at most one page of ids, and the merge sorts those.
func afterArm(plan, line string) bool {
	lines := strings.Split(plan, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] == line {
			prev := lines[i-1]
			if strings.HasPrefix(prev, "SCAN t") || strings.HasPrefix(prev, "SCAN a") {
				return true
			}
		}
	}
	return false
}

// seedSmall writes a little of everything so the planner sees real tables.
func seedSmall(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	now := time.Now()
	err := s.InTx(ctx, func(tx domain.Tx) error {
		for u := int64(1); u <= 20; u++ {
			if err := tx.CreateUser(ctx, &domain.User{ID: u, ScreenName: fmt.Sprintf("u%d", u), CreatedAt: now}, &domain.Credentials{UserID: u}); err != nil {
				return err
			}
		}
		for u := int64(1); u <= 20; u++ {
			for v := int64(1); v <= 20; v++ {
				if u != v && (u+v)%3 != 0 {
					if err := tx.Follow(ctx, u, v, now.Add(time.Duration(u*v)*time.Second), ""); err != nil {
						return err
					}
				}
			}
		}
		for i := int64(1); i <= 400; i++ {
			st := &domain.Status{ID: i, UserID: i%20 + 1, Text: "x", CreatedAt: now, Visible: domain.Visibility{Type: int(i % 5 % 2)}}
			if i%4 == 0 {
				st.RetweetedID, st.ParentID = i-1, i-1
			}
			if err := tx.InsertStatus(ctx, st, []int64{i%7 + 1}, nil, nil); err != nil {
				return err
			}
			c := &domain.Comment{ID: 10000 + i, StatusID: i/2 + 1, UserID: i%11 + 1, CreatedAt: now}
			if i%3 == 0 {
				c.ReplyID = 10000 + i - 1
			}
			if err := tx.InsertComment(ctx, c, []int64{i%5 + 1}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
}
