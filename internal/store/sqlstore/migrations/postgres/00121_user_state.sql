-- Account states: 0 active, 1 deactivated by its owner (final). Only active
-- users are returned by the store's user reads, so a deactivated account is
-- gone from every read path at once; its statuses are withdrawn with it
-- (statuses.deleted = 2, told apart from those deleted by hand, 1).

-- +goose Up
ALTER TABLE users ADD COLUMN state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN state_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN state_at;
ALTER TABLE users DROP COLUMN state;
