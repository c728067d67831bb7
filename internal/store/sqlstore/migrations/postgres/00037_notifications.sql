-- App notifications (notification/send, spec/sina-v2/notification.md). Keep in
-- lock-step with ../sqlite/00037_notifications.sql.
-- +goose Up

-- Templates the operator approved for an app (weibo app notification-template).
CREATE TABLE notification_templates (
    id         BIGINT PRIMARY KEY,
    app_id     BIGINT NOT NULL,
    title      TEXT    NOT NULL,
    content    TEXT    NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX notification_templates_app ON notification_templates (app_id, id);

-- Each notice sent, rendered, and who received it.
CREATE TABLE notifications (
    id          BIGINT PRIMARY KEY,
    app_id      BIGINT NOT NULL,
    template_id BIGINT NOT NULL,
    sender_id   BIGINT NOT NULL,
    title       TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    action_url  TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE TABLE notification_recipients (
    user_id         BIGINT NOT NULL,
    notification_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, notification_id)
);

-- +goose Down
DROP TABLE notification_recipients;
DROP TABLE notifications;
DROP INDEX notification_templates_app;
DROP TABLE notification_templates;
