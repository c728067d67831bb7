package core

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/oauthsig"
)

// OAuth 1.0a (RFC 5849), the credentials of the Tencent dialect. The app
// registry is the same as OAuth2's: the consumer key and secret are the
// app's app_key and app_secret. The dialect reads a request's parameters
// and base URI; everything decided about them is decided here.

const (
	// OAuth1Skew is how far a request's oauth_timestamp may be from the
	// server's clock, either way (spec/tencent-v1.md §3.5: about 10 minutes).
	OAuth1Skew = 10 * time.Minute
	// OAuth1RequestTTL is how long a request token may wait for the user's
	// approval and its exchange.
	OAuth1RequestTTL = 10 * time.Minute
	// oauth1OOB is the callback of out-of-band clients, stored as such.
	oauth1OOB = "oob"
	// maxNonce bounds oauth_nonce (the spec's are 32 characters).
	maxNonce = 128
)

// OAuth1Request is a signed request as a dialect read it off the wire.
type OAuth1Request struct {
	// Method is the HTTP method; BaseURI is RFC 5849 §3.4.1.2's, as the
	// client addressed us.
	Method, BaseURI string
	// Params are every parameter the signature covers: the query, the form
	// body, the oauth_* fields of an Authorization header; oauth_signature
	// included (it is left out of the base string, not of this list).
	Params []oauthsig.Pair
	// Alt, when not nil, is a second reading to try when Params does not
	// verify: a multipart request without its text fields, as clients
	// that follow RFC 5849 strictly sign it.
	Alt []oauthsig.Pair
	// IP is the client's address.
	IP string
}

// oauth1Fields are a request's oauth_* parameters.
type oauth1Fields struct {
	consumerKey, token, signature, method, timestamp, nonce, version, callback, verifier string
}

func unauth(reason domain.Reason, msg string) *domain.Error {
	return domain.E(domain.KindUnauthenticated, reason, msg)
}

// fields reads the oauth_* parameters: each at most once, since two values
// would leave it open which one was meant.
func (r *OAuth1Request) fields() (oauth1Fields, error) {
	var f oauth1Fields
	seen := map[string]bool{}
	for _, p := range r.Params {
		if !strings.HasPrefix(p.Name, "oauth_") {
			continue
		}
		if seen[p.Name] {
			return f, unauth(domain.ReasonAuthFailed, "oauth parameter "+p.Name+" given twice")
		}
		seen[p.Name] = true
		switch p.Name {
		case "oauth_consumer_key":
			f.consumerKey = p.Value
		case "oauth_token":
			f.token = p.Value
		case "oauth_signature":
			f.signature = p.Value
		case "oauth_signature_method":
			f.method = p.Value
		case "oauth_timestamp":
			f.timestamp = p.Value
		case "oauth_nonce":
			f.nonce = p.Value
		case "oauth_version":
			f.version = p.Value
		case "oauth_callback":
			f.callback = p.Value
		case "oauth_verifier":
			f.verifier = p.Value
		}
	}
	switch {
	case f.consumerKey == "" && f.signature == "":
		return f, unauth(domain.ReasonNoCredentials, "oauth parameters missing")
	case f.consumerKey == "":
		return f, unauth(domain.ReasonNoCredentials, "oauth_consumer_key missing")
	case f.signature == "":
		return f, unauth(domain.ReasonNoCredentials, "oauth_signature missing")
	case f.method != "HMAC-SHA1":
		return f, unauth(domain.ReasonAuthFailed, "oauth_signature_method must be HMAC-SHA1")
	case f.version != "" && f.version != "1.0":
		return f, unauth(domain.ReasonAuthFailed, "oauth_version must be 1.0")
	case f.nonce == "" || len(f.nonce) > maxNonce:
		return f, unauth(domain.ReasonAuthFailed, "oauth_nonce missing or too long")
	}
	return f, nil
}

// checkOAuth1 verifies a request: fresh timestamp, known app with a
// signing secret, the token's secret when it names one (tok nil: none was
// named), a valid signature, and a nonce not seen before. The nonce is
// claimed last, so that forged requests cannot use up a client's nonces.
func (s *Service) checkOAuth1(ctx context.Context, r *OAuth1Request, f oauth1Fields, tok *domain.OAuth1Token) (*domain.App, error) {
	ts, err := strconv.ParseInt(f.timestamp, 10, 64)
	if err != nil {
		return nil, unauth(domain.ReasonAuthFailed, "oauth_timestamp must be Unix seconds")
	}
	now := s.now()
	if d := now.Sub(time.Unix(ts, 0)); d > OAuth1Skew || d < -OAuth1Skew {
		return nil, unauth(domain.ReasonAuthFailed, fmt.Sprintf("oauth_timestamp is more than %v from the server's time %d", OAuth1Skew, now.Unix()))
	}
	app, err := s.store.AppByKey(ctx, f.consumerKey)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, unauth(domain.ReasonInvalidClient, "unknown oauth_consumer_key")
	}
	if err != nil {
		return nil, fmt.Errorf("oauth1 app: %w", err)
	}
	secret, err := s.store.AppSigningSecret(ctx, app.ID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, unauth(domain.ReasonInvalidClient, "this app was created before OAuth 1.0a was served and has no signing secret: create a new app")
	}
	if err != nil {
		return nil, fmt.Errorf("oauth1 app secret: %w", err)
	}
	var tokenSecret string
	if tok != nil {
		if tok.AppID != app.ID {
			return nil, unauth(domain.ReasonTokenInvalid, "oauth_token was issued to another app")
		}
		tokenSecret = tok.Secret
	}
	ok := oauthsig.Verify(f.signature, oauthsig.BaseString(r.Method, r.BaseURI, r.Params), secret, tokenSecret)
	if !ok && r.Alt != nil {
		ok = oauthsig.Verify(f.signature, oauthsig.BaseString(r.Method, r.BaseURI, r.Alt), secret, tokenSecret)
	}
	if !ok {
		return nil, unauth(domain.ReasonAuthFailed, "signature invalid")
	}
	if s.nonces == nil {
		return nil, domain.E(domain.KindUnavailable, domain.ReasonNone, "no nonce store: OAuth 1.0a is not served")
	}
	// RFC 5849 §3.3: a nonce is unique per timestamp, client and token. It
	// is remembered until no request with its timestamp can be accepted.
	key := "oauth1:" + f.consumerKey + "\x00" + f.token + "\x00" + f.timestamp + "\x00" + f.nonce
	fresh, err := s.nonces.Claim(ctx, key, time.Unix(ts, 0).Add(OAuth1Skew).Sub(now)+time.Second)
	if err != nil {
		return nil, fmt.Errorf("oauth1 nonce: %w", err)
	}
	if !fresh {
		return nil, unauth(domain.ReasonAuthFailed, "oauth_nonce already used")
	}
	return app, nil
}

// token looks up the token a request names; kind says which kind it must be.
func (s *Service) oauth1Token(ctx context.Context, token string, access bool) (*domain.OAuth1Token, error) {
	if token == "" {
		return nil, unauth(domain.ReasonNoCredentials, "oauth_token missing")
	}
	t, err := s.store.OAuth1TokenByHash(ctx, hashSecret(token))
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token unknown")
	}
	if err != nil {
		return nil, fmt.Errorf("oauth1 token: %w", err)
	}
	switch {
	case t.Access != access && access:
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token is a request token, not an access token")
	case t.Access != access:
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token is an access token, not a request token")
	case t.Revoked:
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token revoked")
	case !t.ExpiresAt.IsZero() && !s.now().Before(t.ExpiresAt):
		return nil, unauth(domain.ReasonTokenExpired, "oauth_token expired")
	}
	return t, nil
}

// OAuth1Credentials are a token and its secret as handed to a client.
type OAuth1Credentials struct {
	Token, Secret string
	// User is who authorized an access token.
	User *domain.User
}

// OAuth1RequestToken is /cgi-bin/request_token: a signed request with the
// app's credentials alone gets a request token for the authorize page.
func (s *Service) OAuth1RequestToken(ctx context.Context, r *OAuth1Request) (*OAuth1Credentials, error) {
	f, err := r.fields()
	if err != nil {
		return nil, err
	}
	if f.token != "" {
		return nil, unauth(domain.ReasonAuthFailed, "a request for a request token carries no oauth_token")
	}
	app, err := s.checkOAuth1(ctx, r, f, nil)
	if err != nil {
		return nil, err
	}
	cb, err := oauth1Callback(f.callback)
	if err != nil {
		return nil, err
	}
	c := &OAuth1Credentials{Token: randomHex(16), Secret: randomHex(16)}
	now := s.now()
	t := &domain.OAuth1Token{TokenHash: hashSecret(c.Token), Secret: c.Secret, AppID: app.ID, Callback: cb,
		CreatedAt: now, ExpiresAt: now.Add(OAuth1RequestTTL)}
	if err := s.inTxNewIDs(ctx, func(tx domain.Tx) error { return tx.CreateOAuth1Token(ctx, t) }); err != nil {
		return nil, fmt.Errorf("create request token: %w", err)
	}
	return c, nil
}

// oauth1Callback checks oauth_callback: an absolute http(s) URL, or the
// out-of-band markers (null as Tencent's desktop clients send, oob per the
// RFC, or nothing at all).
func oauth1Callback(cb string) (string, error) {
	if cb == "" || cb == "null" || cb == oauth1OOB {
		return oauth1OOB, nil
	}
	u, err := url.Parse(cb)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" || len(cb) > 2048 {
		return "", domain.BadParam("oauth_callback", "an absolute http(s) URL, or null for out-of-band", cb)
	}
	return cb, nil
}

// OAuth1Pending is a request token waiting on the authorize page.
type OAuth1Pending struct {
	App *domain.App
	// Callback is where the client waits; "" for an out-of-band client,
	// whose user the page shows the verifier instead.
	Callback string
}

// OAuth1Pending checks a request token the authorize page was opened with.
func (s *Service) OAuth1Pending(ctx context.Context, token string) (*OAuth1Pending, error) {
	t, err := s.oauth1Token(ctx, token, false)
	if err != nil {
		return nil, err
	}
	if t.Used || t.UserID != 0 {
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token already authorized")
	}
	app, err := s.store.AppByID(ctx, t.AppID)
	if err != nil {
		return nil, fmt.Errorf("app of request token: %w", err)
	}
	p := &OAuth1Pending{App: app}
	if t.Callback != oauth1OOB {
		p.Callback = t.Callback
	}
	return p, nil
}

// OAuth1Approval is where the authorize page sends the person next.
type OAuth1Approval struct {
	// Redirect is the callback with oauth_token and oauth_verifier; empty
	// for an out-of-band client, whose user is shown Verifier instead.
	Redirect string
	Verifier string
}

// OAuth1Authorize records that userID approved the request token and
// hands out its verifier.
func (s *Service) OAuth1Authorize(ctx context.Context, token string, userID int64) (*OAuth1Approval, error) {
	t, err := s.oauth1Token(ctx, token, false)
	if err != nil {
		return nil, err
	}
	verifier := randomVerifier()
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		return tx.AuthorizeOAuth1Token(ctx, t.TokenHash, userID, hashSecret(verifier))
	})
	if domain.IsKind(err, domain.KindConflict) {
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token already authorized")
	}
	if err != nil {
		return nil, fmt.Errorf("authorize request token: %w", err)
	}
	a := &OAuth1Approval{Verifier: verifier}
	if t.Callback != oauth1OOB {
		u, err := url.Parse(t.Callback)
		if err != nil {
			return nil, fmt.Errorf("stored callback: %w", err)
		}
		q := u.Query()
		q.Set("oauth_token", token)
		q.Set("oauth_verifier", verifier)
		u.RawQuery = q.Encode()
		a.Redirect = u.String()
	}
	return a, nil
}

// randomVerifier is six digits, as Tencent's were: short enough to type
// from the out-of-band page. Guessing it needs the app's and the request
// token's secrets, and one wrong guess spends the request token.
func randomVerifier() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(fmt.Errorf("crypto/rand: %w", err))
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// OAuth1AccessToken is /cgi-bin/access_token: the authorized request token
// and its verifier, signed with the request token's secret, become an
// access token. A request token is exchanged once; a wrong verifier spends it.
func (s *Service) OAuth1AccessToken(ctx context.Context, r *OAuth1Request) (*OAuth1Credentials, error) {
	f, err := r.fields()
	if err != nil {
		return nil, err
	}
	t, err := s.oauth1Token(ctx, f.token, false)
	if err != nil {
		return nil, err
	}
	app, err := s.checkOAuth1(ctx, r, f, t)
	if err != nil {
		return nil, err
	}
	if t.UserID == 0 {
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token not authorized yet")
	}
	if f.verifier == "" {
		return nil, unauth(domain.ReasonNoCredentials, "oauth_verifier missing")
	}
	good := subtle.ConstantTimeCompare([]byte(hashSecret(f.verifier)), []byte(t.VerifierHash)) == 1
	c := &OAuth1Credentials{Token: randomHex(16), Secret: randomHex(16)}
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		if err := tx.UseOAuth1Token(ctx, t.TokenHash); err != nil {
			return err
		}
		if !good {
			return nil // spent, and nothing issued
		}
		if err := tx.CreateOAuth1Token(ctx, &domain.OAuth1Token{TokenHash: hashSecret(c.Token), Secret: c.Secret,
			Access: true, AppID: app.ID, UserID: t.UserID, CreatedAt: s.now()}); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{UserID: t.UserID, IP: r.IP}, AuditTokenGrant, t.UserID, app.ID, "oauth1")
	})
	if domain.IsKind(err, domain.KindConflict) {
		return nil, unauth(domain.ReasonTokenInvalid, "oauth_token already exchanged")
	}
	if err != nil {
		return nil, fmt.Errorf("exchange request token: %w", err)
	}
	if !good {
		return nil, unauth(domain.ReasonAuthFailed, "oauth_verifier does not match")
	}
	if c.User, err = s.store.UserByID(ctx, t.UserID); err != nil {
		return nil, fmt.Errorf("user of access token: %w", err)
	}
	return c, nil
}

// ViewerForOAuth1 authenticates an API call signed with an access token.
func (s *Service) ViewerForOAuth1(ctx context.Context, r *OAuth1Request) (domain.Viewer, error) {
	f, err := r.fields()
	if err != nil {
		return domain.Viewer{}, err
	}
	t, err := s.oauth1Token(ctx, f.token, true)
	if err != nil {
		return domain.Viewer{}, err
	}
	app, err := s.checkOAuth1(ctx, r, f, t)
	if err != nil {
		return domain.Viewer{}, err
	}
	return domain.Viewer{UserID: t.UserID, AppID: app.ID, AppLevel: app.Level, IP: r.IP}, nil
}
