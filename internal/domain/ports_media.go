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

// Picture kinds (the media package's media.Kind values).
const (
	PictureKindStatus = "pic"    // a status picture
	PictureKindAvatar = "avatar" // a user's avatar
	PictureKindMap    = "map"    // a static map drawn for location/base/get_map_image
)

// Picture is an upload, a status picture or an avatar, as the store keeps
// it; its renditions are blobs under keys the media package derives from
// Kind and ID. Ids are derived from the content, so one row stands for
// every upload of the same bytes, and Refs counts what shows it.
type Picture struct {
	ID            string
	Kind          string
	Width, Height int
	Animated      bool
	Bytes         int64 // every rendition together
	// Refs counts the live statuses (for an avatar: the users) showing it.
	Refs      int
	CreatedAt time.Time
	// ReleasedAt is when Refs last fell to 0, or the last upload of an
	// unreferenced picture: the retention of an unused picture runs from it.
	ReleasedAt time.Time
}

// MediaReader is what the core reads of uploads.
type MediaReader interface {
	// PictureByID returns a picture (also one a sweep is deleting), or
	// KindNotFound.
	PictureByID(ctx context.Context, id string) (*Picture, error)
	// OwnedPictures reports which of ids are pictures of kind that userID
	// uploaded and that are not being deleted.
	OwnedPictures(ctx context.Context, userID int64, kind string, ids []string) (map[string]bool, error)
	// SweepablePictures lists, oldest released first, up to limit pictures a
	// sweep may delete: unreferenced since before releasedBefore, or claimed
	// by a sweep before claimedBefore that did not finish.
	SweepablePictures(ctx context.Context, releasedBefore, claimedBefore time.Time, limit int) ([]Picture, error)
}

// MediaWriter is what the core changes of uploads.
type MediaWriter interface {
	// RegisterPicture records that owner uploaded p. A new picture starts
	// unreferenced and released at p.CreatedAt; an existing one gains the
	// owner and, when unreferenced, is released again at p.CreatedAt (its
	// retention starts over). It fails with KindConflict while a sweep is
	// deleting the picture.
	RegisterPicture(ctx context.Context, p *Picture, owner int64) error
	// RetainPictures adds a reference to each of ids; KindNotFound when one
	// is missing or being deleted.
	RetainPictures(ctx context.Context, ids []string) error
	// ReleasePictures removes a reference from each of ids; a picture left
	// with none is released at at. Unknown ids are ignored.
	ReleasePictures(ctx context.Context, ids []string, at time.Time) error
	// ClaimPicture marks the picture as being deleted by a sweep, if it
	// still may be (as SweepablePictures selects), and reports whether it did.
	ClaimPicture(ctx context.Context, id string, releasedBefore, claimedBefore, now time.Time) (bool, error)
	// DeletePicture removes a claimed picture and its owners; a picture
	// that is not claimed is left alone.
	DeletePicture(ctx context.Context, id string) error
	// SetAvatar sets the user's avatar ("" is the default avatar).
	SetAvatar(ctx context.Context, userID int64, avatarID string) error
}

// Fetcher fetches a picture a client names by URL (statuses/upload_url_text).
// Engines must refuse what a server-side fetch must never reach (loopback,
// private and link-local addresses, however the name resolves and wherever
// redirects lead) and bound the bytes and the time. Errors are *Error: a URL
// that cannot be used is KindInvalid (ReasonBadParam naming "url", or
// ReasonImageType when it serves no image), more than maxBytes is
// ReasonImageTooLarge, a remote failure ReasonRemoteFetch.
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string, maxBytes int64) ([]byte, error)
}
