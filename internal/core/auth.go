package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// CreateUserInput is what sign-up (CLI, web) provides.
type CreateUserInput struct {
	ScreenName string
	Password   string
	Email      string
	// Role is the new user's role (domain.RoleUser unless an admin or the
	// operator makes an admin or a moderator: By must then be one).
	Role string
	// By is who creates the account for someone (the operator's CLI, an
	// admin); nil for a person signing up, which the registration mode
	// governs.
	By *Actor
	// Invite is the invitation code of a sign-up under --registrations invite.
	Invite string
}

// validScreenName enforces Weibo's nickname rule as we read it: 2–30
// characters of letters (any script, so Chinese names work), digits, '_' and
// '-', not all digits (so a name can never be mistaken for a uid).
func validScreenName(name string) error {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 30 {
		return domain.BadParam("screen_name", "2 to 30 characters", name)
	}
	digits := true
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			return domain.BadParam("screen_name", "letters, digits, _ or -", name)
		}
		if !unicode.IsDigit(r) {
			digits = false
		}
	}
	if digits {
		return domain.BadParam("screen_name", "not only digits", name)
	}
	return nil
}

// CreateUser registers a person. Screen names and emails are unique.
func (s *Service) CreateUser(ctx context.Context, in CreateUserInput) (*domain.User, error) {
	u, _, err := s.SignUp(ctx, in)
	return u, err
}

// SignUp is CreateUser telling whether the account waits for a moderator's
// approval (--registrations approval) before it may sign in.
func (s *Service) SignUp(ctx context.Context, in CreateUserInput) (*domain.User, bool, error) {
	u, err := s.createUser(ctx, in)
	if err != nil {
		return nil, false, err
	}
	return u.user, u.pending, nil
}

type createdUser struct {
	user    *domain.User
	pending bool
}

func (s *Service) createUser(ctx context.Context, in CreateUserInput) (*createdUser, error) {
	in.ScreenName = strings.TrimSpace(in.ScreenName)
	in.Email = strings.TrimSpace(strings.ToLower(in.Email))
	if err := validScreenName(in.ScreenName); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(in.Password) < 6 || len(in.Password) > 256 {
		return nil, domain.BadParam("password", "6 to 256 characters", "***")
	}
	if in.Email != "" && (!strings.Contains(in.Email, "@") || len(in.Email) > 254) {
		return nil, domain.BadParam("email", "an e-mail address", in.Email)
	}
	if !domain.ValidRole(in.Role) {
		return nil, domain.BadParam("role", "admin, moderator or none", in.Role)
	}
	if err := s.checkNameFree(ctx, in.ScreenName); err != nil {
		return nil, err
	}
	if in.Role != domain.RoleUser {
		if in.By == nil {
			return nil, domain.E(domain.KindForbidden, domain.ReasonNone, "only an admin gives a role")
		}
		if err := s.RequireAdmin(ctx, *in.By); err != nil {
			return nil, err
		}
	}
	// Hashing takes a password-check slot like a sign-in (19 MiB each), but
	// waits for one rather than being refused.
	release, err := s.gate.enter(ctx, 0)
	if err != nil {
		return nil, err
	}
	hash, err := hashPassword(in.Password, s.opts.Password)
	release()
	if err != nil {
		return nil, err
	}
	u := &domain.User{
		ScreenName: in.ScreenName, Email: in.Email,
		Gender: "n", Lang: "zh-cn", VerifiedType: -1, CreatedAt: s.now(),
		Privacy: domain.DefaultPrivacy(), Role: in.Role,
	}
	firstAdmin, pending := false, false
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		pending = false
		u.ID = s.ids.Next()
		u.Role, firstAdmin = in.Role, false
		if s.opts.FirstUserAdmin && u.Role == domain.RoleUser {
			n, err := tx.CountAccounts(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				u.Role, firstAdmin = domain.RoleAdmin, true
			}
		}
		if in.By == nil && !firstAdmin {
			var err error
			if pending, err = s.admission(ctx, tx, in.Invite); err != nil {
				return err
			}
		}
		if err := tx.CreateUser(ctx, u, &domain.Credentials{UserID: u.ID, PasswordHash: hash}); err != nil {
			return err
		}
		if pending {
			if _, err := tx.SetUserState(ctx, u.ID, domain.UserActive, domain.UserPending, u.CreatedAt); err != nil {
				return err
			}
		}
		switch {
		case firstAdmin:
			if err := s.audit(ctx, tx, Actor{UserID: u.ID}, AuditRole, u.ID, 0, "admin (--first-user-admin)"); err != nil {
				return err
			}
		case in.By != nil:
			if err := s.audit(ctx, tx, *in.By, AuditCreate, u.ID, 0, roleName(u.Role)); err != nil {
				return err
			}
		case pending:
			if err := s.audit(ctx, tx, Actor{UserID: u.ID}, AuditSignUp, u.ID, 0, "pending"); err != nil {
				return err
			}
		}
		// Findable by name in suggestions from the moment it exists.
		return tx.SetUserNameKeys(ctx, u.ID, text.NameKeys(u.ScreenName))
	})
	if domain.IsKind(err, domain.KindConflict) {
		return nil, &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonBadParam, Param: "screen_name",
			Want: "a name or e-mail not yet taken", Got: in.ScreenName, Msg: "screen name or e-mail already taken", Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	if firstAdmin {
		s.log.WarnContext(ctx, "the first account is an admin (--first-user-admin)", "user", u.ID, "screen_name", u.ScreenName)
	}
	return &createdUser{user: u, pending: pending}, nil
}

// CreateAppInput registers a client application.
type CreateAppInput struct {
	Name        string
	RedirectURI string
	Level       domain.AppLevel
	// Key, when set, is the app key to register instead of a random one:
	// a site moving from Xweibo keeps the WB_AKEY its partners sign with.
	Key string
}

// CreateApp registers an app and returns it with its secret, shown only once.
func (s *Service) CreateApp(ctx context.Context, in CreateAppInput) (*domain.App, string, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 50 {
		return nil, "", domain.BadParam("name", "1 to 50 characters", in.Name)
	}
	u, err := url.Parse(in.RedirectURI)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, "", domain.BadParam("redirect_uri", "an absolute URL", in.RedirectURI)
	}
	if in.Key != "" && (len(in.Key) > 64 || strings.ContainsFunc(in.Key, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '-')
	})) {
		return nil, "", domain.BadParam("key", "at most 64 letters, digits, _ or -", in.Key)
	}
	if in.Level == "" {
		in.Level = domain.AppLevelNormal
	}
	if in.Level != domain.AppLevelNormal && in.Level != domain.AppLevelAdvanced {
		return nil, "", domain.BadParam("level", "normal or advanced", string(in.Level))
	}
	secret := randomHex(16)
	app := &domain.App{
		SecretHash: hashSecret(secret), Name: in.Name,
		RedirectURI: in.RedirectURI, Level: in.Level, CreatedAt: s.now(),
	}
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		// The key is random: one in use is retried like an id in use.
		app.ID, app.Key = s.ids.Next(), randomDigits(10)
		if in.Key != "" {
			app.Key = in.Key
		}
		if err := tx.CreateApp(ctx, app); err != nil {
			return err
		}
		// OAuth 1.0a signs with the secret itself (oauth1.go).
		return tx.SetAppSigningSecret(ctx, app.ID, secret)
	})
	if err != nil {
		return nil, "", fmt.Errorf("create app: %w", err)
	}
	return app, secret, nil
}

// SourceApp checks the source of a call made without a user token (Sina
// README §3, "source suffices"): the key of an app registered here.
func (s *Service) SourceApp(ctx context.Context, key string) (*domain.App, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonNoCredentials, "source paramter (appkey) is missing")
	}
	app, err := s.store.AppByKey(ctx, key)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, &domain.Error{Kind: domain.KindUnauthenticated, Reason: domain.ReasonUnknownAppKey, Param: "source", Got: key,
			Msg: "source names no app registered on this server"}
	}
	return app, err
}

// ClientApp checks an app key for the authorize page: it must exist and the
// redirect URI must lie under the registered callback.
func (s *Service) ClientApp(ctx context.Context, clientID, redirectURI string) (*domain.App, error) {
	if clientID == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "client_id is missing")
	}
	app, err := s.store.AppByKey(ctx, clientID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonInvalidClient, "unknown client_id")
	}
	if err != nil {
		return nil, err
	}
	if !redirectMatches(app.RedirectURI, redirectURI) {
		return nil, domain.E(domain.KindInvalid, domain.ReasonRedirectMismatch, "redirect_uri does not match the registered callback")
	}
	return app, nil
}

// redirectMatches accepts the registered URI itself or any URI on the same
// scheme and host whose path lies under the registered path. Paths with dot
// segments or backslashes are refused: a browser resolves "/callback/../evil"
// (also spelled "/callback/%2e%2e/evil" or with a backslash) to a path outside
// the registered one, which the prefix test below would let through.
func redirectMatches(registered, given string) bool {
	if given == "" {
		return false
	}
	r, err1 := url.Parse(registered)
	g, err2 := url.Parse(given)
	if err1 != nil || err2 != nil || g.Fragment != "" {
		return false
	}
	if strings.Contains(g.Path, `\`) || slices.ContainsFunc(strings.Split(g.Path, "/"), func(seg string) bool {
		return seg == "." || seg == ".."
	}) {
		return false
	}
	if !strings.EqualFold(r.Scheme, g.Scheme) || !strings.EqualFold(r.Host, g.Host) {
		return false
	}
	rp := strings.TrimSuffix(r.Path, "/")
	return g.Path == r.Path || rp == "" || g.Path == rp || strings.HasPrefix(g.Path, rp+"/")
}

// VerifyClient authenticates an app by key and secret (token endpoint).
func (s *Service) VerifyClient(ctx context.Context, clientID, secret string) (*domain.App, error) {
	if clientID == "" || secret == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "miss client id or secret")
	}
	app, err := s.store.AppByKey(ctx, clientID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonInvalidClient, "invalid client")
	}
	if err != nil {
		return nil, err
	}
	if ok, err := s.secretMatches(ctx, app, secret); err != nil || !ok {
		if err != nil && !domain.IsKind(err, domain.KindNotFound) {
			return nil, err
		}
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonInvalidClient, "invalid client")
	}
	return app, nil
}

// ParseScopes splits a scope list, dropping blanks, duplicates and names
// this server does not know (RFC 6749 §3.3 lets a server grant less than
// asked; a made-up name must not ride along on a token). Sina separates
// scopes with commas (README §4); RFC 6749 §3.3 with spaces, which is what
// generic OAuth2 clients (golang.org/x/oauth2 among them) send. No scope
// name contains either, so both are accepted.
func ParseScopes(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, sc := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if !seen[sc] && knownScope(sc) {
			seen[sc] = true
			out = append(out, sc)
		}
	}
	return out
}

// IssueCode creates a single-use authorization code for user and app.
func (s *Service) IssueCode(ctx context.Context, app *domain.App, userID int64, redirectURI string, scopes []string) (string, error) {
	code := randomToken(24)
	c := &domain.AuthCode{CodeHash: hashSecret(code), AppID: app.ID, UserID: userID, RedirectURI: redirectURI,
		Scopes: scopes, ExpiresAt: s.now().Add(s.opts.AuthCodeTTL)}
	if err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.CreateAuthCode(ctx, c) }); err != nil {
		return "", fmt.Errorf("issue code: %w", err)
	}
	return code, nil
}

// Grant is what the token endpoint returns.
type Grant struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
	UserID       int64
	Scopes       []string
}

func invalidGrant(msg string) error {
	return domain.E(domain.KindInvalid, domain.ReasonInvalidGrant, msg)
}

// ExchangeCode is the authorization_code grant.
func (s *Service) ExchangeCode(ctx context.Context, app *domain.App, code, redirectURI, ip string) (*Grant, error) {
	if code == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "code is missing")
	}
	if redirectURI == "" {
		// Required (oauth2.md §2): a missing parameter, not a mismatch.
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "redirect_uri is missing")
	}
	var (
		g      *Grant
		reused bool
	)
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		g, reused = nil, false
		c, err := tx.AuthCodeByHash(ctx, hashSecret(code))
		if domain.IsKind(err, domain.KindNotFound) {
			return invalidGrant("invalid authorization code:" + code)
		}
		if err != nil {
			return err
		}
		// A code presented twice by its own client has leaked (RFC 6749
		// §4.1.2): the tokens issued from it may be in an attacker's hands,
		// so they are revoked, and the revocation committed, before the
		// request is refused. Only those: the user's tokens of other grants
		// (another device signed in by password, another code) live on, or
		// anyone replaying one used code would sign the user out everywhere.
		revoke := func() error {
			reused = true
			_, err := tx.RevokeCodeTokens(ctx, c.CodeHash)
			return err
		}
		if c.Used && c.AppID == app.ID {
			return revoke()
		}
		if c.Used || c.AppID != app.ID || !s.now().Before(c.ExpiresAt) {
			return invalidGrant("invalid authorization code:" + code)
		}
		if redirectURI != c.RedirectURI {
			return domain.E(domain.KindInvalid, domain.ReasonRedirectMismatch, "redirect_uri does not match the one used at authorize")
		}
		if err := tx.UseAuthCode(ctx, c.CodeHash); err != nil {
			if domain.IsKind(err, domain.KindConflict) {
				return revoke() // exchanged concurrently, and that one committed first
			}
			return err
		}
		// No refresh token: oauth2.md §2 issues them on the password and
		// refresh grants only; a web app sends its user through authorize again.
		g, err = s.issueToken(ctx, tx, tokenSpec{appID: app.ID, userID: c.UserID, scopes: c.Scopes, codeHash: c.CodeHash, ip: ip})
		return err
	})
	if err == nil && reused {
		return nil, invalidGrant("invalid authorization code:" + code)
	}
	return g, err
}

// PasswordGrant is the password grant: in.Login is a screen name or e-mail.
// It signs in through Authenticate, so the login guard applies.
func (s *Service) PasswordGrant(ctx context.Context, app *domain.App, in LoginAttempt, scope string) (*Grant, error) {
	if in.Login == "" || in.Password == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "username and password are required")
	}
	u, err := s.Authenticate(ctx, in)
	if err != nil {
		return nil, err
	}
	var g *Grant
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		g, err = s.issueToken(ctx, tx, tokenSpec{appID: app.ID, userID: u.ID, scopes: ParseScopes(scope), withRefresh: true,
			ip: in.IP, note: "password"})
		return err
	})
	return g, err
}

// RefreshGrant exchanges a refresh token for a new token pair; the old pair is revoked.
func (s *Service) RefreshGrant(ctx context.Context, app *domain.App, refresh, ip string) (*Grant, error) {
	if refresh == "" {
		return nil, domain.E(domain.KindInvalid, domain.ReasonInvalidRequest, "refresh_token is missing")
	}
	var g *Grant
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		t, err := tx.TokenByRefreshHash(ctx, hashSecret(refresh))
		if domain.IsKind(err, domain.KindNotFound) {
			return invalidGrant("invalid refresh token")
		}
		if err != nil {
			return err
		}
		if t.Revoked || t.AppID != app.ID || !s.now().Before(t.CreatedAt.Add(s.opts.RefreshTokenTTL)) {
			return invalidGrant("invalid refresh token")
		}
		if err := tx.RevokeToken(ctx, t.AccessHash); err != nil {
			return err
		}
		// The new pair keeps the code it descends from, so a replay of that
		// code still reaches it.
		g, err = s.issueToken(ctx, tx, tokenSpec{appID: app.ID, userID: t.UserID, scopes: t.Scopes, withRefresh: true,
			codeHash: t.CodeHash, ip: ip, note: "refresh"})
		return err
	})
	return g, err
}

// tokenSpec says what issueToken issues.
type tokenSpec struct {
	appID, userID int64
	scopes        []string
	withRefresh   bool   // also a refresh token
	codeHash      string // the authorization code it comes from, if any
	// ip (the caller's address) and note (how it was granted) go to the
	// audit log's token.grant line.
	ip, note string
}

// issueToken creates an access token and, with withRefresh, a refresh token.
func (s *Service) issueToken(ctx context.Context, tx domain.Tx, ts tokenSpec) (*Grant, error) {
	appID, userID, scopes := ts.appID, ts.userID, ts.scopes
	access := "2.00" + randomToken(32)
	var refresh, refreshHash string
	if ts.withRefresh {
		refresh = "2.10" + randomToken(32)
		refreshHash = hashSecret(refresh)
	}
	now := s.now()
	t := &domain.Token{AccessHash: hashSecret(access), RefreshHash: refreshHash, UserID: userID, AppID: appID,
		Scopes: scopes, CreatedAt: now, ExpiresAt: now.Add(s.opts.AccessTokenTTL), CodeHash: ts.codeHash}
	if err := tx.CreateToken(ctx, t); err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	if err := s.audit(ctx, tx, Actor{UserID: userID, IP: ts.ip}, AuditTokenGrant, userID, appID, ts.note); err != nil {
		return nil, err
	}
	return &Grant{AccessToken: access, RefreshToken: refresh, ExpiresIn: int(s.opts.AccessTokenTTL / time.Second),
		UserID: userID, Scopes: scopes}, nil
}

// tokenOf looks a presented token up and checks it is live.
func (s *Service) tokenOf(ctx context.Context, token string) (*domain.Token, error) {
	if token == "" {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonNoCredentials, "access token missing")
	}
	t, err := s.store.TokenByAccessHash(ctx, hashSecret(token))
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonTokenInvalid, "invalid_access_token")
	}
	if err != nil {
		return nil, err
	}
	if t.Revoked {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonTokenInvalid, "invalid_access_token")
	}
	if !s.now().Before(t.ExpiresAt) {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonTokenExpired, "expired_token")
	}
	return t, nil
}

// ViewerForToken authenticates an API call.
func (s *Service) ViewerForToken(ctx context.Context, token, ip string) (domain.Viewer, error) {
	t, err := s.tokenOf(ctx, token)
	if err != nil {
		return domain.Viewer{}, err
	}
	app, err := s.store.AppByID(ctx, t.AppID)
	if err != nil {
		return domain.Viewer{}, fmt.Errorf("app of token: %w", err)
	}
	return domain.Viewer{UserID: t.UserID, AppID: t.AppID, AppLevel: app.Level, Scopes: t.Scopes, IP: ip}, nil
}

// TokenInfo describes a live token (oauth2/get_token_info).
type TokenInfo struct {
	UserID    int64
	AppKey    string
	Scopes    []string
	CreatedAt time.Time
	ExpiresIn int
}

// TokenInfo inspects a token.
func (s *Service) TokenInfo(ctx context.Context, token string) (*TokenInfo, error) {
	t, err := s.tokenOf(ctx, token)
	if err != nil {
		return nil, err
	}
	app, err := s.store.AppByID(ctx, t.AppID)
	if err != nil {
		return nil, fmt.Errorf("app of token: %w", err)
	}
	// Whole seconds rounded up: a live token never reports 0 left, and one
	// just issued reports its full lifetime although the store keeps
	// milliseconds and the clock nanoseconds.
	left := t.ExpiresAt.Sub(s.now())
	return &TokenInfo{UserID: t.UserID, AppKey: app.Key, Scopes: t.Scopes, CreatedAt: t.CreatedAt,
		ExpiresIn: int((left + time.Second - 1) / time.Second)}, nil
}

// RevokeGrant revokes every token the token's user gave the token's app;
// ip is the caller's address, for the audit log.
func (s *Service) RevokeGrant(ctx context.Context, token, ip string) error {
	t, err := s.tokenOf(ctx, token)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.RevokeTokens(ctx, t.UserID, t.AppID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{UserID: t.UserID, IP: ip}, AuditTokenRevoke, t.UserID, t.AppID, "")
	})
}

// EndSession revokes just the presented token and returns its user; ip is
// the caller's address, for the audit log.
func (s *Service) EndSession(ctx context.Context, token, ip string) (*domain.User, error) {
	t, err := s.tokenOf(ctx, token)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.RevokeToken(ctx, t.AccessHash); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{UserID: t.UserID, IP: ip}, AuditTokenRevoke, t.UserID, t.AppID, "end_session")
	})
	if err != nil {
		return nil, err
	}
	return s.store.UserByID(ctx, t.UserID)
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// randomToken returns n random bytes, URL-safe encoded (n=32: 256 bits).
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("crypto/rand: %w", err)) // the OS RNG failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("crypto/rand: %w", err))
	}
	return hex.EncodeToString(b)
}

// randomDigits returns an app key like Sina's: n decimal digits, no leading zero.
func randomDigits(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		lo := int64(0)
		if i == 0 {
			lo = 1
		}
		d, err := rand.Int(rand.Reader, big.NewInt(10-lo))
		if err != nil {
			panic(fmt.Errorf("crypto/rand: %w", err))
		}
		sb.WriteByte(byte('0' + lo + d.Int64()))
	}
	return sb.String()
}
