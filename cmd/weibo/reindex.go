package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/search"
)

// reindexCommand rebuilds the full-text index from the store. It may run
// while the server does (the server keeps indexing new statuses; the walk
// and the server write the same entries); an interrupted run resumes where
// it stopped unless --restart.
func reindexCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var restart, quiet bool
	var batch int
	cfg := config.Defaults()
	fs := newFlags("weibo reindex", stderr)
	envErr := cfg.Storage(fs)
	cfg.Search(fs)
	fs.BoolVar(&restart, "restart", false, "start over even if an interrupted rebuild can be resumed")
	fs.IntVar(&batch, "batch", 1000, "statuses read and indexed per batch")
	fs.BoolVar(&quiet, "quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := envErr(); err != nil {
		return err
	}
	if batch < 1 || batch > 100_000 {
		return fmt.Errorf("--batch must be 1 to 100000")
	}
	log := app.Logger(cfg.LogLevel)
	st, err := app.OpenStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	seg := search.NewSegmenter(cfg.SearchDict)
	svc, err := app.NewCoreWithSearch(cfg, st, app.NewSearcher(st, seg), log)
	if err != nil {
		return err
	}
	start := time.Now()
	var done atomic.Int64
	var total int64
	stop := func() {}
	res, err := svc.Reindex(ctx, core.ReindexOptions{
		Restart: restart, Batch: batch,
		Total: func(n int) {
			total = int64(n)
			stop = progress(stderr, quiet, "indexing", total, &done, done.Load)
		},
		Progress: func(n int) { done.Store(int64(n)) },
	})
	stop()
	if err != nil {
		return err
	}
	took := time.Since(start)
	_, dictTook := seg.Loaded()
	from := "from the first status"
	if res.Resumed {
		from = fmt.Sprintf("resumed after status %d", res.From)
	}
	fmt.Fprintf(stdout, "indexed %d statuses and %d user names in %s (%.0f statuses/s, %s; dictionary loaded in %s)\n",
		res.Indexed, res.Users, took.Round(time.Millisecond), float64(res.Indexed)/max(took.Seconds(), 1e-9), from,
		dictTook.Round(time.Millisecond))
	return nil
}
