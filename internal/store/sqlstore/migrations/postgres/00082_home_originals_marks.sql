-- The newest original home status each user marked read as such (Tencent
-- info/update op=1 type=9: the "create" counter of original posts on the
-- home page clears alone; the home read mark clears both). Keep in
-- lock-step with ../sqlite/00082_home_originals_marks.sql.
-- +goose Up
CREATE TABLE home_originals_marks (
    user_id   BIGINT PRIMARY KEY,
    status_id BIGINT NOT NULL
);

-- +goose Down
DROP TABLE home_originals_marks;
