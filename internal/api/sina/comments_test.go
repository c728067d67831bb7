package sina_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Tests of the ten comments endpoints (spec/sina-v2/comments.md). Every
// success is decoded strictly against the spec types; every effect is read
// back through the API.

// cmStatus posts a status (extra parameters as pairs, e.g. "visible", "1").
func cmStatus(t *testing.T, u *testkit.User, text string, kv ...string) sinaspec.Status {
	t.Helper()
	v := reqParams(kv...)
	v.Set("status", text)
	return mustDecode[sinaspec.Status](t, u.Post("/2/statuses/update.json", v))
}

// cmCreate comments on a status through comments/create.
func cmCreate(t *testing.T, u *testkit.User, statusID int64, text string, kv ...string) sinaspec.Comment {
	t.Helper()
	v := reqParams(kv...)
	v.Set("id", idString(statusID))
	v.Set("comment", text)
	return mustDecode[sinaspec.Comment](t, u.Post("/2/comments/create.json", v))
}

// cmReply replies to comment cid on status id through comments/reply.
func cmReply(t *testing.T, u *testkit.User, id, cid int64, text string, kv ...string) sinaspec.Comment {
	t.Helper()
	v := reqParams(kv...)
	v.Set("id", idString(id))
	v.Set("cid", idString(cid))
	v.Set("comment", text)
	return mustDecode[sinaspec.Comment](t, u.Post("/2/comments/reply.json", v))
}

// cmCore comments through the core directly, for bulk fixtures.
func cmCore(t *testing.T, k *testkit.Kit, u *testkit.User, statusID int64, text string) int64 {
	t.Helper()
	cv, err := k.App.Core.CreateComment(context.Background(), u.Viewer(), core.CreateCommentInput{StatusID: statusID, Text: text})
	if err != nil {
		t.Fatalf("core comment %q: %v", text, err)
	}
	return cv.Comment.ID
}

// cmList reads a comment list (envelope C).
func cmList(t *testing.T, u *testkit.User, path string, kv ...string) sinaspec.Comments {
	t.Helper()
	return mustDecode[sinaspec.Comments](t, u.Get(path, reqParams(kv...)))
}

// cmListIDs reads a comment list and returns its ids in order.
func cmListIDs(t *testing.T, u *testkit.User, path string, kv ...string) []int64 {
	t.Helper()
	return cmIDs(cmList(t, u, path, kv...).Comments)
}

func cmIDs(cs []*sinaspec.Comment) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// cmWant fails unless got holds exactly want, in order.
func cmWant(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got ids %v, want %v", what, got, want)
	}
}

// cmNewest returns ids newest first (creation order reversed).
func cmNewest(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}

// cmUnread reads u's remind counters.
func cmUnread(t *testing.T, u *testkit.User) sinaspec.Unread {
	t.Helper()
	return mustDecode[sinaspec.Unread](t, u.Get("/2/remind/unread_count.json", reqParams("uid", idString(u.ID))))
}

// cmCommentsCount reads a status's comments_count through statuses/show.
func cmCommentsCount(t *testing.T, u *testkit.User, id int64) int {
	t.Helper()
	return mustDecode[sinaspec.Status](t, u.Get("/2/statuses/show.json", reqParams("id", idString(id)))).CommentsCount
}

func cmFollow(t *testing.T, a, b *testkit.User) {
	t.Helper()
	a.Must(a.Post("/2/friendships/create.json", reqParams("uid", idString(b.ID))), nil)
}

func TestCommentsCreate(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	st := cmStatus(t, alice, "comment on me")

	c := cmCreate(t, bob, st.ID, "hello @carol and @nobody", "rip", "10.0.0.1")
	if c.Text != "hello @carol and @nobody" || c.User.ID != bob.ID || c.Status.ID != st.ID || c.ReplyComment != nil {
		t.Fatalf("created comment: %+v", c)
	}
	if c.Mid != c.IDStr || c.Status.User == nil || c.Status.User.ID != alice.ID || c.Status.CommentsCount != 1 {
		t.Fatalf("comment mid/status: %+v / %+v", c, c.Status)
	}

	// The effects: the status counts it, the lists hold it, the counters move.
	if n := cmCommentsCount(t, alice, st.ID); n != 1 {
		t.Fatalf("comments_count = %d, want 1", n)
	}
	cmWant(t, "show", cmListIDs(t, alice, "/2/comments/show.json", "id", st.IDStr), []int64{c.ID})
	cmWant(t, "by_me", cmListIDs(t, bob, "/2/comments/by_me.json"), []int64{c.ID})
	cmWant(t, "to_me", cmListIDs(t, alice, "/2/comments/to_me.json"), []int64{c.ID})
	cmWant(t, "mentions", cmListIDs(t, carol, "/2/comments/mentions.json"), []int64{c.ID})
	cmWant(t, "timeline (author)", cmListIDs(t, alice, "/2/comments/timeline.json"), []int64{c.ID})
	cmWant(t, "timeline (writer)", cmListIDs(t, bob, "/2/comments/timeline.json"), []int64{c.ID})
	cmWant(t, "bob's to_me", cmListIDs(t, bob, "/2/comments/to_me.json"), nil)
	if u := cmUnread(t, alice); u.Cmt != 1 || u.MentionCmt != 0 {
		t.Fatalf("alice's counters: %+v", u)
	}
	if u := cmUnread(t, carol); u.MentionCmt != 1 || u.Cmt != 0 {
		t.Fatalf("carol's counters: %+v", u)
	}
	if u := cmUnread(t, bob); u.Cmt != 0 || u.MentionCmt != 0 {
		t.Fatalf("the writer heard about their own comment: %+v", u)
	}

	// Reading to_me and mentions leaves the counters to remind/set_count
	// (comments.md §3, remind.md §1).
	cmList(t, alice, "/2/comments/to_me.json")
	cmList(t, carol, "/2/comments/mentions.json")
	if u := cmUnread(t, alice); u.Cmt != 1 {
		t.Fatalf("reading to_me cleared cmt: %+v", u)
	}
	if u := cmUnread(t, carol); u.MentionCmt != 1 {
		t.Fatalf("reading mentions cleared mention_cmt: %+v", u)
	}
	alice.Must(alice.Post("/2/remind/set_count.json", reqParams("type", "cmt")), nil)
	carol.Must(carol.Post("/2/remind/set_count.json", reqParams("type", "mention_cmt")), nil)
	if u := cmUnread(t, alice); u.Cmt != 0 {
		t.Fatalf("set_count cmt: %+v", u)
	}
	if u := cmUnread(t, carol); u.MentionCmt != 0 {
		t.Fatalf("set_count mention_cmt: %+v", u)
	}

	// The author commenting on their own status hears nothing.
	own := cmCreate(t, alice, st.ID, "my own words")
	if u := cmUnread(t, alice); u.Cmt != 0 {
		t.Fatalf("own comment moved cmt: %+v", u)
	}
	if n := cmCommentsCount(t, bob, st.ID); n != 2 {
		t.Fatalf("comments_count = %d, want 2", n)
	}
	// 140 Chinese characters is the limit, inclusive.
	long := cmCreate(t, bob, st.ID, strings.Repeat("汉", 140))
	cmWant(t, "show after three", cmListIDs(t, alice, "/2/comments/show.json", "id", st.IDStr), []int64{long.ID, own.ID, c.ID})
}

func TestCommentsCreateErrors(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "public")
	private := cmStatus(t, alice, "only me", "visible", "1")
	gone := cmStatus(t, alice, "soon deleted")
	alice.Must(alice.Post("/2/statuses/destroy.json", reqParams("id", gone.IDStr)), nil)
	create := func(kv ...string) *testkit.Response { return bob.Post("/2/comments/create.json", reqParams(kv...)) }

	mustFail(t, bob.Client, create("id", st.IDStr), 400, 10016, "comment")
	mustFail(t, bob.Client, create("id", st.IDStr, "comment", ""), 400, 20008, "")
	mustFail(t, bob.Client, create("id", st.IDStr, "comment", " \n "), 400, 20008, "")
	mustFail(t, bob.Client, create("id", st.IDStr, "comment", strings.Repeat("汉", 141)), 400, 20012, "")
	mustFail(t, bob.Client, create("comment", "x"), 400, 10016, "id")
	mustFail(t, bob.Client, create("comment", "x", "id", "abc"), 400, 10017, "id")
	mustFail(t, bob.Client, create("comment", "x", "id", "0"), 400, 10017, "id")
	mustFail(t, bob.Client, create("comment", "x", "id", "12345"), 400, 20101, "")
	mustFail(t, bob.Client, create("comment", "x", "id", private.IDStr), 400, 20101, "")
	mustFail(t, bob.Client, create("comment", "x", "id", gone.IDStr), 400, 20101, "")
	mustFail(t, bob.Client, create("comment", "x", "id", st.IDStr, "comment_ori", "2"), 400, 10017, "comment_ori")
	mustFail(t, bob.Client, bob.Get("/2/comments/create.json", reqParams("comment", "x", "id", st.IDStr)), 405, 10021, "")
	anon := k.Anonymous()
	mustFail(t, anon, anon.Post("/2/comments/create.json", reqParams("comment", "x", "id", st.IDStr)), 401, 10006, "")

	// The same text twice in a row on one status is refused; elsewhere it is fine.
	cmCreate(t, bob, st.ID, "same")
	mustFail(t, bob.Client, create("comment", "same", "id", st.IDStr), 400, 20019, "")
	other := cmStatus(t, alice, "another")
	cmCreate(t, bob, other.ID, "same")

	// None of the refusals left a trace.
	if n := cmCommentsCount(t, alice, st.ID); n != 1 {
		t.Fatalf("comments_count = %d after refusals, want 1", n)
	}
	if n := cmCommentsCount(t, alice, private.ID); n != 0 {
		t.Fatalf("private status got %d comments", n)
	}
	// The author may comment on their own private status.
	cmCreate(t, alice, private.ID, "note to self")
}

// comment_ori=1 on a repost also comments on the root original (comments.md §7).
func TestCommentsCreateCommentOri(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	orig := cmStatus(t, alice, "original")
	repost := mustDecode[sinaspec.Status](t, bob.Post("/2/statuses/repost.json", reqParams("id", orig.IDStr, "status", "reposted")))

	c := cmCreate(t, carol, repost.ID, "on both", "comment_ori", "1")
	if c.Status.ID != repost.ID {
		t.Fatalf("the answer is the comment on the repost: %+v", c.Status)
	}
	onOrig := cmList(t, alice, "/2/comments/show.json", "id", orig.IDStr)
	if len(onOrig.Comments) != 1 || onOrig.Comments[0].Text != "on both" || onOrig.Comments[0].User.ID != carol.ID {
		t.Fatalf("copy on the original: %+v", onOrig.Comments)
	}
	if cmCommentsCount(t, carol, orig.ID) != 1 || cmCommentsCount(t, carol, repost.ID) != 1 {
		t.Fatal("comment_ori=1: both statuses should count one comment")
	}
	if cmUnread(t, alice).Cmt != 1 || cmUnread(t, bob).Cmt != 1 {
		t.Fatal("comment_ori=1: both authors should hear of it")
	}
	cmWant(t, "carol's by_me", cmListIDs(t, carol, "/2/comments/by_me.json"), []int64{onOrig.Comments[0].ID, c.ID})

	// comment_ori=0 (the default) and comment_ori on an original comment once.
	cmCreate(t, carol, repost.ID, "only the repost", "comment_ori", "0")
	cmCreate(t, carol, orig.ID, "an original has no original", "comment_ori", "1")
	if cmCommentsCount(t, carol, orig.ID) != 2 || cmCommentsCount(t, carol, repost.ID) != 2 {
		t.Fatalf("counts: orig %d repost %d, want 2 and 2", cmCommentsCount(t, carol, orig.ID), cmCommentsCount(t, carol, repost.ID))
	}

	// With the original deleted, the comment on the repost stands alone.
	alice.Must(alice.Post("/2/statuses/destroy.json", reqParams("id", orig.IDStr)), nil)
	alone := cmCreate(t, carol, repost.ID, "original gone", "comment_ori", "1")
	if alone.Status.RetweetedStatus == nil || alone.Status.RetweetedStatus.Deleted != "1" {
		t.Fatalf("repost embeds the deleted original: %+v", alone.Status.RetweetedStatus)
	}
	if cmCommentsCount(t, carol, repost.ID) != 3 {
		t.Fatalf("repost comments_count = %d, want 3", cmCommentsCount(t, carol, repost.ID))
	}
}

func TestCommentsReply(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	st := cmStatus(t, alice, "thread")
	c1 := cmCreate(t, bob, st.ID, "first")

	r1 := cmReply(t, carol, st.ID, c1.ID, "I agree")
	if r1.Text != "回复@bob:I agree" || r1.ReplyComment == nil || r1.ReplyComment.ID != c1.ID || r1.ReplyComment.User.ID != bob.ID {
		t.Fatalf("reply: %+v", r1)
	}
	if r1.ReplyComment.Status == nil || r1.ReplyComment.Status.ID != st.ID || r1.Status.ID != st.ID {
		t.Fatalf("reply and replied comment both carry the status: %+v", r1.ReplyComment)
	}
	// The replied-to writer and the status author hear of it; the prefix
	// @-mentions bob, so bob's mention_cmt moves too (comments.md §7).
	if u := cmUnread(t, bob); u.Cmt != 1 || u.MentionCmt != 1 {
		t.Fatalf("bob's counters after the reply: %+v", u)
	}
	if u := cmUnread(t, alice); u.Cmt != 2 {
		t.Fatalf("alice's cmt = %d, want 2", u.Cmt)
	}
	cmWant(t, "bob's to_me", cmListIDs(t, bob, "/2/comments/to_me.json"), []int64{r1.ID})
	cmWant(t, "bob's mentions", cmListIDs(t, bob, "/2/comments/mentions.json"), []int64{r1.ID})

	// without_mention=1: no prefix.
	r2 := cmReply(t, carol, st.ID, c1.ID, "plain", "without_mention", "1")
	if r2.Text != "plain" || r2.ReplyComment == nil || r2.ReplyComment.ID != c1.ID {
		t.Fatalf("without_mention: %+v", r2)
	}
	if u := cmUnread(t, bob); u.Cmt != 2 || u.MentionCmt != 1 {
		t.Fatalf("bob after the unprefixed reply: %+v", u)
	}
	// Replying to oneself notifies nobody twice: the writer is bob.
	cmReply(t, bob, st.ID, c1.ID, "talking to myself", "without_mention", "1")
	if u := cmUnread(t, bob); u.Cmt != 2 {
		t.Fatalf("self-reply moved bob's cmt: %+v", u)
	}

	// A missing cid with a good id is a plain comment (comments.md §10).
	plain := mustDecode[sinaspec.Comment](t, carol.Post("/2/comments/reply.json", reqParams("id", st.IDStr, "comment", "no cid")))
	if plain.ReplyComment != nil || plain.Text != "no cid" {
		t.Fatalf("reply without cid: %+v", plain)
	}

	// comment_ori on a reply to a comment on a repost copies the words to the original.
	repost := mustDecode[sinaspec.Status](t, bob.Post("/2/statuses/repost.json", reqParams("id", st.IDStr, "status", "fwd")))
	rc := cmCreate(t, alice, repost.ID, "on the repost")
	before := cmCommentsCount(t, alice, st.ID)
	cmReply(t, carol, repost.ID, rc.ID, "to both", "comment_ori", "1")
	if n := cmCommentsCount(t, alice, st.ID); n != before+1 {
		t.Fatalf("comment_ori reply: original has %d comments, want %d", n, before+1)
	}
	if got := cmList(t, alice, "/2/comments/show.json", "id", st.IDStr, "count", "1").Comments[0]; got.Text != "to both" || got.ReplyComment != nil {
		t.Fatalf("copy on the original: %+v", got)
	}

	// Errors.
	reply := func(kv ...string) *testkit.Response { return carol.Post("/2/comments/reply.json", reqParams(kv...)) }
	other := cmStatus(t, alice, "other thread")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", "999", "comment", "x"), 400, 20201, "")
	mustFail(t, carol.Client, reply("id", other.IDStr, "cid", c1.IDStr, "comment", "x"), 400, 20201, "")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", "abc", "comment", "x"), 400, 10017, "cid")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", "-5", "comment", "x"), 400, 10017, "cid")
	mustFail(t, carol.Client, reply("cid", c1.IDStr, "comment", "x"), 400, 10016, "id")
	mustFail(t, carol.Client, reply("id", "4242", "cid", c1.IDStr, "comment", "x"), 400, 20101, "")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", c1.IDStr), 400, 10016, "comment")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", c1.IDStr, "comment", ""), 400, 20008, "")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", c1.IDStr, "comment", "x", "without_mention", "2"), 400, 10017, "without_mention")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", c1.IDStr, "comment", "x", "comment_ori", "x"), 400, 10017, "comment_ori")
	// 140 characters fit alone but not after the "回复@bob:" prefix.
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", c1.IDStr, "comment", strings.Repeat("汉", 140)), 400, 20012, "")
	cmReply(t, carol, st.ID, c1.ID, strings.Repeat("汉", 140), "without_mention", "1")
	mustFail(t, carol.Client, reply("id", st.IDStr, "cid", c1.IDStr, "comment", strings.Repeat("汉", 140), "without_mention", "1"), 400, 20019, "")
}

func TestCommentsDestroy(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "status")
	c1 := cmCreate(t, bob, st.ID, "first")
	c2 := cmCreate(t, bob, st.ID, "second")

	// Not the writer — not even the status author — may delete it (comments.md §8).
	mustFail(t, alice.Client, alice.Post("/2/comments/destroy.json", reqParams("cid", c1.IDStr)), 403, 20203, "")

	d := mustDecode[sinaspec.Comment](t, bob.Post("/2/comments/destroy.json", reqParams("cid", c1.IDStr)))
	if d.ID != c1.ID || d.Text != "first" || d.User.ID != bob.ID || d.Status.ID != st.ID {
		t.Fatalf("destroy answers the deleted comment: %+v", d)
	}
	if n := cmCommentsCount(t, alice, st.ID); n != 1 {
		t.Fatalf("comments_count after destroy = %d, want 1", n)
	}
	cmWant(t, "show after destroy", cmListIDs(t, alice, "/2/comments/show.json", "id", st.IDStr), []int64{c2.ID})
	cmWant(t, "by_me after destroy", cmListIDs(t, bob, "/2/comments/by_me.json"), []int64{c2.ID})
	cmWant(t, "to_me after destroy", cmListIDs(t, alice, "/2/comments/to_me.json"), []int64{c2.ID})
	if l := mustDecode[[]*sinaspec.Comment](t, bob.Get("/2/comments/show_batch.json", reqParams("cids", c1.IDStr))); len(l) != 0 {
		t.Fatalf("show_batch of a deleted comment: %+v", l)
	}

	destroy := func(kv ...string) *testkit.Response { return bob.Post("/2/comments/destroy.json", reqParams(kv...)) }
	mustFail(t, bob.Client, destroy("cid", c1.IDStr), 400, 20201, "")
	mustFail(t, bob.Client, destroy(), 400, 20204, "")
	mustFail(t, bob.Client, destroy("cid", "x"), 400, 10017, "cid")
	mustFail(t, bob.Client, destroy("cid", "0"), 400, 10017, "cid")
	mustFail(t, bob.Client, bob.Get("/2/comments/destroy.json", reqParams("cid", c2.IDStr)), 405, 10021, "")
	if n := cmCommentsCount(t, alice, st.ID); n != 1 {
		t.Fatalf("refusals moved comments_count to %d", n)
	}
}

func TestCommentsDestroyBatch(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "status")
	b1 := cmCreate(t, bob, st.ID, "b1")
	a1 := cmCreate(t, alice, st.ID, "a1")
	b2 := cmCreate(t, bob, st.ID, "b2")
	b3 := cmCreate(t, bob, st.ID, "b3")

	// Others' and unknown comments are skipped (comments.md §9, inferred).
	got := mustDecode[[]*sinaspec.Comment](t, bob.Post("/2/comments/destroy_batch.json",
		reqParams("cids", idString(b2.ID)+","+idString(a1.ID)+",777,"+idString(b1.ID))))
	cmWant(t, "destroy_batch answer", cmIDs(got), []int64{b2.ID, b1.ID})
	cmWant(t, "show after destroy_batch", cmListIDs(t, alice, "/2/comments/show.json", "id", st.IDStr), []int64{b3.ID, a1.ID})
	if n := cmCommentsCount(t, alice, st.ID); n != 2 {
		t.Fatalf("comments_count = %d, want 2", n)
	}

	// ids is the v1 name weiboclient4j sends.
	got = mustDecode[[]*sinaspec.Comment](t, bob.Post("/2/comments/destroy_batch.json", reqParams("ids", b3.IDStr)))
	cmWant(t, "destroy_batch with ids", cmIDs(got), []int64{b3.ID})
	// Nothing of mine: an empty array.
	got = mustDecode[[]*sinaspec.Comment](t, bob.Post("/2/comments/destroy_batch.json", reqParams("cids", a1.IDStr)))
	cmWant(t, "destroy_batch of others'", cmIDs(got), nil)
	cmWant(t, "show at the end", cmListIDs(t, alice, "/2/comments/show.json", "id", st.IDStr), []int64{a1.ID})

	var twenty, twentyOne []string
	for i := 1; i <= 21; i++ {
		if i <= 20 {
			twenty = append(twenty, strconv.Itoa(i))
		}
		twentyOne = append(twentyOne, strconv.Itoa(i))
	}
	batch := func(kv ...string) *testkit.Response {
		return bob.Post("/2/comments/destroy_batch.json", reqParams(kv...))
	}
	mustDecode[[]*sinaspec.Comment](t, batch("cids", strings.Join(twenty, ",")))
	mustFail(t, bob.Client, batch("cids", strings.Join(twentyOne, ",")), 400, 20009, "")
	mustFail(t, bob.Client, batch(), 400, 20001, "")
	mustFail(t, bob.Client, batch("cids", "1,x"), 400, 10017, "cids")
	mustFail(t, bob.Client, batch("cids", "1,,2"), 400, 10017, "cids")
	mustFail(t, bob.Client, bob.Get("/2/comments/destroy_batch.json", reqParams("cids", a1.IDStr)), 405, 10021, "")
	if n := cmCommentsCount(t, alice, st.ID); n != 1 {
		t.Fatalf("comments_count = %d, want 1", n)
	}
}

func TestCommentsShowBatch(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "status")
	c1 := cmCreate(t, bob, st.ID, "one")
	c2 := cmCreate(t, alice, st.ID, "two")
	r := cmReply(t, alice, st.ID, c1.ID, "three")

	// The order asked for; unknown ids skipped; duplicates once.
	got := mustDecode[[]*sinaspec.Comment](t, bob.Get("/2/comments/show_batch.json",
		reqParams("cids", idString(c1.ID)+","+idString(r.ID)+",4242,"+idString(c2.ID)+","+idString(c1.ID))))
	cmWant(t, "show_batch", cmIDs(got), []int64{c1.ID, r.ID, c2.ID})
	if got[1].ReplyComment == nil || got[1].ReplyComment.ID != c1.ID || got[1].Status.ID != st.ID || got[0].User.ID != bob.ID {
		t.Fatalf("show_batch objects: %+v", got)
	}

	var fifty, fiftyOne []string
	for i := 1; i <= 51; i++ {
		if i <= 50 {
			fifty = append(fifty, strconv.Itoa(i))
		}
		fiftyOne = append(fiftyOne, strconv.Itoa(i))
	}
	batch := func(kv ...string) *testkit.Response { return bob.Get("/2/comments/show_batch.json", reqParams(kv...)) }
	if l := mustDecode[[]*sinaspec.Comment](t, batch("cids", strings.Join(fifty, ","))); len(l) != 0 {
		t.Fatalf("unknown ids answered %+v", l)
	}
	mustFail(t, bob.Client, batch("cids", strings.Join(fiftyOne, ",")), 400, 20009, "")
	mustFail(t, bob.Client, batch(), 400, 20001, "")
	mustFail(t, bob.Client, batch("cids", "abc"), 400, 10017, "cids")
	mustFail(t, bob.Client, batch("cids", "-1"), 400, 10017, "cids")
	mustFail(t, bob.Client, bob.Post("/2/comments/show_batch.json", reqParams("cids", c1.IDStr)), 405, 10021, "")
}

// cmCheckPaging checks since_id (exclusive), max_id (inclusive), count and
// page on a comment list whose full content, newest first, is want (at least
// five comments).
func cmCheckPaging(t *testing.T, u *testkit.User, path string, want []int64, kv ...string) {
	t.Helper()
	get := func(more ...string) sinaspec.Comments {
		t.Helper()
		return cmList(t, u, path, append(slices.Clone(kv), more...)...)
	}
	all := get()
	cmWant(t, path+" all", cmIDs(all.Comments), want)
	if all.TotalNumber != len(want) || all.HasVisible {
		t.Fatalf("%s: total_number %d hasvisible %v, want %d false", path, all.TotalNumber, all.HasVisible, len(want))
	}
	cmWant(t, path+" since_id", cmIDs(get("since_id", idString(want[3])).Comments), want[:3])
	cmWant(t, path+" max_id", cmIDs(get("max_id", idString(want[1])).Comments), want[1:])
	cmWant(t, path+" since_id+max_id", cmIDs(get("since_id", idString(want[4]), "max_id", idString(want[1])).Comments), want[1:4])
	cmWant(t, path+" count", cmIDs(get("count", "2").Comments), want[:2])
	p2 := get("count", "2", "page", "2")
	cmWant(t, path+" page 2", cmIDs(p2.Comments), want[2:4])
	if p2.TotalNumber != len(want) {
		t.Fatalf("%s: total_number on page 2 = %d, want %d", path, p2.TotalNumber, len(want))
	}
	cmWant(t, path+" max_id+count+page", cmIDs(get("max_id", idString(want[1]), "count", "2", "page", "2").Comments), want[3:5])
	cmWant(t, path+" past the end", cmIDs(get("count", "2", "page", "99").Comments), nil)
	// next_cursor continues below the page (README §6: max_id style).
	first := get("count", "2")
	cmWant(t, path+" next_cursor", cmIDs(get("count", "2", "max_id", idString(first.NextCursor)).Comments), want[2:4])

	for _, bad := range [][2]string{{"count", "0"}, {"count", "-1"}, {"count", "x"}, {"page", "0"}, {"page", "x"},
		{"since_id", "-1"}, {"since_id", "x"}, {"max_id", "x"}, {"max_id", "-2"}} {
		mustFail(t, u.Client, u.Get(path, reqParams(append(slices.Clone(kv), bad[0], bad[1])...)), 400, 10017, bad[0])
	}
}

func TestCommentsPaging(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	st := cmStatus(t, alice, "status")
	// bob and alice take turns on alice's status, bob mentioning carol.
	var all, bobs, alices []int64
	for i := range 10 {
		if i%2 == 0 {
			id := cmCore(t, k, bob, st.ID, "hi @carol "+strconv.Itoa(i))
			all, bobs = append(all, id), append(bobs, id)
		} else {
			id := cmCore(t, k, alice, st.ID, "reply "+strconv.Itoa(i))
			all, alices = append(all, id), append(alices, id)
		}
	}
	// bob's own status with comments from carol, so bob has comments to him.
	bst := cmStatus(t, bob, "bob's")
	var toBob []int64
	for i := range 5 {
		toBob = append(toBob, cmCore(t, k, carol, bst.ID, "to bob "+strconv.Itoa(i)))
	}

	cmCheckPaging(t, alice, "/2/comments/show.json", cmNewest(all...), "id", st.IDStr)
	cmCheckPaging(t, bob, "/2/comments/by_me.json", cmNewest(bobs...))
	cmCheckPaging(t, alice, "/2/comments/by_me.json", cmNewest(alices...))
	cmCheckPaging(t, alice, "/2/comments/to_me.json", cmNewest(bobs...))
	cmCheckPaging(t, bob, "/2/comments/to_me.json", cmNewest(toBob...))
	cmCheckPaging(t, carol, "/2/comments/mentions.json", cmNewest(bobs...))
	cmCheckPaging(t, bob, "/2/comments/timeline.json", cmNewest(append(slices.Clone(bobs), toBob...)...))
	cmCheckPaging(t, alice, "/2/comments/timeline.json", cmNewest(all...))
	cmCheckPaging(t, carol, "/2/comments/by_me.json", cmNewest(toBob...))

	// show: a required, well-formed, known status id.
	mustFail(t, alice.Client, alice.Get("/2/comments/show.json", nil), 400, 10016, "id")
	mustFail(t, alice.Client, alice.Get("/2/comments/show.json", reqParams("id", "x")), 400, 10017, "id")
	mustFail(t, alice.Client, alice.Get("/2/comments/show.json", reqParams("id", "4242")), 400, 20101, "")
	mustFail(t, alice.Client, alice.Post("/2/comments/show.json", reqParams("id", st.IDStr)), 405, 10021, "")
	anon := k.Anonymous()
	mustFail(t, anon, anon.Get("/2/comments/to_me.json", nil), 401, 10006, "")
}

// count defaults to 50 and is clamped to 200 (README §6, comments.md).
func TestCommentsCountDefaultAndClamp(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "popular")
	var ids []int64
	for i := range 201 {
		ids = append(ids, cmCore(t, k, bob, st.ID, "c"+strconv.Itoa(i)))
	}
	want := cmNewest(ids...)
	for _, path := range []string{"/2/comments/show.json", "/2/comments/by_me.json", "/2/comments/to_me.json", "/2/comments/timeline.json"} {
		u, kv := bob, []string{}
		switch path {
		case "/2/comments/show.json":
			kv = []string{"id", st.IDStr}
		case "/2/comments/to_me.json":
			u = alice
		}
		def := cmList(t, u, path, kv...)
		cmWant(t, path+" default count", cmIDs(def.Comments), want[:50])
		if def.TotalNumber != 201 {
			t.Fatalf("%s: total_number %d, want 201", path, def.TotalNumber)
		}
		cmWant(t, path+" count 500", cmListIDs(t, u, path, append(kv, "count", "500")...), want[:200])
		cmWant(t, path+" count 200 page 2", cmListIDs(t, u, path, append(kv, "count", "200", "page", "2")...), want[200:])
	}
}

func TestCommentsFilterByAuthor(t *testing.T) {
	k := testkit.Start(t)
	alice, friend, stranger := k.NewUser("alice"), k.NewUser("friend"), k.NewUser("stranger")
	cmFollow(t, alice, friend)
	st := cmStatus(t, alice, "status")
	f1 := cmCreate(t, friend, st.ID, "friend @alice")
	s1 := cmCreate(t, stranger, st.ID, "stranger @alice")
	a1 := cmCreate(t, alice, st.ID, "me")

	show := func(v string) []int64 {
		return cmListIDs(t, alice, "/2/comments/show.json", "id", st.IDStr, "filter_by_author", v)
	}
	cmWant(t, "show 0", show("0"), []int64{a1.ID, s1.ID, f1.ID})
	cmWant(t, "show 1", show("1"), []int64{f1.ID})
	cmWant(t, "show 2", show("2"), []int64{a1.ID, s1.ID})
	for _, path := range []string{"/2/comments/to_me.json", "/2/comments/mentions.json"} {
		cmWant(t, path+" 0", cmListIDs(t, alice, path, "filter_by_author", "0"), []int64{s1.ID, f1.ID})
		l := cmList(t, alice, path, "filter_by_author", "1")
		cmWant(t, path+" 1", cmIDs(l.Comments), []int64{f1.ID})
		if l.TotalNumber != 1 {
			t.Fatalf("%s filter_by_author=1: total_number %d, want 1", path, l.TotalNumber)
		}
		cmWant(t, path+" 2", cmListIDs(t, alice, path, "filter_by_author", "2"), []int64{s1.ID})
		mustFail(t, alice.Client, alice.Get(path, reqParams("filter_by_author", "3")), 400, 10017, "filter_by_author")
		mustFail(t, alice.Client, alice.Get(path, reqParams("filter_by_author", "x")), 400, 10017, "filter_by_author")
	}
	mustFail(t, alice.Client, alice.Get("/2/comments/show.json", reqParams("id", st.IDStr, "filter_by_author", "-1")), 400, 10017, "filter_by_author")
}

func TestCommentsFilterBySource(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "status")
	c := cmCreate(t, bob, st.ID, "hi @alice")
	for _, tc := range []struct {
		u    *testkit.User
		path string
	}{{bob, "/2/comments/by_me.json"}, {alice, "/2/comments/to_me.json"}, {alice, "/2/comments/mentions.json"}} {
		// 0 all and 1 "from weibo" are every comment here; 2 (微群) is none.
		cmWant(t, tc.path+" 0", cmListIDs(t, tc.u, tc.path, "filter_by_source", "0"), []int64{c.ID})
		cmWant(t, tc.path+" 1", cmListIDs(t, tc.u, tc.path, "filter_by_source", "1"), []int64{c.ID})
		none := cmList(t, tc.u, tc.path, "filter_by_source", "2")
		if len(none.Comments) != 0 || none.TotalNumber != 0 {
			t.Fatalf("%s filter_by_source=2: %+v", tc.path, none)
		}
		mustFail(t, tc.u.Client, tc.u.Get(tc.path, reqParams("filter_by_source", "3")), 400, 10017, "filter_by_source")
		mustFail(t, tc.u.Client, tc.u.Get(tc.path, reqParams("filter_by_source", "2", "count", "0")), 400, 10017, "count")
	}
}

// cmTrimmedComment is a comment of comments/timeline with trim_user=1:
// every user object in it follows objects.md §13 (reduced to the ids, with
// uid added beside it), the comment's own writer's as its status's.
type cmTrimmedComment struct {
	CreatedAt    string                  `json:"created_at"`
	ID           int64                   `json:"id"`
	IDStr        string                  `json:"idstr"`
	Mid          string                  `json:"mid"`
	Text         string                  `json:"text"`
	Source       string                  `json:"source"`
	User         *sinaspec.TrimmedUser   `json:"user"`
	UID          int64                   `json:"uid"`
	Status       *sinaspec.TrimmedStatus `json:"status"`
	ReplyComment *cmTrimmedComment       `json:"reply_comment" spec:"optional"`
}

type cmTrimmedComments struct {
	Comments       []*cmTrimmedComment `json:"comments"`
	Marks          []any               `json:"marks" spec:"optional"`
	HasVisible     bool                `json:"hasvisible"`
	PreviousCursor int64               `json:"previous_cursor"`
	NextCursor     int64               `json:"next_cursor"`
	TotalNumber    int                 `json:"total_number"`
}

func TestCommentsTimelineTrimUser(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "status")
	c := cmCreate(t, bob, st.ID, "hi")
	r := cmReply(t, alice, st.ID, c.ID, "hello")

	full := cmList(t, bob, "/2/comments/timeline.json", "trim_user", "0")
	cmWant(t, "timeline", cmIDs(full.Comments), []int64{r.ID, c.ID})
	if full.Comments[0].Status.User == nil || full.Comments[0].Status.User.ScreenName != "alice" {
		t.Fatalf("untrimmed status user: %+v", full.Comments[0].Status.User)
	}
	trimmed := mustDecode[cmTrimmedComments](t, bob.Get("/2/comments/timeline.json", reqParams("trim_user", "1")))
	if len(trimmed.Comments) != 2 || trimmed.Comments[0].ID != r.ID {
		t.Fatalf("trimmed timeline: %+v", trimmed.Comments)
	}
	writers := map[int64]int64{r.ID: alice.ID, c.ID: bob.ID}
	for _, tc := range trimmed.Comments {
		if tc.Status.UID != alice.ID || tc.Status.User.ID != alice.ID || tc.Status.User.IDStr != idString(alice.ID) {
			t.Fatalf("trimmed status: %+v", tc.Status)
		}
		if w := writers[tc.ID]; tc.UID != w || tc.User == nil || tc.User.ID != w || tc.User.IDStr != idString(w) {
			t.Fatalf("comment %d: trimmed writer uid %d user %+v, want %d", tc.ID, tc.UID, tc.User, w)
		}
	}
	if rc := trimmed.Comments[0].ReplyComment; rc == nil || rc.ID != c.ID || rc.Status.UID != alice.ID ||
		rc.UID != bob.ID || rc.User == nil || rc.User.ID != bob.ID {
		t.Fatalf("trimmed reply_comment: %+v", rc)
	}
	// Untrimmed, the writer is the whole user object and there is no uid.
	if full.Comments[0].User == nil || full.Comments[0].User.ScreenName != "alice" {
		t.Fatalf("untrimmed comment writer: %+v", full.Comments[0].User)
	}
	mustFail(t, bob.Client, bob.Get("/2/comments/timeline.json", reqParams("trim_user", "2")), 400, 10017, "trim_user")
}

// is_comment on statuses/repost creates real comments, seen in every list.
func TestCommentsFromRepostIsComment(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	st := cmStatus(t, alice, "repost me")
	bob.Must(bob.Post("/2/statuses/repost.json", reqParams("id", st.IDStr, "status", "worth it", "is_comment", "1")), nil)
	by := cmList(t, bob, "/2/comments/by_me.json")
	if len(by.Comments) != 1 || by.Comments[0].Text != "worth it" || by.Comments[0].Status.ID != st.ID {
		t.Fatalf("by_me after is_comment: %+v", by.Comments)
	}
	cmWant(t, "to_me", cmListIDs(t, alice, "/2/comments/to_me.json"), cmIDs(by.Comments))
	if cmUnread(t, alice).Cmt != 1 || cmCommentsCount(t, alice, st.ID) != 1 {
		t.Fatal("is_comment: cmt and comments_count should move")
	}
}

// Comments on statuses the viewer may not see are never shown: not on a
// private status of someone else, not on a close-friends status once the
// friendship ends, not on a deleted status.
func TestCommentsVisibility(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")

	// A private status: alice's own comment @-mentioning bob reaches no one.
	private := cmStatus(t, alice, "secret", "visible", "1")
	pc := cmCreate(t, alice, private.ID, "psst @bob")
	cmWant(t, "alice sees her own", cmListIDs(t, alice, "/2/comments/show.json", "id", private.IDStr), []int64{pc.ID})
	cmWant(t, "bob's mentions", cmListIDs(t, bob, "/2/comments/mentions.json"), nil)
	if u := cmUnread(t, bob); u.MentionCmt != 0 {
		t.Fatalf("a mention on a private status reached bob: %+v", u)
	}
	mustFail(t, bob.Client, bob.Get("/2/comments/show.json", reqParams("id", private.IDStr)), 400, 20101, "")
	if l := mustDecode[[]*sinaspec.Comment](t, bob.Get("/2/comments/show_batch.json", reqParams("cids", pc.IDStr))); len(l) != 0 {
		t.Fatalf("show_batch leaked a private comment: %+v", l)
	}

	// Close friends: bob and alice follow each other, bob comments and
	// alice replies; then bob unfollows and may no longer see any of it.
	cmFollow(t, alice, bob)
	cmFollow(t, bob, alice)
	close := cmStatus(t, alice, "for close friends", "visible", "2")
	bc := cmCreate(t, bob, close.ID, "I can see this")
	ar := cmReply(t, alice, close.ID, bc.ID, "yes you can")
	cmWant(t, "bob's to_me before", cmListIDs(t, bob, "/2/comments/to_me.json"), []int64{ar.ID})
	cmWant(t, "bob's by_me before", cmListIDs(t, bob, "/2/comments/by_me.json"), []int64{bc.ID})
	bob.Must(bob.Post("/2/friendships/destroy.json", reqParams("uid", idString(alice.ID))), nil)
	for _, path := range []string{"/2/comments/to_me.json", "/2/comments/by_me.json", "/2/comments/timeline.json", "/2/comments/mentions.json"} {
		l := cmList(t, bob, path)
		if len(l.Comments) != 0 {
			t.Fatalf("%s shows comments on a status bob may not see: %+v", path, cmIDs(l.Comments))
		}
		// The store applies the rule, so the page is full and the total exact.
		if l.TotalNumber != 0 {
			t.Fatalf("%s: total_number %d counts hidden comments", path, l.TotalNumber)
		}
	}
	mustFail(t, bob.Client, bob.Get("/2/comments/show.json", reqParams("id", close.IDStr)), 400, 20101, "")
	if l := mustDecode[[]*sinaspec.Comment](t, bob.Get("/2/comments/show_batch.json", reqParams("cids", idString(bc.ID)+","+idString(ar.ID)))); len(l) != 0 {
		t.Fatalf("show_batch leaked: %+v", cmIDs(l))
	}
	mustFail(t, bob.Client, bob.Post("/2/comments/create.json", reqParams("id", close.IDStr, "comment", "again")), 400, 20101, "")
	// A reply to bob now does not reach him either.
	before := cmUnread(t, bob)
	cmReply(t, alice, close.ID, bc.ID, "are you there?", "without_mention", "1")
	if u := cmUnread(t, bob); u.Cmt != before.Cmt {
		t.Fatalf("bob heard of a reply on a status he may not see: %+v → %+v", before, u)
	}
	// bob's comment is still his to delete; its status is shown as deleted.
	d := mustDecode[sinaspec.Comment](t, bob.Post("/2/comments/destroy.json", reqParams("cid", bc.IDStr)))
	if d.ID != bc.ID || d.Status.ID != close.ID || d.Status.Deleted != "1" {
		t.Fatalf("destroying a comment on a hidden status: %+v", d)
	}
	if n := cmCommentsCount(t, alice, close.ID); n != 2 {
		t.Fatalf("close-friends status comments_count = %d, want 2", n)
	}
	// alice, the author, still sees the rest.
	cmWant(t, "alice's show", cmIDs(cmList(t, alice, "/2/comments/show.json", "id", close.IDStr).Comments)[1:], []int64{ar.ID})

	// A deleted status takes its comments with it.
	pub := cmStatus(t, alice, "public, for now")
	cc := cmCreate(t, carol, pub.ID, "nice @bob")
	cmWant(t, "bob's mentions before delete", cmListIDs(t, bob, "/2/comments/mentions.json"), []int64{cc.ID})
	alice.Must(alice.Post("/2/statuses/destroy.json", reqParams("id", pub.IDStr)), nil)
	cmWant(t, "carol's by_me after delete", cmListIDs(t, carol, "/2/comments/by_me.json"), nil)
	cmWant(t, "carol's timeline after delete", cmListIDs(t, carol, "/2/comments/timeline.json"), nil)
	cmWant(t, "bob's mentions after delete", cmListIDs(t, bob, "/2/comments/mentions.json"), nil)
	for _, c := range cmList(t, alice, "/2/comments/to_me.json").Comments {
		if c.ID == cc.ID {
			t.Fatal("alice's to_me still holds a comment on her deleted status")
		}
	}
	mustFail(t, carol.Client, carol.Get("/2/comments/show.json", reqParams("id", pub.IDStr)), 400, 20101, "")
	if l := mustDecode[[]*sinaspec.Comment](t, carol.Get("/2/comments/show_batch.json", reqParams("cids", cc.IDStr))); len(l) != 0 {
		t.Fatalf("show_batch of a comment on a deleted status: %+v", l)
	}
	mustFail(t, carol.Client, carol.Post("/2/comments/destroy.json", reqParams("cid", cc.IDStr)), 400, 20201, "")
}
