-- Per-user display and reminder settings (Xweibo's setting, saveShow,
-- saveNotice; domain.UserPrefs) and the site's system notices (sendNotice).
-- A user without a row has domain.DefaultUserPrefs(). Keep in lock-step with
-- ../postgres/00080_user_prefs.sql.
-- +goose Up

CREATE TABLE user_prefs (
    user_id         INTEGER PRIMARY KEY,
    new_feed        INTEGER NOT NULL DEFAULT 0,
    new_msg         INTEGER NOT NULL DEFAULT 0,
    page_statuses   INTEGER NOT NULL DEFAULT 20,
    page_comments   INTEGER NOT NULL DEFAULT 10,
    new_notice      INTEGER NOT NULL DEFAULT 1,
    remind_comment  INTEGER NOT NULL DEFAULT 1,
    remind_dm       INTEGER NOT NULL DEFAULT 1,
    remind_follower INTEGER NOT NULL DEFAULT 1,
    remind_mention  INTEGER NOT NULL DEFAULT 1,
    mention_from    INTEGER NOT NULL DEFAULT 0,
    mention_type    INTEGER NOT NULL DEFAULT 0,
    -- the notices available up to this time (ms) have been read
    notice_read_at  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- user_id 0: a notice to everyone.
CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    app_id       INTEGER NOT NULL DEFAULT 0,
    title        TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    available_at INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX notices_user_available ON notices (user_id, available_at);

-- +goose Down
DROP TABLE notices;
DROP TABLE user_prefs;
