-- Each token remembers the authorization code it was issued from, so that a
-- replayed code revokes exactly those tokens (RFC 6749 §4.1.2) and nothing
-- else of the user's. Keep in lock-step with ../postgres/00010_token_code.sql.

-- +goose Up
ALTER TABLE tokens ADD COLUMN code_hash TEXT;       -- NULL: not issued from a code
CREATE INDEX tokens_code_hash ON tokens (code_hash) WHERE code_hash IS NOT NULL;

-- +goose Down
DROP INDEX tokens_code_hash;
ALTER TABLE tokens DROP COLUMN code_hash;
