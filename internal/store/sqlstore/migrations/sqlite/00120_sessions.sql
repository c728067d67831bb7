-- Browser sessions: a person signed in on the OAuth consent page (and the
-- web site's pages later) is remembered by a cookie whose secret is stored
-- here only as a hash, so that a stolen database opens no session.

-- +goose Up
CREATE TABLE sessions (
    id_hash    TEXT   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
