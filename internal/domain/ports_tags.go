package domain

import (
	"context"
	"time"
)

// Two tag systems (tags.md): status tags are a user's private labels on
// their own statuses, like folders; user tags are public keywords on a
// profile ("80后", "摄影"), drawn from one dictionary shared by all users,
// so that a tag's id means the same text for everyone.

// StatusTag is one of a user's labels. Count is how many of the user's
// statuses (not deleted) carry it, filled where the port says.
type StatusTag struct {
	ID     int64
	UserID int64
	Tag    string
	Count  int
}

// UserTag is a tag of the shared dictionary. Weight is how many users
// carry it.
type UserTag struct {
	ID     int64
	Tag    string
	Weight int
}

// Tag limits (tags.md): labels per status, user tags per user, and the
// length of a tag text in Weibo characters (7 Chinese, 14 half-width).
// MaxStatusTagsPerUser is ours: the spec lists at most 200 at once.
const (
	MaxTagsPerStatus     = 5
	MaxUserTags          = 10
	MaxTagLen            = 7
	MaxStatusTagsPerUser = 200
)

// TagReader is what the core reads of both tag systems.
type TagReader interface {
	// StatusTags lists userID's labels with their Count, most used first
	// (ties: newest first), within p's Count and Page; total counts them.
	StatusTags(ctx context.Context, userID int64, p Page) (tags []StatusTag, total int, err error)
	// StatusTagsByText maps each of texts naming one of userID's labels
	// (compared case-insensitively) to it, keyed by the text as given.
	StatusTagsByText(ctx context.Context, userID int64, texts []string) (map[string]StatusTag, error)
	// StatusTagsOf maps each of statusIDs that userID labelled to the
	// labels' texts, in label id order.
	StatusTagsOf(ctx context.Context, userID int64, statusIDs []int64) (map[int64][]string, error)
	// TaggedStatusIDs: userID's statuses (not deleted) carrying label
	// tagID, newest first, as q's page selects them; total counts all.
	TaggedStatusIDs(ctx context.Context, userID, tagID int64, q StatusQuery) (ids []int64, total int, err error)

	// UserTags lists userID's tags, newest first, within p's Count and
	// Page; total counts them.
	UserTags(ctx context.Context, userID int64, p Page) (tags []UserTag, total int, err error)
	// UserTagsOf maps each of userIDs that has tags to them, newest first.
	UserTagsOf(ctx context.Context, userIDs []int64) (map[int64][]UserTag, error)
	// UserTagsByText maps each of texts already in the dictionary
	// (compared case-insensitively) to its tag, keyed by the text as given.
	UserTagsByText(ctx context.Context, texts []string) (map[string]UserTag, error)
	// UserIDsWithTag lists the users carrying user tag tagID, newest
	// account first, within p's Count and Page; total counts them all.
	UserIDsWithTag(ctx context.Context, tagID int64, p Page) (ids []int64, total int, err error)
	// PopularUserTags lists up to limit tags carried by the most users
	// among those userID follows, then by the most users of all, leaving
	// out the tags userID carries.
	PopularUserTags(ctx context.Context, userID int64, limit int) ([]UserTag, error)
}

// TagWriter changes both tag systems.
type TagWriter interface {
	// CreateStatusTag adds a label (ID chosen by the caller); KindConflict
	// when the user has a label of that text (case-insensitively).
	CreateStatusTag(ctx context.Context, t StatusTag, at time.Time) error
	// RenameStatusTag changes a label's text; KindNotFound when the user has
	// no such label, KindConflict when another of theirs has the text.
	RenameStatusTag(ctx context.Context, userID, tagID int64, text string) error
	// DeleteStatusTag takes the label off every status and deletes it;
	// KindNotFound when the user has no such label.
	DeleteStatusTag(ctx context.Context, userID, tagID int64) error
	// SetStatusTags replaces the labels userID put on statusID with tagIDs
	// (ids that are not the user's labels are skipped).
	SetStatusTags(ctx context.Context, userID, statusID int64, tagIDs []int64) error

	// AddUserTagText puts text in the dictionary under id unless a tag of
	// that text (case-insensitively) is there, and returns the tag's id.
	AddUserTagText(ctx context.Context, id int64, text string) (int64, error)
	// AddUserTag gives userID the tag; KindConflict when they carry it.
	AddUserTag(ctx context.Context, userID, tagID int64, at time.Time) error
	// RemoveUserTag takes the tag from userID; KindNotFound when they do
	// not carry it. The dictionary keeps the text.
	RemoveUserTag(ctx context.Context, userID, tagID int64) error
}
