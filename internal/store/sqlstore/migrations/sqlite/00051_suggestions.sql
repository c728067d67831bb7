-- Suggestions (search area). Keep in lock-step with ../postgres/00051_suggestions.sql.
-- +goose Up

-- Keys a screen name is found under by search/suggestions/users: the name
-- lower-cased, its pinyin and its pinyin initials (internal/text.NameKeys).
-- Prefix queries are byte ranges, so the keys compare bytewise (BINARY).
CREATE TABLE user_name_keys (
    name_key TEXT    NOT NULL,
    user_id  INTEGER NOT NULL,
    PRIMARY KEY (name_key, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_name_keys_user ON user_name_keys (user_id);

-- Users someone asked never to be suggested again (suggestions/users/not_interested).
CREATE TABLE suggestion_hidden (
    user_id    INTEGER NOT NULL,
    hidden_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, hidden_id)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE suggestion_hidden;
DROP TABLE user_name_keys;
