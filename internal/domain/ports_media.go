package domain

import (
	"context"
	"io"
	"time"
)

// BlobInfo describes a stored blob.
type BlobInfo struct {
	Size        int64
	ContentType string
	// ETag is a strong validator of the bytes (a hash of the content),
	// without quotes: equal ETags mean equal bytes.
	ETag    string
	ModTime time.Time
}

// Blobs stores media files (picture and avatar renditions) by key. Keys are
// relative, slash-separated paths of lower-case letters, digits, '.', '_'
// and '-' ("thumbnail/0a1b….jpg"); the media package derives them from the
// content, so the bytes under a key never change and Put of an existing key
// writes the same bytes again. A key is also the path of the file below the
// public media URL (--media-url), so an engine whose objects a CDN or an
// S3-compatible bucket serves directly needs no other mapping.
//
// Engines: blob/disk (the data directory); an S3-compatible one fits the
// same four calls (PutObject with Content-Type, GetObject, StatObject,
// RemoveObject).
type Blobs interface {
	// Put stores data under key with its content type, atomically: a
	// reader sees the old bytes or the new, never a part. It returns only
	// once the bytes are durable.
	Put(ctx context.Context, key, contentType string, data []byte) error
	// Get opens the blob for reading; KindNotFound when there is none.
	// The caller closes it.
	Get(ctx context.Context, key string) (io.ReadSeekCloser, BlobInfo, error)
	// Stat describes the blob; KindNotFound when there is none.
	Stat(ctx context.Context, key string) (BlobInfo, error)
	// Delete removes the blob; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}
