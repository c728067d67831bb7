package domain

import (
	"context"
	"time"
)

// ProfileReader is what users/show_rank and the pinned (top) status read.
type ProfileReader interface {
	// TopStatusOf is the id of the status userID pinned, or 0.
	TopStatusOf(ctx context.Context, userID int64) (int64, error)
	// ActiveDays counts the distinct UTC days on which userID posted a
	// status that is not deleted.
	ActiveDays(ctx context.Context, userID int64) (int, error)
}

// ProfileWriter pins and unpins a user's status.
type ProfileWriter interface {
	// SetTopStatus pins statusID on userID's profile, replacing any pin.
	SetTopStatus(ctx context.Context, userID, statusID int64, at time.Time) error
	// ClearTopStatus unpins whatever userID pinned (nothing pinned is fine).
	ClearTopStatus(ctx context.Context, userID int64) error
}
