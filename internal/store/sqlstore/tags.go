package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// statusTagCountCol counts a label's statuses that are not deleted (a
// correlated count: a user has few labels, each on few statuses).
const statusTagCountCol = `(SELECT COUNT(*) FROM status_tag_links l JOIN statuses s ON s.id = l.status_id
	WHERE l.tag_id = t.id AND s.deleted = 0)`

func (r *reads) StatusTags(ctx context.Context, userID int64, p domain.Page) ([]domain.StatusTag, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM status_tags WHERE user_id = ?", userID)
	if err != nil {
		return nil, 0, dbErr(err, "status tags", "")
	}
	p = p.Bounded()
	if p.Count <= 0 || p.Offset() >= total {
		return nil, total, nil
	}
	rows, err := r.c.query(ctx, "SELECT t.id, t.tag, "+statusTagCountCol+` AS n FROM status_tags t WHERE t.user_id = ?
		ORDER BY n DESC, t.id DESC LIMIT ? OFFSET ?`, userID, p.Count, p.Offset())
	if err != nil {
		return nil, 0, dbErr(err, "status tags", "")
	}
	defer rows.Close()
	var out []domain.StatusTag
	for rows.Next() {
		t := domain.StatusTag{UserID: userID}
		if err := rows.Scan(&t.ID, &t.Tag, &t.Count); err != nil {
			return nil, 0, dbErr(err, "status tags", "")
		}
		out = append(out, t)
	}
	return out, total, dbErr(rows.Err(), "status tags", "")
}

// textKeys groups texts by their tag key: the keys to look up (first the
// extra leading args) and, per key, the texts as given.
func textKeys(texts []string, lead ...any) (args []any, byKey map[string][]string) {
	byKey = map[string][]string{}
	args = lead
	for _, s := range texts {
		k := tagKey(s)
		if _, ok := byKey[k]; !ok {
			args = append(args, k)
		}
		byKey[k] = append(byKey[k], s)
	}
	return args, byKey
}

func (r *reads) StatusTagsByText(ctx context.Context, userID int64, texts []string) (map[string]domain.StatusTag, error) {
	out := map[string]domain.StatusTag{}
	if len(texts) == 0 {
		return out, nil
	}
	args, byKey := textKeys(texts, userID)
	rows, err := r.c.query(ctx, "SELECT id, tag, tag_key FROM status_tags WHERE user_id = ? AND tag_key IN ("+
		placeholders(len(args)-1)+")", args...)
	if err != nil {
		return nil, dbErr(err, "status tags by text", "")
	}
	defer rows.Close()
	for rows.Next() {
		t := domain.StatusTag{UserID: userID}
		var k string
		if err := rows.Scan(&t.ID, &t.Tag, &k); err != nil {
			return nil, dbErr(err, "status tags by text", "")
		}
		for _, s := range byKey[k] {
			out[s] = t
		}
	}
	return out, dbErr(rows.Err(), "status tags by text", "")
}

func (r *reads) StatusTagsOf(ctx context.Context, userID int64, statusIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	err := inChunks(uniqueIDs(statusIDs), func(part []int64) error {
		rows, err := r.c.query(ctx, `SELECT l.status_id, t.tag FROM status_tag_links l JOIN status_tags t ON t.id = l.tag_id
			WHERE l.user_id = ? AND l.status_id IN (`+placeholders(len(part))+`) ORDER BY l.status_id, t.id`,
			append([]any{userID}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var tag string
			if err := rows.Scan(&id, &tag); err != nil {
				return err
			}
			out[id] = append(out[id], tag)
		}
		return rows.Err()
	})
	return out, dbErr(err, "status tags of statuses", "")
}

func (r *reads) TaggedStatusIDs(ctx context.Context, userID, tagID int64, q domain.StatusQuery) ([]int64, int, error) {
	return r.statusTimeline(ctx, "tagged statuses", "status_tag_links l JOIN statuses s ON s.id = l.status_id",
		one("l.tag_id = ? AND l.user_id = ?", tagID, userID), "l.status_id", q, true)
}

func (t *tx) CreateStatusTag(ctx context.Context, st domain.StatusTag, at time.Time) error {
	// Only the text may collide quietly: an id in use is the generator's
	// problem (ErrIDTaken), not the client's.
	res, err := t.c.exec(ctx, `INSERT INTO status_tags (id, user_id, tag, tag_key, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, tag_key) DO NOTHING`, st.ID, st.UserID, st.Tag, tagKey(st.Tag), toMillis(at))
	if err != nil {
		return newRowErr(err, "create status tag")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return &domain.Error{Kind: domain.KindConflict, Msg: "create status tag: already exists"}
	}
	return nil
}

func (t *tx) RenameStatusTag(ctx context.Context, userID, tagID int64, text string) error {
	return t.renameTag(ctx, "status_tags", "rename status tag", userID, tagID, text)
}

// renameTag renames the user's tag tagID in table (status_tags or
// favorite_tags, which share their shape): another of the user's tags with
// the same text (by tag_key) is a conflict, no such tag of theirs is not
// found. what names the operation in errors.
func (t *tx) renameTag(ctx context.Context, table, what string, userID, tagID int64, text string) error {
	var other int64
	err := t.c.queryRow(ctx, "SELECT id FROM "+table+" WHERE user_id = ? AND tag_key = ?", userID, tagKey(text)).Scan(&other)
	switch {
	case err == nil && other != tagID:
		return &domain.Error{Kind: domain.KindConflict, Msg: what + ": text taken"}
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return dbErr(err, what, "")
	}
	res, err := t.c.exec(ctx, "UPDATE "+table+" SET tag = ?, tag_key = ? WHERE id = ? AND user_id = ?", text, tagKey(text), tagID, userID)
	if err != nil {
		return dbErr(err, what, "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound(what, "")
	}
	return nil
}

func (t *tx) DeleteStatusTag(ctx context.Context, userID, tagID int64) error {
	return t.deleteTag(ctx, "status_tags", "status_tag_links", "delete status tag", userID, tagID)
}

// deleteTag deletes the user's tag tagID from table and its links from
// links (the status and favorite tag tables share their shape).
func (t *tx) deleteTag(ctx context.Context, table, links, what string, userID, tagID int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM "+table+" WHERE id = ? AND user_id = ?", tagID, userID)
	if err != nil {
		return dbErr(err, what, "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound(what, "")
	}
	_, err = t.c.exec(ctx, "DELETE FROM "+links+" WHERE tag_id = ? AND user_id = ?", tagID, userID)
	return dbErr(err, what, "")
}

func (t *tx) SetStatusTags(ctx context.Context, userID, statusID int64, tagIDs []int64) error {
	if _, err := t.c.exec(ctx, "DELETE FROM status_tag_links WHERE user_id = ? AND status_id = ?", userID, statusID); err != nil {
		return dbErr(err, "set status tags", "")
	}
	for _, id := range uniqueIDs(tagIDs) {
		// Only the user's own labels are linked: a foreign id inserts nothing.
		if _, err := t.c.exec(ctx, `INSERT INTO status_tag_links (user_id, status_id, tag_id)
			SELECT ?, ?, id FROM status_tags WHERE id = ? AND user_id = ? ON CONFLICT DO NOTHING`,
			userID, statusID, id, userID); err != nil {
			return dbErr(err, "set status tags", "")
		}
	}
	return nil
}

// scanUserTags reads (id, tag, holders) rows.
func scanUserTags(rows *sql.Rows) ([]domain.UserTag, error) {
	defer rows.Close()
	var out []domain.UserTag
	for rows.Next() {
		var t domain.UserTag
		if err := rows.Scan(&t.ID, &t.Tag, &t.Weight); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (r *reads) UserTags(ctx context.Context, userID int64, p domain.Page) ([]domain.UserTag, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM user_tags WHERE user_id = ?", userID)
	if err != nil {
		return nil, 0, dbErr(err, "user tags", "")
	}
	p = p.Bounded()
	if p.Count <= 0 || p.Offset() >= total {
		return nil, total, nil
	}
	rows, err := r.c.query(ctx, `SELECT d.id, d.tag, d.holders FROM user_tags u JOIN user_tag_texts d ON d.id = u.tag_id
		WHERE u.user_id = ? ORDER BY u.created_at DESC, u.tag_id DESC LIMIT ? OFFSET ?`, userID, p.Count, p.Offset())
	if err != nil {
		return nil, 0, dbErr(err, "user tags", "")
	}
	out, err := scanUserTags(rows)
	return out, total, dbErr(err, "user tags", "")
}

func (r *reads) UserTagsOf(ctx context.Context, userIDs []int64) (map[int64][]domain.UserTag, error) {
	out := map[int64][]domain.UserTag{}
	err := inChunks(uniqueIDs(userIDs), func(part []int64) error {
		rows, err := r.c.query(ctx, `SELECT u.user_id, d.id, d.tag, d.holders FROM user_tags u JOIN user_tag_texts d ON d.id = u.tag_id
			WHERE u.user_id IN (`+placeholders(len(part))+`) ORDER BY u.user_id, u.created_at DESC, u.tag_id DESC`, int64Args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var uid int64
			var t domain.UserTag
			if err := rows.Scan(&uid, &t.ID, &t.Tag, &t.Weight); err != nil {
				return err
			}
			out[uid] = append(out[uid], t)
		}
		return rows.Err()
	})
	return out, dbErr(err, "user tags of users", "")
}

func (r *reads) UserTagsByText(ctx context.Context, texts []string) (map[string]domain.UserTag, error) {
	out := map[string]domain.UserTag{}
	if len(texts) == 0 {
		return out, nil
	}
	args, byKey := textKeys(texts)
	rows, err := r.c.query(ctx, "SELECT id, tag, holders, tag_key FROM user_tag_texts WHERE tag_key IN ("+
		placeholders(len(args))+")", args...)
	if err != nil {
		return nil, dbErr(err, "user tags by text", "")
	}
	defer rows.Close()
	for rows.Next() {
		var t domain.UserTag
		var k string
		if err := rows.Scan(&t.ID, &t.Tag, &t.Weight, &k); err != nil {
			return nil, dbErr(err, "user tags by text", "")
		}
		for _, s := range byKey[k] {
			out[s] = t
		}
	}
	return out, dbErr(rows.Err(), "user tags by text", "")
}

func (r *reads) UserIDsWithTag(ctx context.Context, tagID int64, p domain.Page) ([]int64, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM user_tags WHERE tag_id = ?", tagID)
	if err != nil {
		return nil, 0, dbErr(err, "users with a tag", "")
	}
	p = p.Bounded()
	if p.Count <= 0 || p.Offset() >= total {
		return nil, total, nil
	}
	// Ids are time-ordered: the newest accounts first, read off the
	// (tag_id, user_id) index.
	rows, err := r.c.query(ctx, "SELECT user_id FROM user_tags WHERE tag_id = ? ORDER BY user_id DESC LIMIT ? OFFSET ?",
		tagID, p.Count, p.Offset())
	if err != nil {
		return nil, 0, dbErr(err, "users with a tag", "")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, 0, dbErr(err, "users with a tag", "")
		}
		out = append(out, id)
	}
	return out, total, dbErr(rows.Err(), "users with a tag", "")
}

// popularAmongFollowees bounds the followees whose tags are counted: the
// newest follows speak for the user's current interests.
const popularAmongFollowees = 1000

func (r *reads) PopularUserTags(ctx context.Context, userID int64, limit int) ([]domain.UserTag, error) {
	if limit <= 0 {
		return nil, nil
	}
	// Tags of the people the user follows, most carried first ...
	rows, err := r.c.query(ctx, `SELECT d.id, d.tag, d.holders FROM user_tags u
		JOIN (SELECT followee_id FROM follows WHERE follower_id = ? ORDER BY created_at DESC LIMIT ?) f ON f.followee_id = u.user_id
		JOIN user_tag_texts d ON d.id = u.tag_id
		WHERE NOT EXISTS (SELECT 1 FROM user_tags m WHERE m.user_id = ? AND m.tag_id = u.tag_id)
		GROUP BY d.id, d.tag, d.holders ORDER BY COUNT(*) DESC, d.holders DESC, d.id DESC LIMIT ?`,
		userID, popularAmongFollowees, userID, limit)
	if err != nil {
		return nil, dbErr(err, "popular user tags", "")
	}
	out, err := scanUserTags(rows)
	if err != nil {
		return nil, dbErr(err, "popular user tags", "")
	}
	if len(out) >= limit {
		return out, nil
	}
	// ... then the most carried of all.
	rows, err = r.c.query(ctx, `SELECT d.id, d.tag, d.holders FROM user_tag_texts d WHERE d.holders > 0
		AND NOT EXISTS (SELECT 1 FROM user_tags m WHERE m.user_id = ? AND m.tag_id = d.id)
		ORDER BY d.holders DESC, d.id DESC LIMIT ?`, userID, 2*limit)
	if err != nil {
		return nil, dbErr(err, "popular user tags", "")
	}
	more, err := scanUserTags(rows)
	if err != nil {
		return nil, dbErr(err, "popular user tags", "")
	}
	have := make(map[int64]bool, len(out))
	for _, t := range out {
		have[t.ID] = true
	}
	for _, t := range more {
		if len(out) == limit {
			break
		}
		if !have[t.ID] {
			out = append(out, t)
		}
	}
	return out, nil
}

func (t *tx) AddUserTagText(ctx context.Context, id int64, text string) (int64, error) {
	if _, err := t.c.exec(ctx, "INSERT INTO user_tag_texts (id, tag, tag_key) VALUES (?, ?, ?) ON CONFLICT (tag_key) DO NOTHING",
		id, text, tagKey(text)); err != nil {
		return 0, newRowErr(err, "add user tag text")
	}
	var got int64
	err := t.c.queryRow(ctx, "SELECT id FROM user_tag_texts WHERE tag_key = ?", tagKey(text)).Scan(&got)
	return got, dbErr(err, "add user tag text", "")
}

func (t *tx) AddUserTag(ctx context.Context, userID, tagID int64, at time.Time) error {
	res, err := t.c.exec(ctx, "INSERT INTO user_tags (user_id, tag_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		userID, tagID, toMillis(at))
	if err != nil {
		return dbErr(err, "add user tag", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return &domain.Error{Kind: domain.KindConflict, Msg: "add user tag: already carried"}
	}
	_, err = t.c.exec(ctx, "UPDATE user_tag_texts SET holders = holders + 1 WHERE id = ?", tagID)
	return dbErr(err, "add user tag", "")
}

func (t *tx) RemoveUserTag(ctx context.Context, userID, tagID int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM user_tags WHERE user_id = ? AND tag_id = ?", userID, tagID)
	if err != nil {
		return dbErr(err, "remove user tag", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("remove user tag", "")
	}
	_, err = t.c.exec(ctx, "UPDATE user_tag_texts SET holders = holders - 1 WHERE id = ?", tagID)
	return dbErr(err, "remove user tag", "")
}
