package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/weibo-server/weibo/internal/domain"
)

// Settings (user_prefs) and personal domains (00080); notices are in
// notifications.go.

func (r *reads) UserPrefs(ctx context.Context, userID int64) (domain.UserPrefs, error) {
	p := domain.DefaultUserPrefs()
	var notice, rc, rd, rf, rm int
	err := r.c.queryRow(ctx, `SELECT new_feed, new_msg, page_statuses, page_comments, new_notice, remind_comment,
		remind_dm, remind_follower, remind_mention, mention_from, mention_type FROM user_prefs WHERE user_id = ?`, userID).
		Scan(&p.NewFeed, &p.NewMsg, &p.PageStatuses, &p.PageComments, &notice, &rc, &rd, &rf, &rm, &p.MentionFrom,
			&p.MentionType)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultUserPrefs(), nil
	}
	if err != nil {
		return p, dbErr(err, "user prefs", "")
	}
	p.NewNotice, p.RemindComment, p.RemindDM, p.RemindFollower, p.RemindMention = notice != 0, rc != 0, rd != 0, rf != 0, rm != 0
	return p, nil
}

func (t *tx) PutUserPrefs(ctx context.Context, userID int64, p domain.UserPrefs) error {
	_, err := t.c.exec(ctx, `INSERT INTO user_prefs (user_id, new_feed, new_msg, page_statuses, page_comments, new_notice,
		remind_comment, remind_dm, remind_follower, remind_mention, mention_from, mention_type)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET new_feed = excluded.new_feed, new_msg = excluded.new_msg,
		page_statuses = excluded.page_statuses, page_comments = excluded.page_comments, new_notice = excluded.new_notice,
		remind_comment = excluded.remind_comment, remind_dm = excluded.remind_dm,
		remind_follower = excluded.remind_follower, remind_mention = excluded.remind_mention,
		mention_from = excluded.mention_from, mention_type = excluded.mention_type`,
		userID, p.NewFeed, p.NewMsg, p.PageStatuses, p.PageComments, boolInt(p.NewNotice), boolInt(p.RemindComment),
		boolInt(p.RemindDM), boolInt(p.RemindFollower), boolInt(p.RemindMention), p.MentionFrom, p.MentionType)
	return dbErr(err, "put user prefs", "")
}

func (t *tx) SetUserDomain(ctx context.Context, userID int64, d string) error {
	res, err := t.c.exec(ctx, "UPDATE users SET domain = ? WHERE id = ?", d, userID)
	if err != nil {
		return dbErr(err, "set domain", domain.ReasonUserNotFound)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set domain", domain.ReasonUserNotFound)
	}
	return nil
}
