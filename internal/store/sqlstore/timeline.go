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

// audienceOf writes domain.Visibility.Audience in SQL, over the statuses
// aliased s. It must name the same visible types as the Go rule.
func audienceOf(b *builder, a domain.Audience) {
	switch a {
	case domain.AudienceEveryone:
		b.add(" AND s.visible_type = 0")
	case domain.AudienceSome:
		b.add(" AND s.visible_type IN (3, 4)")
	default:
		b.add(" AND s.visible_type NOT IN (0, 3, 4)")
	}
}

// AudienceStatusIDs: one author's statuses of one audience, served by the
// (user_id, id) index.
func (r *reads) AudienceStatusIDs(ctx context.Context, authorID int64, a domain.Audience, p domain.Page) ([]int64, error) {
	var rest builder
	rest.add(" AND s.deleted = 0")
	audienceOf(&rest, a)
	ids, _, err := r.pageOf(ctx, "statuses s", one("s.user_id = ?", authorID), &rest, "s.id", p, false)
	return ids, dbErr(err, "audience statuses", "")
}
