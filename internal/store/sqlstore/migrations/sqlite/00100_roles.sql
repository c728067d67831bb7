-- Administration (issue 17): a role per user ('' ordinary, 'moderator',
-- 'admin') and the moment a moderator silenced the account (0: not
-- silenced). Suspension is users.state = 2 (00121's mechanism: hidden from
-- every read, statuses withdrawn with deleted = 2, restored when lifted).

-- +goose Up
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN silenced_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_role ON users (role) WHERE role <> '';
CREATE INDEX users_silenced ON users (id) WHERE silenced_at <> 0;

-- +goose Down
DROP INDEX users_silenced;
DROP INDEX users_role;
ALTER TABLE users DROP COLUMN silenced_at;
ALTER TABLE users DROP COLUMN role;
