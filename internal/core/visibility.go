package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// The visibility rule is domain.CanSee (stores write the same rule in SQL).
// This file is where the core gathers what the rule needs — the viewer's
// relationship to each author and, once friend groups exist, the groups the
// viewer belongs to — so that every read that filters statuses (views, the
// read-time merge of celebrities' windows) and every push that picks whose
// window a status enters (fanOut) applies it the same way. A new kind of
// visibility changes domain.CanSee, domain.Visibility.Audience and, when it
// needs more than the relationship, the loading done here.

// seer answers domain.CanSee for one viewer over statuses whose authors it
// was built for.
type seer struct {
	viewer int64
	rels   map[int64]domain.Relationship // viewer → author
}

// seerFor loads what seeing statuses of authors takes for viewer.
func (s *Service) seerFor(ctx context.Context, viewer int64, authors []int64) (*seer, error) {
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(authors) > 0 {
		var err error
		if rels, err = s.store.Relationships(ctx, viewer, authors); err != nil {
			return nil, fmt.Errorf("load relationships: %w", err)
		}
	}
	return &seer{viewer: viewer, rels: rels}, nil
}

func (v *seer) canSee(st *domain.Status) bool {
	return domain.CanSee(v.viewer, st, v.rels[st.UserID], false)
}

// mightSeeSome reports whether the viewer may see any status of author's
// whose audience is domain.AudienceSome. It lets the read-time merge skip an
// author's restricted window without loading its statuses: only the author,
// a close friend (mutual follower) or, with groups, a member of one of the
// author's groups may see one.
func (v *seer) mightSeeSome(author int64) bool {
	r := v.rels[author]
	return v.viewer != 0 && (v.viewer == author || (r.Following && r.FollowedBy))
}

// canSee reports whether viewer may see st, reading the relationship only
// when the rule needs it.
func (s *Service) canSee(ctx context.Context, r domain.Reader, viewer int64, st *domain.Status) (bool, error) {
	if st.Deleted {
		return false, nil
	}
	if st.Visible.Type == domain.VisiblePublic || st.UserID == viewer {
		return true, nil
	}
	var rel domain.Relationship
	if viewer != 0 && st.Visible.Type == domain.VisibleCloseFriends {
		rels, err := r.Relationships(ctx, viewer, []int64{st.UserID})
		if err != nil {
			return false, err
		}
		rel = rels[st.UserID]
	}
	return domain.CanSee(viewer, st, rel, false), nil
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
	for _, u := range users {
		rel := rels[u]
		out[u] = domain.CanSee(u, st, domain.Relationship{Following: rel.FollowedBy, FollowedBy: rel.Following}, false)
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
