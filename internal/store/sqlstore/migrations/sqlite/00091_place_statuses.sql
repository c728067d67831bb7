-- Place statuses and the geo index (place.md). Keep in lock-step with
-- ../postgres/00091_place_statuses.sql.
-- +goose Up

-- A status posted at a POI (check-in, tip, photo, todo): the status itself
-- is an ordinary row of statuses; this ties it to the place. Deleting the
-- status deletes this row.
CREATE TABLE place_statuses (
    status_id  INTEGER NOT NULL PRIMARY KEY,
    poi_id     TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    app_id     INTEGER NOT NULL DEFAULT 0,
    kind       INTEGER NOT NULL,
    photo      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX place_statuses_poi ON place_statuses (poi_id, kind, status_id);
CREATE INDEX place_statuses_user ON place_statuses (user_id, kind, status_id);

-- One user's check-ins at one POI: pois/users and users/checkins list these.
CREATE TABLE place_visits (
    poi_id   TEXT    NOT NULL,
    user_id  INTEGER NOT NULL,
    checkins INTEGER NOT NULL,
    last_at  INTEGER NOT NULL,
    PRIMARY KEY (poi_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX place_visits_poi ON place_visits (poi_id, last_at);
CREATE INDEX place_visits_user ON place_visits (user_id, last_at);

-- Every status with a point, for nearby searches: cell is the S2 leaf cell
-- as in places_pois (internal/geo/cells.go). A nearby scan reads only the
-- cell index, which holds what it needs (the point is the leaf cell's
-- centre, a centimetre from lat, lng).
CREATE TABLE geo_statuses (
    status_id INTEGER NOT NULL PRIMARY KEY,
    user_id   INTEGER NOT NULL,
    app_id    INTEGER NOT NULL DEFAULT 0,
    lat       REAL    NOT NULL,
    lng       REAL    NOT NULL,
    cell      INTEGER NOT NULL,
    public    INTEGER NOT NULL,
    photo     INTEGER NOT NULL
) STRICT;
CREATE INDEX geo_statuses_cell ON geo_statuses (public, cell, status_id, user_id, app_id, photo);
CREATE INDEX geo_statuses_user ON geo_statuses (user_id, status_id);

-- +goose Down
DROP TABLE geo_statuses;
DROP TABLE place_visits;
DROP TABLE place_statuses;
