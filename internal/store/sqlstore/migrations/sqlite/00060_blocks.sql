-- Blocks (the blacklist, social area). Keep in lock-step with ../postgres/00060_blocks.sql.
-- +goose Up

-- user_id blocks target_id. Relationships reads both directions, so the
-- reverse index serves "who blocks me".
CREATE TABLE blocks (
    user_id    INTEGER NOT NULL,
    target_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX blocks_target ON blocks (target_id, user_id);
CREATE INDEX blocks_user_time ON blocks (user_id, created_at, target_id);

-- +goose Down
DROP TABLE blocks;
