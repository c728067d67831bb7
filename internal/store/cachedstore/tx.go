package cachedstore

import (
	"context"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// keys are the cache entries a transaction's writes may have made stale.
type keys struct {
	statuses []int64
	users    []int64
	rels     []relKey
	members  []memberKey
	groups   []int64
	tokens   []string
	revoked  []userApp
	appKeys  []string
	appIDs   []int64
	favs     []int64 // users whose favourite set changed
	filters  []int64 // users whose home filters changed
}

// recTx is the Tx handed to InTx's fn. Reads go to the inner transaction,
// uncached: they must see the transaction's own writes, and nothing read
// before the commit may enter the cache. Every write is forwarded and records
// the keys it touches, whether it succeeds or not (recording too much only
// costs a reload). Writer methods are spelled out rather than promoted, so a
// writer added to the port fails to compile here until its keys are decided.
type recTx struct {
	domain.Reader
	tx domain.Tx

	mu sync.Mutex
	k  keys
}

var _ domain.Tx = (*recTx)(nil)

func (r *recTx) record(f func(k *keys)) {
	r.mu.Lock()
	f(&r.k)
	r.mu.Unlock()
}

func (r *recTx) done() *keys {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &r.k
}

func appendNonZero(s []int64, ids ...int64) []int64 {
	for _, id := range ids {
		if id != 0 {
			s = append(s, id)
		}
	}
	return s
}

// invalidate drops every recorded key; it runs after the commit.
func (s *Store) invalidate(k *keys) {
	for _, id := range k.statuses {
		s.statuses.invalidate(id)
	}
	for _, id := range k.users {
		s.users.invalidate(id)
	}
	for _, rk := range k.rels {
		s.rels.Invalidate(rk)
	}
	for _, mk := range k.members {
		s.members.Invalidate(mk)
	}
	for _, id := range k.groups {
		s.groups.invalidate(id)
	}
	for _, h := range k.tokens {
		s.tokens.Invalidate(h)
	}
	for _, p := range k.revoked {
		s.noteRevoked(p)
	}
	for _, key := range k.appKeys {
		s.appsByKey.invalidate(key)
	}
	for _, id := range k.appIDs {
		s.appsByID.invalidate(id)
	}
	for _, id := range k.favs {
		s.favs.c.Invalidate(id)
	}
	for _, id := range k.filters {
		s.filters.c.Invalidate(id)
	}
}

// Users.

// CreateUser invalidates the user's id (a negative entry may be cached).
func (r *recTx) CreateUser(ctx context.Context, u *domain.User, c *domain.Credentials) error {
	err := r.tx.CreateUser(ctx, u, c)
	r.record(func(k *keys) { k.users = appendNonZero(k.users, u.ID) })
	return err
}

func (r *recTx) AddUserCounts(ctx context.Context, userID int64, d domain.UserCounts) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.AddUserCounts(ctx, userID, d)
}

// Apps and tokens.

func (r *recTx) CreateApp(ctx context.Context, a *domain.App) error {
	err := r.tx.CreateApp(ctx, a) // the store may assign the id: record after
	r.record(func(k *keys) {
		k.appKeys = append(k.appKeys, a.Key)
		k.appIDs = appendNonZero(k.appIDs, a.ID)
	})
	return err
}

func (r *recTx) CreateToken(ctx context.Context, t *domain.Token) error {
	r.record(func(k *keys) { k.tokens = append(k.tokens, t.AccessHash) })
	return r.tx.CreateToken(ctx, t)
}

func (r *recTx) RevokeTokens(ctx context.Context, userID, appID int64) error {
	r.record(func(k *keys) { k.revoked = append(k.revoked, userApp{userID, appID}) })
	return r.tx.RevokeTokens(ctx, userID, appID)
}

func (r *recTx) RevokeToken(ctx context.Context, accessHash string) error {
	r.record(func(k *keys) { k.tokens = append(k.tokens, accessHash) })
	return r.tx.RevokeToken(ctx, accessHash)
}

// RevokeCodeTokens names the hashes it revoked: they are invalidated like
// RevokeToken's, so a revoked token is not served from this node's cache.
func (r *recTx) RevokeCodeTokens(ctx context.Context, codeHash string) ([]string, error) {
	hashes, err := r.tx.RevokeCodeTokens(ctx, codeHash)
	r.record(func(k *keys) { k.tokens = append(k.tokens, hashes...) })
	return hashes, err
}

// Auth codes are not cached.

func (r *recTx) CreateAuthCode(ctx context.Context, c *domain.AuthCode) error {
	return r.tx.CreateAuthCode(ctx, c)
}

func (r *recTx) UseAuthCode(ctx context.Context, hash string) error {
	return r.tx.UseAuthCode(ctx, hash)
}

// Statuses.

// InsertStatus invalidates the new id (a negative entry may be cached), the
// author (statuses_count is the caller's AddUserCounts, but a store may keep
// it itself) and the reposted parent and root (likewise for reposts_count).
func (r *recTx) InsertStatus(ctx context.Context, st *domain.Status, mentions []int64, topics []string, links []string) error {
	err := r.tx.InsertStatus(ctx, st, mentions, topics, links)
	r.record(func(k *keys) {
		k.statuses = appendNonZero(k.statuses, st.ID, st.ParentID, st.RetweetedID)
		k.users = appendNonZero(k.users, st.UserID)
	})
	return err
}

func (r *recTx) MarkStatusDeleted(ctx context.Context, id int64) error {
	r.record(func(k *keys) { k.statuses = appendNonZero(k.statuses, id) })
	return r.tx.MarkStatusDeleted(ctx, id)
}

func (r *recTx) AddStatusCounts(ctx context.Context, id int64, reposts, comments, attitudes int) error {
	r.record(func(k *keys) { k.statuses = appendNonZero(k.statuses, id) })
	return r.tx.AddStatusCounts(ctx, id, reposts, comments, attitudes)
}

// Comments are not cached; a store that keeps comments_count itself changes
// the status, so the status commented on is invalidated where it is known.

func (r *recTx) InsertComment(ctx context.Context, c *domain.Comment, mentions []int64) error {
	r.record(func(k *keys) { k.statuses = appendNonZero(k.statuses, c.StatusID) })
	return r.tx.InsertComment(ctx, c, mentions)
}

func (r *recTx) DeleteComment(ctx context.Context, id int64) error {
	return r.tx.DeleteComment(ctx, id) // the caller adjusts the count with AddStatusCounts
}

func (r *recTx) DeleteCommentsOfStatus(ctx context.Context, statusID int64) (int, error) {
	r.record(func(k *keys) { k.statuses = appendNonZero(k.statuses, statusID) })
	return r.tx.DeleteCommentsOfStatus(ctx, statusID)
}

// Graph.

// Follow invalidates both directed pairs (Following of one is FollowedBy of
// the other) and both users (their counters).
func (r *recTx) Follow(ctx context.Context, follower, followee int64, at time.Time, rip string) error {
	r.recordEdge(follower, followee)
	return r.tx.Follow(ctx, follower, followee, at, rip)
}

func (r *recTx) Unfollow(ctx context.Context, follower, followee int64) error {
	r.recordEdge(follower, followee)
	return r.tx.Unfollow(ctx, follower, followee)
}

func (r *recTx) recordEdge(a, b int64) {
	r.record(func(k *keys) {
		k.rels = append(k.rels, relKey{a, b}, relKey{b, a})
		k.users = appendNonZero(k.users, a, b)
	})
}

// Unread counters and the outbox are not cached.

func (r *recTx) AddUnread(ctx context.Context, userID int64, kind string, n int) error {
	return r.tx.AddUnread(ctx, userID, kind, n)
}

func (r *recTx) ClearUnread(ctx context.Context, userID int64, kind string) error {
	return r.tx.ClearUnread(ctx, userID, kind)
}

func (r *recTx) SetHomeReadMark(ctx context.Context, userID, statusID int64) error {
	return r.tx.SetHomeReadMark(ctx, userID, statusID)
}

func (r *recTx) SetHomeOriginalsMark(ctx context.Context, userID, statusID int64) error {
	return r.tx.SetHomeOriginalsMark(ctx, userID, statusID)
}

func (r *recTx) AddOutbox(ctx context.Context, e domain.OutboxEvent) error {
	return r.tx.AddOutbox(ctx, e)
}

func (r *recTx) DeleteOutbox(ctx context.Context, id string) error {
	return r.tx.DeleteOutbox(ctx, id)
}

// Pictures are not cached (only uploads and sweeps read them); an avatar
// change is the user's row.

func (r *recTx) RegisterPicture(ctx context.Context, p *domain.Picture, owner int64) error {
	return r.tx.RegisterPicture(ctx, p, owner)
}

func (r *recTx) RetainPictures(ctx context.Context, ids []string) error {
	return r.tx.RetainPictures(ctx, ids)
}

func (r *recTx) ReleasePictures(ctx context.Context, ids []string, at time.Time) error {
	return r.tx.ReleasePictures(ctx, ids, at)
}

func (r *recTx) ClaimPicture(ctx context.Context, id string, releasedBefore, claimedBefore, now time.Time) (bool, error) {
	return r.tx.ClaimPicture(ctx, id, releasedBefore, claimedBefore, now)
}

func (r *recTx) DeletePicture(ctx context.Context, id string) error {
	return r.tx.DeletePicture(ctx, id)
}

func (r *recTx) SetAvatar(ctx context.Context, userID int64, avatarID string) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.SetAvatar(ctx, userID, avatarID)
}

// Suggestion data is never cached: nothing to invalidate.

func (r *recTx) SetUserNameKeys(ctx context.Context, userID int64, keys []string) error {
	return r.tx.SetUserNameKeys(ctx, userID, keys)
}

func (r *recTx) HideFromSuggestions(ctx context.Context, userID, hiddenID int64, at time.Time) error {
	return r.tx.HideFromSuggestions(ctx, userID, hiddenID, at)
}

// Sessions are not cached.

func (r *recTx) CreateSession(ctx context.Context, s *domain.Session) error {
	return r.tx.CreateSession(ctx, s)
}

func (r *recTx) DeleteSession(ctx context.Context, hash string) error {
	return r.tx.DeleteSession(ctx, hash)
}

// Blocks are part of the relationship of the two users, both ways.

func (r *recTx) Block(ctx context.Context, userID, target int64, at time.Time) error {
	r.recordEdge(userID, target)
	return r.tx.Block(ctx, userID, target, at)
}

func (r *recTx) Unblock(ctx context.Context, userID, target int64) error {
	r.recordEdge(userID, target)
	return r.tx.Unblock(ctx, userID, target)
}

// Privacy settings are on the user's row.
func (r *recTx) SetPrivacy(ctx context.Context, userID int64, p domain.Privacy) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.SetPrivacy(ctx, userID, p)
}

// Favourites: a change to a user's favourites invalidates their cached set
// (favorites.go); tags are not cached.

func (r *recTx) recordFavs(userID int64) {
	r.record(func(k *keys) { k.favs = appendNonZero(k.favs, userID) })
}

func (r *recTx) AddFavorite(ctx context.Context, userID, statusID int64, at time.Time) error {
	r.recordFavs(userID)
	return r.tx.AddFavorite(ctx, userID, statusID, at)
}

func (r *recTx) RemoveFavorite(ctx context.Context, userID, statusID int64) error {
	r.recordFavs(userID)
	return r.tx.RemoveFavorite(ctx, userID, statusID)
}

func (r *recTx) CreateFavoriteTag(ctx context.Context, t domain.FavoriteTag) error {
	return r.tx.CreateFavoriteTag(ctx, t)
}

func (r *recTx) SetFavoriteTags(ctx context.Context, userID, statusID int64, tagIDs []int64) error {
	return r.tx.SetFavoriteTags(ctx, userID, statusID, tagIDs)
}

func (r *recTx) RenameFavoriteTag(ctx context.Context, userID, tagID int64, text string) error {
	return r.tx.RenameFavoriteTag(ctx, userID, tagID, text)
}

func (r *recTx) DeleteFavoriteTag(ctx context.Context, userID, tagID int64) error {
	return r.tx.DeleteFavoriteTag(ctx, userID, tagID)
}

// Pinned statuses are not cached.

func (r *recTx) SetTopStatus(ctx context.Context, userID, statusID int64, at time.Time) error {
	return r.tx.SetTopStatus(ctx, userID, statusID, at)
}

func (r *recTx) ClearTopStatus(ctx context.Context, userID int64) error {
	return r.tx.ClearTopStatus(ctx, userID)
}

// Home filters invalidate the user's cached set; mention shields are not
// cached.

func (r *recTx) AddHomeFilter(ctx context.Context, userID, statusID int64, at time.Time) error {
	r.record(func(k *keys) { k.filters = appendNonZero(k.filters, userID) })
	return r.tx.AddHomeFilter(ctx, userID, statusID, at)
}

func (r *recTx) ShieldMention(ctx context.Context, userID, statusID int64, followUp bool, at time.Time) error {
	return r.tx.ShieldMention(ctx, userID, statusID, followUp, at)
}
