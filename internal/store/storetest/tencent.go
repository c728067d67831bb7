package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// OAuth 1.0a tokens and signing secrets, direct messages, special follows
// and topic infos (the Tencent area's store methods).

func testOAuth1(f *fx) {
	u := f.users("o1user")[0]
	now := f.tick().Truncate(time.Millisecond)
	req := &domain.OAuth1Token{TokenHash: "req-hash", Secret: "s1", AppID: 7, Callback: "oob", CreatedAt: now,
		ExpiresAt: now.Add(time.Minute)}
	f.tx(func(tx domain.Tx) error { return tx.CreateOAuth1Token(f.ctx, req) })
	got, err := f.s.OAuth1TokenByHash(f.ctx, "req-hash")
	f.ok("OAuth1TokenByHash", err)
	f.eq("request token", *req, *got)
	_, err = f.s.OAuth1TokenByHash(f.ctx, "nope")
	f.kind("OAuth1TokenByHash unknown", err, domain.KindNotFound, domain.ReasonNone)

	f.tx(func(tx domain.Tx) error { return tx.AuthorizeOAuth1Token(f.ctx, "req-hash", u.ID, "v-hash") })
	f.kind("AuthorizeOAuth1Token twice", f.txErr(func(tx domain.Tx) error {
		return tx.AuthorizeOAuth1Token(f.ctx, "req-hash", u.ID, "v2")
	}), domain.KindConflict, domain.ReasonNone)
	f.tx(func(tx domain.Tx) error { return tx.UseOAuth1Token(f.ctx, "req-hash") })
	f.kind("UseOAuth1Token twice", f.txErr(func(tx domain.Tx) error { return tx.UseOAuth1Token(f.ctx, "req-hash") }),
		domain.KindConflict, domain.ReasonNone)
	got, _ = f.s.OAuth1TokenByHash(f.ctx, "req-hash")
	f.eq("authorized and used", []any{u.ID, "v-hash", true}, []any{got.UserID, got.VerifierHash, got.Used})

	acc := &domain.OAuth1Token{TokenHash: "acc-hash", Secret: "s2", Access: true, AppID: 7, UserID: u.ID, CreatedAt: now}
	f.tx(func(tx domain.Tx) error { return tx.CreateOAuth1Token(f.ctx, acc) })
	f.tx(func(tx domain.Tx) error { return tx.RevokeOAuth1Tokens(f.ctx, u.ID, 7) })
	got, _ = f.s.OAuth1TokenByHash(f.ctx, "acc-hash")
	f.eq("revoked access token", true, got.Revoked && got.ExpiresAt.IsZero())

	_, err = f.s.AppSigningSecret(f.ctx, 7)
	f.kind("AppSigningSecret none", err, domain.KindNotFound, domain.ReasonNone)
	for _, s := range []string{"first", "second"} {
		f.tx(func(tx domain.Tx) error { return tx.SetAppSigningSecret(f.ctx, 7, s) })
	}
	sec, err := f.s.AppSigningSecret(f.ctx, 7)
	f.ok("AppSigningSecret", err)
	f.eq("AppSigningSecret", "second", sec)
}

func testDirectMessages(f *fx) {
	us := f.users("dma", "dmb")
	a, b := us[0].ID, us[1].ID
	var ids []int64
	for i := range 3 {
		m := &domain.DirectMessage{ID: f.id(), SenderID: a, RecipientID: b, AppID: 1, Text: "m", CreatedAt: f.tick()}
		if i == 2 {
			m.SenderID, m.RecipientID = b, a
		}
		f.tx(func(tx domain.Tx) error { return tx.InsertDirectMessage(f.ctx, m) })
		ids = append(ids, m.ID)
	}
	in, total, err := f.s.DMInbox(f.ctx, b, domain.Page{Count: 10, Page: 1})
	f.ok("DMInbox", err)
	f.eq("DMInbox", []any{[]int64{ids[1], ids[0]}, 2}, []any{in, total})
	in, _, _ = f.s.DMInbox(f.ctx, b, domain.Page{Count: 10, Page: 1, MaxID: ids[1] - 1})
	f.eq("DMInbox max_id", []int64{ids[0]}, in)
	out, total, err := f.s.DMOutbox(f.ctx, a, domain.Page{Count: 1, Page: 2})
	f.ok("DMOutbox", err)
	f.eq("DMOutbox page 2", []any{[]int64{ids[0]}, 2}, []any{out, total})

	f.tx(func(tx domain.Tx) error { return tx.DeleteDirectMessageFor(f.ctx, ids[0], b) })
	f.kind("delete twice", f.txErr(func(tx domain.Tx) error { return tx.DeleteDirectMessageFor(f.ctx, ids[0], b) }),
		domain.KindNotFound, domain.ReasonNone)
	f.kind("delete another's", f.txErr(func(tx domain.Tx) error { return tx.DeleteDirectMessageFor(f.ctx, ids[0], 999) }),
		domain.KindNotFound, domain.ReasonNone)
	in, _, _ = f.s.DMInbox(f.ctx, b, domain.Page{Count: 10, Page: 1})
	out, _, _ = f.s.DMOutbox(f.ctx, a, domain.Page{Count: 10, Page: 1})
	f.eq("after the recipient deletes", []any{[]int64{ids[1]}, []int64{ids[1], ids[0]}}, []any{in, out})
	m, err := f.s.DirectMessageByID(f.ctx, ids[0])
	f.ok("DirectMessageByID", err)
	f.eq("deleted flags", []bool{false, true}, []bool{m.SenderDeleted, m.RecipientDeleted})
	all, err := f.s.DirectMessagesByIDs(f.ctx, []int64{ids[0], ids[2], 12345})
	f.ok("DirectMessagesByIDs", err)
	f.eq("DirectMessagesByIDs", 2, len(all))
}

func testSpecialFollows(f *fx) {
	us := f.users("spa", "spb", "spc")
	a, b, c := us[0].ID, us[1].ID, us[2].ID
	f.tx(func(tx domain.Tx) error { return tx.Follow(f.ctx, a, b, f.tick(), "") })
	f.tx(func(tx domain.Tx) error { return tx.Follow(f.ctx, a, c, f.tick(), "") })
	f.tx(func(tx domain.Tx) error { return tx.AddSpecialFollow(f.ctx, a, b, f.tick()) })
	f.tx(func(tx domain.Tx) error { return tx.AddSpecialFollow(f.ctx, a, c, f.tick()) })
	f.kind("AddSpecialFollow twice", f.txErr(func(tx domain.Tx) error { return tx.AddSpecialFollow(f.ctx, a, c, f.tick()) }),
		domain.KindConflict, domain.ReasonNone)
	ids, total, err := f.s.SpecialFollowIDs(f.ctx, a, domain.Cursor{Count: 10})
	f.ok("SpecialFollowIDs", err)
	f.eq("SpecialFollowIDs", []any{[]int64{c, b}, 2}, []any{ids, total})
	// A mark whose follow is gone is not listed.
	f.tx(func(tx domain.Tx) error { return tx.Unfollow(f.ctx, a, c) })
	ids, total, _ = f.s.SpecialFollowIDs(f.ctx, a, domain.Cursor{Count: 10})
	f.eq("after unfollowing", []any{[]int64{b}, 1}, []any{ids, total})
	f.tx(func(tx domain.Tx) error { return tx.RemoveSpecialFollow(f.ctx, a, b) })
	f.kind("RemoveSpecialFollow twice", f.txErr(func(tx domain.Tx) error { return tx.RemoveSpecialFollow(f.ctx, a, b) }),
		domain.KindNotFound, domain.ReasonNone)
}

func testTopicInfos(f *fx) {
	us := f.users("tia", "tib")
	var id int64
	f.tx(func(tx domain.Tx) error {
		var err error
		id, err = tx.AddTopic(f.ctx, f.id(), "话题甲")
		return err
	})
	at := f.tick().Truncate(time.Millisecond)
	f.tx(func(tx domain.Tx) error { return tx.FollowTopic(f.ctx, us[0].ID, id, at) })
	f.tx(func(tx domain.Tx) error { return tx.FollowTopic(f.ctx, us[1].ID, id, f.tick()) })
	topics, err := f.s.TopicsByIDs(f.ctx, []int64{id, 999})
	f.ok("TopicsByIDs", err)
	f.eq("TopicsByIDs", map[int64]domain.Topic{id: {ID: id, Name: "话题甲"}}, topics)
	counts, err := f.s.TopicFollowerCounts(f.ctx, []int64{id, 999})
	f.ok("TopicFollowerCounts", err)
	f.eq("TopicFollowerCounts", map[int64]int{id: 2}, counts)
	times, err := f.s.TopicFollowTimes(f.ctx, us[0].ID, []int64{id})
	f.ok("TopicFollowTimes", err)
	f.eq("TopicFollowTimes", true, times[id].Equal(at))
}
