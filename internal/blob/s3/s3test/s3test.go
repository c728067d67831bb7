// Package s3test runs an in-process S3-compatible server (gofakes3 over
// memory) for tests of the S3 blob engine and of what is built on it.
package s3test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Server is a running fake S3 endpoint.
type Server struct {
	// Endpoint is host:port of the server (plain HTTP).
	Endpoint string
	// AccessKey and SecretKey are accepted by the server (it checks no
	// signature, but the client must send some).
	AccessKey, SecretKey string

	puts *puts
}

// puts remembers the headers of the last PUT of each path: gofakes3 keeps
// only some (not Cache-Control), and tests check what the engine sent.
type puts struct {
	mu sync.Mutex
	m  map[string]http.Header
}

// PutHeader is the header of the last PUT of bucket/key, or nil.
func (s Server) PutHeader(bucket, key string) http.Header {
	s.puts.mu.Lock()
	defer s.puts.mu.Unlock()
	return s.puts.m["/"+bucket+"/"+key]
}

// Start starts a server that lives as long as the test.
func Start(t testing.TB) Server {
	t.Helper()
	faker := gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(false))
	h := faker.Server()
	p := &puts{m: map[string]http.Header{}}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// minio-go streams an empty body over plain HTTP as chunked, with
		// its real length in X-Amz-Decoded-Content-Length (which gofakes3
		// reads) but no Content-Length (which gofakes3 then insists on).
		if r.Method == http.MethodPut && r.Header.Get("Content-Length") == "" && r.Header.Get("X-Amz-Decoded-Content-Length") != "" {
			r.Header.Set("Content-Length", "0")
		}
		if r.Method == http.MethodPut {
			p.mu.Lock()
			p.m[r.URL.Path] = r.Header.Clone()
			p.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return Server{Endpoint: strings.TrimPrefix(ts.URL, "http://"), AccessKey: "weibo-test", SecretKey: "weibo-test-secret", puts: p}
}
