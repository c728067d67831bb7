package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"github.com/weibo-server/weibo/internal/app"
)

// backupCommand is `weibo backup`: a consistent copy of the data, taken
// while the server runs (app.Backup says what it holds).
func backupCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out, media string
	cfg, err := storageCommand("weibo backup", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "archive to write (required): a tar laid out as a data directory (weibo.db, media/)")
		fs.StringVar(&media, "media-dir", "", "media directory, if the server runs with --media-dir (default: media in the data directory)")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return errors.New("weibo backup: --out is required")
	}
	if media != "" {
		cfg.MediaDir = media
	}
	res, err := app.Backup(ctx, cfg, out)
	if err != nil {
		return err
	}
	return printJSON(stdout, res)
}
