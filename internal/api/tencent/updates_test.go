package tencent_test

import (
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// info/update (spec §9.9): each counter moves with its event, op=1 reads
// then clears the one its type names (5 home, 6 mentions, 7 private
// messages, 8 fans, 9 home originals) and no other, and reading the home
// timeline clears home as Sina's status counter.
func TestInfoUpdateCounters(t *testing.T) {
	k := testkit.Start(t)
	ivy, jay, kim := k.NewUser("ivy"), k.NewUser("jay"), k.NewUser("kim")
	ti, tj, tk := ivy.Tencent(k), jay.Tencent(k), kim.Tencent(k)
	read := func(c *testkit.TencentClient, kv ...string) updates {
		t.Helper()
		var u updates
		c.MustOK(c.Get("/api/info/update", vals(kv...)), &u)
		return u
	}
	want := func(got, w updates) {
		t.Helper()
		if got != w {
			t.Fatalf("info/update = %+v, want %+v", got, w)
		}
	}

	// fans: a new follower; type 8 clears it.
	tj.MustOK(tj.Post("/api/friends/add", vals("name", "ivy")), nil)
	k.Drain()
	want(read(ti), updates{Fans: 1})
	want(read(ti, "op", "1", "type", "8"), updates{Fans: 1})
	want(read(ti), updates{})

	// home and create: an original and a repost reach jay's home.
	root := addTweet(t, tk, "kim's root")
	addTweet(t, ti, "ivy's original")
	ti.MustOK(ti.Post("/api/t/re_add", vals("reid", idstr(root), "content", "转")), nil)
	k.Drain()
	want(read(tj), updates{Home: 2, Create: 1})
	// type 9 clears the originals alone.
	want(read(tj, "op", "1", "type", "9"), updates{Home: 2, Create: 1})
	want(read(tj), updates{Home: 2})
	addTweet(t, ti, "another original")
	k.Drain()
	want(read(tj), updates{Home: 3, Create: 1})
	// type 5 clears home, and the originals in it.
	want(read(tj, "op", "1", "type", "5"), updates{Home: 3, Create: 1})
	want(read(tj), updates{})
	// Reading the home timeline clears them as well.
	addTweet(t, ti, "one more")
	k.Drain()
	want(read(tj), updates{Home: 1, Create: 1})
	tj.MustOK(tj.Get("/api/statuses/home_timeline", vals("reqnum", "20")), nil)
	want(read(tj), updates{})

	// mentions: a tweet naming jay; type 6 clears it.
	addTweet(t, tk, "hello @jay")
	k.Drain()
	want(read(tj), updates{Mentions: 1})
	want(read(tj, "op", "1", "type", "6"), updates{Mentions: 1})
	want(read(tj), updates{})

	// private: a message; type 7 clears it and leaves the others.
	ti.MustOK(ti.Post("/api/private/add", vals("name", "jay", "content", "悄悄话")), nil)
	addTweet(t, tk, "again @jay")
	k.Drain()
	want(read(tj), updates{Private: 1, Mentions: 1})
	want(read(tj, "op", "1", "type", "7"), updates{Private: 1, Mentions: 1})
	want(read(tj), updates{Mentions: 1})

	// Bad op/type: the documented parameter error.
	tj.MustFail(tj.Get("/api/info/update", vals("op", "1", "type", "4")), 1, 1)
	tj.MustFail(tj.Get("/api/info/update", vals("op", "1", "type", "10")), 1, 1)
}
