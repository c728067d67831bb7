package cachedstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Direct messages and special follows are not cached: nothing to invalidate.

func (r *recTx) InsertDirectMessage(ctx context.Context, m *domain.DirectMessage) error {
	return r.tx.InsertDirectMessage(ctx, m)
}

func (r *recTx) DeleteDirectMessageFor(ctx context.Context, id, userID int64) error {
	return r.tx.DeleteDirectMessageFor(ctx, id, userID)
}

func (r *recTx) AddSpecialFollow(ctx context.Context, userID, target int64, at time.Time) error {
	return r.tx.AddSpecialFollow(ctx, userID, target, at)
}

func (r *recTx) RemoveSpecialFollow(ctx context.Context, userID, target int64) error {
	return r.tx.RemoveSpecialFollow(ctx, userID, target)
}
