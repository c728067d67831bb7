package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
)

// The operator's account deletion and data export (issue 17).

// userDelete deletes an account and runs its purge to the end; rerun on a
// deleted account (by its old name or id) it finishes the purge.
func userDelete(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var deletionErrs func() error
	cfg, pos, err := positionalConfig("weibo user delete", args, stderr, func(fs *flag.FlagSet, cfg *config.Config) {
		deletionErrs = cfg.Deletion(fs)
	})
	if err != nil {
		return err
	}
	if err := deletionErrs(); err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: weibo user delete NAME")
	}
	return withCore(ctx, cfg, "weibo user delete", func(svc *core.Service) error {
		rep, err := svc.DeleteUser(ctx, core.Operator, pos[0])
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, rep)
	})
}

// userExport writes an account's data to a zip file: to a temporary file
// beside it, renamed into place once whole, so a failed export leaves no
// file that looks complete.
func userExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out string
	var s3Errs func() error
	cfg, pos, err := positionalConfig("weibo user export", args, stderr, func(fs *flag.FlagSet, cfg *config.Config) {
		fs.StringVar(&out, "out", "", "the zip file to write (required)")
		fs.StringVar(&cfg.MediaDir, "media-dir", "", "directory of the uploaded pictures (default: media in the data directory)")
		s3Errs = cfg.S3(fs)
	})
	if err != nil {
		return err
	}
	if err := s3Errs(); err != nil {
		return err
	}
	if len(pos) != 1 || out == "" {
		return errors.New("usage: weibo user export NAME --out FILE")
	}
	log := app.Logger(cfg.LogLevel)
	st, err := app.OpenStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	blobs, err := app.OpenBlobs(ctx, cfg)
	if err != nil {
		return err
	}
	svc, done, err := app.NewCoreBlobs(ctx, cfg, st, blobs, log, "weibo user export")
	if err != nil {
		return err
	}
	defer done()
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	if err := svc.ExportUser(ctx, core.Operator, pos[0], tmp); err != nil {
		tmp.Close()
		return describe(err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	info, err := os.Stat(out)
	if err != nil {
		return err
	}
	return printJSON(stdout, map[string]any{"screen_name": pos[0], "out": out, "bytes": info.Size()})
}
