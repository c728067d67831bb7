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
}
