package domain

import (
	"context"
	"time"
)

// The social area's ports: blocks, privacy settings and friend groups
// (docs/SOCIAL.md says who sees what).

// MaxBlocks is how many users one user may block (Sina 20902 past it).
const MaxBlocks = 5000

// BlockReader holds the reads of blocks. Whether a viewer blocks or is
// blocked by another user is part of their Relationship (GraphReader), so
// every read that loads relationships sees blocks without another query.
type BlockReader interface {
	// BlockedIDs: whom userID blocks, newest block first, from c.Cursor;
	// total counts them all. A page of Count 0 only counts.
	BlockedIDs(ctx context.Context, userID int64, c Cursor) (ids []int64, total int, err error)
}

// BlockWriter holds the changes of blocks.
type BlockWriter interface {
	// Block records that userID blocks target; KindConflict when it
	// already does.
	Block(ctx context.Context, userID, target int64, at time.Time) error
	// Unblock removes the block; KindNotFound when there was none.
	Unblock(ctx context.Context, userID, target int64) error
}

// PrivacyLevel says who may do something to a user (comment on their
// statuses, send them messages): objects.md §6's 0, 1 and 2.
type PrivacyLevel int

const (
	PrivacyEveryone PrivacyLevel = 0 // anyone not blocked
	PrivacyFollowed PrivacyLevel = 1 // people the user follows
	// PrivacyTrusted is people the user follows and verified users (可信用户:
	// Weibo's "trusted" meant identities it had checked; inferred).
	PrivacyTrusted PrivacyLevel = 2
)

// Valid reports whether l is one of the three levels.
func (l PrivacyLevel) Valid() bool { return l >= PrivacyEveryone && l <= PrivacyTrusted }

// Allows reports whether the level lets actor act on its owner, where
// followed says the owner follows actor. Blocks are checked apart.
func (l PrivacyLevel) Allows(actor *User, followed bool) bool {
	switch l {
	case PrivacyFollowed:
		return followed
	case PrivacyTrusted:
		return followed || (actor != nil && actor.Verified)
	default:
		return true
	}
}

// Privacy is a user's privacy settings (account/get_privacy). It lives on
// the user's row, so every read that loads users has it.
type Privacy struct {
	Comment PrivacyLevel // who may comment on the user's statuses
	Message PrivacyLevel // who may send the user direct messages
	// Geo: the user's statuses carry the location their client sends;
	// off, a posted location is dropped.
	Geo bool
	// FindByEmail: others find the user by their e-mail address (user
	// suggestions); off, only the user's name finds them.
	FindByEmail bool
	RealName    bool // findable by real name (kept and reported; no real names are stored)
	Badge       bool // medals shown (kept and reported)
	Mobile      bool // findable by phone number (kept and reported; no numbers are stored)
	WebIM       bool // web chat enabled (kept and reported)
}

// DefaultPrivacy is what a new account starts with: everyone may comment
// and message, location on, found by e-mail, and the rest as objects.md §6's
// example shows.
func DefaultPrivacy() Privacy {
	return Privacy{Geo: true, FindByEmail: true, Badge: true, Mobile: true, WebIM: true}
}

// PrivacyWriter changes privacy settings.
type PrivacyWriter interface {
	// SetPrivacy replaces the user's settings; KindNotFound for no such user.
	SetPrivacy(ctx context.Context, userID int64, p Privacy) error
}

// Friend group limits (groups.md).
const (
	MaxGroups       = 20  // per owner (20614)
	MaxGroupMembers = 200 // per group (20615)
	MaxGroupTags    = 10
)

// Group is a friend group (好友分组, a "list"): people its owner follows,
// for reading their statuses together and for posting to them alone
// (visible type 3). Private groups are seen by their owner only; public
// ones by everyone, their members by everyone (MembersPublic) or by the
// members only.
type Group struct {
	ID            int64
	OwnerID       int64
	Name          string
	Description   string
	Tags          []string
	Public        bool
	MembersPublic bool // public groups: members listed to everyone (visible 1), else to members (0)
	Position      int  // the owner's order (groups/order), ascending
	MemberCount   int
	LikeCount     int
	CreatedAt     time.Time
}

// GroupMember is one member of a group with the owner's note on them.
type GroupMember struct {
	GroupID     int64
	UserID      int64
	Description string
	CreatedAt   time.Time
}

// GroupReader holds the reads of friend groups.
type GroupReader interface {
	// GroupByID returns a group, or KindNotFound (ReasonListNotFound).
	GroupByID(ctx context.Context, id int64) (*Group, error)
	// GroupsByIDs omits missing ids.
	GroupsByIDs(ctx context.Context, ids []int64) (map[int64]*Group, error)
	// GroupsOf: the owner's groups in their order.
	GroupsOf(ctx context.Context, owner int64) ([]*Group, error)
	// GroupMemberIDs: a group's members, newest first, from c.Cursor; total
	// counts them all.
	GroupMemberIDs(ctx context.Context, groupID int64, c Cursor) (ids []int64, total int, err error)
	// GroupMembers returns those of uids who are members, with their notes.
	GroupMembers(ctx context.Context, groupID int64, uids []int64) (map[int64]*GroupMember, error)
	// GroupsListing maps each of uids to the ids of owner's groups they
	// are in (friendships/groups/listed); uids in none are absent.
	GroupsListing(ctx context.Context, owner int64, uids []int64) (map[int64][]int64, error)
	// InGroups reports, for each of groupIDs, whether member is in it: the
	// visibility rule's question for statuses posted to a group.
	InGroups(ctx context.Context, member int64, groupIDs []int64) (map[int64]bool, error)
	// GroupsContaining: the groups member is in, with their owners, by
	// ascending group id after afterID (fan-out to group windows).
	GroupsContaining(ctx context.Context, member, afterID int64, limit int) ([]GroupRef, error)
	// GroupStatusIDs: statuses by the group's members, newest first, as
	// q.Viewer may see them.
	GroupStatusIDs(ctx context.Context, groupID int64, q StatusQuery) ([]int64, error)
	// ToMeStatusIDs: statuses by the people userID follows posted to an
	// audience userID is in (a group of theirs, close friends), newest first.
	ToMeStatusIDs(ctx context.Context, userID int64, q StatusQuery) ([]int64, error)
}

// GroupRef names a group and its owner.
type GroupRef struct {
	ID, OwnerID int64
}

// GroupWriter holds the changes of friend groups. Member counts move with
// the membership, in the same statement's transaction.
type GroupWriter interface {
	// CreateGroup fails with KindConflict (ReasonListNameTaken) when the
	// owner has a group of that name (case-insensitive).
	CreateGroup(ctx context.Context, g *Group) error
	// UpdateGroup replaces name, description and tags; KindConflict as CreateGroup.
	UpdateGroup(ctx context.Context, g *Group) error
	// DeleteGroup removes the group and its memberships.
	DeleteGroup(ctx context.Context, id int64) error
	// AddGroupMember: KindConflict when already a member.
	AddGroupMember(ctx context.Context, m *GroupMember) error
	// RemoveGroupMember: KindNotFound when not a member.
	RemoveGroupMember(ctx context.Context, groupID, userID int64) error
	// SetGroupMemberNote: KindNotFound when not a member.
	SetGroupMemberNote(ctx context.Context, groupID, userID int64, note string) error
	// SetGroupPositions sets each group's position to its index in ids.
	SetGroupPositions(ctx context.Context, owner int64, ids []int64) error
	// LeaveOwnerGroups removes member from every group of owner's (an
	// unfollow, a block) and returns the groups it left.
	LeaveOwnerGroups(ctx context.Context, owner, member int64) ([]int64, error)
}

// SocialGraphReader holds the follow-graph reads of the friendships extras.
type SocialGraphReader interface {
	// ChainFollowerIDs: whom viewer follows who follow target
	// (friendships/friends_chain/followers), in the order viewer followed
	// them, newest first; total counts them all.
	ChainFollowerIDs(ctx context.Context, viewer, target int64, c Cursor) (ids []int64, total int, err error)
	// ActiveFollowerIDs: up to limit of userID's followers, those with the
	// most followers of their own first, then the most statuses
	// (friendships/followers/active's 优质粉丝).
	ActiveFollowerIDs(ctx context.Context, userID int64, limit int) ([]int64, error)
}
