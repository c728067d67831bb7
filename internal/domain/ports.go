package domain

import (
	"context"
	"time"
)

// Store is the source of truth. Reads run on a pool; InTx runs fn in ONE
// transaction (one per user action) and commits only if fn returns nil.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(tx Tx) error) error
	Close() error
}

// Tx is the view of the store inside a transaction: reads see its writes.
type Tx interface {
	Reader
	Writer
}

// Reader is every query the core makes. Lookups of a single missing row
// return an *Error of KindNotFound; batch lookups simply omit missing ids.
type Reader interface {
	UserReader
	AppReader
	StatusReader
	CommentReader
	GraphReader
	UnreadReader
	OutboxReader
	SearchReader
	TimelineReader
	MediaReader
	SuggestReader
	SessionReader
	BlockReader
	GroupReader
	SocialGraphReader
	FavoriteReader
	ProfileReader
	FilterReader
	TagReader
	OAuth1Reader
	PlaceReader
	TrendReader
	DMReader
	SpecialReader
	ShortURLReader
	TopicInfoReader
	FriendReader
	GrantReader
	NotificationReader
	PrefsReader
	AdminReader
	AuditReader
	InviteReader
	ReportReader
	StatsReader
	EraseReader
}

// Writer is every change the core makes.
type Writer interface {
	UserWriter
	AppWriter
	StatusWriter
	CommentWriter
	GraphWriter
	UnreadWriter
	OutboxWriter
	OAuthWriter
	MediaWriter
	SuggestWriter
	SessionWriter
	AccountWriter
	BlockWriter
	PrivacyWriter
	GroupWriter
	FavoriteWriter
	ProfileWriter
	FilterWriter
	TagWriter
	OAuth1Writer
	PlaceWriter
	TrendWriter
	DMWriter
	SpecialWriter
	ShortURLWriter
	FriendWriter
	AccountStateWriter
	NotificationWriter
	PrefsWriter
	AdminWriter
	AuditWriter
	InviteWriter
	ReportWriter
	EraseWriter
}

type UserReader interface {
	UserByID(ctx context.Context, id int64) (*User, error)
	UsersByIDs(ctx context.Context, ids []int64) (map[int64]*User, error)
	UserByScreenName(ctx context.Context, name string) (*User, error)
	UsersByScreenNames(ctx context.Context, names []string) (map[string]*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	UserByDomain(ctx context.Context, domain string) (*User, error)
	CredentialsOf(ctx context.Context, userID int64) (*Credentials, error)
}

// UserCounts is a change to a user's counters, applied atomically.
type UserCounts struct {
	Followers, Friends, BiFollowers, Statuses, Favourites int
}

type UserWriter interface {
	// CreateUser fails with KindConflict when the screen name or email is taken.
	CreateUser(ctx context.Context, u *User, c *Credentials) error
	AddUserCounts(ctx context.Context, userID int64, d UserCounts) error
}

type AppReader interface {
	AppByKey(ctx context.Context, key string) (*App, error)
	AppByID(ctx context.Context, id int64) (*App, error)
	TokenByAccessHash(ctx context.Context, hash string) (*Token, error)
	TokenByRefreshHash(ctx context.Context, hash string) (*Token, error)
	AuthCodeByHash(ctx context.Context, hash string) (*AuthCode, error)
	// AppSecretHash is the app's secret hash as stored now: a cached App
	// may predate a rotation (weibo app rotate-secret), so checks of the
	// secret read it here. KindNotFound when there is no such app.
	AppSecretHash(ctx context.Context, appID int64) (string, error)
}

type AppWriter interface {
	CreateApp(ctx context.Context, a *App) error
	// SetAppSecretHash replaces the app's secret hash; KindNotFound when
	// there is no such app.
	SetAppSecretHash(ctx context.Context, appID int64, hash string) error
	CreateToken(ctx context.Context, t *Token) error
	// RevokeTokens revokes every token of userID issued to appID and spends
	// the authorization codes of theirs the app has not exchanged yet.
	RevokeTokens(ctx context.Context, userID, appID int64) error
	RevokeToken(ctx context.Context, accessHash string) error
	CreateAuthCode(ctx context.Context, c *AuthCode) error
	// UseAuthCode marks the code used; it returns KindConflict if it already was.
	UseAuthCode(ctx context.Context, hash string) error
}

// StatusQuery selects statuses, newest first. Stores apply the visibility rule
// of CanSee for Viewer in SQL (0 = anonymous: public only), skip deleted
// statuses, then the id bounds, the filter and the page.
type StatusQuery struct {
	Page   Page
	Filter TimelineFilter
	Viewer int64
}

type StatusReader interface {
	// StatusByID returns deleted statuses too (Deleted set); callers decide.
	StatusByID(ctx context.Context, id int64) (*Status, error)
	StatusesByIDs(ctx context.Context, ids []int64) (map[int64]*Status, error)
	// LatestStatusOf returns the author's newest undeleted status, or KindNotFound.
	LatestStatusOf(ctx context.Context, userID int64) (*Status, error)
	// UserStatusIDs: statuses by one author, newest first. total counts all
	// matches; a page of Count 0 returns no ids and only counts.
	UserStatusIDs(ctx context.Context, userID int64, q StatusQuery) (ids []int64, total int, err error)
	// HomeStatusIDs: statuses by the user and everyone the user follows, newest first.
	HomeStatusIDs(ctx context.Context, userID int64, q StatusQuery) (ids []int64, err error)
	// AuthorsStatusIDs: statuses by any of the given authors, newest first.
	AuthorsStatusIDs(ctx context.Context, authorIDs []int64, q StatusQuery) ([]int64, error)
	// LatestStatusIDs maps each of the authors to the id of their newest
	// status the viewer may see (viewer 0: public only); authors with none
	// are absent. One round trip for a whole user list.
	LatestStatusIDs(ctx context.Context, authorIDs []int64, viewer int64) (map[int64]int64, error)
	PublicStatusIDs(ctx context.Context, q StatusQuery) ([]int64, error)
	// RepostIDs: reposts whose parent or root is statusID.
	RepostIDs(ctx context.Context, statusID int64, q StatusQuery) (ids []int64, total int, err error)
	RepostsByUserIDs(ctx context.Context, userID int64, q StatusQuery) ([]int64, error)
	// MentionStatusIDs leaves out the mentions userID shielded (FilterWriter.ShieldMention).
	MentionStatusIDs(ctx context.Context, userID int64, q StatusQuery) (ids []int64, total int, err error)
	// CountHomeSince counts statuses newer than sinceID in the user's home
	// timeline by the people they follow (not their own), up to limit.
	CountHomeSince(ctx context.Context, userID, sinceID int64, limit int) (int, error)
}

type StatusWriter interface {
	InsertStatus(ctx context.Context, s *Status, mentions []int64, topics []string, links []string) error
	// MarkStatusDeleted deletes a live status; a missing or already deleted
	// one is KindNotFound (ReasonStatusNotFound), so that only one of two
	// racing deletes moves the counters.
	MarkStatusDeleted(ctx context.Context, id int64) error
	AddStatusCounts(ctx context.Context, id int64, reposts, comments, attitudes int) error
}

// CommentQuery selects comments, newest first.
type CommentQuery struct {
	Page         Page
	FilterAuthor int // 0 all, 1 people I follow, 2 strangers (relative to Viewer)
	Viewer       int64
	BaseAppID    int64
}

type CommentReader interface {
	CommentByID(ctx context.Context, id int64) (*Comment, error)
	CommentsByIDs(ctx context.Context, ids []int64) (map[int64]*Comment, error)
	CommentsOnStatus(ctx context.Context, statusID int64, q CommentQuery) (ids []int64, total int, err error)
	CommentsByUser(ctx context.Context, userID int64, q CommentQuery) (ids []int64, total int, err error)
	// CommentsToUser: comments on the user's statuses or replying to the user's comments, by others.
	CommentsToUser(ctx context.Context, userID int64, q CommentQuery) (ids []int64, total int, err error)
	// CommentsInvolving: by the user or to the user.
	CommentsInvolving(ctx context.Context, userID int64, q CommentQuery) (ids []int64, total int, err error)
	CommentMentionIDs(ctx context.Context, userID int64, q CommentQuery) (ids []int64, total int, err error)
}

type CommentWriter interface {
	InsertComment(ctx context.Context, c *Comment, mentions []int64) error
	// DeleteComment removes the comment row; it returns KindNotFound if absent.
	DeleteComment(ctx context.Context, id int64) error
	// DeleteCommentsOfStatus removes every comment on a status and returns how many.
	DeleteCommentsOfStatus(ctx context.Context, statusID int64) (int, error)
}

type GraphReader interface {
	// Relationships of viewer to each of ids.
	Relationships(ctx context.Context, viewer int64, ids []int64) (map[int64]Relationship, error)
	// FriendIDs: whom userID follows, newest follow first, from position c.Cursor.
	FriendIDs(ctx context.Context, userID int64, c Cursor) (ids []int64, total int, err error)
	FollowerIDs(ctx context.Context, userID int64, c Cursor) (ids []int64, total int, err error)
	BilateralIDs(ctx context.Context, userID int64, c Cursor) (ids []int64, total int, err error)
	// CommonFriendIDs: whom both a and b follow.
	CommonFriendIDs(ctx context.Context, a, b int64, c Cursor) (ids []int64, total int, err error)
	// FollowerIDsAfter streams followers by ascending id for fan-out.
	FollowerIDsAfter(ctx context.Context, userID, afterID int64, limit int) ([]int64, error)
}

type GraphWriter interface {
	// Follow fails with KindConflict when the edge exists. rip is the end
	// user's IP address as the app reported it ("" when it did not).
	Follow(ctx context.Context, follower, followee int64, at time.Time, rip string) error
	// Unfollow fails with KindNotFound when there is no edge.
	Unfollow(ctx context.Context, follower, followee int64) error
}

type UnreadReader interface {
	Unread(ctx context.Context, userID int64) (UnreadCounts, int64, error) // counts, home read mark
	// HomeOriginalsMark is the newest original home status the user has
	// marked read as such (Tencent info/update type=9); 0 when never.
	HomeOriginalsMark(ctx context.Context, userID int64) (int64, error)
	// CountHomeOriginalsSince is CountHomeSince of the original statuses
	// only (not reposts).
	CountHomeOriginalsSince(ctx context.Context, userID, sinceID int64, limit int) (int, error)
}

type UnreadWriter interface {
	AddUnread(ctx context.Context, userID int64, kind string, n int) error
	ClearUnread(ctx context.Context, userID int64, kind string) error
	// SetHomeReadMark records the newest home status id the user has seen;
	// the mark never moves back (an older id leaves it as it is).
	SetHomeReadMark(ctx context.Context, userID, statusID int64) error
	// SetHomeOriginalsMark is SetHomeReadMark of HomeOriginalsMark.
	SetHomeOriginalsMark(ctx context.Context, userID, statusID int64) error
}

// OutboxEvent is an event written in the action's transaction and published
// after commit; a sweeper re-publishes rows that linger.
type OutboxEvent struct {
	Event
	CreatedAt time.Time
}

type OutboxReader interface {
	PendingOutbox(ctx context.Context, olderThan time.Time, limit int) ([]OutboxEvent, error)
}

type OutboxWriter interface {
	AddOutbox(ctx context.Context, e OutboxEvent) error
	DeleteOutbox(ctx context.Context, id string) error
}

// Event is a message for background work. Payload is the JSON of an event struct.
type Event struct {
	ID      string
	Type    string
	Payload []byte
}

// Queue delivers events at least once to the subscribed handler.
type Queue interface {
	// Publish is idempotent per Event.ID within the de-duplication window.
	Publish(ctx context.Context, e Event) error
	// Subscribe starts delivering to h until ctx ends; a handler error redelivers later.
	Subscribe(ctx context.Context, h func(ctx context.Context, e Event) error) error
	// Idle blocks until every published event has been handled (tests' Drain).
	Idle(ctx context.Context) error
	// Pending reports how many events wait to be handled (metrics).
	Pending(ctx context.Context) (int, error)
	Close() error
}

// Feed keeps each active user's home window: the newest status ids, capped.
type Feed interface {
	// Range answers a page from the user's window. ok is false when there is no
	// window or the page reaches past what the window holds; the caller then asks the store.
	Range(ctx context.Context, userID int64, p Page) (ids []int64, ok bool, err error)
	// Fill replaces the window with ids (newest first). total is how many
	// the whole list holds, counted (or estimated) by the caller: a total of
	// len(ids) or less says the store has no older ones (the window is complete).
	Fill(ctx context.Context, userID int64, ids []int64, total int) error
	// Push adds statusID to the windows of those users that have one.
	Push(ctx context.Context, userIDs []int64, statusID int64) error
	// Remove drops statusID from the given users' windows.
	Remove(ctx context.Context, userIDs []int64, statusID int64) error
	// Drop forgets a user's window (it is rebuilt on next read).
	Drop(ctx context.Context, userID int64) error
	// Size describes the user's window; ok is false when there is none.
	Size(ctx context.Context, userID int64) (w WindowSize, ok bool, err error)
}

// WindowSize describes a feed window: a counter kept on write, so that a
// timeline's length is known without counting it in the store.
type WindowSize struct {
	Held     int  // ids the window holds
	Complete bool // the window holds the whole list (Held == Total)
	// Total is the whole list's length: the total given to Fill, moved by
	// every Push that added an id and every Remove that dropped one since.
	// Removing a status older than what the window holds moves nothing, so
	// past the window Total is an estimate.
	Total int
	// FilledAt is the newest id Fill was given (0 for none): ids above it
	// arrived by Push.
	FilledAt int64
}

// Counter is a fixed-window counter for rate limits.
type Counter interface {
	// Incr adds n to key's counter in the window that contains now and returns the new value.
	Incr(ctx context.Context, key string, n int, window time.Duration) (int, error)
	// Get returns key's counter in the current window.
	Get(ctx context.Context, key string, window time.Duration) (int, error)
}

// Clock tells the time; tests inject a fake.
type Clock interface{ Now() time.Time }

// IDGen hands out unique, time-ordered ids below 2^53.
type IDGen interface{ Next() int64 }
