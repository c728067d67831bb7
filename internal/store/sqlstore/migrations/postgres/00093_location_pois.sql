-- The location service's own POI store (location.md §10–11). Keep in
-- lock-step with ../sqlite/00093_location_pois.sql.
-- +goose Up

-- A POI an app submitted with location/pois/add under its own id (srcid):
-- the point itself is an ordinary row of places_pois (so every search and
-- nearby query finds it); this row keys it by (app, srcid) and keeps what
-- only the location shape carries.
CREATE TABLE location_pois (
    app_id        BIGINT NOT NULL,
    srcid         BIGINT NOT NULL,
    poi_id        TEXT    NOT NULL,
    user_id       BIGINT NOT NULL,
    city_name     TEXT    NOT NULL DEFAULT '',
    category_name TEXT    NOT NULL DEFAULT '',
    pic_url       TEXT    NOT NULL DEFAULT '',
    url           TEXT    NOT NULL DEFAULT '',
    tags          TEXT    NOT NULL DEFAULT '',
    description   TEXT    NOT NULL DEFAULT '',
    intro         TEXT    NOT NULL DEFAULT '',
    traffic       TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (app_id, srcid)
);
CREATE INDEX location_pois_poi ON location_pois (poi_id);

-- +goose Down
DROP TABLE location_pois;
