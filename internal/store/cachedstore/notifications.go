package cachedstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Notification templates and notices are not cached: their writes
// invalidate nothing. A secret change drops the app's cached entries.

func (r *recTx) CreateNotificationTemplate(ctx context.Context, t *domain.NotificationTemplate) error {
	return r.tx.CreateNotificationTemplate(ctx, t)
}

func (r *recTx) SetNotificationTemplateEnabled(ctx context.Context, id int64, enabled bool) error {
	return r.tx.SetNotificationTemplateEnabled(ctx, id, enabled)
}

func (r *recTx) InsertNotice(ctx context.Context, n *domain.Notice, recipients []int64) error {
	return r.tx.InsertNotice(ctx, n, recipients)
}

func (r *recTx) MarkNoticesRead(ctx context.Context, userID int64, at time.Time) error {
	return r.tx.MarkNoticesRead(ctx, userID, at)
}

func (r *recTx) SetAppSecretHash(ctx context.Context, appID int64, hash string) error {
	a, err := r.tx.AppByID(ctx, appID)
	if err != nil {
		return err
	}
	r.record(func(k *keys) {
		k.appKeys = append(k.appKeys, a.Key)
		k.appIDs = appendNonZero(k.appIDs, appID)
	})
	return r.tx.SetAppSecretHash(ctx, appID, hash)
}
