-- Pinned (top) statuses (social area). Keep in lock-step with ../postgres/00066_top_status.sql.
-- +goose Up

-- At most one pinned status per user (users/set_top_status).
CREATE TABLE top_statuses (
    user_id    INTEGER PRIMARY KEY,
    status_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE top_statuses;
