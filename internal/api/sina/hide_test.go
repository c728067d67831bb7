package sina_test

import (
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func homeIDs(t *testing.T, c *testkit.Client, path string) []int64 {
	t.Helper()
	tl := mustDecode[sinaspec.Timeline](t, c.Get(path, nil))
	out := make([]int64, len(tl.Statuses))
	for i, st := range tl.Statuses {
		out[i] = st.ID
	}
	return out
}

func has(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// statuses/filter/create hides a status from the viewer's home and
// bilateral timelines (and their ids), and from no one else's.
func TestFilterCreate(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		me, friend := k.NewUser("me"), k.NewUser("friend")
		follow(t, me, friend.ID)
		follow(t, friend, me.ID)
		keep, hide := stPost(t, friend, "留下"), stPost(t, friend, "藏起来")
		k.Drain()
		adv := advancedClient(t, k, me)
		if ids := homeIDs(t, me.Client, "/2/statuses/home_timeline.json"); !has(ids, hide.ID) {
			t.Fatalf("home before: %v", ids)
		}
		st := mustDecode[sinaspec.Status](t, adv.Post("/2/statuses/filter/create.json", reqParams("id", hide.IDStr)))
		if st.ID != hide.ID {
			t.Fatalf("filter/create answered %+v", st)
		}
		mustOK(t, adv.Post("/2/statuses/filter/create.json", reqParams("id", hide.IDStr))) // again: no change
		for _, path := range []string{"/2/statuses/home_timeline.json", "/2/statuses/friends_timeline.json", "/2/statuses/bilateral_timeline.json"} {
			if ids := homeIDs(t, me.Client, path); has(ids, hide.ID) || !has(ids, keep.ID) {
				t.Fatalf("%s after filter: %v", path, ids)
			}
		}
		idt := mustDecode[sinaspec.IDTimeline](t, me.Get("/2/statuses/home_timeline/ids.json", nil))
		if ids := idt.IDs(); has(ids, hide.ID) {
			t.Fatalf("home ids after filter: %v", ids)
		}
		if ids := homeIDs(t, friend.Client, "/2/statuses/home_timeline.json"); !has(ids, hide.ID) {
			t.Fatalf("the author's home lost it: %v", ids)
		}
		mustOK(t, me.Get("/2/statuses/show.json", reqParams("id", hide.IDStr))) // still readable directly

		private := stPost(t, friend, "私密", "visible", "1")
		mustFail(t, adv, adv.Post("/2/statuses/filter/create.json", reqParams("id", private.IDStr)), 400, 20101, "")
		mustFail(t, adv, adv.Post("/2/statuses/filter/create.json", nil), 400, 20109, "")
		mustFail(t, me.Client, me.Post("/2/statuses/filter/create.json", reqParams("id", keep.IDStr)), 403, 10014, "")
	})
}

// statuses/mentions/shield: the mention leaves mentions (and /ids), and with
// follow_up the reposts of it neither list nor count.
func TestMentionsShield(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		me, loud, echo := k.NewUser("me"), k.NewUser("loud"), k.NewUser("echo")
		adv := advancedClient(t, k, me)
		m1 := stPost(t, loud, "你好 @me")
		m2 := stPost(t, loud, "再次 @me")
		k.Drain()
		mentions := func() []int64 {
			t.Helper()
			return homeIDs(t, me.Client, "/2/statuses/mentions.json")
		}
		unread := func() int {
			t.Helper()
			return mustDecode[sinaspec.Unread](t, me.Get("/2/remind/unread_count.json", reqParams("uid", idString(me.ID)))).MentionStatus
		}
		if ids := mentions(); len(ids) != 2 {
			t.Fatalf("mentions before: %v", ids)
		}
		mustOK(t, me.Post("/2/remind/set_count.json", reqParams("type", "mention_status")))

		var res sinaspec.Result
		specMust(t, adv.Post("/2/statuses/mentions/shield.json", reqParams("id", m1.IDStr)), &res)
		if !res.Result {
			t.Fatal("shield: result false")
		}
		if ids := mentions(); len(ids) != 1 || ids[0] != m2.ID {
			t.Fatalf("mentions after shield: %v", ids)
		}
		idt := mustDecode[sinaspec.IDTimeline](t, me.Get("/2/statuses/mentions/ids.json", nil))
		if ids := idt.IDs(); len(ids) != 1 {
			t.Fatalf("mention ids after shield: %v", ids)
		}
		// A repost of the shielded status that mentions me neither lists
		// nor counts. A repost of the other one does both.
		r1 := stRepost(t, echo, m1.ID, "status", "转给 @me")
		r2 := stRepost(t, echo, m2.ID, "status", "也转给 @me")
		k.Drain()
		if ids := mentions(); has(ids, r1.ID) || !has(ids, r2.ID) {
			t.Fatalf("mentions after reposts: %v", ids)
		}
		if n := unread(); n != 1 {
			t.Fatalf("mention_status = %d, want 1 (only the repost of the unshielded status)", n)
		}
		// follow_up=0 shields the status alone.
		specMust(t, adv.Post("/2/statuses/mentions/shield.json", reqParams("id", m2.IDStr, "follow_up", "0")), &res)
		if ids := mentions(); has(ids, m2.ID) || !has(ids, r2.ID) {
			t.Fatalf("follow_up=0: %v", ids)
		}

		plain := stPost(t, loud, "没有提到谁")
		mustFail(t, adv, adv.Post("/2/statuses/mentions/shield.json", reqParams("id", plain.IDStr)), 400, 10017, "id")
		mustFail(t, adv, adv.Post("/2/statuses/mentions/shield.json", reqParams("id", m1.IDStr)), 400, 10017, "id") // no longer in mentions
		mustFail(t, adv, adv.Post("/2/statuses/mentions/shield.json", reqParams("id", r2.IDStr, "follow_up", "2")), 400, 10017, "follow_up")
		mustFail(t, adv, adv.Post("/2/statuses/mentions/shield.json", nil), 400, 20109, "")
		mustFail(t, adv, adv.Post("/2/statuses/mentions/shield.json", reqParams("id", "4503599627370495")), 400, 20101, "")
		mustFail(t, me.Client, me.Post("/2/statuses/mentions/shield.json", reqParams("id", r2.IDStr)), 403, 10014, "")
	})
}
