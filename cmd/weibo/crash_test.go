package main_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx": reads the counters on PostgreSQL
	_ "modernc.org/sqlite"             // "sqlite": reads the counters on SQLite

	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// The crash test: the README promises that "a write acknowledged to a client
// survives kill -9". It builds the binary, runs it on a fresh data directory,
// lets a few users post (some @-mentioning another), comment, repost,
// delete their statuses and comments, follow and unfollow concurrently,
// kills the process with SIGKILL in the middle of that, starts it again on
// the same data and checks that
//
//   - every acknowledged status is there (statuses/show) and every
//     acknowledged comment too, unless its delete (or its status's) was
//     acknowledged, and then it is gone;
//   - every acknowledged follow or unfollow holds (friendships/show);
//   - every counter matches its rows (read from the database directly),
//     the unread mention counters and the mentions among them;
//   - the events of acknowledged writes are delivered after the restart
//     (the outbox): the outbox empties, the search index holds exactly the
//     live statuses, and every user's home timeline holds every live status
//     of the round by the people they follow.
//
// Writes that got no answer may or may not be there; the test only learns
// what became of them. It runs crashRounds rounds on SQLite, and on
// PostgreSQL too when WEIBO_TEST_POSTGRES is set.

const (
	crashRounds   = 3
	crashUsers    = 6
	crashPassword = "secret123"
	// Load runs this long (plus up to as much again, at random) before the kill.
	crashMinLoad = time.Second
)

func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the weibo binary; skipped with -short")
	}
	bin := buildWeibo(t)
	t.Run("sqlite", func(t *testing.T) {
		runCrashRounds(t, &crashEnv{bin: bin, data: t.TempDir()})
	})
	t.Run("postgres", func(t *testing.T) {
		runCrashRounds(t, &crashEnv{bin: bin, data: t.TempDir(), db: pgtest.Schema(t, "weibo_crash_")})
	})
}

// buildWeibo builds this package's binary into a temporary directory: the
// test must crash a real process, not a server inside the test binary.
func buildWeibo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "weibo")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashEnv is one database under test and what the test knows about it.
type crashEnv struct {
	bin  string
	data string // --data
	db   string // --db; empty for SQLite in data
	log  string // the server's stderr, all runs appended
	// serve are more flags of every `weibo serve` (the cluster test's
	// --redis and --nats); cluster makes a transport error (a node killed)
	// cost only that request, the others being up.
	serve   []string
	cluster bool

	key, secret string
	users       []crashUser
	http        *http.Client

	mu       sync.Mutex
	statuses []*ackStatus  // acknowledged, every round
	comments []*ackComment // acknowledged, every round
	follows  map[[2]int64]*edge
	n        int // makes every text unique (the server refuses repeats)
}

type crashUser struct {
	id    int64
	name  string
	token string
}

type ackStatus struct {
	id, author int64
	round      int
	mentions   int64 // the user it @-mentions, or 0
	del        fate
}

type ackComment struct {
	id, status, author int64
	del                fate
}

// fate is what the test knows of a delete: none asked, one acknowledged,
// or one asked that got no answer (the database says after the restart).
type fate int

const (
	kept fate = iota
	deleting
	deleted
)

// edge is what the test knows of "a follows b": the state the last
// acknowledged follow or unfollow left, unless a request that got no answer
// came after it (unsure) — then the server is asked after the restart.
type edge struct {
	following bool
	unsure    bool
}

func runCrashRounds(t *testing.T, e *crashEnv) {
	start := time.Now()
	e.log = filepath.Join(t.TempDir(), "server.log")
	e.http = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashUsers}}
	t.Cleanup(e.http.CloseIdleConnections)
	defer func() {
		if t.Failed() {
			t.Logf("server log (last 4 kB):\n%s", e.logTail(4096))
		}
	}()
	e.setup(t)
	n := e.start(t)
	e.login(t, n)
	t.Logf("users, app and tokens ready in %v", time.Since(start).Round(time.Millisecond))
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (it picks the actions; their timing, and so the kill, is the machine's)", seed)
	for round := 1; round <= crashRounds; round++ {
		rng := rand.New(rand.NewPCG(seed, uint64(round)))
		load := crashMinLoad + rand.N(crashMinLoad)
		acked := e.runLoad(t, n, round, load, rng)
		t0 := time.Now()
		n = e.start(t)
		t1 := time.Now()
		e.verify(t, n, round)
		t.Logf("round %d: killed after %v of load, %s; restarted in %v, checked in %v", round, load.Round(time.Millisecond),
			acked, t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
		if t.Failed() {
			t.FailNow()
		}
	}
	t0 := time.Now()
	n.stop(t)
	t.Logf("stopped in %v; %d rounds in %v", time.Since(t0).Round(time.Millisecond), crashRounds, time.Since(start).Round(100*time.Millisecond))
}

// cli runs a weibo subcommand on the test's data and returns its stdout.
func (e *crashEnv) cli(t *testing.T, args ...string) []byte {
	t.Helper()
	args = append(args, "--data", e.data, "--log-level", "warn")
	if e.db != "" {
		args = append(args, "--db", e.db)
	}
	cmd := exec.Command(e.bin, args...)
	cmd.Env = childEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("weibo %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// childEnv is the test's environment without WEIBO_* settings, which would
// otherwise reach the server (flags win, but not every setting is a flag here).
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WEIBO_") {
			env = append(env, kv)
		}
	}
	return env
}

// setup creates the users and the app with the CLI, as an operator would.
func (e *crashEnv) setup(t *testing.T) {
	var app struct {
		Key    string `json:"app_key"`
		Secret string `json:"app_secret"`
	}
	if err := json.Unmarshal(e.cli(t, "app", "create", "--name", "crash", "--redirect-uri", "http://localhost/cb"), &app); err != nil {
		t.Fatalf("app create: %v", err)
	}
	e.key, e.secret = app.Key, app.Secret
	e.follows = make(map[[2]int64]*edge)
	for i := range crashUsers {
		var u struct {
			ID int64 `json:"id"`
		}
		name := fmt.Sprintf("crash%d", i)
		if err := json.Unmarshal(e.cli(t, "user", "create", "--name", name, "--password", crashPassword), &u); err != nil {
			t.Fatalf("user create: %v", err)
		}
		e.users = append(e.users, crashUser{id: u.ID, name: name})
	}
	for _, a := range e.users {
		for _, b := range e.users {
			if a.id != b.id {
				e.follows[[2]int64{a.id, b.id}] = &edge{}
			}
		}
	}
}

// node is one run of `weibo serve`.
type node struct {
	cmd  *exec.Cmd
	url  string
	done chan error // receives Wait's result once the process has exited
}

// urlWatcher is the server's stdout: it hands over the URL of the
// "listening on" line and discards the rest.
type urlWatcher struct {
	buf  []byte
	urls chan<- string
}

func (w *urlWatcher) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.buf[:i])
		w.buf = w.buf[i+1:]
		if _, u, ok := strings.Cut(line, "listening on "); ok {
			select {
			case w.urls <- strings.TrimSpace(u):
			default:
			}
		}
	}
}

// start runs the server on the test's data and waits until it listens.
func (e *crashEnv) start(t *testing.T) *node {
	t.Helper()
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", e.data, "--rate-limits=false", "--log-level", "warn"}
	if e.db != "" {
		args = append(args, "--db", e.db)
	}
	args = append(args, e.serve...)
	logf, err := os.OpenFile(e.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close() // the child has its own descriptor
	fmt.Fprintf(logf, "--- weibo %s\n", strings.Join(args, " "))
	urls := make(chan string, 1)
	cmd := exec.Command(e.bin, args...)
	cmd.Env = childEnv()
	cmd.Stdout = &urlWatcher{urls: urls}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start weibo: %v", err)
	}
	n := &node{cmd: cmd, done: make(chan error, 1)}
	go func() { n.done <- cmd.Wait() }()
	t.Cleanup(func() { n.kill() })
	select {
	case n.url = <-urls:
	case err := <-n.done:
		n.done <- err
		t.Fatalf("weibo serve exited before listening: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatalf("weibo serve did not listen within a minute")
	}
	return n
}

// kill sends SIGKILL and waits for the process to be gone. It is safe to
// call again (the cleanup does).
func (n *node) kill() {
	_ = n.cmd.Process.Kill()
	err := <-n.done
	n.done <- err
}

// stop shuts the server down gracefully (SIGINT) and checks it exits cleanly.
func (n *node) stop(t *testing.T) {
	t.Helper()
	if err := n.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("interrupt: %v", err)
	}
	select {
	case err := <-n.done:
		n.done <- err
		if err != nil {
			t.Errorf("weibo serve after SIGINT: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("weibo serve did not stop within 30s of SIGINT")
		n.kill()
	}
}

func (e *crashEnv) logTail(n int) string {
	b, _ := os.ReadFile(e.log)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// apiError is a non-200 answer.
type apiError struct {
	Status int
	Code   int    `json:"error_code"`
	Msg    string `json:"error"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("HTTP %d, error_code %d: %s", e.Status, e.Code, e.Msg)
}

// call sends one request and decodes a 200 answer into out. A non-200
// answer is an *apiError; anything else (the server died) is a transport error.
func (e *crashEnv) call(ctx context.Context, n *node, method, path, token string, form url.Values, out any) error {
	var body io.Reader
	u := n.url + path
	if method == http.MethodGet {
		u += "?" + form.Encode()
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "OAuth2 "+token)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err // the answer was cut off: not acknowledged
	}
	if resp.StatusCode != http.StatusOK {
		ae := &apiError{Status: resp.StatusCode}
		_ = json.Unmarshal(b, ae)
		return ae
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: decode %q: %w", method, path, b, err)
	}
	return nil
}

// login gets a token per user with the password grant. Tokens are rows like
// any other: they outlive the kills.
func (e *crashEnv) login(t *testing.T, n *node) {
	for i := range e.users {
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		err := e.call(t.Context(), n, http.MethodPost, "/oauth2/access_token", "", url.Values{
			"client_id": {e.key}, "client_secret": {e.secret}, "grant_type": {"password"},
			"username": {e.users[i].name}, "password": {crashPassword},
		}, &tok)
		if err != nil || tok.AccessToken == "" {
			t.Fatalf("password grant for %s: %v", e.users[i].name, err)
		}
		e.users[i].token = tok.AccessToken
	}
}

// tally counts the acknowledged writes of one round.
type tally struct {
	mu                                           sync.Mutex
	posts, reposts, comments, deletes, followOps int
	unanswered                                   int
}

func (c *tally) String() string {
	return fmt.Sprintf("acknowledged %d posts, %d reposts, %d comments, %d deletes, %d follows/unfollows; %d requests unanswered",
		c.posts, c.reposts, c.comments, c.deletes, c.followOps, c.unanswered)
}

func (c *tally) add(p *int) {
	c.mu.Lock()
	*p++
	c.mu.Unlock()
}

// runLoad runs one worker per user against n for about d, kills n and
// returns what was acknowledged. Each user's follows and unfollows come from
// its own worker, one at a time, so the last answer for an edge is its state.
func (e *crashEnv) runLoad(t *testing.T, n *node, round int, d time.Duration, rng *rand.Rand) *tally {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var c tally
	var wg sync.WaitGroup
	for i := range e.users {
		seed := rng.Uint64()
		wg.Go(func() {
			e.worker(ctx, t, func(*rand.Rand) *node { return n }, round, i, rand.New(rand.NewPCG(seed, uint64(i))), &c)
		})
	}
	// The load runs for d: the kill lands wherever the workers are then.
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
	n.kill()
	cancel()
	wg.Wait()
	return &c
}

// worker runs one user's writes, each on the node nodeFor returns.
func (e *crashEnv) worker(ctx context.Context, t *testing.T, nodeFor func(*rand.Rand) *node, round, i int, rng *rand.Rand, c *tally) {
	me := e.users[i]
	text := func(kind string) string {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.n++
		return fmt.Sprintf("%s r%d %s #%d", kind, round, me.name, e.n)
	}
	// expected sorts out an error answer the load can cause itself: the
	// status commented on or reposted was deleted meanwhile.
	expected := func(err error) bool {
		var ae *apiError
		return errors.As(err, &ae) && (ae.Code == 20101 || ae.Code == 20201)
	}
	// pick returns a random acknowledged status, one by someone else if
	// others is set; ok is false when there is none yet.
	pick := func(others bool) (*ackStatus, bool) {
		e.mu.Lock()
		defer e.mu.Unlock()
		for range 8 {
			if len(e.statuses) == 0 {
				break
			}
			s := e.statuses[rng.IntN(len(e.statuses))]
			if (!others || s.author != me.id) && s.del == kept {
				return s, true
			}
		}
		return nil, false
	}
	var unexpected int
	// done sorts out an answer: false stops the worker (the server is gone
	// or the round is over); an error answer the test did not expect fails it.
	done := func(what string, err error) bool {
		var ae *apiError
		if errors.As(err, &ae) {
			if unexpected++; unexpected <= 3 {
				t.Errorf("round %d, %s, %s: %v", round, me.name, what, err)
			}
			return true
		}
		c.add(&c.unanswered)
		if e.cluster && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond) // that node is down; the next request picks again
			return true
		}
		return false
	}
	for ctx.Err() == nil {
		var out struct {
			ID int64 `json:"id"`
		}
		n := nodeFor(rng)
		switch r := rng.IntN(100); {
		case r < 30:
			status := text("post")
			var mentions int64
			if other := e.users[rng.IntN(len(e.users))]; other.id != me.id && rng.IntN(2) == 0 {
				status += " @" + other.name
				mentions = other.id
			}
			err := e.call(ctx, n, http.MethodPost, "/2/statuses/update.json", me.token, url.Values{"status": {status}}, &out)
			if err != nil {
				if !done("post", err) {
					return
				}
				continue
			}
			e.mu.Lock()
			e.statuses = append(e.statuses, &ackStatus{id: out.ID, author: me.id, round: round, mentions: mentions})
			e.mu.Unlock()
			c.add(&c.posts)
		case r < 36:
			// Delete one of my statuses (and so the comments on it).
			e.mu.Lock()
			var mine *ackStatus
			for _, s := range e.statuses {
				if s.author == me.id && s.del == kept && rng.IntN(4) == 0 {
					mine = s
					break
				}
			}
			if mine != nil {
				mine.del = deleting // until an answer says otherwise
			}
			e.mu.Unlock()
			if mine == nil {
				continue
			}
			err := e.call(ctx, n, http.MethodPost, "/2/statuses/destroy.json", me.token, url.Values{"id": {strconv.FormatInt(mine.id, 10)}}, &out)
			if err != nil && !expected(err) { // 20101: an unanswered delete did land
				if !done("destroy", err) {
					return
				}
				continue
			}
			e.mu.Lock()
			mine.del = deleted
			e.mu.Unlock()
			c.add(&c.deletes)
		case r < 41:
			// Delete one of my comments.
			e.mu.Lock()
			var mine *ackComment
			for _, cm := range e.comments {
				if cm.author == me.id && cm.del == kept && rng.IntN(4) == 0 {
					mine = cm
					break
				}
			}
			if mine != nil {
				mine.del = deleting
			}
			e.mu.Unlock()
			if mine == nil {
				continue
			}
			err := e.call(ctx, n, http.MethodPost, "/2/comments/destroy.json", me.token, url.Values{"cid": {strconv.FormatInt(mine.id, 10)}}, &out)
			if err != nil && !expected(err) { // gone already, or with its status
				if !done("comments/destroy", err) {
					return
				}
				continue
			}
			e.mu.Lock()
			mine.del = deleted
			e.mu.Unlock()
			c.add(&c.deletes)
		case r < 49:
			s, ok := pick(true)
			if !ok {
				continue
			}
			err := e.call(ctx, n, http.MethodPost, "/2/statuses/repost.json", me.token,
				url.Values{"id": {strconv.FormatInt(s.id, 10)}, "status": {text("repost")}}, &out)
			if expected(err) {
				continue
			}
			if err != nil {
				if !done("repost", err) {
					return
				}
				continue
			}
			e.mu.Lock()
			e.statuses = append(e.statuses, &ackStatus{id: out.ID, author: me.id, round: round})
			e.mu.Unlock()
			c.add(&c.reposts)
		case r < 72:
			s, ok := pick(false)
			if !ok {
				continue
			}
			err := e.call(ctx, n, http.MethodPost, "/2/comments/create.json", me.token,
				url.Values{"id": {strconv.FormatInt(s.id, 10)}, "comment": {text("comment")}}, &out)
			if expected(err) {
				continue
			}
			if err != nil {
				if !done("comment", err) {
					return
				}
				continue
			}
			e.mu.Lock()
			e.comments = append(e.comments, &ackComment{id: out.ID, status: s.id, author: me.id})
			e.mu.Unlock()
			c.add(&c.comments)
		default:
			other := e.users[rng.IntN(len(e.users))]
			if other.id == me.id {
				continue
			}
			e.mu.Lock()
			ed := e.follows[[2]int64{me.id, other.id}]
			follow := !ed.following
			ed.unsure = true // until an answer says otherwise
			e.mu.Unlock()
			path := "/2/friendships/create.json"
			if !follow {
				path = "/2/friendships/destroy.json"
			}
			err := e.call(ctx, n, http.MethodPost, path, me.token, url.Values{"uid": {strconv.FormatInt(other.id, 10)}}, &out)
			var ae *apiError
			switch {
			case err == nil:
				c.add(&c.followOps)
			case errors.As(err, &ae) && ae.Code == 20506: // already followed: an unanswered follow did land
				follow = true
			case errors.As(err, &ae) && ae.Code == 20522: // not followed: an unanswered unfollow did land
				follow = false
			default:
				if !done(path, err) {
					return
				}
				continue
			}
			e.mu.Lock()
			ed.following, ed.unsure = follow, false
			e.mu.Unlock()
		}
	}
}

// verify checks, after a restart, everything acknowledged so far and every
// counter; round is the round whose kill the server has just recovered from.
func (e *crashEnv) verify(t *testing.T, n *node, round int) {
	t.Helper()
	ctx := t.Context()
	tok := e.users[0].token

	db := e.openDB(t)
	defer db.Close()
	// Deletes that got no answer: the database says what became of them.
	e.learnDeletes(t, db)

	e.mu.Lock()
	var statuses, gone []*ackStatus
	deadStatus := map[int64]bool{}
	for _, s := range e.statuses {
		if s.del == deleted {
			gone = append(gone, s)
			deadStatus[s.id] = true
		} else {
			statuses = append(statuses, s)
		}
	}
	var comments, goneComments []int64
	for _, c := range e.comments {
		if c.del == deleted || deadStatus[c.status] {
			goneComments = append(goneComments, c.id)
		} else {
			comments = append(comments, c.id)
		}
	}
	e.mu.Unlock()

	// Statuses acknowledged in the round just killed, through the API:
	// there, or gone when their delete was acknowledged.
	var lost []int64
	for _, s := range append(slices.Clone(statuses), gone...) {
		if s.round != round {
			continue
		}
		var out struct {
			ID   int64 `json:"id"`
			User struct {
				ID int64 `json:"id"`
			} `json:"user"`
		}
		err := e.call(ctx, n, http.MethodGet, "/2/statuses/show.json", tok, url.Values{"id": {strconv.FormatInt(s.id, 10)}}, &out)
		if s.del == deleted {
			var ae *apiError
			if !errors.As(err, &ae) || ae.Code != 20101 {
				t.Errorf("round %d: status %d, deleted with an acknowledgement, shows: %v (id %d)", round, s.id, err, out.ID)
			}
			continue
		}
		if err != nil || out.ID != s.id || out.User.ID != s.author {
			lost = append(lost, s.id)
			if len(lost) <= 3 {
				t.Errorf("round %d: acknowledged status %d by %d: %v (got id %d, user %d)", round, s.id, s.author, err, out.ID, out.User.ID)
			}
		}
	}
	if len(lost) > 0 {
		t.Errorf("round %d: %d acknowledged statuses lost", round, len(lost))
	}

	// Every follow edge: those with a known state must hold; the others
	// are learnt.
	for k, ed := range e.follows {
		var out struct {
			Source struct {
				Following bool `json:"following"`
			} `json:"source"`
		}
		err := e.call(ctx, n, http.MethodGet, "/2/friendships/show.json", tok, url.Values{
			"source_id": {strconv.FormatInt(k[0], 10)}, "target_id": {strconv.FormatInt(k[1], 10)},
		}, &out)
		if err != nil {
			t.Fatalf("friendships/show %d -> %d: %v", k[0], k[1], err)
		}
		if !ed.unsure && out.Source.Following != ed.following {
			t.Errorf("round %d: acknowledged: %d following %d = %v; after the restart: %v", round, k[0], k[1], ed.following, out.Source.Following)
		}
		ed.following, ed.unsure = out.Source.Following, false
	}

	e.verifyDelivery(t, n, db, round, statuses, gone)

	var opts *sql.TxOptions
	if e.db != "" {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	// One snapshot for every check: background work goes on meanwhile.
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	defer tx.Rollback()

	// Every status and comment acknowledged in any round in the rows, and
	// none whose delete was acknowledged.
	for _, c := range []struct {
		what       string
		query      string
		want, gone []int64
	}{
		{"statuses", "SELECT id FROM statuses WHERE deleted = 0", statusIDs(statuses), statusIDs(gone)},
		{"comments", "SELECT id FROM comments", comments, goneComments},
	} {
		have := queryIDs(t, tx, c.query)
		missing, kept := 0, 0
		for _, id := range c.want {
			if !have[id] {
				missing++
			}
		}
		for _, id := range c.gone {
			if have[id] {
				kept++
			}
		}
		if missing > 0 || kept > 0 {
			t.Errorf("round %d: %d of %d acknowledged %s missing from the database, %d of %d deleted ones still there",
				round, missing, len(c.want), c.what, kept, len(c.gone))
		}
	}

	// Every mention of an acknowledged status, deleted or not (a delete
	// keeps them, as it keeps the unread count they raised).
	mentioned := map[[2]int64]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT status_id, user_id FROM status_mentions")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k [2]int64
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			t.Fatal(err)
		}
		mentioned[k] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	missing, all := 0, 0
	for _, s := range append(slices.Clone(statuses), gone...) {
		if s.mentions != 0 {
			all++
			if !mentioned[[2]int64{s.id, s.mentions}] {
				missing++
			}
		}
	}
	if missing > 0 {
		t.Errorf("round %d: %d of %d acknowledged mentions missing from the database", round, missing, all)
	}

	// Every counter against its rows.
	for _, c := range counterChecks {
		rows, err := tx.QueryContext(ctx, c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		bad := 0
		for rows.Next() {
			var id, stored, actual int64
			if err := rows.Scan(&id, &stored, &actual); err != nil {
				t.Fatal(err)
			}
			if bad++; bad <= 3 {
				t.Errorf("round %d: %s of %d is %d, but there are %d rows", round, c.name, id, stored, actual)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if bad > 3 {
			t.Errorf("round %d: %d %s counters are off", round, bad, c.name)
		}
	}
}

// learnDeletes settles the deletes that got no answer from the rows.
func (e *crashEnv) learnDeletes(t *testing.T, db *sql.DB) {
	t.Helper()
	live := queryIDs(t, db, "SELECT id FROM statuses WHERE deleted = 0")
	comments := queryIDs(t, db, "SELECT id FROM comments")
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.statuses {
		if s.del == deleting {
			s.del = kept
			if !live[s.id] {
				s.del = deleted
			}
		}
	}
	for _, c := range e.comments {
		if c.del == deleting {
			c.del = kept
			if !comments[c.id] {
				c.del = deleted
			}
		}
	}
}

// verifyDelivery waits until the events of the writes acknowledged before
// the kill are handled, as the outbox promises: the outbox empties (its
// sweeper publishes what the kill left unpublished), the search index
// (written only by the event handlers) holds every live status and no
// deleted one, and each user's home timeline holds every live status of
// the round by the people they follow, and their own.
func (e *crashEnv) verifyDelivery(t *testing.T, n *node, db *sql.DB, round int, live, gone []*ackStatus) {
	t.Helper()
	indexQuery := "SELECT rowid FROM search_statuses"
	if e.db != "" {
		indexQuery = "SELECT status_id FROM search_statuses"
	}
	var problem string
	deadline := time.Now().Add(90 * time.Second)
	for {
		problem = ""
		if pending := len(queryIDs(t, db, "SELECT 1 FROM outbox")); pending > 0 {
			problem = fmt.Sprintf("%d outbox rows unpublished", pending)
		} else {
			indexed := queryIDs(t, db, indexQuery)
			for _, s := range live {
				if !indexed[s.id] {
					problem = fmt.Sprintf("status %d (round %d) is not in the search index", s.id, s.round)
					break
				}
			}
			for _, s := range gone {
				if indexed[s.id] {
					problem = fmt.Sprintf("deleted status %d (round %d) is still in the search index", s.id, s.round)
					break
				}
			}
		}
		if problem == "" || time.Now().After(deadline) {
			break
		}
		// Wait for the condition, not for a time: the background work runs
		// as fast as the machine lets it; this only paces the polling.
		select {
		case <-t.Context().Done():
			t.Fatal(t.Context().Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if problem != "" {
		t.Errorf("round %d: events acknowledged before the kill were not delivered within 90s: %s", round, problem)
	}

	for _, u := range e.users {
		var want []int64
		for _, s := range live {
			if s.round == round && (s.author == u.id || e.follows[[2]int64{u.id, s.author}].following) {
				want = append(want, s.id)
			}
		}
		have := e.homeIDs(t, n, u.token, round)
		missing := 0
		for _, id := range want {
			if !have[id] {
				if missing++; missing <= 3 {
					t.Errorf("round %d: %s's home timeline lacks status %d", round, u.name, id)
				}
			}
		}
		for _, s := range gone {
			if have[s.id] {
				t.Errorf("round %d: %s's home timeline shows deleted status %d", round, u.name, s.id)
			}
		}
	}
}

// homeIDs reads the ids of a user's home timeline newer than everything
// before round, paging down with max_id.
func (e *crashEnv) homeIDs(t *testing.T, n *node, token string, round int) map[int64]bool {
	t.Helper()
	var since int64 = -1
	e.mu.Lock()
	for _, s := range e.statuses {
		if s.round == round && (since < 0 || s.id-1 < since) {
			since = s.id - 1
		}
	}
	e.mu.Unlock()
	out := map[int64]bool{}
	if since < 0 {
		return out
	}
	maxID := int64(0)
	for range 100 {
		var page struct {
			Statuses []string `json:"statuses"`
		}
		q := url.Values{"since_id": {strconv.FormatInt(since, 10)}, "count": {"100"}}
		if maxID > 0 {
			q.Set("max_id", strconv.FormatInt(maxID, 10))
		}
		if err := e.call(t.Context(), n, http.MethodGet, "/2/statuses/home_timeline/ids.json", token, q, &page); err != nil {
			t.Fatalf("home_timeline/ids: %v", err)
		}
		for _, s := range page.Statuses {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.Fatalf("home_timeline/ids: %q", s)
			}
			out[id] = true
			maxID = id - 1
		}
		if len(page.Statuses) < 100 {
			return out
		}
	}
	t.Fatal("home_timeline/ids: more than 100 pages")
	return nil
}

// queryIDs runs a query of one integer column and returns the values.
func queryIDs(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string) map[int64]bool {
	t.Helper()
	rows, err := q.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	have := make(map[int64]bool)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		have[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return have
}

func statusIDs(ss []*ackStatus) []int64 {
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i] = s.id
	}
	return out
}

// counterChecks each list (id, stored counter, rows counted) where the two
// differ; the SQL is the same on both databases.
var counterChecks = func() []struct{ name, query string } {
	const (
		unreadMentions = "(SELECT COALESCE(SUM(u.count), 0) FROM unread u WHERE u.user_id = x.id AND u.kind = 'mention_status')"
		mentionRows    = "(SELECT COUNT(*) FROM status_mentions m WHERE m.user_id = x.id)"
	)
	check := func(table, col, actual, only string) string {
		return "SELECT x.id, x." + col + ", " + actual + " FROM " + table + " x WHERE " + only + "x." + col + " <> " + actual
	}
	// Counters of deleted statuses are frozen: the check would not hold for them.
	const live = "x.deleted = 0 AND "
	return []struct{ name, query string }{
		{"statuses_count", check("users", "statuses_count",
			"(SELECT COUNT(*) FROM statuses s WHERE s.user_id = x.id AND s.deleted = 0)", "")},
		{"followers_count", check("users", "followers_count",
			"(SELECT COUNT(*) FROM follows f WHERE f.followee_id = x.id)", "")},
		{"friends_count", check("users", "friends_count",
			"(SELECT COUNT(*) FROM follows f WHERE f.follower_id = x.id)", "")},
		{"bi_followers_count", check("users", "bi_followers_count",
			"(SELECT COUNT(*) FROM follows f JOIN follows b ON b.follower_id = f.followee_id AND b.followee_id = f.follower_id WHERE f.follower_id = x.id)", "")},
		// Mentions raise the unread count in the post's transaction; the test
		// never reads them, so the count is every mention row (a delete
		// keeps its status's rows, and does not lower the count either).
		{"unread mention_status", "SELECT x.id, " + unreadMentions + ", " + mentionRows + " FROM users x WHERE " + unreadMentions + " <> " + mentionRows},
		{"comments_count", check("statuses", "comments_count",
			"(SELECT COUNT(*) FROM comments c WHERE c.status_id = x.id)", live)},
		// A repost counts for its root and, when that is another status, for
		// its parent. The "<> 0" terms let both databases use their partial
		// indexes (an OR of the two columns would scan every status per row).
		{"reposts_count", check("statuses", "reposts_count",
			"((SELECT COUNT(*) FROM statuses r WHERE r.retweeted_id <> 0 AND r.retweeted_id = x.id AND r.deleted = 0) + "+
				"(SELECT COUNT(*) FROM statuses r WHERE r.parent_id <> 0 AND r.parent_id = x.id AND r.retweeted_id <> x.id AND r.deleted = 0))", live)},
	}
}()

// openDB opens the server's database directly, read-only for SQLite.
func (e *crashEnv) openDB(t *testing.T) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", e.db
	if dsn == "" {
		driver, dsn = "sqlite", filepath.Join(e.data, "weibo.db")+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	return db
}
