-- Suggestions (search area). Keep in lock-step with ../sqlite/00051_suggestions.sql.
-- +goose Up

-- Keys a screen name is found under by search/suggestions/users: the name
-- lower-cased, its pinyin and its pinyin initials (internal/text.NameKeys).
-- Prefix queries are byte ranges, so the keys compare bytewise (COLLATE "C").
CREATE TABLE user_name_keys (
    name_key TEXT COLLATE "C" NOT NULL,
    user_id  BIGINT NOT NULL,
    PRIMARY KEY (name_key, user_id)
);
CREATE INDEX user_name_keys_user ON user_name_keys (user_id);

-- Users someone asked never to be suggested again (suggestions/users/not_interested).
CREATE TABLE suggestion_hidden (
    user_id    BIGINT NOT NULL,
    hidden_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, hidden_id)
);

-- +goose Down
DROP TABLE suggestion_hidden;
DROP TABLE user_name_keys;
