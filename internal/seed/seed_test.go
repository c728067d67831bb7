package seed

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func small(seed uint64) Config {
	return Config{Seed: seed, Users: 300, Follows: 30, Statuses: 3000, Comments: 600, Now: testNow}
}

// digest hashes every row every Each* method emits.
func digest(t *testing.T, d *Dataset) string {
	t.Helper()
	h := sha256.New()
	w := func(h hash.Hash, v ...any) { fmt.Fprintln(h, v...) }
	if err := d.EachUser(func(u *domain.User) error { w(h, *u); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := d.EachFollow(func(f Follow) error { w(h, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := d.EachStatus(func(s *Status) error { w(h, s.Status, s.Mentions, s.Topics, s.Links); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := d.EachComment(func(c *Comment) error { w(h, *c); return nil }); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestSameSeedSameData(t *testing.T) {
	a, err := Generate(small(7))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(small(7))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Generate(small(8))
	if err != nil {
		t.Fatal(err)
	}
	da, db, dc := digest(t, a), digest(t, b), digest(t, c)
	if da != db {
		t.Fatal("same seed, different data")
	}
	if da == dc {
		t.Fatal("different seeds, same data")
	}
}

func TestRowsAreValidAndCountersAddUp(t *testing.T) {
	d, err := Generate(small(1))
	if err != nil {
		t.Fatal(err)
	}
	users := map[int64]*domain.User{}
	names := map[string]bool{}
	var lastID int64
	if err := d.EachUser(func(u *domain.User) error {
		if u.ID <= lastID || names[u.ScreenName] {
			t.Fatalf("user %d %q: ids must grow, names be unique", u.ID, u.ScreenName)
		}
		lastID, users[u.ID], names[u.ScreenName] = u.ID, u, true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	followers, friends := map[int64]int{}, map[int64]int{}
	edges := map[[2]int64]bool{}
	var last [2]int64
	if err := d.EachFollow(func(f Follow) error {
		k := [2]int64{f.Follower, f.Followee}
		if f.Follower == f.Followee || edges[k] || (k[0] < last[0] || k[0] == last[0] && k[1] <= last[1]) {
			t.Fatalf("follow %v: no self, no repeats, key order", k)
		}
		if f.At.Before(users[f.Follower].CreatedAt) || f.At.Before(users[f.Followee].CreatedAt) || !f.At.Before(testNow) {
			t.Fatalf("follow %v at %s: outside both users' lifetimes", k, f.At)
		}
		last, edges[k] = k, true
		followers[f.Followee]++
		friends[f.Follower]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for id, u := range users {
		bi := 0
		for k := range edges {
			if k[0] == id && edges[[2]int64{k[1], id}] {
				bi++
			}
		}
		if u.FollowersCount != followers[id] || u.FriendsCount != friends[id] || u.BiFollowersCount != bi {
			t.Fatalf("user %d counters %d/%d/%d, rows %d/%d/%d", id, u.FollowersCount, u.FriendsCount, u.BiFollowersCount,
				followers[id], friends[id], bi)
		}
	}
	statuses := map[int64]*Status{}
	posts, reposts, comments := map[int64]int{}, map[int64]int{}, map[int64]int{}
	lastID = 0
	if err := d.EachStatus(func(s *Status) error {
		if s.ID <= lastID || s.CreatedAt.After(testNow) {
			t.Fatalf("status %d: ids grow, times before now", s.ID)
		}
		lastID = s.ID
		if n := text.Count(s.Text); n > text.MaxStatusLen || n == 0 {
			t.Fatalf("status %d is %d long: %q", s.ID, n, s.Text)
		}
		for _, m := range s.Mentions {
			if users[m] == nil || m == s.UserID {
				t.Fatalf("status %d mentions %d", s.ID, m)
			}
		}
		if s.RetweetedID != 0 {
			root, parent := statuses[s.RetweetedID], statuses[s.ParentID]
			if root == nil || parent == nil || root.RetweetedID != 0 || parent.UserID == s.UserID || parent.Visible.Type != 0 {
				t.Fatalf("repost %d of %d/%d", s.ID, s.ParentID, s.RetweetedID)
			}
			reposts[s.RetweetedID]++
			if s.ParentID != s.RetweetedID {
				reposts[s.ParentID]++
			}
		}
		statuses[s.ID] = s
		posts[s.UserID]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	lastID = 0
	comm := map[int64]*Comment{}
	if err := d.EachComment(func(c *Comment) error {
		s := statuses[c.StatusID]
		if c.ID <= lastID || s == nil || c.StatusUserID != s.UserID || !c.CreatedAt.After(s.CreatedAt) {
			t.Fatalf("comment %d on %d", c.ID, c.StatusID)
		}
		if c.ReplyID != 0 && (comm[c.ReplyID] == nil || comm[c.ReplyID].UserID != c.ReplyUserID || comm[c.ReplyID].StatusID != c.StatusID) {
			t.Fatalf("comment %d replies to %d", c.ID, c.ReplyID)
		}
		lastID, comm[c.ID] = c.ID, c
		comments[c.StatusID]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for id, u := range users {
		if u.StatusesCount != posts[id] {
			t.Fatalf("user %d statuses_count %d, rows %d", id, u.StatusesCount, posts[id])
		}
	}
	for id, s := range statuses {
		if s.RepostsCount != reposts[id] || s.CommentsCount != comments[id] {
			t.Fatalf("status %d counts %d/%d, rows %d/%d", id, s.RepostsCount, s.CommentsCount, reposts[id], comments[id])
		}
	}
	c := d.Counts()
	if c.Reposts == 0 || c.Replies == 0 || c.Private == 0 || len(comm) != c.Comments {
		t.Fatalf("counts %+v: want some of everything", c)
	}
}

func TestPowerLawFollowers(t *testing.T) {
	d, err := Generate(Config{Seed: 1, Users: 5000, Follows: 50, Statuses: 1, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	fs := d.FollowStats()
	// The most followed user is followed by most people; the median by few.
	if fs.MaxFollowers < 0.7*5000 || fs.MedianFollowers > 60 || fs.MeanFollowees < 45 || fs.MeanFollowees > 55 {
		t.Fatalf("follow stats %+v", fs)
	}
	if c := d.Celebrity(); c.Followers != int(fs.MaxFollowers) {
		t.Fatalf("celebrity %+v, max %v", c, fs.MaxFollowers)
	}
}
