-- What users hide (social area). Keep in lock-step with ../sqlite/00067_filters.sql.
-- +goose Up

-- Statuses a user hid from their home timeline (statuses/filter/create).
CREATE TABLE home_filters (
    user_id    BIGINT NOT NULL,
    status_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, status_id)
);

-- Mentions a user shielded (statuses/mentions/shield); follow_up 1 also
-- hides the reposts of the status (by root or direct parent).
CREATE TABLE mention_shields (
    user_id    BIGINT NOT NULL,
    status_id  BIGINT NOT NULL,
    follow_up  BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, status_id)
);

-- +goose Down
DROP TABLE mention_shields;
DROP TABLE home_filters;
