package s3_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/weibo-server/weibo/internal/blob/blobtest"
	"github.com/weibo-server/weibo/internal/blob/s3"
	"github.com/weibo-server/weibo/internal/blob/s3/s3test"
	"github.com/weibo-server/weibo/internal/domain"
)

var buckets atomic.Int64

func open(t *testing.T, srv s3test.Server) *s3.Store {
	t.Helper()
	s, err := s3.New(t.Context(), s3.Options{Endpoint: srv.Endpoint, Bucket: fmt.Sprintf("media-%d", buckets.Add(1)),
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConformance runs the blob suite against minio-go talking to an
// in-process S3 server, one bucket per subtest.
func TestConformance(t *testing.T) {
	srv := s3test.Start(t)
	blobtest.Run(t, func(t *testing.T) domain.Blobs { return open(t, srv) })
}

// TestBucketIsMadeOnce: nodes starting together all open the bucket; a
// bucket that exists (made by another node) is used as it is.
func TestBucketIsMadeOnce(t *testing.T) {
	srv := s3test.Start(t)
	o := s3.Options{Endpoint: srv.Endpoint, Bucket: "shared", AccessKey: srv.AccessKey, SecretKey: srv.SecretKey}
	first, err := s3.New(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Put(t.Context(), "a/b.png", "image/png", []byte("png")); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := s3.New(t.Context(), o)
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatalf("second open of the bucket: %v", err)
		}
	}
	if _, err := first.Stat(t.Context(), "a/b.png"); err != nil {
		t.Fatalf("an object did not survive the bucket being opened again: %v", err)
	}
}

// TestETagIsTheContentHash: the ETag is the SHA-256 of the bytes, as the
// disk engine's, so a migration between the two keeps clients' caches valid.
func TestETagIsTheContentHash(t *testing.T) {
	s := open(t, s3test.Start(t))
	data := bytes.Repeat([]byte("weibo"), 1000)
	if err := s.Put(t.Context(), "large/x.jpg", "image/jpeg", data); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	st, err := s.Stat(t.Context(), "large/x.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if st.ETag != hex.EncodeToString(sum[:]) {
		t.Fatalf("ETag %q, want the SHA-256 %x", st.ETag, sum)
	}
	var keys []string
	if err := s.Keys(t.Context(), func(k string) error { keys = append(keys, k); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != "large/x.jpg" {
		t.Fatalf("Keys: %v", keys)
	}
}

// TestUnreachableIsUnavailable: an object store that does not answer is
// KindUnavailable (503 to clients), not an internal error.
func TestUnreachableIsUnavailable(t *testing.T) {
	_, err := s3.New(t.Context(), s3.Options{Endpoint: "127.0.0.1:1", Bucket: "media", AccessKey: "a", SecretKey: "b"})
	if !domain.IsKind(err, domain.KindUnavailable) {
		t.Fatalf("New against a closed port: %v, want KindUnavailable", err)
	}
}
