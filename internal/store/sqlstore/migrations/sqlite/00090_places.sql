-- Places (place.md). Keep in lock-step with ../postgres/00090_places.sql.
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
    lat              REAL NOT NULL,
    lng              REAL NOT NULL,
    cell             INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    app_id           INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    checkin_num      INTEGER NOT NULL DEFAULT 0,
    checkin_user_num INTEGER NOT NULL DEFAULT 0,
    tip_num          INTEGER NOT NULL DEFAULT 0,
    photo_num        INTEGER NOT NULL DEFAULT 0,
    todo_num         INTEGER NOT NULL DEFAULT 0,
    last_checkin_at  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX places_pois_cell ON places_pois (cell);
CREATE INDEX places_pois_city ON places_pois (city, checkin_num);

-- +goose Down
DROP TABLE places_pois;
