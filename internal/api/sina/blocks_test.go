package sina_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Blocks have no endpoint of their own in the Sina v2 index: they are the
// core's (the site and other dialects block), and every Sina read and write
// must honour them. These tests block through the core and then talk to the
// API as the blocked and the blocking user would.

func block(t *testing.T, k *testkit.Kit, who, whom *testkit.User) {
	t.Helper()
	if _, err := k.App.Core.Block(context.Background(), who.Viewer(), core.UserRef{ID: whom.ID}); err != nil {
		t.Fatalf("block %d → %d: %v", who.ID, whom.ID, err)
	}
}

func timelineIDs(tl sinaspec.Timeline) []int64 {
	out := make([]int64, len(tl.Statuses))
	for i, s := range tl.Statuses {
		out[i] = s.ID
	}
	return out
}

func TestBlockCutsEveryTie(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
		fsFollow(t, alice, bob)
		fsFollow(t, bob, alice)
		fsFollow(t, carol, alice)
		st := post(t, alice, "alice speaks")
		k.Drain()
		if ids := timelineIDs(fsGet[sinaspec.Timeline](t, bob, "/2/statuses/home_timeline.json")); len(ids) != 1 || ids[0] != st.ID {
			t.Fatalf("bob's home before the block: %v", ids)
		}
		fsCounts(t, alice, alice.ID, 1, 2, 1)

		block(t, k, alice, bob)
		k.Drain()

		// The follows ended both ways, with their counters.
		fsCounts(t, alice, alice.ID, 0, 1, 0)
		fsCounts(t, alice, bob.ID, 0, 0, 0)
		fr := fsGet[sinaspec.Friendship](t, bob, "/2/friendships/show.json", "target_id", idString(alice.ID))
		if fr.Source.Following || fr.Source.FollowedBy {
			t.Fatalf("friendship after the block: %+v", fr.Source)
		}
		// Neither may follow the other: the blocked is refused by the
		// blocker's will (20508), the blocker must unblock first (20512).
		mustFail(t, bob.Client, bob.Post("/2/friendships/create.json", reqParams("uid", idString(alice.ID))), http.StatusForbidden, 20508, "")
		mustFail(t, alice.Client, alice.Post("/2/friendships/create.json", reqParams("uid", idString(bob.ID))), http.StatusForbidden, 20512, "")
		fsCounts(t, alice, alice.ID, 0, 1, 0)

		// The blocked sees nothing of the blocker's, on any read path.
		if ids := timelineIDs(fsGet[sinaspec.Timeline](t, bob, "/2/statuses/home_timeline.json")); len(ids) != 0 {
			t.Fatalf("bob's home after the block: %v", ids)
		}
		if ids := timelineIDs(fsGet[sinaspec.Timeline](t, bob, "/2/statuses/user_timeline.json", "uid", idString(alice.ID))); len(ids) != 0 {
			t.Fatalf("alice's timeline as bob sees it: %v", ids)
		}
		mustFail(t, bob.Client, bob.Get("/2/statuses/show.json", reqParams("id", idString(st.ID))), http.StatusBadRequest, 20101, "")
		mustFail(t, bob.Client, bob.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "hi")), http.StatusBadRequest, 20101, "")
		mustFail(t, bob.Client, bob.Post("/2/statuses/repost.json", reqParams("id", idString(st.ID))), http.StatusBadRequest, 20101, "")
		mustFail(t, bob.Client, bob.Get("/2/comments/show.json", reqParams("id", idString(st.ID))), http.StatusBadRequest, 20101, "")
		counts := mustDecode[[]sinaspec.StatusCount](t, bob.Get("/2/statuses/count.json", reqParams("ids", idString(st.ID))))
		if len(counts) != 0 {
			t.Fatalf("statuses/count shows the blocker's status: %+v", counts)
		}
		// The blocker no longer sees the blocked's either.
		bs := post(t, bob, "bob speaks")
		mustFail(t, alice.Client, alice.Get("/2/statuses/show.json", reqParams("id", idString(bs.ID))), http.StatusBadRequest, 20101, "")
		// Others are untouched.
		mustDecode[sinaspec.Status](t, carol.Get("/2/statuses/show.json", reqParams("id", idString(st.ID))))
		k.Drain()
		if ids := timelineIDs(fsGet[sinaspec.Timeline](t, carol, "/2/statuses/home_timeline.json")); len(ids) != 1 {
			t.Fatalf("carol's home: %v", ids)
		}

		// A mention by the blocked neither notifies the blocker nor lists.
		before := unread(t, alice).MentionStatus
		post(t, bob, "@alice are you there")
		k.Drain()
		if got := unread(t, alice).MentionStatus; got != before {
			t.Fatalf("mention_status %d → %d: the blocked notified the blocker", before, got)
		}
		if ids := timelineIDs(fsGet[sinaspec.Timeline](t, alice, "/2/statuses/mentions.json")); len(ids) != 0 {
			t.Fatalf("alice's mentions: %v", ids)
		}
		// Nor does a comment's mention, on a third user's status.
		cs := post(t, carol, "carol asks")
		mustDecode[sinaspec.Comment](t, bob.Post("/2/comments/create.json", reqParams("id", idString(cs.ID), "comment", "@alice look")))
		if got := unread(t, alice); got.MentionCmt != 0 {
			t.Fatalf("mention_cmt %d: the blocked notified the blocker", got.MentionCmt)
		}

		// Unblocking lifts the refusals; the follows stay ended.
		if _, err := k.App.Core.Unblock(context.Background(), alice.Viewer(), core.UserRef{ID: bob.ID}); err != nil {
			t.Fatal(err)
		}
		mustDecode[sinaspec.Status](t, bob.Get("/2/statuses/show.json", reqParams("id", idString(st.ID))))
		fsCounts(t, alice, alice.ID, 0, 1, 0)
		fsFollow(t, bob, alice)
		k.Drain()
		if ids := timelineIDs(fsGet[sinaspec.Timeline](t, bob, "/2/statuses/home_timeline.json")); len(ids) == 0 {
			t.Fatalf("bob's home after unblock and follow is empty")
		}
	})
}

func TestBlockErrors(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	ctx := context.Background()
	_, err := k.App.Core.Block(ctx, alice.Viewer(), core.UserRef{ID: alice.ID})
	if !domain.IsReason(err, domain.ReasonBlockSelf) {
		t.Fatalf("block self: %v", err)
	}
	_, err = k.App.Core.Block(ctx, alice.Viewer(), core.UserRef{ID: 999999})
	if !domain.IsReason(err, domain.ReasonUserNotFound) {
		t.Fatalf("block a missing user: %v", err)
	}
	block(t, k, alice, bob)
	if _, err = k.App.Core.Block(ctx, alice.Viewer(), core.UserRef{ID: bob.ID}); !domain.IsReason(err, domain.ReasonAlreadyBlocked) {
		t.Fatalf("block twice: %v", err)
	}
	if _, err = k.App.Core.Unblock(ctx, bob.Viewer(), core.UserRef{ID: alice.ID}); !domain.IsReason(err, domain.ReasonNotBlocked) {
		t.Fatalf("unblock someone not blocked: %v", err)
	}
	if err := k.App.Core.CheckNotBlocked(ctx, bob.ID, alice.ID); !domain.IsReason(err, domain.ReasonBlockedBy) {
		t.Fatalf("CheckNotBlocked of the blocked: %v", err)
	}
	if err := k.App.Core.CheckNotBlocked(ctx, alice.ID, bob.ID); !domain.IsReason(err, domain.ReasonUnblockFirst) {
		t.Fatalf("CheckNotBlocked of the blocker: %v", err)
	}
	l, err := k.App.Core.Blocks(ctx, alice.ID, domain.Cursor{Count: 10})
	if err != nil || len(l.Users) != 1 || l.Users[0].User.ID != bob.ID || !l.Users[0].Rel.Blocking || l.Total != 1 {
		t.Fatalf("Blocks: %+v, %v", l, err)
	}
	ids, err := k.App.Core.BlockIDs(ctx, alice.ID, domain.Cursor{Count: 10})
	if err != nil || len(ids.IDs) != 1 || ids.IDs[0] != bob.ID {
		t.Fatalf("BlockIDs: %+v, %v", ids, err)
	}
}
