package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The OAuth sign-in and consent page (apiutil.Consent), shown by Sina's
// /oauth2/authorize and Tencent's /cgi-bin/authorize: one template
// (consent.html), the site's words in both languages, its browser session
// and its CSRF scheme (csrfToken, checkCSRF), so that signing in on the
// page signs in on the site and a token of one form is the token of all.

var _ apiutil.Consent = (*Site)(nil)

var consentTmpl = template.Must(template.ParseFS(files, "templates/consent.html"))

// session is the site's view of a request: its language and, when the
// session cookie names a live session, the person signed in. stale reports
// a cookie that names none (expired, or signed out elsewhere). Every page
// and the OAuth consent pages read it so.
func (s *Site) session(r *http.Request) (rq *request, stale bool, err error) {
	rq = &request{r: r, lang: s.language(r)}
	if ck, err := r.Cookie(SessionCookie); err == nil && ck.Value != "" {
		u, err := s.svc.SessionUser(r.Context(), ck.Value)
		switch {
		case err == nil:
			rq.me, rq.secret = u, ck.Value
		case domain.IsKind(err, domain.KindUnauthenticated):
			return rq, true, nil
		default:
			return rq, false, err
		}
	}
	return rq, false, nil
}

// consentRequest is session for the consent pages, which leave a stale
// cookie alone (the dialect's handler owns the answer).
func (s *Site) consentRequest(r *http.Request) (*request, error) {
	rq, _, err := s.session(r)
	return rq, err
}

// ConsentUser implements apiutil.Consent.
func (s *Site) ConsentUser(r *http.Request) (*domain.User, error) {
	rq, err := s.consentRequest(r)
	if err != nil {
		return nil, err
	}
	return rq.me, nil
}

// ConsentToken implements apiutil.Consent: the site's form token.
func (s *Site) ConsentToken(w http.ResponseWriter, r *http.Request) string {
	rq, err := s.consentRequest(r)
	if err != nil {
		rq = &request{r: r} // the double-submit cookie then; the POST checks again
	}
	return s.csrfToken(w, r, rq)
}

// ConsentTokenOK implements apiutil.Consent.
func (s *Site) ConsentTokenOK(r *http.Request, token string) bool {
	rq, err := s.consentRequest(r)
	if err != nil {
		return false
	}
	return s.checkCSRFToken(r, rq, token)
}

// ConsentSignIn implements apiutil.Consent through the core's one sign-in
// guard, as the site's login form does.
func (s *Site) ConsentSignIn(w http.ResponseWriter, r *http.Request, login, password string) (*domain.User, error) {
	rq, err := s.consentRequest(r)
	if err != nil {
		return nil, err
	}
	u, err := s.svc.Authenticate(r.Context(), core.LoginAttempt{Login: login, Password: password, IP: s.clientIP(r)})
	if err != nil {
		return nil, err
	}
	if err := s.startSession(w, r, rq, u); err != nil {
		return nil, err
	}
	return u, nil
}

// consentView is what consent.html gets.
type consentView struct {
	*apiutil.ConsentPage
	lang    string
	Version string
}

// T translates the page's Chinese text when the page is in English.
func (v *consentView) T(zh string) string {
	if v.lang == "en" {
		if en, ok := english[zh]; ok {
			return en
		}
	}
	return zh
}

// Lang is the page's language tag.
func (v *consentView) Lang() string {
	if v.lang == "en" {
		return "en"
	}
	return "zh-CN"
}

// English reports whether the page is in English.
func (v *consentView) English() bool { return v.lang == "en" }

// ErrorText is the page's error in its language.
func (v *consentView) ErrorText() string {
	if len(v.ErrorArgs) > 0 {
		return fmt.Sprintf(v.T(v.Error), v.ErrorArgs...)
	}
	return v.T(v.Error)
}

// RenderConsent implements apiutil.Consent.
func (s *Site) RenderConsent(w http.ResponseWriter, r *http.Request, status int, p *apiutil.ConsentPage) {
	v := &consentView{ConsentPage: p, lang: p.Lang, Version: s.version}
	if v.lang == "" {
		v.lang = s.language(r)
	}
	if v.Layout == "" {
		v.Layout = "default"
	}
	if v.LoginField == "" {
		v.LoginField = "userId"
	}
	var buf bytes.Buffer
	if err := consentTmpl.Execute(&buf, v); err != nil {
		s.log.ErrorContext(r.Context(), "render consent page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	// The site's policy but for form-action: approving redirects the form
	// to the app's callback, which browsers check against form-action.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
		"frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
