-- Pinned (top) statuses (social area). Keep in lock-step with ../sqlite/00066_top_status.sql.
-- +goose Up

-- At most one pinned status per user (users/set_top_status).
CREATE TABLE top_statuses (
    user_id    BIGINT PRIMARY KEY,
    status_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE top_statuses;
