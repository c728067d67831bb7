-- People nearby (place/nearby_users/*). Keep in lock-step with
-- ../postgres/00092_nearby_users.sql.
-- +goose Up

-- A position a user published, until expires_at (ms); cell as in
-- places_pois. One per user: publishing again replaces it.
CREATE TABLE nearby_users (
    user_id    INTEGER NOT NULL PRIMARY KEY,
    lat        REAL    NOT NULL,
    lng        REAL    NOT NULL,
    cell       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX nearby_users_cell ON nearby_users (cell, expires_at);

-- +goose Down
DROP TABLE nearby_users;
