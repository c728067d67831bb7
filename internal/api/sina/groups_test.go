package sina_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Tests of friendships/groups (groups.md) and of statuses posted to a
// group (visible=3), which only its members and the author see.

// specGroup is objects.md §8, every key required.
type specGroup struct {
	ID              int64          `json:"id"`
	IDStr           string         `json:"idstr"`
	Name            string         `json:"name"`
	Mode            string         `json:"mode"`
	Visible         int            `json:"visible"`
	LikeCount       int            `json:"like_count"`
	MemberCount     int            `json:"member_count"`
	Description     string         `json:"description"`
	Tags            []string       `json:"tags"`
	ProfileImageURL string         `json:"profile_image_url"`
	User            *sinaspec.User `json:"user"`
	CreatedAt       string         `json:"created_at"`
}

type specGroupList struct {
	Lists []specGroup `json:"lists"`
}

type specMemberIDs struct {
	Users          []int64 `json:"users"`
	IDs            []int64 `json:"ids"`
	NextCursor     int     `json:"next_cursor"`
	PreviousCursor int     `json:"previous_cursor"`
	TotalNumber    int     `json:"total_number"`
}

type specResult struct {
	Result bool `json:"result"`
}

func gPost[T any](t *testing.T, u *testkit.User, path string, kv ...string) T {
	t.Helper()
	return mustDecode[T](t, u.Post("/2/friendships/groups/"+path+".json", reqParams(kv...)))
}

func gGet[T any](t *testing.T, u *testkit.User, path string, kv ...string) T {
	t.Helper()
	p := "/2/friendships/groups.json"
	if path != "" {
		p = "/2/friendships/groups/" + path + ".json"
	}
	return mustDecode[T](t, u.Get(p, reqParams(kv...)))
}

func gFail(t *testing.T, u *testkit.User, method, path string, status, code int, kv ...string) {
	t.Helper()
	var r *testkit.Response
	if method == "POST" {
		r = u.Post("/2/friendships/groups/"+path+".json", reqParams(kv...))
	} else {
		r = u.Get("/2/friendships/groups/"+path+".json", reqParams(kv...))
	}
	mustFail(t, u.Client, r, status, code, "")
}

func TestGroupsLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		owner, m1, m2, stranger := k.NewUser("owner"), k.NewUser("m1"), k.NewUser("m2"), k.NewUser("stranger")
		fsFollow(t, owner, m1)
		fsFollow(t, owner, m2)

		g := gPost[specGroup](t, owner, "create", "name", "同学", "description", "大学同学", "tags", "校友,北京")
		if g.Name != "同学" || g.Mode != "private" || g.MemberCount != 0 || g.User.ID != owner.ID ||
			strings.Join(g.Tags, ",") != "校友,北京" || g.IDStr != idString(g.ID) {
			t.Fatalf("created group: %+v", g)
		}
		gFail(t, owner, "POST", "create", 400, 20608, "name", "同学")
		gFail(t, owner, "POST", "create", 400, 20601, "name", strings.Repeat("长", 11))
		gFail(t, owner, "POST", "create", 400, 20602, "name", "x", "description", strings.Repeat("长", 71))
		gFail(t, owner, "POST", "create", 400, 20605, "name", "x", "tags", strings.Repeat("t,", 10)+"t")
		gFail(t, owner, "POST", "create", 400, 10016, "description", "no name")
		gFail(t, owner, "POST", "create", 400, 10017, "name", "x", "mode", "secret")

		add := func(u *testkit.User) specGroup {
			return gPost[specGroup](t, owner, "members/add", "list_id", g.IDStr, "uid", idString(u.ID))
		}
		if got := add(m1); got.MemberCount != 1 {
			t.Fatalf("after adding: %+v", got)
		}
		gFail(t, owner, "POST", "members/add", 400, 20606, "list_id", g.IDStr, "uid", idString(m1.ID))
		gFail(t, owner, "POST", "members/add", 403, 20503, "list_id", g.IDStr, "uid", idString(stranger.ID))
		gFail(t, owner, "POST", "members/add", 400, 20003, "list_id", g.IDStr, "uid", "999999")
		gFail(t, owner, "POST", "members/add", 400, 20603, "list_id", "999999", "uid", idString(m2.ID))
		gFail(t, stranger, "POST", "members/add", 400, 20603, "list_id", g.IDStr, "uid", idString(m2.ID))
		got := gPost[specGroup](t, owner, "members/add_batch", "list_id", g.IDStr, "uids", idString(m2.ID),
			"group_descriptions", url.QueryEscape("室友"))
		if got.MemberCount != 2 {
			t.Fatalf("after add_batch: %+v", got)
		}

		members := gGet[sinaspec.Users](t, owner, "members", "list_id", g.IDStr)
		if ids := fsUserIDs(members.Users); len(ids) != 2 || ids[0] != m2.ID || ids[1] != m1.ID || members.TotalNumber != 2 {
			t.Fatalf("members: %v (total %d)", ids, members.TotalNumber)
		}
		mids := gGet[specMemberIDs](t, owner, "members/ids", "list_id", g.IDStr, "count", "1")
		if len(mids.Users) != 1 || mids.Users[0] != m2.ID || mids.NextCursor != 1 || mids.TotalNumber != 2 {
			t.Fatalf("members/ids: %+v", mids)
		}
		gFail(t, owner, "GET", "members", 400, 20603, "list_id", g.IDStr, "uid", idString(stranger.ID))
		gFail(t, stranger, "GET", "members", 400, 20603, "list_id", g.IDStr)
		gPost[specGroup](t, owner, "members/update", "list_id", g.IDStr, "uid", idString(m1.ID), "group_description", url.QueryEscape("老友"))
		gFail(t, owner, "POST", "members/update", 400, 10017, "list_id", g.IDStr, "uid", idString(stranger.ID), "group_description", "x")
		notes := gGet[[]struct {
			UID         int64  `json:"uid"`
			Description string `json:"description"`
		}](t, owner, "members/description", "list_id", g.IDStr, "uids", idString(m1.ID)+","+idString(m2.ID)+","+idString(stranger.ID))
		if len(notes) != 2 || notes[0].Description != "老友" || notes[1].Description != "室友" {
			t.Fatalf("members/description: %+v", notes)
		}
		if r := gGet[specResult](t, owner, "is_member", "list_id", g.IDStr, "uid", idString(m1.ID)); !r.Result {
			t.Fatal("is_member of a member: false")
		}
		if r := gGet[specResult](t, owner, "is_member", "list_id", g.IDStr, "uid", idString(stranger.ID)); r.Result {
			t.Fatal("is_member of a stranger: true")
		}
		gFail(t, owner, "GET", "is_member", 400, 10016, "list_id", g.IDStr)

		g2 := gPost[specGroup](t, owner, "create", "name", "Work", "mode", "public", "visible", "1")
		if g2.Mode != "public" || g2.Visible != 1 {
			t.Fatalf("public group: %+v", g2)
		}
		add2 := gPost[specGroup](t, owner, "members/add", "list_id", g2.IDStr, "uid", idString(m1.ID))
		if add2.MemberCount != 1 {
			t.Fatalf("second group: %+v", add2)
		}
		listed := gGet[[]struct {
			UID   int64 `json:"uid"`
			Lists []struct {
				ID    int64  `json:"id"`
				IDStr string `json:"idstr"`
				Name  string `json:"name"`
			} `json:"lists"`
		}](t, owner, "listed", "uids", idString(m1.ID)+","+idString(stranger.ID))
		if len(listed) != 2 || len(listed[0].Lists) != 2 || listed[0].Lists[0].ID != g.ID || len(listed[1].Lists) != 0 {
			t.Fatalf("listed: %+v", listed)
		}

		// Order, and who sees which group.
		gPost[specResult](t, owner, "order", "list_ids", g2.IDStr+","+g.IDStr, "count", "2")
		gFail(t, owner, "POST", "order", 400, 10017, "list_ids", g2.IDStr, "count", "1")
		gFail(t, owner, "POST", "order", 400, 10017, "list_ids", g2.IDStr+","+g.IDStr, "count", "3")
		all := gGet[specGroupList](t, owner, "")
		if len(all.Lists) != 2 || all.Lists[0].ID != g2.ID || all.Lists[1].ID != g.ID {
			t.Fatalf("groups in order: %+v", all.Lists)
		}
		if l := gGet[specGroupList](t, stranger, "", "uid", idString(owner.ID)); len(l.Lists) != 1 || l.Lists[0].ID != g2.ID {
			t.Fatalf("another's groups: only the public one, got %+v", l.Lists)
		}
		if l := gGet[specGroupList](t, owner, "", "mode", "private"); len(l.Lists) != 1 || l.Lists[0].ID != g.ID {
			t.Fatalf("mode=private: %+v", l.Lists)
		}
		gGet[specGroup](t, stranger, "show", "list_id", g2.IDStr)
		gFail(t, stranger, "GET", "show", 400, 20603, "list_id", g.IDStr)
		batch := gGet[specGroupList](t, stranger, "show_batch", "list_ids", g.IDStr+","+g2.IDStr, "uids", idString(owner.ID)+","+idString(owner.ID))
		if len(batch.Lists) != 1 || batch.Lists[0].ID != g2.ID {
			t.Fatalf("show_batch for a stranger: %+v", batch.Lists)
		}
		gFail(t, stranger, "GET", "show_batch", 400, 10017, "list_ids", g.IDStr+","+g2.IDStr, "uids", idString(owner.ID))
		gFail(t, stranger, "GET", "show_batch", 400, 20009, "list_ids", strings.Repeat(g.IDStr+",", 20)+g.IDStr, "uids", idString(owner.ID))
		gFail(t, stranger, "POST", "update", 403, 20604, "list_id", g2.IDStr, "name", "mine")

		up := gPost[specGroup](t, owner, "update", "list_id", g.IDStr, "name", "老同学", "description", "")
		if up.Name != "老同学" || up.Description != "" || len(up.Tags) != 2 {
			t.Fatalf("update: %+v", up)
		}
		gFail(t, owner, "POST", "update", 400, 10016, "list_id", g.IDStr)
		gFail(t, owner, "POST", "update", 400, 20608, "list_id", g.IDStr, "name", "work")

		// Unfollowing takes the user out of every group.
		owner.Must(owner.Post("/2/friendships/destroy.json", reqParams("uid", idString(m1.ID))), nil)
		if g := gGet[specGroup](t, owner, "show", "list_id", g.IDStr); g.MemberCount != 1 {
			t.Fatalf("member_count after unfollowing a member: %d", g.MemberCount)
		}
		if r := gGet[specResult](t, owner, "is_member", "list_id", g2.IDStr, "uid", idString(m1.ID)); r.Result {
			t.Fatal("still a member after the unfollow")
		}
		gPost[specGroup](t, owner, "members/destroy", "list_id", g.IDStr, "uid", idString(m2.ID))
		gFail(t, owner, "POST", "members/destroy", 400, 10017, "list_id", g.IDStr, "uid", idString(m2.ID))
		d := gPost[specGroup](t, owner, "destroy", "list_id", g.IDStr)
		if d.ID != g.ID {
			t.Fatalf("destroy answered %+v", d)
		}
		gFail(t, owner, "GET", "show", 400, 20603, "list_id", g.IDStr)
		gFail(t, owner, "POST", "destroy", 400, 20603, "list_id", g.IDStr)
	})
}

func TestGroupsLimitAndScopes(t *testing.T) {
	k := testkit.Start(t)
	owner := k.NewUser("owner")
	for i := range 20 {
		gPost[specGroup](t, owner, "create", "name", "g"+idString(int64(i)))
	}
	gFail(t, owner, "POST", "create", 403, 20614, "name", "one too many")

	none := k.NewUserScoped("", "noscope")
	readOnly := k.NewUserScoped("friendships_groups_read", "reader")
	gFail(t, none, "GET", "show", 403, 10014, "list_id", "1")
	mustFail(t, none.Client, none.Get("/2/friendships/groups.json", nil), 403, 10014, "")
	gFail(t, readOnly, "POST", "create", 403, 10014, "name", "x")
	mustDecode[specGroupList](t, readOnly.Get("/2/friendships/groups.json", nil))
	mustFail(t, none.Client, none.Get("/2/statuses/to_me.json", nil), 403, 10014, "")
}

func TestGroupTimelineAndVisibleToGroup(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		owner, member, outsider := k.NewUser("owner"), k.NewUser("member"), k.NewUser("outsider")
		fsFollow(t, owner, member)
		fsFollow(t, member, owner)
		fsFollow(t, outsider, owner)
		fsFollow(t, owner, outsider)
		g := gPost[specGroup](t, owner, "create", "name", "inner")
		gPost[specGroup](t, owner, "members/add", "list_id", g.IDStr, "uid", idString(member.ID))

		// The group's timeline: its members' statuses, not the others'.
		ms := post(t, member, "member speaks")
		post(t, outsider, "outsider speaks")
		k.Drain()
		tl := mustDecode[sinaspec.Timeline](t, owner.Get("/2/friendships/groups/timeline.json", reqParams("list_id", g.IDStr)))
		if ids := timelineIDs(tl); len(ids) != 1 || ids[0] != ms.ID {
			t.Fatalf("group timeline: %v", ids)
		}
		ms2 := post(t, member, "member again")
		k.Drain()
		tl = mustDecode[sinaspec.Timeline](t, owner.Get("/2/friendships/groups/timeline.json", reqParams("list_id", g.IDStr)))
		if ids := timelineIDs(tl); len(ids) != 2 || ids[0] != ms2.ID {
			t.Fatalf("group timeline after a push: %v", ids)
		}
		before := k.App.SQL.Queries()
		mustDecode[sinaspec.Timeline](t, owner.Get("/2/friendships/groups/timeline.json", reqParams("list_id", g.IDStr)))
		if n := k.App.SQL.Queries() - before; n != 0 {
			t.Errorf("warm group timeline ran %d SQL statements", n)
		}
		ids := mustDecode[sinaspec.IDTimeline](t, owner.Get("/2/friendships/groups/timeline/ids.json", reqParams("list_id", g.IDStr, "count", "1")))
		if got := ids.IDs(); len(got) != 1 || got[0] != ms2.ID {
			t.Fatalf("group timeline ids: %v", got)
		}
		mustFail(t, outsider.Client, outsider.Get("/2/friendships/groups/timeline.json", reqParams("list_id", g.IDStr)), 400, 20603, "")
		mustFail(t, owner.Client, owner.Get("/2/friendships/groups/timeline.json", nil), 400, 10016, "")

		// A status posted to the group: members and author only, everywhere.
		gs := mustDecode[sinaspec.Status](t, owner.Post("/2/statuses/update.json", reqParams("status", "@member @outsider for the group",
			"visible", "3", "list_id", g.IDStr)))
		if gs.Visible.Type != 3 || gs.Visible.ListID != g.ID {
			t.Fatalf("visible: %+v", gs.Visible)
		}
		mustFail(t, member.Client, member.Post("/2/statuses/update.json", reqParams("status", "not mine", "visible", "3", "list_id", g.IDStr)), 400, 20603, "")
		mustFail(t, owner.Client, owner.Post("/2/statuses/update.json", reqParams("status", "no list", "visible", "3")), 400, 10016, "")
		k.Drain()
		has := func(u *testkit.User, path string, kv ...string) bool {
			t.Helper()
			for _, id := range timelineIDs(mustDecode[sinaspec.Timeline](t, u.Get(path, reqParams(kv...)))) {
				if id == gs.ID {
					return true
				}
			}
			return false
		}
		if !has(member, "/2/statuses/home_timeline.json") {
			t.Fatal("the member's home lacks the group status")
		}
		// The second read is warm: windows, statuses, users, relationships
		// and group memberships all cached.
		before = k.App.SQL.Queries()
		has(member, "/2/statuses/home_timeline.json")
		if n := k.App.SQL.Queries() - before; n != 0 {
			t.Errorf("warm home timeline with a group status ran %d SQL statements", n)
		}
		if has(outsider, "/2/statuses/home_timeline.json") {
			t.Fatal("the outsider's home holds the group status")
		}
		if !has(member, "/2/statuses/user_timeline.json", "uid", idString(owner.ID)) || has(outsider, "/2/statuses/user_timeline.json", "uid", idString(owner.ID)) {
			t.Fatal("user_timeline")
		}
		if !has(member, "/2/statuses/mentions.json") || has(outsider, "/2/statuses/mentions.json") {
			t.Fatal("mentions")
		}
		if unread(t, outsider).MentionStatus != 0 || unread(t, member).MentionStatus != 1 {
			t.Fatalf("mention counters: member %d outsider %d", unread(t, member).MentionStatus, unread(t, outsider).MentionStatus)
		}
		if !has(member, "/2/statuses/to_me.json") || has(outsider, "/2/statuses/to_me.json") {
			t.Fatal("to_me")
		}
		toMe := mustDecode[sinaspec.IDTimeline](t, member.Get("/2/statuses/to_me/ids.json", nil))
		if got := toMe.IDs(); len(got) != 1 || got[0] != gs.ID {
			t.Fatalf("to_me/ids: %v", got)
		}
		mustDecode[sinaspec.Status](t, member.Get("/2/statuses/show.json", reqParams("id", gs.IDStr)))
		mustFail(t, outsider.Client, outsider.Get("/2/statuses/show.json", reqParams("id", gs.IDStr)), 400, 20101, "")
		mustDecode[sinaspec.Comment](t, member.Post("/2/comments/create.json", reqParams("id", gs.IDStr, "comment", "seen")))
		mustFail(t, outsider.Client, outsider.Post("/2/comments/create.json", reqParams("id", gs.IDStr, "comment", "me?")), 400, 20101, "")
		mustFail(t, outsider.Client, outsider.Get("/2/comments/show.json", reqParams("id", gs.IDStr)), 400, 20101, "")
		if c := mustDecode[[]sinaspec.StatusCount](t, outsider.Get("/2/statuses/count.json", reqParams("ids", gs.IDStr))); len(c) != 0 {
			t.Fatalf("statuses/count for the outsider: %+v", c)
		}
		if c := mustDecode[[]sinaspec.StatusCount](t, member.Get("/2/statuses/count.json", reqParams("ids", gs.IDStr))); len(c) != 1 || c[0].Comments != 1 {
			t.Fatalf("statuses/count for the member: %+v", c)
		}
		mustFail(t, member.Client, member.Post("/2/statuses/repost.json", reqParams("id", gs.IDStr)), 403, 20508, "")

		// Leaving the group ends the sight; so does deleting it.
		gPost[specGroup](t, owner, "members/destroy", "list_id", g.IDStr, "uid", idString(member.ID))
		mustFail(t, member.Client, member.Get("/2/statuses/show.json", reqParams("id", gs.IDStr)), 400, 20101, "")
		if has(member, "/2/statuses/home_timeline.json") {
			t.Fatal("a former member's home holds the group status")
		}
		gPost[specGroup](t, owner, "destroy", "list_id", g.IDStr)
		mustDecode[sinaspec.Status](t, owner.Get("/2/statuses/show.json", reqParams("id", gs.IDStr)))
	})
}
