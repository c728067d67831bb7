package cachedstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Reports are not cached: the moderators' queue must show what is waiting
// now, on whichever node serves the page.

func (r *recTx) CreateReport(ctx context.Context, rp *domain.Report) error {
	return r.tx.CreateReport(ctx, rp)
}

func (r *recTx) ResolveReport(ctx context.Context, id int64, resolver int64, action, note string, at time.Time) error {
	return r.tx.ResolveReport(ctx, id, resolver, action, note, at)
}
