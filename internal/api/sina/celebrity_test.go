package sina_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// The celebrity path through the real server: every home-family timeline
// read of each scenario below is run on servers that differ only in how
// home timelines are built, and must answer identically, status for status,
// with the same hasvisible and total_number:
//
//   - pushed: the default threshold, every author pushed to followers;
//   - merged: --celebrity-followers 1, every followed author merged at read
//     time from their author windows (rebuilt on the first read: nothing is
//     read before the posts);
//   - merged, warm: the same, but every user reads first, so the author
//     windows exist and every status is pushed into them;
//   - merged and pushed with the smallest --home-window (20): the deeper
//     pages fall through to the store.

type ctVariant struct {
	name string
	opts testkit.Options
	warm bool
}

var ctVariants = []ctVariant{
	{name: "pushed"},
	{name: "merged", opts: testkit.Options{CelebrityFollowers: 1}},
	{name: "merged-warm", opts: testkit.Options{CelebrityFollowers: 1}, warm: true},
	{name: "merged-small-window", opts: testkit.Options{CelebrityFollowers: 1, HomeWindow: 20}, warm: true},
	{name: "pushed-small-window", opts: testkit.Options{HomeWindow: 20}, warm: true},
}

// ctWorld runs one scenario on one server. Statuses are named by their
// text, so transcripts of different servers (different ids) compare.
type ctWorld struct {
	t      *testing.T
	k      *testkit.Kit
	warm   bool
	users  map[string]*testkit.User
	order  []string
	ids    map[string]int64
	labels map[int64]string
	out    []string
}

func (w *ctWorld) user(name string) *testkit.User {
	w.t.Helper()
	u, ok := w.users[name]
	if !ok {
		w.t.Fatalf("no user %s", name)
	}
	return u
}

func (w *ctWorld) named(label string, id int64) {
	w.ids[label], w.labels[id] = id, label
}

// post posts label as user's status (extra parameters as pairs).
func (w *ctWorld) post(user, label string, kv ...string) {
	w.t.Helper()
	w.named(label, stPost(w.t, w.user(user), label, kv...).ID)
}

// pic posts label with a picture, through the core (no app).
func (w *ctWorld) pic(user, label string) {
	w.t.Helper()
	w.named(label, stCorePost(w.t, w.k, w.user(user).Viewer(), label, "pic-"+label))
}

// repost reposts the status named of.
func (w *ctWorld) repost(user, label, of string) {
	w.t.Helper()
	w.named(label, stRepost(w.t, w.user(user), w.ids[of], "status", label).ID)
}

func (w *ctWorld) follow(a, b string) { w.t.Helper(); stFollow(w.t, w.user(a), w.user(b)) }

func (w *ctWorld) unfollow(a, b string) {
	w.t.Helper()
	w.user(a).Must(w.user(a).Post("/2/friendships/destroy.json", reqParams("uid", idString(w.user(b).ID))), nil)
}

func (w *ctWorld) destroy(user, label string) {
	w.t.Helper()
	w.user(user).Must(w.user(user).Post("/2/statuses/destroy.json", reqParams("id", idString(w.ids[label]))), nil)
}

// settle waits for the background fan-out; on a warm server every user
// then reads their home page, so that windows exist before what follows.
func (w *ctWorld) settle() {
	w.t.Helper()
	w.k.Drain()
	if w.warm {
		for _, name := range w.order {
			stTimeline(w.t, w.user(name), "/2/statuses/home_timeline.json")
		}
	}
}

// read records what user sees on every home-family timeline with the
// parameters kv; a value "@label" is the id of that status.
func (w *ctWorld) read(user string, kv ...string) {
	w.t.Helper()
	w.k.Drain()
	u := w.user(user)
	shown := kv // with labels, not ids: the same on every server
	kv = slices.Clone(kv)
	for i := 1; i < len(kv); i += 2 {
		if l, ok := strings.CutPrefix(kv[i], "@"); ok {
			id, known := w.ids[l]
			if !known {
				w.t.Fatalf("no status %s", l)
			}
			kv[i] = idString(id)
		}
	}
	names := func(ids []int64) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			if out[i] = w.labels[id]; out[i] == "" {
				out[i] = fmt.Sprintf("?%d", id)
			}
		}
		return out
	}
	for _, path := range []string{"home_timeline", "friends_timeline", "bilateral_timeline"} {
		tl := stGet[sinaspec.Timeline](w.t, u.Client, "/2/statuses/"+path+".json", kv...)
		w.out = append(w.out, fmt.Sprintf("%s %s %v: %v hasvisible=%v total=%d", user, path, shown,
			names(stIDsOf(tl.Statuses)), tl.HasVisible, tl.TotalNumber))
		if path == "bilateral_timeline" {
			continue
		}
		ids := stGet[sinaspec.IDTimeline](w.t, u.Client, "/2/statuses/"+path+"/ids.json", kv...)
		w.out = append(w.out, fmt.Sprintf("%s %s/ids %v: %v hasvisible=%v total=%d", user, path, shown,
			names(ids.IDs()), ids.HasVisible, ids.TotalNumber))
	}
}

// readAll is read with every paging and filter variant worth comparing.
func (w *ctWorld) readAll(user string, newest, older string) {
	w.t.Helper()
	for _, kv := range [][]string{
		nil,
		{"count", "3"},
		{"count", "3", "page", "2"},
		{"count", "4", "page", "3"},
		{"count", "5", "page", "40"},
		{"since_id", "@" + older},
		{"max_id", "@" + newest},
		{"max_id", "@" + older},
		{"since_id", "@" + older, "max_id", "@" + newest, "count", "2"},
		{"max_id", "@" + newest, "count", "2", "page", "2"},
		{"count", "100"},
		{"feature", "1"},
		{"feature", "2"},
		{"feature", "3"},
		{"base_app", "1"},
		{"feature", "1", "count", "2", "page", "2"},
	} {
		w.read(user, kv...)
	}
}

type ctScenario struct {
	name  string
	users []string
	run   func(w *ctWorld)
}

var ctScenarios = []ctScenario{
	{
		// A celebrity's private and friends-only statuses: bob is a close
		// friend (mutual follow), carol a follower, dave a stranger.
		name:  "visibility",
		users: []string{"alice", "bob", "carol", "dave"},
		run: func(w *ctWorld) {
			w.follow("bob", "alice")
			w.follow("alice", "bob")
			w.follow("carol", "alice")
			w.follow("carol", "bob")
			w.settle()
			w.post("alice", "a-public-1")
			w.post("alice", "a-private-1", "visible", "1")
			w.post("alice", "a-friends-1", "visible", "2")
			w.post("bob", "b-public-1")
			w.post("bob", "b-friends-1", "visible", "2")
			w.pic("alice", "a-picture")
			w.post("alice", "a-private-2", "visible", "1")
			w.repost("carol", "c-repost-of-a", "a-public-1")
			w.post("alice", "a-friends-2", "visible", "2")
			w.post("alice", "a-public-2")
			for _, u := range []string{"alice", "bob", "carol", "dave"} {
				w.readAll(u, "a-public-2", "b-public-1")
			}
			// Friendship ends: bob no longer sees alice's friends-only posts.
			w.unfollow("alice", "bob")
			w.post("alice", "a-friends-3", "visible", "2")
			w.settle()
			w.readAll("bob", "a-friends-3", "b-public-1")
			// ... and begins again: bob sees all of them.
			w.follow("alice", "bob")
			w.settle()
			w.readAll("bob", "a-friends-3", "b-public-1")
			w.readAll("alice", "a-friends-3", "b-public-1")
		},
	},
	{
		// More statuses than the small window holds, from three authors.
		name:  "paging",
		users: []string{"ann", "ben", "cat", "dan"},
		run: func(w *ctWorld) {
			w.follow("dan", "ann")
			w.follow("dan", "ben")
			w.follow("ann", "dan")
			w.follow("cat", "dan")
			w.settle()
			for i := range 36 {
				author := []string{"ann", "ben", "cat", "dan"}[i%4]
				label := fmt.Sprintf("%s-%02d", author, i)
				switch {
				case i%9 == 4:
					w.pic(author, label)
				case i%7 == 3:
					w.post(author, label, "visible", "2")
				case i%11 == 5 && i > 8:
					of := "ann-00"
					if author == "ann" {
						of = "ben-01"
					}
					w.repost(author, label, of)
				default:
					w.post(author, label)
				}
				if i%12 == 11 {
					w.settle()
				}
			}
			w.readAll("dan", "ann-32", "ann-08")
			w.readAll("ann", "dan-31", "dan-07")
			for _, kv := range [][]string{{"count", "20", "page", "2"}, {"count", "7", "page", "5"}, {"max_id", "@ben-09", "count", "3"}} {
				w.read("dan", kv...)
			}
		},
	},
	{
		// Deletes and later follows.
		name:  "changes",
		users: []string{"eve", "fay", "gus"},
		run: func(w *ctWorld) {
			w.follow("gus", "eve")
			w.settle()
			w.post("eve", "e-1")
			w.post("fay", "f-1")
			w.post("eve", "e-2", "visible", "1")
			w.post("eve", "e-3")
			w.post("fay", "f-2")
			w.readAll("gus", "e-3", "e-1")
			w.destroy("eve", "e-3")
			w.follow("gus", "fay")
			w.settle()
			w.post("eve", "e-4")
			w.readAll("gus", "e-4", "e-1")
			w.unfollow("gus", "eve")
			w.readAll("gus", "f-2", "f-1")
		},
	},
}

func TestHomeTimelinesSameThroughReadTimeMerge(t *testing.T) {
	for _, sc := range ctScenarios {
		t.Run(sc.name, func(t *testing.T) {
			var want []string
			for i, v := range ctVariants {
				got := ctRun(t, sc, v)
				if i == 0 {
					want = got
					for _, line := range got {
						// Nothing a reader may not see is ever in a window here.
						if strings.Contains(line, "hasvisible=true") || strings.Contains(line, "?") {
							t.Errorf("%s: %s", v.name, line)
						}
					}
					continue
				}
				if len(got) != len(want) {
					t.Fatalf("%s: %d reads, %s: %d", v.name, len(got), ctVariants[0].name, len(want))
				}
				for j := range got {
					if got[j] != want[j] {
						t.Errorf("%s differs from %s:\n  got  %s\n  want %s", v.name, ctVariants[0].name, got[j], want[j])
					}
				}
			}
		})
	}
}

func ctRun(t *testing.T, sc ctScenario, v ctVariant) []string {
	t.Helper()
	k := testkit.Start(t, v.opts)
	w := &ctWorld{t: t, k: k, warm: v.warm, users: map[string]*testkit.User{},
		ids: map[string]int64{}, labels: map[int64]string{}}
	for _, name := range sc.users {
		w.users[name] = k.NewUser(name)
		w.order = append(w.order, name)
	}
	sc.run(w)
	return w.out
}
