package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"text/tabwriter"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
)

// migrateDataCommand copies an embedded deployment into PostgreSQL (and
// its media into S3 or a shared directory): weibo migrate-data --from
// ./data --to postgres://…. Interrupted, it resumes where it stopped when
// run again with the same arguments; it ends by verifying every table and
// file and says so, failing if anything differs.
func migrateDataCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	from, to := config.Defaults(), config.Defaults()
	var quiet bool
	var batch int
	fs := newFlags("weibo migrate-data", stderr)
	fs.StringVar(&from.DataDir, "from", from.DataDir, "data directory of the embedded deployment (its server stopped)")
	fs.StringVar(&from.MediaDir, "from-media-dir", "", "its media directory, if not media in --from")
	fs.StringVar(&to.DB, "to", "", "PostgreSQL DSN of the target, postgres://user@host:5432/db (empty, or partly copied by an earlier run)")
	fs.StringVar(&to.MediaDir, "to-media-dir", "", "copy the media files to this (shared) directory")
	s3Errs := to.S3(fs) // --s3-*: copy the media files to the bucket
	to.Search(fs)
	fs.IntVar(&batch, "batch", 500, "rows per transaction in the target")
	fs.BoolVar(&quiet, "quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := s3Errs(); err != nil {
		return err
	}
	if batch < 1 || batch > 10_000 {
		return fmt.Errorf("--batch must be 1 to 10000")
	}
	if to.S3Endpoint != "" && to.MediaDir != "" {
		return fmt.Errorf("--to-media-dir and --s3-endpoint: give one")
	}
	log := app.Logger("warn")
	var done atomic.Int64
	stop := func() {}
	res, err := app.MigrateData(ctx, app.MigrateDataOptions{
		From: from, To: to, Batch: batch, Log: log,
		Table: func(name string, total, already int64) {
			stop()
			done.Store(already)
			stop = progress(stderr, quiet, fmt.Sprintf("%-20s", name), total, &done, done.Load)
		},
		Progress: func(n int64) { done.Store(n) },
	})
	stop()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "table\tsource rows\ttarget rows\tcopied now\tresumed/skipped\tchecksum")
	for _, t := range res.Tables {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\n", t.Name, t.SourceRows, t.Rows, t.Copied, t.Resumed, verdict(t.Match, t.Sum))
	}
	if m := res.Media; m != nil {
		fmt.Fprintf(tw, "media files\t%d\t%d\t%d\t%d\t%s\n", m.SourceRows, m.Rows, m.Copied, m.MediaSkipped, verdict(m.Match, 0))
	}
	tw.Flush()
	fmt.Fprintf(stdout, "search index rebuilt in the target: %d statuses\n", res.Indexed)
	if res.Media == nil {
		fmt.Fprintf(stdout, "media files not copied: point every node's --media-dir at %s (shared), or run again with --s3-endpoint or --to-media-dir\n", from.MediaPath())
	}
	if !res.OK() {
		return fmt.Errorf("verification failed: the rows marked DIFFERS do not match; run again to resume, or start over with an empty target")
	}
	fmt.Fprintln(stdout, "verified: every table's rows and checksum (and every media file's SHA-256) match the source")
	return nil
}

func verdict(ok bool, sum uint64) string {
	switch {
	case !ok:
		return "DIFFERS"
	case sum == 0:
		return "ok"
	}
	return fmt.Sprintf("ok %016x", sum)
}
