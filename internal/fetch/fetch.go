// Package fetch is the one way the server fetches a resource a client
// names by URL (statuses/upload_url_text's picture): the domain.Fetcher port.
//
// A server-side fetch of a client's URL is a classic SSRF hole, so the
// fetcher refuses to connect to loopback, private, link-local, multicast,
// unspecified and otherwise non-public addresses. The check runs when a
// connection is dialled, on the address actually dialled: after DNS
// resolution (a public name resolving to 127.0.0.1, or re-resolving to it
// later, is caught), for every redirect, and for every address a name has.
// No proxy from the environment is used (it would be the address checked).
// Bodies are bounded in bytes and the whole fetch in time, and the first
// bytes must be an image before the rest is read.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// Options configure a Fetcher.
type Options struct {
	// Timeout bounds one fetch, redirects and body included (default 10s).
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed (default 3).
	MaxRedirects int
	// AllowPrivate lets fetches reach any address, loopback and private
	// ones included: for tests and development only.
	AllowPrivate bool
	// UserAgent is sent with every request.
	UserAgent string

	// permit, in this package's tests, admits addresses AllowPrivate would
	// not (one test server), so that refusals of others can be shown.
	permit func(netip.AddrPort) bool
}

// Fetcher fetches pictures from client-given URLs.
type Fetcher struct {
	opts   Options
	client *http.Client
}

// New builds a Fetcher.
func New(o Options) *Fetcher {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 3
	}
	if o.UserAgent == "" {
		o.UserAgent = "weibo-server (picture fetch)"
	}
	f := &Fetcher{opts: o}
	dialer := &net.Dialer{Timeout: o.Timeout, Control: f.control}
	tr := &http.Transport{
		Proxy:                  nil, // a proxy would be what the dial check sees
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           16,
		IdleConnTimeout:        30 * time.Second,
		TLSHandshakeTimeout:    o.Timeout,
		ResponseHeaderTimeout:  o.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
	}
	f.client = &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	return f
}

// errRefused marks a dial to an address the fetcher may not reach.
type errRefused struct{ addr netip.Addr }

func (e *errRefused) Error() string {
	return "refusing to connect to the non-public address " + e.addr.String()
}

// control runs for every connection, with the address about to be dialled.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("fetch: dial address %q: %w", address, err)
	}
	if f.opts.AllowPrivate || (f.opts.permit != nil && f.opts.permit(ap)) {
		return nil
	}
	if !Public(ap.Addr()) {
		return &errRefused{ap.Addr().Unmap()}
	}
	return nil
}

// nonPublic lists the special-purpose ranges (IANA's registries) beyond
// what netip's predicates cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001::/32"),       // Teredo: tunnels to anywhere
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// Embedded IPv4 addresses: NAT64 and 6to4 reach the IPv4 address inside.
var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour  = netip.MustParsePrefix("2002::/16")
)

// Public reports whether a is an address a server-side fetch may reach:
// not loopback, private, link-local, multicast, unspecified, nor in a
// special-purpose range; an IPv4 address inside IPv6 (mapped, NAT64, 6to4)
// is judged as that IPv4 address.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.Zone() != "" {
		return false
	}
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64Local.Contains(a):
			return false
		case nat64.Contains(a):
			return Public(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case sixToFour.Contains(a):
			return Public(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	return true
}

// errRedirect is a redirect the fetcher does not follow.
type errRedirect struct{ msg string }

func (e *errRedirect) Error() string { return e.msg }

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return &errRedirect{fmt.Sprintf("more than %d redirects", f.opts.MaxRedirects)}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &errRedirect{fmt.Sprintf("a redirect to a %q URL", req.URL.Scheme)}
	}
	return nil
}

func badURL(want, got string, err error) error {
	e := domain.BadParam("url", want, got)
	e.Err = err
	return e
}

// sniffLen is how much of a body is read before it must look like an image.
const sniffLen = 512

// Fetch GETs rawURL and returns its body: an image (by its first bytes) of
// at most maxBytes. See domain.Fetcher for the errors.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, maxBytes int64) ([]byte, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, badURL("an http or https URL of a picture", truncate(rawURL), err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, badURL("an http or https URL of a picture", truncate(rawURL), err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "image/jpeg, image/png, image/gif, image/webp")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.transportError(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, badURL("a URL that serves a picture", "HTTP "+strconv.Itoa(resp.StatusCode)+" from "+truncate(rawURL), nil)
	}
	if resp.ContentLength > maxBytes {
		return nil, tooLarge(resp.ContentLength, maxBytes)
	}
	// The first bytes decide whether the rest is worth reading.
	head := make([]byte, min(sniffLen, maxBytes+1))
	n, err := io.ReadFull(resp.Body, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, f.transportError(ctx, rawURL, err)
	}
	head = head[:n]
	if _, ok := media.Sniff(head); !ok {
		return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonImageType,
			Msg: "the URL does not serve a JPEG, PNG, GIF or WebP picture"}
	}
	rest, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1-int64(n)))
	if err != nil {
		return nil, f.transportError(ctx, rawURL, err)
	}
	data := append(head, rest...)
	if int64(len(data)) > maxBytes {
		return nil, tooLarge(int64(len(data)), maxBytes)
	}
	return data, nil
}

func tooLarge(n, limit int64) error {
	return &domain.Error{Kind: domain.KindTooLarge, Reason: domain.ReasonImageTooLarge,
		Msg: fmt.Sprintf("the picture at the URL is %d bytes or more; at most %d are accepted", n, limit)}
}

// transportError sorts a failed fetch: a refused address, a name that does
// not resolve or a host that refuses the connection are the URL's fault
// (10017 on url); running out of time is the remote's (10003).
func (f *Fetcher) transportError(ctx context.Context, rawURL string, err error) error {
	var refused *errRefused
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &refused):
		return badURL("a URL on a public address", truncate(rawURL), err)
	case errors.As(err, &dnsErr):
		return badURL("a URL whose host name resolves", truncate(rawURL), err)
	case ctx.Err() != nil:
		return &domain.Error{Kind: domain.KindUnavailable, Reason: domain.ReasonRemoteFetch,
			Msg: "fetching the picture took too long", Err: err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return badURL("a URL whose host accepts connections", truncate(rawURL), err)
	}
	var redir *errRedirect
	if errors.As(err, &redir) {
		return badURL("a URL that serves a picture within a few http(s) redirects", truncate(rawURL), err)
	}
	return &domain.Error{Kind: domain.KindUnavailable, Reason: domain.ReasonRemoteFetch,
		Msg: "the picture could not be fetched", Err: err}
}

func truncate(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "..."
	}
	return s
}

var _ domain.Fetcher = (*Fetcher)(nil)
