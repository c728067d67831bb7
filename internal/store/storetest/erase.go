package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testErase: the store's part of account deletion. The screen name is
// freed and held (a rerun keeps the first hold), the e-mail freed; the
// withdrawn statuses are listed and erased (only those), the friend and
// own-content streams page by id, direct messages go in bounded batches,
// and the remaining rows of the user go.
func testErase(f *fx) {
	a, b := f.user("dana"), f.user("ben")
	f.follow(a.ID, b.ID, b.ID, a.ID)
	live := f.status(a.ID)
	gone := f.status(a.ID)
	f.deleteStatus(gone.ID)
	other := f.status(b.ID)

	ids, err := f.s.OwnStatusIDsAfter(f.ctx, a.ID, 0, 10)
	f.ok("OwnStatusIDsAfter", err)
	f.eq("own statuses (not those deleted by hand)", []int64{live.ID}, ids)
	friends, err := f.s.FriendIDsAfter(f.ctx, a.ID, 0, 10)
	f.ok("FriendIDsAfter", err)
	f.eq("friends", []int64{b.ID}, friends)

	now := f.tick()
	var withdrawn []int64
	f.tx(func(tx domain.Tx) error {
		var err error
		withdrawn, err = tx.SetUserState(f.ctx, a.ID, domain.UserActive, domain.UserDeleted, now)
		return err
	})
	f.eq("withdrawn", []int64{live.ID}, withdrawn)
	ids, err = f.s.WithdrawnStatusIDs(f.ctx, a.ID, 10)
	f.ok("WithdrawnStatusIDs", err)
	f.eq("withdrawn ids", []int64{live.ID}, ids)

	until := now.Add(48 * time.Hour)
	f.tx(func(tx domain.Tx) error { return tx.EraseAccount(f.ctx, a.ID, until) })
	f.tx(func(tx domain.Tx) error { return tx.EraseAccount(f.ctx, a.ID, until.Add(time.Hour)) }) // a rerun
	h, err := f.s.NameHoldOf(f.ctx, "DANA")
	f.ok("NameHoldOf", err)
	f.eq("hold", domain.NameHold{NameKey: "dana", UserID: a.ID, Until: until}, *h)
	_, err = f.s.AccountByName(f.ctx, "dana")
	f.kind("AccountByName of a deleted account", err, domain.KindNotFound, domain.ReasonUserNotFound)
	acc, err := f.s.AccountByID(f.ctx, a.ID)
	f.ok("AccountByID of a deleted account", err)
	f.eq("state and name", [2]any{domain.UserDeleted, "dana"}, [2]any{acc.State, acc.User.ScreenName})
	_, err = f.s.NameHoldOf(f.ctx, "nobody")
	f.kind("NameHoldOf no hold", err, domain.KindNotFound, domain.ReasonUserNotFound)
	// The name itself is free in the users table: someone may take it.
	f.user("Dana")

	var erased []int64
	f.tx(func(tx domain.Tx) error {
		var err error
		erased, err = tx.EraseStatuses(f.ctx, []int64{live.ID, other.ID})
		return err
	})
	f.eq("erased ids", []int64{live.ID}, erased)
	f.tx(func(tx domain.Tx) error {
		var err error
		erased, err = tx.EraseStatuses(f.ctx, []int64{live.ID})
		return err
	})
	f.eq("erased again (a racing purge)", 0, len(erased))
	m, err := f.s.StatusesByIDs(f.ctx, []int64{live.ID, other.ID})
	f.ok("StatusesByIDs", err)
	f.eq("erased", [2]any{true, ""}, [2]any{m[live.ID].Deleted, m[live.ID].Text})
	f.eq("another's status untouched", [2]any{false, other.Text}, [2]any{m[other.ID].Deleted, m[other.ID].Text})
	ids, err = f.s.WithdrawnStatusIDs(f.ctx, a.ID, 10)
	f.ok("WithdrawnStatusIDs after erasing", err)
	f.eq("nothing withdrawn left", 0, len(ids))

	for i := range 3 {
		f.tx(func(tx domain.Tx) error {
			from, to := a.ID, b.ID
			if i == 1 {
				from, to = b.ID, a.ID
			}
			return tx.InsertDirectMessage(f.ctx, &domain.DirectMessage{ID: f.id(), SenderID: from, RecipientID: to, Text: "hi", CreatedAt: f.tick()})
		})
	}
	var ns []int
	for range 3 {
		f.tx(func(tx domain.Tx) error {
			n, err := tx.DeleteDirectMessagesOf(f.ctx, a.ID, 2)
			ns = append(ns, n)
			return err
		})
	}
	f.eq("direct messages deleted per batch", []int{2, 1, 0}, ns)

	f.tx(func(tx domain.Tx) error { return tx.PurgeUserRows(f.ctx, a.ID) })
	f.tx(func(tx domain.Tx) error { return tx.PurgeUserRows(f.ctx, a.ID) }) // idempotent
	m, err = f.s.StatusesByIDs(f.ctx, []int64{gone.ID})
	f.ok("StatusesByIDs", err)
	f.eq("a status deleted by hand has its text erased", "", m[gone.ID].Text)
}
