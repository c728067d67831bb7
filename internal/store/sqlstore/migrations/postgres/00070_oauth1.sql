-- OAuth 1.0a (the Tencent dialect) and the apps' signing secrets. Keep in
-- lock-step with ../sqlite/00070_oauth1.sql.
-- +goose Up

-- Request and access tokens. The token is kept as a hash (the lookup key);
-- its secret as given, since an HMAC is checked with the key itself.
CREATE TABLE oauth1_tokens (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    secret        TEXT    NOT NULL,
    access        SMALLINT NOT NULL DEFAULT 0,
    app_id        BIGINT NOT NULL,
    user_id       BIGINT NOT NULL DEFAULT 0,
    callback      TEXT    NOT NULL DEFAULT '',
    verifier_hash TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL DEFAULT 0, -- 0: until revoked
    used          SMALLINT NOT NULL DEFAULT 0,
    revoked       SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX oauth1_tokens_user_app ON oauth1_tokens (user_id, app_id);
CREATE INDEX oauth1_tokens_expires ON oauth1_tokens (expires_at);

-- The secret of each app as issued: OAuth 1.0a and Xweibo's api_sign sign
-- with it. Apps created before this table have none until given a new one.
CREATE TABLE app_signing_secrets (
    app_id BIGINT NOT NULL PRIMARY KEY,
    secret TEXT    NOT NULL
);

-- +goose Down
DROP TABLE app_signing_secrets;
DROP TABLE oauth1_tokens;
