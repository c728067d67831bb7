package apiutil

import (
	"net/http"
	"strconv"

	"github.com/weibo-server/weibo/internal/domain"
)

// Consent is the site's sign-in and consent page: ONE page, one look and
// one CSRF scheme for every OAuth dialect (Sina's OAuth 2.0
// /oauth2/authorize, Tencent's OAuth 1.0a /cgi-bin/authorize). The dialects
// decide what is asked and what happens next; the page, its words, the
// browser session and the form token are the site's. The web package
// implements it (web.Site); the app hands it to the dialects, which may not
// import web (DESIGN.md §2).
type Consent interface {
	// ConsentUser is the person the browser's session signs in, nil when
	// none (a missing, expired or ended session is not an error).
	ConsentUser(r *http.Request) (*domain.User, error)
	// ConsentToken is the token the page's form carries; it sets the
	// browser's cookie when the scheme needs one.
	ConsentToken(w http.ResponseWriter, r *http.Request) string
	// ConsentTokenOK reports whether a POST of the page carries the token
	// (and comes from the site's own origin).
	ConsentTokenOK(r *http.Request, token string) bool
	// ConsentSignIn checks an account and password typed on the page and
	// starts a browser session for them (ending the one the browser had).
	// Errors: KindUnauthenticated for a wrong pair, KindRateLimited (with
	// RetryAfter) when the sign-in guard holds the account or address.
	ConsentSignIn(w http.ResponseWriter, r *http.Request, login, password string) (*domain.User, error)
	// RenderConsent writes the page with status.
	RenderConsent(w http.ResponseWriter, r *http.Request, status int, p *ConsentPage)
}

// ConsentPage is what the consent page shows. Texts (Error) are given in
// Chinese, the site's default language: the page translates them.
type ConsentPage struct {
	// Lang is "en" or "zh"; "" lets the site choose (the visitor's choice
	// or their browser's).
	Lang string
	// Layout is "default", "mobile" or "client" (Sina's display).
	Layout  string
	AppName string
	// Grants are what the app is given, in plain words; none: basic access
	// (public information and basic actions).
	Grants []ConsentGrant
	// LoginField names the account field of the form ("userId" for
	// OAuth 2.0, "userid" for Tencent); UserID is what was typed.
	LoginField, UserID string
	// SignedIn is the person the session signs in: the page approves as
	// them without a password; SwitchURL signs in as someone else.
	SignedIn  *domain.User
	SwitchURL string
	// Hidden are the fields the dialect needs back with the POST.
	Hidden []ConsentField
	// CSRF is the form token (Consent.ConsentToken).
	CSRF string
	// Error is said above the form; ErrorArgs fill its %d.
	Error     string
	ErrorArgs []any
	// NoForm: nothing to approve (an invalid or spent request).
	NoForm bool
	// Verifier, when set, is shown for the person to type into an
	// out-of-band client (OAuth 1.0a oauth_callback=null); Denied says
	// they refused one. Either ends the page: no form.
	Verifier string
	Denied   bool
}

// ConsentField is a hidden field of the consent form.
type ConsentField struct{ Name, Value string }

// ConsentGrant is one permission as the page shows it, in both languages.
type ConsentGrant struct {
	Name    string
	Words   string // Chinese
	English string
}

// ConsentSignInFailure turns a failed ConsentSignIn into what the page says
// and the status it answers with (a Retry-After for a held sign-in); ok is
// false for an error the dialect answers as its own (internal).
func ConsentSignInFailure(w http.ResponseWriter, err error, p *ConsentPage) (status int, ok bool) {
	de := domain.AsError(err)
	switch de.Kind {
	case domain.KindUnauthenticated, domain.KindInvalid:
		p.Error = "帐号或密码错误。"
		return http.StatusOK, true
	case domain.KindRateLimited:
		// The person sees why and for how long; a script sees 429 and Retry-After.
		p.Error = "登录尝试过多，请稍后再试。"
		if de.RetryAfter > 0 {
			secs := int64((de.RetryAfter + 999_999_999) / 1_000_000_000)
			p.Error, p.ErrorArgs = "登录尝试过多，请 %d 秒后再试。", []any{secs}
			w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		}
		return http.StatusTooManyRequests, true
	}
	return 0, false
}

// ConsentForm shows the page for a GET and checks the form token of a
// POST (token, as the form sent it). It answers the request itself and
// returns false unless a POST with the right token goes on to be decided.
func ConsentForm(w http.ResponseWriter, r *http.Request, c Consent, pg *ConsentPage, token string) bool {
	if r.Method != http.MethodPost {
		pg.CSRF = c.ConsentToken(w, r)
		c.RenderConsent(w, r, http.StatusOK, pg)
		return false
	}
	if !c.ConsentTokenOK(r, token) {
		pg.CSRF, pg.Error = c.ConsentToken(w, r), "页面已过期，请重新提交。"
		c.RenderConsent(w, r, http.StatusForbidden, pg)
		return false
	}
	pg.CSRF = token
	return true
}

// ConsentApprover is who approves a POST of the page: the session's person
// (pg.SignedIn), else the account and password typed, signed in. A failed
// sign-in answers the page again (answered); an error that is not the
// person's (internal) is returned for the dialect to answer.
func ConsentApprover(w http.ResponseWriter, r *http.Request, c Consent, pg *ConsentPage, password string) (u *domain.User, answered bool, err error) {
	if pg.SignedIn != nil {
		return pg.SignedIn, false, nil
	}
	u, err = c.ConsentSignIn(w, r, pg.UserID, password)
	if err == nil {
		return u, false, nil
	}
	status, ok := ConsentSignInFailure(w, err, pg)
	if !ok {
		return nil, false, err
	}
	c.RenderConsent(w, r, status, pg)
	return nil, true, nil
}
