package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/blob/disk"
	"github.com/weibo-server/weibo/internal/blob/s3"
	"github.com/weibo-server/weibo/internal/blob/s3/s3test"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/search"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// TestMigrateData copies a seeded embedded deployment (users, follows,
// statuses, comments, tokens, ... and media files) into a PostgreSQL
// schema and an S3 bucket: a first run is interrupted in the middle of the
// statuses, the second resumes after the last committed batch, and both
// sides verify row for row; a third run copies nothing again.
func TestMigrateData(t *testing.T) {
	dsn := pgtest.Schema(t, "migdata")
	ctx := context.Background()
	dir := t.TempDir()
	dict := filepath.Join(dir, "dict.txt")
	if err := os.WriteFile(dict, []byte(search.TestDictionary), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"seed", "--data", dir, "--users", "60", "--follows", "8", "--statuses", "900",
		"--comments", "200", "--tokens", "5", "--quiet"}, &out, &errOut); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut.String())
	}
	media, err := disk.New(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"large/0a1b2c3d4e5f60718293a4b5c6d7e8fj.jpg", "thumbnail/0a1b2c3d4e5f60718293a4b5c6d7e8fj.jpg", "avatar/50/ffeeddccbbaa99887766554433221100p.png"} {
		if err := media.Put(ctx, k, map[bool]string{true: "image/png", false: "image/jpeg"}[strings.HasSuffix(k, ".png")], []byte("bytes of "+k)); err != nil {
			t.Fatal(err)
		}
	}
	fake := s3test.Start(t)
	s3args := []string{"--s3-endpoint", fake.Endpoint, "--s3-bucket", "media", "--s3-access-key", fake.AccessKey,
		"--s3-secret-key", fake.SecretKey, "--s3-secure=false"}

	// The first run dies in the middle of the statuses.
	from, to := config.Defaults(), config.Defaults()
	from.DataDir, to.DB, to.SearchDict = dir, dsn, dict
	cctx, cancel := context.WithCancel(ctx)
	var table string
	_, err = app.MigrateData(cctx, app.MigrateDataOptions{From: from, To: to, Batch: 100,
		Table: func(name string, _, _ int64) { table = name },
		Progress: func(n int64) {
			if table == "statuses" && n >= 300 {
				cancel()
			}
		}})
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}

	out.Reset()
	errOut.Reset()
	args := append([]string{"migrate-data", "--from", dir, "--to", dsn, "--search-dict", dict, "--batch", "100"}, s3args...)
	if err := run(ctx, args, &out, &errOut); err != nil {
		t.Fatalf("migrate-data: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	got := out.String()
	for _, want := range []string{"verified:", "search index rebuilt in the target: 900 statuses"} {
		if !strings.Contains(got, want) {
			t.Fatalf("output lacks %q:\n%s", want, got)
		}
	}
	// statuses resumed after 300 (a batch of 100 committed at a time).
	line := lineOf(got, "statuses ")
	f := strings.Fields(line)
	if len(f) < 6 || f[1] != "900" || f[2] != "900" || f[3] != "600" || f[4] != "300" {
		t.Fatalf("statuses line: %q", line)
	}
	if f := strings.Fields(lineOf(got, "media files")); len(f) < 7 || f[2] != "3" || f[3] != "3" {
		t.Fatalf("media line: %q", lineOf(got, "media files"))
	}
	if !strings.Contains(errOut.String(), "statuses") {
		t.Errorf("no progress shown: %q", errOut.String())
	}

	// The target holds what the source does.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for tbl, want := range map[string]int{"users": 60, "statuses": 900, "comments": 200} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + tbl).Scan(&n); err != nil || n != want {
			t.Errorf("%s in the target: %d, %v; want %d", tbl, n, err, want)
		}
	}
	var follows int
	if err := db.QueryRow("SELECT count(*) FROM follows").Scan(&follows); err != nil || follows == 0 {
		t.Errorf("follows in the target: %d, %v", follows, err)
	}
	bucket, err := s3.New(ctx, s3.Options{Endpoint: fake.Endpoint, Bucket: "media", AccessKey: fake.AccessKey, SecretKey: fake.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bucket.Stat(ctx, "avatar/50/ffeeddccbbaa99887766554433221100p.png"); err != nil {
		t.Fatalf("avatar in the bucket: %v", err)
	}

	// Run again: nothing is copied twice, all still verifies.
	out.Reset()
	if err := run(ctx, args, &out, &errOut); err != nil {
		t.Fatalf("third run: %v\n%s", err, out.String())
	}
	if f := strings.Fields(lineOf(out.String(), "statuses ")); len(f) < 4 || f[3] != "0" {
		t.Fatalf("third run copied statuses again: %q", lineOf(out.String(), "statuses "))
	}
	if f := strings.Fields(lineOf(out.String(), "media files")); len(f) < 6 || f[4] != "0" || f[5] != "3" {
		t.Fatalf("third run copied media again: %q", lineOf(out.String(), "media files"))
	}

	// A target with users and no run of ours is refused.
	other := pgtest.Schema(t, "migdata")
	odb, err := sql.Open("pgx", other)
	if err != nil {
		t.Fatal(err)
	}
	defer odb.Close()
	to2 := config.Defaults()
	to2.DB = other
	st, err := app.OpenStore(ctx, to2, app.Logger("error"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.WriteDB().Exec(`INSERT INTO users (id, screen_name, screen_name_key, created_at) VALUES (1, 'x', 'x', 0)`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := run(ctx, []string{"migrate-data", "--from", dir, "--to", other, "--quiet"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "already holds users") {
		t.Fatalf("a non-empty target: %v", err)
	}
}

func lineOf(s, prefix string) string {
	for l := range strings.SplitSeq(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
