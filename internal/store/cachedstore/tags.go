package cachedstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Tags (status labels and user tags) are not cached: no hot path reads
// them, so their writes invalidate nothing.

func (r *recTx) CreateStatusTag(ctx context.Context, t domain.StatusTag, at time.Time) error {
	return r.tx.CreateStatusTag(ctx, t, at)
}

func (r *recTx) RenameStatusTag(ctx context.Context, userID, tagID int64, text string) error {
	return r.tx.RenameStatusTag(ctx, userID, tagID, text)
}

func (r *recTx) DeleteStatusTag(ctx context.Context, userID, tagID int64) error {
	return r.tx.DeleteStatusTag(ctx, userID, tagID)
}

func (r *recTx) SetStatusTags(ctx context.Context, userID, statusID int64, tagIDs []int64) error {
	return r.tx.SetStatusTags(ctx, userID, statusID, tagIDs)
}

func (r *recTx) AddUserTagText(ctx context.Context, id int64, text string) (int64, error) {
	return r.tx.AddUserTagText(ctx, id, text)
}

func (r *recTx) AddUserTag(ctx context.Context, userID, tagID int64, at time.Time) error {
	return r.tx.AddUserTag(ctx, userID, tagID, at)
}

func (r *recTx) RemoveUserTag(ctx context.Context, userID, tagID int64) error {
	return r.tx.RemoveUserTag(ctx, userID, tagID)
}
