package domain

import "time"

// User is a person with an account. Counters are kept consistent with the rows
// they count by the store, in the same transaction as the change.
type User struct {
	ID             int64
	ScreenName     string
	Email          string
	Description    string
	Location       string
	URL            string
	Avatar         string // id of the avatar upload; "" for the default avatar
	Domain         string
	Gender         string // m, f, n
	Province       int
	City           int
	Verified       bool
	VerifiedType   int
	VerifiedReason string
	Lang           string
	CreatedAt      time.Time

	FollowersCount   int
	FriendsCount     int
	BiFollowersCount int
	StatusesCount    int
	FavouritesCount  int

	Privacy Privacy

	// Role is RoleUser, RoleModerator or RoleAdmin (ports_admin.go).
	Role string
	// Silenced: a moderator limited the account; its statuses are seen only
	// by its followers and stay out of the public timeline, trends and
	// suggestions.
	Silenced bool
}

// Credentials are the secret half of a user, never rendered.
type Credentials struct {
	UserID       int64
	PasswordHash string
}

// AppLevel is the access tier of an app (README §4/§5).
type AppLevel string

const (
	AppLevelNormal   AppLevel = "normal"
	AppLevelAdvanced AppLevel = "advanced"
)

// App is a registered client application (an OAuth2 client / app key).
type App struct {
	ID          int64
	Key         string
	SecretHash  string
	Name        string
	RedirectURI string
	Level       AppLevel
	URL         string
	CreatedAt   time.Time
}

// Visibility of a status. Type uses the stored (rendered) numbering:
// 0 public, 1 private (author only), 3 a friend group (ListID), 4 close friends.
type Visibility struct {
	Type   int
	ListID int64
}

const (
	VisiblePublic       = 0
	VisiblePrivate      = 1
	VisibleGroup        = 3
	VisibleCloseFriends = 4
)

// Geo is a point attached to a status.
type Geo struct {
	Lat  float64
	Long float64
}

// Status is a post. A repost points RetweetedID at the root original, and
// ParentID at the status that was actually reposted (which may itself be a
// repost); ParentID drives the //@name: chain and counters of the direct parent.
type Status struct {
	ID          int64
	UserID      int64
	AppID       int64
	Text        string
	CreatedAt   time.Time
	RetweetedID int64
	ParentID    int64
	Visible     Visibility
	Geo         *Geo
	Annotations string // raw JSON array as posted, "" when none
	PicIDs      []string
	RIP         string
	Deleted     bool

	RepostsCount   int
	CommentsCount  int
	AttitudesCount int
}

// Comment on a status; ReplyID names the comment replied to.
type Comment struct {
	ID        int64
	StatusID  int64
	UserID    int64
	AppID     int64
	Text      string
	ReplyID   int64
	CreatedAt time.Time
	RIP       string
	Kind      int // CommentKindComment or CommentKindReply
}

// Comment kinds. Sina has one; Tencent tells a comment on a tweet (点评,
// t/comment, tweet type 7) from a reply to its author (回复, t/reply, a
// conversation, type 4). Both are comments on the status everywhere else.
const (
	CommentKindComment = 0
	CommentKindReply   = 1
)

// Token is an OAuth2 access grant. Only hashes of the secrets are stored.
type Token struct {
	AccessHash  string
	RefreshHash string
	UserID      int64
	AppID       int64
	Scopes      []string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	Revoked     bool
	// CodeHash is the hash of the authorization code the token was issued
	// from, kept by the tokens refreshed from it too; empty for other grants.
	// A replayed code revokes exactly these tokens (RFC 6749 §4.1.2).
	CodeHash string
}

// AuthCode is a single-use OAuth2 authorization code.
type AuthCode struct {
	CodeHash    string
	AppID       int64
	UserID      int64
	RedirectURI string
	Scopes      []string
	ExpiresAt   time.Time
	Used        bool
}

// Viewer is who is asking: a user acting through an app with granted scopes.
// The zero Viewer is anonymous.
type Viewer struct {
	UserID   int64
	AppID    int64
	AppLevel AppLevel
	Scopes   []string
	IP       string
}

// Authenticated reports whether a user is signed in.
func (v Viewer) Authenticated() bool { return v.UserID != 0 }

// HasScope reports whether the viewer's grant includes scope (or "all").
func (v Viewer) HasScope(scope string) bool {
	for _, s := range v.Scopes {
		if s == scope || s == "all" {
			return true
		}
	}
	return false
}

// Relationship between a viewer and another user.
type Relationship struct {
	Following  bool // viewer follows the other
	FollowedBy bool // the other follows the viewer
	Blocking   bool // viewer blocks the other
	BlockedBy  bool // the other blocks the viewer
	// Remark is the viewer's remark (备注) on the other, set while
	// following (FriendWriter.SetRemark).
	Remark string
}

// Blocked reports whether either of the two blocks the other: then neither
// sees the other's statuses, and neither may follow, comment on, repost or
// notify the other (docs/SOCIAL.md).
func (r Relationship) Blocked() bool { return r.Blocking || r.BlockedBy }

// Reverse is the relationship seen from the other side.
func (r Relationship) Reverse() Relationship {
	// The other's remark on the viewer is theirs: it does not cross over.
	return Relationship{Following: r.FollowedBy, FollowedBy: r.Following, Blocking: r.BlockedBy, BlockedBy: r.Blocking}
}

// UnreadCounts are the remind counters of one user.
type UnreadCounts struct {
	Status        int
	Follower      int
	Cmt           int
	DM            int
	MentionStatus int
	MentionCmt    int
	Group         int
	PrivateGroup  int
	Notice        int
	Invite        int
	Badge         int
	Photo         int
	Msgbox        int
}

// Unread counter names, as remind/set_count's type parameter spells them.
const (
	UnreadFollower      = "follower"
	UnreadCmt           = "cmt"
	UnreadDM            = "dm"
	UnreadMentionStatus = "mention_status"
	UnreadMentionCmt    = "mention_cmt"
	UnreadGroup         = "group"
	UnreadNotice        = "notice"
	UnreadInvite        = "invite"
	UnreadBadge         = "badge"
	UnreadPhoto         = "photo"
	UnreadStatus        = "status"
)
