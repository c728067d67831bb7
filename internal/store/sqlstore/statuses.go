package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/weibo-server/weibo/internal/domain"
)

const statusCols = `id, user_id, app_id, text, created_at, retweeted_id, parent_id, visible_type, visible_list_id,
	geo_lat, geo_long, annotations, pic_ids, rip, deleted, reposts_count, comments_count, attitudes_count`

func scanStatus(r rowScanner) (*domain.Status, error) {
	var s domain.Status
	var created int64
	var lat, long sql.NullFloat64
	var pics string
	var deleted int
	err := r.Scan(&s.ID, &s.UserID, &s.AppID, &s.Text, &created, &s.RetweetedID, &s.ParentID,
		&s.Visible.Type, &s.Visible.ListID, &lat, &long, &s.Annotations, &pics, &s.RIP, &deleted,
		&s.RepostsCount, &s.CommentsCount, &s.AttitudesCount)
	if err != nil {
		return nil, err
	}
	s.CreatedAt = fromMillis(created)
	if lat.Valid && long.Valid {
		s.Geo = &domain.Geo{Lat: lat.Float64, Long: long.Float64}
	}
	s.PicIDs = splitList(pics)
	s.Deleted = deleted != 0
	return &s, nil
}

func (r *reads) StatusByID(ctx context.Context, id int64) (*domain.Status, error) {
	s, err := scanStatus(r.c.queryRow(ctx, "SELECT "+statusCols+" FROM statuses WHERE id = ?", id))
	if err != nil {
		return nil, dbErr(err, "status by id", domain.ReasonStatusNotFound)
	}
	return s, nil
}

func (r *reads) StatusesByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Status, error) {
	ids = uniqueIDs(ids)
	out := make(map[int64]*domain.Status, len(ids))
	err := inChunks(ids, func(part []int64) error {
		rows, err := r.c.query(ctx, "SELECT "+statusCols+" FROM statuses WHERE id IN ("+placeholders(len(part))+")", int64Args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanStatus(rows)
			if err != nil {
				return err
			}
			out[s.ID] = s
		}
		return rows.Err()
	})
	if err != nil {
		return nil, dbErr(err, "statuses by ids", "")
	}
	return out, nil
}

func (r *reads) LatestStatusOf(ctx context.Context, userID int64) (*domain.Status, error) {
	s, err := scanStatus(r.c.queryRow(ctx, "SELECT "+statusCols+` FROM statuses
		WHERE user_id = ? AND deleted = 0 ORDER BY id DESC LIMIT 1`, userID))
	if err != nil {
		return nil, dbErr(err, "latest status", "")
	}
	return s, nil
}

// visibleTo writes the visibility rule of domain.CanSee for viewer, over the
// statuses aliased s: the viewer's own; nothing of an author either of the
// two blocks; else public; close friends (4) when viewer and author follow
// each other; group (3) when the viewer is a member of the group; private
// (1) only for the author.
func visibleTo(b *builder, viewer int64) {
	if viewer == 0 {
		b.add(" AND s.visible_type = 0")
		return
	}
	b.add(` AND (s.user_id = ? OR (NOT EXISTS (SELECT 1 FROM blocks bk WHERE bk.user_id = s.user_id AND bk.target_id = ?)
		AND NOT EXISTS (SELECT 1 FROM blocks bv WHERE bv.user_id = ? AND bv.target_id = s.user_id)
		AND (s.visible_type = 0 OR (s.visible_type = 4
		AND EXISTS (SELECT 1 FROM follows va WHERE va.follower_id = ? AND va.followee_id = s.user_id)
		AND EXISTS (SELECT 1 FROM follows vb WHERE vb.follower_id = s.user_id AND vb.followee_id = ?))
		OR (s.visible_type = 3
		AND EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = s.visible_list_id AND gm.member_id = ?)))))`,
		viewer, viewer, viewer, viewer, viewer, viewer)
}

// matchesNothing reports filters that no status can pass.
func matchesNothing(f domain.TimelineFilter, viewer int64) bool {
	return f.Feature == 3 || f.Feature == 4 || (f.FilterByAuthor == 1 && viewer == 0)
}

// contentFilter writes the author-independent part of the filter (as
// domain.TimelineFilter.Match has it).
func contentFilter(b *builder, f domain.TimelineFilter) {
	if f.BaseAppID != 0 {
		b.add(" AND s.app_id = ?", f.BaseAppID)
	}
	if f.FilterByType == 1 || f.Feature == 1 {
		b.add(" AND s.retweeted_id = 0")
	}
	if f.Feature == 2 {
		b.add(" AND s.pic_ids <> ''")
	}
	if f.Feature == 7 {
		b.add(" AND s.retweeted_id = 0 AND s.pic_ids = ''")
	}
}

// authorFilter writes FilterByAuthor relative to viewer: 1 authors the viewer
// follows, 2 strangers (authors the viewer does not follow, the viewer included).
func authorFilter(b *builder, filter int, viewer int64, authorCol string) {
	if viewer == 0 {
		return // 1 was answered by matchesNothing; 2 is everyone
	}
	switch filter {
	case 1:
		b.add(" AND EXISTS (SELECT 1 FROM follows fa WHERE fa.follower_id = ? AND fa.followee_id = "+authorCol+")", viewer)
	case 2:
		b.add(" AND NOT EXISTS (SELECT 1 FROM follows fa WHERE fa.follower_id = ? AND fa.followee_id = "+authorCol+")", viewer)
	}
}

// pageBounds writes SinceID < col <= MaxID (zero bounds are open).
func pageBounds(b *builder, p domain.Page, col string) {
	if p.SinceID > 0 {
		b.add(" AND "+col+" > ?", p.SinceID)
	}
	if p.MaxID > 0 {
		b.add(" AND "+col+" <= ?", p.MaxID)
	}
}

// arm is one indexable condition of a selection ("s.user_id = ?").
type arm struct {
	sql  string
	args []any
}

func one(sql string, args ...any) []arm { return []arm{{sql, args}} }

// pageOf selects a page of ids, newest first by col, over "FROM from WHERE
// <an arm> <rest>", and the total of matches when withTotal is set. A page of
// Count <= 0 is empty (the total is still computed), and so is a page
// starting past domain.MaxPageDepth: the dialects' readers never ask for one,
// and no caller may turn a client's page number into a huge OFFSET.
//
// With several arms (an OR of conditions served by different indexes) each
// arm reads at most Offset+Count ids from its own index, in order, and the
// union (which drops ids matched by two arms) is paged: a page costs the same
// however many rows match.
func (r *reads) pageOf(ctx context.Context, from string, arms []arm, rest *builder, col string, p domain.Page, withTotal bool) ([]int64, int, error) {
	var ids []int64
	if p.Count > 0 && !p.PastDepth() {
		var b builder
		if len(arms) == 1 {
			b.add("SELECT "+col+" FROM "+from+" WHERE "+arms[0].sql, arms[0].args...)
			b.add(rest.String(), rest.args...)
			pageBounds(&b, p, col)
			b.add(" ORDER BY "+col+" DESC LIMIT ? OFFSET ?", p.Count, p.Offset())
		} else {
			// The compound's LIMITs are literals (of a bounded page): SQLite
			// re-prepares a compound SELECT on every call when they are
			// bound parameters (see cellScan).
			for i, a := range arms {
				if i > 0 {
					b.add(" UNION ")
				}
				b.add("SELECT id FROM (SELECT "+col+" AS id FROM "+from+" WHERE "+a.sql, a.args...)
				b.add(rest.String(), rest.args...)
				pageBounds(&b, p, col)
				b.add(" ORDER BY " + col + " DESC LIMIT " + strconv.Itoa(p.Offset()+p.Count) + ") a" + strconv.Itoa(i))
			}
			b.add(" ORDER BY id DESC LIMIT " + strconv.Itoa(p.Count) + " OFFSET " + strconv.Itoa(p.Offset()))
		}
		var err error
		if ids, err = r.c.ids(ctx, b.String(), b.args...); err != nil {
			return nil, 0, err
		}
	}
	if !withTotal {
		return ids, 0, nil
	}
	if p.Count > 0 && p.SinceID == 0 && p.MaxID == 0 && p.Offset() == 0 && len(ids) < p.Count {
		return ids, len(ids), nil // the page holds every match
	}
	var b builder
	if len(arms) == 1 {
		b.add("SELECT COUNT(*) FROM "+from+" WHERE "+arms[0].sql, arms[0].args...)
		b.add(rest.String(), rest.args...)
	} else {
		b.add("SELECT COUNT(*) FROM (")
		for i, a := range arms {
			if i > 0 {
				b.add(" UNION ")
			}
			b.add("SELECT "+col+" FROM "+from+" WHERE "+a.sql, a.args...)
			b.add(rest.String(), rest.args...)
		}
		b.add(") u")
	}
	total, err := r.c.count(ctx, b.String(), b.args...)
	if err != nil {
		return nil, 0, err
	}
	return ids, total, nil
}

// statusTimeline applies StatusQuery (deleted, visibility, filter, page) to the
// statuses s selected by "FROM from WHERE <any of arms>".
func (r *reads) statusTimeline(ctx context.Context, what, from string, arms []arm, col string, q domain.StatusQuery, withTotal bool) ([]int64, int, error) {
	if matchesNothing(q.Filter, q.Viewer) {
		return nil, 0, nil
	}
	var rest builder
	rest.add(" AND s.deleted = 0")
	visibleTo(&rest, q.Viewer)
	contentFilter(&rest, q.Filter)
	authorFilter(&rest, q.Filter.FilterByAuthor, q.Viewer, "s.user_id")
	ids, total, err := r.pageOf(ctx, from, arms, &rest, col, q.Page, withTotal)
	if err != nil {
		return nil, 0, dbErr(err, what, "")
	}
	return ids, total, nil
}

func (r *reads) UserStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, int, error) {
	return r.statusTimeline(ctx, "user statuses", "statuses s", one("s.user_id = ?", userID), "s.id", q, true)
}

// PublicStatusIDs lists public statuses only, whoever the viewer is.
func (r *reads) PublicStatusIDs(ctx context.Context, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "public statuses", "statuses s", one("s.visible_type = 0"), "s.id", q, false)
	return ids, err
}

func (r *reads) RepostIDs(ctx context.Context, statusID int64, q domain.StatusQuery) ([]int64, int, error) {
	// One arm per index; the <> 0 terms let the partial indexes serve them.
	return r.statusTimeline(ctx, "reposts", "statuses s", []arm{
		{"s.retweeted_id = ? AND s.retweeted_id <> 0", []any{statusID}},
		{"s.parent_id = ? AND s.parent_id <> 0", []any{statusID}},
	}, "s.id", q, true)
}

func (r *reads) RepostsByUserIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "reposts by user", "statuses s",
		one("s.user_id = ? AND s.retweeted_id <> 0", userID), "s.id", q, false)
	return ids, err
}

func (r *reads) MentionStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, int, error) {
	// A shielded mention is left out, and with follow-up so are the
	// reposts of it (by root or direct parent).
	return r.statusTimeline(ctx, "mentions", "status_mentions m JOIN statuses s ON s.id = m.status_id",
		one(`m.user_id = ? AND NOT EXISTS (SELECT 1 FROM mention_shields ms WHERE ms.user_id = m.user_id
			AND (ms.status_id = s.id OR (ms.follow_up = 1 AND s.parent_id <> 0
			AND (ms.status_id = s.retweeted_id OR ms.status_id = s.parent_id))))`, userID), "m.status_id", q, true)
}

// homeArm selects the statuses of userID's home timeline: their own and
// their followees'. It was measured (BenchmarkHomeStatusIDs: 100 followees ×
// 1000 statuses, with 0, 2× and 20× as many statuses by others) against one
// UNION ALL arm per followee, each reading a page of the (user_id, id) index:
// a page of 20 took 0.2-0.3 ms against 5-60 ms on SQLite and 0.5-2.2 ms
// against 2-13 ms on PostgreSQL. Preparing a 100-arm statement on every call
// costs more than the planner's plan for this one, which either walks the
// statuses newest first keeping the followees' or reads each followee's range.
func homeArm(userID int64) []arm {
	return one("s.user_id IN (SELECT followee_id FROM follows WHERE follower_id = ? UNION ALL SELECT ?)", userID, userID)
}

// HomeStatusIDs: statuses by the user and everyone the user follows.
func (r *reads) HomeStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "home statuses", "statuses s", homeArm(userID), "s.id", q, false)
	return ids, err
}

// AuthorsStatusIDs: statuses by any of the given authors (a short list: the
// celebrities merged into a home timeline at read time).
func (r *reads) AuthorsStatusIDs(ctx context.Context, authorIDs []int64, q domain.StatusQuery) ([]int64, error) {
	authorIDs = uniqueIDs(authorIDs)
	if len(authorIDs) == 0 {
		return nil, nil
	}
	ids, _, err := r.statusTimeline(ctx, "authors statuses", "statuses s",
		one("s.user_id IN ("+placeholders(len(authorIDs))+")", int64Args(authorIDs)...), "s.id", q, false)
	return ids, err
}

// latestBatch bounds the arms of one LatestStatusIDs query (SQLite allows
// 500 terms in a compound SELECT).
const latestBatch = 200

// LatestStatusIDs: one UNION ALL of per-author "newest visible status" arms,
// each served by the statuses_user_id index and stopping after one row; a
// single GROUP BY over all the authors would read every status they wrote.
func (r *reads) LatestStatusIDs(ctx context.Context, authorIDs []int64, viewer int64) (map[int64]int64, error) {
	authorIDs = uniqueIDs(authorIDs)
	out := make(map[int64]int64, len(authorIDs))
	for len(authorIDs) > 0 {
		chunk := authorIDs[:min(len(authorIDs), latestBatch)]
		authorIDs = authorIDs[len(chunk):]
		var b builder
		for i, id := range chunk {
			if i > 0 {
				b.add(" UNION ALL ")
			}
			b.add(fmt.Sprintf("SELECT t%d.user_id, t%d.id FROM (SELECT s.user_id, s.id FROM statuses s WHERE s.user_id = ? AND s.deleted = 0", i, i), id)
			visibleTo(&b, viewer)
			b.add(fmt.Sprintf(" ORDER BY s.id DESC LIMIT 1) t%d", i))
		}
		rows, err := r.c.query(ctx, b.String(), b.args...)
		if err != nil {
			return nil, dbErr(err, "latest statuses", "")
		}
		for rows.Next() {
			var uid, sid int64
			if err := rows.Scan(&uid, &sid); err != nil {
				rows.Close()
				return nil, dbErr(err, "latest statuses", "")
			}
			out[uid] = sid
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, dbErr(err, "latest statuses", "")
		}
	}
	return out, nil
}

// CountHomeSince counts, up to limit, the statuses newer than sinceID that
// the user's home timeline shows from the people they follow (the user is the
// viewer). The user's own statuses are left out: what one wrote is not news.
func (r *reads) CountHomeSince(ctx context.Context, userID, sinceID int64, limit int) (int, error) {
	return r.countHomeSince(ctx, userID, sinceID, limit, false)
}

func (r *reads) CountHomeOriginalsSince(ctx context.Context, userID, sinceID int64, limit int) (int, error) {
	return r.countHomeSince(ctx, userID, sinceID, limit, true)
}

func (r *reads) countHomeSince(ctx context.Context, userID, sinceID int64, limit int, originals bool) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var b builder
	b.add("SELECT COUNT(*) FROM (SELECT 1 FROM statuses s WHERE s.user_id IN (SELECT followee_id FROM follows WHERE follower_id = ?) AND s.id > ? AND s.deleted = 0", userID, sinceID)
	if originals {
		b.add(" AND s.retweeted_id = 0")
	}
	visibleTo(&b, userID)
	b.add(" LIMIT ?) t", limit)
	n, err := r.c.count(ctx, b.String(), b.args...)
	return n, dbErr(err, "count home since", "")
}

func (t *tx) InsertStatus(ctx context.Context, s *domain.Status, mentions []int64, topics []string, links []string) error {
	var lat, long any
	if s.Geo != nil {
		lat, long = s.Geo.Lat, s.Geo.Long
	}
	_, err := t.c.exec(ctx, "INSERT INTO statuses ("+statusCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.AppID, s.Text, toMillis(s.CreatedAt), s.RetweetedID, s.ParentID,
		s.Visible.Type, s.Visible.ListID, lat, long, s.Annotations, joinList(s.PicIDs), s.RIP, boolInt(s.Deleted),
		s.RepostsCount, s.CommentsCount, s.AttitudesCount)
	if err != nil {
		return newRowErr(err, "insert status")
	}
	if s.Visible.Type == domain.VisiblePublic && !s.Deleted {
		if err := t.addTally(ctx, tallyPublic, s.UserID, 1); err != nil {
			return err
		}
	}
	if err := t.insertPairs(ctx, "status_mentions (status_id, user_id)", s.ID, int64Args(uniqueIDs(mentions))); err != nil {
		return dbErr(err, "insert status mentions", "")
	}
	if err := t.insertPairs(ctx, "status_topics (status_id, topic)", s.ID, uniqueStrings(topics)); err != nil {
		return dbErr(err, "insert status topics", "")
	}
	if err := t.insertPairs(ctx, "status_links (status_id, url)", s.ID, uniqueStrings(links)); err != nil {
		return dbErr(err, "insert status links", "")
	}
	return nil
}

// insertPairs inserts (owner, v) for each v in one multi-row INSERT per batch.
func (t *tx) insertPairs(ctx context.Context, table string, owner int64, values []any) error {
	for len(values) > 0 {
		part := values[:min(len(values), maxBatch)]
		values = values[len(part):]
		var b builder
		b.add("INSERT INTO " + table + " VALUES ")
		for i, v := range part {
			if i > 0 {
				b.add(", ")
			}
			b.add("(?, ?)", owner, v)
		}
		b.add(" ON CONFLICT DO NOTHING")
		if _, err := t.c.exec(ctx, b.String(), b.args...); err != nil {
			return err
		}
	}
	return nil
}

func uniqueStrings(items []string) []any {
	seen := make(map[string]struct{}, len(items))
	out := make([]any, 0, len(items))
	for _, s := range items {
		if _, ok := seen[s]; ok || s == "" {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out
}

// MarkStatusDeleted deletes a live status. An already deleted one is "not
// found": of two deletes racing on one status only one may go on to lower
// the counters (under PostgreSQL's read committed the loser's UPDATE waits
// for the winner's commit, then matches no row).
func (t *tx) MarkStatusDeleted(ctx context.Context, id int64) error {
	var author int64
	var visible int
	err := t.c.queryRow(ctx, "UPDATE statuses SET deleted = 1 WHERE id = ? AND deleted = 0 RETURNING user_id, visible_type",
		id).Scan(&author, &visible)
	if err != nil {
		return dbErr(err, "mark status deleted", domain.ReasonStatusNotFound)
	}
	if visible == domain.VisiblePublic {
		return t.addTally(ctx, tallyPublic, author, -1)
	}
	return nil
}

func (t *tx) AddStatusCounts(ctx context.Context, id int64, reposts, comments, attitudes int) error {
	var b builder
	b.add("UPDATE statuses SET ")
	sep := ""
	for _, f := range []struct {
		col string
		n   int
	}{{"reposts_count", reposts}, {"comments_count", comments}, {"attitudes_count", attitudes}} {
		if f.n != 0 {
			b.add(sep+f.col+" = "+t.c.d.clampAdd(f.col), f.n)
			sep = ", "
		}
	}
	if sep == "" {
		return nil
	}
	b.add(" WHERE id = ?", id)
	res, err := t.c.exec(ctx, b.String(), b.args...)
	if err != nil {
		return dbErr(err, "add status counts", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("add status counts", domain.ReasonStatusNotFound)
	}
	return nil
}
