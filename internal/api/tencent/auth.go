package tencent

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/oauthsig"
)

// signedRequest collects what an OAuth 1.0a signature covers (spec §3.5):
// the query string, the form body, the oauth_* fields of an Authorization
// header, all under the names and with every value as sent; and the URL as
// the client addressed it. A multipart body's text fields are signed by
// Tencent's clients but not by strict RFC 5849 ones: such a request carries
// the strict reading as Alt. File parts are never signed. apiutil.FromRequest
// must have parsed the body already.
func (a *API) signedRequest(r *http.Request) *core.OAuth1Request {
	req := &core.OAuth1Request{Method: r.Method, BaseURI: a.baseURI(r), IP: apiutil.ClientIP(r, a.opts.TrustProxy)}
	var always []oauthsig.Pair
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
		always = appendValues(always, q)
	}
	if hdr, isOAuth, err := oauthsig.ParseHeader(r.Header.Get("Authorization")); isOAuth && err == nil {
		always = append(always, hdr...)
	}
	req.Params = appendValues(append([]oauthsig.Pair(nil), always...), r.PostForm)
	if r.MultipartForm != nil && len(r.MultipartForm.Value) > 0 {
		req.Alt = always
	}
	return req
}

func appendValues(out []oauthsig.Pair, v url.Values) []oauthsig.Pair {
	for k, vs := range v {
		for _, s := range vs {
			out = append(out, oauthsig.Pair{Name: k, Value: s})
		}
	}
	return out
}

// baseURI is the URL the client signed: the scheme and host it reached us
// by (through a trusted proxy: what X-Forwarded-Proto and -Host say), and
// the path as it sent it.
func (a *API) baseURI(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if a.opts.TrustProxy {
		if p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); strings.TrimSpace(p) != "" {
			scheme = strings.ToLower(strings.TrimSpace(p))
		}
		if h, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ","); strings.TrimSpace(h) != "" {
			host = strings.TrimSpace(h)
		}
	}
	return oauthsig.BaseURI(scheme, host, r.URL.EscapedPath())
}
