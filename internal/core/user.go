package core

import (
	"context"
	"fmt"
	"strconv"
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
	var latest map[int64]*domain.Status
	if withStatus {
		if latest, err = s.latestVisible(ctx, viewer, ids, users); err != nil {
			return nil, err
		}
	}
	out := make([]*UserView, 0, len(ids))
	for _, id := range ids {
		u := users[id]
		if u == nil {
			continue
		}
		out = append(out, &UserView{User: u, Rel: rels[id], Latest: latest[id]})
	}
	return out, nil
}

// latestVisible finds, for each of ids, the newest status viewer may see:
// users who never posted (statuses_count 0) are skipped, the others' newest
// ids come from one store query, and the statuses are loaded in one batch
// (from the cache when warm).
func (s *Service) latestVisible(ctx context.Context, viewer int64, ids []int64, users map[int64]*domain.User) (map[int64]*domain.Status, error) {
	var posted []int64
	for _, id := range ids {
		if u := users[id]; u != nil && u.StatusesCount > 0 {
			posted = append(posted, id)
		}
	}
	if len(posted) == 0 {
		return map[int64]*domain.Status{}, nil
	}
	newest, err := s.store.LatestStatusIDs(ctx, posted, viewer)
	if err != nil {
		return nil, fmt.Errorf("latest statuses: %w", err)
	}
	load := make([]int64, 0, len(newest))
	for _, sid := range newest {
		load = append(load, sid)
	}
	out := make(map[int64]*domain.Status, len(load))
	if len(load) == 0 {
		return out, nil
	}
	sts, err := s.store.StatusesByIDs(ctx, load)
	if err != nil {
		return nil, fmt.Errorf("load latest statuses: %w", err)
	}
	for uid, sid := range newest {
		if st := sts[sid]; st != nil && !st.Deleted {
			out[uid] = st
		}
	}
	return out, nil
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

// UserByDomain resolves a personal domain (users/domain_show). A user who
// has not chosen a domain is reached at profile_url "u/<uid>" (render.go), so
// "<uid>" and "u/<uid>" resolve to that user when no one owns them as a
// domain: a client that follows profile_url back to domain_show finds the
// user it came from. Screen names cannot be all digits, so neither form
// shadows a chosen domain.
func (s *Service) UserByDomain(ctx context.Context, viewer int64, d string) (*UserView, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return nil, domain.MissingParam("domain")
	}
	u, err := s.store.UserByDomain(ctx, d)
	if domain.IsKind(err, domain.KindNotFound) {
		u, err = s.userByUIDDomain(ctx, d)
	}
	if err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, viewer, u.ID)
}

// userByUIDDomain resolves the "<uid>" / "u/<uid>" forms, or answers 20401.
func (s *Service) userByUIDDomain(ctx context.Context, d string) (*domain.User, error) {
	notFound := domain.E(domain.KindNotFound, domain.ReasonDomainNotFound, "domain not exist")
	uid, err := strconv.ParseInt(strings.TrimPrefix(d, "u/"), 10, 64)
	if err != nil || uid <= 0 {
		return nil, notFound
	}
	u, err := s.store.UserByID(ctx, uid)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("user by uid domain: %w", err)
	}
	return u, nil
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

// UserViews hydrates users as viewer sees them (relationships and, with
// withStatus, each one's newest visible status), in the order of ids,
// skipping missing ones: one batch load each, for dialects rendering a
// list of users found elsewhere (search, suggestions).
func (s *Service) UserViews(ctx context.Context, viewer int64, ids []int64, withStatus bool) ([]*UserView, error) {
	return s.userViews(ctx, viewer, ids, withStatus)
}
