-- Registration by invitation (issue 17, --registrations invite): a code an
-- admin or a user made, stored only as a hash, good for uses_left more
-- sign-ups until expires_at (0: no end). Accounts waiting for approval
-- (--registrations approval) are users.state = 3.

-- +goose Up
CREATE TABLE invites (
    code_hash  TEXT    NOT NULL PRIMARY KEY,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL DEFAULT 0,
    uses_left  BIGINT NOT NULL,
    uses       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX invites_created_by ON invites (created_by, created_at);

-- +goose Down
DROP TABLE invites;
