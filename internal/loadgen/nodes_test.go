package loadgen_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/loadgen"
)

// node is an httptest server that counts the requests and connections it
// gets; bad makes it answer 503 to everything but /healthz.
type node struct {
	*httptest.Server
	mu       sync.Mutex
	requests int
	conns    int
}

func newNode(t *testing.T, bad bool) *node {
	n := &node{}
	n.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			return
		}
		n.mu.Lock()
		n.requests++
		n.mu.Unlock()
		if bad {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"statuses":[]}`))
	}))
	n.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.mu.Lock()
			n.conns++
			n.mu.Unlock()
		}
	}
	n.Start()
	t.Cleanup(n.Close)
	return n
}

func (n *node) counts() (requests, conns int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.requests, n.conns
}

func TestRoundRobinOverNodes(t *testing.T) {
	nodes := []*node{newNode(t, false), newNode(t, false), newNode(t, false)}
	urls := make([]string, len(nodes))
	for i, n := range nodes {
		urls[i] = n.URL + "/" // trailing slashes are dropped
	}
	// MinRequests: nothing is cut short by a deadline, so what the servers
	// saw is exactly what the result counts.
	r, err := loadgen.Run(t.Context(), loadgen.Options{URL: strings.Join(urls, ", "), Workload: "static", Concurrency: 6,
		Duration: 100 * time.Millisecond, Warmup: -1, MinRequests: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Nodes) != 3 {
		t.Fatalf("nodes %+v", r.Nodes)
	}
	var sum uint64
	for i, n := range r.Nodes {
		req, conns := nodes[i].counts()
		t.Logf("node %d: %+v; server saw %d requests on %d connections", i, n, req, conns)
		if n.URL != nodes[i].URL || n.Connections != 2 || n.Errors != 0 || n.Requests < 40 || n.Failed() {
			t.Errorf("node %d: %+v", i, n)
		}
		if uint64(req) != n.Requests {
			t.Errorf("node %d: the server saw %d requests, the result says %d", i, req, n.Requests)
		}
		// Two workers, one request in flight each, keep-alive: at most two
		// connections (the probe's is reused).
		if conns < 1 || conns > 2 {
			t.Errorf("node %d: %d connections for 2 workers", i, conns)
		}
		sum += n.Requests
	}
	if sum != r.Requests || r.Errors != 0 {
		t.Errorf("nodes sum to %d of %d requests; %d errors", sum, r.Requests, r.Errors)
	}
	if err := loadgen.FailedNodes([]*loadgen.Result{r}); err != nil {
		t.Error(err)
	}

	// One request per worker alone: a single node has no per-node rows.
	r, err = loadgen.Run(t.Context(), loadgen.Options{URL: nodes[0].URL, Workload: "static", Concurrency: 2,
		Duration: time.Millisecond, Warmup: -1, MinRequests: 1})
	if err != nil || r.Nodes != nil || r.Requests < 2 {
		t.Fatalf("one node: %v %+v", err, r)
	}
}

func TestFailingNodeIsReported(t *testing.T) {
	good, bad := newNode(t, false), newNode(t, true)
	r, err := loadgen.Run(t.Context(), loadgen.Options{URL: good.URL + "," + bad.URL, Workload: "static", Concurrency: 4,
		Duration: 50 * time.Millisecond, Warmup: -1, MinRequests: 5})
	if err != nil {
		t.Fatal(err)
	}
	g, b := r.Nodes[0], r.Nodes[1]
	if g.Failed() || g.Errors != 0 || !b.Failed() || b.Requests < 10 || b.ErrorKinds["http_503"] != b.Requests {
		t.Fatalf("good %+v, bad %+v", g, b)
	}
	err = loadgen.FailedNodes([]*loadgen.Result{r})
	if err == nil || !strings.Contains(err.Error(), bad.URL) || strings.Contains(err.Error(), good.URL+" (") {
		t.Fatalf("FailedNodes: %v", err)
	}
	var table strings.Builder
	loadgen.Table(&table, r)
	if !strings.Contains(table.String(), "FAILED") || !strings.Contains(table.String(), bad.URL) {
		t.Errorf("table:\n%s", table.String())
	}

	// A node that is down before the run starts stops it, by name.
	down := newNode(t, false)
	down.Close()
	_, err = loadgen.Run(context.Background(), loadgen.Options{URL: good.URL + "," + down.URL, Workload: "static",
		Concurrency: 2, Duration: 10 * time.Millisecond, Warmup: -1})
	if err == nil || !strings.Contains(err.Error(), down.URL) {
		t.Fatalf("down node: %v", err)
	}
}
