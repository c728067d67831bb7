package cachedstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// Places are not cached.

func (r *recTx) InsertPOI(ctx context.Context, p *domain.POI) error { return r.tx.InsertPOI(ctx, p) }
