package app

import (
	"context"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/domain"
)

// diskUsageTTL is how long a measurement is reused: walking a large media
// directory is not free, and the overview needs no second's precision.
const diskUsageTTL = 5 * time.Minute

// diskUsage measures the data directory and, when the media files are on
// disk, the media directory, for the admin overview.
func diskUsage(cfg config.Config) func(ctx context.Context) ([]domain.DiskUse, error) {
	var (
		mu   sync.Mutex
		last []domain.DiskUse
		at   time.Time
	)
	return func(ctx context.Context) ([]domain.DiskUse, error) {
		mu.Lock()
		defer mu.Unlock()
		if last != nil && time.Since(at) < diskUsageTTL {
			return last, nil
		}
		var out []domain.DiskUse
		n, err := dirBytes(ctx, cfg.DataDir)
		if err != nil {
			return nil, err
		}
		out = append(out, domain.DiskUse{Name: "data", Bytes: n})
		if cfg.S3Endpoint == "" {
			if n, err = dirBytes(ctx, cfg.MediaPath()); err != nil {
				return nil, err
			}
			out = append(out, domain.DiskUse{Name: "media", Bytes: n})
		}
		last, at = out, time.Now()
		return out, nil
	}
}

// dirBytes adds up the sizes of the regular files under dir (0 when it
// does not exist).
func dirBytes(ctx context.Context, dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // missing, or gone while we walked: counts nothing
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n, err
}
