package domain

import "context"

// MaxRemarkLen is the longest remark (备注), in Weibo characters: 15
// Chinese or 30 half-width (friendships.md §13, inferred).
const MaxRemarkLen = 15

// FriendReader reads remarks and who interacts with whom.
type FriendReader interface {
	// Remarks maps each user userID follows and gave a remark to it.
	Remarks(ctx context.Context, userID int64) (map[int64]string, error)
	// LastInteractions maps each of others that userID interacted with to
	// the id of their newest interaction, either way: a comment on the
	// other's status, a repost of it, a mention in a status (ids are
	// time-ordered, so the larger id is the later interaction).
	LastInteractions(ctx context.Context, userID int64, others []int64) (map[int64]int64, error)
}

// FriendWriter changes remarks.
type FriendWriter interface {
	// SetRemark sets follower's remark on followee ("" clears it);
	// KindNotFound when follower does not follow followee.
	SetRemark(ctx context.Context, follower, followee int64, remark string) error
}
