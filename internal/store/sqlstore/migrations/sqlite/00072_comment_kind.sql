-- What kind of comment a comment is (domain.CommentKind*): 0 a comment on
-- the status (点评), 1 a reply addressed to its author (回复, a conversation:
-- Tencent's t/reply, tweet type 4, where t/comment is type 7). Keep in
-- lock-step with ../postgres/00072_comment_kind.sql.
-- +goose Up
ALTER TABLE comments ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE comments DROP COLUMN kind;
