-- Pictures and avatars (issue 9). Keep in lock-step with ../postgres/00040_media.sql.
--
-- A picture row stands for an upload's renditions in the blob store (keys
-- derived from kind and id, see internal/media). Ids come from the content,
-- so the same bytes uploaded twice share one row: refs counts the live
-- statuses (or users, for an avatar) showing it, picture_owners who uploaded
-- it (only they may attach it to a status). A sweep deletes pictures
-- unreferenced for longer than --media-retention: it claims the row
-- (state 1), deletes the blobs, then the row.

-- +goose Up
CREATE TABLE pictures (
    id          TEXT    NOT NULL PRIMARY KEY,  -- 31 hex digits and the format character
    kind        TEXT    NOT NULL,              -- 'pic' (status picture) or 'avatar'
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    animated    INTEGER NOT NULL DEFAULT 0,
    bytes       INTEGER NOT NULL DEFAULT 0,    -- every rendition together
    refs        INTEGER NOT NULL DEFAULT 0,
    released_at INTEGER NOT NULL,              -- when refs last fell to 0 (or the last upload while 0)
    state       INTEGER NOT NULL DEFAULT 0,    -- 0 live, 1 being deleted by a sweep
    claimed_at  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- The sweep's candidates: unreferenced pictures, oldest released first.
CREATE INDEX pictures_unreferenced ON pictures (released_at) WHERE refs = 0;

CREATE TABLE picture_owners (
    picture_id TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (picture_id, user_id)
) STRICT, WITHOUT ROWID;

-- Users keep the id of their avatar upload ('' = the default avatar); the
-- URLs are rendered from it. No code ever wrote the old column.
ALTER TABLE users RENAME COLUMN profile_image_url TO avatar;
UPDATE users SET avatar = '' WHERE avatar <> '';

-- Timelines filtered to statuses with pictures (feature=2) read only those.
CREATE INDEX statuses_pictures ON statuses (user_id, id) WHERE pic_ids <> '';

-- +goose Down
DROP INDEX statuses_pictures;
ALTER TABLE users RENAME COLUMN avatar TO profile_image_url;
DROP TABLE picture_owners;
DROP TABLE pictures;
