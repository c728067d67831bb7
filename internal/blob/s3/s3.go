// Package s3 is the domain.Blobs engine over an S3-compatible object store
// (AWS S3, MinIO, Ceph RGW, Garage, R2, ...), through minio-go. It is what
// several nodes share instead of a media directory.
//
// A key is the object name as it is ("thumbnail/0a1b….jpg"): keys are
// derived from the content, so a bucket (or a CDN in front of it) can serve
// the objects directly below --media-url with no mapping. Each object is
// written with its content type, a year-long immutable Cache-Control and the
// SHA-256 of its bytes in the metadata; that hash is the ETag Get and Stat
// report, so the ETag of a picture is the same on disk and in S3 and a
// client's cached copy stays valid across a migration from one to the other
// (S3's own ETag is an MD5, or something else again for multipart uploads).
package s3

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/weibo-server/weibo/internal/blob"
	"github.com/weibo-server/weibo/internal/domain"
)

// Options say where the bucket is.
type Options struct {
	// Endpoint is host[:port] of the S3 API, without a scheme
	// ("s3.eu-west-1.amazonaws.com", "minio.internal:9000").
	Endpoint  string
	Bucket    string
	AccessKey string
	SecretKey string
	// Region of the bucket; empty lets the client ask the server (and
	// creates a new bucket in the server's default region).
	Region string
	// Secure talks HTTPS to the endpoint.
	Secure bool
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
}

// CacheControl is stored with every object: the bytes under a key never
// change, so whoever serves the bucket directly may let them be cached.
const CacheControl = "public, max-age=31536000, immutable"

// hashMeta is the metadata entry holding the SHA-256 of the bytes; S3 sends
// it back as X-Amz-Meta-Sha256 and minio-go canonicalises the name.
const hashMeta = "Sha256"

// Store is the S3 engine. It is safe for concurrent use.
type Store struct {
	c      *minio.Client
	bucket string
}

var _ domain.Blobs = (*Store)(nil)

// New connects to the endpoint and makes the bucket unless it exists. Any
// number of nodes may start at once: a bucket another made first is fine.
func New(ctx context.Context, o Options) (*Store, error) {
	if o.Endpoint == "" || o.Bucket == "" {
		return nil, errors.New("blob/s3: an endpoint and a bucket are needed")
	}
	c, err := minio.New(o.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(o.AccessKey, o.SecretKey, ""),
		Secure:    o.Secure,
		Region:    o.Region,
		Transport: o.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("blob/s3: client for %s: %w", o.Endpoint, err)
	}
	s := &Store{c: c, bucket: o.Bucket}
	if err := s.ensureBucket(ctx, o.Region); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) ensureBucket(ctx context.Context, region string) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("blob/s3: bucket %s: %w", s.bucket, classify(err))
	}
	if ok {
		return nil
	}
	err = s.c.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region})
	if err != nil {
		// Another node made it between our check and our request.
		switch minio.ToErrorResponse(err).Code {
		case "BucketAlreadyOwnedByYou", "BucketAlreadyExists":
			return nil
		}
		return fmt.Errorf("blob/s3: make bucket %s: %w", s.bucket, classify(err))
	}
	return nil
}

// Bucket is the bucket's name.
func (s *Store) Bucket() string { return s.bucket }

func badKey(key string) error {
	return &domain.Error{Kind: domain.KindInvalid, Msg: fmt.Sprintf("blob/s3: invalid key %q", key)}
}

func notFound(key string) error {
	return &domain.Error{Kind: domain.KindNotFound, Msg: "blob/s3: no blob " + key, Err: domain.ErrNotFound}
}

// classify makes an unreachable or overloaded object store KindUnavailable
// (the APIs answer "service unavailable", and the client may retry), and
// leaves other failures (refused credentials, a missing bucket) as they are:
// those are configuration errors, logged as internal ones.
func classify(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return &domain.Error{Kind: domain.KindUnavailable, Msg: "object store unreachable", Err: err}
	}
	r := minio.ToErrorResponse(err)
	if r.StatusCode >= 500 || r.Code == "SlowDown" || r.Code == "ServiceUnavailable" {
		return &domain.Error{Kind: domain.KindUnavailable, Msg: "object store unavailable", Err: err}
	}
	return err
}

func isNoSuchKey(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == "NoSuchKey" || (r.StatusCode == http.StatusNotFound && r.Code != "NoSuchBucket")
}

// Put uploads data in one request: S3 makes an object visible whole, once
// stored, so a reader sees the old bytes or the new.
func (s *Store) Put(ctx context.Context, key, contentType string, data []byte) error {
	if !blob.ValidKey(key) {
		return badKey(key)
	}
	if want := blob.ContentTypeOf(key); want == "" || want != contentType {
		return &domain.Error{Kind: domain.KindInvalid,
			Msg: fmt.Sprintf("blob/s3: key %q holds %q, not %q (the type follows the extension)", key, want, contentType)}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	_, err := s.c.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{
		ContentType:  contentType,
		CacheControl: CacheControl,
		UserMetadata: map[string]string{hashMeta: hex.EncodeToString(sum[:])},
		// The server checks the bytes it got against this.
		SendContentMd5: true,
	})
	if err != nil {
		return fmt.Errorf("blob/s3: put %s: %w", key, classify(err))
	}
	return nil
}

// info maps an object's description to ours.
func info(oi minio.ObjectInfo) domain.BlobInfo {
	etag := oi.UserMetadata[hashMeta]
	if etag == "" {
		// Written by something else: S3's own ETag still changes with the bytes.
		etag = strings.Trim(oi.ETag, `"`)
	}
	ct := oi.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	return domain.BlobInfo{Size: oi.Size, ContentType: ct, ETag: etag, ModTime: oi.LastModified.UTC()}
}

// Get opens the object. Its description is fetched with the first request
// for the bytes, so a missing key is known here; later reads after a Seek
// ask for ranges of that same version (If-Match on its S3 ETag).
func (s *Store) Get(ctx context.Context, key string) (io.ReadSeekCloser, domain.BlobInfo, error) {
	if !blob.ValidKey(key) {
		return nil, domain.BlobInfo{}, badKey(key)
	}
	if err := ctx.Err(); err != nil {
		return nil, domain.BlobInfo{}, err
	}
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, domain.BlobInfo{}, fmt.Errorf("blob/s3: get %s: %w", key, classify(err))
	}
	oi, err := obj.Stat()
	if err != nil {
		obj.Close()
		if isNoSuchKey(err) {
			return nil, domain.BlobInfo{}, notFound(key)
		}
		return nil, domain.BlobInfo{}, fmt.Errorf("blob/s3: get %s: %w", key, classify(err))
	}
	return obj, info(oi), nil
}

// Stat describes the object (a HEAD request).
func (s *Store) Stat(ctx context.Context, key string) (domain.BlobInfo, error) {
	if !blob.ValidKey(key) {
		return domain.BlobInfo{}, badKey(key)
	}
	if err := ctx.Err(); err != nil {
		return domain.BlobInfo{}, err
	}
	oi, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		if isNoSuchKey(err) {
			return domain.BlobInfo{}, notFound(key)
		}
		return domain.BlobInfo{}, fmt.Errorf("blob/s3: stat %s: %w", key, classify(err))
	}
	return info(oi), nil
}

// Delete removes the object; S3 answers a missing one with success too.
func (s *Store) Delete(ctx context.Context, key string) error {
	if !blob.ValidKey(key) {
		return badKey(key)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("blob/s3: delete %s: %w", key, classify(err))
	}
	return nil
}

// Keys calls fn with every key in the bucket, in order (weibo migrate-data
// copies them; tests). It stops at fn's first error.
func (s *Store) Keys(ctx context.Context, fn func(key string) error) error {
	for oi := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if oi.Err != nil {
			return fmt.Errorf("blob/s3: list: %w", classify(oi.Err))
		}
		if err := fn(oi.Key); err != nil {
			return err
		}
	}
	return nil
}
