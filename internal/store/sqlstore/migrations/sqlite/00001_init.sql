-- Weibo Server schema, SQLite flavour. Keep in lock-step with ../postgres/00001_init.sql:
-- same tables, columns, indexes and version numbers; only the types differ.
--
-- Conventions: ids are app-generated int64 (INTEGER PRIMARY KEY = the rowid);
-- times are Unix milliseconds UTC; booleans are 0/1; lists are comma-joined TEXT;
-- optional text is '' except where a UNIQUE column needs NULL for "none".

-- +goose Up
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY,
    screen_name        TEXT    NOT NULL,
    screen_name_key    TEXT    NOT NULL,          -- lower-cased screen_name: case-insensitive uniqueness
    email              TEXT,                      -- NULL when none
    email_key          TEXT,                      -- lower-cased email, NULL when none
    password_hash      TEXT    NOT NULL DEFAULT '',
    description        TEXT    NOT NULL DEFAULT '',
    location           TEXT    NOT NULL DEFAULT '',
    url                TEXT    NOT NULL DEFAULT '',
    profile_image_url  TEXT    NOT NULL DEFAULT '',
    domain             TEXT,                      -- personal domain, NULL when none
    gender             TEXT    NOT NULL DEFAULT '',
    province           INTEGER NOT NULL DEFAULT 0,
    city               INTEGER NOT NULL DEFAULT 0,
    verified           INTEGER NOT NULL DEFAULT 0,
    verified_type      INTEGER NOT NULL DEFAULT 0,
    verified_reason    TEXT    NOT NULL DEFAULT '',
    lang               TEXT    NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    followers_count    INTEGER NOT NULL DEFAULT 0,
    friends_count      INTEGER NOT NULL DEFAULT 0,
    bi_followers_count INTEGER NOT NULL DEFAULT 0,
    statuses_count     INTEGER NOT NULL DEFAULT 0,
    favourites_count   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX users_screen_name_key ON users (screen_name_key);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE UNIQUE INDEX users_domain ON users (domain);

CREATE TABLE apps (
    id           INTEGER PRIMARY KEY,
    app_key      TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL DEFAULT '',
    name         TEXT    NOT NULL DEFAULT '',
    redirect_uri TEXT    NOT NULL DEFAULT '',
    level        TEXT    NOT NULL DEFAULT 'normal',
    url          TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX apps_app_key ON apps (app_key);

CREATE TABLE tokens (
    access_hash  TEXT    NOT NULL PRIMARY KEY,
    refresh_hash TEXT,                            -- NULL when the grant has no refresh token
    user_id      INTEGER NOT NULL,
    app_id       INTEGER NOT NULL,
    scopes       TEXT    NOT NULL DEFAULT '',     -- comma-joined
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL DEFAULT 0,      -- 0 = never
    revoked      INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX tokens_refresh_hash ON tokens (refresh_hash);
CREATE INDEX tokens_user_app ON tokens (user_id, app_id);

CREATE TABLE auth_codes (
    code_hash    TEXT    NOT NULL PRIMARY KEY,
    app_id       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    redirect_uri TEXT    NOT NULL DEFAULT '',
    scopes       TEXT    NOT NULL DEFAULT '',
    expires_at   INTEGER NOT NULL DEFAULT 0,
    used         INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE statuses (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL,
    app_id          INTEGER NOT NULL DEFAULT 0,
    text            TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    retweeted_id    INTEGER NOT NULL DEFAULT 0,   -- root original of a repost, 0 for originals
    parent_id       INTEGER NOT NULL DEFAULT 0,   -- status actually reposted, 0 for originals
    visible_type    INTEGER NOT NULL DEFAULT 0,
    visible_list_id INTEGER NOT NULL DEFAULT 0,
    geo_lat         REAL,
    geo_long        REAL,
    annotations     TEXT    NOT NULL DEFAULT '',
    pic_ids         TEXT    NOT NULL DEFAULT '',  -- comma-joined
    rip             TEXT    NOT NULL DEFAULT '',
    deleted         INTEGER NOT NULL DEFAULT 0,
    reposts_count   INTEGER NOT NULL DEFAULT 0,
    comments_count  INTEGER NOT NULL DEFAULT 0,
    attitudes_count INTEGER NOT NULL DEFAULT 0
) STRICT;
-- Timelines by author (user, home, authors). deleted and visible_type ride along so
-- that the visibility test of an unfiltered timeline needs no table lookup.
CREATE INDEX statuses_user_id ON statuses (user_id, id, deleted, visible_type);
-- Reposts by root and by direct parent; originals (0) are left out of both.
CREATE INDEX statuses_retweeted_id ON statuses (retweeted_id, id) WHERE retweeted_id <> 0;
CREATE INDEX statuses_parent_id ON statuses (parent_id, id) WHERE parent_id <> 0;

CREATE TABLE status_mentions (
    status_id INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    PRIMARY KEY (status_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX status_mentions_user ON status_mentions (user_id, status_id);

CREATE TABLE status_topics (
    status_id INTEGER NOT NULL,
    topic     TEXT    NOT NULL,
    PRIMARY KEY (status_id, topic)
) STRICT, WITHOUT ROWID;
CREATE INDEX status_topics_topic ON status_topics (topic, status_id);

CREATE TABLE status_links (
    status_id INTEGER NOT NULL,
    url       TEXT    NOT NULL,
    PRIMARY KEY (status_id, url)
) STRICT, WITHOUT ROWID;

CREATE TABLE comments (
    id             INTEGER PRIMARY KEY,
    status_id      INTEGER NOT NULL,
    status_user_id INTEGER NOT NULL DEFAULT 0,    -- author of the status (denormalised for "to me")
    user_id        INTEGER NOT NULL,
    app_id         INTEGER NOT NULL DEFAULT 0,
    text           TEXT    NOT NULL DEFAULT '',
    reply_id       INTEGER NOT NULL DEFAULT 0,
    reply_user_id  INTEGER NOT NULL DEFAULT 0,    -- author of the comment replied to
    created_at     INTEGER NOT NULL,
    rip            TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX comments_status ON comments (status_id, id);
CREATE INDEX comments_user ON comments (user_id, id);
CREATE INDEX comments_status_user ON comments (status_user_id, id);
CREATE INDEX comments_reply_user ON comments (reply_user_id, id) WHERE reply_user_id <> 0;

CREATE TABLE comment_mentions (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX comment_mentions_user ON comment_mentions (user_id, comment_id);

CREATE TABLE follows (
    follower_id INTEGER NOT NULL,
    followee_id INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX follows_followee ON follows (followee_id, follower_id);
CREATE INDEX follows_follower_time ON follows (follower_id, created_at, followee_id);
CREATE INDEX follows_followee_time ON follows (followee_id, created_at, follower_id);

CREATE TABLE unread (
    user_id INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE home_read_marks (
    user_id   INTEGER PRIMARY KEY,
    status_id INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox (
    id         TEXT    NOT NULL PRIMARY KEY,
    type       TEXT    NOT NULL,
    payload    BLOB    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_created ON outbox (created_at, id);

-- +goose Down
DROP TABLE outbox;
DROP TABLE home_read_marks;
DROP TABLE unread;
DROP TABLE follows;
DROP TABLE comment_mentions;
DROP TABLE comments;
DROP TABLE status_links;
DROP TABLE status_topics;
DROP TABLE status_mentions;
DROP TABLE statuses;
DROP TABLE auth_codes;
DROP TABLE tokens;
DROP TABLE apps;
DROP TABLE users;
