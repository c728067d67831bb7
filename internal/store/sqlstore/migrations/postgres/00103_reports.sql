-- Reports (issue 17): a person reports a status, comment or account
-- (kind) to the moderators with a reason; a moderator resolves it with an
-- action and a note (resolved_at 0: waiting). One open report per reporter
-- and thing: reporting again while it waits is refused.

-- +goose Up
CREATE TABLE reports (
    id             BIGINT PRIMARY KEY,
    reporter_id    BIGINT  NOT NULL,
    kind           TEXT    NOT NULL,
    target_id      BIGINT  NOT NULL,
    target_user_id BIGINT  NOT NULL,
    reason         TEXT    NOT NULL DEFAULT '',
    created_at     BIGINT  NOT NULL,
    resolved_at    BIGINT  NOT NULL DEFAULT 0,
    resolver_id    BIGINT  NOT NULL DEFAULT 0,
    action         TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT ''
);
-- The queue: open ones, newest first (resolved ones page by the key).
CREATE INDEX reports_open ON reports (id) WHERE resolved_at = 0;
CREATE UNIQUE INDEX reports_open_once ON reports (reporter_id, kind, target_id) WHERE resolved_at = 0;

-- +goose Down
DROP TABLE reports;
