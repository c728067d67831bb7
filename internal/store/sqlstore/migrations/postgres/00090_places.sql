-- Places (place.md). Keep in lock-step with ../sqlite/00090_places.sql.
-- +goose Up

-- A POI: cell is the S2 leaf cell of (lat, lng) as a signed integer, the
-- key of nearby searches (internal/geo/cells.go).
CREATE TABLE places_pois (
    id               TEXT NOT NULL PRIMARY KEY,
    title            TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    category         INTEGER NOT NULL DEFAULT 0,
    city             TEXT NOT NULL DEFAULT '',
    province         TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    postcode         TEXT NOT NULL DEFAULT '',
    extra            TEXT NOT NULL DEFAULT '',
    lat              DOUBLE PRECISION NOT NULL,
    lng              DOUBLE PRECISION NOT NULL,
    cell             BIGINT NOT NULL,
    user_id          BIGINT NOT NULL,
    app_id           BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    checkin_num      BIGINT NOT NULL DEFAULT 0,
    checkin_user_num BIGINT NOT NULL DEFAULT 0,
    tip_num          BIGINT NOT NULL DEFAULT 0,
    photo_num        BIGINT NOT NULL DEFAULT 0,
    todo_num         BIGINT NOT NULL DEFAULT 0,
    last_checkin_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX places_pois_cell ON places_pois (cell);
CREATE INDEX places_pois_city ON places_pois (city, checkin_num);

-- +goose Down
DROP TABLE places_pois;
