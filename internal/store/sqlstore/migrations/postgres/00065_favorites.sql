-- Favourites and their tags (social area). Keep in lock-step with ../sqlite/00065_favorites.sql.
-- +goose Up

-- A favourite is keyed by the status it keeps; newest first by created_at.
CREATE TABLE favorites (
    user_id    BIGINT NOT NULL,
    status_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, status_id)
);
CREATE INDEX favorites_user_time ON favorites (user_id, created_at, status_id);
-- How often each status is favourited (suggestions/favorites/hot).
CREATE INDEX favorites_status ON favorites (status_id, user_id);

-- A user's favourite tags; tag_key is the lower-cased text (one tag per text).
CREATE TABLE favorite_tags (
    id       BIGINT PRIMARY KEY,
    user_id  BIGINT NOT NULL,
    tag      TEXT   NOT NULL,
    tag_key  TEXT   NOT NULL
);
CREATE UNIQUE INDEX favorite_tags_user_key ON favorite_tags (user_id, tag_key);

-- Which tags a favourite carries (at most two, enforced by the core).
CREATE TABLE favorite_tag_links (
    user_id   BIGINT NOT NULL,
    status_id BIGINT NOT NULL,
    tag_id    BIGINT NOT NULL,
    PRIMARY KEY (user_id, status_id, tag_id)
);
CREATE INDEX favorite_tag_links_tag ON favorite_tag_links (tag_id, status_id);

-- +goose Down
DROP TABLE favorite_tag_links;
DROP TABLE favorite_tags;
DROP TABLE favorites;
