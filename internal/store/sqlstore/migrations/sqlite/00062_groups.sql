-- Friend groups (friendships/groups, social area). Keep in lock-step with
-- ../postgres/00062_groups.sql.
-- +goose Up

-- name_key is the lower-cased name: names are unique per owner regardless
-- of case. tags is the tags joined by commas (a tag holds no comma).
CREATE TABLE friend_groups (
    id             INTEGER PRIMARY KEY,
    owner_id       INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    name_key       TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    tags           TEXT    NOT NULL DEFAULT '',
    public         INTEGER NOT NULL DEFAULT 0,
    members_public INTEGER NOT NULL DEFAULT 0,
    position       INTEGER NOT NULL DEFAULT 0,
    member_count   INTEGER NOT NULL DEFAULT 0,
    like_count     INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX friend_groups_owner_name ON friend_groups (owner_id, name_key);
CREATE INDEX friend_groups_owner_position ON friend_groups (owner_id, position, id);

-- owner_id repeats the group's owner so "which of my groups is u in" and
-- leaving all of an owner's groups need no join.
CREATE TABLE group_members (
    group_id    INTEGER NOT NULL,
    member_id   INTEGER NOT NULL,
    owner_id    INTEGER NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_member ON group_members (member_id, group_id, owner_id);
CREATE INDEX group_members_owner ON group_members (owner_id, member_id, group_id);
CREATE INDEX group_members_time ON group_members (group_id, created_at, member_id);

-- statuses/to_me and the group visibility rule read group statuses by
-- author; a partial index keeps them from walking every public status.
CREATE INDEX statuses_restricted ON statuses (user_id, id) WHERE visible_type IN (3, 4) AND deleted = 0;

-- +goose Down
DROP INDEX statuses_restricted;
DROP TABLE group_members;
DROP TABLE friend_groups;
