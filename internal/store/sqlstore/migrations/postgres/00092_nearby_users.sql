-- People nearby (place/nearby_users/*). Keep in lock-step with
-- ../sqlite/00092_nearby_users.sql.
-- +goose Up

-- A position a user published, until expires_at (ms); cell as in
-- places_pois. One per user: publishing again replaces it.
CREATE TABLE nearby_users (
    user_id    BIGINT NOT NULL PRIMARY KEY,
    lat        DOUBLE PRECISION NOT NULL,
    lng        DOUBLE PRECISION NOT NULL,
    cell       BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX nearby_users_cell ON nearby_users (cell, expires_at);

-- +goose Down
DROP TABLE nearby_users;
