package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testAccounts: the settings page's writes. A profile change is read back
// (through any cache), a taken screen name is a conflict whatever its case,
// a password hash is replaced, and a person's sessions end but the kept one.
func testAccounts(f *fx) {
	a, b := f.user("alice"), f.user("bob")
	ch := domain.ProfileChange{ScreenName: "Alice2", Description: "写代码的", Location: "北京", Gender: "f"}
	f.tx(func(tx domain.Tx) error { return tx.UpdateProfile(f.ctx, a.ID, ch) })
	got, err := f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID after UpdateProfile", err)
	f.eq("profile", ch, domain.ProfileChange{ScreenName: got.ScreenName, Description: got.Description, Location: got.Location, Gender: got.Gender})
	byName, err := f.s.UserByScreenName(f.ctx, "alice2")
	f.ok("UserByScreenName of the new name", err)
	f.eq("UserByScreenName of the new name", a.ID, byName.ID)
	err = f.txErr(func(tx domain.Tx) error {
		return tx.UpdateProfile(f.ctx, b.ID, domain.ProfileChange{ScreenName: "ALICE2", Gender: "m"})
	})
	f.kind("UpdateProfile to a taken name", err, domain.KindConflict, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error { return tx.UpdateProfile(f.ctx, -5, ch) })
	f.kind("UpdateProfile of nobody", err, domain.KindNotFound, domain.ReasonUserNotFound)

	f.tx(func(tx domain.Tx) error { return tx.SetPasswordHash(f.ctx, a.ID, "new-hash") })
	c, err := f.s.CredentialsOf(f.ctx, a.ID)
	f.ok("CredentialsOf", err)
	f.eq("password hash", "new-hash", c.PasswordHash)
	err = f.txErr(func(tx domain.Tx) error { return tx.SetPasswordHash(f.ctx, -5, "x") })
	f.kind("SetPasswordHash of nobody", err, domain.KindNotFound, domain.ReasonUserNotFound)

	now := f.tick()
	for _, s := range []*domain.Session{
		{IDHash: "a1", UserID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		{IDHash: "a2", UserID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		{IDHash: "a3", UserID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		{IDHash: "b1", UserID: b.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
	} {
		f.tx(func(tx domain.Tx) error { return tx.CreateSession(f.ctx, s) })
	}
	f.tx(func(tx domain.Tx) error { return tx.DeleteUserSessions(f.ctx, a.ID, "a2") })
	for hash, live := range map[string]bool{"a1": false, "a2": true, "a3": false, "b1": true} {
		_, err := f.s.SessionByHash(f.ctx, hash)
		if live {
			f.ok("session "+hash+" kept", err)
		} else {
			f.kind("session "+hash+" ended", err, domain.KindNotFound, domain.ReasonNone)
		}
	}
	f.tx(func(tx domain.Tx) error { return tx.DeleteUserSessions(f.ctx, a.ID, "") })
	_, err = f.s.SessionByHash(f.ctx, "a2")
	f.kind("session a2 after ending them all", err, domain.KindNotFound, domain.ReasonNone)
}

// testAccountState: the apps holding a user's live tokens (both kinds,
// newest first, revoked and expired ones left out), and deactivation: the
// user is gone from every user read, their live statuses are withdrawn
// (returned, deleted to every read), those deleted by hand untouched.
func testAccountState(f *fx) {
	a, b := f.user("gina"), f.user("hal")
	now := f.tick().Truncate(time.Millisecond)
	for _, tk := range []*domain.Token{
		{AccessHash: "g1", UserID: a.ID, AppID: 11, CreatedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Hour)},
		{AccessHash: "g2", UserID: a.ID, AppID: 11, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		{AccessHash: "g3", UserID: a.ID, AppID: 12, CreatedAt: now, ExpiresAt: now.Add(-time.Minute)}, // expired
		{AccessHash: "g4", UserID: a.ID, AppID: 13, CreatedAt: now, ExpiresAt: now.Add(time.Hour), Revoked: true},
		{AccessHash: "h1", UserID: b.ID, AppID: 11, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
	} {
		f.tx(func(tx domain.Tx) error { return tx.CreateToken(f.ctx, tk) })
	}
	f.tx(func(tx domain.Tx) error {
		return tx.CreateOAuth1Token(f.ctx, &domain.OAuth1Token{TokenHash: "o1", Secret: "s", Access: true, AppID: 14,
			UserID: a.ID, CreatedAt: now.Add(time.Minute)})
	})
	gs, err := f.s.AppGrants(f.ctx, a.ID, now, 10)
	f.ok("AppGrants", err)
	f.eq("AppGrants", []domain.AppGrant{
		{AppID: 14, Since: now.Add(time.Minute), Latest: now.Add(time.Minute)},
		{AppID: 11, Since: now.Add(-time.Hour), Latest: now},
	}, gs)
	gs, err = f.s.AppGrants(f.ctx, a.ID, now, 1)
	f.ok("AppGrants limit 1", err)
	f.eq("AppGrants limit 1", 1, len(gs))

	live := f.status(a.ID)
	gone := f.status(a.ID)
	f.tx(func(tx domain.Tx) error { return tx.MarkStatusDeleted(f.ctx, gone.ID) })
	other := f.status(b.ID)
	var withdrawn []int64
	f.tx(func(tx domain.Tx) error {
		var err error
		withdrawn, err = tx.DeactivateUser(f.ctx, a.ID, now)
		return err
	})
	f.eq("withdrawn", []int64{live.ID}, withdrawn)
	_, err = f.s.UserByID(f.ctx, a.ID)
	f.kind("UserByID of a deactivated user", err, domain.KindNotFound, domain.ReasonUserNotFound)
	_, err = f.s.UserByScreenName(f.ctx, "gina")
	f.kind("UserByScreenName of a deactivated user", err, domain.KindNotFound, domain.ReasonUserNotFound)
	us, err := f.s.UsersByIDs(f.ctx, []int64{a.ID, b.ID})
	f.ok("UsersByIDs", err)
	f.eq("UsersByIDs leaves the deactivated out", 1, len(us))
	sts, err := f.s.StatusesByIDs(f.ctx, []int64{live.ID, other.ID})
	f.ok("StatusesByIDs", err)
	f.eq("withdrawn status is deleted", true, sts[live.ID].Deleted)
	f.eq("another's status untouched", false, sts[other.ID].Deleted)
	ids, _, err := f.s.UserStatusIDs(f.ctx, a.ID, domain.StatusQuery{Page: domain.Page{Count: 10, Page: 1}, Viewer: b.ID})
	f.ok("UserStatusIDs", err)
	f.eq("UserStatusIDs of a deactivated user", 0, len(ids))
	err = f.txErr(func(tx domain.Tx) error { _, err := tx.DeactivateUser(f.ctx, a.ID, now); return err })
	f.kind("DeactivateUser twice", err, domain.KindNotFound, domain.ReasonUserNotFound)
	// A screen name stays taken.
	err = f.txErr(func(tx domain.Tx) error {
		return tx.CreateUser(f.ctx, &domain.User{ID: f.id(), ScreenName: "Gina", CreatedAt: now}, &domain.Credentials{})
	})
	f.kind("a deactivated user's name", err, domain.KindConflict, domain.ReasonNone)
}
