-- Full-text index of statuses (search area, internal/search/sqlite). Keep in
-- lock-step with ../postgres/00050_search.sql.
--
-- One FTS5 table holding, per status (rowid = status id), the tokens the
-- application's Chinese segmenter cut its text into, space-joined, plus facet
-- tokens starting with '_' (author, app, original/repost, picture, region),
-- which no text token can start with. Contentless (the text lives in
-- statuses), deletable, and detail=none: queries are boolean combinations of
-- single tokens, so positions would only cost space.
-- +goose Up
CREATE VIRTUAL TABLE search_statuses USING fts5(
    tokens,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = "unicode61 tokenchars '_'"
);

-- Progress of a rebuild (weibo reindex), so an interrupted one resumes.
CREATE TABLE search_state (
    name  TEXT    NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE search_state;
DROP TABLE search_statuses;
