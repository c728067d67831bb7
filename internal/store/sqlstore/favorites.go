package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// tagKey is the case-insensitive identity of a tag text.
func tagKey(s string) string { return strings.ToLower(s) }

func (r *reads) FavoriteOf(ctx context.Context, userID, statusID int64) (*domain.Favorite, error) {
	var created int64
	err := r.c.queryRow(ctx, "SELECT created_at FROM favorites WHERE user_id = ? AND status_id = ?", userID, statusID).Scan(&created)
	if err != nil {
		return nil, dbErr(err, "favorite", domain.ReasonStatusNotFound)
	}
	f := domain.Favorite{UserID: userID, StatusID: statusID, CreatedAt: fromMillis(created)}
	favs := []domain.Favorite{f}
	if err := r.fillFavoriteTags(ctx, userID, favs); err != nil {
		return nil, err
	}
	return &favs[0], nil
}

func (r *reads) Favorites(ctx context.Context, userID, tagID int64, p domain.Page) ([]domain.Favorite, int, error) {
	from, where, args := "favorites f", "f.user_id = ?", []any{userID}
	if tagID != 0 {
		from = "favorites f JOIN favorite_tag_links l ON l.user_id = f.user_id AND l.status_id = f.status_id"
		where += " AND l.tag_id = ?"
		args = append(args, tagID)
	}
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM "+from+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, dbErr(err, "favorites", "")
	}
	p = p.Bounded()
	if p.Count <= 0 || p.Offset() >= total {
		return nil, total, nil
	}
	rows, err := r.c.query(ctx, "SELECT f.status_id, f.created_at FROM "+from+" WHERE "+where+
		" ORDER BY f.created_at DESC, f.status_id DESC LIMIT ? OFFSET ?", append(args, p.Count, p.Offset())...)
	if err != nil {
		return nil, 0, dbErr(err, "favorites", "")
	}
	defer rows.Close()
	var out []domain.Favorite
	for rows.Next() {
		f := domain.Favorite{UserID: userID}
		var created int64
		if err := rows.Scan(&f.StatusID, &created); err != nil {
			return nil, 0, dbErr(err, "favorites", "")
		}
		f.CreatedAt = fromMillis(created)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, dbErr(err, "favorites", "")
	}
	rows.Close()
	if err := r.fillFavoriteTags(ctx, userID, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// fillFavoriteTags loads the tags of favs (one query per chunk).
func (r *reads) fillFavoriteTags(ctx context.Context, userID int64, favs []domain.Favorite) error {
	if len(favs) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(favs))
	ids := make([]int64, len(favs))
	for i, f := range favs {
		idx[f.StatusID], ids[i] = i, f.StatusID
	}
	err := inChunks(ids, func(part []int64) error {
		rows, err := r.c.query(ctx, `SELECT l.status_id, t.id, t.tag FROM favorite_tag_links l
			JOIN favorite_tags t ON t.id = l.tag_id
			WHERE l.user_id = ? AND l.status_id IN (`+placeholders(len(part))+`) ORDER BY l.status_id, t.id`,
			append([]any{userID}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sid int64
			t := domain.FavoriteTag{UserID: userID}
			if err := rows.Scan(&sid, &t.ID, &t.Tag); err != nil {
				return err
			}
			if i, ok := idx[sid]; ok {
				favs[i].Tags = append(favs[i].Tags, t)
			}
		}
		return rows.Err()
	})
	return dbErr(err, "favorite tags", "")
}

func (r *reads) FavoritedAmong(ctx context.Context, userID int64, statusIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if userID == 0 {
		return out, nil
	}
	err := inChunks(uniqueIDs(statusIDs), func(part []int64) error {
		ids, err := r.c.ids(ctx, "SELECT status_id FROM favorites WHERE user_id = ? AND status_id IN ("+placeholders(len(part))+")",
			append([]any{userID}, int64Args(part)...)...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, dbErr(err, "favorited among", "")
}

func (r *reads) FavoriteStatusIDs(ctx context.Context, userID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, "SELECT status_id FROM favorites WHERE user_id = ? ORDER BY created_at DESC, status_id DESC LIMIT ?",
		userID, limit)
	return ids, dbErr(err, "favorite status ids", "")
}

// tagCountCol counts a tag's favourites (a correlated count: a user has few tags).
const tagCountCol = "(SELECT COUNT(*) FROM favorite_tag_links l WHERE l.tag_id = t.id)"

func (r *reads) FavoriteTags(ctx context.Context, userID int64, p domain.Page) ([]domain.FavoriteTag, int, error) {
	total, err := r.c.count(ctx, "SELECT COUNT(*) FROM favorite_tags WHERE user_id = ?", userID)
	if err != nil {
		return nil, 0, dbErr(err, "favorite tags", "")
	}
	p = p.Bounded()
	if p.Count <= 0 || p.Offset() >= total {
		return nil, total, nil
	}
	rows, err := r.c.query(ctx, "SELECT t.id, t.tag, "+tagCountCol+` AS n FROM favorite_tags t WHERE t.user_id = ?
		ORDER BY n DESC, t.id DESC LIMIT ? OFFSET ?`, userID, p.Count, p.Offset())
	if err != nil {
		return nil, 0, dbErr(err, "favorite tags", "")
	}
	defer rows.Close()
	var out []domain.FavoriteTag
	for rows.Next() {
		t := domain.FavoriteTag{UserID: userID}
		if err := rows.Scan(&t.ID, &t.Tag, &t.Count); err != nil {
			return nil, 0, dbErr(err, "favorite tags", "")
		}
		out = append(out, t)
	}
	return out, total, dbErr(rows.Err(), "favorite tags", "")
}

func (r *reads) FavoriteTagByID(ctx context.Context, userID, tagID int64) (*domain.FavoriteTag, error) {
	t := domain.FavoriteTag{ID: tagID, UserID: userID}
	err := r.c.queryRow(ctx, "SELECT t.tag, "+tagCountCol+" FROM favorite_tags t WHERE t.id = ? AND t.user_id = ?",
		tagID, userID).Scan(&t.Tag, &t.Count)
	if err != nil {
		return nil, dbErr(err, "favorite tag", "")
	}
	return &t, nil
}

func (r *reads) FavoriteTagsByText(ctx context.Context, userID int64, texts []string) (map[string]domain.FavoriteTag, error) {
	out := map[string]domain.FavoriteTag{}
	if len(texts) == 0 {
		return out, nil
	}
	byKey := map[string][]string{}
	args := []any{userID}
	for _, s := range texts {
		k := tagKey(s)
		if _, ok := byKey[k]; !ok {
			args = append(args, k)
		}
		byKey[k] = append(byKey[k], s)
	}
	rows, err := r.c.query(ctx, "SELECT id, tag, tag_key FROM favorite_tags WHERE user_id = ? AND tag_key IN ("+
		placeholders(len(args)-1)+")", args...)
	if err != nil {
		return nil, dbErr(err, "favorite tags by text", "")
	}
	defer rows.Close()
	for rows.Next() {
		t := domain.FavoriteTag{UserID: userID}
		var k string
		if err := rows.Scan(&t.ID, &t.Tag, &k); err != nil {
			return nil, dbErr(err, "favorite tags by text", "")
		}
		for _, s := range byKey[k] {
			out[s] = t
		}
	}
	return out, dbErr(rows.Err(), "favorite tags by text", "")
}

func (t *tx) AddFavorite(ctx context.Context, userID, statusID int64, at time.Time) error {
	res, err := t.c.exec(ctx, "INSERT INTO favorites (user_id, status_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		userID, statusID, toMillis(at))
	if err != nil {
		return dbErr(err, "add favorite", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return &domain.Error{Kind: domain.KindConflict, Msg: "add favorite: already exists"}
	}
	return nil
}

func (t *tx) RemoveFavorite(ctx context.Context, userID, statusID int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM favorites WHERE user_id = ? AND status_id = ?", userID, statusID)
	if err != nil {
		return dbErr(err, "remove favorite", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("remove favorite", domain.ReasonStatusNotFound)
	}
	old, err := t.c.ids(ctx, "SELECT tag_id FROM favorite_tag_links WHERE user_id = ? AND status_id = ?", userID, statusID)
	if err != nil {
		return dbErr(err, "remove favorite", "")
	}
	if _, err := t.c.exec(ctx, "DELETE FROM favorite_tag_links WHERE user_id = ? AND status_id = ?", userID, statusID); err != nil {
		return dbErr(err, "remove favorite", "")
	}
	return t.dropUnusedTags(ctx, userID, old)
}

// dropUnusedTags deletes those of tagIDs that no favourite carries any more:
// a tag exists while something is filed under it.
func (t *tx) dropUnusedTags(ctx context.Context, userID int64, tagIDs []int64) error {
	err := inChunks(uniqueIDs(tagIDs), func(part []int64) error {
		_, err := t.c.exec(ctx, "DELETE FROM favorite_tags WHERE user_id = ? AND id IN ("+placeholders(len(part))+
			") AND NOT EXISTS (SELECT 1 FROM favorite_tag_links l WHERE l.tag_id = favorite_tags.id)",
			append([]any{userID}, int64Args(part)...)...)
		return err
	})
	return dbErr(err, "drop unused favorite tags", "")
}

func (t *tx) CreateFavoriteTag(ctx context.Context, ft domain.FavoriteTag) error {
	// Only the text may collide quietly: an id in use is the generator's
	// problem (ErrIDTaken), not the client's.
	res, err := t.c.exec(ctx, `INSERT INTO favorite_tags (id, user_id, tag, tag_key) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, tag_key) DO NOTHING`, ft.ID, ft.UserID, ft.Tag, tagKey(ft.Tag))
	if err != nil {
		return newRowErr(err, "create favorite tag")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return &domain.Error{Kind: domain.KindConflict, Msg: "create favorite tag: already exists"}
	}
	return nil
}

func (t *tx) SetFavoriteTags(ctx context.Context, userID, statusID int64, tagIDs []int64) error {
	if _, err := t.FavoriteOf(ctx, userID, statusID); err != nil {
		return err
	}
	old, err := t.c.ids(ctx, "SELECT tag_id FROM favorite_tag_links WHERE user_id = ? AND status_id = ?", userID, statusID)
	if err != nil {
		return dbErr(err, "set favorite tags", "")
	}
	if _, err := t.c.exec(ctx, "DELETE FROM favorite_tag_links WHERE user_id = ? AND status_id = ?", userID, statusID); err != nil {
		return dbErr(err, "set favorite tags", "")
	}
	for _, id := range uniqueIDs(tagIDs) {
		// Only the user's own tags are linked: a foreign id inserts nothing.
		if _, err := t.c.exec(ctx, `INSERT INTO favorite_tag_links (user_id, status_id, tag_id)
			SELECT ?, ?, id FROM favorite_tags WHERE id = ? AND user_id = ? ON CONFLICT DO NOTHING`,
			userID, statusID, id, userID); err != nil {
			return dbErr(err, "set favorite tags", "")
		}
	}
	return t.dropUnusedTags(ctx, userID, old)
}

func (t *tx) RenameFavoriteTag(ctx context.Context, userID, tagID int64, text string) error {
	return t.renameTag(ctx, "favorite_tags", "rename favorite tag", userID, tagID, text)
}

func (t *tx) DeleteFavoriteTag(ctx context.Context, userID, tagID int64) error {
	return t.deleteTag(ctx, "favorite_tags", "favorite_tag_links", "delete favorite tag", userID, tagID)
}

func (r *reads) MostFavoritedIDs(ctx context.Context, since time.Time, p domain.Page) ([]int64, error) {
	p = p.Bounded()
	if p.Count <= 0 || p.PastDepth() {
		return nil, nil
	}
	var b builder
	b.add(`SELECT f.status_id FROM favorites f JOIN statuses s ON s.id = f.status_id
		WHERE f.created_at >= ? AND s.deleted = 0 AND s.visible_type = 0`, toMillis(since))
	pageBounds(&b, p, "f.status_id")
	b.add(" GROUP BY f.status_id ORDER BY COUNT(*) DESC, f.status_id DESC LIMIT ? OFFSET ?", p.Count, p.Offset())
	ids, err := r.c.ids(ctx, b.String(), b.args...)
	return ids, dbErr(err, "most favorited", "")
}
