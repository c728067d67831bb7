package domain

import "context"

// OAuthWriter holds the writes of OAuth hardening (issue 18).
type OAuthWriter interface {
	// RevokeCodeTokens revokes every token issued from the authorization code
	// codeHash (Token.CodeHash: the code's own token and any refreshed from
	// it) and returns their access hashes, revoked before or not, so a cache
	// can drop them. Tokens of other grants are untouched; none is no error.
	RevokeCodeTokens(ctx context.Context, codeHash string) (accessHashes []string, err error)
}
