package domain

import (
	"context"
	"time"
)

// SearchDoc is what the full-text index keeps of a status: its words and the
// facets search/statuses filters by. Province and City are the author's when
// the status was indexed (at posting, or at the last reindex).
type SearchDoc struct {
	ID       int64
	UserID   int64
	AppID    int64
	Text     string
	Repost   bool
	HasPic   bool
	Province int
	City     int
}

// StatusSearch selects indexed statuses, newest first. Every field narrows
// the selection; the zero value selects every indexed status.
type StatusSearch struct {
	// Words is raw text, segmented by the engine: a status must contain every
	// word of it ("" matches every status). With AnyWord, one is enough.
	Words   string
	AnyWord bool

	AuthorID int64
	AppID    int64
	Ori      int // 0 all, 1 originals only, 2 reposts only
	Pic      int // 0 all, 1 with a picture, 2 without
	Province int // 0 any
	City     int // 0 any (only with Province)

	// SinceID < id <= MaxID; a zero bound is open. Ids are time-ordered, so
	// time bounds are id bounds.
	SinceID int64
	MaxID   int64
	Limit   int
}

// Searcher is the full-text index of statuses. It only finds candidates:
// whether a status still exists and whether the viewer may see it is the
// store's answer (SearchReader.StatusIDsAmong), never the index's, so a stale
// entry can cost a lookup but never show a deleted or hidden status.
type Searcher interface {
	// Index adds or replaces documents (idempotent).
	Index(ctx context.Context, docs []SearchDoc) error
	// Remove drops documents; missing ids are ignored.
	Remove(ctx context.Context, ids []int64) error
	// Search returns up to q.Limit matching status ids, newest first.
	Search(ctx context.Context, q StatusSearch) ([]int64, error)
	// Count counts the matches of q, stopping at limit.
	Count(ctx context.Context, q StatusSearch, limit int) (int, error)
	// Keywords are up to n distinct content words of text, as the engine
	// segments it, most telling first (stop words and single characters out).
	Keywords(ctx context.Context, text string, n int) ([]string, error)

	// Clear empties the index (a rebuild starts with it).
	Clear(ctx context.Context) error
	// Checkpoint is the id a rebuild in progress has indexed up to; ok is
	// false when no rebuild is in progress.
	Checkpoint(ctx context.Context) (id int64, ok bool, err error)
	// SetCheckpoint records a rebuild's progress; ok=false ends the rebuild.
	SetCheckpoint(ctx context.Context, id int64, ok bool) error
}

// SearchReader is what search and suggestions ask of the store.
type SearchReader interface {
	// StatusIDsAmong keeps, of ids, the statuses q selects exactly as a
	// timeline would (not deleted, visible to q.Viewer, q.Filter), newest
	// first; q.Page's id bounds apply and its Count is ignored. ids holds at
	// most a few hundred candidates.
	StatusIDsAmong(ctx context.Context, ids []int64, q StatusQuery) ([]int64, error)
	// StatusesAfter lists up to limit statuses with id > afterID, deleted
	// ones left out, in id order: a rebuild's walk over the store.
	StatusesAfter(ctx context.Context, afterID int64, limit int) ([]*Status, error)
	// CountStatusesAfter counts the statuses with id > afterID that are not
	// deleted (what a rebuild has left to do).
	CountStatusesAfter(ctx context.Context, afterID int64) (int, error)
}

// AppMembers is an app and how many users have authorized it.
type AppMembers struct {
	App     *App
	Members int
}

// Edge is a follow: From follows To.
type Edge struct{ From, To int64 }

// SuggestReader is what the suggestion endpoints ask of the store.
type SuggestReader interface {
	// UserIDsByNameKey: users with a name key starting with prefix (see
	// SuggestWriter.SetUserNameKeys), at most limit, in key order.
	UserIDsByNameKey(ctx context.Context, prefix string, limit int) ([]int64, error)
	// UsersAfter lists up to limit users with id > afterID in id order.
	UsersAfter(ctx context.Context, afterID int64, limit int) ([]*User, error)
	// TopicStatusIDs: statuses carrying #topic#, as StatusQuery selects them.
	TopicStatusIDs(ctx context.Context, topic string, q StatusQuery) (ids []int64, total int, err error)
	// AppsByName: apps whose name contains q (any case), most authorized first.
	AppsByName(ctx context.Context, q string, limit int) ([]AppMembers, error)
	// VerifiedReasons: distinct verified reasons users hold that contain q.
	VerifiedReasons(ctx context.Context, q string, limit int) ([]string, error)
	// HiddenFromSuggestions lists whom userID asked not to be suggested.
	HiddenFromSuggestions(ctx context.Context, userID int64) ([]int64, error)
	// MostFollowedIDs: the limit users with the most followers.
	MostFollowedIDs(ctx context.Context, limit int) ([]int64, error)
	// NewFollowerCounts: followers each of ids gained at or after since.
	NewFollowerCounts(ctx context.Context, ids []int64, since time.Time) (map[int64]int, error)
	// StatusCountsSince: statuses (not deleted) each of ids posted with id > sinceID.
	StatusCountsSince(ctx context.Context, ids []int64, sinceID int64) (map[int64]int, error)
	// FolloweesOf: follow edges out of the given users, at most limit.
	FolloweesOf(ctx context.Context, followers []int64, limit int) ([]Edge, error)
	// Interactions: per author, how many of viewer's comments (on their
	// statuses) and reposts (of their statuses) have id > sinceID.
	Interactions(ctx context.Context, viewer, sinceID int64) (map[int64]int, error)
	// TopicsOfStatuses maps each of ids that carries topics to them.
	TopicsOfStatuses(ctx context.Context, ids []int64) (map[int64][]string, error)
	// TopicsOfUser: distinct topics of userID's statuses with id > sinceID, at most limit.
	TopicsOfUser(ctx context.Context, userID, sinceID int64, limit int) ([]string, error)
}

// SuggestWriter keeps what suggestions need.
type SuggestWriter interface {
	// SetUserNameKeys replaces the name keys of a user.
	SetUserNameKeys(ctx context.Context, userID int64, keys []string) error
	// HideFromSuggestions records that userID wants hiddenID never suggested.
	HideFromSuggestions(ctx context.Context, userID, hiddenID int64, at time.Time) error
}
