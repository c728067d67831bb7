package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"
)

type opFunc func(ctx context.Context, w *worker)

// workload is a named load: prepare runs once before the clock starts; op is
// one request of a closed-loop worker, or run replaces the loop entirely.
type workload struct {
	doc        string
	needsUsers bool
	prepare    func(ctx context.Context, r *runner) error
	op         opFunc
	run        func(ctx context.Context, r *runner) (*Result, error)
}

var workloads = map[string]workload{
	"home_timeline": {
		doc:        "GET statuses/home_timeline count=20 as a random seeded user, every user's page warmed first on every node",
		needsUsers: true, prepare: warmHomes, op: homeOp,
	},
	"user_timeline": {
		doc:        "GET statuses/user_timeline count=20 of a random seeded user, as another",
		needsUsers: true, op: userTimelineOp,
	},
	"show": {
		doc:        "GET statuses/show of a random status seen in the users' home pages",
		needsUsers: true, prepare: collectIDs, op: showOp,
	},
	"post": {
		doc:        "POST statuses/update with a new text as a random seeded user (fan-out in the background)",
		needsUsers: true, op: postOp,
	},
	"comment": {
		doc:        "POST comments/create on a random status seen in the users' home pages",
		needsUsers: true, prepare: collectIDs, op: commentOp,
	},
	"mixed": {
		doc: "50 reads to 1 write: home_timeline 60%, user_timeline 20%, show 20% of reads; " +
			"post and comment alike of writes",
		needsUsers: true, prepare: warmHomes, op: mixedOp,
	},
	"celebrity": {
		doc: "the user with most followers posts every --post-every; sampled followers poll their home " +
			"page until the post is there; reports time from the post's acknowledgement to visibility",
		needsUsers: true, run: runCelebrity,
	},
	"search": {
		doc: "GET search/statuses count=10 as a random seeded user: a word of the seeded vocabulary (70%), " +
			"two words (10%), needcount=1 (10%), one author's statuses with a word (10%)",
		needsUsers: true, op: searchOp,
	},
	"static": {
		doc: "GET / of the static handler (weibo bench --static or --serve-static): a fixed body, the machine's limit",
		op:  staticOp,
	},
}

// Workloads lists the workload names.
func Workloads() []string {
	out := make([]string, 0, len(workloads))
	for n := range workloads {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Describe returns a workload's one-line definition.
func Describe(name string) string { return workloads[name].doc }

func (w *worker) user() User {
	u := w.r.opts.Fixture.Users
	return u[w.rng.IntN(len(u))]
}

func (w *worker) statusID() int64 {
	ids := w.r.statusIDs
	return ids[w.rng.IntN(len(ids))]
}

const homePath = "/2/statuses/home_timeline.json?count=20"

func homeOp(ctx context.Context, w *worker) {
	_ = w.do(ctx, "home_timeline", http.MethodGet, homePath, nil, w.user().Token)
}

func userTimelineOp(ctx context.Context, w *worker) {
	target := w.user().ID
	_ = w.do(ctx, "user_timeline", http.MethodGet,
		"/2/statuses/user_timeline.json?count=20&uid="+strconv.FormatInt(target, 10), nil, w.user().Token)
}

func showOp(ctx context.Context, w *worker) {
	_ = w.do(ctx, "show", http.MethodGet, "/2/statuses/show.json?id="+strconv.FormatInt(w.statusID(), 10), nil,
		w.user().Token)
}

var phrases = []string{"压测进行中", "今天天气不错", "性能测试", "一条新微博", "大家好", "继续加油"}

// text is unique per worker and call: the server refuses a repeat of the
// author's previous text.
func (w *worker) text() string {
	w.seq++
	return fmt.Sprintf("%s #压测# w%d-%d-%d", phrases[w.rng.IntN(len(phrases))], w.id, w.seq, time.Now().UnixNano()%1e9)
}

func postOp(ctx context.Context, w *worker) {
	_ = w.do(ctx, "post", http.MethodPost, "/2/statuses/update.json", url.Values{"status": {w.text()}}, w.user().Token)
}

func commentOp(ctx context.Context, w *worker) {
	_ = w.do(ctx, "comment", http.MethodPost, "/2/comments/create.json",
		url.Values{"id": {strconv.FormatInt(w.statusID(), 10)}, "comment": {w.text()}}, w.user().Token)
}

func mixedOp(ctx context.Context, w *worker) {
	switch p := w.rng.IntN(51); {
	case p == 0 && w.rng.IntN(2) == 0:
		postOp(ctx, w)
	case p == 0:
		commentOp(ctx, w)
	case p <= 30:
		homeOp(ctx, w)
	case p <= 40:
		userTimelineOp(ctx, w)
	default:
		showOp(ctx, w)
	}
}

// searchWords are words of the seeded statuses (internal/seed), from very
// common (今天: a few % of all statuses) to rare, and one that is absent.
var searchWords = []string{
	"今天", "周末", "朋友", "电影", "咖啡馆", "火锅", "公园", "好书", "红烧肉", "晚霞", "演唱会", "饺子",
	"冲浪", "图书馆", "减肥", "礼物", "面馆", "美食", "跑步", "摄影", "猫咪", "日出", "讲座", "加班", "北京烤鸭",
}

func searchOp(ctx context.Context, w *worker) {
	q := url.Values{"count": {"10"}, "q": {searchWords[w.rng.IntN(len(searchWords))]}}
	switch p := w.rng.IntN(10); {
	case p == 0:
		q.Set("q", q.Get("q")+" "+searchWords[w.rng.IntN(len(searchWords))])
	case p == 1:
		q.Set("needcount", "1")
	case p == 2:
		q.Set("fuid", strconv.FormatInt(w.user().ID, 10))
	}
	_ = w.do(ctx, "search", http.MethodGet, "/2/search/statuses.json?"+q.Encode(), nil, w.user().Token)
}

func staticOp(ctx context.Context, w *worker) {
	_ = w.do(ctx, "static", http.MethodGet, "/", nil, "")
}

// timelineIDs are the ids of a timeline answer.
type timelineIDs struct {
	Statuses []struct {
		ID      int64 `json:"id"`
		Visible struct {
			Type int `json:"type"`
		} `json:"visible"`
	} `json:"statuses"`
}

// forUsers runs fn for each user on Concurrency workers (not recorded), all
// talking to node.
func (r *runner) forUsers(ctx context.Context, node int, users []User, fn func(w *worker, u User) error) error {
	next := make(chan User)
	errc := make(chan error, r.opts.Concurrency)
	var wg sync.WaitGroup
	for i := 0; i < r.opts.Concurrency; i++ {
		w := r.newWorker(i, false)
		w.node, w.base = node, r.nodes[node]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				if err := fn(w, u); err != nil {
					errc <- err
					for range next { // drain so the sender finishes
					}
					return
				}
			}
		}()
	}
send:
	for _, u := range users {
		select {
		case next <- u:
		case <-ctx.Done():
			break send
		}
	}
	close(next)
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

// warmHomes reads every user's home page once on every node, so the
// measured reads find warm windows and caches wherever they land (the target
// is about the warm path), and keeps the status ids it sees for show and
// comment.
func warmHomes(ctx context.Context, r *runner) error { return r.warm(ctx, r.opts.Fixture.Users) }

func (r *runner) warm(ctx context.Context, users []User) error {
	for node, base := range r.nodes {
		start := time.Now()
		err := r.forUsers(ctx, node, users, func(w *worker, u User) error {
			if err := w.do(ctx, "home_timeline", http.MethodGet, homePath, nil, u.Token); err != nil {
				return fmt.Errorf("loadgen: warm home of %s: %w", u.ScreenName, err)
			}
			if node == 0 {
				r.keepIDs(w.buf.Bytes())
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(r.nodes) > 1 {
			r.logf("%s: %d home pages read on %s in %s", r.opts.Workload, len(users), base, time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

func (r *runner) keepIDs(body []byte) {
	var t timelineIDs
	if json.Unmarshal(body, &t) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range t.Statuses {
		// Only public ones: a home page holds its reader's private statuses,
		// which anyone else is rightly refused.
		if s.Visible.Type == 0 && len(r.statusIDs) < 100_000 {
			r.statusIDs = append(r.statusIDs, s.ID)
		}
	}
}

// collectIDs gathers statuses to show and comment on from a few hundred
// users' home pages.
func collectIDs(ctx context.Context, r *runner) error {
	users := r.opts.Fixture.Users
	if err := r.warm(ctx, users[:min(len(users), 300)]); err != nil {
		return err
	}
	if len(r.statusIDs) == 0 {
		return errors.New("loadgen: the users' home pages hold no statuses")
	}
	return nil
}

// runCelebrity is the celebrity workload: see its doc.
func runCelebrity(ctx context.Context, r *runner) (*Result, error) {
	f := r.opts.Fixture
	if f.Celebrity.Token == "" {
		return nil, errors.New("loadgen: the fixture has no celebrity token")
	}
	var sample []User
	for _, u := range f.Users {
		if u.FollowsCelebrity && u.ID != f.Celebrity.ID && len(sample) < r.opts.Sample {
			sample = append(sample, u)
		}
	}
	if len(sample) == 0 {
		return nil, errors.New("loadgen: no user of the fixture follows the celebrity")
	}
	r.logf("celebrity: %s (%d followers), sampling %d followers", f.Celebrity.ScreenName, f.Celebrity.Followers, len(sample))
	// Warm the followers' pages: the target is visibility in a live home page.
	if err := r.warm(ctx, sample); err != nil {
		return nil, err
	}
	pollers := min(r.opts.Concurrency, len(sample))
	poster := r.newWorker(-1, true)
	workers := make([]*worker, pollers)
	for i := range workers {
		workers[i] = r.newWorker(i, true)
	}
	var each, all Histogram
	res := &Result{Followers: len(sample)}
	start := time.Now()
	end := start.Add(r.opts.Duration)
	for ctx.Err() == nil && time.Now().Before(end) {
		if err := poster.do(ctx, "post", http.MethodPost, "/2/statuses/update.json",
			url.Values{"status": {poster.text()}}, f.Celebrity.Token); err != nil {
			if errors.Is(err, errContextDone) {
				break
			}
			r.logf("celebrity: post: %v", err)
			sleep(ctx, r.opts.PostEvery)
			continue
		}
		ack := time.Now()
		var st struct {
			IDStr string `json:"idstr"`
		}
		if err := json.Unmarshal(poster.buf.Bytes(), &st); err != nil || st.IDStr == "" {
			return nil, fmt.Errorf("loadgen: celebrity post answer without idstr: %.200s", poster.buf.Bytes())
		}
		needle := []byte(`"idstr":"` + st.IDStr + `"`)
		seen := make([]time.Duration, len(sample))
		pctx, cancel := context.WithCancel(ctx)
		if r.opts.Deadline > 0 {
			pctx, cancel = context.WithTimeout(ctx, r.opts.Deadline)
		}
		var wg sync.WaitGroup
		for p, w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for pctx.Err() == nil {
					round := time.Now()
					left := 0
					for k := p; k < len(sample); k += pollers {
						if seen[k] != 0 {
							continue
						}
						if err := w.do(pctx, "home_timeline", http.MethodGet, homePath, nil, sample[k].Token); err != nil {
							left++
							continue
						}
						if bytes.Contains(w.buf.Bytes(), needle) {
							seen[k] = max(time.Since(ack), 1)
						} else {
							left++
						}
					}
					if left == 0 {
						return
					}
					// Poll each follower at most every 5 ms: enough resolution
					// for a 1 s target without flooding the server.
					sleep(pctx, 5*time.Millisecond-time.Since(round))
				}
			}()
		}
		wg.Wait()
		cancel()
		res.Posts++
		var last time.Duration
		missed := false
		for _, d := range seen {
			if d == 0 {
				missed = true
				continue
			}
			each.Record(d)
			last = max(last, d)
		}
		if missed {
			res.Missed++
		} else {
			all.Record(last)
		}
		sleep(ctx, min(r.opts.PostEvery, time.Until(end)))
	}
	out := r.result(append(workers, poster), time.Since(start))
	out.Posts, out.Followers, out.Missed = res.Posts, res.Followers, res.Missed
	v, va := summarize(&each), summarize(&all)
	out.Visible, out.VisibleAll = &v, &va
	return out, nil
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
