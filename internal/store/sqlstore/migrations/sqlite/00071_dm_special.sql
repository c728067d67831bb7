-- Direct messages and special follows (the Tencent area's core
-- capabilities, shared by every dialect). Keep in lock-step with
-- ../postgres/00071_dm_special.sql.
-- +goose Up

-- One row per message; each side deletes it from its own box.
CREATE TABLE direct_messages (
    id                INTEGER PRIMARY KEY,
    sender_id         INTEGER NOT NULL,
    recipient_id      INTEGER NOT NULL,
    app_id            INTEGER NOT NULL DEFAULT 0,
    text              TEXT    NOT NULL,
    rip               TEXT    NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    sender_deleted    INTEGER NOT NULL DEFAULT 0,
    recipient_deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX direct_messages_inbox ON direct_messages (recipient_id, id);
CREATE INDEX direct_messages_outbox ON direct_messages (sender_id, id);

-- Special follows: a mark on a follow; a mark whose follow is gone is not
-- listed (the store joins follows), so unfollowing needs no cleanup here.
CREATE TABLE special_follows (
    user_id    INTEGER NOT NULL,
    target_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX special_follows_user_time ON special_follows (user_id, created_at);

-- +goose Down
DROP TABLE special_follows;
DROP TABLE direct_messages;
