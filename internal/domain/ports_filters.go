package domain

import (
	"context"
	"time"
)

// FilterReader reads what a user hid: statuses filtered out of their home
// timeline (statuses/filter/create) and mentions they shielded
// (statuses/mentions/shield).
type FilterReader interface {
	// HomeFilteredIDs lists up to limit of the statuses userID hid from
	// their home timeline, newest hidden first (a cache loads the whole set).
	HomeFilteredIDs(ctx context.Context, userID int64, limit int) ([]int64, error)
	// HomeFilteredAmong reports which of statusIDs userID hid (a nil map,
	// read as all false, when none).
	HomeFilteredAmong(ctx context.Context, userID int64, statusIDs []int64) (map[int64]bool, error)
	// MentionShieldedFor reports which of userIDs shielded, with follow-up,
	// one of statusIDs: a repost of such a status no longer mentions them.
	MentionShieldedFor(ctx context.Context, userIDs, statusIDs []int64) (map[int64]bool, error)
}

// FilterWriter records what a user hid. Both are idempotent.
type FilterWriter interface {
	AddHomeFilter(ctx context.Context, userID, statusID int64, at time.Time) error
	// ShieldMention hides statusID from userID's mentions and, with
	// followUp, the reposts of it (MentionStatusIDs leaves them out).
	// Shielding again replaces followUp.
	ShieldMention(ctx context.Context, userID, statusID int64, followUp bool, at time.Time) error
}
