package sina_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// search runs search/statuses as c and returns the ids of the bare array,
// decoded strictly.
func search(t *testing.T, c *testkit.Client, kv ...string) []int64 {
	t.Helper()
	got := mustDecode[[]sinaspec.Status](t, c.Get("/2/search/statuses.json", reqParams(kv...)))
	out := make([]int64, len(got))
	for i, st := range got {
		out[i] = st.ID
	}
	return out
}

func wantIDs(t *testing.T, what string, got []int64, want ...int64) {
	t.Helper()
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func postVisible(t *testing.T, u *testkit.User, text string, visible int) sinaspec.Status {
	t.Helper()
	var st sinaspec.Status
	specMust(t, u.Post("/2/statuses/update.json", url.Values{"status": {text}, "visible": {strconv.Itoa(visible)}}), &st)
	return st
}

func TestSearchStatusesChineseAndVisibility(t *testing.T) {
	k := testkit.Start(t)
	alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
	// alice and bob follow each other: bob sees alice's close-friends posts.
	bob.Must(bob.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(alice.ID)}}), nil)
	alice.Must(alice.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(bob.ID)}}), nil)

	walk := post(t, alice, "我今天去公园散步了")
	other := post(t, bob, "北京的公园很大，天气也好")
	private := postVisible(t, alice, "一个人的公园秘密", 1)
	friends := postVisible(t, alice, "只给密友看的公园照片", 2)
	post(t, carol, "今天吃火锅")
	k.Drain()

	// 公园 is found inside text without spaces; each viewer sees what a
	// timeline would show them.
	wantIDs(t, "carol", search(t, carol.Client, "q", "公园"), other.ID, walk.ID)
	wantIDs(t, "bob (mutual follower)", search(t, bob.Client, "q", "公园"), friends.ID, other.ID, walk.ID)
	wantIDs(t, "alice (author)", search(t, alice.Client, "q", "公园"), friends.ID, private.ID, other.ID, walk.ID)
	wantIDs(t, "two words", search(t, carol.Client, "q", "公园散步"), walk.ID)
	wantIDs(t, "no match", search(t, carol.Client, "q", "烤鸭"))

	// needcount switches the shape; the total counts what the viewer may see.
	var res sinaspec.SearchResults
	specMust(t, carol.Get("/2/search/statuses.json", reqParams("q", "公园", "needcount", "true")), &res)
	if len(res.Results) != 2 || res.TotalCountMaybe != 2 || res.Results[0].User == nil || res.Results[0].User.ID != bob.ID {
		t.Fatalf("needcount: %+v", res)
	}
	specMust(t, alice.Get("/2/search/statuses.json", reqParams("q", "公园", "needcount", "1", "count", "1")), &res)
	if len(res.Results) != 1 || res.TotalCountMaybe != 4 {
		t.Fatalf("needcount with a short page: %d results, total %d", len(res.Results), res.TotalCountMaybe)
	}
	specMust(t, carol.Get("/2/search/statuses.json", reqParams("q", "烤鸭", "needcount", "true")), &res)
	if res.Results == nil || len(res.Results) != 0 || res.TotalCountMaybe != 0 {
		t.Fatalf("needcount, nothing found: %+v", res)
	}

	// A deleted status is gone at once, before the index hears of it.
	mustOK(t, alice.Post("/2/statuses/destroy.json", url.Values{"id": {walk.IDStr}}))
	wantIDs(t, "deleted, index not yet updated", search(t, carol.Client, "q", "公园"), other.ID)
	k.Drain()
	wantIDs(t, "deleted", search(t, carol.Client, "q", "散步"))

	// Anonymous callers are refused (login required).
	mustFail(t, k.Anonymous(), k.Anonymous().Get("/2/search/statuses.json", reqParams("q", "公园")), 401, 10006, "")
}

func TestSearchStatusesFilters(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	alice, bob := k.NewUser("alice"), k.NewUser("bob")
	a1 := post(t, alice, "周末和朋友去看电影")
	b1 := post(t, bob, "周末在家看电影")
	var rt sinaspec.Status
	specMust(t, bob.Post("/2/statuses/repost.json", url.Values{"id": {a1.IDStr}, "status": {"电影不错"}}), &rt)
	// A status with a picture, and one posted with no app (the web site).
	pic, err := k.App.Core.PostStatus(ctx, domain.Viewer{UserID: alice.ID, AppID: 0},
		core.PostStatusInput{Text: "周末电影票根", PicIDs: []string{uploadTestPicture(t, k, domain.Viewer{UserID: alice.ID}, "票根")}})
	if err != nil {
		t.Fatal(err)
	}
	// A user in Beijing (province 11, city 5) posts through the core too.
	dave := &domain.User{ID: 777, ScreenName: "dave", Province: 11, City: 5, CreatedAt: time.Now()}
	if err := k.App.Store.InTx(ctx, func(tx domain.Tx) error {
		return tx.CreateUser(ctx, dave, &domain.Credentials{UserID: dave.ID})
	}); err != nil {
		t.Fatal(err)
	}
	d1, err := k.App.Core.PostStatus(ctx, domain.Viewer{UserID: dave.ID}, core.PostStatusInput{Text: "北京周末看电影"})
	if err != nil {
		t.Fatal(err)
	}
	k.Drain()
	all := []int64{d1.Status.ID, pic.Status.ID, rt.ID, b1.ID, a1.ID}
	wantIDs(t, "all", search(t, bob.Client, "q", "电影"), all...)
	wantIDs(t, "filter_ori=1", search(t, bob.Client, "q", "电影", "filter_ori", "1"), d1.Status.ID, pic.Status.ID, b1.ID, a1.ID)
	wantIDs(t, "filter_ori=2", search(t, bob.Client, "q", "电影", "filter_ori", "2"), rt.ID)
	wantIDs(t, "filter_pic=1", search(t, bob.Client, "q", "电影", "filter_pic", "1"), pic.Status.ID)
	wantIDs(t, "filter_pic=2", search(t, bob.Client, "q", "电影", "filter_pic", "2"), d1.Status.ID, rt.ID, b1.ID, a1.ID)
	wantIDs(t, "fuid", search(t, bob.Client, "q", "电影", "fuid", idString(alice.ID)), pic.Status.ID, a1.ID)
	wantIDs(t, "fuid without q", search(t, bob.Client, "fuid", idString(bob.ID)), rt.ID, b1.ID)
	wantIDs(t, "province", search(t, bob.Client, "q", "电影", "province", "11"), d1.Status.ID)
	wantIDs(t, "province and city", search(t, bob.Client, "q", "电影", "province", "11", "city", "5"), d1.Status.ID)
	wantIDs(t, "another city", search(t, bob.Client, "q", "电影", "province", "11", "city", "6"))
	wantIDs(t, "base_app", search(t, bob.Client, "q", "电影", "base_app", "1"), rt.ID, b1.ID, a1.ID)

	// Time bounds are Unix seconds, inclusive.
	now := time.Now().Unix()
	hour := func(d int64) string { return strconv.FormatInt(now+d*3600, 10) }
	wantIDs(t, "window", search(t, bob.Client, "q", "电影", "starttime", hour(-1), "endtime", hour(1)), all...)
	wantIDs(t, "starttime later", search(t, bob.Client, "q", "电影", "starttime", hour(1)))
	wantIDs(t, "endtime earlier", search(t, bob.Client, "q", "电影", "endtime", hour(-1)))
	wantIDs(t, "empty window", search(t, bob.Client, "q", "电影", "starttime", hour(1), "endtime", hour(-1)))

	// Paging: count and page, newest first.
	wantIDs(t, "page 1", search(t, bob.Client, "q", "电影", "count", "2"), all[0], all[1])
	wantIDs(t, "page 2", search(t, bob.Client, "q", "电影", "count", "2", "page", "2"), all[2], all[3])
	wantIDs(t, "page 3", search(t, bob.Client, "q", "电影", "count", "2", "page", "3"), all[4])
	wantIDs(t, "past the end", search(t, bob.Client, "q", "电影", "count", "2", "page", "4"))
	wantIDs(t, "past the depth bound", search(t, bob.Client, "q", "电影", "count", "50", "page", "1000"))
	if got := search(t, bob.Client, "q", "电影", "count", "500"); len(got) != len(all) {
		t.Errorf("count above 50 is clamped, not refused: %v", got)
	}
}

func TestSearchStatusesErrors(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	get := func(kv ...string) *testkit.Response { return u.Get("/2/search/statuses.json", reqParams(kv...)) }
	for _, tc := range []struct{ name, value string }{
		{"filter_ori", "3"}, {"filter_ori", "x"}, {"filter_pic", "-1"}, {"fuid", "abc"}, {"fuid", "-5"},
		{"province", "-1"}, {"city", "x"}, {"starttime", "-1"}, {"endtime", "soon"}, {"count", "0"},
		{"page", "0"}, {"needcount", "maybe"}, {"base_app", "2"},
	} {
		mustFail(t, u.Client, get("q", "公园", tc.name, tc.value), 400, 10017, tc.name)
	}
	mustFail(t, u.Client, get("q", "公园", "city", "5"), 400, 10017, "city")
	// Whatever the query, never a 500: long, odd and FTS-syntax-like input.
	for _, q := range []string{`"`, `公园" OR "`, "NEAR(a b)", "*", "-公园", "'", `\`, "🙂🙂", strings.Repeat("公园 ", 1000)} {
		mustOK(t, get("q", q))
	}
	// Bytes that are not text are refused before the search sees them.
	mustFail(t, u.Client, get("q", string(make([]byte, 3000))), 400, 10017, "q")
	mustFail(t, u.Client, u.Post("/2/search/statuses.json", reqParams("q", "公园")), 405, 10021, "")
}

// Search applies the same visibility as every timeline: a status posted to a
// friend group is found by the group's members only, and a block hides each
// side's statuses from the other, in both directions.
func TestSearchHonoursGroupsAndBlocks(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		owner, member, outsider, blocked := k.NewUser("owner"), k.NewUser("member"), k.NewUser("outsider"), k.NewUser("blocked")
		fsFollow(t, owner, member)
		g := gPost[specGroup](t, owner, "create", "name", "inner")
		gPost[specGroup](t, owner, "members/add", "list_id", g.IDStr, "uid", idString(member.ID))

		public := post(t, owner, "公园里的樱花开了")
		grouped := mustDecode[sinaspec.Status](t, owner.Post("/2/statuses/update.json",
			reqParams("status", "只给小组看的公园", "visible", "3", "list_id", g.IDStr)))
		theirs := post(t, blocked, "被拉黑的人也去公园")
		k.Drain()

		wantIDs(t, "member", search(t, member.Client, "q", "公园"), theirs.ID, grouped.ID, public.ID)
		wantIDs(t, "outsider", search(t, outsider.Client, "q", "公园"), theirs.ID, public.ID)
		wantIDs(t, "owner", search(t, owner.Client, "q", "公园"), theirs.ID, grouped.ID, public.ID)

		block(t, k, owner, blocked)
		wantIDs(t, "the blocker", search(t, owner.Client, "q", "公园"), grouped.ID, public.ID)
		wantIDs(t, "the blocked", search(t, blocked.Client, "q", "公园"), theirs.ID)
		var res sinaspec.SearchResults
		specMust(t, blocked.Get("/2/search/statuses.json", reqParams("q", "公园", "needcount", "1")), &res)
		if len(res.Results) != 1 || res.TotalCountMaybe != 1 {
			t.Fatalf("the blocked, with a count: %d results, total %d", len(res.Results), res.TotalCountMaybe)
		}

		// Leaving the group takes the group's status out of the results.
		gPost[specGroup](t, owner, "members/destroy", "list_id", g.IDStr, "uid", idString(member.ID))
		wantIDs(t, "former member", search(t, member.Client, "q", "公园"), theirs.ID, public.ID)
	})
}
