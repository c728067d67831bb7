-- Short links (social area, short_url.md). Keep in lock-step with ../postgres/00063_short_urls.sql.
-- +goose Up

-- Which statuses hold a link (short_url/share/*).
CREATE INDEX status_links_url ON status_links (url, status_id);

-- The links a comment's text holds (short_url/comment/*).
CREATE TABLE comment_links (
    comment_id INTEGER NOT NULL,
    url        TEXT    NOT NULL,
    PRIMARY KEY (comment_id, url)
) STRICT, WITHOUT ROWID;
CREATE INDEX comment_links_url ON comment_links (url, comment_id);

-- One short link per long URL; code is the path below the short-link base.
CREATE TABLE short_urls (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL,
    url_long   TEXT    NOT NULL,
    clicks     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX short_urls_code ON short_urls (code);
CREATE UNIQUE INDEX short_urls_long ON short_urls (url_long);

-- Clicks by referring site and by region of the client.
CREATE TABLE short_url_referers (
    url_id  INTEGER NOT NULL,
    referer TEXT    NOT NULL,
    clicks  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (url_id, referer)
) STRICT, WITHOUT ROWID;
CREATE TABLE short_url_locations (
    url_id   INTEGER NOT NULL,
    location TEXT    NOT NULL,
    province INTEGER NOT NULL DEFAULT 0,
    clicks   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (url_id, location)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE short_url_locations;
DROP TABLE short_url_referers;
DROP TABLE short_urls;
DROP TABLE comment_links;
DROP INDEX status_links_url;
