package domain

import (
	"context"
	"time"
)

// Topic is a #话题# with an id, made when someone first follows it
// (trends.md): statuses carry topics by name (status_topics), follows by id.
type Topic struct {
	ID   int64
	Name string
}

// TopicCount is how many statuses carry a topic.
type TopicCount struct {
	Topic string
	Count int
}

// TopicWindow selects the statuses a topic count is made of: public, not
// deleted, created in [From, To), and posted through AppID when it is not
// zero. MinID is an id no status of the window is below (ids are
// time-ordered: the core gives ids.MinIDAt(From)), so that the store reads
// the window as a range of ids rather than every status.
type TopicWindow struct {
	From, To time.Time
	MinID    int64
	AppID    int64
}

// TrendReader is what the core reads of topics and who follows them.
type TrendReader interface {
	// TopicByName returns the topic of that exact name, or KindNotFound.
	TopicByName(ctx context.Context, name string) (*Topic, error)
	// FollowedTopics lists the topics userID follows, newest follow first,
	// within p's Count and Page; total counts them.
	FollowedTopics(ctx context.Context, userID int64, p Page) (topics []Topic, total int, err error)
	// FollowsTopic reports whether userID follows topicID.
	FollowsTopic(ctx context.Context, userID, topicID int64) (bool, error)
	// TopicStatusCounts counts, for each of names, the public statuses (not
	// deleted) carrying it; names none carries are absent.
	TopicStatusCounts(ctx context.Context, names []string) (map[string]int, error)
	// HotTopics lists the limit topics most carried by the statuses of w,
	// most first (ties: by name).
	HotTopics(ctx context.Context, w TopicWindow, limit int) ([]TopicCount, error)
	// TopicCountsIn counts, for each of names, the statuses of w carrying
	// it; names none carries are absent.
	TopicCountsIn(ctx context.Context, w TopicWindow, names []string) (map[string]int, error)
}

// TrendWriter records topics and their followers.
type TrendWriter interface {
	// AddTopic makes the topic name under id unless it exists, and returns
	// the topic's id.
	AddTopic(ctx context.Context, id int64, name string) (int64, error)
	// FollowTopic records that userID follows topicID; KindConflict when
	// they do already.
	FollowTopic(ctx context.Context, userID, topicID int64, at time.Time) error
	// UnfollowTopic ends it; KindNotFound when there was no such follow.
	UnfollowTopic(ctx context.Context, userID, topicID int64) error
}
