package mediahttp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// memBlobs is an in-memory domain.Blobs (engines have their own suite).
type memBlobs struct {
	mu   sync.Mutex
	m    map[string][]byte
	ct   map[string]string
	fail error
}

func newMem() *memBlobs { return &memBlobs{m: map[string][]byte{}, ct: map[string]string{}} }

func (b *memBlobs) Put(_ context.Context, key, ct string, data []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m[key], b.ct[key] = bytes.Clone(data), ct
	return nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

var modTime = time.Date(2026, 5, 1, 2, 3, 4, 0, time.UTC)

func (b *memBlobs) Get(ctx context.Context, key string) (io.ReadSeekCloser, domain.BlobInfo, error) {
	info, err := b.Stat(ctx, key)
	if err != nil {
		return nil, info, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return nopCloser{bytes.NewReader(b.m[key])}, info, nil
}

func (b *memBlobs) Stat(_ context.Context, key string) (domain.BlobInfo, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail != nil {
		return domain.BlobInfo{}, b.fail
	}
	data, ok := b.m[key]
	if !ok {
		return domain.BlobInfo{}, &domain.Error{Kind: domain.KindNotFound}
	}
	sum := sha256.Sum256(data)
	return domain.BlobInfo{Size: int64(len(data)), ContentType: b.ct[key], ETag: hex.EncodeToString(sum[:]), ModTime: modTime}, nil
}

func (b *memBlobs) Delete(_ context.Context, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, key)
	return nil
}

type mux struct{ *http.ServeMux }

func (m mux) Handle(p string, h http.Handler) { m.ServeMux.Handle(p, h) }

func serve(t *testing.T, b domain.Blobs) *httptest.Server {
	t.Helper()
	m := mux{http.NewServeMux()}
	New(b, nil).Mount(m)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

const id = "0123456789abcdef0123456789abcdej"

func TestServe(t *testing.T) {
	b := newMem()
	data := bytes.Repeat([]byte("jpegdata"), 1000)
	key := media.Key(media.KindPicture, media.Large, id)
	if err := b.Put(t.Context(), key, "image/jpeg", data); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, b)
	url := srv.URL + "/media/" + key

	resp, body := do(t, "GET", url)
	if resp.StatusCode != 200 || !bytes.Equal(body, data) {
		t.Fatalf("GET: %d, %d bytes", resp.StatusCode, len(body))
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:]) + `"`
	for k, want := range map[string]string{
		"Content-Type":           "image/jpeg",
		"ETag":                   etag,
		"Cache-Control":          "public, max-age=31536000, immutable",
		"X-Content-Type-Options": "nosniff",
		"Content-Length":         "8000",
		"Last-Modified":          modTime.Format(http.TimeFormat),
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}

	// A revalidation with the ETag is a 304 without a body.
	resp, body = do(t, "GET", url, "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("ETag") != etag {
		t.Fatalf("If-None-Match: %d, %d bytes, ETag %q", resp.StatusCode, len(body), resp.Header.Get("ETag"))
	}
	resp, _ = do(t, "GET", url, "If-None-Match", `"other"`)
	if resp.StatusCode != 200 {
		t.Fatalf("If-None-Match of another ETag: %d", resp.StatusCode)
	}

	// HEAD: the headers, no body.
	resp, body = do(t, "HEAD", url)
	if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Length") != "8000" || resp.Header.Get("ETag") != etag {
		t.Fatalf("HEAD: %d, %d bytes, headers %v", resp.StatusCode, len(body), resp.Header)
	}

	// A range comes for free.
	resp, body = do(t, "GET", url, "Range", "bytes=8-15")
	if resp.StatusCode != http.StatusPartialContent || string(body) != "jpegdata" {
		t.Fatalf("Range: %d %q", resp.StatusCode, body)
	}

	// Another extension names the same file: the id says the format.
	for _, ext := range []string{".png", ".gif", ".jpeg"} {
		resp, body = do(t, "GET", srv.URL+"/media/large/"+id+ext)
		if resp.StatusCode != 200 || !bytes.Equal(body, data) || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("GET with %s: %d, type %q", ext, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}

	// Only GET and HEAD.
	resp, _ = do(t, "POST", url)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	b := newMem()
	srv := serve(t, b)
	for _, p := range []string{
		"large/" + id + ".jpg", // well formed, no file
		"large/" + strings.ToUpper(id) + ".jpg",
		"huge/" + id + ".jpg",
		"large/" + id,
		"large/" + id + ".exe",
		"large/../large/" + id + ".jpg",
		"avatar/51/" + id + ".jpg",
		"avatar/" + id + ".jpg",
		"",
		"large/" + id + ".jpg/x",
		"%2e%2e/etc/passwd",
	} {
		resp, body := do(t, "GET", srv.URL+"/media/"+p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%q: %d %s", p, resp.StatusCode, body)
			continue
		}
		if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%q: headers %v", p, resp.Header)
		}
	}
}

func TestStoreFailure(t *testing.T) {
	b := newMem()
	b.fail = errors.New("disk on fire")
	srv := serve(t, b)
	resp, _ := do(t, "GET", srv.URL+"/media/large/"+id+".jpg")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("a failing store: %d %v", resp.StatusCode, resp.Header)
	}
}
