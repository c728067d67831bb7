package cachedstore

import (
	"context"

	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"

	"github.com/weibo-server/weibo/internal/domain"
)

// memberKey is whether member is in a friend group: the one question the
// visibility rule asks of statuses posted to a group (visible type 3), on
// every page that holds one. Adding and removing the member, and deleting
// the group, invalidate it.
type memberKey struct{ group, member int64 }

func (s *Store) initMemberships(clock otter.Clock) {
	s.membersStats = stats.NewCounter()
	s.members = otter.Must(&otter.Options[memberKey, bool]{
		MaximumSize:      s.opts.MaxRelationships,
		ExpiryCalculator: otter.ExpiryWriting[memberKey, bool](s.opts.TTL),
		StatsRecorder:    s.membersStats,
		Clock:            clock,
	})
	s.membersLoader = otter.BulkLoaderFunc[memberKey, bool](func(ctx context.Context, keys []memberKey) (map[memberKey]bool, error) {
		out := make(map[memberKey]bool, len(keys))
		for len(keys) > 0 {
			member := keys[0].member
			var groups []int64
			rest := keys[:0:0]
			for _, k := range keys {
				if k.member == member {
					groups = append(groups, k.group)
				} else {
					rest = append(rest, k)
				}
			}
			got, err := s.inner.InGroups(ctx, member, groups)
			if err != nil {
				return nil, err
			}
			for _, g := range groups {
				out[memberKey{g, member}] = got[g]
			}
			keys = rest
		}
		return out, nil
	})
}

// InGroups answers from the cache, loading the rest with one inner call.
func (s *Store) InGroups(ctx context.Context, member int64, groupIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(groupIDs))
	if len(groupIDs) == 0 {
		return out, nil
	}
	keys := make([]memberKey, len(groupIDs))
	for i, g := range groupIDs {
		keys[i] = memberKey{g, member}
	}
	got, err := s.members.BulkGet(ctx, keys, s.membersLoader)
	if err != nil {
		return nil, err
	}
	for k, in := range got {
		out[k.group] = in
	}
	return out, nil
}

// GroupByID returns the group from the cache or the inner store: every
// group timeline page reads it.
func (s *Store) GroupByID(ctx context.Context, id int64) (*domain.Group, error) {
	return s.groups.get(ctx, id)
}

// Friend groups: groups by id and memberships (InGroups) are cached; the
// lists are not. A membership change moves the group's member_count, so it
// invalidates the group too.

func (r *recTx) recordMembers(group int64, members ...int64) {
	r.record(func(k *keys) {
		k.groups = append(k.groups, group)
		for _, m := range members {
			k.members = append(k.members, memberKey{group, m})
		}
	})
}

func (r *recTx) CreateGroup(ctx context.Context, g *domain.Group) error {
	err := r.tx.CreateGroup(ctx, g)
	r.recordMembers(g.ID) // a negative entry may be cached
	return err
}

func (r *recTx) UpdateGroup(ctx context.Context, g *domain.Group) error {
	r.recordMembers(g.ID)
	return r.tx.UpdateGroup(ctx, g)
}

// DeleteGroup reads the members it is about to remove (at most
// domain.MaxGroupMembers), inside the transaction, to invalidate them.
func (r *recTx) DeleteGroup(ctx context.Context, id int64) error {
	members, _, err := r.tx.GroupMemberIDs(ctx, id, domain.Cursor{Count: domain.MaxGroupMembers * 2})
	if err != nil {
		return err
	}
	r.recordMembers(id, members...)
	return r.tx.DeleteGroup(ctx, id)
}

func (r *recTx) AddGroupMember(ctx context.Context, m *domain.GroupMember) error {
	r.recordMembers(m.GroupID, m.UserID)
	return r.tx.AddGroupMember(ctx, m)
}

func (r *recTx) RemoveGroupMember(ctx context.Context, groupID, userID int64) error {
	r.recordMembers(groupID, userID)
	return r.tx.RemoveGroupMember(ctx, groupID, userID)
}

func (r *recTx) SetGroupMemberNote(ctx context.Context, groupID, userID int64, note string) error {
	return r.tx.SetGroupMemberNote(ctx, groupID, userID, note)
}

func (r *recTx) SetGroupPositions(ctx context.Context, owner int64, ids []int64) error {
	for _, id := range ids {
		r.recordMembers(id)
	}
	return r.tx.SetGroupPositions(ctx, owner, ids)
}

func (r *recTx) LeaveOwnerGroups(ctx context.Context, owner, member int64) ([]int64, error) {
	ids, err := r.tx.LeaveOwnerGroups(ctx, owner, member)
	for _, g := range ids {
		r.recordMembers(g, member)
	}
	return ids, err
}
