package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// LockFileName is the file in the data directory that `weibo serve` holds
// an exclusive lock on while it runs. It names the holder (pid, host, start
// time) so that a second server can say which process it would collide with.
const LockFileName = "weibo.pid"

// ErrDataDirInUse is returned (wrapped, with the holder named) when another
// running server holds the data directory.
var ErrDataDirInUse = errors.New("data directory in use")

// dirLock is a held lock on a data directory.
type dirLock struct {
	f    *os.File
	path string
}

// lockDataDir takes the data directory for this process. Two servers on one
// directory would share the embedded JetStream store (which is not made for
// two writers) and keep separate caches of one database; so the second one
// refuses to start.
//
// The lock is an advisory flock(2) on DIR/weibo.pid, which the kernel drops
// when the process ends however it ends: a file left behind by a kill -9 is
// not a lock, only its content is stale, and the next server takes it over.
// A pid file checked for a live pid instead would be fooled by pid reuse and
// by a container restart that hands out the same pid again.
func lockDataDir(dir string) (*dirLock, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("data directory lock: %w", err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("data directory lock %s: %w", path, err)
	}
	if !held {
		holder, _ := os.ReadFile(path)
		f.Close()
		return nil, fmt.Errorf("%w: %s is used by another weibo serve (%s); stop it first, or give this one its own --data",
			ErrDataDirInUse, dir, describeHolder(holder))
	}
	host, _ := os.Hostname()
	content := fmt.Sprintf("%d\n%s\n%s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt([]byte(content), 0)
	}
	if err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("data directory lock %s: %w", path, err)
	}
	return &dirLock{f: f, path: path}, nil
}

// describeHolder renders the lock file's content for a message.
func describeHolder(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) == 0 || lines[0] == "" {
		return "a process that has not written its pid yet"
	}
	if _, err := strconv.Atoi(lines[0]); err != nil {
		return "unknown process"
	}
	s := "pid " + lines[0]
	if len(lines) > 1 && lines[1] != "" {
		s += " on " + lines[1]
	}
	if len(lines) > 2 && lines[2] != "" {
		s += ", started " + lines[2]
	}
	return s
}

// release empties the file and drops the lock. The file itself stays:
// removing it would let a server that opened it a moment before lock a file
// no longer in the directory while a third creates a new one.
func (l *dirLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0)
	unlock(l.f)
	_ = l.f.Close()
	l.f = nil
}
