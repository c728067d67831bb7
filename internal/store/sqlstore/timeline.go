package sqlstore

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// FollowEdge returns one follow row.
func (r *reads) FollowEdge(ctx context.Context, follower, followee int64) (*domain.FollowEdge, error) {
	e := domain.FollowEdge{Follower: follower, Followee: followee}
	var created int64
	err := r.c.queryRow(ctx, "SELECT created_at, rip FROM follows WHERE follower_id = ? AND followee_id = ?",
		follower, followee).Scan(&created, &e.RIP)
	if err != nil {
		return nil, dbErr(err, "follow edge", "")
	}
	e.CreatedAt = fromMillis(created)
	return &e, nil
}

// audienceOf writes domain.Visibility.Audience in SQL, over the statuses
// aliased s. It must name the same visible types as the Go rule.
func audienceOf(b *builder, a domain.Audience) {
	switch a {
	case domain.AudienceEveryone:
		b.add(" AND s.visible_type = 0")
	case domain.AudienceSome:
		b.add(" AND s.visible_type IN (3, 4)")
	default:
		b.add(" AND s.visible_type NOT IN (0, 3, 4)")
	}
}

// AudienceStatusIDs: one author's statuses of one audience, served by the
// (user_id, id) index.
func (r *reads) AudienceStatusIDs(ctx context.Context, authorID int64, a domain.Audience, p domain.Page) ([]int64, error) {
	var rest builder
	rest.add(" AND s.deleted = 0")
	audienceOf(&rest, a)
	ids, _, err := r.pageOf(ctx, "statuses s", one("s.user_id = ?", authorID), &rest, "s.id", p, false)
	return ids, dbErr(err, "audience statuses", "")
}

// countUpTo counts, up to limit, the statuses that statusTimeline would
// select over "FROM from WHERE cond" for q, whatever q's page: a LIMIT in a
// subquery, so a large timeline costs at most limit index entries.
func (r *reads) countUpTo(ctx context.Context, what, from string, cond arm, q domain.StatusQuery, limit int) (int, error) {
	if limit <= 0 || matchesNothing(q.Filter, q.Viewer) {
		return 0, nil
	}
	var b builder
	b.add("SELECT COUNT(*) FROM (SELECT 1 FROM "+from+" WHERE "+cond.sql, cond.args...)
	b.add(" AND s.deleted = 0")
	visibleTo(&b, q.Viewer)
	contentFilter(&b, q.Filter)
	authorFilter(&b, q.Filter.FilterByAuthor, q.Viewer, "s.user_id")
	b.add(" LIMIT ?) t", limit)
	n, err := r.c.count(ctx, b.String(), b.args...)
	return n, dbErr(err, what, "")
}

func (r *reads) CountHomeStatuses(ctx context.Context, userID int64, q domain.StatusQuery, limit int) (int, error) {
	return r.countUpTo(ctx, "count home statuses", "statuses s", homeArm(userID)[0], q, limit)
}

func (r *reads) CountAuthorsStatuses(ctx context.Context, authorIDs []int64, q domain.StatusQuery, limit int) (int, error) {
	authorIDs = uniqueIDs(authorIDs)
	if len(authorIDs) == 0 {
		return 0, nil
	}
	return r.countUpTo(ctx, "count authors statuses", "statuses s",
		arm{"s.user_id IN (" + placeholders(len(authorIDs)) + ")", int64Args(authorIDs)}, q, limit)
}

func (r *reads) CountPublicStatuses(ctx context.Context, q domain.StatusQuery, limit int) (int, error) {
	return r.countUpTo(ctx, "count public statuses", "statuses s", arm{"s.visible_type = 0", nil}, q, limit)
}

// Tallies (see migration 00036): one row per (name, shard); a total is the
// sum of its shards, and a status moves the shard of its author.
const (
	tallyPublic = "public"
	tallyShards = 16
)

func (r *reads) PublicStatusTotal(ctx context.Context) (int, error) {
	n, err := r.c.count(ctx, "SELECT COALESCE(SUM(n), 0) FROM status_tallies WHERE name = ?", tallyPublic)
	return n, dbErr(err, "public status total", "")
}

// addTally moves the tally name by d in the shard of author.
func (t *tx) addTally(ctx context.Context, name string, author int64, d int) error {
	_, err := t.c.exec(ctx, "UPDATE status_tallies SET n = n + ? WHERE name = ? AND shard = ?",
		d, name, author%tallyShards)
	return dbErr(err, "tally "+name, "")
}

// recountTallies sets every tally from the statuses themselves (after a bulk
// load, which writes statuses without moving them).
func recountTallies(ctx context.Context, c conn) error {
	if _, err := c.exec(ctx, "UPDATE status_tallies SET n = 0 WHERE name = ?", tallyPublic); err != nil {
		return fmt.Errorf("sqlstore: recount tallies: %w", err)
	}
	shard := fmt.Sprintf("user_id %% %d", tallyShards)
	rows, err := c.query(ctx, "SELECT "+shard+", COUNT(*) FROM statuses WHERE visible_type = 0 AND deleted = 0 GROUP BY "+shard)
	if err != nil {
		return fmt.Errorf("sqlstore: recount tallies: %w", err)
	}
	counts := map[int64]int64{}
	for rows.Next() {
		var shard, n int64
		if err := rows.Scan(&shard, &n); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: recount tallies: %w", err)
		}
		counts[shard] = n
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("sqlstore: recount tallies: %w", err)
	}
	for shard, n := range counts {
		if _, err := c.exec(ctx, "UPDATE status_tallies SET n = ? WHERE name = ? AND shard = ?", n, tallyPublic, shard); err != nil {
			return fmt.Errorf("sqlstore: recount tallies: %w", err)
		}
	}
	return nil
}
