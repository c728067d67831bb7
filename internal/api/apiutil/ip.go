package apiutil

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the address of the end client as text ("1.2.3.4",
// "2001:db8::1"; IPv4-mapped IPv6 is unmapped).
//
// Without trustProxy it is the TCP peer (r.RemoteAddr). With trustProxy the
// X-Forwarded-For chain is read from the right, the end our own proxy
// appended: the first address that is not loopback, private or link-local is
// the client (earlier entries were written by the client and can be forged);
// if every entry is internal, the leftmost one is used; without the header
// X-Real-IP, then the peer.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if ip, ok := forwardedFor(r.Header.Values("X-Forwarded-For")); ok {
			return ip.String()
		}
		if ip, err := netip.ParseAddr(strings.TrimSpace(r.Header.Get("X-Real-Ip"))); err == nil {
			return ip.Unmap().String()
		}
	}
	if ip, ok := peer(r); ok {
		return ip.String()
	}
	return r.RemoteAddr
}

func forwardedFor(headers []string) (netip.Addr, bool) {
	var hops []netip.Addr
	for _, h := range headers {
		for part := range strings.SplitSeq(h, ",") {
			if ip, ok := parseHop(part); ok {
				hops = append(hops, ip)
			}
		}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		if !internal(hops[i]) {
			return hops[i], true
		}
	}
	if len(hops) > 0 {
		return hops[0], true
	}
	return netip.Addr{}, false
}

// parseHop accepts "1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:80", "2001:db8::1".
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func internal(ip netip.Addr) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified()
}

func peer(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return ip.Unmap(), true
}

// IsSecure reports whether the client reached us over a secure channel: TLS
// on this connection; or, with trustProxy, X-Forwarded-Proto: https from the
// proxy (an explicit "http" there is insecure); or a loopback client (local
// development and tests, where traffic never leaves the machine). Behind a
// trusted proxy the client is the one the proxy names, not the proxy: a
// same-host proxy that forwards a remote client without X-Forwarded-Proto
// must not make that client look local.
func IsSecure(r *http.Request, trustProxy bool) bool {
	if r.TLS != nil {
		return true
	}
	if trustProxy {
		if proto := r.Header.Get("X-Forwarded-Proto"); proto != "" {
			first, _, _ := strings.Cut(proto, ",")
			return strings.EqualFold(strings.TrimSpace(first), "https")
		}
		ip, err := netip.ParseAddr(ClientIP(r, true))
		return err == nil && ip.IsLoopback()
	}
	ip, ok := peer(r)
	return ok && ip.IsLoopback()
}
