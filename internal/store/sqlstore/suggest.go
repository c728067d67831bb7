package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
)

// maxRune is the largest code point: every key starting with a prefix p
// lies in [p, p+maxRune) in bytewise order.
const maxRune = string(utf8.MaxRune)

func (r *reads) UserIDsByNameKey(ctx context.Context, prefix string, limit int) ([]int64, error) {
	if prefix == "" || limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, `SELECT user_id FROM user_name_keys WHERE name_key >= ? AND name_key < ?
		ORDER BY name_key, user_id LIMIT ?`, prefix, prefix+maxRune, limit)
	return ids, dbErr(err, "users by name key", "")
}

func (r *reads) UsersAfter(ctx context.Context, afterID int64, limit int) ([]*domain.User, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, "SELECT "+userCols+" FROM users WHERE id > ?"+activeUser+" ORDER BY id LIMIT ?", afterID, limit)
	if err != nil {
		return nil, dbErr(err, "users after", "")
	}
	defer rows.Close()
	var out []*domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, dbErr(err, "users after", "")
		}
		out = append(out, u)
	}
	return out, dbErr(rows.Err(), "users after", "")
}

func (r *reads) TopicStatusIDs(ctx context.Context, topic string, q domain.StatusQuery) ([]int64, int, error) {
	return r.statusTimeline(ctx, "topic statuses", "status_topics t JOIN statuses s ON s.id = t.status_id",
		one("t.topic = ?", topic), "t.status_id", q, true)
}

// likeContains is the LIKE pattern "contains q", q's wildcards escaped
// (with ESCAPE '\'), lower-cased as the column is compared lower-cased.
func likeContains(q string) string {
	q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q))
	return "%" + q + "%"
}

func (r *reads) AppsByName(ctx context.Context, q string, limit int) ([]domain.AppMembers, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, `SELECT `+prefixCols("a.", appCols)+`,
		(SELECT COUNT(DISTINCT t.user_id) FROM tokens t WHERE t.app_id = a.id AND t.revoked = 0) AS members
		FROM apps a WHERE LOWER(a.name) LIKE ? ESCAPE '\' ORDER BY members DESC, a.id LIMIT ?`, likeContains(q), limit)
	if err != nil {
		return nil, dbErr(err, "apps by name", "")
	}
	defer rows.Close()
	var out []domain.AppMembers
	for rows.Next() {
		var m domain.AppMembers
		var level string
		var created int64
		var a domain.App
		if err := rows.Scan(&a.ID, &a.Key, &a.SecretHash, &a.Name, &a.RedirectURI, &level, &a.URL, &created, &m.Members); err != nil {
			return nil, dbErr(err, "apps by name", "")
		}
		a.Level, a.CreatedAt = domain.AppLevel(level), fromMillis(created)
		m.App = &a
		out = append(out, m)
	}
	return out, dbErr(rows.Err(), "apps by name", "")
}

// prefixCols qualifies each column of a column list with prefix.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func (r *reads) VerifiedReasons(ctx context.Context, q string, limit int) ([]string, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, `SELECT DISTINCT verified_reason FROM users
		WHERE verified_reason <> '' AND LOWER(verified_reason) LIKE ? ESCAPE '\' ORDER BY verified_reason LIMIT ?`,
		likeContains(q), limit)
	if err != nil {
		return nil, dbErr(err, "verified reasons", "")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, dbErr(err, "verified reasons", "")
		}
		out = append(out, s)
	}
	return out, dbErr(rows.Err(), "verified reasons", "")
}

func (r *reads) HiddenFromSuggestions(ctx context.Context, userID int64) ([]int64, error) {
	ids, err := r.c.ids(ctx, "SELECT hidden_id FROM suggestion_hidden WHERE user_id = ? ORDER BY created_at DESC LIMIT 5000", userID)
	return ids, dbErr(err, "hidden from suggestions", "")
}

func (r *reads) MostFollowedIDs(ctx context.Context, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, "SELECT id FROM users ORDER BY followers_count DESC, id LIMIT ?", limit)
	return ids, dbErr(err, "most followed", "")
}

// countBy runs "SELECT key, COUNT(*) ... GROUP BY key" over ids in chunks.
func (r *reads) countBy(ctx context.Context, what string, ids []int64, build func(in string) string, args func(part []int64) []any) (map[int64]int, error) {
	out := map[int64]int{}
	err := inChunks(uniqueIDs(ids), func(part []int64) error {
		rows, err := r.c.query(ctx, build(placeholders(len(part))), args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k int64
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			out[k] = n
		}
		return rows.Err()
	})
	return out, dbErr(err, what, "")
}

func (r *reads) NewFollowerCounts(ctx context.Context, ids []int64, since time.Time) (map[int64]int, error) {
	return r.countBy(ctx, "new follower counts", ids, func(in string) string {
		return "SELECT followee_id, COUNT(*) FROM follows WHERE followee_id IN (" + in + ") AND created_at >= ? GROUP BY followee_id"
	}, func(part []int64) []any { return append(int64Args(part), toMillis(since)) })
}

func (r *reads) StatusCountsSince(ctx context.Context, ids []int64, sinceID int64) (map[int64]int, error) {
	return r.countBy(ctx, "status counts since", ids, func(in string) string {
		return "SELECT user_id, COUNT(*) FROM statuses WHERE user_id IN (" + in + ") AND id > ? AND deleted = 0 GROUP BY user_id"
	}, func(part []int64) []any { return append(int64Args(part), sinceID) })
}

func (r *reads) FolloweesOf(ctx context.Context, followers []int64, limit int) ([]domain.Edge, error) {
	var out []domain.Edge
	err := inChunks(uniqueIDs(followers), func(part []int64) error {
		if len(out) >= limit {
			return nil
		}
		rows, err := r.c.query(ctx, "SELECT follower_id, followee_id FROM follows WHERE follower_id IN ("+
			placeholders(len(part))+") LIMIT ?", append(int64Args(part), limit-len(out))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e domain.Edge
			if err := rows.Scan(&e.From, &e.To); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, dbErr(err, "followees of", "")
}

func (r *reads) Interactions(ctx context.Context, viewer, sinceID int64) (map[int64]int, error) {
	out := map[int64]int{}
	for _, q := range []string{
		// Comments on others' statuses (status_user_id is their author).
		`SELECT status_user_id, COUNT(*) FROM comments WHERE user_id = ? AND id > ? AND status_user_id <> user_id
			GROUP BY status_user_id`,
		// Reposts, credited to the author of the status reposted.
		`SELECT p.user_id, COUNT(*) FROM statuses s JOIN statuses p ON p.id = s.parent_id
			WHERE s.user_id = ? AND s.id > ? AND s.parent_id <> 0 AND s.deleted = 0 GROUP BY p.user_id`,
	} {
		rows, err := r.c.query(ctx, q, viewer, sinceID)
		if err != nil {
			return nil, dbErr(err, "interactions", "")
		}
		for rows.Next() {
			var k int64
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return nil, dbErr(err, "interactions", "")
			}
			out[k] += n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, dbErr(err, "interactions", "")
		}
	}
	delete(out, viewer)
	return out, nil
}

func (r *reads) TopicsOfStatuses(ctx context.Context, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	err := inChunks(uniqueIDs(ids), func(part []int64) error {
		rows, err := r.c.query(ctx, "SELECT status_id, topic FROM status_topics WHERE status_id IN ("+placeholders(len(part))+")",
			int64Args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				return err
			}
			out[id] = append(out[id], t)
		}
		return rows.Err()
	})
	return out, dbErr(err, "topics of statuses", "")
}

func (r *reads) TopicsOfUser(ctx context.Context, userID, sinceID int64, limit int) ([]string, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, `SELECT DISTINCT t.topic FROM statuses s JOIN status_topics t ON t.status_id = s.id
		WHERE s.user_id = ? AND s.id > ? AND s.deleted = 0 ORDER BY t.topic LIMIT ?`, userID, sinceID, limit)
	if err != nil {
		return nil, dbErr(err, "topics of user", "")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, dbErr(err, "topics of user", "")
		}
		out = append(out, t)
	}
	return out, dbErr(rows.Err(), "topics of user", "")
}

func (t *tx) SetUserNameKeys(ctx context.Context, userID int64, keys []string) error {
	if _, err := t.c.exec(ctx, "DELETE FROM user_name_keys WHERE user_id = ?", userID); err != nil {
		return dbErr(err, "set user name keys", "")
	}
	vals := uniqueStrings(keys)
	for len(vals) > 0 {
		part := vals[:min(len(vals), maxBatch)]
		vals = vals[len(part):]
		var b builder
		b.add("INSERT INTO user_name_keys (name_key, user_id) VALUES ")
		for i, k := range part {
			if i > 0 {
				b.add(", ")
			}
			b.add("(?, ?)", k, userID)
		}
		b.add(" ON CONFLICT DO NOTHING")
		if _, err := t.c.exec(ctx, b.String(), b.args...); err != nil {
			return dbErr(err, "set user name keys", "")
		}
	}
	return nil
}

func (t *tx) HideFromSuggestions(ctx context.Context, userID, hiddenID int64, at time.Time) error {
	_, err := t.c.exec(ctx, `INSERT INTO suggestion_hidden (user_id, hidden_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, userID, hiddenID, toMillis(at))
	return dbErr(err, "hide from suggestions", "")
}
