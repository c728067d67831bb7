-- Direct messages and special follows (the Tencent area's core
-- capabilities, shared by every dialect). Keep in lock-step with
-- ../sqlite/00071_dm_special.sql.
-- +goose Up

-- One row per message; each side deletes it from its own box.
CREATE TABLE direct_messages (
    id                BIGINT  PRIMARY KEY,
    sender_id         BIGINT NOT NULL,
    recipient_id      BIGINT NOT NULL,
    app_id            BIGINT NOT NULL DEFAULT 0,
    text              TEXT    NOT NULL,
    rip               TEXT    NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    sender_deleted    SMALLINT NOT NULL DEFAULT 0,
    recipient_deleted SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX direct_messages_inbox ON direct_messages (recipient_id, id);
CREATE INDEX direct_messages_outbox ON direct_messages (sender_id, id);

-- Special follows: a mark on a follow; a mark whose follow is gone is not
-- listed (the store joins follows), so unfollowing needs no cleanup here.
CREATE TABLE special_follows (
    user_id    BIGINT NOT NULL,
    target_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, target_id)
);
CREATE INDEX special_follows_user_time ON special_follows (user_id, created_at);

-- +goose Down
DROP TABLE special_follows;
DROP TABLE direct_messages;
