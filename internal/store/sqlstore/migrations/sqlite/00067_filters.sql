-- What users hide (social area). Keep in lock-step with ../postgres/00067_filters.sql.
-- +goose Up

-- Statuses a user hid from their home timeline (statuses/filter/create).
CREATE TABLE home_filters (
    user_id    INTEGER NOT NULL,
    status_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, status_id)
) STRICT, WITHOUT ROWID;

-- Mentions a user shielded (statuses/mentions/shield); follow_up 1 also
-- hides the reposts of the status (by root or direct parent).
CREATE TABLE mention_shields (
    user_id    INTEGER NOT NULL,
    status_id  INTEGER NOT NULL,
    follow_up  INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, status_id)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE mention_shields;
DROP TABLE home_filters;
