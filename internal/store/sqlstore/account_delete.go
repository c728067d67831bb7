package sqlstore

import (
	"context"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Account deletion (issue 17): the store's part of the purge the core
// drives (core/account_delete.go). Each method is bounded or touches only
// the one user's rows, and each is idempotent, so a purge cut short by a
// crash is finished by running it again.

func (r *reads) NameHoldOf(ctx context.Context, name string) (*domain.NameHold, error) {
	h := domain.NameHold{NameKey: nameKey(name)}
	var until int64
	err := r.c.queryRow(ctx, "SELECT user_id, held_until FROM name_holds WHERE name_key = ?", h.NameKey).Scan(&h.UserID, &until)
	if err != nil {
		return nil, dbErr(err, "name hold", domain.ReasonUserNotFound)
	}
	h.Until = fromMillis(until)
	return &h, nil
}

func (r *reads) WithdrawnStatusIDs(ctx context.Context, userID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, "SELECT id FROM statuses WHERE user_id = ? AND deleted = ? ORDER BY id LIMIT ?",
		userID, domain.StatusWithdrawn, limit)
	return ids, dbErr(err, "withdrawn status ids", "")
}

func (r *reads) FriendIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, `SELECT followee_id FROM follows WHERE follower_id = ? AND followee_id > ?
		ORDER BY followee_id LIMIT ?`, userID, afterID, limit)
	return ids, dbErr(err, "friend ids after", "")
}

func (r *reads) OwnStatusIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, "SELECT id FROM statuses WHERE user_id = ? AND id > ? AND deleted <> 1 ORDER BY id LIMIT ?",
		userID, afterID, limit)
	return ids, dbErr(err, "own status ids after", "")
}

func (r *reads) OwnCommentIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, "SELECT id FROM comments WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?", userID, afterID, limit)
	return ids, dbErr(err, "own comment ids after", "")
}

// deletedNameKey is the screen_name_key of a deleted account: '#' is in no
// valid screen name, so no one can sign up as it, and the real name's key
// is free once its hold ends.
func deletedNameKey(userID int64) string { return "#deleted:" + strconv.FormatInt(userID, 10) }

func (t *tx) EraseAccount(ctx context.Context, userID int64, until time.Time) error {
	// The hold first, from the name the row still has; a rerun finds the
	// key already replaced and leaves the first hold as it is.
	_, err := t.c.exec(ctx, `INSERT INTO name_holds (name_key, user_id, held_until)
		SELECT screen_name_key, id, ? FROM users WHERE id = ? AND screen_name_key <> ?
		ON CONFLICT (name_key) DO UPDATE SET user_id = excluded.user_id, held_until = excluded.held_until`,
		toMillis(until), userID, deletedNameKey(userID))
	if err != nil {
		return dbErr(err, "hold screen name", "")
	}
	res, err := t.c.exec(ctx, `UPDATE users SET screen_name_key = ?, email = NULL, email_key = NULL, domain = NULL,
		password_hash = '', description = '', location = '', url = '', avatar = '', verified_reason = ''
		WHERE id = ?`, deletedNameKey(userID), userID)
	if err != nil {
		return dbErr(err, "erase account", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("erase account", domain.ReasonUserNotFound)
	}
	if _, err := t.c.exec(ctx, "DELETE FROM user_name_keys WHERE user_id = ?", userID); err != nil {
		return dbErr(err, "erase account name keys", "")
	}
	return nil
}

func (t *tx) EraseStatuses(ctx context.Context, ids []int64) ([]int64, error) {
	var out []int64
	err := inChunks(uniqueIDs(ids), func(part []int64) error {
		got, err := t.c.ids(ctx, `UPDATE statuses SET deleted = 1, text = '', annotations = '', pic_ids = '', rip = '',
			geo_lat = NULL, geo_long = NULL WHERE deleted = ? AND id IN (`+placeholders(len(part))+") RETURNING id",
			append([]any{domain.StatusWithdrawn}, int64Args(part)...)...)
		out = append(out, got...)
		return err
	})
	return out, dbErr(err, "erase statuses", "")
}

func (t *tx) DeleteDirectMessagesOf(ctx context.Context, userID int64, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	res, err := t.c.exec(ctx, `DELETE FROM direct_messages WHERE id IN (
		SELECT id FROM direct_messages WHERE sender_id = ? UNION
		SELECT id FROM direct_messages WHERE recipient_id = ? ORDER BY id LIMIT ?)`, userID, userID, limit)
	if err != nil {
		return 0, dbErr(err, "delete direct messages", "")
	}
	n, err := res.RowsAffected()
	return int(n), dbErr(err, "delete direct messages", "")
}

// purgeStatements are PurgeUserRows' deletions, each of one user's rows
// (every ? is the user's id). Counters others see are not here: the core
// moves those edge by edge (follows, comments, reposts).
var purgeStatements = []string{
	// User tags are shared texts counting their holders.
	"UPDATE user_tag_texts SET holders = holders - 1 WHERE holders > 0 AND id IN (SELECT tag_id FROM user_tags WHERE user_id = ?)",
	"DELETE FROM user_tags WHERE user_id = ?",
	"DELETE FROM blocks WHERE user_id = ?",
	"DELETE FROM blocks WHERE target_id = ?",
	"DELETE FROM special_follows WHERE user_id = ?",
	"DELETE FROM special_follows WHERE target_id = ?",
	"DELETE FROM suggestion_hidden WHERE user_id = ?",
	"DELETE FROM suggestion_hidden WHERE hidden_id = ?",
	"DELETE FROM status_mentions WHERE user_id = ?",
	"DELETE FROM comment_mentions WHERE user_id = ?",
	"DELETE FROM favorite_tag_links WHERE user_id = ?",
	"DELETE FROM favorite_tags WHERE user_id = ?",
	"DELETE FROM favorites WHERE user_id = ?",
	"DELETE FROM status_tag_links WHERE user_id = ?",
	"DELETE FROM status_tags WHERE user_id = ?",
	"DELETE FROM home_filters WHERE user_id = ?",
	"DELETE FROM mention_shields WHERE user_id = ?",
	"DELETE FROM top_statuses WHERE user_id = ?",
	"DELETE FROM topic_follows WHERE user_id = ?",
	"DELETE FROM group_members WHERE owner_id = ?",
	"DELETE FROM friend_groups WHERE owner_id = ?",
	"DELETE FROM user_prefs WHERE user_id = ?",
	// Notices: theirs go; one that also reached others stays for them.
	"DELETE FROM notice_recipients WHERE user_id = ?",
	"DELETE FROM notices WHERE user_id = ? AND NOT EXISTS (SELECT 1 FROM notice_recipients r WHERE r.notice_id = notices.id)",
	"DELETE FROM unread WHERE user_id = ?",
	"DELETE FROM home_read_marks WHERE user_id = ?",
	"DELETE FROM home_originals_marks WHERE user_id = ?",
	"DELETE FROM nearby_users WHERE user_id = ?",
	"DELETE FROM place_visits WHERE user_id = ?",
	"DELETE FROM sessions WHERE user_id = ?",
	"DELETE FROM tokens WHERE user_id = ?",
	"DELETE FROM oauth1_tokens WHERE user_id = ?",
	"DELETE FROM auth_codes WHERE user_id = ?",
	"DELETE FROM picture_owners WHERE user_id = ?",
	// Statuses deleted by hand before keep their rows (reposts point at
	// them); their content goes now.
	"UPDATE statuses SET text = '', annotations = '', pic_ids = '', rip = '', geo_lat = NULL, geo_long = NULL WHERE user_id = ? AND deleted = 1 AND (text <> '' OR pic_ids <> '' OR rip <> '')",
}

func (t *tx) PurgeUserRows(ctx context.Context, userID int64) error {
	for _, q := range purgeStatements {
		if _, err := t.c.exec(ctx, q, userID); err != nil {
			return dbErr(err, "purge user rows", "")
		}
	}
	return nil
}

var (
	_ domain.EraseReader = (*reads)(nil)
	_ domain.EraseWriter = (*tx)(nil)
)
