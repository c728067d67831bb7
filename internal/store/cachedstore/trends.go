package cachedstore

import (
	"context"
	"time"
)

// Topics and their followers are not cached (the core keeps the hot
// rankings for a few seconds itself): their writes invalidate nothing.

func (r *recTx) AddTopic(ctx context.Context, id int64, name string) (int64, error) {
	return r.tx.AddTopic(ctx, id, name)
}

func (r *recTx) FollowTopic(ctx context.Context, userID, topicID int64, at time.Time) error {
	return r.tx.FollowTopic(ctx, userID, topicID, at)
}

func (r *recTx) UnfollowTopic(ctx context.Context, userID, topicID int64) error {
	return r.tx.UnfollowTopic(ctx, userID, topicID)
}
