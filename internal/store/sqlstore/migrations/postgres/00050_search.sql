-- Full-text index of statuses (search area, internal/search/postgres). Keep in
-- lock-step with ../sqlite/00050_search.sql.
--
-- The tokens the application's Chinese segmenter cut a status into, as a
-- tsvector built with array_to_tsvector (no parser, no stemming: the tokens
-- are final), searched through a GIN index; the facets search/statuses
-- filters by are plain columns.
-- +goose Up
CREATE TABLE search_statuses (
    status_id BIGINT   NOT NULL PRIMARY KEY,
    user_id   BIGINT   NOT NULL,
    app_id    BIGINT   NOT NULL DEFAULT 0,
    repost    SMALLINT NOT NULL DEFAULT 0,
    has_pic   SMALLINT NOT NULL DEFAULT 0,
    province  INTEGER  NOT NULL DEFAULT 0,
    city      INTEGER  NOT NULL DEFAULT 0,
    tokens    TSVECTOR NOT NULL
);
CREATE INDEX search_statuses_tokens ON search_statuses USING GIN (tokens);
CREATE INDEX search_statuses_user ON search_statuses (user_id, status_id);

-- Progress of a rebuild (weibo reindex), so an interrupted one resumes.
CREATE TABLE search_state (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);

-- +goose Down
DROP TABLE search_state;
DROP TABLE search_statuses;
