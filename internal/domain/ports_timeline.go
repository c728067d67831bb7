package domain

import (
	"context"
	"time"
)

// FollowEdge is one follow as stored.
type FollowEdge struct {
	Follower, Followee int64
	CreatedAt          time.Time
	// RIP is the end user's IP address as the app reported it (friendships/create rip).
	RIP string
}

// TimelineReader holds the reads that keep timelines truthful: the edges
// behind them with what the client reported, and the statuses of one
// audience that the read-time merge keeps per author.
type TimelineReader interface {
	// FollowEdge returns the edge follower → followee, or KindNotFound.
	FollowEdge(ctx context.Context, follower, followee int64) (*FollowEdge, error)
	// AudienceStatusIDs: authorID's undeleted statuses whose audience is a
	// (Status.Visible.Audience), newest first, within p.
	AudienceStatusIDs(ctx context.Context, authorID int64, a Audience, p Page) ([]int64, error)

	// The counts behind timelines' totals. Each counts what the matching
	// ...StatusIDs call selects for q, whatever q.Page says, and stops at
	// limit: a caller that finds limit matches reports an approximation
	// instead of counting every row of a large timeline.
	CountHomeStatuses(ctx context.Context, userID int64, q StatusQuery, limit int) (int, error)
	CountAuthorsStatuses(ctx context.Context, authorIDs []int64, q StatusQuery, limit int) (int, error)
	CountPublicStatuses(ctx context.Context, q StatusQuery, limit int) (int, error)
	// PublicStatusTotal is the number of undeleted public statuses, a tally
	// the store keeps as statuses are written and deleted: one read however
	// many statuses there are.
	PublicStatusTotal(ctx context.Context) (int, error)
}
