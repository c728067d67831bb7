package core

// Exported helpers for tools that write users and tokens in bulk (weibo
// seed) and so cannot go through CreateUser and the OAuth2 grants one row at
// a time, but must store exactly what those would.

// HashPassword returns the stored form of password under p (zero fields take
// the production defaults), the same as CreateUser stores. A bulk loader
// hashes one password once and gives every seeded user that hash: argon2id
// costs ~25 ms by design.
func HashPassword(password string, p PasswordParams) (string, error) {
	p.setDefaults()
	return hashPassword(password, p)
}

// SecretHash is the stored form of an access token, refresh token or app
// secret: what TokenByAccessHash and VerifyClient look up.
func SecretHash(secret string) string { return hashSecret(secret) }

// NewAccessToken returns a fresh random access token in the form the OAuth2
// grants hand out.
func NewAccessToken() string { return "2.00" + randomToken(32) }
