package sina_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func follow(t *testing.T, u *testkit.User, target int64) {
	t.Helper()
	mustOK(t, u.Post("/2/friendships/create.json", url.Values{"uid": {fmt.Sprint(target)}}))
}

func TestSearchSuggestions(t *testing.T) {
	k := testkit.Start(t)
	me := k.NewUser("我自己")
	zhang, zhangs, alice := k.NewUser("张小明"), k.NewUser("章三"), k.NewUser("Alice_W")
	follow(t, me, zhang.ID)
	follow(t, alice, zhangs.ID)
	follow(t, zhang, zhangs.ID)
	follow(t, alice, me.ID)

	users := func(q string, kv ...string) []sinaspec.UserSuggestion {
		t.Helper()
		return mustDecode[[]sinaspec.UserSuggestion](t, me.Get("/2/search/suggestions/users.json", reqParams(append([]string{"q", q}, kv...)...)))
	}
	// By name, pinyin, initials; the name itself first, then by followers.
	if got := users("张"); len(got) != 2 || got[0].UID != zhang.ID || got[1].UID != zhangs.ID {
		t.Fatalf("张: %+v", got)
	}
	if got := users("zhang"); len(got) != 2 || got[0].UID != zhangs.ID || got[0].FollowersCount != 2 {
		t.Fatalf("zhang (by followers): %+v", got)
	}
	if got := users("ZXM"); len(got) != 1 || got[0].UID != zhang.ID || got[0].ScreenName != "张小明" {
		t.Fatalf("zxm: %+v", got)
	}
	if got := users("ali", "count", "1"); len(got) != 1 || got[0].UID != alice.ID {
		t.Fatalf("ali: %+v", got)
	}
	if got := users("nobody"); len(got) != 0 {
		t.Fatalf("nobody: %+v", got)
	}
	mustFail(t, me.Client, me.Get("/2/search/suggestions/users.json", nil), 400, 10016, "q")
	mustFail(t, me.Client, me.Get("/2/search/suggestions/users.json", reqParams("q", "a", "count", "0")), 400, 10017, "count")

	// @-completion from the viewer's own circle.
	at := func(kv ...string) []sinaspec.AtUser {
		t.Helper()
		return mustDecode[[]sinaspec.AtUser](t, me.Get("/2/search/suggestions/at_users.json", reqParams(kv...)))
	}
	if got := at("q", "z", "type", "0"); len(got) != 1 || got[0].UID != zhang.ID || got[0].Nickname != "张小明" {
		t.Fatalf("at follows: %+v", got)
	}
	if got := at("q", "a", "type", "1"); len(got) != 1 || got[0].UID != alice.ID {
		t.Fatalf("at followers: %+v", got)
	}
	if got := at("q", "z", "type", "0", "range", "1"); len(got) != 0 {
		t.Fatalf("remarks only (none yet): %+v", got)
	}
	mustFail(t, me.Client, me.Get("/2/search/suggestions/at_users.json", reqParams("q", "z")), 400, 10016, "type")
	mustFail(t, me.Client, me.Get("/2/search/suggestions/at_users.json", reqParams("q", "z", "type", "2")), 400, 10017, "type")
	mustFail(t, me.Client, me.Get("/2/search/suggestions/at_users.json", reqParams("q", "z", "type", "0", "range", "3")), 400, 10017, "range")

	// Schools from the embedded list.
	schools := mustDecode[[]sinaspec.SchoolSuggestion](t, me.Get("/2/search/suggestions/schools.json", reqParams("q", "北京", "count", "3")))
	if len(schools) != 3 || schools[0].Location != "北京" || schools[0].Type != 1 || schools[0].ID == 0 {
		t.Fatalf("schools: %+v", schools)
	}
	mustFail(t, me.Client, me.Get("/2/search/suggestions/schools.json", reqParams("q", "北京", "type", "9")), 400, 10017, "type")

	// Companies from verification reasons users hold.
	ctx := context.Background()
	v := &domain.User{ID: 424242, ScreenName: "v", Verified: true, VerifiedReason: "新浪网 产品经理"}
	if err := k.App.Store.InTx(ctx, func(tx domain.Tx) error { return tx.CreateUser(ctx, v, &domain.Credentials{UserID: v.ID}) }); err != nil {
		t.Fatal(err)
	}
	cs := mustDecode[[]sinaspec.CompanySuggestion](t, me.Get("/2/search/suggestions/companies.json", reqParams("q", "新浪")))
	if len(cs) != 1 || cs[0].Suggestion != "新浪网" {
		t.Fatalf("companies: %+v", cs)
	}

	// Apps from the apps table, with their users.
	apps := mustDecode[[]sinaspec.AppSuggestion](t, me.Get("/2/search/suggestions/apps.json", reqParams("q", "TESTK")))
	if len(apps) != 1 || apps[0].AppsName != "testkit" || apps[0].MembersCount != 4 {
		t.Fatalf("apps: %+v", apps)
	}
}

func TestSearchTopics(t *testing.T) {
	k := testkit.Start(t)
	a, b := k.NewUser("aa"), k.NewUser("bb")
	s1 := post(t, a, "#周末去哪儿# 公园")
	postVisible(t, a, "#周末去哪儿# 私密", 1)
	s3 := post(t, b, "我也想知道 #周末去哪儿#")
	post(t, b, "#别的话题#")
	got := mustDecode[sinaspec.TopicStatuses](t, b.Get("/2/search/topics.json", reqParams("q", "周末去哪儿")))
	if len(got.Statuses) != 2 || got.Statuses[0].ID != s3.ID || got.Statuses[1].ID != s1.ID || got.TotalNumber != 2 {
		t.Fatalf("topics: %+v", got)
	}
	got = mustDecode[sinaspec.TopicStatuses](t, b.Get("/2/search/topics.json", reqParams("q", "#周末去哪儿#", "count", "1", "page", "2")))
	if len(got.Statuses) != 1 || got.Statuses[0].ID != s1.ID {
		t.Fatalf("topics page 2: %+v", got)
	}
	mustFail(t, b.Client, b.Get("/2/search/topics.json", nil), 400, 10016, "q")
}

func TestSuggestionsUsers(t *testing.T) {
	k := testkit.Start(t)
	me, f1, f2, star, fan := k.NewUser("me"), k.NewUser("f1"), k.NewUser("f2"), k.NewUser("star"), k.NewUser("fan")
	follow(t, me, f1.ID)
	follow(t, me, f2.ID)
	follow(t, f1, star.ID)
	follow(t, f2, star.ID)
	follow(t, f1, fan.ID)
	follow(t, fan, me.ID)
	follow(t, fan, f1.ID)
	post(t, star, "北京烤鸭真好吃，周末再去吃火锅")
	post(t, fan, "周末在公园跑步")
	k.Drain()

	// Friends of friends with the reason's uids and count; then a fan.
	may := mustDecode[[]sinaspec.Interest](t, me.Get("/2/suggestions/users/may_interested.json", nil))
	if len(may) != 2 || may[0].UID != idString(star.ID) || may[0].Reason["f"].N != 2 || len(may[0].Reason["f"].UID) != 2 {
		t.Fatalf("may_interested: %+v", may)
	}
	if may[1].UID != idString(fan.ID) {
		t.Fatalf("may_interested second: %+v", may[1])
	}
	if r, ok := may[1].Reason["f"]; !ok || r.N != 1 || r.UID[0] != idString(f1.ID) {
		t.Fatalf("fan is followed by f1: %+v", may[1])
	}
	page2 := mustDecode[[]sinaspec.Interest](t, me.Get("/2/suggestions/users/may_interested.json", reqParams("count", "1", "page", "2")))
	if len(page2) != 1 || page2[0].UID != idString(fan.ID) {
		t.Fatalf("may_interested page 2: %+v", page2)
	}

	// People who write about a status's words.
	by := mustDecode[sinaspec.Users](t, me.Get("/2/suggestions/users/by_status.json", reqParams("content", "想吃北京烤鸭")))
	if len(by.Users) != 1 || by.Users[0].ID != star.ID || by.TotalNumber != 1 {
		t.Fatalf("by_status: %+v", by)
	}
	mustFail(t, me.Client, me.Get("/2/suggestions/users/by_status.json", nil), 400, 10016, "content")

	// Hot users: the most followed and active, not those already followed.
	hot := mustDecode[[]sinaspec.User](t, me.Get("/2/suggestions/users/hot.json", nil))
	if len(hot) == 0 || hot[0].ID != star.ID {
		t.Fatalf("hot: %+v", hot)
	}
	for _, u := range hot {
		if u.ID == me.ID || u.ID == f1.ID || u.ID == f2.ID {
			t.Fatalf("hot suggests the viewer or a followee: %d", u.ID)
		}
	}
	food := mustDecode[[]sinaspec.User](t, me.Get("/2/suggestions/users/hot.json", reqParams("category", "food")))
	if len(food) != 1 || food[0].ID != star.ID {
		t.Fatalf("hot food (wrote about 烤鸭 …): %+v", food)
	}
	if got := mustDecode[[]sinaspec.User](t, me.Get("/2/suggestions/users/hot.json", reqParams("category", "no-such"))); len(got) != 0 {
		t.Fatalf("unknown category: %+v", got)
	}

	// Not interested: stored, and star is gone from every suggestion.
	var u sinaspec.User
	specMust(t, me.Post("/2/suggestions/users/not_interested.json", reqParams("uid", idString(star.ID))), &u)
	if u.ID != star.ID {
		t.Fatalf("not_interested answer: %+v", u)
	}
	may = mustDecode[[]sinaspec.Interest](t, me.Get("/2/suggestions/users/may_interested.json", nil))
	if len(may) != 1 || may[0].UID != idString(fan.ID) {
		t.Fatalf("may_interested after not_interested: %+v", may)
	}
	if by := mustDecode[sinaspec.Users](t, me.Get("/2/suggestions/users/by_status.json", reqParams("content", "北京烤鸭"))); len(by.Users) != 0 {
		t.Fatalf("by_status after not_interested: %+v", by)
	}
	for _, cat := range []string{"default", "food"} {
		for _, h := range mustDecode[[]sinaspec.User](t, me.Get("/2/suggestions/users/hot.json", reqParams("category", cat))) {
			if h.ID == star.ID {
				t.Fatalf("hot %s after not_interested", cat)
			}
		}
	}
	if got := mustDecode[[]sinaspec.UserSuggestion](t, me.Get("/2/search/suggestions/users.json", reqParams("q", "star"))); len(got) != 0 {
		t.Fatalf("search suggestions after not_interested: %+v", got)
	}
	mustFail(t, me.Client, me.Post("/2/suggestions/users/not_interested.json", nil), 400, 10016, "uid")
	mustFail(t, me.Client, me.Post("/2/suggestions/users/not_interested.json", reqParams("uid", "99999999")), 400, 20003, "")
	mustFail(t, me.Client, me.Post("/2/suggestions/users/not_interested.json", reqParams("uid", idString(me.ID))), 400, 10017, "uid")
}

func TestSuggestionsReorder(t *testing.T) {
	k := testkit.Start(t)
	me, liked, other := k.NewUser("me"), k.NewUser("liked"), k.NewUser("other")
	follow(t, me, liked.ID)
	follow(t, me, other.ID)
	old := post(t, liked, "很早的一条")
	// The viewer engages with liked: a comment on their status.
	mustOK(t, me.Post("/2/comments/create.json", reqParams("id", old.IDStr, "comment", "好")))
	l1 := post(t, liked, "新的一条")
	o1 := post(t, other, "更新的一条")
	k.Drain()

	got := mustDecode[sinaspec.ReorderedStatuses](t, me.Get("/2/suggestions/statuses/reorder.json", reqParams("section", "3600")))
	// liked's statuses first (the viewer comments on them; the commented one,
	// engaged with, before the newer one), other's last.
	if got.TotalNumber != 3 || len(got.Statuses) != 3 || got.Statuses[0].ID != old.ID || got.Statuses[1].ID != l1.ID ||
		got.Statuses[2].ID != o1.ID {
		ids := []int64{}
		for _, s := range got.Statuses {
			ids = append(ids, s.ID)
		}
		t.Fatalf("reorder: total %d ids %v (want %d %d %d)", got.TotalNumber, ids, old.ID, l1.ID, o1.ID)
	}
	idsGot := mustDecode[sinaspec.ReorderedIDs](t, me.Get("/2/suggestions/statuses/reorder/ids.json", reqParams("section", "3600", "count", "2")))
	if idsGot.TotalNumber != 3 || len(idsGot.Statuses) != 2 || idsGot.Statuses[0] != old.ID {
		t.Fatalf("reorder/ids: %+v", idsGot)
	}
	// A topic the viewer follows lifts the statuses carrying it: other's
	// new status about it passes liked's newer one (1.5 for the topic
	// against 2·ln 2 ≈ 1.39 for the viewer's one comment on liked), not the
	// commented one (which also has 0.5·ln 2 for that comment).
	mustDecode[map[string]int64](t, me.Post("/2/trends/follow.json", reqParams("trend_name", "火锅")))
	o2 := post(t, other, "今晚 #火锅# 走起")
	k.Drain()
	got = mustDecode[sinaspec.ReorderedStatuses](t, me.Get("/2/suggestions/statuses/reorder.json", reqParams("section", "3600")))
	if len(got.Statuses) != 4 || got.Statuses[0].ID != old.ID || got.Statuses[1].ID != o2.ID ||
		got.Statuses[2].ID != l1.ID || got.Statuses[3].ID != o1.ID {
		ids := []int64{}
		for _, s := range got.Statuses {
			ids = append(ids, s.ID)
		}
		t.Fatalf("reorder with a followed topic: %v (want %d %d %d %d)", ids, old.ID, o2.ID, l1.ID, o1.ID)
	}
	// The score is the documented formula.
	if s := core.InterestScore(0, 0, 0, 0); s != 1 {
		t.Fatalf("InterestScore of a fresh status with nothing else: %v", s)
	}
	mustFail(t, me.Client, me.Get("/2/suggestions/statuses/reorder.json", nil), 400, 10016, "section")
	mustFail(t, me.Client, me.Get("/2/suggestions/statuses/reorder.json", reqParams("section", "86401")), 400, 10017, "section")
	mustFail(t, me.Client, me.Get("/2/suggestions/statuses/reorder/ids.json", reqParams("section", "0")), 400, 10017, "section")

	// favorites/hot: nobody here has favourited anything (TestHotFavorites).
	if got := mustDecode[[]sinaspec.Status](t, me.Get("/2/suggestions/favorites/hot.json", nil)); len(got) != 0 {
		t.Fatalf("favorites/hot: %+v", got)
	}
	mustFail(t, me.Client, me.Get("/2/suggestions/favorites/hot.json", reqParams("page", "0")), 400, 10017, "page")
}
