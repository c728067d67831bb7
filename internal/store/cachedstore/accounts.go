package cachedstore

import (
	"time"

	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// A profile change invalidates the cached user; credentials and sessions
// are not cached.

func (r *recTx) UpdateProfile(ctx context.Context, userID int64, p domain.ProfileChange) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.UpdateProfile(ctx, userID, p)
}

func (r *recTx) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	return r.tx.SetPasswordHash(ctx, userID, hash)
}

func (r *recTx) DeleteUserSessions(ctx context.Context, userID int64, keepHash string) error {
	return r.tx.DeleteUserSessions(ctx, userID, keepHash)
}

// SetUserState drops the user and every status it withdrew or restored:
// a cached copy would go on showing (or hiding) them.
func (r *recTx) SetUserState(ctx context.Context, userID int64, from, to int, at time.Time) ([]int64, error) {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	ids, err := r.tx.SetUserState(ctx, userID, from, to, at)
	r.record(func(k *keys) { k.statuses = append(k.statuses, ids...) })
	return ids, err
}

// Settings are not cached; a personal domain is part of the
// cached user.

func (r *recTx) PutUserPrefs(ctx context.Context, userID int64, p domain.UserPrefs) error {
	return r.tx.PutUserPrefs(ctx, userID, p)
}

func (r *recTx) SetUserDomain(ctx context.Context, userID int64, d string) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.SetUserDomain(ctx, userID, d)
}

// A role or a silence is part of the cached user.

func (r *recTx) SetRole(ctx context.Context, userID int64, role string) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.SetRole(ctx, userID, role)
}

func (r *recTx) SetSilenced(ctx context.Context, userID int64, at time.Time) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.SetSilenced(ctx, userID, at)
}

// The audit log is not cached.
func (r *recTx) AppendAudit(ctx context.Context, e domain.AuditEntry) error {
	return r.tx.AppendAudit(ctx, e)
}

// Invitations are not cached; a pending account was never cached as a
// user (reads skip it), but drop it anyway.
func (r *recTx) CreateInvite(ctx context.Context, inv *domain.Invite) error {
	return r.tx.CreateInvite(ctx, inv)
}

func (r *recTx) UseInvite(ctx context.Context, codeHash string, now time.Time) error {
	return r.tx.UseInvite(ctx, codeHash, now)
}

func (r *recTx) DeletePendingUser(ctx context.Context, userID int64) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.DeletePendingUser(ctx, userID)
}

// Account deletion. Erasing drops the cached user; erased statuses drop
// theirs (a cached copy would still carry the text). Direct messages are
// not cached. The purged rows are the deleted user's own (no cached
// relationship, group or favourite of a user no read returns is reached);
// its favourites and filters are dropped anyway.

func (r *recTx) EraseAccount(ctx context.Context, userID int64, until time.Time) error {
	r.record(func(k *keys) { k.users = appendNonZero(k.users, userID) })
	return r.tx.EraseAccount(ctx, userID, until)
}

func (r *recTx) EraseStatuses(ctx context.Context, ids []int64) ([]int64, error) {
	r.record(func(k *keys) { k.statuses = append(k.statuses, ids...) })
	return r.tx.EraseStatuses(ctx, ids)
}

func (r *recTx) DeleteDirectMessagesOf(ctx context.Context, userID int64, limit int) (int, error) {
	return r.tx.DeleteDirectMessagesOf(ctx, userID, limit)
}

func (r *recTx) PurgeUserRows(ctx context.Context, userID int64) error {
	r.record(func(k *keys) {
		k.users = appendNonZero(k.users, userID)
		k.favs = appendNonZero(k.favs, userID)
		k.filters = appendNonZero(k.filters, userID)
	})
	return r.tx.PurgeUserRows(ctx, userID)
}
