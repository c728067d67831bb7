// Package oauthsig computes and checks OAuth 1.0a HMAC-SHA1 signatures
// (RFC 5849 §3.4) as the Tencent Weibo API applies them. It is pure: the
// dialect collects the request's parameters and base URI, the core looks up
// the secrets, and this package does the arithmetic in between.
package oauthsig

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
)

// Pair is one request parameter. Repeated names are kept: every value of
// every name is signed (RFC 5849 §3.4.1.3.1).
type Pair struct {
	Name, Value string
}

// Encode percent-encodes s as RFC 5849 §3.6 requires: the RFC 3986
// unreserved characters stay, every other byte of the UTF-8 form becomes %XX
// with upper-case hex (a space is %20, never +).
func Encode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// BaseURI is RFC 5849 §3.4.1.2: scheme and host in lower case, the port only
// when it is not the scheme's default, then the path (already escaped as
// the client sent it; "/" when empty). Query and fragment are not part of it.
func BaseURI(scheme, host, escapedPath string) string {
	scheme = strings.ToLower(scheme)
	host = strings.ToLower(host)
	if h, port, ok := cutPort(host); ok {
		if scheme == "http" && port == "80" || scheme == "https" && port == "443" {
			host = h
		}
	}
	if escapedPath == "" {
		escapedPath = "/"
	}
	return scheme + "://" + host + escapedPath
}

// cutPort splits "host:port" (and "[v6]:port"); ok is false without a port.
func cutPort(host string) (string, string, bool) {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || strings.LastIndexByte(host, ']') > i {
		return host, "", false
	}
	return host[:i], host[i+1:], true
}

// BaseString is RFC 5849 §3.4.1: METHOD&enc(baseURI)&enc(normalized
// parameters). oauth_signature is left out wherever it appears; the caller
// leaves out what else must not be signed (file parts, realm).
func BaseString(method, baseURI string, params []Pair) string {
	enc := make([]Pair, 0, len(params))
	for _, p := range params {
		if p.Name == "oauth_signature" {
			continue
		}
		enc = append(enc, Pair{Encode(p.Name), Encode(p.Value)})
	}
	slices.SortFunc(enc, func(a, b Pair) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	var sb strings.Builder
	for i, p := range enc {
		if i > 0 {
			sb.WriteByte('&')
		}
		sb.WriteString(p.Name)
		sb.WriteByte('=')
		sb.WriteString(p.Value)
	}
	return Encode(strings.ToUpper(method)) + "&" + Encode(baseURI) + "&" + Encode(sb.String())
}

// Key is the HMAC-SHA1 key: enc(consumer secret)&enc(token secret); it ends
// in "&" when there is no token secret yet (the request-token step).
func Key(consumerSecret, tokenSecret string) string {
	return Encode(consumerSecret) + "&" + Encode(tokenSecret)
}

// Sign returns Base64(HMAC-SHA1(key, base)).
func Sign(base, consumerSecret, tokenSecret string) string {
	m := hmac.New(sha1.New, []byte(Key(consumerSecret, tokenSecret)))
	m.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is the signature of base under the secrets,
// comparing in constant time.
func Verify(sig, base, consumerSecret, tokenSecret string) bool {
	// Strict: the unused low bits of the last character must be zero, so
	// one signature has one spelling.
	got, err := base64.StdEncoding.Strict().DecodeString(sig)
	if err != nil {
		return false
	}
	m := hmac.New(sha1.New, []byte(Key(consumerSecret, tokenSecret)))
	m.Write([]byte(base))
	return hmac.Equal(got, m.Sum(nil))
}

// ErrHeader reports an Authorization header that is not OAuth or not parseable.
var ErrHeader = errors.New("oauthsig: malformed OAuth Authorization header")

// ParseHeader reads an "Authorization: OAuth k="v", ..." header (RFC 5849
// §3.5.1). ok is false when the header is not of the OAuth scheme at all
// (another scheme, or none); a malformed OAuth header is ErrHeader. realm
// is dropped: it is never signed.
func ParseHeader(h string) (params []Pair, ok bool, err error) {
	h = strings.TrimSpace(h)
	const scheme = "oauth"
	if len(h) < len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) {
		return nil, false, nil
	}
	rest := h[len(scheme):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, false, nil // "OAuth2 …" is another scheme
	}
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, quoted, found := strings.Cut(part, "=")
		if !found || len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' {
			return nil, true, ErrHeader
		}
		name = strings.TrimSpace(name)
		n, err1 := url.PathUnescape(name)
		v, err2 := url.PathUnescape(quoted[1 : len(quoted)-1])
		if err1 != nil || err2 != nil || n == "" {
			return nil, true, ErrHeader
		}
		if strings.EqualFold(n, "realm") {
			continue
		}
		params = append(params, Pair{n, v})
	}
	return params, true, nil
}
