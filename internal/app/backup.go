package app

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
)

// BackupResult says what a backup archive holds.
type BackupResult struct {
	Out string `json:"out"`
	// Started is when the database snapshot began: the archive holds every
	// write acknowledged before it.
	Started       time.Time `json:"started"`
	DatabaseBytes int64     `json:"database_bytes"`
	MediaFiles    int       `json:"media_files"`
	MediaBytes    int64     `json:"media_bytes"`
	Seconds       float64   `json:"seconds"`
}

// backupAfterSnapshot, when set (tests), runs between the snapshot and the
// archive: writes made then must not disturb the backup.
var backupAfterSnapshot func()

// Backup archive layout: a data directory, so that restoring is extracting
// the archive into an empty directory and starting the server on it.
const (
	backupDB    = "weibo.db"
	backupMedia = "media"
)

// ErrPostgresBackup: a database on PostgreSQL is backed up with pg_dump.
var ErrPostgresBackup = errors.New("the database is PostgreSQL: back it up with pg_dump (README, Backup and restore)")

// Backup writes a consistent copy of what a server keeps, taken while it
// runs, to out: a tar archive laid out as a data directory.
//
//   - weibo.db: a snapshot of the SQLite database (sqlstore.Snapshot), one
//     read transaction, so it holds every write acknowledged before the
//     backup started and nothing half-done; writers go on meanwhile.
//   - media/...: the media files (the disk blob store under MediaPath),
//     copied after the snapshot. Files are written once under their content
//     hash and a row refers to a file only after the file is in place, so
//     every file the snapshot refers to is there; files added during the
//     copy may come along too, unreferenced and harmless.
//
// Left out on purpose: the embedded queue's store (nats/), whose events
// are derived from the database (the restored server rebuilds home windows
// from it), and the lock file. A PostgreSQL database is refused
// (ErrPostgresBackup): pg_dump takes its consistent copy.
//
// The archive is written beside out and renamed into place once complete
// and synced, so out is either the previous file or a whole new backup.
func Backup(ctx context.Context, cfg config.Config, out string) (*BackupResult, error) {
	if strings.HasPrefix(cfg.DSN(), "postgres") {
		return nil, ErrPostgresBackup
	}
	if out == "" {
		return nil, errors.New("backup: no output file")
	}
	start := time.Now()
	res := &BackupResult{Out: out, Started: start.UTC()}
	snap := out + ".db.partial"
	_ = os.Remove(snap) // left by an interrupted run
	if err := sqlstore.Snapshot(ctx, cfg.DSN(), snap); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(snap)
	if backupAfterSnapshot != nil {
		backupAfterSnapshot()
	}

	partial := out + ".partial"
	f, err := os.OpenFile(partial, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if f != nil {
			f.Close()
			os.Remove(partial)
		}
	}()
	tw := tar.NewWriter(f)
	if res.DatabaseBytes, err = addFile(tw, snap, backupDB); err != nil {
		return nil, fmt.Errorf("backup: database: %w", err)
	}
	if err := addMedia(ctx, tw, cfg.MediaPath(), res); err != nil {
		return nil, fmt.Errorf("backup: media: %w", err)
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("backup: sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	f = nil
	if err := os.Rename(partial, out); err != nil {
		os.Remove(partial)
		return nil, fmt.Errorf("backup: %w", err)
	}
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		_ = d.Sync() // the rename itself, durable
		d.Close()
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// addFile writes the file at path into tw as name.
func addFile(tw *tar.Writer, path, name string) (int64, error) {
	src, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return 0, err
	}
	hdr := &tar.Header{Name: name, Mode: 0o640, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return 0, err
	}
	// Exactly Size bytes: the file does not change under us (a snapshot, or
	// a media file, which is never rewritten in place).
	n, err := io.CopyN(tw, src, st.Size())
	return n, err
}

// addMedia copies the media directory, if there is one, under media/.
// Temporary files of blob writes in progress (".put-*") are skipped, and a
// file deleted between listing and reading is simply not there.
func addMedia(ctx context.Context, tw *tar.Writer, root string, res *BackupResult) error {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		n, err := addFile(tw, path, backupMedia+"/"+filepath.ToSlash(rel))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		res.MediaFiles++
		res.MediaBytes += n
		return nil
	})
}
