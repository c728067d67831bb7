-- Short links (social area, short_url.md). Keep in lock-step with ../sqlite/00063_short_urls.sql.
-- +goose Up

-- Which statuses hold a link (short_url/share/*).
CREATE INDEX status_links_url ON status_links (url, status_id);

-- The links a comment's text holds (short_url/comment/*).
CREATE TABLE comment_links (
    comment_id BIGINT NOT NULL,
    url        TEXT    NOT NULL,
    PRIMARY KEY (comment_id, url)
);
CREATE INDEX comment_links_url ON comment_links (url, comment_id);

-- One short link per long URL; code is the path below the short-link base.
CREATE TABLE short_urls (
    id         BIGINT PRIMARY KEY,
    code       TEXT    NOT NULL,
    url_long   TEXT    NOT NULL,
    clicks     BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX short_urls_code ON short_urls (code);
CREATE UNIQUE INDEX short_urls_long ON short_urls (url_long);

-- Clicks by referring site and by region of the client.
CREATE TABLE short_url_referers (
    url_id  BIGINT NOT NULL,
    referer TEXT    NOT NULL,
    clicks  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (url_id, referer)
);
CREATE TABLE short_url_locations (
    url_id   BIGINT NOT NULL,
    location TEXT    NOT NULL,
    province BIGINT NOT NULL DEFAULT 0,
    clicks   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (url_id, location)
);

-- +goose Down
DROP TABLE short_url_locations;
DROP TABLE short_url_referers;
DROP TABLE short_urls;
DROP TABLE comment_links;
DROP INDEX status_links_url;
