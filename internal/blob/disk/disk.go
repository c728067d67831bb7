// Package disk is the domain.Blobs engine that keeps media files under a
// directory (by default <data>/media). Each blob is one plain file, written
// to a temporary name, synced and renamed into place, so a reader sees the
// old file or the new and a blob Put returned is on disk.
//
// Layout: key "thumbnail/0a1b….jpg" is the file
// <root>/thumbnail/_0a/0a1b….jpg: the last directory of a key is split by the
// first two characters of the file name, so no directory holds more than a
// few thousand files at a million pictures. The content type is the one the
// key's extension implies (blob.ContentTypeOf); Put refuses another.
package disk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/maypok86/otter/v2"

	"github.com/weibo-server/weibo/internal/blob"
	"github.com/weibo-server/weibo/internal/domain"
)

// Store is the disk engine. It is safe for concurrent use.
type Store struct {
	root string
	// etags remembers the content hash of files already hashed, keyed by
	// path and validated by size and modification time: the hash costs a
	// read of the whole file, and serving a picture asks for it every time.
	etags *otter.Cache[string, etagEntry]
}

type etagEntry struct {
	size  int64
	mtime int64
	etag  string
}

var _ domain.Blobs = (*Store)(nil)

// etagCacheSize bounds the remembered hashes (~150 bytes each).
const etagCacheSize = 200_000

// New opens (creating it if need be) the directory root.
func New(root string) (*Store, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob/disk: create %s: %w", root, err)
	}
	return &Store{root: root, etags: otter.Must(&otter.Options[string, etagEntry]{MaximumSize: etagCacheSize})}, nil
}

// Root is the directory the blobs live under.
func (s *Store) Root() string { return s.root }

// path maps a valid key to its file.
func (s *Store) path(key string) string {
	dir, name := path.Split(key)
	shard := "_" + name
	if len(name) > 2 {
		shard = "_" + name[:2]
	}
	return filepath.Join(s.root, filepath.FromSlash(dir), shard, name)
}

func badKey(key string) error {
	return &domain.Error{Kind: domain.KindInvalid, Msg: fmt.Sprintf("blob/disk: invalid key %q", key)}
}

func notFound(key string) error {
	return &domain.Error{Kind: domain.KindNotFound, Msg: "blob/disk: no blob " + key, Err: domain.ErrNotFound}
}

// Put writes data under key: temporary file, fsync, rename, fsync of the
// directory. A full disk (or quota) is KindUnavailable: nothing is left
// behind, and the same Put succeeds once there is room.
func (s *Store) Put(ctx context.Context, key, contentType string, data []byte) error {
	err := s.put(ctx, key, contentType, data)
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return &domain.Error{Kind: domain.KindUnavailable, Msg: "blob/disk: put " + key + ": out of space", Err: err}
	}
	return err
}

func (s *Store) put(ctx context.Context, key, contentType string, data []byte) (err error) {
	if !blob.ValidKey(key) {
		return badKey(key)
	}
	if want := blob.ContentTypeOf(key); want == "" || want != contentType {
		return &domain.Error{Kind: domain.KindInvalid,
			Msg: fmt.Sprintf("blob/disk: key %q holds %q, not %q (the type follows the extension)", key, want, contentType)}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p := s.path(key)
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("blob/disk: put %s: %w", key, err)
	}
	f, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return fmt.Errorf("blob/disk: put %s: %w", key, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("blob/disk: put %s: %w", key, err)
	}
	// Pictures are public: readable by a web server run as another user.
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("blob/disk: put %s: %w", key, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("blob/disk: put %s: sync: %w", key, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("blob/disk: put %s: %w", key, err)
	}
	if err = os.Rename(tmp, p); err != nil {
		return fmt.Errorf("blob/disk: put %s: %w", key, err)
	}
	s.etags.Invalidate(p)
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob/disk: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob/disk: sync %s: %w", dir, err)
	}
	return nil
}

// Get opens the blob's file.
func (s *Store) Get(ctx context.Context, key string) (io.ReadSeekCloser, domain.BlobInfo, error) {
	if !blob.ValidKey(key) {
		return nil, domain.BlobInfo{}, badKey(key)
	}
	if err := ctx.Err(); err != nil {
		return nil, domain.BlobInfo{}, err
	}
	p := s.path(key)
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, domain.BlobInfo{}, notFound(key)
	}
	if err != nil {
		return nil, domain.BlobInfo{}, fmt.Errorf("blob/disk: get %s: %w", key, err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	var info domain.BlobInfo
	if err == nil {
		info, err = s.info(key, p, f, fi)
	}
	if err != nil {
		f.Close()
		return nil, domain.BlobInfo{}, fmt.Errorf("blob/disk: get %s: %w", key, err)
	}
	return f, info, nil
}

// Stat describes the blob's file.
func (s *Store) Stat(ctx context.Context, key string) (domain.BlobInfo, error) {
	if !blob.ValidKey(key) {
		return domain.BlobInfo{}, badKey(key)
	}
	if err := ctx.Err(); err != nil {
		return domain.BlobInfo{}, err
	}
	p := s.path(key)
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return domain.BlobInfo{}, notFound(key)
	}
	if err != nil {
		return domain.BlobInfo{}, fmt.Errorf("blob/disk: stat %s: %w", key, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	if err != nil {
		return domain.BlobInfo{}, fmt.Errorf("blob/disk: stat %s: %w", key, err)
	}
	info, err := s.info(key, p, f, fi)
	if err != nil {
		return domain.BlobInfo{}, fmt.Errorf("blob/disk: stat %s: %w", key, err)
	}
	return info, nil
}

// info describes an open file, hashing it unless its hash is remembered.
// It reads through ReadAt, so f's offset stays at the start.
func (s *Store) info(key, p string, f *os.File, fi fs.FileInfo) (domain.BlobInfo, error) {
	info := domain.BlobInfo{Size: fi.Size(), ContentType: blob.ContentTypeOf(key), ModTime: fi.ModTime().UTC()}
	if info.ContentType == "" {
		info.ContentType = "application/octet-stream"
	}
	mtime := fi.ModTime().UnixNano()
	if e, ok := s.etags.GetIfPresent(p); ok && e.size == info.Size && e.mtime == mtime {
		info.ETag = e.etag
		return info, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, info.Size)); err != nil {
		return domain.BlobInfo{}, err
	}
	info.ETag = hex.EncodeToString(h.Sum(nil))
	s.etags.Set(p, etagEntry{size: info.Size, mtime: mtime, etag: info.ETag})
	return info, nil
}

// Delete removes the blob's file. Shard directories stay: removing an empty
// one could race a Put that has just made it (there are at most 256 per
// directory of keys).
func (s *Store) Delete(ctx context.Context, key string) error {
	if !blob.ValidKey(key) {
		return badKey(key)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p := s.path(key)
	s.etags.Invalidate(p)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob/disk: delete %s: %w", key, err)
	}
	return nil
}

// Keys calls fn with the key of every blob under the root (weibo
// migrate-data copies them), in the order of the directory walk. It stops
// at fn's first error. Temporary files and anything that maps to no valid
// key are passed over.
func (s *Store) Keys(ctx context.Context, fn func(key string) error) error {
	return filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		// <dir>/_<shard>/<name> is the key <dir>/<name>.
		dir, name := path.Split(filepath.ToSlash(rel))
		shard := path.Base(dir)
		if !strings.HasPrefix(shard, "_") {
			return nil
		}
		key := path.Join(path.Dir(strings.TrimSuffix(dir, "/")), name)
		if !blob.ValidKey(key) || s.path(key) != p {
			return nil
		}
		return fn(key)
	})
}
