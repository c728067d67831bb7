package sqlstore

import (
	"context"
	"database/sql"
	"slices"
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
// statuses aliased s: public; the viewer's own; close friends (4) when viewer
// and author follow each other; group (3) and private (1) only for the author.
func visibleTo(b *builder, viewer int64) {
	if viewer == 0 {
		b.add(" AND s.visible_type = 0")
		return
	}
	b.add(` AND (s.visible_type = 0 OR s.user_id = ? OR (s.visible_type = 4
		AND EXISTS (SELECT 1 FROM follows va WHERE va.follower_id = ? AND va.followee_id = s.user_id)
		AND EXISTS (SELECT 1 FROM follows vb WHERE vb.follower_id = s.user_id AND vb.followee_id = ?)))`,
		viewer, viewer, viewer)
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

// pageOf selects a page of ids over "FROM from WHERE cond", newest first by
// col, and the total of matches when withTotal is set. A page of Count <= 0
// is empty (the total is still computed).
func (r *reads) pageOf(ctx context.Context, from string, cond *builder, col string, p domain.Page, withTotal bool) ([]int64, int, error) {
	var ids []int64
	if p.Count > 0 {
		var b builder
		b.add("SELECT "+col+" FROM "+from+" WHERE "+cond.String(), cond.args...)
		pageBounds(&b, p, col)
		b.add(" ORDER BY "+col+" DESC LIMIT ? OFFSET ?", p.Count, p.Offset())
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
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM "+from+" WHERE "+cond.String(), cond.args...)
	if err != nil {
		return nil, 0, err
	}
	return ids, total, nil
}

// statusTimeline applies StatusQuery (deleted, visibility, filter, page) to the
// statuses s selected by "FROM from WHERE where".
func (r *reads) statusTimeline(ctx context.Context, what, from, where string, args []any, col string, q domain.StatusQuery, withTotal bool) ([]int64, int, error) {
	if matchesNothing(q.Filter, q.Viewer) {
		return nil, 0, nil
	}
	var cond builder
	cond.add(where+" AND s.deleted = 0", args...)
	visibleTo(&cond, q.Viewer)
	contentFilter(&cond, q.Filter)
	authorFilter(&cond, q.Filter.FilterByAuthor, q.Viewer, "s.user_id")
	ids, total, err := r.pageOf(ctx, from, &cond, col, q.Page, withTotal)
	if err != nil {
		return nil, 0, dbErr(err, what, "")
	}
	return ids, total, nil
}

func (r *reads) UserStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, int, error) {
	return r.statusTimeline(ctx, "user statuses", "statuses s", "s.user_id = ?", []any{userID}, "s.id", q, true)
}

// PublicStatusIDs lists public statuses only, whoever the viewer is.
func (r *reads) PublicStatusIDs(ctx context.Context, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "public statuses", "statuses s", "s.visible_type = 0", nil, "s.id", q, false)
	return ids, err
}

func (r *reads) RepostIDs(ctx context.Context, statusID int64, q domain.StatusQuery) ([]int64, int, error) {
	// The <> 0 terms let the partial indexes serve both arms of the OR.
	return r.statusTimeline(ctx, "reposts", "statuses s",
		"(s.retweeted_id = ? OR s.parent_id = ?) AND s.retweeted_id <> 0 AND s.parent_id <> 0",
		[]any{statusID, statusID}, "s.id", q, true)
}

func (r *reads) RepostsByUserIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "reposts by user", "statuses s", "s.user_id = ? AND s.retweeted_id <> 0",
		[]any{userID}, "s.id", q, false)
	return ids, err
}

func (r *reads) MentionStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, int, error) {
	return r.statusTimeline(ctx, "mentions", "status_mentions m JOIN statuses s ON s.id = m.status_id",
		"m.user_id = ?", []any{userID}, "m.status_id", q, true)
}

// HomeStatusIDs merges the newest statuses of the user and of everyone the
// user follows. It runs one query per author inside a UNION ALL, each reading
// at most one page from the (user_id, id) index, which measured several times
// faster than "user_id IN (followees) ORDER BY id" (see the benchmarks).
func (r *reads) HomeStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, error) {
	if q.Page.Count <= 0 || matchesNothing(q.Filter, q.Viewer) {
		return nil, nil
	}
	var authors []authorRel
	if q.Viewer == userID {
		// One query: the followees and whether each follows back.
		rows, err := r.c.query(ctx, `SELECT f.followee_id, CASE WHEN EXISTS (SELECT 1 FROM follows b
			WHERE b.follower_id = f.followee_id AND b.followee_id = f.follower_id) THEN 1 ELSE 0 END
			FROM follows f WHERE f.follower_id = ?`, userID)
		if err != nil {
			return nil, dbErr(err, "home followees", "")
		}
		defer rows.Close()
		for rows.Next() {
			var a authorRel
			var back int
			if err := rows.Scan(&a.id, &back); err != nil {
				return nil, dbErr(err, "home followees", "")
			}
			a.rel = domain.Relationship{Following: true, FollowedBy: back == 1}
			authors = append(authors, a)
		}
		if err := rows.Err(); err != nil {
			return nil, dbErr(err, "home followees", "")
		}
		rows.Close()
		authors = append(authors, authorRel{id: userID})
	} else {
		ids, err := r.c.ids(ctx, "SELECT followee_id FROM follows WHERE follower_id = ?", userID)
		if err != nil {
			return nil, dbErr(err, "home followees", "")
		}
		if authors, err = r.authorRels(ctx, q.Viewer, append(ids, userID)); err != nil {
			return nil, err
		}
	}
	ids, err := r.authorsTimeline(ctx, authors, q)
	return ids, dbErr(err, "home statuses", "")
}

func (r *reads) AuthorsStatusIDs(ctx context.Context, authorIDs []int64, q domain.StatusQuery) ([]int64, error) {
	if q.Page.Count <= 0 || matchesNothing(q.Filter, q.Viewer) {
		return nil, nil
	}
	authors, err := r.authorRels(ctx, q.Viewer, authorIDs)
	if err != nil {
		return nil, err
	}
	ids, err := r.authorsTimeline(ctx, authors, q)
	return ids, dbErr(err, "authors statuses", "")
}

// authorRel is an author and the viewer's relationship to them.
type authorRel struct {
	id  int64
	rel domain.Relationship
}

func (r *reads) authorRels(ctx context.Context, viewer int64, ids []int64) ([]authorRel, error) {
	ids = uniqueIDs(ids)
	out := make([]authorRel, len(ids))
	var rels map[int64]domain.Relationship
	if viewer != 0 {
		var err error
		if rels, err = r.Relationships(ctx, viewer, ids); err != nil {
			return nil, err
		}
	}
	for i, id := range ids {
		out[i] = authorRel{id: id, rel: rels[id]}
	}
	return out, nil
}

// maxBranches bounds the UNION ALL arms of one query (SQLite allows 500).
const maxBranches = 200

// authorsTimeline answers a StatusQuery over the statuses of the given
// authors. Visibility and FilterByAuthor depend only on the author, so they
// are decided here per author; each author becomes one arm of a UNION ALL that
// reads at most Offset+Count ids from the (user_id, id, deleted, visible_type) index.
func (r *reads) authorsTimeline(ctx context.Context, authors []authorRel, q domain.StatusQuery) ([]int64, error) {
	need := q.Page.Offset() + q.Page.Count
	arms := make([]any, 0, len(authors)*5)
	for _, a := range authors {
		switch {
		case q.Filter.FilterByAuthor == 1 && !a.rel.Following,
			q.Filter.FilterByAuthor == 2 && a.rel.Following:
			continue
		}
		// The visible types of this author's statuses, padded to four values.
		var types [4]any
		switch {
		case q.Viewer != 0 && a.id == q.Viewer:
			types = [4]any{domain.VisiblePublic, domain.VisiblePrivate, domain.VisibleGroup, domain.VisibleCloseFriends}
		case q.Viewer != 0 && a.rel.Following && a.rel.FollowedBy:
			types = [4]any{domain.VisiblePublic, domain.VisibleCloseFriends, domain.VisiblePublic, domain.VisiblePublic}
		default:
			types = [4]any{domain.VisiblePublic, domain.VisiblePublic, domain.VisiblePublic, domain.VisiblePublic}
		}
		arms = append(arms, a.id, types[0], types[1], types[2], types[3])
	}
	var common builder // the same for every arm
	common.add(" AND s.deleted = 0")
	contentFilter(&common, q.Filter)
	pageBounds(&common, q.Page, "s.id")

	var all []int64
	chunks := 0
	for len(arms) > 0 {
		n := min(len(arms)/5, maxBranches)
		part := arms[:n*5]
		arms = arms[n*5:]
		var b builder
		for i := range n {
			if i > 0 {
				b.add(" UNION ALL ")
			}
			b.add("SELECT id FROM (SELECT s.id FROM statuses s WHERE s.user_id = ? AND s.visible_type IN (?, ?, ?, ?)", part[i*5:i*5+5]...)
			b.add(common.String(), common.args...)
			b.add(" ORDER BY s.id DESC LIMIT ?) t"+strconv.Itoa(i), need)
		}
		b.add(" ORDER BY id DESC LIMIT ?", need)
		ids, err := r.c.ids(ctx, b.String(), b.args...)
		if err != nil {
			return nil, err
		}
		all = append(all, ids...)
		chunks++
	}
	if chunks > 1 {
		slices.SortFunc(all, func(a, b int64) int { return compareDesc(a, b) })
	}
	off := q.Page.Offset()
	if off >= len(all) {
		return nil, nil
	}
	all = all[off:]
	return all[:min(len(all), q.Page.Count)], nil
}

func compareDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// CountHomeSince counts, up to limit, the statuses newer than sinceID that
// the user's home timeline shows. With a recent sinceID the IN list reads
// only the newest entries of each author's index range.
func (r *reads) CountHomeSince(ctx context.Context, userID, sinceID int64, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var b builder
	b.add(`SELECT COUNT(*) FROM (SELECT 1 FROM statuses s
		WHERE s.user_id IN (SELECT followee_id FROM follows WHERE follower_id = ? UNION ALL SELECT ?)
		AND s.id > ? AND s.deleted = 0`, userID, userID, sinceID)
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
		return dbErr(err, "insert status", "")
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

func (t *tx) MarkStatusDeleted(ctx context.Context, id int64) error {
	res, err := t.c.exec(ctx, "UPDATE statuses SET deleted = 1 WHERE id = ?", id)
	if err != nil {
		return dbErr(err, "mark status deleted", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("mark status deleted", domain.ReasonStatusNotFound)
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
