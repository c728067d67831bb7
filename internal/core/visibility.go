package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// The visibility rule is domain.CanSee (stores write the same rule in SQL).
// This file is where the core gathers what the rule needs — the viewer's
// relationship to each author (follows and blocks) and the friend groups
// the viewer belongs to — so that every read that filters statuses (views,
// the read-time merge of celebrities' windows, counts, show, comments) and
// every push that picks whose window a status enters (fanOut) applies it the
// same way. A new kind of visibility changes domain.CanSee,
// domain.Visibility.Audience and, when it needs more than the relationship
// and the groups, the loading done here.

// seer answers domain.CanSee for one viewer over statuses whose authors it
// was built for and whose groups it has loaded (withGroups).
type seer struct {
	viewer int64
	rels   map[int64]domain.Relationship // viewer → author
	groups map[int64]bool                // group id → the viewer is a member
	// silenced holds the authors a moderator silenced (domain.SilencedFrom).
	silenced map[int64]bool
}

// seerFor loads what seeing statuses of authors takes for viewer; the
// groups of group statuses are loaded by withGroups.
func (s *Service) seerFor(ctx context.Context, viewer int64, authors []int64) (*seer, error) {
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(authors) > 0 {
		var err error
		if rels, err = s.store.Relationships(ctx, viewer, authors); err != nil {
			return nil, fmt.Errorf("load relationships: %w", err)
		}
	}
	// The authors' rows say who is silenced. Silence hides nothing from a
	// follower (domain.SilencedFrom), so only the authors the viewer does
	// not follow are loaded: none at all for the celebrities of a home
	// timeline, the hot caller, where loading (copying) every author's row
	// cost a sixth of the request.
	var strangers []int64
	for _, a := range authors {
		if a != viewer && !rels[a].Following {
			strangers = append(strangers, a)
		}
	}
	sr := &seer{viewer: viewer, rels: rels, groups: map[int64]bool{}}
	if len(strangers) > 0 {
		users, err := s.store.UsersByIDs(ctx, strangers)
		if err != nil {
			return nil, fmt.Errorf("load authors: %w", err)
		}
		sr.silenced = silencedAmong(users)
	}
	return sr, nil
}

// silencedAmong is the set of the silenced among users (nil when none).
func silencedAmong(users map[int64]*domain.User) map[int64]bool {
	var out map[int64]bool
	for id, u := range users {
		if u.Silenced {
			if out == nil {
				out = map[int64]bool{}
			}
			out[id] = true
		}
	}
	return out
}

// withGroups loads whether the viewer is in the groups that statuses among
// sts were posted to (one cached store call, none when there are none).
func (v *seer) withGroups(ctx context.Context, r domain.Reader, sts ...*domain.Status) error {
	if v.viewer == 0 {
		return nil
	}
	var ids []int64
	for _, st := range sts {
		if st == nil || st.Visible.Type != domain.VisibleGroup || st.UserID == v.viewer {
			continue
		}
		if _, known := v.groups[st.Visible.ListID]; !known {
			ids = append(ids, st.Visible.ListID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	in, err := r.InGroups(ctx, v.viewer, ids)
	if err != nil {
		return fmt.Errorf("load group memberships: %w", err)
	}
	for _, id := range ids {
		v.groups[id] = in[id]
	}
	return nil
}

func (v *seer) canSee(st *domain.Status) bool {
	if domain.SilencedFrom(v.viewer, st.UserID, v.silenced[st.UserID], v.rels[st.UserID]) {
		return false
	}
	return domain.CanSee(v.viewer, st, v.rels[st.UserID], v.groups[st.Visible.ListID])
}

// mightSeeSome reports whether the viewer may see any status of author's
// whose audience is domain.AudienceSome. It lets the read-time merge skip an
// author's restricted window without loading its statuses: only the author,
// a close friend (mutual follower) or a member of one of the author's
// groups (whom the author follows) may see one.
func (v *seer) mightSeeSome(author int64) bool {
	r := v.rels[author]
	return v.viewer != 0 && (v.viewer == author || (r.FollowedBy && !r.Blocked()))
}

// canSee reports whether viewer may see st, reading the relationship only
// when the rule needs it: for every status of another author, as a block
// hides even public ones.
func (s *Service) canSee(ctx context.Context, r domain.Reader, viewer int64, st *domain.Status) (bool, error) {
	if st.Deleted {
		return false, nil
	}
	if st.UserID == viewer {
		return true, nil
	}
	author, err := r.UserByID(ctx, st.UserID)
	if domain.IsKind(err, domain.KindNotFound) {
		return false, nil // a hidden account (deactivated, suspended)
	}
	if err != nil {
		return false, err
	}
	if viewer == 0 {
		return !author.Silenced && domain.CanSee(viewer, st, domain.Relationship{}, false), nil
	}
	rels, err := r.Relationships(ctx, viewer, []int64{st.UserID})
	if err != nil {
		return false, err
	}
	if domain.SilencedFrom(viewer, st.UserID, author.Silenced, rels[st.UserID]) {
		return false, nil
	}
	inGroup := false
	if st.Visible.Type == domain.VisibleGroup {
		in, err := r.InGroups(ctx, viewer, []int64{st.Visible.ListID})
		if err != nil {
			return false, err
		}
		inGroup = in[st.Visible.ListID]
	}
	return domain.CanSee(viewer, st, rels[st.UserID], inGroup), nil
}

// whoCanSee reports which of users may see st, with one relationship query.
func (s *Service) whoCanSee(ctx context.Context, r domain.Reader, st *domain.Status, users []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(users))
	if len(users) == 0 {
		return out, nil
	}
	// Relationships answers from the author's side; CanSee wants each
	// user's side, so following and followed_by swap.
	rels, err := r.Relationships(ctx, st.UserID, users)
	if err != nil {
		return nil, fmt.Errorf("relationships of %d: %w", st.UserID, err)
	}
	members := map[int64]*domain.GroupMember{}
	if st.Visible.Type == domain.VisibleGroup {
		if members, err = r.GroupMembers(ctx, st.Visible.ListID, users); err != nil {
			return nil, fmt.Errorf("members of group %d: %w", st.Visible.ListID, err)
		}
	}
	for _, u := range users {
		rel := rels[u]
		out[u] = domain.CanSee(u, st, rel.Reverse(), members[u] != nil)
	}
	return out, nil
}

// allowedAmong returns those of followers (of st's author) who may see st:
// the windows a fan-out pushes it to.
func (s *Service) allowedAmong(ctx context.Context, st *domain.Status, followers []int64) ([]int64, error) {
	switch st.Visible.Audience() {
	case domain.AudienceEveryone:
		return followers, nil
	case domain.AudienceAuthor:
		return nil, nil
	}
	seeing, err := s.whoCanSee(ctx, s.store, st, followers)
	if err != nil {
		return nil, err
	}
	out := followers[:0:0]
	for _, f := range followers {
		if seeing[f] {
			out = append(out, f)
		}
	}
	return out, nil
}
