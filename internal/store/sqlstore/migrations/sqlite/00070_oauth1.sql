-- OAuth 1.0a (the Tencent dialect) and the apps' signing secrets. Keep in
-- lock-step with ../postgres/00070_oauth1.sql.
-- +goose Up

-- Request and access tokens. The token is kept as a hash (the lookup key);
-- its secret as given, since an HMAC is checked with the key itself.
CREATE TABLE oauth1_tokens (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    secret        TEXT    NOT NULL,
    access        INTEGER NOT NULL DEFAULT 0,
    app_id        INTEGER NOT NULL,
    user_id       INTEGER NOT NULL DEFAULT 0,
    callback      TEXT    NOT NULL DEFAULT '',
    verifier_hash TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL DEFAULT 0, -- 0: until revoked
    used          INTEGER NOT NULL DEFAULT 0,
    revoked       INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE INDEX oauth1_tokens_user_app ON oauth1_tokens (user_id, app_id);
CREATE INDEX oauth1_tokens_expires ON oauth1_tokens (expires_at);

-- The secret of each app as issued: OAuth 1.0a and Xweibo's api_sign sign
-- with it. Apps created before this table have none until given a new one.
CREATE TABLE app_signing_secrets (
    app_id INTEGER NOT NULL PRIMARY KEY,
    secret TEXT    NOT NULL
) STRICT;

-- +goose Down
DROP TABLE app_signing_secrets;
DROP TABLE oauth1_tokens;
