package core

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
)

// UserRef names a user by id or by screen name (exactly one is set).
type UserRef struct {
	ID         int64
	ScreenName string
}

// ResolveUser finds the user a reference names, or answers 20003.
func (s *Service) ResolveUser(ctx context.Context, ref UserRef) (*domain.User, error) {
	var u *domain.User
	var err error
	switch {
	case ref.ID > 0:
		u, err = s.store.UserByID(ctx, ref.ID)
	case strings.TrimSpace(ref.ScreenName) != "":
		u, err = s.store.UserByScreenName(ctx, strings.TrimSpace(ref.ScreenName))
	default:
		return nil, domain.E(domain.KindInvalid, domain.ReasonUIDMissing, "uid or screen_name is required")
	}
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "user does not exist")
	}
	return u, err
}

// userViews hydrates users for viewer, each with their newest status the
// viewer may see when withStatus is set.
func (s *Service) userViews(ctx context.Context, viewer int64, ids []int64, withStatus bool) ([]*UserView, error) {
	users, err := s.store.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(ids) > 0 {
		if rels, err = s.store.Relationships(ctx, viewer, ids); err != nil {
			return nil, err
		}
	}
	out := make([]*UserView, 0, len(ids))
	for _, id := range ids {
		u := users[id]
		if u == nil {
			continue
		}
		uv := &UserView{User: u, Rel: rels[id]}
		if withStatus {
			if uv.Latest, err = s.latestVisible(ctx, viewer, id); err != nil {
				return nil, err
			}
		}
		out = append(out, uv)
	}
	return out, nil
}

// latestVisible is uid's newest status that viewer may see, or nil.
// TODO(perf): one query per user; a batch query would serve user lists better.
func (s *Service) latestVisible(ctx context.Context, viewer, uid int64) (*domain.Status, error) {
	ids, _, err := s.store.UserStatusIDs(ctx, uid, domain.StatusQuery{Page: domain.Page{Count: 1}, Viewer: viewer})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	st, err := s.store.StatusByID(ctx, ids[0])
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, nil
	}
	return st, err
}

// ShowUser returns a user with their latest visible status.
func (s *Service) ShowUser(ctx context.Context, viewer int64, ref UserRef) (*UserView, error) {
	u, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, viewer, u.ID)
}

func (s *Service) oneUserView(ctx context.Context, viewer, uid int64) (*UserView, error) {
	vs, err := s.userViews(ctx, viewer, []int64{uid}, true)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "user does not exist")
	}
	return vs[0], nil
}

// UserByDomain resolves a personal domain (users/domain_show). A user's
// domain defaults to their uid, so /u/<uid>-style domains always resolve.
func (s *Service) UserByDomain(ctx context.Context, viewer int64, d string) (*UserView, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return nil, domain.MissingParam("domain")
	}
	u, err := s.store.UserByDomain(ctx, d)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonDomainNotFound, "domain not exist")
	}
	if err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, viewer, u.ID)
}

// UserCountsOf returns the users that exist among ids, in order (users/counts).
func (s *Service) UserCountsOf(ctx context.Context, ids []int64) ([]*domain.User, error) {
	m, err := s.store.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.User, 0, len(ids))
	for _, id := range ids {
		if u := m[id]; u != nil {
			out = append(out, u)
		}
	}
	return out, nil
}

// UserByID returns a user.
func (s *Service) UserByID(ctx context.Context, id int64) (*domain.User, error) {
	return s.ResolveUser(ctx, UserRef{ID: id})
}
