package cachedstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Places are not cached.

func (r *recTx) InsertPOI(ctx context.Context, p *domain.POI) error { return r.tx.InsertPOI(ctx, p) }

func (r *recTx) InsertLocationPOI(ctx context.Context, l *domain.LocationPOI) error {
	return r.tx.InsertLocationPOI(ctx, l)
}

func (r *recTx) InsertPlaceStatus(ctx context.Context, p *domain.PlaceStatus) error {
	return r.tx.InsertPlaceStatus(ctx, p)
}

func (r *recTx) DeletePlaceStatus(ctx context.Context, statusID int64) error {
	return r.tx.DeletePlaceStatus(ctx, statusID)
}

func (r *recTx) AddPOICounts(ctx context.Context, poiID string, d domain.POICounts) error {
	return r.tx.AddPOICounts(ctx, poiID, d)
}

func (r *recTx) RecordVisit(ctx context.Context, poiID string, userID int64, at time.Time) (bool, error) {
	return r.tx.RecordVisit(ctx, poiID, userID, at)
}

func (r *recTx) RecountVisit(ctx context.Context, poiID string, userID int64) (bool, error) {
	return r.tx.RecountVisit(ctx, poiID, userID)
}

func (r *recTx) IndexStatusGeo(ctx context.Context, g *domain.GeoStatus) error {
	return r.tx.IndexStatusGeo(ctx, g)
}

func (r *recTx) UnindexStatusGeo(ctx context.Context, statusID int64) error {
	return r.tx.UnindexStatusGeo(ctx, statusID)
}

func (r *recTx) SetNearbyPosition(ctx context.Context, p *domain.NearbyPosition) error {
	return r.tx.SetNearbyPosition(ctx, p)
}

func (r *recTx) DeleteNearbyPosition(ctx context.Context, userID int64) (bool, error) {
	return r.tx.DeleteNearbyPosition(ctx, userID)
}
