-- friendships/create carries rip, the end user's IP address as the app
-- reports it (README §3 of the Sina spec: accept and store it).

-- +goose Up
ALTER TABLE follows ADD COLUMN rip TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE follows DROP COLUMN rip;
