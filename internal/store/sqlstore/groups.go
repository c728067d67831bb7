package sqlstore

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
)

const groupCols = `id, owner_id, name, description, tags, public, members_public, position, member_count, like_count, created_at`

func scanGroup(r rowScanner) (*domain.Group, error) {
	var g domain.Group
	var tags string
	var public, membersPublic int
	var created int64
	if err := r.Scan(&g.ID, &g.OwnerID, &g.Name, &g.Description, &tags, &public, &membersPublic, &g.Position,
		&g.MemberCount, &g.LikeCount, &created); err != nil {
		return nil, err
	}
	g.Tags = splitList(tags)
	g.Public, g.MembersPublic = public != 0, membersPublic != 0
	g.CreatedAt = fromMillis(created)
	return &g, nil
}

func (r *reads) GroupByID(ctx context.Context, id int64) (*domain.Group, error) {
	g, err := scanGroup(r.c.queryRow(ctx, "SELECT "+groupCols+" FROM friend_groups WHERE id = ?", id))
	if err != nil {
		return nil, dbErr(err, "group by id", domain.ReasonListNotFound)
	}
	return g, nil
}

func (r *reads) groups(ctx context.Context, what, where string, args ...any) ([]*domain.Group, error) {
	rows, err := r.c.query(ctx, "SELECT "+groupCols+" FROM friend_groups WHERE "+where, args...)
	if err != nil {
		return nil, dbErr(err, what, "")
	}
	defer rows.Close()
	var out []*domain.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, dbErr(err, what, "")
		}
		out = append(out, g)
	}
	return out, dbErr(rows.Err(), what, "")
}

func (r *reads) GroupsByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Group, error) {
	out := map[int64]*domain.Group{}
	err := inChunks(uniqueIDs(ids), func(part []int64) error {
		gs, err := r.groups(ctx, "groups by ids", "id IN ("+placeholders(len(part))+")", int64Args(part)...)
		for _, g := range gs {
			out[g.ID] = g
		}
		return err
	})
	return out, err
}

func (r *reads) GroupsOf(ctx context.Context, owner int64) ([]*domain.Group, error) {
	return r.groups(ctx, "groups of", "owner_id = ? ORDER BY position, id", owner)
}

func (r *reads) GroupMemberIDs(ctx context.Context, groupID int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "group member ids", "member_id", "group_members", "group_id = ?",
		"created_at DESC, member_id DESC", []any{groupID}, c)
}

func (r *reads) GroupMembers(ctx context.Context, groupID int64, uids []int64) (map[int64]*domain.GroupMember, error) {
	out := map[int64]*domain.GroupMember{}
	err := inChunks(uniqueIDs(uids), func(part []int64) error {
		rows, err := r.c.query(ctx, `SELECT member_id, description, created_at FROM group_members
			WHERE group_id = ? AND member_id IN (`+placeholders(len(part))+")", append([]any{groupID}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m := &domain.GroupMember{GroupID: groupID}
			var at int64
			if err := rows.Scan(&m.UserID, &m.Description, &at); err != nil {
				return err
			}
			m.CreatedAt = fromMillis(at)
			out[m.UserID] = m
		}
		return rows.Err()
	})
	return out, dbErr(err, "group members", "")
}

// GroupsListing: the owner's groups each of uids is in, in the owner's order.
func (r *reads) GroupsListing(ctx context.Context, owner int64, uids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	err := inChunks(uniqueIDs(uids), func(part []int64) error {
		rows, err := r.c.query(ctx, `SELECT m.member_id, m.group_id FROM group_members m
			JOIN friend_groups g ON g.id = m.group_id
			WHERE m.owner_id = ? AND m.member_id IN (`+placeholders(len(part))+`) ORDER BY g.position, g.id`,
			append([]any{owner}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var uid, gid int64
			if err := rows.Scan(&uid, &gid); err != nil {
				return err
			}
			out[uid] = append(out[uid], gid)
		}
		return rows.Err()
	})
	return out, dbErr(err, "groups listing", "")
}

func (r *reads) InGroups(ctx context.Context, member int64, groupIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(groupIDs))
	for _, id := range groupIDs {
		out[id] = false
	}
	err := inChunks(uniqueIDs(groupIDs), func(part []int64) error {
		ids, err := r.c.ids(ctx, "SELECT group_id FROM group_members WHERE member_id = ? AND group_id IN ("+
			placeholders(len(part))+")", append([]any{member}, int64Args(part)...)...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, dbErr(err, "in groups", "")
}

func (r *reads) GroupsContaining(ctx context.Context, member, afterID int64, limit int) ([]domain.GroupRef, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, `SELECT group_id, owner_id FROM group_members WHERE member_id = ? AND group_id > ?
		ORDER BY group_id LIMIT ?`, member, afterID, limit)
	if err != nil {
		return nil, dbErr(err, "groups containing", "")
	}
	defer rows.Close()
	var out []domain.GroupRef
	for rows.Next() {
		var g domain.GroupRef
		if err := rows.Scan(&g.ID, &g.OwnerID); err != nil {
			return nil, dbErr(err, "groups containing", "")
		}
		out = append(out, g)
	}
	return out, dbErr(rows.Err(), "groups containing", "")
}

// GroupStatusIDs: like the home timeline, over the group's members.
func (r *reads) GroupStatusIDs(ctx context.Context, groupID int64, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "group statuses", "statuses s",
		one("s.user_id IN (SELECT member_id FROM group_members WHERE group_id = ?)", groupID), "s.id", q, false)
	return ids, err
}

// ToMeStatusIDs reads the restricted statuses of the people userID follows
// (the partial index statuses_restricted); visibleTo keeps those whose
// audience holds userID.
func (r *reads) ToMeStatusIDs(ctx context.Context, userID int64, q domain.StatusQuery) ([]int64, error) {
	ids, _, err := r.statusTimeline(ctx, "statuses to me", "statuses s",
		one("s.user_id IN (SELECT followee_id FROM follows WHERE follower_id = ?) AND s.visible_type IN (3, 4)", userID),
		"s.id", q, false)
	return ids, err
}

func (t *tx) CreateGroup(ctx context.Context, g *domain.Group) error {
	_, err := t.c.exec(ctx, "INSERT INTO friend_groups ("+groupCols+`, name_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.ID, g.OwnerID, g.Name, g.Description, joinList(g.Tags), boolInt(g.Public), boolInt(g.MembersPublic),
		g.Position, g.MemberCount, g.LikeCount, toMillis(g.CreatedAt), strings.ToLower(g.Name))
	if err != nil && isUniqueViolation(err) && !isPrimaryKeyViolation(err) {
		return &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonListNameTaken, Msg: "list name duplicate", Err: err}
	}
	return newRowErr(err, "create group")
}

func (t *tx) UpdateGroup(ctx context.Context, g *domain.Group) error {
	res, err := t.c.exec(ctx, "UPDATE friend_groups SET name = ?, name_key = ?, description = ?, tags = ? WHERE id = ?",
		g.Name, strings.ToLower(g.Name), g.Description, joinList(g.Tags), g.ID)
	if err != nil && isUniqueViolation(err) {
		return &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonListNameTaken, Msg: "list name duplicate", Err: err}
	}
	return affected(res, err, "update group", domain.ReasonListNotFound)
}

// affected turns an UPDATE or DELETE's outcome into nil, its error, or
// KindNotFound when it touched no row.
func affected(res interface{ RowsAffected() (int64, error) }, err error, what string, reason domain.Reason) error {
	if err != nil {
		return dbErr(err, what, "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound(what, reason)
	}
	return nil
}

func (t *tx) DeleteGroup(ctx context.Context, id int64) error {
	if _, err := t.c.exec(ctx, "DELETE FROM group_members WHERE group_id = ?", id); err != nil {
		return dbErr(err, "delete group members", "")
	}
	res, err := t.c.exec(ctx, "DELETE FROM friend_groups WHERE id = ?", id)
	return affected(res, err, "delete group", domain.ReasonListNotFound)
}

func (t *tx) AddGroupMember(ctx context.Context, m *domain.GroupMember) error {
	var owner int64
	err := t.c.queryRow(ctx, "SELECT owner_id FROM friend_groups WHERE id = ?", m.GroupID).Scan(&owner)
	if err != nil {
		return dbErr(err, "add group member", domain.ReasonListNotFound)
	}
	_, err = t.c.exec(ctx, `INSERT INTO group_members (group_id, member_id, owner_id, description, created_at)
		VALUES (?, ?, ?, ?, ?)`, m.GroupID, m.UserID, owner, m.Description, toMillis(m.CreatedAt))
	if err != nil && isUniqueViolation(err) {
		return &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonListMemberTaken, Msg: "already a member", Err: err}
	}
	if err != nil {
		return dbErr(err, "add group member", "")
	}
	return t.countMembers(ctx, m.GroupID, 1)
}

func (t *tx) countMembers(ctx context.Context, groupID int64, n int) error {
	_, err := t.c.exec(ctx, "UPDATE friend_groups SET member_count = "+t.c.d.clampAdd("member_count")+" WHERE id = ?", n, groupID)
	return dbErr(err, "count group members", "")
}

func (t *tx) RemoveGroupMember(ctx context.Context, groupID, userID int64) error {
	res, err := t.c.exec(ctx, "DELETE FROM group_members WHERE group_id = ? AND member_id = ?", groupID, userID)
	if err := affected(res, err, "remove group member", ""); err != nil {
		return err
	}
	return t.countMembers(ctx, groupID, -1)
}

func (t *tx) SetGroupMemberNote(ctx context.Context, groupID, userID int64, note string) error {
	res, err := t.c.exec(ctx, "UPDATE group_members SET description = ? WHERE group_id = ? AND member_id = ?", note, groupID, userID)
	return affected(res, err, "set group member note", "")
}

func (t *tx) SetGroupPositions(ctx context.Context, owner int64, ids []int64) error {
	for i, id := range ids {
		if _, err := t.c.exec(ctx, "UPDATE friend_groups SET position = ? WHERE id = ? AND owner_id = ?", i, id, owner); err != nil {
			return dbErr(err, "set group positions", "")
		}
	}
	return nil
}

func (t *tx) LeaveOwnerGroups(ctx context.Context, owner, member int64) ([]int64, error) {
	ids, err := t.c.ids(ctx, "SELECT group_id FROM group_members WHERE owner_id = ? AND member_id = ?", owner, member)
	if err != nil {
		return nil, dbErr(err, "leave owner groups", "")
	}
	for _, id := range ids {
		if err := t.RemoveGroupMember(ctx, id, member); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// ChainFollowerIDs: viewer's followees who follow target.
func (r *reads) ChainFollowerIDs(ctx context.Context, viewer, target int64, c domain.Cursor) ([]int64, int, error) {
	return r.userList(ctx, "chain follower ids", "fa.followee_id",
		"follows fa JOIN follows fb ON fb.follower_id = fa.followee_id AND fb.followee_id = ?",
		"fa.follower_id = ?", "fa.created_at DESC, fa.followee_id DESC", []any{target, viewer}, c)
}

// ActiveFollowerIDs ranks userID's followers by their own followers, then
// statuses; a ranking over all of a user's followers is bounded by limit.
func (r *reads) ActiveFollowerIDs(ctx context.Context, userID int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := r.c.ids(ctx, `SELECT u.id FROM follows f JOIN users u ON u.id = f.follower_id
		WHERE f.followee_id = ? ORDER BY u.followers_count DESC, u.statuses_count DESC, u.id LIMIT ?`, userID, limit)
	return ids, dbErr(err, "active follower ids", "")
}
