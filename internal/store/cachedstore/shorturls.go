package cachedstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// Short links and the links of comments are not cached: their writes
// invalidate nothing.

func (r *recTx) CreateShortURL(ctx context.Context, u domain.ShortURL) (*domain.ShortURL, error) {
	return r.tx.CreateShortURL(ctx, u)
}

func (r *recTx) AddClick(ctx context.Context, urlID int64, c domain.Click) error {
	return r.tx.AddClick(ctx, urlID, c)
}

func (r *recTx) AddCommentLinks(ctx context.Context, commentID int64, urls []string) error {
	return r.tx.AddCommentLinks(ctx, commentID, urls)
}
