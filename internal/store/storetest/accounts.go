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
		withdrawn, err = tx.SetUserState(f.ctx, a.ID, domain.UserActive, domain.UserDeactivated, now)
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
	err = f.txErr(func(tx domain.Tx) error {
		_, err := tx.SetUserState(f.ctx, a.ID, domain.UserActive, domain.UserDeactivated, now)
		return err
	})
	f.kind("deactivating twice", err, domain.KindNotFound, domain.ReasonUserNotFound)
	// A screen name stays taken.
	err = f.txErr(func(tx domain.Tx) error {
		return tx.CreateUser(f.ctx, &domain.User{ID: f.id(), ScreenName: "Gina", CreatedAt: now}, &domain.Credentials{})
	})
	f.kind("a deactivated user's name", err, domain.KindConflict, domain.ReasonNone)
}

// testSuspension: suspending is a state like deactivation (the user gone
// from user reads, live statuses withdrawn); lifting it brings back the
// user and exactly the statuses withdrawn, not those deleted by hand.
// Administration reads see accounts in every state; roles and silences are
// part of the user.
func testSuspension(f *fx) {
	a, b := f.user("ivy"), f.user("jon")
	now := f.tick().Truncate(time.Millisecond)
	live := f.status(a.ID)
	gone := f.status(a.ID)
	f.tx(func(tx domain.Tx) error { return tx.MarkStatusDeleted(f.ctx, gone.ID) })
	total0, err := f.s.PublicStatusTotal(f.ctx)
	f.ok("PublicStatusTotal", err)
	var changed []int64
	f.tx(func(tx domain.Tx) error {
		var err error
		changed, err = tx.SetUserState(f.ctx, a.ID, domain.UserActive, domain.UserSuspended, now)
		return err
	})
	f.eq("withdrawn", []int64{live.ID}, changed)
	_, err = f.s.UserByID(f.ctx, a.ID)
	f.kind("UserByID of a suspended user", err, domain.KindNotFound, domain.ReasonUserNotFound)
	acc, err := f.s.AccountByName(f.ctx, "IVY")
	f.ok("AccountByName of a suspended user", err)
	f.eq("state", domain.UserSuspended, acc.State)
	f.eq("state at", now, acc.StateAt)
	total1, err := f.s.PublicStatusTotal(f.ctx)
	f.ok("PublicStatusTotal", err)
	f.eq("public tally after suspending", total0-1, total1)
	err = f.txErr(func(tx domain.Tx) error {
		_, err := tx.SetUserState(f.ctx, a.ID, domain.UserDeactivated, domain.UserActive, now)
		return err
	})
	f.kind("restoring from the wrong state", err, domain.KindNotFound, domain.ReasonUserNotFound)
	f.tx(func(tx domain.Tx) error {
		var err error
		changed, err = tx.SetUserState(f.ctx, a.ID, domain.UserSuspended, domain.UserActive, now)
		return err
	})
	f.eq("restored", []int64{live.ID}, changed)
	sts, err := f.s.StatusesByIDs(f.ctx, []int64{live.ID, gone.ID})
	f.ok("StatusesByIDs", err)
	f.eq("restored status", false, sts[live.ID].Deleted)
	f.eq("hand-deleted status stays deleted", true, sts[gone.ID].Deleted)
	total2, err := f.s.PublicStatusTotal(f.ctx)
	f.ok("PublicStatusTotal", err)
	f.eq("public tally after restoring", total0, total2)

	f.tx(func(tx domain.Tx) error { return tx.SetRole(f.ctx, b.ID, domain.RoleModerator) })
	f.tx(func(tx domain.Tx) error { return tx.SetSilenced(f.ctx, a.ID, now) })
	us, err := f.s.UsersByIDs(f.ctx, []int64{a.ID, b.ID})
	f.ok("UsersByIDs", err)
	f.eq("role", domain.RoleModerator, us[b.ID].Role)
	f.eq("silenced", true, us[a.ID].Silenced)
	f.eq("not silenced", false, us[b.ID].Silenced)
	f.tx(func(tx domain.Tx) error { return tx.SetSilenced(f.ctx, a.ID, time.Time{}) })
	u, err := f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID", err)
	f.eq("unsilenced", false, u.Silenced)
	err = f.txErr(func(tx domain.Tx) error { return tx.SetRole(f.ctx, f.id(), domain.RoleAdmin) })
	f.kind("SetRole of no one", err, domain.KindNotFound, domain.ReasonUserNotFound)

	accs, err := f.s.Accounts(f.ctx, domain.AccountQuery{Query: "iv", Limit: 10})
	f.ok("Accounts", err)
	f.eq("Accounts by prefix", 1, len(accs))
	susp := domain.UserSuspended
	accs, err = f.s.Accounts(f.ctx, domain.AccountQuery{State: &susp, Limit: 10})
	f.ok("Accounts suspended", err)
	f.eq("Accounts suspended", 0, len(accs))
	n, err := f.s.CountAccounts(f.ctx)
	f.ok("CountAccounts", err)
	if n < 2 {
		f.t.Fatalf("CountAccounts = %d", n)
	}
}
