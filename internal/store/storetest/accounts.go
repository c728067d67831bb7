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
