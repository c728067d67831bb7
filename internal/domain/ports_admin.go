package domain

import (
	"context"
	"time"
)

// Roles (users.role). Everyone else is an ordinary user (RoleUser).
const (
	RoleUser      = ""
	RoleModerator = "moderator" // acts on reports and content; suspends and silences
	RoleAdmin     = "admin"     // a moderator who also changes roles and sees the audit log
)

// ValidRole reports whether r is a role a user may hold.
func ValidRole(r string) bool { return r == RoleUser || r == RoleModerator || r == RoleAdmin }

// Moderates reports whether the role may moderate (moderators and admins).
func Moderates(role string) bool { return role == RoleModerator || role == RoleAdmin }

// UserSuspended is the state of an account a moderator suspended: hidden
// like a deactivated one (see UserActive), but lifting it restores the
// account and exactly the statuses withdrawn with it.
const UserSuspended = 2

// Account is a user as administration sees it: in any state, with its role.
type Account struct {
	User    *User
	State   int
	StateAt time.Time
}

// AccountQuery selects accounts for the admin pages, newest first: Query,
// when set, matches the start of the screen name (case-insensitively);
// State, when not nil, only that state.
type AccountQuery struct {
	Query    string
	State    *int
	BeforeID int64 // 0: from the newest
	Limit    int
}

// AdminReader reads accounts whatever their state.
type AdminReader interface {
	// AccountByID and AccountByName return the account in any state, or
	// KindNotFound (ReasonUserNotFound).
	AccountByID(ctx context.Context, id int64) (*Account, error)
	AccountByName(ctx context.Context, name string) (*Account, error)
	Accounts(ctx context.Context, q AccountQuery) ([]*Account, error)
	// CountAccounts counts every account, in any state.
	CountAccounts(ctx context.Context) (int, error)
}

// AdminWriter changes roles and the moderation marks of accounts.
type AdminWriter interface {
	// SetRole sets the user's role; KindNotFound when there is no such user.
	SetRole(ctx context.Context, userID int64, role string) error
	// SetSilenced silences (at non-zero) or unsilences (zero at) the user.
	SetSilenced(ctx context.Context, userID int64, at time.Time) error
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID           int64
	At           time.Time
	ActorID      int64 // 0: the operator at the terminal
	Action       string
	TargetUserID int64
	TargetID     int64 // a status, comment, report, app... the action names
	Note         string
	IP           string
}

// AuditQuery pages the audit log, newest first.
type AuditQuery struct {
	Since    time.Time // only entries at or after it (zero: all)
	BeforeID int64     // 0: from the newest
	Limit    int
}

// AuditReader reads the audit log.
type AuditReader interface {
	AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}

// AuditWriter appends to the audit log.
type AuditWriter interface {
	AppendAudit(ctx context.Context, e AuditEntry) error
}

// UserPending is the state of an account waiting for a moderator's
// approval (--registrations approval): hidden like the other non-active
// states, and unable to sign in, until approved.
const UserPending = 3

// Invite is an invitation code (only its hash is stored).
type Invite struct {
	CodeHash  string
	CreatedBy int64 // 0: the operator
	CreatedAt time.Time
	ExpiresAt time.Time // zero: never
	UsesLeft  int
	Uses      int
}

// InviteReader reads invitations.
type InviteReader interface {
	// InvitesBy lists the invitations userID made, newest first.
	InvitesBy(ctx context.Context, userID int64, limit int) ([]Invite, error)
}

// InviteWriter makes and spends invitations, and drops refused sign-ups.
type InviteWriter interface {
	CreateInvite(ctx context.Context, inv *Invite) error
	// UseInvite spends one use of the invitation; KindNotFound when there
	// is no such code with a use left that has not expired at now.
	UseInvite(ctx context.Context, codeHash string, now time.Time) error
	// DeletePendingUser removes an account still waiting for approval (it
	// has written nothing); KindNotFound when there is no such account.
	DeletePendingUser(ctx context.Context, userID int64) error
}

// UserDeleted is the state of an account its owner (or the operator)
// deleted: hidden like the other non-active states, its content removed
// by the purge (core/account_delete.go). The row stays as a tombstone so
// ids others hold (reposts, replies, the audit log) still name something,
// but its screen name, e-mail and domain are freed and its former screen
// name held back (NameHold) before anyone may take it.
const UserDeleted = 4

// NameHold keeps the screen name of a deleted account from reuse.
type NameHold struct {
	NameKey string // the lower-cased screen name
	UserID  int64  // the deleted account that had it
	Until   time.Time
}

// EraseReader reads what deleting an account needs.
type EraseReader interface {
	// NameHoldOf returns the hold on a screen name (any case), whether or
	// not it has expired; KindNotFound when there is none.
	NameHoldOf(ctx context.Context, name string) (*NameHold, error)
	// WithdrawnStatusIDs returns up to limit ids of userID's statuses
	// withdrawn with the account (deleted = StatusWithdrawn), oldest first.
	WithdrawnStatusIDs(ctx context.Context, userID int64, limit int) ([]int64, error)
	// FriendIDsAfter streams whom userID follows, by ascending id.
	FriendIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error)
	// OwnStatusIDsAfter streams userID's statuses not deleted by hand
	// (live or withdrawn with the account), by ascending id.
	OwnStatusIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error)
	// OwnCommentIDsAfter streams every comment userID wrote, whatever
	// became of its status, by ascending id.
	OwnCommentIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error)
}

// EraseWriter removes a deleted account's data.
type EraseWriter interface {
	// EraseAccount clears the account's profile (description, location,
	// url, avatar, password, e-mail, domain), frees its screen name and
	// holds it until until. Idempotent: a second call changes nothing
	// (the hold keeps its first end).
	EraseAccount(ctx context.Context, userID int64, until time.Time) error
	// EraseStatuses marks the given withdrawn statuses deleted (1) and
	// clears their content (text, pictures, annotations, place, client
	// address); statuses in any other state are left alone. It returns the
	// ids it erased: of two purges racing on a status, only one gets it
	// back and moves the counters.
	EraseStatuses(ctx context.Context, ids []int64) ([]int64, error)
	// DeleteDirectMessagesOf deletes up to limit direct messages userID
	// sent or received and returns how many.
	DeleteDirectMessagesOf(ctx context.Context, userID int64, limit int) (int, error)
	// PurgeUserRows deletes the rest of userID's rows that count nowhere
	// others see: blocks and special follows either way, mentions of them,
	// favourites, tags, filters, groups they own, sessions, tokens,
	// settings, notices, places visited; and clears the content of their
	// statuses deleted by hand.
	PurgeUserRows(ctx context.Context, userID int64) error
}
