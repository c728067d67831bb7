package domain

import (
	"context"
	"time"
)

// DirectMessage is a private message (私信) from one user to another. Each
// side deletes it from its own box only: the sender's outbox, the
// recipient's inbox.
type DirectMessage struct {
	ID          int64
	SenderID    int64
	RecipientID int64
	AppID       int64
	Text        string
	RIP         string
	CreatedAt   time.Time
	// SenderDeleted and RecipientDeleted say which boxes no longer hold it.
	SenderDeleted, RecipientDeleted bool
}

// DMReader reads direct messages.
type DMReader interface {
	// DirectMessageByID returns the message, deleted from a box or not, or
	// KindNotFound.
	DirectMessageByID(ctx context.Context, id int64) (*DirectMessage, error)
	DirectMessagesByIDs(ctx context.Context, ids []int64) (map[int64]*DirectMessage, error)
	// DMInbox and DMOutbox page the messages userID received or sent and
	// has not deleted, newest first; total counts the whole box.
	DMInbox(ctx context.Context, userID int64, p Page) (ids []int64, total int, err error)
	DMOutbox(ctx context.Context, userID int64, p Page) (ids []int64, total int, err error)
}

// DMWriter writes direct messages.
type DMWriter interface {
	InsertDirectMessage(ctx context.Context, m *DirectMessage) error
	// DeleteDirectMessageFor takes the message out of userID's box (the
	// outbox when userID sent it, the inbox when they received it; both for
	// a message to oneself). KindNotFound when userID has no such message.
	DeleteDirectMessageFor(ctx context.Context, id, userID int64) error
}

// SpecialReader reads special follows (特别收听): the people a user follows
// whom they marked to read apart (their own timeline, a list).
type SpecialReader interface {
	// SpecialFollowIDs pages whom userID special-follows and still
	// follows, newest mark first.
	SpecialFollowIDs(ctx context.Context, userID int64, c Cursor) (ids []int64, total int, err error)
}

// SpecialWriter writes special follows.
type SpecialWriter interface {
	// AddSpecialFollow marks target; KindConflict when it already is.
	AddSpecialFollow(ctx context.Context, userID, target int64, at time.Time) error
	// RemoveSpecialFollow unmarks target; KindNotFound when it was not.
	RemoveSpecialFollow(ctx context.Context, userID, target int64) error
}
