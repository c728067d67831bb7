-- Node leases: one row per node number of the id layout (0-31) that any
-- process has ever held. A live process (weibo serve, and each CLI command
-- that creates rows) holds one, renews it, and frees it when it ends, so no
-- two live processes make ids as the same node. Keep in lock-step with
-- ../sqlite/00020_node_leases.sql.
--
-- since/expires_at are Unix ms by the database's clock (one clock for every
-- process); floor_ms/ceiling_ms are Unix ms of the ids' own clock: the
-- holder makes no id at or after ceiling_ms, and the next holder starts at
-- it (floor_ms), so ids of two holders of one number never meet.

-- +goose Up
CREATE TABLE node_leases (
    node       BIGINT  PRIMARY KEY,
    holder     TEXT    NOT NULL DEFAULT '',       -- random token of the holding process; '' = free
    pid        BIGINT  NOT NULL DEFAULT 0,
    host       TEXT    NOT NULL DEFAULT '',
    purpose    TEXT    NOT NULL DEFAULT '',       -- "weibo serve", "weibo user create", ...
    since      BIGINT  NOT NULL DEFAULT 0,
    expires_at BIGINT  NOT NULL DEFAULT 0,
    floor_ms   BIGINT  NOT NULL DEFAULT 0,
    ceiling_ms BIGINT  NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE node_leases;
