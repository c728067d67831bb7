-- Account deletion (issue 17): a deleted account (users.state = 4) keeps a
-- tombstone row whose screen_name_key, e-mail and domain are freed, and its
-- former screen name is held here until held_until (Unix ms): sign-up and
-- rename refuse it meanwhile, so no one takes over a name others still
-- know. Rows past `until` are only kept to find the account by its old
-- name (`weibo user delete NAME` rerun).

-- +goose Up
CREATE TABLE name_holds (
    name_key   TEXT    NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    held_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX name_holds_user ON name_holds (user_id);

-- +goose Down
DROP TABLE name_holds;
