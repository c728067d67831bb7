-- Favourites and their tags (social area). Keep in lock-step with ../postgres/00065_favorites.sql.
-- +goose Up

-- A favourite is keyed by the status it keeps; newest first by created_at.
CREATE TABLE favorites (
    user_id    INTEGER NOT NULL,
    status_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, status_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX favorites_user_time ON favorites (user_id, created_at, status_id);
-- How often each status is favourited (suggestions/favorites/hot).
CREATE INDEX favorites_status ON favorites (status_id, user_id);

-- A user's favourite tags; tag_key is the lower-cased text (one tag per text).
CREATE TABLE favorite_tags (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL,
    tag      TEXT    NOT NULL,
    tag_key  TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX favorite_tags_user_key ON favorite_tags (user_id, tag_key);

-- Which tags a favourite carries (at most two, enforced by the core).
CREATE TABLE favorite_tag_links (
    user_id   INTEGER NOT NULL,
    status_id INTEGER NOT NULL,
    tag_id    INTEGER NOT NULL,
    PRIMARY KEY (user_id, status_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX favorite_tag_links_tag ON favorite_tag_links (tag_id, status_id);

-- +goose Down
DROP TABLE favorite_tag_links;
DROP TABLE favorite_tags;
DROP TABLE favorites;
