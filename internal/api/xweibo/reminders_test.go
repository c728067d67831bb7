package xweibo_test

import (
	"encoding/json"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// saveNotice's switches take effect on every counter that shows them:
// Xweibo's unread, Sina's remind/unread_count (the same counters). A
// reminder switched off reads 0 and shows what came meanwhile once back
// on; from_user 1 counts only mentions by people one follows; status_type
// 1 only mentions in original weibos; notice 0 hides the notice counter.
func TestReminderSwitches(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	xa, xb, xc := alice.Xweibo(k), bob.Xweibo(k), carol.Xweibo(k)
	sina := func() map[string]int {
		t.Helper()
		var m map[string]int
		r := alice.Get("/2/remind/unread_count.json", vals("uid", uid(alice)))
		if err := json.Unmarshal(r.Body, &m); err != nil {
			t.Fatalf("unread_count: %s", r.Body)
		}
		return m
	}

	// Everything off but the new-weibo tip.
	xa.Must(xa.Call("saveNotice", vals("newfeed", "0", "comment", "0", "dm", "0", "follower", "0", "mention", "0",
		"notice", "0")), nil)
	w := post(t, xa, "alice's weibo")
	xb.Must(xb.Call("createFriendship", vals("uid", uid(alice))), nil)
	xb.Must(xb.Call("comment", vals("id", w.ID, "text", "a comment")), nil)
	post(t, xb, "hello @alice")
	xb.Must(xb.Call("sendDirectMessage", vals("id", uid(alice), "text", "a message")), nil)
	xb.Must(xb.Call("sendNotice", vals("uid", uid(alice), "title", "t", "content", "c")), nil)
	k.Drain()
	if u := unread(t, xa); [5]int(u.Unread[1:6]) != [5]int{} {
		t.Fatalf("switched off, unread = %+v", u)
	}
	if m := sina(); m["cmt"]+m["dm"]+m["follower"]+m["mention_status"]+m["notice"] != 0 {
		t.Fatalf("switched off, remind = %+v", m)
	}
	// Back on: what came meanwhile shows.
	xa.Must(xa.Call("saveNotice", vals("comment", "1", "dm", "1", "follower", "1", "mention", "1", "notice", "1")), nil)
	if u := unread(t, xa); [5]int(u.Unread[1:6]) != [5]int{1, 1, 1, 1, 1} {
		t.Fatalf("back on, unread = %+v", u)
	}
	xa.Must(xa.Call("clearTip", nil), nil)

	// from_user 1: carol, whom alice does not follow, mentions her: no count.
	xa.Must(xa.Call("saveNotice", vals("comment", "1", "dm", "1", "follower", "1", "mention", "1", "notice", "1",
		"from_user", "1")), nil)
	post(t, xc, "hi @alice")
	k.Drain()
	if u := unread(t, xa); u.Unread[1] != 0 {
		t.Fatalf("a stranger's mention counted: %+v", u)
	}
	xa.Must(xa.Call("createFriendship", vals("uid", uid(carol))), nil)
	post(t, xc, "hi again @alice")
	k.Drain()
	if u := unread(t, xa); u.Unread[1] != 1 {
		t.Fatalf("a followed person's mention: %+v", u)
	}
	xa.Must(xa.Call("clearTip", nil), nil)

	// status_type 1: a repost that mentions her does not count; an original does.
	xa.Must(xa.Call("saveNotice", vals("comment", "1", "dm", "1", "follower", "1", "mention", "1", "notice", "1",
		"status_type", "1")), nil)
	xc.Must(xc.Call("repost", vals("id", w.ID, "text", "look @alice")), nil)
	k.Drain()
	if u := unread(t, xa); u.Unread[1] != 0 {
		t.Fatalf("a repost's mention counted: %+v", u)
	}
	post(t, xc, "original @alice")
	k.Drain()
	if u := unread(t, xa); u.Unread[1] != 1 {
		t.Fatalf("an original's mention: %+v", u)
	}
}
