package sqlstore

import (
	"context"

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
