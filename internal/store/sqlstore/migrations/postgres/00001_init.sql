-- Weibo Server schema, PostgreSQL flavour. Keep in lock-step with ../sqlite/00001_init.sql:
-- same tables, columns, indexes and version numbers; only the types differ.
--
-- Conventions: ids are app-generated int64 (BIGINT); times are Unix milliseconds UTC
-- (BIGINT); booleans are SMALLINT 0/1; lists are comma-joined TEXT; optional text is ''
-- except where a UNIQUE column needs NULL for "none".

-- +goose Up
CREATE TABLE users (
    id                 BIGINT   PRIMARY KEY,
    screen_name        TEXT     NOT NULL,
    screen_name_key    TEXT     NOT NULL,
    email              TEXT,
    email_key          TEXT,
    password_hash      TEXT     NOT NULL DEFAULT '',
    description        TEXT     NOT NULL DEFAULT '',
    location           TEXT     NOT NULL DEFAULT '',
    url                TEXT     NOT NULL DEFAULT '',
    profile_image_url  TEXT     NOT NULL DEFAULT '',
    domain             TEXT,
    gender             TEXT     NOT NULL DEFAULT '',
    province           INTEGER  NOT NULL DEFAULT 0,
    city               INTEGER  NOT NULL DEFAULT 0,
    verified           SMALLINT NOT NULL DEFAULT 0,
    verified_type      INTEGER  NOT NULL DEFAULT 0,
    verified_reason    TEXT     NOT NULL DEFAULT '',
    lang               TEXT     NOT NULL DEFAULT '',
    created_at         BIGINT   NOT NULL,
    followers_count    INTEGER  NOT NULL DEFAULT 0,
    friends_count      INTEGER  NOT NULL DEFAULT 0,
    bi_followers_count INTEGER  NOT NULL DEFAULT 0,
    statuses_count     INTEGER  NOT NULL DEFAULT 0,
    favourites_count   INTEGER  NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_screen_name_key ON users (screen_name_key);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE UNIQUE INDEX users_domain ON users (domain);

CREATE TABLE apps (
    id           BIGINT PRIMARY KEY,
    app_key      TEXT   NOT NULL,
    secret_hash  TEXT   NOT NULL DEFAULT '',
    name         TEXT   NOT NULL DEFAULT '',
    redirect_uri TEXT   NOT NULL DEFAULT '',
    level        TEXT   NOT NULL DEFAULT 'normal',
    url          TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX apps_app_key ON apps (app_key);

CREATE TABLE tokens (
    access_hash  TEXT     PRIMARY KEY,
    refresh_hash TEXT,
    user_id      BIGINT   NOT NULL,
    app_id       BIGINT   NOT NULL,
    scopes       TEXT     NOT NULL DEFAULT '',
    created_at   BIGINT   NOT NULL,
    expires_at   BIGINT   NOT NULL DEFAULT 0,
    revoked      SMALLINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tokens_refresh_hash ON tokens (refresh_hash);
CREATE INDEX tokens_user_app ON tokens (user_id, app_id);

CREATE TABLE auth_codes (
    code_hash    TEXT     PRIMARY KEY,
    app_id       BIGINT   NOT NULL,
    user_id      BIGINT   NOT NULL,
    redirect_uri TEXT     NOT NULL DEFAULT '',
    scopes       TEXT     NOT NULL DEFAULT '',
    expires_at   BIGINT   NOT NULL DEFAULT 0,
    used         SMALLINT NOT NULL DEFAULT 0
);

CREATE TABLE statuses (
    id              BIGINT           PRIMARY KEY,
    user_id         BIGINT           NOT NULL,
    app_id          BIGINT           NOT NULL DEFAULT 0,
    text            TEXT             NOT NULL DEFAULT '',
    created_at      BIGINT           NOT NULL,
    retweeted_id    BIGINT           NOT NULL DEFAULT 0,
    parent_id       BIGINT           NOT NULL DEFAULT 0,
    visible_type    SMALLINT         NOT NULL DEFAULT 0,
    visible_list_id BIGINT           NOT NULL DEFAULT 0,
    geo_lat         DOUBLE PRECISION,
    geo_long        DOUBLE PRECISION,
    annotations     TEXT             NOT NULL DEFAULT '',
    pic_ids         TEXT             NOT NULL DEFAULT '',
    rip             TEXT             NOT NULL DEFAULT '',
    deleted         SMALLINT         NOT NULL DEFAULT 0,
    reposts_count   INTEGER          NOT NULL DEFAULT 0,
    comments_count  INTEGER          NOT NULL DEFAULT 0,
    attitudes_count INTEGER          NOT NULL DEFAULT 0
);
CREATE INDEX statuses_user_id ON statuses (user_id, id, deleted, visible_type);
CREATE INDEX statuses_retweeted_id ON statuses (retweeted_id, id) WHERE retweeted_id <> 0;
CREATE INDEX statuses_parent_id ON statuses (parent_id, id) WHERE parent_id <> 0;

CREATE TABLE status_mentions (
    status_id BIGINT NOT NULL,
    user_id   BIGINT NOT NULL,
    PRIMARY KEY (status_id, user_id)
);
CREATE INDEX status_mentions_user ON status_mentions (user_id, status_id);

CREATE TABLE status_topics (
    status_id BIGINT NOT NULL,
    topic     TEXT   NOT NULL,
    PRIMARY KEY (status_id, topic)
);
CREATE INDEX status_topics_topic ON status_topics (topic, status_id);

CREATE TABLE status_links (
    status_id BIGINT NOT NULL,
    url       TEXT   NOT NULL,
    PRIMARY KEY (status_id, url)
);

CREATE TABLE comments (
    id             BIGINT PRIMARY KEY,
    status_id      BIGINT NOT NULL,
    status_user_id BIGINT NOT NULL DEFAULT 0,
    user_id        BIGINT NOT NULL,
    app_id         BIGINT NOT NULL DEFAULT 0,
    text           TEXT   NOT NULL DEFAULT '',
    reply_id       BIGINT NOT NULL DEFAULT 0,
    reply_user_id  BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    rip            TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX comments_status ON comments (status_id, id);
CREATE INDEX comments_user ON comments (user_id, id);
CREATE INDEX comments_status_user ON comments (status_user_id, id);
CREATE INDEX comments_reply_user ON comments (reply_user_id, id) WHERE reply_user_id <> 0;

CREATE TABLE comment_mentions (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_mentions_user ON comment_mentions (user_id, comment_id);

CREATE TABLE follows (
    follower_id BIGINT NOT NULL,
    followee_id BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, follower_id);
CREATE INDEX follows_follower_time ON follows (follower_id, created_at, followee_id);
CREATE INDEX follows_followee_time ON follows (followee_id, created_at, follower_id);

CREATE TABLE unread (
    user_id BIGINT  NOT NULL,
    kind    TEXT    NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, kind)
);

CREATE TABLE home_read_marks (
    user_id   BIGINT PRIMARY KEY,
    status_id BIGINT NOT NULL
);

CREATE TABLE outbox (
    id         TEXT   PRIMARY KEY,
    type       TEXT   NOT NULL,
    payload    BYTEA  NOT NULL,
    created_at BIGINT NOT NULL
);
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
