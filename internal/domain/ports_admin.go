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
