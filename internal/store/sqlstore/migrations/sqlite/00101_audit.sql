-- The audit log (issue 17): every admin and moderator action, sign-in,
-- token grant and revocation. actor_id 0 is the operator at the terminal
-- (the CLI); target_user_id and target_id 0 when there is none.

-- +goose Up
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_id       INTEGER NOT NULL,
    action         TEXT    NOT NULL,
    target_user_id INTEGER NOT NULL DEFAULT 0,
    target_id      INTEGER NOT NULL DEFAULT 0,
    note           TEXT    NOT NULL DEFAULT '',
    ip             TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at, id);

-- +goose Down
DROP TABLE audit_log;
