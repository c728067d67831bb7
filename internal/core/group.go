package core

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// Friend groups (好友分组). An owner files people they follow into at most
// domain.MaxGroups groups of at most domain.MaxGroupMembers; a group is
// private (its owner alone sees it) or public (everyone sees it; its
// members are listed to everyone or to the members only). A group serves
// two things: its timeline (the members' statuses as the owner may see them,
// read from a feed window like the home timeline), and posting to it alone
// (visible type 3, seen by its members and the author: domain.CanSee).

// Group name and description limits in text.Count units (a Chinese
// character is 1, a half-width one ½): groups.md.
const (
	groupNameMax       = 10
	groupNameUpdateMax = 8
	groupDescMax       = 70
	groupTagMax        = 7
	memberNoteMax      = 8
)

// GroupInput creates or changes a group. On update, only the Set fields change.
type GroupInput struct {
	Name, Description string
	Tags              []string
	Public            bool
	MembersPublic     bool
	SetName, SetDesc  bool
	SetTags           bool
}

// GroupView is a group as a viewer sees it, with its owner.
type GroupView struct {
	Group *domain.Group
	Owner *domain.User
}

func checkGroupName(name string, max int) error {
	if text.Blank(name) || strings.ContainsAny(name, ",\n\r\t") {
		return domain.E(domain.KindInvalid, domain.ReasonListIllegal, "illegal list name")
	}
	if text.Count(name) > max {
		return domain.E(domain.KindInvalid, domain.ReasonListNameTooLong, fmt.Sprintf("list name longer than %d", max))
	}
	return nil
}

func checkGroupDesc(d string) error {
	if text.Count(d) > groupDescMax {
		return domain.E(domain.KindInvalid, domain.ReasonListDescTooLong, "list description too long")
	}
	return nil
}

func checkGroupTags(tags []string) error {
	if len(tags) > domain.MaxGroupTags {
		return domain.E(domain.KindInvalid, domain.ReasonListIllegal, fmt.Sprintf("at most %d tags", domain.MaxGroupTags))
	}
	for _, t := range tags {
		if text.Blank(t) || strings.Contains(t, ",") || text.Count(t) > groupTagMax {
			return domain.E(domain.KindInvalid, domain.ReasonListIllegal, "illegal tag "+t)
		}
	}
	return nil
}

// CreateGroup makes a new group of the viewer's, last in their order.
func (s *Service) CreateGroup(ctx context.Context, v domain.Viewer, in GroupInput) (*GroupView, error) {
	in.Name = strings.TrimSpace(in.Name)
	if err := checkGroupName(in.Name, groupNameMax); err != nil {
		return nil, err
	}
	if err := checkGroupDesc(in.Description); err != nil {
		return nil, err
	}
	if err := checkGroupTags(in.Tags); err != nil {
		return nil, err
	}
	g := &domain.Group{OwnerID: v.UserID, Name: in.Name, Description: in.Description, Tags: in.Tags,
		Public: in.Public, MembersPublic: in.Public && in.MembersPublic, CreatedAt: s.now()}
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		mine, err := tx.GroupsOf(ctx, v.UserID)
		if err != nil {
			return err
		}
		if len(mine) >= domain.MaxGroups {
			return domain.E(domain.KindForbidden, domain.ReasonListTooMany, "too many lists")
		}
		g.ID, g.Position = s.ids.Next(), len(mine)
		if len(mine) > 0 {
			g.Position = mine[len(mine)-1].Position + 1
		}
		return tx.CreateGroup(ctx, g)
	})
	if err != nil {
		return nil, err
	}
	return s.groupView(ctx, g)
}

func (s *Service) groupView(ctx context.Context, g *domain.Group) (*GroupView, error) {
	u, err := s.store.UserByID(ctx, g.OwnerID)
	if err != nil {
		return nil, err
	}
	return &GroupView{Group: g, Owner: u}, nil
}

func listNotFound(id int64) error {
	return domain.E(domain.KindNotFound, domain.ReasonListNotFound, fmt.Sprintf("no friend group %d", id))
}

// ownGroup loads one of the viewer's groups through r: 20603 when there is
// none, 20604 when it is someone else's.
func (s *Service) ownGroup(ctx context.Context, r domain.Reader, viewer, id int64) (*domain.Group, error) {
	if id <= 0 {
		return nil, listNotFound(id)
	}
	g, err := r.GroupByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, listNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if g.OwnerID != viewer {
		if !g.Public {
			return nil, listNotFound(id) // a private group is not there for anyone else
		}
		return nil, domain.E(domain.KindForbidden, domain.ReasonListNotOwner, "only the owner has the authority")
	}
	return g, nil
}

// visibleGroup loads a group the viewer may see (theirs, or public), or 20603.
func (s *Service) visibleGroup(ctx context.Context, viewer, id int64) (*domain.Group, error) {
	if id <= 0 {
		return nil, listNotFound(id)
	}
	g, err := s.store.GroupByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, listNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if g.OwnerID != viewer && !g.Public {
		return nil, listNotFound(id)
	}
	return g, nil
}

// membersVisible reports whether viewer may list g's members: the owner,
// anyone for a public group whose members are public, a member for a
// public one whose members are not.
func (s *Service) membersVisible(ctx context.Context, viewer int64, g *domain.Group) (bool, error) {
	if g.OwnerID == viewer || (g.Public && g.MembersPublic) {
		return true, nil
	}
	if !g.Public || viewer == 0 {
		return false, nil
	}
	in, err := s.store.InGroups(ctx, viewer, []int64{g.ID})
	return in[g.ID], err
}

// Groups lists owner's groups the viewer may see, in the owner's order;
// mode is "all", "public" or "private".
func (s *Service) Groups(ctx context.Context, viewer, owner int64, mode string) ([]*GroupView, error) {
	switch mode {
	case "", "all", "public", "private":
	default:
		return nil, domain.BadParam("mode", "all, public or private", mode)
	}
	gs, err := s.store.GroupsOf(ctx, owner)
	if err != nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, owner)
	if err != nil {
		return nil, err
	}
	out := []*GroupView{}
	for _, g := range gs {
		if (g.OwnerID != viewer && !g.Public) || (mode == "public" && !g.Public) || (mode == "private" && g.Public) {
			continue
		}
		out = append(out, &GroupView{Group: g, Owner: u})
	}
	return out, nil
}

// ShowGroup returns one group the viewer may see.
func (s *Service) ShowGroup(ctx context.Context, viewer, id int64) (*GroupView, error) {
	g, err := s.visibleGroup(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	return s.groupView(ctx, g)
}

// ShowGroups returns the groups named by ids whose owner is the uid at the
// same position, leaving out those the viewer may not see (groups.md §10:
// a member-only public group only to its members).
func (s *Service) ShowGroups(ctx context.Context, viewer int64, ids, owners []int64) ([]*GroupView, error) {
	if len(ids) != len(owners) {
		return nil, domain.BadParam("uids", "one uid per list id", fmt.Sprintf("%d uids for %d list ids", len(owners), len(ids)))
	}
	gs, err := s.store.GroupsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	users, err := s.store.UsersByIDs(ctx, owners)
	if err != nil {
		return nil, err
	}
	out := []*GroupView{}
	for i, id := range ids {
		g := gs[id]
		if g == nil || g.OwnerID != owners[i] || users[g.OwnerID] == nil {
			continue
		}
		if g.OwnerID != viewer {
			if ok, err := s.membersVisible(ctx, viewer, g); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
		}
		out = append(out, &GroupView{Group: g, Owner: users[g.OwnerID]})
	}
	return out, nil
}

// GroupMembers lists a group's members, newest first.
func (s *Service) GroupMembers(ctx context.Context, viewer, id int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	g, err := s.membersGroup(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	return s.userList(ctx, viewer, s.store.GroupMemberIDs, g.ID, c, withStatus)
}

// GroupMemberIDs lists the ids of a group's members, newest first.
func (s *Service) GroupMemberIDs(ctx context.Context, viewer, id int64, c domain.Cursor) (*IDPage, error) {
	g, err := s.membersGroup(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	return s.idPage(ctx, s.store.GroupMemberIDs, g.ID, c)
}

func (s *Service) membersGroup(ctx context.Context, viewer, id int64) (*domain.Group, error) {
	g, err := s.visibleGroup(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.membersVisible(ctx, viewer, g)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.E(domain.KindForbidden, domain.ReasonListNotOwner, "the members of this list are not public")
	}
	return g, nil
}

// MemberNote is the owner's note on one member.
type MemberNote struct {
	UserID int64
	Note   string
}

// GroupMemberNotes returns the notes on those of uids who are members, in
// the order of uids (the owner's notes: the owner alone reads them).
func (s *Service) GroupMemberNotes(ctx context.Context, viewer, id int64, uids []int64) ([]MemberNote, error) {
	g, err := s.ownGroup(ctx, s.store, viewer, id)
	if err != nil {
		return nil, err
	}
	ms, err := s.store.GroupMembers(ctx, g.ID, uids)
	if err != nil {
		return nil, err
	}
	out := []MemberNote{}
	for _, u := range uids {
		if m := ms[u]; m != nil {
			out = append(out, MemberNote{UserID: u, Note: m.Description})
			delete(ms, u)
		}
	}
	return out, nil
}

// IsGroupMember reports whether uid is in one of the viewer's groups.
func (s *Service) IsGroupMember(ctx context.Context, viewer, id, uid int64) (bool, error) {
	g, err := s.ownGroup(ctx, s.store, viewer, id)
	if err != nil {
		return false, err
	}
	if _, err := s.ResolveUser(ctx, UserRef{ID: uid}); err != nil {
		return false, err
	}
	in, err := s.store.InGroups(ctx, uid, []int64{g.ID})
	return in[g.ID], err
}

// Listed maps each of uids to the viewer's groups they are in, in the
// viewer's order; every uid has an entry (empty when in none).
func (s *Service) Listed(ctx context.Context, viewer int64, uids []int64) (map[int64][]*domain.Group, error) {
	listed, err := s.store.GroupsListing(ctx, viewer, uids)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, gs := range listed {
		ids = append(ids, gs...)
	}
	gs, err := s.store.GroupsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]*domain.Group, len(uids))
	for _, u := range uids {
		out[u] = []*domain.Group{}
		for _, id := range listed[u] {
			if g := gs[id]; g != nil {
				out[u] = append(out[u], g)
			}
		}
	}
	return out, nil
}

// UpdateGroup changes a group's name, description or tags.
func (s *Service) UpdateGroup(ctx context.Context, v domain.Viewer, id int64, in GroupInput) (*GroupView, error) {
	if !in.SetName && !in.SetDesc && !in.SetTags {
		return nil, domain.MissingParam("name")
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.SetName {
		if err := checkGroupName(in.Name, groupNameUpdateMax); err != nil {
			return nil, err
		}
	}
	if err := checkGroupDesc(in.Description); in.SetDesc && err != nil {
		return nil, err
	}
	if err := checkGroupTags(in.Tags); in.SetTags && err != nil {
		return nil, err
	}
	var g *domain.Group
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if g, err = s.ownGroup(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		if in.SetName {
			g.Name = in.Name
		}
		if in.SetDesc {
			g.Description = in.Description
		}
		if in.SetTags {
			g.Tags = in.Tags
		}
		return tx.UpdateGroup(ctx, g)
	})
	if err != nil {
		return nil, err
	}
	return s.groupView(ctx, g)
}

// DestroyGroup deletes one of the viewer's groups; its members stay followed.
// Statuses posted to it are then seen by their author alone.
func (s *Service) DestroyGroup(ctx context.Context, v domain.Viewer, id int64) (*GroupView, error) {
	var g *domain.Group
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if g, err = s.ownGroup(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		return tx.DeleteGroup(ctx, g.ID)
	})
	if err != nil {
		return nil, err
	}
	s.dropGroupWindows(ctx, g.ID)
	return s.groupView(ctx, g)
}

// MemberInput is one member to add, with the owner's note.
type MemberInput struct {
	UserID int64
	Note   string
}

// AddGroupMembers adds people the viewer follows to one of their groups, all
// or none. One already in it is 20606, one not followed 20503, past the
// limit 20615.
func (s *Service) AddGroupMembers(ctx context.Context, v domain.Viewer, id int64, in []MemberInput) (*GroupView, error) {
	if len(in) == 0 {
		return nil, domain.MissingParam("uids")
	}
	uids := make([]int64, len(in))
	for i, m := range in {
		if text.Count(m.Note) > memberNoteMax {
			return nil, domain.BadParam("group_description", fmt.Sprintf("at most %d characters", memberNoteMax), m.Note)
		}
		uids[i] = m.UserID
	}
	var g *domain.Group
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if g, err = s.ownGroup(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		rels, err := tx.Relationships(ctx, v.UserID, uids)
		if err != nil {
			return err
		}
		for _, m := range in {
			if !rels[m.UserID].Following {
				return &domain.Error{Kind: domain.KindForbidden, Reason: domain.ReasonNeedFollow,
					Msg: fmt.Sprintf("you do not follow %d", m.UserID)}
			}
			err := tx.AddGroupMember(ctx, &domain.GroupMember{GroupID: g.ID, UserID: m.UserID, Description: m.Note, CreatedAt: s.now()})
			if domain.IsKind(err, domain.KindConflict) {
				return domain.E(domain.KindConflict, domain.ReasonListMemberTaken, "already a member")
			}
			if err != nil {
				return err
			}
		}
		if g, err = tx.GroupByID(ctx, g.ID); err != nil {
			return err
		}
		if g.MemberCount > domain.MaxGroupMembers {
			return domain.E(domain.KindForbidden, domain.ReasonListFull, "too many members")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.dropGroupWindows(ctx, g.ID)
	return s.groupView(ctx, g)
}

// UpdateGroupMember changes the owner's note on a member.
func (s *Service) UpdateGroupMember(ctx context.Context, v domain.Viewer, id, uid int64, note string) (*GroupView, error) {
	if text.Count(note) > memberNoteMax {
		return nil, domain.BadParam("group_description", fmt.Sprintf("at most %d characters", memberNoteMax), note)
	}
	var g *domain.Group
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if g, err = s.ownGroup(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		err = tx.SetGroupMemberNote(ctx, g.ID, uid, note)
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.BadParam("uid", "a member of the list", fmt.Sprint(uid))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.groupView(ctx, g)
}

// RemoveGroupMember takes a member out of one of the viewer's groups.
func (s *Service) RemoveGroupMember(ctx context.Context, v domain.Viewer, id, uid int64) (*GroupView, error) {
	var g *domain.Group
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if g, err = s.ownGroup(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		err = tx.RemoveGroupMember(ctx, g.ID, uid)
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.BadParam("uid", "a member of the list", fmt.Sprint(uid))
		}
		if err != nil {
			return err
		}
		g, err = tx.GroupByID(ctx, g.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.dropGroupWindows(ctx, g.ID)
	return s.groupView(ctx, g)
}

// OrderGroups puts every one of the viewer's groups in the order of ids;
// count must equal their number (groups.md §18).
func (s *Service) OrderGroups(ctx context.Context, v domain.Viewer, ids []int64, count int) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		mine, err := tx.GroupsOf(ctx, v.UserID)
		if err != nil {
			return err
		}
		have := make([]int64, len(mine))
		for i, g := range mine {
			have[i] = g.ID
		}
		want := slices.Clone(ids)
		slices.Sort(have)
		slices.Sort(want)
		if count != len(mine) || !slices.Equal(have, want) {
			return domain.BadParam("list_ids", fmt.Sprintf("each of your %d list ids once", len(mine)),
				fmt.Sprintf("%d ids, count %d", len(ids), count))
		}
		return tx.SetGroupPositions(ctx, v.UserID, ids)
	})
}

// groupKey is the feed key of a group's timeline window: negative like the
// author windows (authorKey), past both of their ranges.
func groupKey(groupID int64) int64 { return -(groupID + 1<<54) }

func (s *Service) dropGroupWindows(ctx context.Context, ids ...int64) {
	for _, id := range ids {
		if err := s.feed.Drop(ctx, groupKey(id)); err != nil {
			s.log.WarnContext(ctx, "drop group window", "group", id, "err", err)
		}
		s.forgetCelebs(ctx, groupKey(id))
	}
}

// GroupTimeline is the statuses of a group's members. The owner's is read
// like the home timeline: from the group's feed window (no SQL when warm),
// with celebrity members merged in at read time; a filtered page, a page
// past the window and a public group read by someone else come from the
// store.
func (s *Service) GroupTimeline(ctx context.Context, viewer, id int64, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	g, err := s.visibleGroup(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	ids, err := s.groupIDs(ctx, viewer, g, p, f)
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Hidden: hidden}, nil
}

// GroupTimelineIDs is GroupTimeline's ids only.
func (s *Service) GroupTimelineIDs(ctx context.Context, viewer, id int64, p domain.Page, f domain.TimelineFilter) (*IDList, error) {
	l, err := s.GroupTimeline(ctx, viewer, id, p, f)
	if err != nil {
		return nil, err
	}
	return idsOf(l), nil
}

func (s *Service) groupIDs(ctx context.Context, viewer int64, g *domain.Group, p domain.Page, f domain.TimelineFilter) ([]int64, error) {
	q := domain.StatusQuery{Page: p, Filter: f, Viewer: viewer}
	if f.Active() || viewer != g.OwnerID {
		return s.store.GroupStatusIDs(ctx, g.ID, q)
	}
	key := groupKey(g.ID)
	celebs, err := s.celebMembers(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	ids, ok, err := s.keyPage(ctx, key, viewer, celebs, p)
	if err != nil || ok {
		return ids, err
	}
	if p.MaxID == 0 && p.Page <= 1 {
		if err := s.rebuildWindow(ctx, key, func(p domain.Page) ([]int64, error) {
			return s.store.GroupStatusIDs(ctx, g.ID, domain.StatusQuery{Page: p, Viewer: viewer})
		}, nil); err != nil {
			return nil, err
		}
		if ids, ok, err = s.keyPage(ctx, key, viewer, celebs, p); err != nil || ok {
			return ids, err
		}
	}
	return s.store.GroupStatusIDs(ctx, g.ID, q)
}

// celebMembers is the group's members who are celebrities: their statuses
// are not pushed, so the group's window is merged with theirs at read time,
// as a home window is with the celebrities its owner follows.
//
// Cached per node for celebTTL under the group's window key, like
// celebFollowees; a membership change forgets it (dropGroupWindows).
func (s *Service) celebMembers(ctx context.Context, groupID int64) ([]int64, error) {
	key := groupKey(groupID)
	s.celebMu.Lock()
	e, ok := s.celebs[key]
	s.celebMu.Unlock()
	if ok && s.now().Before(e.expires) {
		return e.ids, nil
	}
	celebs, err := s.loadCelebMembers(ctx, groupID)
	if err != nil {
		return nil, err
	}
	s.celebMu.Lock()
	if len(s.celebs) > 100000 {
		clear(s.celebs)
	}
	s.celebs[key] = celebEntry{ids: celebs, expires: s.now().Add(celebTTL)}
	s.celebMu.Unlock()
	return celebs, nil
}

func (s *Service) loadCelebMembers(ctx context.Context, groupID int64) ([]int64, error) {
	ids, _, err := s.store.GroupMemberIDs(ctx, groupID, domain.Cursor{Count: domain.MaxGroupMembers * 2})
	if err != nil {
		return nil, err
	}
	users, err := s.store.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, id := range ids {
		if u := users[id]; u != nil && u.FollowersCount >= s.opts.CelebrityFollowers {
			out = append(out, id)
		}
	}
	return out, nil
}

// pushToGroups adds a new status to the windows of the groups its author is
// in whose owners may see it (fanOut, for authors who are not celebrities).
func (s *Service) pushToGroups(ctx context.Context, st *domain.Status) error {
	var after int64
	for {
		refs, err := s.store.GroupsContaining(ctx, st.UserID, after, s.opts.FanoutBatch)
		if err != nil || len(refs) == 0 {
			return err
		}
		after = refs[len(refs)-1].ID
		owners := make([]int64, len(refs))
		for i, r := range refs {
			owners[i] = r.OwnerID
		}
		seeing, err := s.whoCanSee(ctx, s.store, st, owners)
		if err != nil {
			return err
		}
		var keys []int64
		for _, r := range refs {
			if seeing[r.OwnerID] {
				keys = append(keys, groupKey(r.ID))
			}
		}
		if err := s.feed.Push(ctx, keys, st.ID); err != nil {
			return err
		}
		if len(refs) < s.opts.FanoutBatch {
			return nil
		}
	}
}

// removeFromGroups drops a deleted status from its author's groups' windows.
func (s *Service) removeFromGroups(ctx context.Context, author, statusID int64) error {
	var after int64
	for {
		refs, err := s.store.GroupsContaining(ctx, author, after, s.opts.FanoutBatch)
		if err != nil || len(refs) == 0 {
			return err
		}
		after = refs[len(refs)-1].ID
		keys := make([]int64, len(refs))
		for i, r := range refs {
			keys[i] = groupKey(r.ID)
		}
		if err := s.feed.Remove(ctx, keys, statusID); err != nil {
			return err
		}
		if len(refs) < s.opts.FanoutBatch {
			return nil
		}
	}
}

// ToMe is what the people the viewer follows posted to an audience the
// viewer is in: a group of theirs, or their close friends (statuses/to_me).
func (s *Service) ToMe(ctx context.Context, viewer int64, p domain.Page) (*StatusList, error) {
	ids, err := s.store.ToMeStatusIDs(ctx, viewer, domain.StatusQuery{Page: p, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Hidden: hidden}, nil
}

// ToMeIDs is ToMe's ids only.
func (s *Service) ToMeIDs(ctx context.Context, viewer int64, p domain.Page) (*IDList, error) {
	l, err := s.ToMe(ctx, viewer, p)
	if err != nil {
		return nil, err
	}
	return idsOf(l), nil
}
