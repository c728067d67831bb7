-- Remarks (备注) on the people one follows (social area, friendships.md §13).
-- Keep in lock-step with ../postgres/00064_remarks.sql. A remark lives on
-- the follow: unfollowing forgets it.
-- +goose Up
ALTER TABLE follows ADD COLUMN remark TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE follows DROP COLUMN remark;
