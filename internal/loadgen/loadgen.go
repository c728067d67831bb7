// Package loadgen is the HTTP load generator behind `weibo bench`: named
// Sina API workloads run by a fixed number of closed-loop workers for a fixed
// time, latencies in log-linear histograms, errors counted by kind, and a
// static handler serving a fixed body of the same size, so that every run can
// be read as a fraction of what the machine's HTTP stack can do at all.
//
// It talks HTTP only, to any server: it knows users by the access tokens of
// a Fixture (what `weibo seed` writes), never by reaching into a store.
package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fixture is the seeded side of a load test: an app, the shared password and
// users with access tokens. `weibo seed` writes it as DIR/seed.json.
type Fixture struct {
	AppKey    string         `json:"app_key"`
	AppSecret string         `json:"app_secret"`
	Password  string         `json:"password"`
	Celebrity User           `json:"celebrity"`
	Users     []User         `json:"users"`
	Counts    map[string]int `json:"counts,omitempty"`
}

// User is a seeded user with an access token.
type User struct {
	ID               int64  `json:"id"`
	ScreenName       string `json:"screen_name"`
	Followers        int    `json:"followers"`
	Followees        int    `json:"followees"`
	FollowsCelebrity bool   `json:"follows_celebrity"`
	Token            string `json:"access_token"`
}

// LoadFixture reads a fixture file.
func LoadFixture(path string) (*Fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("loadgen: fixture: %w", err)
	}
	var f Fixture
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("loadgen: fixture %s: %w", path, err)
	}
	return &f, nil
}

// Options describe one run.
type Options struct {
	// URL is the base URL of the server, or of several nodes of one
	// cluster separated by commas. Worker i talks to node i mod n for the
	// whole run, so connections spread evenly and each sticks to its node
	// (as behind a load balancer with keep-alive); a node that fails is
	// counted in its own row of Result.Nodes, never skipped.
	URL         string
	Workload    string        // one of Workloads()
	Concurrency int           // workers, each with one request in flight [64]
	Duration    time.Duration // measured time [30s]
	Warmup      time.Duration // unmeasured time before it [5s]; 0 keeps the default, negative skips
	Fixture     *Fixture
	Seed        uint64 // picks of users and statuses
	// Celebrity workload: followers polled per post [100], pause between posts [1s],
	// and how long a post may take to show up before it counts as missed [10s];
	// a negative Deadline waits until every sampled follower sees the post
	// (or ctx ends), so a test can assert visibility without a time limit.
	Sample    int
	PostEvery time.Duration
	Deadline  time.Duration
	// MinRequests, when positive, keeps each worker measuring past Duration
	// until it has seen that many answers, and lets requests in flight at
	// the end finish: a test on a slow, shared machine then always has
	// something to assert on, whatever the machine's speed.
	MinRequests int
	// Client overrides the HTTP client (tests).
	Client *http.Client
	// Log, when set, receives one line per phase.
	Log io.Writer
}

func (o *Options) setDefaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 64
	}
	if o.Duration <= 0 {
		o.Duration = 30 * time.Second
	}
	if o.Warmup == 0 {
		o.Warmup = 5 * time.Second
	}
	if o.Sample <= 0 {
		o.Sample = 100
	}
	if o.PostEvery <= 0 {
		o.PostEvery = time.Second
	}
	if o.Deadline == 0 {
		o.Deadline = 10 * time.Second
	}
	o.URL = strings.Join(nodeURLs(o.URL), ",")
}

// nodeURLs splits a comma-separated URL list, dropping trailing slashes and
// empty entries.
func nodeURLs(s string) []string {
	var out []string
	for _, u := range strings.Split(s, ",") {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// Latency summarises a histogram, in milliseconds.
type Latency struct {
	Count uint64  `json:"count"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	P999  float64 `json:"p999"`
	Max   float64 `json:"max"`
}

func summarize(h *Histogram) Latency {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Latency{Count: h.Count(), Mean: ms(h.Mean()), P50: ms(h.Percentile(50)), P90: ms(h.Percentile(90)),
		P99: ms(h.Percentile(99)), P999: ms(h.Percentile(99.9)), Max: ms(h.Max())}
}

// Result is one run, ready for JSON.
type Result struct {
	Workload    string  `json:"workload"`
	URL         string  `json:"url"`
	Concurrency int     `json:"concurrency"`
	Seconds     float64 `json:"seconds"`
	// PrepareSeconds is how long the unmeasured preparation took (reading
	// every user's home page once, for home_timeline and mixed): on nodes
	// just started, the time to warm their caches.
	PrepareSeconds float64            `json:"prepare_seconds,omitempty"`
	Requests       uint64             `json:"requests"`
	Errors         uint64             `json:"errors"`
	ErrorKinds     map[string]uint64  `json:"error_kinds,omitempty"`
	Throughput     float64            `json:"throughput_rps"`
	MeanBytes      float64            `json:"mean_response_bytes"`
	Latency        Latency            `json:"latency_ms"`
	Ops            map[string]Latency `json:"ops_ms,omitempty"` // per request type, when a workload mixes them
	// Nodes splits the run by node when URL named several.
	Nodes []NodeResult `json:"nodes,omitempty"`

	// Celebrity: the time from a post's acknowledgement until it is in a
	// sampled follower's home page (Visible: per follower; VisibleAll: per
	// post, the last follower), and posts some follower never saw in time.
	Posts      int      `json:"posts,omitempty"`
	Followers  int      `json:"followers_sampled,omitempty"`
	Visible    *Latency `json:"visible_ms,omitempty"`
	VisibleAll *Latency `json:"visible_all_ms,omitempty"`
	Missed     int      `json:"missed,omitempty"`

	// Static is the same concurrency against the static handler serving
	// MeanBytes; Ratio is Throughput / Static.Throughput.
	Static *Result  `json:"static,omitempty"`
	Ratio  *float64 `json:"ratio_to_static,omitempty"`
}

// NodeResult is one node's share of a multi-node run.
type NodeResult struct {
	URL         string            `json:"url"`
	Connections int               `json:"connections"`
	Requests    uint64            `json:"requests"`
	Errors      uint64            `json:"errors"`
	ErrorKinds  map[string]uint64 `json:"error_kinds,omitempty"`
	Throughput  float64           `json:"throughput_rps"`
	Latency     Latency           `json:"latency_ms"`
}

// Failed tells whether the node answered nothing successfully.
func (n *NodeResult) Failed() bool { return n.Errors >= n.Requests }

// FailedNodes is an error naming every node that answered nothing
// successfully in some run, nil if there is none: a multi-node figure with
// a dead node in it is not the figure it claims to be.
func FailedNodes(results []*Result) error {
	var bad []string
	for _, r := range results {
		for _, n := range r.Nodes {
			if n.Failed() {
				bad = append(bad, fmt.Sprintf("%s (%s: %d requests, %d errors)", n.URL, r.Workload, n.Requests, n.Errors))
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("loadgen: nodes failed: %s", strings.Join(bad, "; "))
	}
	return nil
}

// runner holds what the workers of one run share.
type runner struct {
	opts   Options
	nodes  []string // base URLs, from opts.URL
	client *http.Client
	auth   map[string]string // token → "OAuth2 token", built once

	mu        sync.Mutex
	statusIDs []int64 // statuses to show and comment on, found while preparing
}

// worker is one closed-loop client. Its histograms and counters are its own
// and merged at the end, so recording takes no lock.
type worker struct {
	r      *runner
	id     int
	node   int    // index in r.nodes
	base   string // r.nodes[node]
	rng    *rand.Rand
	buf    bytes.Buffer
	seq    int
	hist   Histogram
	ops    map[string]*Histogram
	errs   map[string]uint64
	bytes  int64
	record bool
}

func newClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns
	t.MaxIdleConnsPerHost = conns
	t.DisableCompression = true // measure the server, not gzip
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}

// Run runs opts.Workload against opts.URL and reports.
func Run(ctx context.Context, opts Options) (*Result, error) {
	opts.setDefaults()
	wl, ok := workloads[opts.Workload]
	if !ok {
		return nil, fmt.Errorf("loadgen: unknown workload %q (have %s)", opts.Workload, strings.Join(Workloads(), ", "))
	}
	if wl.needsUsers && (opts.Fixture == nil || len(opts.Fixture.Users) == 0) {
		return nil, fmt.Errorf("loadgen: workload %s needs a fixture with users (weibo seed writes one)", opts.Workload)
	}
	r := &runner{opts: opts, nodes: nodeURLs(opts.URL), client: opts.Client, auth: map[string]string{}}
	if len(r.nodes) == 0 {
		return nil, errors.New("loadgen: no server URL")
	}
	if opts.Concurrency < len(r.nodes) {
		return nil, fmt.Errorf("loadgen: %d connections cannot cover %d nodes", opts.Concurrency, len(r.nodes))
	}
	if r.client == nil {
		r.client = newClient(opts.Concurrency + opts.Sample)
	}
	if err := r.probe(ctx); err != nil {
		return nil, err
	}
	if opts.Fixture != nil {
		for _, u := range append([]User{opts.Fixture.Celebrity}, opts.Fixture.Users...) {
			r.auth[u.Token] = "OAuth2 " + u.Token
		}
	}
	var prepared time.Duration
	if wl.prepare != nil {
		r.logf("%s: preparing", opts.Workload)
		start := time.Now()
		if err := wl.prepare(ctx, r); err != nil {
			return nil, err
		}
		prepared = time.Since(start)
		r.logf("%s: prepared in %s", opts.Workload, prepared.Round(time.Millisecond))
	}
	if wl.run != nil {
		return wl.run(ctx, r)
	}
	if opts.Warmup > 0 {
		r.logf("%s: warming up for %s", opts.Workload, opts.Warmup)
		if _, err := r.loop(ctx, wl.op, opts.Warmup, false); err != nil {
			return nil, err
		}
	}
	r.logf("%s: measuring for %s at %d connections", opts.Workload, opts.Duration, opts.Concurrency)
	res, err := r.loop(ctx, wl.op, opts.Duration, true)
	if res != nil {
		res.PrepareSeconds = prepared.Seconds()
	}
	return res, err
}

func (r *runner) logf(format string, a ...any) {
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "weibo bench: "+format+"\n", a...)
	}
}

// probe asks every node for /healthz before anything is measured, so that
// a node that is down or not ready stops the run with its name rather than
// turning a third of it into transport errors.
func (r *runner) probe(ctx context.Context) error {
	for _, base := range r.nodes {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		req, err := http.NewRequestWithContext(pctx, http.MethodGet, base+"/healthz", nil)
		if err != nil {
			cancel()
			return fmt.Errorf("loadgen: node %s: %w", base, err)
		}
		resp, err := r.client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				err = fmt.Errorf("/healthz answered %s", resp.Status)
			}
		}
		cancel()
		if err != nil {
			return fmt.Errorf("loadgen: node %s is not serving: %w", base, err)
		}
	}
	return nil
}

func (r *runner) newWorker(id int, record bool) *worker {
	node := ((id % len(r.nodes)) + len(r.nodes)) % len(r.nodes) // the celebrity poster is worker -1
	return &worker{r: r, id: id, node: node, base: r.nodes[node], rng: rand.New(rand.NewPCG(r.opts.Seed, uint64(id)+1)),
		ops: map[string]*Histogram{}, errs: map[string]uint64{}, record: record}
}

// loop runs op on Concurrency workers for d and merges what they saw.
func (r *runner) loop(ctx context.Context, op opFunc, d time.Duration, record bool) (*Result, error) {
	least := 0
	if record {
		least = r.opts.MinRequests
	}
	if least <= 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	workers := make([]*worker, r.opts.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for i := range workers {
		w := r.newWorker(i, record)
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if least > 0 && w.hist.Count() >= uint64(least) && !time.Now().Before(end) {
					return
				}
				op(ctx, w)
			}
		}()
	}
	wg.Wait()
	return r.result(workers, time.Since(start)), nil
}

func (r *runner) result(workers []*worker, took time.Duration) *Result {
	res := &Result{Workload: r.opts.Workload, URL: r.opts.URL, Concurrency: r.opts.Concurrency, Seconds: took.Seconds(),
		ErrorKinds: map[string]uint64{}}
	var all Histogram
	ops := map[string]*Histogram{}
	var nbytes int64
	var nodes []NodeResult
	var nodeHist []Histogram
	if len(r.nodes) > 1 {
		nodes = make([]NodeResult, len(r.nodes))
		nodeHist = make([]Histogram, len(r.nodes))
		for i, u := range r.nodes {
			nodes[i] = NodeResult{URL: u, ErrorKinds: map[string]uint64{}}
		}
	}
	for _, w := range workers {
		all.Merge(&w.hist)
		if nodes != nil {
			n := &nodes[w.node]
			n.Connections++
			nodeHist[w.node].Merge(&w.hist)
			for k, c := range w.errs {
				n.ErrorKinds[k] += c
				n.Errors += c
			}
		}
		for name, h := range w.ops {
			if ops[name] == nil {
				ops[name] = &Histogram{}
			}
			ops[name].Merge(h)
		}
		for k, n := range w.errs {
			res.ErrorKinds[k] += n
			res.Errors += n
		}
		nbytes += w.bytes
	}
	res.Requests = all.Count()
	res.Throughput = float64(res.Requests) / took.Seconds()
	res.Latency = summarize(&all)
	if ok := res.Requests - res.Errors; ok > 0 {
		res.MeanBytes = float64(nbytes) / float64(ok)
	}
	if len(ops) > 1 {
		res.Ops = map[string]Latency{}
		for name, h := range ops {
			res.Ops[name] = summarize(h)
		}
	}
	if len(res.ErrorKinds) == 0 {
		res.ErrorKinds = nil
	}
	for i := range nodes {
		n := &nodes[i]
		n.Requests = nodeHist[i].Count()
		n.Throughput = float64(n.Requests) / took.Seconds()
		n.Latency = summarize(&nodeHist[i])
		if len(n.ErrorKinds) == 0 {
			n.ErrorKinds = nil
		}
	}
	res.Nodes = nodes
	return res
}

// errContextDone marks a request cut short by the end of the run: neither
// a latency nor an error.
var errContextDone = errors.New("run over")

// do sends one request as user tok and records it under op. The body is in
// w.buf afterwards.
func (w *worker) do(ctx context.Context, op, method, path string, form url.Values, tok string) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if tok != "" {
		a, ok := w.r.auth[tok]
		if !ok {
			a = "OAuth2 " + tok
		}
		req.Header.Set("Authorization", a)
	}
	start := time.Now()
	resp, err := w.r.client.Do(req)
	w.buf.Reset()
	if err == nil {
		_, err = w.buf.ReadFrom(resp.Body)
		resp.Body.Close()
	}
	took := time.Since(start)
	if ctx.Err() != nil {
		return errContextDone
	}
	if w.record {
		w.hist.Record(took)
		h := w.ops[op]
		if h == nil {
			h = &Histogram{}
			w.ops[op] = h
		}
		h.Record(took)
	}
	switch {
	case err != nil:
		w.fail("transport")
		return err
	case resp.StatusCode != http.StatusOK:
		kind := "http_" + strconv.Itoa(resp.StatusCode)
		var e struct {
			Code int `json:"error_code"`
		}
		if json.Unmarshal(w.buf.Bytes(), &e) == nil && e.Code != 0 {
			kind += "_" + strconv.Itoa(e.Code)
		}
		w.fail(kind)
		return fmt.Errorf("%s %s%s: %s", method, w.base, path, kind)
	}
	w.bytes += int64(w.buf.Len())
	return nil
}

func (w *worker) fail(kind string) {
	if w.record {
		w.errs[kind]++
	}
}

// Table writes results as an aligned table, with error kinds and per-op
// latencies below it.
func Table(out io.Writer, results ...*Result) {
	fmt.Fprintf(out, "%-15s %5s %6s %9s %7s %9s %8s %8s %8s %8s %9s %7s\n",
		"workload", "conns", "secs", "requests", "errors", "req/s", "bytes", "p50 ms", "p90 ms", "p99 ms", "max ms", "ratio")
	line := func(r *Result, name string) {
		ratio := "-"
		if r.Ratio != nil {
			ratio = fmt.Sprintf("%.2f", *r.Ratio)
		}
		fmt.Fprintf(out, "%-15s %5d %6.1f %9d %7d %9.1f %8.0f %8.2f %8.2f %8.2f %9.2f %7s\n",
			name, r.Concurrency, r.Seconds, r.Requests, r.Errors, r.Throughput, r.MeanBytes,
			r.Latency.P50, r.Latency.P90, r.Latency.P99, r.Latency.Max, ratio)
	}
	for _, r := range results {
		line(r, r.Workload)
		if r.Static != nil {
			line(r.Static, "  static")
		}
	}
	for _, r := range results {
		for _, n := range r.Nodes {
			state := ""
			if n.Failed() {
				state = "  FAILED: no successful answer"
			}
			kinds := make([]string, 0, len(n.ErrorKinds))
			for k, c := range n.ErrorKinds {
				kinds = append(kinds, fmt.Sprintf("%s×%d", k, c))
			}
			sort.Strings(kinds)
			fmt.Fprintf(out, "%s  node %-28s conns %-4d n=%-8d %9.1f req/s  p50 %7.2f  p99 %7.2f ms  errors %d %s%s\n",
				r.Workload, n.URL, n.Connections, n.Requests, n.Throughput, n.Latency.P50, n.Latency.P99, n.Errors,
				strings.Join(kinds, " "), state)
		}
		if len(r.ErrorKinds) > 0 {
			kinds := make([]string, 0, len(r.ErrorKinds))
			for k, n := range r.ErrorKinds {
				kinds = append(kinds, fmt.Sprintf("%s×%d", k, n))
			}
			sort.Strings(kinds)
			fmt.Fprintf(out, "%s errors: %s\n", r.Workload, strings.Join(kinds, " "))
		}
		if len(r.Ops) > 0 {
			names := make([]string, 0, len(r.Ops))
			for k := range r.Ops {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, n := range names {
				l := r.Ops[n]
				fmt.Fprintf(out, "%s  %-22s n=%-8d p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms\n",
					r.Workload, n, l.Count, l.P50, l.P90, l.P99, l.Max)
			}
		}
		if r.VisibleAll != nil {
			fmt.Fprintf(out, "%s: %d posts, %d followers sampled, %d missed the deadline\n", r.Workload, r.Posts, r.Followers, r.Missed)
			for _, v := range []struct {
				name string
				l    *Latency
			}{{"visible (each)", r.Visible}, {"visible (all)", r.VisibleAll}} {
				fmt.Fprintf(out, "%s  %-22s n=%-8d p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms\n",
					r.Workload, v.name, v.l.Count, v.l.P50, v.l.P90, v.l.P99, v.l.Max)
			}
		}
	}
}
