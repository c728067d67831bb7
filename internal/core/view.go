package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// UserView is a user as a viewer sees them.
type UserView struct {
	User *domain.User
	Rel  domain.Relationship // viewer → this user
	// Latest is the user's newest status the viewer may see (user objects embed it), or nil.
	Latest *domain.Status
}

// StatusView is a status ready to render: its author and, for a repost, the
// original (Deleted set when the original is gone or hidden).
type StatusView struct {
	Status    *domain.Status
	User      *UserView
	Retweeted *StatusView
	Favorited bool
	// App posted the status; nil when posted without one (web site, CLI).
	App *domain.App
}

// StatusList is a page of statuses.
type StatusList struct {
	Items []*StatusView
	Total int
	// Hidden reports that statuses were dropped for visibility.
	Hidden bool
}

// IDList is a page of ids.
type IDList struct {
	IDs   []int64
	Total int
}

func (s *Service) viewOne(ctx context.Context, viewer int64, st *domain.Status) (*StatusView, error) {
	vs, err := s.views(ctx, viewer, []*domain.Status{st}, false)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo does not exist")
	}
	return vs[0], nil
}

// statusesByIDs loads statuses in the order of ids, skipping missing ones.
func (s *Service) statusesByIDs(ctx context.Context, ids []int64) ([]*domain.Status, error) {
	m, err := s.store.StatusesByIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load statuses: %w", err)
	}
	out := make([]*domain.Status, 0, len(ids))
	for _, id := range ids {
		if st, ok := m[id]; ok {
			out = append(out, st)
		}
	}
	return out, nil
}

// listViews loads and hydrates ids, dropping what the viewer may not see.
func (s *Service) listViews(ctx context.Context, viewer int64, ids []int64) ([]*StatusView, bool, error) {
	sts, err := s.statusesByIDs(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	vs, err := s.views(ctx, viewer, sts, true)
	if err != nil {
		return nil, false, err
	}
	return vs, len(vs) < len(ids), nil
}

// views hydrates statuses with one batch load each of originals, authors and
// relationships (no N+1). With filter set, statuses the viewer may not see
// are dropped; deleted or hidden originals are marked Deleted.
func (s *Service) views(ctx context.Context, viewer int64, sts []*domain.Status, filter bool) ([]*StatusView, error) {
	var origIDs []int64
	for _, st := range sts {
		if st.RetweetedID != 0 {
			origIDs = append(origIDs, st.RetweetedID)
		}
	}
	origs := map[int64]*domain.Status{}
	if len(origIDs) > 0 {
		var err error
		if origs, err = s.store.StatusesByIDs(ctx, origIDs); err != nil {
			return nil, fmt.Errorf("load originals: %w", err)
		}
	}
	userSet := map[int64]bool{}
	var userIDs []int64
	add := func(id int64) {
		if !userSet[id] {
			userSet[id] = true
			userIDs = append(userIDs, id)
		}
	}
	for _, st := range sts {
		add(st.UserID)
		if o := origs[st.RetweetedID]; o != nil {
			add(o.UserID)
		}
	}
	users, err := s.store.UsersByIDs(ctx, userIDs)
	if err != nil {
		return nil, fmt.Errorf("load authors: %w", err)
	}
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(userIDs) > 0 {
		if rels, err = s.store.Relationships(ctx, viewer, userIDs); err != nil {
			return nil, fmt.Errorf("load relationships: %w", err)
		}
	}
	apps, err := s.appsOf(ctx, sts, origs)
	if err != nil {
		return nil, err
	}
	favs, err := s.favoritedAmong(ctx, viewer, sts, origs)
	if err != nil {
		return nil, err
	}
	sr := &seer{viewer: viewer, rels: rels, groups: map[int64]bool{}, silenced: silencedAmong(users)}
	if err := sr.withGroups(ctx, s.store, sts...); err != nil {
		return nil, err
	}
	for _, o := range origs {
		if err := sr.withGroups(ctx, s.store, o); err != nil {
			return nil, err
		}
	}
	see := sr.canSee
	out := make([]*StatusView, 0, len(sts))
	for _, st := range sts {
		if filter && !see(st) {
			continue
		}
		u := users[st.UserID]
		if u == nil {
			continue // an author row is never deleted; a miss means a broken row
		}
		v := &StatusView{Status: st, User: &UserView{User: u, Rel: rels[st.UserID]}, App: apps[st.AppID], Favorited: favs[st.ID]}
		if st.RetweetedID != 0 {
			o := origs[st.RetweetedID]
			switch {
			case o == nil:
				v.Retweeted = &StatusView{Status: &domain.Status{ID: st.RetweetedID, Deleted: true, Text: DeletedStatusText}}
			case !see(o):
				gone := *o
				gone.Deleted, gone.Text = true, DeletedStatusText
				v.Retweeted = &StatusView{Status: &gone}
			default:
				if ou := users[o.UserID]; ou != nil {
					v.Retweeted = &StatusView{Status: o, User: &UserView{User: ou, Rel: rels[o.UserID]}, App: apps[o.AppID],
						Favorited: favs[o.ID]}
				}
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// favoritedAmong reports which of the statuses and originals the viewer
// has favourited. The cached store answers it from the viewer's favourite
// set, so a warm page costs no SQL for it.
func (s *Service) favoritedAmong(ctx context.Context, viewer int64, sts []*domain.Status, origs map[int64]*domain.Status) (map[int64]bool, error) {
	if viewer == 0 || len(sts) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(sts)+len(origs))
	for _, st := range sts {
		ids = append(ids, st.ID)
	}
	for id := range origs {
		ids = append(ids, id)
	}
	favs, err := s.store.FavoritedAmong(ctx, viewer, ids)
	if err != nil {
		return nil, fmt.Errorf("load favorites: %w", err)
	}
	return favs, nil
}

// appsOf loads the apps that posted the statuses (few distinct ones per page).
func (s *Service) appsOf(ctx context.Context, sts []*domain.Status, origs map[int64]*domain.Status) (map[int64]*domain.App, error) {
	apps := map[int64]*domain.App{}
	load := func(id int64) error {
		if id == 0 {
			return nil
		}
		if _, done := apps[id]; done {
			return nil
		}
		a, err := s.store.AppByID(ctx, id)
		if domain.IsKind(err, domain.KindNotFound) {
			apps[id] = nil
			return nil
		}
		if err != nil {
			return fmt.Errorf("load app: %w", err)
		}
		apps[id] = a
		return nil
	}
	for _, st := range sts {
		if err := load(st.AppID); err != nil {
			return nil, err
		}
	}
	for _, o := range origs {
		if err := load(o.AppID); err != nil {
			return nil, err
		}
	}
	return apps, nil
}
