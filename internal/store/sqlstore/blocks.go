package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// BlockedIDs: whom userID blocks, newest block first.
func (r *reads) BlockedIDs(ctx context.Context, userID int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "blocked ids", "target_id", "blocks", "user_id = ?",
		"created_at DESC, target_id DESC", []any{userID}, c)
}

// Block locks the pair as Follow does: the core removes the follows both
// ways in the same transaction, and those move both users' counters.
func (t *tx) Block(ctx context.Context, userID, target int64, at time.Time) error {
	if err := t.lockPair(ctx, userID, target); err != nil {
		return dbErr(err, "block: lock users", "")
	}
	_, err := t.c.exec(ctx, "INSERT INTO blocks (user_id, target_id, created_at) VALUES (?, ?, ?)",
		userID, target, toMillis(at))
	if err != nil && isUniqueViolation(err) {
		return &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonAlreadyBlocked, Msg: "already blocked", Err: err}
	}
	return dbErr(err, "block", "")
}

func (t *tx) Unblock(ctx context.Context, userID, target int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM blocks WHERE user_id = ? AND target_id = ?", userID, target)
	if err != nil {
		return dbErr(err, "unblock", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("unblock", "")
	}
	return nil
}
