-- Status tags and user tags (social area, tags.md). Keep in lock-step with ../sqlite/00068_tags.sql.
-- +goose Up

-- A user's private labels for their own statuses; tag_key is the lower-cased
-- text (one label per text).
CREATE TABLE status_tags (
    id         BIGINT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    tag        TEXT    NOT NULL,
    tag_key    TEXT    NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX status_tags_user_key ON status_tags (user_id, tag_key);

-- Which labels a status carries (at most five, enforced by the core).
CREATE TABLE status_tag_links (
    user_id   BIGINT NOT NULL,
    status_id BIGINT NOT NULL,
    tag_id    BIGINT NOT NULL,
    PRIMARY KEY (user_id, status_id, tag_id)
);
CREATE INDEX status_tag_links_tag ON status_tag_links (tag_id, status_id);

-- The dictionary of user tags, shared by every user: a text has one id.
-- holders counts who carries it (its weight).
CREATE TABLE user_tag_texts (
    id      BIGINT PRIMARY KEY,
    tag     TEXT    NOT NULL,
    tag_key TEXT    NOT NULL,
    holders BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX user_tag_texts_key ON user_tag_texts (tag_key);
CREATE INDEX user_tag_texts_holders ON user_tag_texts (holders, id);

-- Who carries which user tag (at most ten each, enforced by the core).
CREATE TABLE user_tags (
    user_id    BIGINT NOT NULL,
    tag_id     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, tag_id)
);
CREATE INDEX user_tags_tag ON user_tags (tag_id, user_id);

-- +goose Down
DROP TABLE user_tags;
DROP TABLE user_tag_texts;
DROP TABLE status_tag_links;
DROP TABLE status_tags;
