-- Privacy settings (account/get_privacy, social area), kept on the user's
-- row so every read of users carries them. Defaults are domain.DefaultPrivacy.
-- Keep in lock-step with ../postgres/00061_privacy.sql.
-- +goose Up
ALTER TABLE users ADD COLUMN privacy_comment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN privacy_message INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN privacy_geo INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN privacy_find_by_email INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN privacy_realname INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN privacy_badge INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN privacy_mobile INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN privacy_webim INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE users DROP COLUMN privacy_webim;
ALTER TABLE users DROP COLUMN privacy_mobile;
ALTER TABLE users DROP COLUMN privacy_badge;
ALTER TABLE users DROP COLUMN privacy_realname;
ALTER TABLE users DROP COLUMN privacy_find_by_email;
ALTER TABLE users DROP COLUMN privacy_geo;
ALTER TABLE users DROP COLUMN privacy_message;
ALTER TABLE users DROP COLUMN privacy_comment;
