-- Topics people follow (social area, trends.md). Keep in lock-step with ../sqlite/00069_trends.sql.
-- +goose Up

-- A #topic# gets an id when someone first follows it; statuses carry
-- topics by name (status_topics).
CREATE TABLE topics (
    id   BIGINT PRIMARY KEY,
    name TEXT   NOT NULL
);
CREATE UNIQUE INDEX topics_name ON topics (name);

CREATE TABLE topic_follows (
    user_id    BIGINT NOT NULL,
    topic_id   BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, topic_id)
);
CREATE INDEX topic_follows_user_time ON topic_follows (user_id, created_at, topic_id);

-- +goose Down
DROP TABLE topic_follows;
DROP TABLE topics;
