-- Pictures and avatars (issue 9). Keep in lock-step with ../sqlite/00040_media.sql,
-- which explains the tables.

-- +goose Up
CREATE TABLE pictures (
    id          TEXT     NOT NULL PRIMARY KEY,
    kind        TEXT     NOT NULL,
    width       INTEGER  NOT NULL DEFAULT 0,
    height      INTEGER  NOT NULL DEFAULT 0,
    animated    SMALLINT NOT NULL DEFAULT 0,
    bytes       BIGINT   NOT NULL DEFAULT 0,
    refs        INTEGER  NOT NULL DEFAULT 0,
    released_at BIGINT   NOT NULL,
    state       SMALLINT NOT NULL DEFAULT 0,
    claimed_at  BIGINT   NOT NULL DEFAULT 0,
    created_at  BIGINT   NOT NULL
);
CREATE INDEX pictures_unreferenced ON pictures (released_at) WHERE refs = 0;

CREATE TABLE picture_owners (
    picture_id TEXT   NOT NULL,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (picture_id, user_id)
);

ALTER TABLE users RENAME COLUMN profile_image_url TO avatar;
UPDATE users SET avatar = '' WHERE avatar <> '';

CREATE INDEX statuses_pictures ON statuses (user_id, id) WHERE pic_ids <> '';

-- +goose Down
DROP INDEX statuses_pictures;
ALTER TABLE users RENAME COLUMN avatar TO profile_image_url;
DROP TABLE picture_owners;
DROP TABLE pictures;
