package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/search"
)

// weibo reindex rebuilds the index of a seeded database, resumes an
// interrupted rebuild and starts over with --restart.
func TestReindex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dict := filepath.Join(dir, "dict.txt")
	if err := os.WriteFile(dict, []byte(search.TestDictionary), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"seed", "--data", dir, "--users", "40", "--follows", "5", "--statuses", "300",
		"--tokens", "2", "--quiet"}, &out, &errOut); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut.String())
	}
	reindex := func(args ...string) string {
		t.Helper()
		out.Reset()
		errOut.Reset()
		args = append([]string{"reindex", "--data", dir, "--search-dict", dict, "--batch", "64"}, args...)
		if err := run(ctx, args, &out, &errOut); err != nil {
			t.Fatalf("reindex: %v\n%s", err, errOut.String())
		}
		return out.String()
	}
	if got := reindex(); !strings.Contains(got, "indexed 300 statuses and 40 user names") || !strings.Contains(got, "from the first status") {
		t.Fatalf("first rebuild: %q (stderr %q)", got, errOut.String())
	}
	if !strings.Contains(errOut.String(), "indexing") {
		t.Errorf("no progress shown: %q", errOut.String())
	}

	cfg := config.Defaults()
	cfg.DataDir = dir
	st, err := app.OpenStore(ctx, cfg, app.Logger("error"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	se := app.NewSearcher(st, search.NewSegmenterText("test", search.TestDictionary))
	n, err := se.Count(ctx, domain.StatusSearch{}, 1000)
	if err != nil || n != 300 {
		t.Fatalf("indexed documents: %d, %v", n, err)
	}
	if n, err := se.Count(ctx, domain.StatusSearch{Words: "电影"}, 1000); err != nil || n == 0 {
		t.Fatalf("seeded statuses about 电影: %d, %v", n, err)
	}

	// An interrupted rebuild (its checkpoint left at the 100th status) resumes.
	sts, err := st.StatusesAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := se.SetCheckpoint(ctx, sts[99].ID, true); err != nil {
		t.Fatal(err)
	}
	if got := reindex(); !strings.Contains(got, "indexed 200 statuses and 40 user names") || !strings.Contains(got, "resumed after") {
		t.Fatalf("resumed rebuild: %q", got)
	}
	if _, ok, err := se.Checkpoint(ctx); ok || err != nil {
		t.Fatalf("checkpoint left after a finished rebuild: %v %v", ok, err)
	}
	if err := se.SetCheckpoint(ctx, sts[99].ID, true); err != nil {
		t.Fatal(err)
	}
	if got := reindex("--restart", "--quiet"); !strings.Contains(got, "indexed 300 statuses and 40 user names") {
		t.Fatalf("restarted rebuild: %q", got)
	}
	if n, err := se.Count(ctx, domain.StatusSearch{}, 1000); err != nil || n != 300 {
		t.Fatalf("documents after the restart: %d, %v", n, err)
	}
}
