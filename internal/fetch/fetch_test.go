package fetch

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 20))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func portOf(t *testing.T, s *httptest.Server) uint16 {
	t.Helper()
	_, p, err := net.SplitHostPort(s.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return uint16(n)
}

func wantReason(t *testing.T, err error, kind domain.Kind, reason domain.Reason) {
	t.Helper()
	de := domain.AsError(err)
	if err == nil || de.Kind != kind || de.Reason != reason {
		t.Fatalf("want %v/%q, got %v", kind, reason, err)
	}
}

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "1.1.1.1": true, "2606:4700:4700::1111": true, "114.114.114.114": true,
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "0.0.0.0": false, "::": false,
		"10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "fc00::1": false, "fd12::1": false,
		"169.254.169.254": false, "fe80::1": false, "100.64.0.1": false, "224.0.0.1": false, "ff02::1": false,
		"255.255.255.255": false, "240.0.0.1": false, "198.18.0.1": false, "192.0.2.1": false, "0.1.2.3": false,
		"::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "::ffff:8.8.8.8": true,
		"64:ff9b::7f00:1": false, "64:ff9b::808:808": true, "2002:7f00:1::1": false, "2002:808:808::1": true,
		"2001:0:4136:e378::1": false, "2001:db8::1": false, "64:ff9b:1::1": false,
	} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestFetchAllowPrivate(t *testing.T) {
	pic := testPNG(t)
	s := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(pic) })
	f := New(Options{AllowPrivate: true})
	got, err := f.Fetch(context.Background(), s.URL+"/a.png", 1<<20)
	if err != nil || !bytes.Equal(got, pic) {
		t.Fatalf("fetch: %v (%d bytes, want %d)", err, len(got), len(pic))
	}
}

// Loopback is refused by address, by a name resolving to it, and through a
// redirect from an address that is allowed.
func TestFetchRefusesNonPublic(t *testing.T) {
	pic := testPNG(t)
	var served atomic.Int32
	target := serve(t, func(w http.ResponseWriter, r *http.Request) { served.Add(1); w.Write(pic) })
	ctx := context.Background()
	f := New(Options{})
	for _, u := range []string{
		target.URL + "/a.png",
		"http://localhost:" + strconv.Itoa(int(portOf(t, target))) + "/a.png",
		"http://[::ffff:127.0.0.1]:" + strconv.Itoa(int(portOf(t, target))) + "/a.png",
	} {
		_, err := f.Fetch(ctx, u, 1<<20)
		wantReason(t, err, domain.KindInvalid, domain.ReasonBadParam)
		if de := domain.AsError(err); de.Param != "url" || !strings.Contains(err.Error(), "non-public") {
			t.Fatalf("%s: %v", u, err)
		}
	}

	// A permitted first hop redirects to a loopback address: the redirect's
	// dial is checked as the first was.
	hop := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+strconv.Itoa(int(portOf(t, target)))+"/a.png", http.StatusFound)
	})
	hopPort := portOf(t, hop)
	g := New(Options{permit: func(ap netip.AddrPort) bool { return ap.Port() == hopPort }})
	_, err := g.Fetch(ctx, hop.URL+"/start", 1<<20)
	wantReason(t, err, domain.KindInvalid, domain.ReasonBadParam)
	if n := served.Load(); n != 0 {
		t.Fatalf("the non-public target was reached %d times", n)
	}
	// The same hop, with the target permitted too, works: the refusal
	// above was the address check, not the redirect.
	targetPort := portOf(t, target)
	h := New(Options{permit: func(ap netip.AddrPort) bool { return ap.Port() == hopPort || ap.Port() == targetPort }})
	if _, err := h.Fetch(ctx, hop.URL+"/start", 1<<20); err != nil || served.Load() != 1 {
		t.Fatalf("permitted redirect: %v (served %d)", err, served.Load())
	}
}

func TestFetchErrors(t *testing.T) {
	pic := testPNG(t)
	big := append(append([]byte(nil), pic...), make([]byte, 4096)...)
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(big) })
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Write(big[:100])
		w.(http.Flusher).Flush() // no Content-Length: the limit must hold while reading
		w.Write(big[100:])
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png") // lies: the bytes decide
		w.Write([]byte("<html>not a picture</html>"))
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/a.png", http.StatusFound)
	})
	s := serve(t, mux.ServeHTTP)
	f := New(Options{AllowPrivate: true, Timeout: 200 * time.Millisecond})
	ctx := context.Background()
	limit := int64(len(pic) + 100)

	cases := []struct {
		url    string
		kind   domain.Kind
		reason domain.Reason
	}{
		{s.URL + "/big", domain.KindTooLarge, domain.ReasonImageTooLarge},
		{s.URL + "/big-chunked", domain.KindTooLarge, domain.ReasonImageTooLarge},
		{s.URL + "/html", domain.KindInvalid, domain.ReasonImageType},
		{s.URL + "/missing", domain.KindInvalid, domain.ReasonBadParam},
		{s.URL + "/loop", domain.KindInvalid, domain.ReasonBadParam},
		{s.URL + "/ftp", domain.KindInvalid, domain.ReasonBadParam},
		{s.URL + "/slow", domain.KindUnavailable, domain.ReasonRemoteFetch},
		{"ftp://example.com/a.png", domain.KindInvalid, domain.ReasonBadParam},
		{"not a url", domain.KindInvalid, domain.ReasonBadParam},
		{"http://user:pw@example.com/a.png", domain.KindInvalid, domain.ReasonBadParam},
		{"http://nonexistent.invalid/a.png", domain.KindInvalid, domain.ReasonBadParam},
	}
	for _, tc := range cases {
		_, err := f.Fetch(ctx, tc.url, limit)
		if de := domain.AsError(err); err == nil || de.Kind != tc.kind || de.Reason != tc.reason {
			t.Errorf("%s: want %v/%q, got %v", tc.url, tc.kind, tc.reason, err)
		}
	}
	// Connection refused: a port nothing listens on any more.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err := f.Fetch(ctx, closed.URL+"/a.png", limit)
	wantReason(t, err, domain.KindInvalid, domain.ReasonBadParam)
}
