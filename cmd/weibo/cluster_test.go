package main_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/testkit/pgtest"
	"github.com/weibo-server/weibo/internal/testkit/redistest"
)

// The cluster test (issue 15): three `weibo serve` processes on loopback,
// one PostgreSQL schema, one Redis (a key prefix of their own) and one
// NATS JetStream (a stream and subjects of their own), as a load balancer
// would see them. The crash test's users post, repost, comment, delete and
// follow, each request on a node picked at random; one node is killed with
// SIGKILL in the middle of that, the load goes on over the other two, the
// node is started again and takes its share until the load ends. Then:
//
//   - the crash test's checks on the first node: every acknowledged write
//     is there, deletes hold, the outbox empties and every event is
//     delivered (search index, home timelines; the dead node's events in
//     flight are redelivered to the others), every counter matches its rows;
//   - on every node: every acknowledged status shows (and every
//     acknowledged delete is gone), every follow edge reads the same, and
//     each user's home timeline holds the same ids, none twice (no event
//     lost, none applied twice).
//
// It runs when WEIBO_TEST_POSTGRES, WEIBO_TEST_REDIS and WEIBO_TEST_NATS are
// all set (CI sets them), and skips otherwise.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the weibo binary; skipped with -short")
	}
	natsURL := os.Getenv("WEIBO_TEST_NATS")
	if natsURL == "" || redistest.URL() == "" {
		t.Skip("the cluster test needs WEIBO_TEST_POSTGRES, WEIBO_TEST_REDIS and WEIBO_TEST_NATS")
	}
	pgtest.DSN(t)
	rdb, _ := redistest.Real(t) // its keys are deleted when the test ends
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	start := time.Now()
	e := &crashEnv{bin: buildWeibo(t), data: t.TempDir(), db: pgtest.Schema(t, "weibo_cluster_"), cluster: true,
		serve: []string{"--redis", redistest.URL(), "--redis-prefix", rdb.Prefix,
			"--nats", natsURL, "--nats-prefix", "cluster_" + hex.EncodeToString(b)}}
	e.log = filepath.Join(t.TempDir(), "server.log")
	e.http = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashUsers}}
	t.Cleanup(e.http.CloseIdleConnections)
	defer func() {
		if t.Failed() {
			t.Logf("servers' log (last 4 kB):\n%s", e.logTail(4096))
		}
	}()
	e.setup(t)
	nodes := []*node{e.start(t), e.start(t), e.start(t)}
	e.login(t, nodes[0])
	t.Logf("binary, users and three nodes ready in %v", time.Since(start).Round(time.Millisecond))

	// The load, spread over the nodes up now.
	var mu sync.Mutex
	up := slices.Clone(nodes)
	nodeFor := func(rng *mrand.Rand) *node {
		mu.Lock()
		defer mu.Unlock()
		return up[rng.IntN(len(up))]
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := mrand.New(mrand.NewPCG(seed, 1))
	ctx, cancel := context.WithCancel(t.Context())
	var c tally
	var wg sync.WaitGroup
	for i := range e.users {
		s := rng.Uint64()
		wg.Go(func() { e.worker(ctx, t, nodeFor, 1, i, mrand.New(mrand.NewPCG(s, uint64(i))), &c) })
	}
	sleep := func(d time.Duration) {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
	sleep(1500*time.Millisecond + mrand.N(time.Second))
	victim := 1 + rng.IntN(2) // the first node stays up for the checks' baseline
	nodes[victim].kill()
	mu.Lock()
	up = slices.Delete(slices.Clone(nodes), victim, victim+1)
	mu.Unlock()
	t.Logf("node %d killed (SIGKILL) mid-load", victim)
	sleep(time.Second)
	t0 := time.Now()
	nodes[victim] = e.start(t)
	mu.Lock()
	up = slices.Clone(nodes)
	mu.Unlock()
	t.Logf("node %d restarted in %v", victim, time.Since(t0).Round(time.Millisecond))
	sleep(1500 * time.Millisecond)
	cancel()
	wg.Wait()
	t.Logf("load over: %s", &c)
	if c.posts == 0 || c.comments == 0 {
		t.Fatalf("too little load to check anything: %s", &c)
	}

	t1 := time.Now()
	e.verify(t, nodes[0], 1)
	t.Logf("node 0 checked (delivery, rows, counters) in %v", time.Since(t1).Round(time.Millisecond))
	if t.Failed() {
		t.FailNow()
	}
	t1 = time.Now()
	e.verifyNodesAgree(t, nodes)
	t.Logf("the nodes agree (checked in %v); %v in all", time.Since(t1).Round(time.Millisecond), time.Since(start).Round(100*time.Millisecond))
	for _, n := range nodes {
		n.stop(t)
	}
}

// verifyNodesAgree checks every node answers as the first: the statuses
// acknowledged (or deleted), the follow edges, each user's home timeline.
func (e *crashEnv) verifyNodesAgree(t *testing.T, nodes []*node) {
	t.Helper()
	ctx := t.Context()
	tok := e.users[0].token
	e.mu.Lock()
	statuses := slices.Clone(e.statuses)
	e.mu.Unlock()
	baseline := map[int64][]int64{} // user → home ids on node 0
	for i, n := range nodes {
		bad := 0
		for _, s := range statuses {
			var out struct {
				ID int64 `json:"id"`
			}
			err := e.call(ctx, n, http.MethodGet, "/2/statuses/show.json", tok, url.Values{"id": {strconv.FormatInt(s.id, 10)}}, &out)
			var ae *apiError
			switch {
			case s.del == deleted && (errors.As(err, &ae) && ae.Code == 20101):
			case s.del != deleted && err == nil && out.ID == s.id:
			default:
				if bad++; bad <= 3 {
					t.Errorf("node %d: status %d (deleted: %v) shows: %v", i, s.id, s.del == deleted, err)
				}
			}
		}
		for k, ed := range e.follows {
			var out struct {
				Source struct {
					Following bool `json:"following"`
				} `json:"source"`
			}
			err := e.call(ctx, n, http.MethodGet, "/2/friendships/show.json", tok, url.Values{
				"source_id": {strconv.FormatInt(k[0], 10)}, "target_id": {strconv.FormatInt(k[1], 10)}}, &out)
			if err != nil || out.Source.Following != ed.following {
				if bad++; bad <= 3 {
					t.Errorf("node %d: %d following %d: %v (%v), node 0 says %v", i, k[0], k[1], out.Source.Following, err, ed.following)
				}
			}
		}
		for _, u := range e.users {
			ids := e.homeList(t, n, u.token)
			if dup := len(ids) - len(slices.Compact(slices.Clone(ids))); dup > 0 {
				t.Errorf("node %d: %s's home timeline holds %d ids twice", i, u.name, dup)
			}
			if i == 0 {
				baseline[u.id] = ids
			} else if !slices.Equal(ids, baseline[u.id]) {
				t.Errorf("node %d: %s's home timeline differs from node 0's: %d ids against %d", i, u.name, len(ids), len(baseline[u.id]))
			}
		}
		if bad > 3 {
			t.Errorf("node %d: %d reads disagree", i, bad)
		}
	}
}

// homeList is the ids of a user's whole home timeline, newest first, as
// the node pages it (home_timeline/ids, max_id).
func (e *crashEnv) homeList(t *testing.T, n *node, token string) []int64 {
	t.Helper()
	var out []int64
	maxID := int64(0)
	for range 100 {
		var page struct {
			Statuses []string `json:"statuses"`
		}
		q := url.Values{"count": {"100"}}
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
			out = append(out, id)
			maxID = id - 1
		}
		if len(page.Statuses) < 100 {
			return out
		}
	}
	t.Fatal("home_timeline/ids: more than 100 pages")
	return nil
}
