package app_test

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// TestBackupWhileWriting: a backup taken while posts keep coming, restored
// into a fresh data directory, holds every post acknowledged before the
// backup started, with counters that match its rows (nothing half-done),
// and the media files; the server keeps acknowledging posts while the
// backup is under way. A server started on the copy takes any node number.
func TestBackupWhileWriting(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	const key = "large/0123456789abcdef0123456789abcdej.jpg"
	if err := k.App.Blobs.Put(t.Context(), key, "image/jpeg", []byte("a picture")); err != nil {
		t.Fatal(err)
	}

	var started atomic.Bool // set just before Backup is called
	var mu sync.Mutex
	var before, during []int64
	acked := make(chan struct{}, 1)
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := 0; ctx.Err() == nil; n++ {
			r := alice.Post("/2/statuses/update.json", url.Values{"status": {"备份中的第" + strconv.Itoa(n) + "条"}})
			if ctx.Err() != nil {
				return
			}
			var st sinaspec.Status
			alice.Must(r, &st)
			mu.Lock()
			// Read after the answer: false means it was acknowledged
			// before the backup began, so the backup must hold it.
			if !started.Load() {
				before = append(before, st.ID)
			} else {
				during = append(during, st.ID)
			}
			mu.Unlock()
			select {
			case acked <- struct{}{}:
			default:
			}
		}
	})
	waitAcks := func(n int) {
		for range n {
			<-acked
		}
	}
	waitAcks(5)
	app.SetBackupHook(func() {
		// Between the snapshot and the archive: posting goes on.
		waitAcks(3)
		if err := k.App.Blobs.Put(context.Background(), "large/fedcba9876543210fedcba9876543210j.jpg", "image/jpeg", []byte("later")); err != nil {
			t.Error(err)
		}
	})
	defer app.SetBackupHook(nil)
	out := filepath.Join(t.TempDir(), "weibo-backup.tar")
	started.Store(true)
	res, err := app.Backup(t.Context(), k.App.Cfg, out)
	waitAcks(2)
	stop()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	t.Logf("backup: %+v; %d posts acknowledged before it, %d during and after", res, len(before), len(during))
	mu.Unlock()
	if res.DatabaseBytes == 0 || res.MediaFiles < 1 {
		t.Fatalf("backup result %+v", res)
	}

	// Restore: extract into an empty directory, start a server on it.
	dir := t.TempDir()
	extract(t, out, dir)
	if _, err := os.Stat(filepath.Join(dir, "nats")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the archive holds the queue's store: %v", err)
	}
	// The restored server may take the very node number the running one
	// holds: the copy's leases are not held by anyone.
	node := k.App.IDs.Node()
	k2 := testkit.Start(t, testkit.Options{Config: func(c *config.Config) { c.DataDir = dir; c.Node = node }})
	got, err := k2.App.Store.StatusesByIDs(t.Context(), before)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range before {
		if got[id] == nil || got[id].Deleted {
			t.Errorf("status %d, acknowledged before the backup started, is not in it", id)
		}
	}
	u, err := k2.App.Store.UserByID(t.Context(), alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, total, err := k2.App.Store.UserStatusIDs(t.Context(), alice.ID, domain.StatusQuery{Page: domain.Page{Count: 0}, Viewer: alice.ID})
	if err != nil {
		t.Fatal(err)
	}
	if u.StatusesCount != total || total < len(before) {
		t.Errorf("restored: statuses_count %d, %d statuses, %d acknowledged before the backup", u.StatusesCount, total, len(before))
	}
	// The restored server serves the picture, and alice's token still works there.
	c := k2.Anonymous()
	if r := c.Get("/media/"+key, nil); r.Status != 200 || string(r.Body) != "a picture" {
		t.Errorf("restored media: %d %q", r.Status, r.Body)
	}
	c.Token = alice.Token
	var tl sinaspec.Timeline
	c.Must(c.Get("/2/statuses/user_timeline.json", url.Values{"count": {"5"}}), &tl)
	if len(tl.Statuses) == 0 {
		t.Error("restored: alice's timeline is empty")
	}
}

func extract(t *testing.T, archive, dir string) {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

// A PostgreSQL database is not ours to copy: pg_dump is.
func TestBackupRefusesPostgres(t *testing.T) {
	cfg := config.Defaults()
	cfg.DB = "postgres://nobody@127.0.0.1:1/none"
	if _, err := app.Backup(t.Context(), cfg, filepath.Join(t.TempDir(), "x.tar")); !errors.Is(err, app.ErrPostgresBackup) {
		t.Fatalf("backup of PostgreSQL: %v", err)
	}
}
