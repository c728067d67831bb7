-- Tallies kept as statuses are written and deleted, so that a total over
-- the whole site (the public timeline's total_number) is one read of a few
-- rows instead of a count of every status. Each tally is split in 16 shards
-- by author (user_id % 16), so that concurrent posts by different authors
-- seldom wait for each other's row; a total is the sum of its shards.

-- +goose Up
CREATE TABLE status_tallies (
    name  TEXT   NOT NULL,
    shard INTEGER NOT NULL,
    n     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (name, shard)
);
INSERT INTO status_tallies (name, shard, n) SELECT 'public', k, 0 FROM generate_series(0, 15) AS k;
UPDATE status_tallies t SET n = c.n FROM (SELECT user_id % 16 AS shard, COUNT(*) AS n FROM statuses
    WHERE visible_type = 0 AND deleted = 0 GROUP BY user_id % 16) c
WHERE t.name = 'public' AND t.shard = c.shard;

-- +goose Down
DROP TABLE status_tallies;
