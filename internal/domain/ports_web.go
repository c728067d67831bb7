package domain

import (
	"context"
	"time"
)

// Session is a person signed in through a browser: the OAuth consent page
// now, the web site later. Only the hash of its secret is stored.
type Session struct {
	IDHash    string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionReader reads sessions.
type SessionReader interface {
	// SessionByHash returns the session, expired or not, or KindNotFound.
	SessionByHash(ctx context.Context, hash string) (*Session, error)
}

// SessionWriter writes sessions.
type SessionWriter interface {
	CreateSession(ctx context.Context, s *Session) error
	// DeleteSession ends one session; an unknown one is no error.
	DeleteSession(ctx context.Context, hash string) error
}

// Live notice kinds.
const (
	LiveHome   = "home"   // a status arrived in the user's home timeline
	LiveUnread = "unread" // one of the user's unread counters moved
)

// LiveNotice tells a user's open pages and streams that something changed
// for them. It carries a kind and an id, never content: a client fetches
// what it may see through the normal reads.
type LiveNotice struct {
	UserID   int64
	Kind     string
	StatusID int64 // LiveHome: the status that arrived
}

// Live carries notices to the users' open streams, on this node or any
// other. Delivery is best effort: a notice is a hint to re-read, and a
// stream that falls behind may miss some.
type Live interface {
	Publish(ctx context.Context, notices []LiveNotice) error
	// Subscribe returns the user's notices until cancel is called.
	Subscribe(userID int64) (notices <-chan LiveNotice, cancel func())
}

// ProfileChange is what a person changes of their profile on the site's
// settings page.
type ProfileChange struct {
	ScreenName  string
	Description string
	Location    string
	Gender      string // m, f, n
	// Province and City, when set, are the new Weibo place codes
	// (geo.WeiboPlace; 0 for none); nil keeps the ones the user has.
	Province, City *int
}

// AccountWriter changes what a person's settings page changes.
type AccountWriter interface {
	// UpdateProfile fails with KindConflict when the screen name is taken
	// (case-insensitively), KindNotFound when there is no such user.
	UpdateProfile(ctx context.Context, userID int64, p ProfileChange) error
	// SetPasswordHash replaces the user's password hash.
	SetPasswordHash(ctx context.Context, userID int64, hash string) error
	// DeleteUserSessions ends every session of the user but the one whose
	// hash is keepHash ("" ends them all).
	DeleteUserSessions(ctx context.Context, userID int64, keepHash string) error
}

// User states (users.state). Only an active user is a user to the store's
// user reads (UserByID, UsersByIDs, UserByScreenName, ...): any other state
// answers "not found" there, so every read path of every dialect and the
// site treats the account as gone without a check of its own. Suspension
// (UserSuspended, ports_admin.go) is another state over the same mechanism.
const (
	UserActive      = 0
	UserDeactivated = 1 // the person closed their account (settings); final
)

// StatusWithdrawn is the value of statuses.deleted for a status hidden with
// its author's account (deleted = 1 is one its author deleted): every read
// that skips deleted statuses skips it, and a state that can be lifted
// (suspension) can tell its statuses from those deleted by hand.
const StatusWithdrawn = 2

// AppGrant is an app holding live tokens (OAuth 2.0 or 1.0a) of a user:
// what the settings page lists as an authorised app.
type AppGrant struct {
	AppID  int64
	Since  time.Time // the oldest live token
	Latest time.Time // the newest
}

// GrantReader reads the apps a user has authorised.
type GrantReader interface {
	// AppGrants lists the apps holding live (not revoked, not expired at
	// now) access tokens of userID, most recently authorised first, at
	// most limit.
	AppGrants(ctx context.Context, userID int64, now time.Time, limit int) ([]AppGrant, error)
}

// AccountStateWriter changes an account's state: the one mechanism behind
// every hidden account (deactivated by its owner, suspended by a moderator).
type AccountStateWriter interface {
	// SetUserState moves the user from state from to state to (KindNotFound,
	// ReasonUserNotFound, when the user is not in state from). Leaving
	// UserActive withdraws their live statuses (deleted = StatusWithdrawn);
	// returning to UserActive restores the withdrawn ones (deleted = 0).
	// It returns the ids withdrawn or restored (caches drop them).
	SetUserState(ctx context.Context, userID int64, from, to int, at time.Time) (changed []int64, err error)
}
