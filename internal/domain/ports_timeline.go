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
// behind them with what the client reported.
type TimelineReader interface {
	// FollowEdge returns the edge follower → followee, or KindNotFound.
	FollowEdge(ctx context.Context, follower, followee int64) (*FollowEdge, error)
}
