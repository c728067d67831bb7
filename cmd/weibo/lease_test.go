package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// TestConcurrentCLIBesideServer: `weibo user create` run in two concurrent
// loops beside a running server, on one database, creates every user (issue
// 18, point 10: before node leases all three made ids as node 0, and 1 in 80
// sign-ups failed). No run may even need to retry an id: each process makes
// ids as a node number of its own. Then a second server on the same data
// directory refuses to start, naming the first; and after the first is
// killed with SIGKILL, its lock file does not stop a new one.
func TestConcurrentCLIBesideServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the weibo binary; skipped with -short")
	}
	bin := buildWeibo(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		runCLILoops(t, &crashEnv{bin: bin, data: t.TempDir()})
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		runCLILoops(t, &crashEnv{bin: bin, data: t.TempDir(), db: pgtest.Schema(t, "weibo_lease_")})
	})
}

// cliLoopRuns is the length of each loop: each run is a process start, a
// lease, an argon2id hash and a release, ~0.2 s of CPU.
const cliLoopRuns = 8

func runCLILoops(t *testing.T, e *crashEnv) {
	e.log = t.TempDir() + "/server.log"
	defer func() {
		if t.Failed() {
			t.Logf("server log (last 4 kB):\n%s", e.logTail(4096))
		}
	}()
	first := e.start(t)

	var mu sync.Mutex
	seen := make(map[int64]string)
	var wg sync.WaitGroup
	for loop := range 2 {
		wg.Go(func() {
			for i := range cliLoopRuns {
				name := fmt.Sprintf("loop%d_%d", loop, i)
				args := []string{"user", "create", "--name", name, "--password", crashPassword, "--data", e.data}
				if e.db != "" {
					args = append(args, "--db", e.db)
				}
				cmd := exec.Command(e.bin, args...)
				cmd.Env = childEnv()
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					t.Errorf("user create %s: %v\n%s", name, err, stderr.Bytes())
					continue
				}
				if strings.Contains(stderr.String(), "already in use") {
					t.Errorf("user create %s made an id already in use:\n%s", name, stderr.Bytes())
				}
				var u struct {
					ID int64 `json:"id"`
				}
				if err := json.Unmarshal(out, &u); err != nil || u.ID == 0 {
					t.Errorf("user create %s: %q: %v", name, out, err)
					continue
				}
				mu.Lock()
				if other, dup := seen[u.ID]; dup {
					t.Errorf("%s and %s both got id %d", name, other, u.ID)
				}
				seen[u.ID] = name
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	db := e.openDB(t)
	defer db.Close()
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM users WHERE screen_name LIKE 'loop%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2*cliLoopRuns || len(seen) != 2*cliLoopRuns {
		t.Fatalf("%d users in the database, %d ids seen; want %d", n, len(seen), 2*cliLoopRuns)
	}
	var held int
	if err := db.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM node_leases WHERE holder <> ''").Scan(&held); err != nil {
		t.Fatal(err)
	}
	if held != 1 {
		t.Errorf("%d node numbers held with only the server running; the commands must free theirs", held)
	}

	// A second server on the same data directory: refused, naming the first.
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", e.data, "--log-level", "warn"}
	if e.db != "" {
		args = append(args, "--db", e.db)
	}
	cmd := exec.Command(e.bin, args...)
	cmd.Env = childEnv()
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "pid "+strconv.Itoa(first.cmd.Process.Pid)) {
		t.Fatalf("second server on %s: %v\n%s", e.data, err, out)
	}

	// kill -9 leaves the lock file behind, not the lock.
	first.kill()
	if _, err := os.Stat(e.data + "/weibo.pid"); err != nil {
		t.Fatalf("lock file after kill -9: %v", err)
	}
	e.start(t).stop(t)
}
