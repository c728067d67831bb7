package apiutil

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name   string
		remote string
		xff    []string
		xri    string
		trust  bool
		want   string
	}{
		{"peer", "203.0.113.7:5555", nil, "", false, "203.0.113.7"},
		{"untrusted header ignored", "203.0.113.7:5555", []string{"1.1.1.1"}, "", false, "203.0.113.7"},
		{"trusted single hop", "127.0.0.1:1", []string{"198.51.100.2"}, "", true, "198.51.100.2"},
		{"spoofed left entry ignored", "10.0.0.1:1", []string{"6.6.6.6, 198.51.100.2"}, "", true, "198.51.100.2"},
		{"internal proxies skipped", "10.0.0.1:1", []string{"198.51.100.2, 10.0.0.5", "192.168.1.1"}, "", true, "198.51.100.2"},
		{"all internal: leftmost", "10.0.0.1:1", []string{"192.168.0.9, 10.0.0.5"}, "", true, "192.168.0.9"},
		{"port and v6", "10.0.0.1:1", []string{"[2001:db8::1]:443"}, "", true, "2001:db8::1"},
		{"garbage skipped", "10.0.0.1:1", []string{"unknown, 198.51.100.2, junk"}, "", true, "198.51.100.2"},
		{"x-real-ip", "10.0.0.1:1", nil, "198.51.100.3", true, "198.51.100.3"},
		{"mapped v4", "[::ffff:203.0.113.9]:80", nil, "", false, "203.0.113.9"},
		{"v6 peer", "[2001:db8::5]:80", nil, "", false, "2001:db8::5"},
		{"unparsable peer", "pipe", nil, "", false, "pipe"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		for _, h := range tt.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if tt.xri != "" {
			r.Header.Set("X-Real-IP", tt.xri)
		}
		if got := ClientIP(r, tt.trust); got != tt.want {
			t.Errorf("%s: ClientIP = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestIsSecure(t *testing.T) {
	tests := []struct {
		name   string
		remote string
		tls    bool
		proto  string
		trust  bool
		want   bool
		xff    string
	}{
		{"tls", "203.0.113.7:1", true, "", false, true, ""},
		{"plain remote", "203.0.113.7:1", false, "", false, false, ""},
		{"loopback", "127.0.0.1:1", false, "", false, true, ""},
		{"loopback v6", "[::1]:1", false, "", false, true, ""},
		{"untrusted proto", "203.0.113.7:1", false, "https", false, false, ""},
		{"trusted https", "10.0.0.2:1", false, "https", true, true, ""},
		{"trusted https list", "10.0.0.2:1", false, "HTTPS, http", true, true, ""},
		{"trusted http beats loopback", "127.0.0.1:1", false, "http", true, false, ""},
		// A same-host proxy forwarding a remote client without a proto: the
		// client, not the proxy, decides whether the hop is local.
		{"proxied remote client", "127.0.0.1:1", false, "", true, false, "203.0.113.9"},
		{"proxied local client", "127.0.0.1:1", false, "", true, true, "127.0.0.1"},
		{"untrusted xff ignored", "127.0.0.1:1", false, "", false, true, "203.0.113.9"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if tt.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := IsSecure(r, tt.trust); got != tt.want {
			t.Errorf("%s: IsSecure = %v, want %v", tt.name, got, tt.want)
		}
	}
}
