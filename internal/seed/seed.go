// Package seed generates a realistic, reproducible Weibo data set for load
// tests and demos: users whose follower counts follow a power law (a few
// celebrities followed by nearly everyone, a long tail followed by a few),
// Chinese statuses with @mentions of real users, #topics# and links, reposts
// with their //@chains, and comments with replies, spread over time.
//
// Generation is pure: the same Config gives the same data, byte for byte. It
// runs in two steps. Generate draws the structure (who follows whom, who
// posts what when, which status reposts or comments which) into compact
// arrays and derives every counter from it, so counters always equal the rows
// they count. The Each* methods then stream the rows in id order, rendering
// texts on the fly from a per-row random stream, so memory holds the
// structure (~100 MB for 10M follows and 1M statuses) but never the texts.
package seed

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/ids"
)

// Config sizes the data set. Zero values take the defaults in brackets.
type Config struct {
	// Seed selects the data set; the same seed and sizes give the same data.
	Seed uint64
	// Users is the number of accounts [1000].
	Users int
	// Follows is the mean number of accounts each user follows [100].
	Follows int
	// Statuses is the number of statuses, reposts included [10 × Users].
	Statuses int
	// Comments is the number of comments [Statuses / 5].
	Comments int
	// RepostShare is the share of statuses that are reposts [0.15].
	RepostShare float64
	// Now is the end of the time span; ids and created_at fall before it
	// [the current time, truncated to the minute]. Fix it for byte-identical
	// runs on different days.
	Now time.Time
	// Span is how far back statuses go [90 days]. Users are created in the
	// three years before that.
	Span time.Duration
	// CelebrityFollowers is the follower count from which the summary calls a
	// user a celebrity (the server's --celebrity-followers) [10 000].
	CelebrityFollowers int
}

func (c *Config) setDefaults() {
	if c.Users == 0 {
		c.Users = 1000
	}
	if c.Follows == 0 {
		c.Follows = 100
	}
	if c.Statuses == 0 {
		c.Statuses = 10 * c.Users
	}
	if c.Comments == 0 {
		c.Comments = c.Statuses / 5
	}
	if c.RepostShare == 0 {
		c.RepostShare = 0.15
	}
	if c.Now.IsZero() {
		c.Now = time.Now().UTC().Truncate(time.Minute)
	}
	if c.Span == 0 {
		c.Span = 90 * 24 * time.Hour
	}
	if c.CelebrityFollowers == 0 {
		c.CelebrityFollowers = 10000
	}
}

func (c Config) validate() error {
	switch {
	case c.Users < 2:
		return errors.New("seed: at least 2 users")
	case c.Users > math.MaxInt32:
		return errors.New("seed: too many users")
	case c.Follows < 0 || c.Statuses < 0 || c.Comments < 0:
		return errors.New("seed: negative sizes")
	case c.RepostShare < 0 || c.RepostShare >= 1:
		return errors.New("seed: repost share must be in [0, 1)")
	case c.Span < time.Hour:
		return errors.New("seed: span must be at least an hour")
	}
	return nil
}

// Popularity shapes the follow graph: a followee is drawn from a Zipf law
// over users (user 0 the most popular) with probability zipfShare, else
// uniformly. With s = 1.1 and 100 follows each, the most popular user is
// followed by ~97% of everyone, about two dozen users pass 10 000 followers
// among 100 000, and every user has some followers from the uniform part.
const (
	zipfS         = 1.1
	zipfShare     = 0.25
	authorZipf    = 0.10 // share of statuses whose author is drawn by popularity
	privateShare  = 0.01 // originals visible to their author only
	maxRepostLag  = 2000 // mean distance, in statuses, from a repost back to its parent
	commentLagMin = 3 * 60
)

// Random stream names: each part of the data has its own stream, so changing
// how comments are drawn never changes the follow graph of a seed.
const (
	streamUsers uint64 = iota + 1
	streamFollows
	streamStatuses
	streamComments
	streamStatusText
	streamCommentText
	streamSample
)

// Node numbers of the seeded ids: distinct from each other, and the last
// that live processes lease (they take the lowest free number), so seeded
// ids never collide with live ones even where their times overlap (they are
// all in the past anyway).
const (
	nodeUsers    = 31
	nodeStatuses = 30
	nodeComments = 29
)

// Dataset is a generated data set: the structure and every counter.
type Dataset struct {
	cfg Config

	names   []string
	nameIdx map[string]int32
	userAt  []int64 // created_at, Unix ms, increasing with the index
	userID  []int64

	// Follows in compressed rows: user u follows to[off[u]:off[u+1]],
	// sorted, so the rows stream in primary-key order.
	off       []uint32
	to        []int32
	followers []int32
	bi        []int32
	posts     []int32 // statuses per user

	stAt       []int64 // Unix ms, increasing
	stID       []int64
	stAuthor   []int32
	stParent   []int32 // -1 for originals
	stRoot     []int32 // -1 for originals
	stDepth    []uint8
	stPrivate  []bool
	stReposts  []int32
	stComments []int32

	cmAt     []int64
	cmID     []int64
	cmStatus []int32
	cmAuthor []int32
	cmReply  []int32 // -1 when not a reply
}

func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// Generate draws a data set. It takes a few seconds for 100 000 users and
// 10M follows.
func Generate(cfg Config) (*Dataset, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	d := &Dataset{cfg: cfg}
	if err := d.genUsers(); err != nil {
		return nil, err
	}
	d.genFollows()
	if err := d.genStatuses(); err != nil {
		return nil, err
	}
	if err := d.genComments(); err != nil {
		return nil, err
	}
	return d, nil
}

// Config returns the configuration with defaults filled in.
func (d *Dataset) Config() Config { return d.cfg }

// idsAt hands out time-ordered ids for times given in increasing order: the
// real generator, driven by a clock that reads the time being generated, so
// the ids have exactly the layout and uniqueness of live ones.
func idsAt(node int, times []int64) ([]int64, error) {
	var now time.Time
	gen, err := ids.New(node, func() time.Time { return now })
	if err != nil {
		return nil, fmt.Errorf("seed: id generator: %w", err)
	}
	out := make([]int64, len(times))
	for i, ms := range times {
		now = time.UnixMilli(ms)
		out[i] = gen.Next()
	}
	return out, nil
}

// uniformTimes returns n sorted times in [from, to) ms.
func uniformTimes(r *rand.Rand, n int, from, to int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = from + r.Int64N(max(to-from, 1))
	}
	slices.Sort(out)
	return out
}

func (d *Dataset) genUsers() error {
	n := d.cfg.Users
	r := newRand(d.cfg.Seed, streamUsers)
	end := d.cfg.Now.Add(-d.cfg.Span - 24*time.Hour).UnixMilli()
	// Not before the id epoch: earlier times would all get the epoch's ids.
	start := max(end-(3*365*24*time.Hour).Milliseconds(), ids.Epoch.UnixMilli()+1)
	if start >= end {
		return fmt.Errorf("seed: --now %s leaves no time for users after the id epoch %s",
			d.cfg.Now.Format(time.RFC3339), ids.Epoch.Format(time.DateOnly))
	}
	d.userAt = uniformTimes(r, n, start, end)
	var err error
	if d.userID, err = idsAt(nodeUsers, d.userAt); err != nil {
		return err
	}
	d.names = make([]string, n)
	d.nameIdx = make(map[string]int32, n)
	for i := range d.names {
		// The index makes the name unique; the words make it look like one.
		name := nickPrefixes[r.IntN(len(nickPrefixes))] + nickNouns[r.IntN(len(nickNouns))] + strconv.Itoa(i+1)
		d.names[i] = name
		d.nameIdx[name] = int32(i)
	}
	return nil
}

func (d *Dataset) genFollows() {
	n := d.cfg.Users
	r := newRand(d.cfg.Seed, streamFollows)
	zipf := rand.NewZipf(r, zipfS, 1, uint64(n-1))
	maxDeg := max(1, (n-1)*3/4)
	d.off = make([]uint32, n+1)
	d.to = make([]int32, 0, n*d.cfg.Follows+n)
	d.followers = make([]int32, n)
	mark := make([]int32, n) // mark[v] == u+1: u already follows v
	var picks []int32
	for u := 0; u < n; u++ {
		// Out-degrees are log-normal around the mean: most people follow
		// roughly Follows accounts, some far fewer, a few several times more.
		deg := int(math.Round(float64(d.cfg.Follows) * math.Exp(0.6*r.NormFloat64()-0.18)))
		deg = min(max(deg, min(1, d.cfg.Follows)), maxDeg)
		picks = picks[:0]
		for len(picks) < deg {
			var v int
			if r.Float64() < zipfShare {
				v = int(zipf.Uint64())
			} else {
				v = r.IntN(n)
			}
			if v == u || mark[v] == int32(u+1) {
				continue
			}
			mark[v] = int32(u + 1)
			picks = append(picks, int32(v))
		}
		slices.Sort(picks)
		d.to = append(d.to, picks...)
		d.off[u+1] = uint32(len(d.to))
		for _, v := range picks {
			d.followers[v]++
		}
	}
	d.bi = make([]int32, n)
	for u := 0; u < n; u++ {
		for _, v := range d.followees(u) {
			if _, ok := slices.BinarySearch(d.followees(int(v)), int32(u)); ok {
				d.bi[u]++
			}
		}
	}
}

func (d *Dataset) followees(u int) []int32 { return d.to[d.off[u]:d.off[u+1]] }

func (d *Dataset) genStatuses() error {
	m := d.cfg.Statuses
	r := newRand(d.cfg.Seed, streamStatuses)
	n := d.cfg.Users
	zipf := rand.NewZipf(r, zipfS, 1, uint64(n-1))
	now := d.cfg.Now.UnixMilli()
	d.stAt = uniformTimes(r, m, d.cfg.Now.Add(-d.cfg.Span).UnixMilli(), now-60_000)
	var err error
	if d.stID, err = idsAt(nodeStatuses, d.stAt); err != nil {
		return err
	}
	d.stAuthor = make([]int32, m)
	d.stParent = make([]int32, m)
	d.stRoot = make([]int32, m)
	d.stDepth = make([]uint8, m)
	d.stPrivate = make([]bool, m)
	d.stReposts = make([]int32, m)
	d.stComments = make([]int32, m)
	d.posts = make([]int32, n)
	for i := 0; i < m; i++ {
		var a int32
		if r.Float64() < authorZipf {
			a = int32(zipf.Uint64())
		} else {
			a = int32(r.IntN(n))
		}
		d.stAuthor[i] = a
		d.stParent[i], d.stRoot[i] = -1, -1
		d.posts[a]++
		if i > 0 && r.Float64() < d.cfg.RepostShare {
			// A repost of a recent public status by someone else, at most
			// two levels deep so chains stay readable.
			for try := 0; try < 4; try++ {
				j := max(0, i-1-int(r.ExpFloat64()*maxRepostLag))
				if d.stPrivate[j] || d.stAuthor[j] == a || d.stDepth[j] >= 2 {
					continue
				}
				root := int32(j)
				if d.stRoot[j] >= 0 {
					root = d.stRoot[j]
				}
				d.stParent[i], d.stRoot[i], d.stDepth[i] = int32(j), root, d.stDepth[j]+1
				d.stReposts[root]++
				if int32(j) != root {
					d.stReposts[j]++
				}
				break
			}
		}
		if d.stParent[i] < 0 && r.Float64() < privateShare {
			d.stPrivate[i] = true
		}
	}
	return nil
}

func (d *Dataset) genComments() error {
	c, m := d.cfg.Comments, d.cfg.Statuses
	if m == 0 {
		c = 0
	}
	r := newRand(d.cfg.Seed, streamComments)
	n := d.cfg.Users
	now := d.cfg.Now.UnixMilli()
	type draw struct {
		at             int64
		status, author int32
	}
	draws := make([]draw, 0, c)
	for len(draws) < c {
		s := r.IntN(m)
		if d.stPrivate[s] {
			continue // only the author sees it; nobody comments
		}
		// Comments come soon after the status, a few long after.
		lag := int64(commentLagMin*1000) + int64(r.ExpFloat64()*float64(3*time.Hour/time.Millisecond))
		draws = append(draws, draw{at: min(d.stAt[s]+lag, now-1000), status: int32(s), author: int32(r.IntN(n))})
	}
	slices.SortFunc(draws, func(x, y draw) int {
		if x.at != y.at {
			return cmp64(x.at, y.at)
		}
		if x.status != y.status {
			return int(x.status - y.status)
		}
		return int(x.author - y.author)
	})
	d.cmAt = make([]int64, c)
	d.cmStatus = make([]int32, c)
	d.cmAuthor = make([]int32, c)
	d.cmReply = make([]int32, c)
	last := make(map[int32]int32) // status → its latest comment so far
	for k, dr := range draws {
		d.cmAt[k], d.cmStatus[k], d.cmAuthor[k], d.cmReply[k] = dr.at, dr.status, dr.author, -1
		if p, ok := last[dr.status]; ok && r.Float64() < 0.25 {
			d.cmReply[k] = p
		}
		last[dr.status] = int32(k)
		d.stComments[dr.status]++
	}
	var err error
	d.cmID, err = idsAt(nodeComments, d.cmAt)
	return err
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
