package domain

import (
	"context"
	"time"
)

// OAuth1Token is an OAuth 1.0a credential (RFC 5849 §2): a request token
// on its way through the authorize page, or the access token it became.
// The token string is stored only as a hash; its secret is stored as given,
// because verifying an HMAC signature takes the key itself. The token's
// secret without the token is of no use to whoever reads the database: a
// request must name the token.
type OAuth1Token struct {
	TokenHash string
	Secret    string
	Access    bool // an access token; false: a request token
	AppID     int64
	// UserID is who authorized it: 0 for a request token not yet authorized.
	UserID int64
	// Callback is where the authorize page sends the browser (request
	// tokens); "oob" shows the verifier instead.
	Callback string
	// VerifierHash is the hash of the verifier the authorize page gave
	// out, set when the user approved (request tokens).
	VerifierHash string
	CreatedAt    time.Time
	// ExpiresAt bounds a request token's life; zero for access tokens,
	// which live until revoked.
	ExpiresAt time.Time
	// Used marks a request token already exchanged for an access token.
	Used    bool
	Revoked bool
}

// OAuth1Reader reads OAuth 1.0a credentials.
type OAuth1Reader interface {
	// OAuth1TokenByHash returns the token, expired, used or revoked alike,
	// or KindNotFound.
	OAuth1TokenByHash(ctx context.Context, hash string) (*OAuth1Token, error)
	// AppSigningSecret returns the app's secret as issued, which signature
	// schemes (OAuth 1.0a HMAC, Xweibo's api_sign) need in the clear;
	// KindNotFound for an app created before they were kept.
	AppSigningSecret(ctx context.Context, appID int64) (string, error)
}

// OAuth1Writer writes OAuth 1.0a credentials.
type OAuth1Writer interface {
	CreateOAuth1Token(ctx context.Context, t *OAuth1Token) error
	// AuthorizeOAuth1Token records who approved a request token and the
	// hash of the verifier handed out. A token already authorized, used or
	// missing is KindConflict: a request token is approved once.
	AuthorizeOAuth1Token(ctx context.Context, hash string, userID int64, verifierHash string) error
	// UseOAuth1Token marks a request token exchanged; KindConflict if it
	// already was (two exchanges racing: one wins).
	UseOAuth1Token(ctx context.Context, hash string) error
	// RevokeOAuth1Tokens revokes every access token userID gave appID.
	RevokeOAuth1Tokens(ctx context.Context, userID, appID int64) error
	// SetAppSigningSecret keeps the app's secret for signature checks.
	SetAppSigningSecret(ctx context.Context, appID int64, secret string) error
}

// Nonces remembers one-time values for a while: OAuth 1.0a nonces, so that
// a signed request captured on the way cannot be sent again (RFC 5849 §3.3).
type Nonces interface {
	// Claim records key for ttl and reports whether it was new: false
	// means the key was claimed before and has not yet expired.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// TopicInfoReader reads what Tencent's topic calls show of topics (ht/info,
// fav/list_ht): the topics themselves by id, how many follow each (收藏,
// Tencent's topic favourites, are the core's topic follows), and when a
// user followed them.
type TopicInfoReader interface {
	// TopicsByIDs returns the topics of ids; unknown ids are absent.
	TopicsByIDs(ctx context.Context, ids []int64) (map[int64]Topic, error)
	// TopicFollowerCounts counts the followers of each of ids; topics
	// nobody follows are absent.
	TopicFollowerCounts(ctx context.Context, ids []int64) (map[int64]int, error)
	// TopicFollowTimes says when userID followed each of ids it follows.
	TopicFollowTimes(ctx context.Context, userID int64, ids []int64) (map[int64]time.Time, error)
}
