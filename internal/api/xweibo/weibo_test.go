package xweibo_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

func TestDestroy(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	w := post(t, xa, "mine")
	xb.Fail(xb.Call("destroy", vals("id", w.ID)), 1020302)
	xa.Fail(xa.Call("destroy", nil), 1020300)
	xa.Fail(xa.Call("destroy", vals("id", "abc")), 1010002)
	xa.Fail(xa.Call("destroy", vals("id", "123456789")), 1020301)
	show(t, alice, w.ID) // still there
	var ok bool
	xa.Must(xa.Call("destroy", vals("id", w.ID)), &ok)
	if !ok {
		t.Fatal("destroy rst is not true")
	}
	alice.Fail(alice.Get("/2/statuses/show.json", vals("id", w.ID)), http.StatusBadRequest, 20101)
	xa.Fail(xa.Call("destroy", vals("id", w.ID)), 1020301)
}

func TestRepost(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	xa, xb, xc := alice.Xweibo(k), bob.Xweibo(k), carol.Xweibo(k)
	orig := post(t, xa, "original")

	var d data
	xb.Must(xb.Call("repost", vals("id", orig.ID, "text", "转发微博")), &d)
	if d.Data.Tx != "转发微博" || d.Data.U.Sn != "bob" || d.Data.Rt == nil || d.Data.Rt.ID != orig.ID ||
		d.Data.Rt.Tx != "original" || d.Data.Rt.U.Sn != "alice" || d.Data.Rt.Rt != nil {
		t.Fatalf("repost data = %+v", d.Data)
	}
	st := show(t, bob, d.Data.ID)
	if st.RetweetedStatus == nil || strconv.FormatInt(st.RetweetedStatus.ID, 10) != orig.ID {
		t.Fatalf("sina show of the repost: %+v", st)
	}
	// A repost of the repost, commenting on both (rtids of two ids, is_comment 3).
	var d2 data
	xc.Must(xc.Call("repost", vals("id", d.Data.ID, "text", "again", "rtids", d.Data.ID+","+orig.ID)), &d2)
	if d2.Data.Rt == nil || d2.Data.Rt.ID != orig.ID {
		t.Fatalf("repost of a repost = %+v", d2.Data)
	}
	if o := show(t, alice, orig.ID); o.RepostsCount != 2 || o.CommentsCount != 1 {
		t.Fatalf("original after two reposts, one commented: %+v", o)
	}
	if r := show(t, alice, d.Data.ID); r.CommentsCount != 1 {
		t.Fatalf("repost after a commented repost: %+v", r)
	}
	// Text is optional.
	xc.Must(xc.Call("repost", vals("id", orig.ID)), &d)

	xb.Fail(xb.Call("repost", nil), 1020200)
	xb.Fail(xb.Call("repost", vals("id", orig.ID, "text", strings.Repeat("长", 141))), 1020201)
	xb.Fail(xb.Call("repost", vals("id", "x")), 1010002)
	r := xb.Call("repost", vals("id", "987654321"))
	xb.Fail(r, 1020301)
}

func TestCommentAndReply(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	w := post(t, xa, "comment on me")

	var c commented
	// The link is kept as a short link of this server (core's shortenLinks).
	xb.Must(xb.Call("comment", vals("id", w.ID, "text", "hi @alice http://example.com/x <b>")), &c)
	if c.Comment.ID == "" || c.Comment.Nick != "bob" || c.Comment.UID != strconv.FormatInt(bob.ID, 10) ||
		!strings.Contains(c.Comment.ProfileImg, "30") || c.Wb != nil ||
		!strings.HasSuffix(c.Comment.CreateAt, "秒前") ||
		!strings.Contains(c.Comment.Text, `>@alice</a>`) || !strings.Contains(c.Comment.Text, `href="`+k.URL+`/t/`) ||
		!strings.Contains(c.Comment.Text, "&lt;b&gt;") {
		t.Fatalf("comment = %+v", c)
	}
	if show(t, alice, w.ID).CommentsCount != 1 {
		t.Fatal("comment not counted")
	}
	// forward=1 also reposts; type=2 the 50 px avatar.
	var c2 commented
	xb.Must(xb.Call("comment", vals("id", w.ID, "text", "and forward", "forward", "1", "type", "2")), &c2)
	if c2.Wb == nil || c2.Wb.Tx != "and forward" || c2.Wb.Rt == nil || c2.Wb.Rt.ID != w.ID ||
		!strings.Contains(c2.Comment.ProfileImg, "50") {
		t.Fatalf("comment with forward = %+v", c2)
	}
	if o := show(t, alice, w.ID); o.CommentsCount != 2 || o.RepostsCount != 1 {
		t.Fatalf("after a forwarded comment: %+v", o)
	}

	// reply, and its spelling replay.
	var rp commented
	xa.Must(xa.Call("reply", vals("id", w.ID, "cid", c.Comment.ID, "text", "thanks")), &rp)
	if rp.Comment.Nick != "alice" || !strings.Contains(rp.Comment.Text, "thanks") || rp.Wb != nil {
		t.Fatalf("reply = %+v", rp)
	}
	xa.Must(xa.Call("replay", vals("id", w.ID, "cid", c.Comment.ID, "text", "again", "forward", "1")), &rp)
	if rp.Wb != nil {
		// alice cannot repost her own weibo: the reply stands alone.
		t.Fatalf("a reply forwarded on one's own weibo = %+v", rp)
	}
	var cmts struct {
		Comments []struct {
			Text string `json:"text"`
		} `json:"comments"`
	}
	r := alice.Get("/2/comments/show.json", vals("id", w.ID))
	if json.Unmarshal(r.Body, &cmts) != nil || len(cmts.Comments) != 4 {
		t.Fatalf("comments/show: %s", r.Body)
	}

	xb.Fail(xb.Call("comment", vals("text", "x")), 1020400)
	xb.Fail(xb.Call("comment", vals("id", w.ID)), 1020401)
	xb.Fail(xb.Call("comment", vals("id", w.ID, "text", " ")), 1020401)
	xb.Fail(xb.Call("comment", vals("id", "123456789", "text", "x")), 1020402)
	xb.Fail(xb.Call("comment", vals("id", w.ID, "text", strings.Repeat("长", 141))), 1020403)
	xb.Fail(xb.Call("comment", vals("id", w.ID, "text", "x", "type", "3")), 1010002)
	xb.Fail(xb.Call("reply", vals("cid", c.Comment.ID, "text", "x")), 1020500)
	xb.Fail(xb.Call("reply", vals("id", w.ID, "text", "x")), 1020501)
	xb.Fail(xb.Call("reply", vals("id", w.ID, "cid", c.Comment.ID)), 1020502)
	xb.Fail(xb.Call("reply", vals("id", w.ID, "cid", c.Comment.ID, "text", strings.Repeat("长", 141))), 1020503)
	xb.Fail(xb.Call("reply", vals("id", "123456789", "cid", c.Comment.ID, "text", "x")), 1020504)
	xb.Fail(xb.Call("reply", vals("id", w.ID, "cid", "123456789", "text", "x")), 1020501)

	// A user the author blocks may not comment.
	if _, err := k.App.Core.Block(context.Background(), alice.Viewer(), core.UserRef{ID: bob.ID}); err != nil {
		t.Fatal(err)
	}
	xb.Fail(xb.Call("comment", vals("id", w.ID, "text", "blocked")), 1020402)
}

func TestCommentDestroy(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	w := post(t, xa, "comments here")
	var ids []string
	for i := range 4 {
		var c commented
		xb.Must(xb.Call("comment", vals("id", w.ID, "text", "c"+strconv.Itoa(i))), &c)
		ids = append(ids, c.Comment.ID)
	}
	var tot struct {
		Total *int `json:"total"`
	}
	xb.Must(xb.Call("comment_destroy", vals("id", ids[0])), &tot)
	if tot.Total != nil {
		t.Fatalf("comment_destroy rst = %+v", tot)
	}
	xb.Must(xb.Call("comment_destory", vals("id", ids[1]+","+ids[2])), &tot)
	if show(t, alice, w.ID).CommentsCount != 1 {
		t.Fatal("comments not deleted")
	}
	xa.Fail(xa.Call("comment_destroy", vals("id", ids[3])), 1020601)
	xb.Fail(xb.Call("comment_destroy", vals("id", ids[0])), 1020601)
	xb.Fail(xb.Call("comment_destroy", nil), 1020600)
	xb.Fail(xb.Call("comment_destroy", vals("id", "1,,2")), 1010002)
	// A batch with a comment that is not the caller's: the others go, the
	// failures are listed.
	env := xb.Fail(xb.Call("comment_destroy", vals("id", ids[3]+","+ids[0])), 1020602)
	var list []struct {
		ID  string `json:"id"`
		Err string `json:"err"`
	}
	if err := testkit.DecodeStrict(env.Err, &list); err != nil || len(list) != 1 || list[0].ID != ids[0] {
		t.Fatalf("batch failures: %s (%v)", env.Err, err)
	}
	if show(t, alice, w.ID).CommentsCount != 0 {
		t.Fatal("the caller's comment in the batch was not deleted")
	}
}

// friendsOf reads who follows whom through Sina's friendships/show.
func follows(t *testing.T, u *testkit.User, source, target int64) bool {
	t.Helper()
	var fr struct {
		Source struct {
			Following bool `json:"following"`
		} `json:"source"`
	}
	r := u.Get("/2/friendships/show.json", vals("source_id", strconv.FormatInt(source, 10), "target_id", strconv.FormatInt(target, 10)))
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &fr) != nil {
		t.Fatalf("friendships/show: %d %s", r.Status, r.Body)
	}
	return fr.Source.Following
}

func TestFriendships(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol, dave := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	sid := func(u *testkit.User) string { return strconv.FormatInt(u.ID, 10) }

	var ok bool
	xa.Must(xa.Call("createFriendship", vals("uid", sid(bob))), &ok)
	if !ok || !follows(t, alice, alice.ID, bob.ID) {
		t.Fatal("createFriendship by id")
	}
	xa.Must(xa.Call("createFriendship", vals("uid", "carol", "type", "1")), &ok)
	if !follows(t, alice, alice.ID, carol.ID) {
		t.Fatal("createFriendship by name")
	}
	xa.Fail(xa.Call("createFriendship", vals("uid", sid(bob))), 1020805)
	xa.Fail(xa.Call("createFriendship", nil), 1020800)
	xa.Fail(xa.Call("createFriendship", vals("uid", sid(alice))), 1020800)
	xa.Fail(xa.Call("createFriendship", vals("uid", "123456789")), 1020801)
	xa.Fail(xa.Call("createFriendship", vals("uid", "nobody", "type", "1")), 1020801)
	xa.Fail(xa.Call("createFriendship", vals("uid", "x")), 1010002)
	// A batch: dave followed, bob (already) and an unknown id listed.
	env := xa.Fail(xa.Call("createFriendship", vals("uid", sid(dave)+","+sid(bob)+",123456789")), 1020804)
	var fails []struct {
		UID []string `json:"uid"`
		Err string   `json:"err"`
	}
	if err := testkit.DecodeStrict(env.Err, &fails); err != nil || len(fails) != 2 {
		t.Fatalf("batch follow failures: %s (%v)", env.Err, err)
	}
	if !follows(t, alice, alice.ID, dave.ID) {
		t.Fatal("batch follow did not follow dave")
	}

	// friendship: does the target follow the source?
	var fan bool
	xb.Must(xb.Call("friendship", vals("t_id", sid(alice))), &fan)
	if !fan {
		t.Fatal("alice follows bob: friendship false")
	}
	xa.Must(xa.Call("friendship", vals("t_name", "bob")), &fan)
	if fan {
		t.Fatal("bob does not follow alice: friendship true")
	}
	xa.Must(xa.Call("friendship", vals("t_name", "alice", "s_name", "carol")), &fan)
	if !fan {
		t.Fatal("alice follows carol: friendship(s=carol,t=alice) false")
	}
	xa.Fail(xa.Call("friendship", nil), 1010000)
	xa.Fail(xa.Call("friendship", vals("t_name", "nobody")), 1021200)
	xa.Fail(xa.Call("friendship", vals("t_id", "123456789")), 1021200)

	// deleteFriendship: unfollow, and remove a follower.
	xa.Must(xa.Call("deleteFriendship", vals("id", sid(bob))), &ok)
	if follows(t, alice, alice.ID, bob.ID) {
		t.Fatal("deleteFriendship by id")
	}
	xa.Must(xa.Call("deleteFriendship", vals("name", "carol")), &ok)
	if follows(t, alice, alice.ID, carol.ID) {
		t.Fatal("deleteFriendship by name")
	}
	xd := dave.Xweibo(k)
	xd.Must(xd.Call("deleteFriendship", vals("id", sid(alice), "is_follower", "1")), &ok)
	if follows(t, alice, alice.ID, dave.ID) {
		t.Fatal("deleteFriendship is_follower=1 did not remove alice from dave's followers")
	}
	xa.Fail(xa.Call("deleteFriendship", nil), 1020802)
	xa.Fail(xa.Call("deleteFriendship", vals("id", "123456789")), 1020802)
	xa.Fail(xa.Call("deleteFriendship", vals("id", sid(bob))), 1020802)
	xa.Fail(xa.Call("deleteFriendship", vals("name", "nobody")), 1020803)
	xa.Fail(xa.Call("deleteFriendship", vals("id", sid(bob), "is_follower", "2")), 1010002)
}

func TestFavorites(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	xa, xb := alice.Xweibo(k), bob.Xweibo(k)
	w := post(t, xa, "favourite me")
	var ok bool
	xb.Must(xb.Call("createFavorite", vals("id", w.ID)), &ok)
	if !ok || !show(t, bob, w.ID).Favorited {
		t.Fatal("createFavorite")
	}
	// A favourite is f=1 in the compact status.
	var d data
	xb.Must(xb.Call("repost", vals("id", w.ID)), &d)
	if d.Data.Rt == nil || d.Data.Rt.F != 1 {
		t.Fatalf("favourited original in a repost: %+v", d.Data.Rt)
	}
	xb.Must(xb.Call("deleteFavorite", vals("id", w.ID)), &ok)
	if show(t, bob, w.ID).Favorited {
		t.Fatal("deleteFavorite")
	}
	xb.Fail(xb.Call("deleteFavorite", vals("id", w.ID)), 1020701)
	xb.Fail(xb.Call("createFavorite", nil), 1010000)
	xb.Fail(xb.Call("deleteFavorite", nil), 1010000)
	xb.Fail(xb.Call("createFavorite", vals("id", "123456789")), 1020700)
	xa.Must(xa.Call("destroy", vals("id", w.ID)), nil)
	xb.Fail(xb.Call("createFavorite", vals("id", w.ID)), 1020700)
}
