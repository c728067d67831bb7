-- One store of notices (domain.Notice): the app notifications of
-- notification/send (00037 notifications + notification_recipients) move
-- into the site's notices (00080), which gain a kind (1 app, 2 system,
-- 3 moderation), a sender, a template, a link and what they are about.
-- A notice to everyone has user_id 0 and no recipients; any other has its
-- recipients in notice_recipients (user_id is then the first of them, -1
-- when it reached nobody). The "notice" unread counter is counted from
-- these rows and the read mark (user_prefs.notice_read_at), so its stored
-- copy goes. Keep in lock-step with ../postgres/00081_notices_merged.sql.
-- +goose Up

ALTER TABLE notices ADD COLUMN kind        INTEGER NOT NULL DEFAULT 2;
ALTER TABLE notices ADD COLUMN sender_id   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN template_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN ref_id      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN action_url  TEXT    NOT NULL DEFAULT '';

CREATE TABLE notice_recipients (
    user_id   INTEGER NOT NULL,
    notice_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, notice_id)
) STRICT, WITHOUT ROWID;

INSERT INTO notice_recipients (user_id, notice_id) SELECT user_id, id FROM notices WHERE user_id > 0;

INSERT INTO notices (id, user_id, app_id, kind, sender_id, template_id, title, content, action_url, available_at, created_at)
SELECT n.id, COALESCE((SELECT MIN(r.user_id) FROM notification_recipients r WHERE r.notification_id = n.id), -1),
       n.app_id, 1, n.sender_id, n.template_id, n.title, n.content, n.action_url, n.created_at, n.created_at
FROM notifications n;
INSERT INTO notice_recipients (user_id, notice_id) SELECT user_id, notification_id FROM notification_recipients;

DROP TABLE notification_recipients;
DROP TABLE notifications;
DELETE FROM unread WHERE kind = 'notice';

-- +goose Down
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL,
    template_id INTEGER NOT NULL,
    sender_id   INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    action_url  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
) STRICT;
CREATE TABLE notification_recipients (
    user_id         INTEGER NOT NULL,
    notification_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, notification_id)
) STRICT, WITHOUT ROWID;
INSERT INTO notifications (id, app_id, template_id, sender_id, title, content, action_url, created_at)
SELECT id, app_id, template_id, sender_id, title, content, action_url, created_at FROM notices WHERE kind = 1;
INSERT INTO notification_recipients (user_id, notification_id)
SELECT r.user_id, r.notice_id FROM notice_recipients r JOIN notices n ON n.id = r.notice_id WHERE n.kind = 1;
DELETE FROM notices WHERE kind <> 2;
DROP TABLE notice_recipients;
ALTER TABLE notices DROP COLUMN action_url;
ALTER TABLE notices DROP COLUMN ref_id;
ALTER TABLE notices DROP COLUMN template_id;
ALTER TABLE notices DROP COLUMN sender_id;
ALTER TABLE notices DROP COLUMN kind;
