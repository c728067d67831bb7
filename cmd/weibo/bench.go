package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/loadgen"
)

func benchCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o loadgen.Options
	var names, fixture, dataDir, out, serveStatic string
	var asJSON, static, compare bool
	var size int
	fs := newFlags("weibo bench", stderr)
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "base URL of the server under test, or of several nodes separated by commas (connections are spread evenly, each sticks to one node; the table adds a row per node)")
	fs.StringVar(&names, "workload", "home_timeline", "workloads, comma-separated: "+strings.Join(loadgen.Workloads(), ", "))
	fs.IntVar(&o.Concurrency, "c", 64, "connections (closed-loop workers)")
	fs.DurationVar(&o.Duration, "d", 30*time.Second, "measured duration of each workload")
	fs.DurationVar(&o.Warmup, "warmup", 5*time.Second, "unmeasured load before each workload (negative: none)")
	fs.StringVar(&dataDir, "data", "./data", "data directory that weibo seed filled (for DIR/seed.json)")
	fs.StringVar(&fixture, "seed-file", "", "fixture with tokens written by weibo seed (default DIR/seed.json)")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed for the choice of users and statuses")
	fs.IntVar(&o.Sample, "sample", 100, "celebrity: followers whose home pages are polled")
	fs.DurationVar(&o.PostEvery, "post-every", time.Second, "celebrity: pause between posts")
	fs.DurationVar(&o.Deadline, "deadline", 10*time.Second, "celebrity: a post not visible after this counts as missed")
	fs.BoolVar(&compare, "compare-static", true, "after each workload, run the static handler with the same size, connections and duration")
	fs.BoolVar(&static, "static", false, "only measure the static handler (in this process), with --bytes")
	fs.IntVar(&size, "bytes", 20000, "body size of the static handler for --static and --serve-static")
	fs.StringVar(&serveStatic, "serve-static", "", "serve the static handler on this address until interrupted, instead of measuring")
	fs.BoolVar(&asJSON, "json", false, "print the results as JSON instead of a table")
	fs.StringVar(&out, "out", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if serveStatic != "" {
		fmt.Fprintf(stderr, "weibo bench: serving %d-byte static responses on %s\n", size, serveStatic)
		return loadgen.ServeStatic(ctx, serveStatic, size)
	}
	o.Log = stderr
	var results []*loadgen.Result
	if static {
		base, stop, err := loadgen.StartStatic(size)
		if err != nil {
			return err
		}
		defer stop()
		o.URL, o.Workload = base, "static"
		r, err := loadgen.Run(ctx, o)
		if err != nil {
			return err
		}
		results = append(results, r)
	} else {
		if fixture == "" {
			fixture = filepath.Join(dataDir, "seed.json")
		}
		f, err := loadgen.LoadFixture(fixture)
		if err != nil {
			return fmt.Errorf("%w (run weibo seed first, or pass --seed-file)", err)
		}
		o.Fixture = f
		for _, name := range strings.Split(names, ",") {
			o.Workload = strings.TrimSpace(name)
			r, err := loadgen.Run(ctx, o)
			if err != nil {
				return err
			}
			if compare && o.Workload != "celebrity" && o.Workload != "static" && r.MeanBytes > 0 {
				if err := loadgen.CompareStatic(ctx, o, r); err != nil {
					return err
				}
			}
			results = append(results, r)
			if ctx.Err() != nil {
				break
			}
		}
	}
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if err := printJSON(f, results); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if asJSON {
		return printJSON(stdout, results)
	}
	loadgen.Table(stdout, results...)
	if ctx.Err() != nil {
		return errors.New("interrupted")
	}
	return loadgen.FailedNodes(results)
}
