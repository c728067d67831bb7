package storetest

import (
	"github.com/weibo-server/weibo/internal/domain"
)

// testBlocks: blocks are kept, listed newest first, part of both users'
// relationships, and hide the statuses between the two on every timeline.
func testBlocks(f *fx) {
	us := f.users("a", "b", "c", "d")
	a, b, c, d := us[0], us[1], us[2], us[3]
	pub := f.status(b.ID, func(s *domain.Status) { s.Text = "b public" })
	f.tx(func(tx domain.Tx) error {
		return tx.InsertStatus(f.ctx, &domain.Status{ID: f.id(), UserID: b.ID, AppID: 1, Text: "@a", CreatedAt: f.tick()}, []int64{a.ID}, nil, nil)
	})
	mention := f.next
	byA := f.status(a.ID)
	onB := f.comment(pub.ID, c.ID, 0)

	f.tx(func(tx domain.Tx) error { return tx.Block(f.ctx, a.ID, b.ID, f.tick()) })
	f.tx(func(tx domain.Tx) error { return tx.Block(f.ctx, a.ID, c.ID, f.tick()) })
	f.tx(func(tx domain.Tx) error { return tx.Block(f.ctx, d.ID, a.ID, f.tick()) })
	err := f.txErr(func(tx domain.Tx) error { return tx.Block(f.ctx, a.ID, b.ID, f.tick()) })
	f.kind("Block twice", err, domain.KindConflict, domain.ReasonNone)

	ids, total, err := f.s.BlockedIDs(f.ctx, a.ID, domain.Cursor{Count: 10})
	f.ok("BlockedIDs", err)
	f.eq("BlockedIDs newest first", []int64{c.ID, b.ID}, ids)
	f.eq("BlockedIDs total", 2, total)
	ids, total, err = f.s.BlockedIDs(f.ctx, a.ID, domain.Cursor{Cursor: 1, Count: 1})
	f.ok("BlockedIDs page 2", err)
	f.eq("BlockedIDs page 2", []int64{b.ID}, ids)
	f.eq("BlockedIDs page 2 total", 2, total)
	_, total, err = f.s.BlockedIDs(f.ctx, a.ID, domain.Cursor{Count: 0})
	f.ok("BlockedIDs count only", err)
	f.eq("BlockedIDs count only", 2, total)

	rels, err := f.s.Relationships(f.ctx, a.ID, []int64{b.ID, d.ID})
	f.ok("Relationships", err)
	f.eq("Relationships of the blocker", map[int64]domain.Relationship{b.ID: {Blocking: true}, d.ID: {BlockedBy: true}}, rels)
	rels, err = f.s.Relationships(f.ctx, b.ID, []int64{a.ID})
	f.ok("Relationships", err)
	f.eq("Relationships of the blocked", map[int64]domain.Relationship{a.ID: {BlockedBy: true}}, rels)

	// Neither sees the other's statuses, whichever blocked whom.
	got, n, err := f.s.UserStatusIDs(f.ctx, b.ID, q(a.ID, 10))
	f.ok("UserStatusIDs", err)
	f.eq("blocker reading the blocked", []int64(nil), got)
	f.eq("blocker reading the blocked: total", 0, n)
	got, _, err = f.s.UserStatusIDs(f.ctx, a.ID, q(b.ID, 10))
	f.ok("UserStatusIDs", err)
	f.eq("blocked reading the blocker", []int64(nil), got)
	got, _, err = f.s.UserStatusIDs(f.ctx, a.ID, q(c.ID+1000, 10))
	f.ok("UserStatusIDs", err)
	f.eq("a stranger still reads", []int64{byA.ID}, got)
	got, _, err = f.s.UserStatusIDs(f.ctx, a.ID, q(a.ID, 10))
	f.ok("UserStatusIDs", err)
	f.eq("the author still reads", []int64{byA.ID}, got)
	got, err = f.s.StatusIDsAmong(f.ctx, []int64{pub.ID, byA.ID}, q(a.ID, 0))
	f.ok("StatusIDsAmong", err)
	f.eq("search candidates", []int64{byA.ID}, got)
	got, _, err = f.s.MentionStatusIDs(f.ctx, a.ID, q(a.ID, 10))
	f.ok("MentionStatusIDs", err)
	f.eq("mentions by the blocked", []int64(nil), got)
	cids, _, err := f.s.CommentsOnStatus(f.ctx, pub.ID, domain.CommentQuery{Viewer: a.ID, Page: domain.Page{Count: 10}})
	f.ok("CommentsOnStatus", err)
	f.eq("comments on the blocked's status", []int64(nil), cids)
	latest, err := f.s.LatestStatusIDs(f.ctx, []int64{a.ID, b.ID}, d.ID)
	f.ok("LatestStatusIDs", err)
	f.eq("LatestStatusIDs for the blocker of a", map[int64]int64{b.ID: mention}, latest)

	f.tx(func(tx domain.Tx) error { return tx.Unblock(f.ctx, a.ID, b.ID) })
	err = f.txErr(func(tx domain.Tx) error { return tx.Unblock(f.ctx, a.ID, b.ID) })
	f.kind("Unblock twice", err, domain.KindNotFound, domain.ReasonNone)
	rels, err = f.s.Relationships(f.ctx, a.ID, []int64{b.ID})
	f.ok("Relationships", err)
	f.eq("Relationships after unblock", map[int64]domain.Relationship{b.ID: {}}, rels)
	got, _, err = f.s.UserStatusIDs(f.ctx, b.ID, q(a.ID, 10))
	f.ok("UserStatusIDs", err)
	f.eq("after unblock", []int64{mention, pub.ID}, got)
	cids, _, err = f.s.CommentsOnStatus(f.ctx, pub.ID, domain.CommentQuery{Viewer: a.ID, Page: domain.Page{Count: 10}})
	f.ok("CommentsOnStatus", err)
	f.eq("comments after unblock", []int64{onB.ID}, cids)
}

// testPrivacy: privacy settings are kept on the user as created, replaced
// whole by SetPrivacy, and read back by every user lookup.
func testPrivacy(f *fx) {
	a := &domain.User{ID: f.id(), ScreenName: "a", Email: "a@example.com", CreatedAt: f.tick(), Privacy: domain.DefaultPrivacy()}
	f.tx(func(tx domain.Tx) error { return tx.CreateUser(f.ctx, a, &domain.Credentials{UserID: a.ID}) })
	got, err := f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID", err)
	f.eq("privacy as created", domain.DefaultPrivacy(), got.Privacy)

	p := domain.Privacy{Comment: domain.PrivacyTrusted, Message: domain.PrivacyFollowed, RealName: true, WebIM: true}
	f.tx(func(tx domain.Tx) error { return tx.SetPrivacy(f.ctx, a.ID, p) })
	got, err = f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID", err)
	f.eq("privacy after SetPrivacy", p, got.Privacy)
	byEmail, err := f.s.UserByEmail(f.ctx, "a@example.com")
	f.ok("UserByEmail", err)
	f.eq("privacy by e-mail", p, byEmail.Privacy)
	many, err := f.s.UsersByIDs(f.ctx, []int64{a.ID})
	f.ok("UsersByIDs", err)
	f.eq("privacy in a batch", p, many[a.ID].Privacy)

	err = f.txErr(func(tx domain.Tx) error { return tx.SetPrivacy(f.ctx, 999_999, p) })
	f.kind("SetPrivacy of no one", err, domain.KindNotFound, domain.ReasonUserNotFound)
}

func (f *fx) group(owner int64, name string) *domain.Group {
	f.t.Helper()
	g := &domain.Group{ID: f.id(), OwnerID: owner, Name: name, CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.CreateGroup(f.ctx, g) })
	return g
}

func (f *fx) addMember(g *domain.Group, uids ...int64) {
	f.t.Helper()
	f.tx(func(tx domain.Tx) error {
		for _, u := range uids {
			if err := tx.AddGroupMember(f.ctx, &domain.GroupMember{GroupID: g.ID, UserID: u, CreatedAt: f.tick()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// testGroups: friend groups, their members, order and counts.
func testGroups(f *fx) {
	us := f.users("owner", "m1", "m2", "m3", "other")
	owner, m1, m2, m3, other := us[0], us[1], us[2], us[3], us[4]
	g1 := &domain.Group{ID: f.id(), OwnerID: owner.ID, Name: "同学", Description: "d", Tags: []string{"a", "b"},
		Public: true, MembersPublic: true, CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.CreateGroup(f.ctx, g1) })
	g2 := f.group(owner.ID, "Work")
	g3 := f.group(other.ID, "work") // another owner may use the name
	err := f.txErr(func(tx domain.Tx) error {
		return tx.CreateGroup(f.ctx, &domain.Group{ID: f.id(), OwnerID: owner.ID, Name: "WORK", CreatedAt: f.tick()})
	})
	f.kind("CreateGroup duplicate name", err, domain.KindConflict, domain.ReasonListNameTaken)

	got, err := f.s.GroupByID(f.ctx, g1.ID)
	f.ok("GroupByID", err)
	f.eq("GroupByID", g1, got)
	_, err = f.s.GroupByID(f.ctx, 999_999)
	f.kind("GroupByID missing", err, domain.KindNotFound, domain.ReasonListNotFound)
	byIDs, err := f.s.GroupsByIDs(f.ctx, []int64{g2.ID, g3.ID, 999_999})
	f.ok("GroupsByIDs", err)
	f.eq("GroupsByIDs", map[int64]*domain.Group{g2.ID: g2, g3.ID: g3}, byIDs)

	f.addMember(g1, m1.ID, m2.ID)
	f.addMember(g2, m2.ID)
	err = f.txErr(func(tx domain.Tx) error {
		return tx.AddGroupMember(f.ctx, &domain.GroupMember{GroupID: g1.ID, UserID: m1.ID, CreatedAt: f.tick()})
	})
	f.kind("AddGroupMember twice", err, domain.KindConflict, domain.ReasonListMemberTaken)
	err = f.txErr(func(tx domain.Tx) error {
		return tx.AddGroupMember(f.ctx, &domain.GroupMember{GroupID: 999_999, UserID: m1.ID, CreatedAt: f.tick()})
	})
	f.kind("AddGroupMember to no group", err, domain.KindNotFound, domain.ReasonListNotFound)

	ids, total, err := f.s.GroupMemberIDs(f.ctx, g1.ID, domain.Cursor{Count: 10})
	f.ok("GroupMemberIDs", err)
	f.eq("GroupMemberIDs newest first", []int64{m2.ID, m1.ID}, ids)
	f.eq("GroupMemberIDs total", 2, total)
	got, _ = f.s.GroupByID(f.ctx, g1.ID)
	f.eq("member_count", 2, got.MemberCount)

	f.tx(func(tx domain.Tx) error { return tx.SetGroupMemberNote(f.ctx, g1.ID, m1.ID, "老同学") })
	err = f.txErr(func(tx domain.Tx) error { return tx.SetGroupMemberNote(f.ctx, g1.ID, m3.ID, "x") })
	f.kind("SetGroupMemberNote of a non-member", err, domain.KindNotFound, domain.ReasonNone)
	ms, err := f.s.GroupMembers(f.ctx, g1.ID, []int64{m1.ID, m3.ID})
	f.ok("GroupMembers", err)
	if len(ms) != 1 || ms[m1.ID] == nil || ms[m1.ID].Description != "老同学" {
		f.t.Errorf("GroupMembers: %+v", ms)
	}

	listed, err := f.s.GroupsListing(f.ctx, owner.ID, []int64{m1.ID, m2.ID, m3.ID})
	f.ok("GroupsListing", err)
	f.eq("GroupsListing", map[int64][]int64{m1.ID: {g1.ID}, m2.ID: {g1.ID, g2.ID}}, listed)
	in, err := f.s.InGroups(f.ctx, m2.ID, []int64{g1.ID, g2.ID, g3.ID})
	f.ok("InGroups", err)
	f.eq("InGroups", map[int64]bool{g1.ID: true, g2.ID: true, g3.ID: false}, in)
	refs, err := f.s.GroupsContaining(f.ctx, m2.ID, 0, 10)
	f.ok("GroupsContaining", err)
	f.eq("GroupsContaining", []domain.GroupRef{{ID: g1.ID, OwnerID: owner.ID}, {ID: g2.ID, OwnerID: owner.ID}}, refs)
	refs, err = f.s.GroupsContaining(f.ctx, m2.ID, g1.ID, 10)
	f.ok("GroupsContaining after", err)
	f.eq("GroupsContaining after", []domain.GroupRef{{ID: g2.ID, OwnerID: owner.ID}}, refs)

	// Order: as set, then by id.
	f.tx(func(tx domain.Tx) error { return tx.SetGroupPositions(f.ctx, owner.ID, []int64{g2.ID, g1.ID}) })
	gs, err := f.s.GroupsOf(f.ctx, owner.ID)
	f.ok("GroupsOf", err)
	if len(gs) != 2 || gs[0].ID != g2.ID || gs[1].ID != g1.ID {
		f.t.Errorf("GroupsOf after ordering: %+v", gs)
	}

	g2.Name, g2.Description, g2.Tags = "工作", "colleagues", []string{"t"}
	f.tx(func(tx domain.Tx) error { return tx.UpdateGroup(f.ctx, g2) })
	got, _ = f.s.GroupByID(f.ctx, g2.ID)
	if got.Name != "工作" || got.Description != "colleagues" || len(got.Tags) != 1 {
		f.t.Errorf("UpdateGroup: %+v", got)
	}
	g2.Name = "同学"
	err = f.txErr(func(tx domain.Tx) error { return tx.UpdateGroup(f.ctx, g2) })
	f.kind("UpdateGroup to a taken name", err, domain.KindConflict, domain.ReasonListNameTaken)

	left, err := func() ([]int64, error) {
		var out []int64
		err := f.txErr(func(tx domain.Tx) error {
			var err error
			out, err = tx.LeaveOwnerGroups(f.ctx, owner.ID, m2.ID)
			return err
		})
		return out, err
	}()
	f.ok("LeaveOwnerGroups", err)
	f.eq("LeaveOwnerGroups", []int64{g1.ID, g2.ID}, newestLast(left))
	got, _ = f.s.GroupByID(f.ctx, g1.ID)
	f.eq("member_count after leaving", 1, got.MemberCount)
	err = f.txErr(func(tx domain.Tx) error { return tx.RemoveGroupMember(f.ctx, g1.ID, m2.ID) })
	f.kind("RemoveGroupMember of a non-member", err, domain.KindNotFound, domain.ReasonNone)
	f.tx(func(tx domain.Tx) error { return tx.RemoveGroupMember(f.ctx, g1.ID, m1.ID) })
	got, _ = f.s.GroupByID(f.ctx, g1.ID)
	f.eq("member_count after removing", 0, got.MemberCount)

	f.addMember(g1, m3.ID)
	f.tx(func(tx domain.Tx) error { return tx.DeleteGroup(f.ctx, g1.ID) })
	_, err = f.s.GroupByID(f.ctx, g1.ID)
	f.kind("GroupByID deleted", err, domain.KindNotFound, domain.ReasonListNotFound)
	in, err = f.s.InGroups(f.ctx, m3.ID, []int64{g1.ID})
	f.ok("InGroups after delete", err)
	f.eq("InGroups after delete", map[int64]bool{g1.ID: false}, in)
	err = f.txErr(func(tx domain.Tx) error { return tx.DeleteGroup(f.ctx, g1.ID) })
	f.kind("DeleteGroup twice", err, domain.KindNotFound, domain.ReasonNone)
}

func newestLast(ids []int64) []int64 {
	out := newestFirst(ids)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// testGroupVisibility: a status posted to a group is seen by its members
// and its author on every timeline, by no one else; the group's timeline
// holds its members' statuses as its owner may see them; to_me holds what
// followed authors posted to an audience the reader is in.
func testGroupVisibility(f *fx) {
	us := f.users("author", "member", "outsider", "friend")
	author, member, outsider, friend := us[0], us[1], us[2], us[3]
	f.follow(author.ID, member.ID, member.ID, author.ID, outsider.ID, author.ID, author.ID, friend.ID, friend.ID, author.ID)
	g := f.group(author.ID, "inner")
	f.addMember(g, member.ID)
	pub := f.status(author.ID)
	toGroup := f.status(author.ID, func(s *domain.Status) { s.Visible = domain.Visibility{Type: domain.VisibleGroup, ListID: g.ID} })
	close := f.status(author.ID, visible(domain.VisibleCloseFriends))
	f.tx(func(tx domain.Tx) error {
		return tx.InsertStatus(f.ctx, &domain.Status{ID: f.id(), UserID: author.ID, AppID: 1, Text: "@all", CreatedAt: f.tick(),
			Visible: domain.Visibility{Type: domain.VisibleGroup, ListID: g.ID}}, []int64{member.ID, outsider.ID}, nil, nil)
	})
	mention := f.next

	for _, v := range []struct {
		name string
		id   int64
		want []int64
	}{
		{"author", author.ID, []int64{mention, close.ID, toGroup.ID, pub.ID}},
		{"member", member.ID, []int64{mention, close.ID, toGroup.ID, pub.ID}},
		{"outsider", outsider.ID, []int64{pub.ID}},
		{"friend", friend.ID, []int64{close.ID, pub.ID}},
		{"anonymous", 0, []int64{pub.ID}},
	} {
		got, n, err := f.s.UserStatusIDs(f.ctx, author.ID, q(v.id, 20))
		f.ok("UserStatusIDs", err)
		f.eq("UserStatusIDs "+v.name, v.want, got)
		f.eq("UserStatusIDs total "+v.name, len(v.want), n)
		got, err = f.s.StatusIDsAmong(f.ctx, []int64{pub.ID, toGroup.ID, close.ID, mention}, q(v.id, 0))
		f.ok("StatusIDsAmong", err)
		f.eq("StatusIDsAmong "+v.name, v.want, got)
		if v.id != 0 && v.id != author.ID {
			got, err = f.s.HomeStatusIDs(f.ctx, v.id, q(v.id, 20))
			f.ok("HomeStatusIDs", err)
			f.eq("HomeStatusIDs "+v.name, v.want, got)
		}
	}
	got, _, err := f.s.MentionStatusIDs(f.ctx, member.ID, q(member.ID, 20))
	f.ok("MentionStatusIDs", err)
	f.eq("mentions of a member", []int64{mention}, got)
	got, _, err = f.s.MentionStatusIDs(f.ctx, outsider.ID, q(outsider.ID, 20))
	f.ok("MentionStatusIDs", err)
	f.eq("mentions of an outsider", []int64(nil), got)
	f.comment(toGroup.ID, member.ID, 0)
	cids, _, err := f.s.CommentsOnStatus(f.ctx, toGroup.ID, domain.CommentQuery{Viewer: outsider.ID, Page: domain.Page{Count: 10}})
	f.ok("CommentsOnStatus", err)
	f.eq("comments on a group status, outsider", []int64(nil), cids)
	cids, _, err = f.s.CommentsOnStatus(f.ctx, toGroup.ID, domain.CommentQuery{Viewer: member.ID, Page: domain.Page{Count: 10}})
	f.ok("CommentsOnStatus", err)
	f.eq("comments on a group status, member", 1, len(cids))

	got, err = f.s.ToMeStatusIDs(f.ctx, member.ID, q(member.ID, 20))
	f.ok("ToMeStatusIDs", err)
	f.eq("to_me of the member", []int64{mention, close.ID, toGroup.ID}, got)
	got, err = f.s.ToMeStatusIDs(f.ctx, friend.ID, q(friend.ID, 20))
	f.ok("ToMeStatusIDs", err)
	f.eq("to_me of the close friend", []int64{close.ID}, got)
	got, err = f.s.ToMeStatusIDs(f.ctx, outsider.ID, q(outsider.ID, 20))
	f.ok("ToMeStatusIDs", err)
	f.eq("to_me of an outsider", []int64(nil), got)

	// A group timeline: statuses of the members, as the owner sees them.
	mine := f.status(member.ID)
	secret := f.status(member.ID, visible(domain.VisiblePrivate))
	_ = secret
	og := f.group(outsider.ID, "watch")
	f.addMember(og, author.ID, member.ID)
	got, err = f.s.GroupStatusIDs(f.ctx, og.ID, q(outsider.ID, 20))
	f.ok("GroupStatusIDs", err)
	f.eq("GroupStatusIDs", []int64{mine.ID, pub.ID}, got)
	got, err = f.s.GroupStatusIDs(f.ctx, og.ID, domain.StatusQuery{Viewer: outsider.ID, Page: domain.Page{Count: 1, Page: 2}})
	f.ok("GroupStatusIDs page 2", err)
	f.eq("GroupStatusIDs page 2", []int64{pub.ID}, got)

	// Leaving the group ends the sight.
	f.tx(func(tx domain.Tx) error { return tx.RemoveGroupMember(f.ctx, g.ID, member.ID) })
	got, _, err = f.s.UserStatusIDs(f.ctx, author.ID, q(member.ID, 20))
	f.ok("UserStatusIDs", err)
	f.eq("after leaving", []int64{close.ID, pub.ID}, got)
}

// testSocialGraph: the friends chain and the active followers.
func testSocialGraph(f *fx) {
	us := f.users("me", "target", "a", "b", "c")
	me, target, a, b, c := us[0], us[1], us[2], us[3], us[4]
	f.follow(me.ID, a.ID, me.ID, b.ID, me.ID, c.ID, a.ID, target.ID, c.ID, target.ID, b.ID, me.ID)
	ids, total, err := f.s.ChainFollowerIDs(f.ctx, me.ID, target.ID, domain.Cursor{Count: 10})
	f.ok("ChainFollowerIDs", err)
	f.eq("ChainFollowerIDs", []int64{c.ID, a.ID}, ids)
	f.eq("ChainFollowerIDs total", 2, total)
	ids, total, err = f.s.ChainFollowerIDs(f.ctx, me.ID, target.ID, domain.Cursor{Cursor: 1, Count: 1})
	f.ok("ChainFollowerIDs page 2", err)
	f.eq("ChainFollowerIDs page 2", []int64{a.ID}, ids)
	f.eq("ChainFollowerIDs page 2 total", 2, total)

	// target's followers, ranked by their followers, then statuses.
	f.tx(func(tx domain.Tx) error { return tx.AddUserCounts(f.ctx, c.ID, domain.UserCounts{Followers: 5}) })
	f.tx(func(tx domain.Tx) error {
		return tx.AddUserCounts(f.ctx, a.ID, domain.UserCounts{Followers: 5, Statuses: 2})
	})
	f.follow(b.ID, target.ID)
	got, err := f.s.ActiveFollowerIDs(f.ctx, target.ID, 10)
	f.ok("ActiveFollowerIDs", err)
	f.eq("ActiveFollowerIDs", []int64{a.ID, c.ID, b.ID}, got)
	got, err = f.s.ActiveFollowerIDs(f.ctx, target.ID, 1)
	f.ok("ActiveFollowerIDs limited", err)
	f.eq("ActiveFollowerIDs limited", []int64{a.ID}, got)
}
