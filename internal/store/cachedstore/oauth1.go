package cachedstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// OAuth 1.0a tokens and signing secrets are not cached: nothing to invalidate.

func (r *recTx) CreateOAuth1Token(ctx context.Context, t *domain.OAuth1Token) error {
	return r.tx.CreateOAuth1Token(ctx, t)
}

func (r *recTx) AuthorizeOAuth1Token(ctx context.Context, hash string, userID int64, verifierHash string) error {
	return r.tx.AuthorizeOAuth1Token(ctx, hash, userID, verifierHash)
}

func (r *recTx) UseOAuth1Token(ctx context.Context, hash string) error {
	return r.tx.UseOAuth1Token(ctx, hash)
}

func (r *recTx) RevokeOAuth1Tokens(ctx context.Context, userID, appID int64) error {
	return r.tx.RevokeOAuth1Tokens(ctx, userID, appID)
}

func (r *recTx) SetAppSigningSecret(ctx context.Context, appID int64, secret string) error {
	return r.tx.SetAppSigningSecret(ctx, appID, secret)
}
