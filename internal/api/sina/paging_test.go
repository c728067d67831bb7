package sina_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// deepest is the most items any paged read may ask the feed or the store
// for: the paging depth plus the largest count (a page may straddle the
// depth by less than one page).
const deepest = domain.MaxPageDepth + 200

// depthGuard records the deepest page the core asks the feed and the store
// for, and refuses (with an error, so the request fails instead of the
// process) anything deeper than deepest: before the paging bound, a huge
// page number made the read-time merge allocate terabytes.
type depthGuard struct {
	mu     sync.Mutex
	worst  string
	failed bool
}

func (g *depthGuard) page(what string, p domain.Page) error {
	if p.Count <= 0 {
		return nil // a page of 0 only counts
	}
	if end := int64(p.Offset()) + int64(p.Count); p.Page > 1 && (p.Offset() < 0 || end > deepest) {
		return g.refuse(fmt.Sprintf("%s asked for items up to %d (page %d, count %d)", what, end, p.Page, p.Count))
	}
	if p.Count > deepest {
		return g.refuse(fmt.Sprintf("%s asked for %d items", what, p.Count))
	}
	return nil
}

func (g *depthGuard) cursor(what string, c domain.Cursor) error {
	if c.Count > 0 && c.Cursor+c.Count > domain.MaxCursorDepth+5000 {
		return g.refuse(fmt.Sprintf("%s asked for a list from position %d", what, c.Cursor))
	}
	return nil
}

func (g *depthGuard) refuse(msg string) error {
	g.mu.Lock()
	g.failed, g.worst = true, msg
	g.mu.Unlock()
	return fmt.Errorf("depth guard: %s", msg)
}

func (g *depthGuard) check(t *testing.T) {
	t.Helper()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failed {
		t.Fatalf("a client-chosen page reached the feed or the store: %s", g.worst)
	}
}

type guardedFeed struct {
	domain.Feed
	g *depthGuard
}

func (f guardedFeed) Range(ctx context.Context, uid int64, p domain.Page) ([]int64, bool, error) {
	if err := f.g.page("feed.Range", p); err != nil {
		return nil, false, err
	}
	return f.Feed.Range(ctx, uid, p)
}

type guardedStore struct {
	domain.Store
	g *depthGuard
}

func (s guardedStore) UserStatusIDs(ctx context.Context, uid int64, q domain.StatusQuery) ([]int64, int, error) {
	if err := s.g.page("UserStatusIDs", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.UserStatusIDs(ctx, uid, q)
}

func (s guardedStore) HomeStatusIDs(ctx context.Context, uid int64, q domain.StatusQuery) ([]int64, error) {
	if err := s.g.page("HomeStatusIDs", q.Page); err != nil {
		return nil, err
	}
	return s.Store.HomeStatusIDs(ctx, uid, q)
}

func (s guardedStore) AuthorsStatusIDs(ctx context.Context, ids []int64, q domain.StatusQuery) ([]int64, error) {
	if err := s.g.page("AuthorsStatusIDs", q.Page); err != nil {
		return nil, err
	}
	return s.Store.AuthorsStatusIDs(ctx, ids, q)
}

func (s guardedStore) PublicStatusIDs(ctx context.Context, q domain.StatusQuery) ([]int64, error) {
	if err := s.g.page("PublicStatusIDs", q.Page); err != nil {
		return nil, err
	}
	return s.Store.PublicStatusIDs(ctx, q)
}

func (s guardedStore) RepostIDs(ctx context.Context, id int64, q domain.StatusQuery) ([]int64, int, error) {
	if err := s.g.page("RepostIDs", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.RepostIDs(ctx, id, q)
}

func (s guardedStore) RepostsByUserIDs(ctx context.Context, uid int64, q domain.StatusQuery) ([]int64, error) {
	if err := s.g.page("RepostsByUserIDs", q.Page); err != nil {
		return nil, err
	}
	return s.Store.RepostsByUserIDs(ctx, uid, q)
}

func (s guardedStore) MentionStatusIDs(ctx context.Context, uid int64, q domain.StatusQuery) ([]int64, int, error) {
	if err := s.g.page("MentionStatusIDs", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.MentionStatusIDs(ctx, uid, q)
}

func (s guardedStore) CommentsOnStatus(ctx context.Context, id int64, q domain.CommentQuery) ([]int64, int, error) {
	if err := s.g.page("CommentsOnStatus", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.CommentsOnStatus(ctx, id, q)
}

func (s guardedStore) CommentsByUser(ctx context.Context, uid int64, q domain.CommentQuery) ([]int64, int, error) {
	if err := s.g.page("CommentsByUser", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.CommentsByUser(ctx, uid, q)
}

func (s guardedStore) CommentsToUser(ctx context.Context, uid int64, q domain.CommentQuery) ([]int64, int, error) {
	if err := s.g.page("CommentsToUser", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.CommentsToUser(ctx, uid, q)
}

func (s guardedStore) CommentsInvolving(ctx context.Context, uid int64, q domain.CommentQuery) ([]int64, int, error) {
	if err := s.g.page("CommentsInvolving", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.CommentsInvolving(ctx, uid, q)
}

func (s guardedStore) CommentMentionIDs(ctx context.Context, uid int64, q domain.CommentQuery) ([]int64, int, error) {
	if err := s.g.page("CommentMentionIDs", q.Page); err != nil {
		return nil, 0, err
	}
	return s.Store.CommentMentionIDs(ctx, uid, q)
}

func (s guardedStore) FriendIDs(ctx context.Context, uid int64, c domain.Cursor) ([]int64, int, error) {
	if err := s.g.cursor("FriendIDs", c); err != nil {
		return nil, 0, err
	}
	return s.Store.FriendIDs(ctx, uid, c)
}

func (s guardedStore) FollowerIDs(ctx context.Context, uid int64, c domain.Cursor) ([]int64, int, error) {
	if err := s.g.cursor("FollowerIDs", c); err != nil {
		return nil, 0, err
	}
	return s.Store.FollowerIDs(ctx, uid, c)
}

func (s guardedStore) BilateralIDs(ctx context.Context, uid int64, c domain.Cursor) ([]int64, int, error) {
	if err := s.g.cursor("BilateralIDs", c); err != nil {
		return nil, 0, err
	}
	return s.Store.BilateralIDs(ctx, uid, c)
}

func (s guardedStore) CommonFriendIDs(ctx context.Context, a, b int64, c domain.Cursor) ([]int64, int, error) {
	if err := s.g.cursor("CommonFriendIDs", c); err != nil {
		return nil, 0, err
	}
	return s.Store.CommonFriendIDs(ctx, a, b, c)
}

// A page far past the end of a timeline is an empty page, whatever the
// page number: it never sizes an allocation (the read-time merge of a
// followed celebrity once allocated page×count ids and killed the process)
// nor becomes a huge SQL OFFSET. Every author here is a celebrity
// (threshold 1), so home timelines take the merge.
func TestDeepPagesAreEmptyAndBounded(t *testing.T) {
	g := &depthGuard{}
	k := testkit.Start(t, testkit.Options{CelebrityFollowers: 1,
		WrapFeed:  func(f domain.Feed) domain.Feed { return guardedFeed{f, g} },
		WrapStore: func(s domain.Store) domain.Store { return guardedStore{s, g} }})
	star, fan := k.NewUser("star"), k.NewUser("fan")
	stFollow(t, fan, star)
	stFollow(t, star, fan)
	var starIDs []int64
	for i := range 3 {
		starIDs = append(starIDs, stPost(t, star, fmt.Sprintf("明星 第%d条 @fan", i)).ID)
	}
	own := stPost(t, fan, "粉丝自己的一条") // the fan's own window is short
	stRepost(t, fan, starIDs[0], "status", "转")
	mustOK(t, fan.Post("/2/comments/create.json", reqParams("id", idString(starIDs[0]), "comment", "评论 @star")))
	k.Drain()

	// The merge answers the first page (the window path works at all).
	home := stTimeline(t, fan, "/2/statuses/home_timeline.json", "count", "100")
	if len(home.Statuses) != 5 || home.Statuses[len(home.Statuses)-1].ID != starIDs[0] {
		t.Fatalf("first page: %d statuses %v", len(home.Statuses), stIDsOf(home.Statuses))
	}
	_ = own

	huge := strconv.Itoa(1<<31 - 1)
	depth := strconv.Itoa(domain.MaxPageDepth/100 + 1) // the first page at the depth, count 100
	for _, page := range []string{huge, depth} {
		for _, path := range []string{"/2/statuses/home_timeline.json", "/2/statuses/friends_timeline.json",
			"/2/statuses/bilateral_timeline.json", "/2/statuses/user_timeline.json", "/2/statuses/public_timeline.json",
			"/2/statuses/mentions.json"} {
			tl := stTimeline(t, fan, path, "count", "100", "page", page)
			if len(tl.Statuses) != 0 {
				t.Errorf("%s page %s: %d statuses, want none", path, page, len(tl.Statuses))
			}
			g.check(t)
		}
		for _, path := range []string{"/2/statuses/home_timeline/ids.json", "/2/statuses/user_timeline/ids.json",
			"/2/statuses/mentions/ids.json"} {
			if ids := stIDTimeline(t, fan, path, "count", "100", "page", page); len(ids.Statuses) != 0 {
				t.Errorf("%s page %s: %d ids, want none", path, page, len(ids.Statuses))
			}
			g.check(t)
		}
		reposts := stGet[sinaspec.Reposts](t, fan.Client, "/2/statuses/repost_timeline.json", "id", idString(starIDs[0]), "count", "100", "page", page)
		if len(reposts.Reposts) != 0 || reposts.TotalNumber != 1 {
			t.Errorf("repost_timeline page %s: %d reposts of total %d, want none of 1", page, len(reposts.Reposts), reposts.TotalNumber)
		}
		reposts = stGet[sinaspec.Reposts](t, fan.Client, "/2/statuses/repost_by_me.json", "count", "100", "page", page)
		if len(reposts.Reposts) != 0 || reposts.TotalNumber != 1 {
			t.Errorf("repost_by_me page %s: %d reposts of total %d, want none of 1", page, len(reposts.Reposts), reposts.TotalNumber)
		}
		g.check(t)
		for _, path := range []string{"/2/comments/show.json", "/2/comments/by_me.json", "/2/comments/to_me.json",
			"/2/comments/timeline.json", "/2/comments/mentions.json"} {
			cs := stGet[sinaspec.Comments](t, star.Client, path, "id", idString(starIDs[0]), "count", "100", "page", page)
			if len(cs.Comments) != 0 {
				t.Errorf("%s page %s: %d comments, want none", path, page, len(cs.Comments))
			}
			g.check(t)
		}
	}
	// The total still counts what exists: only the page is empty.
	tl := stTimeline(t, fan, "/2/statuses/user_timeline.json", "count", "100", "page", huge)
	if tl.TotalNumber != 2 {
		t.Errorf("user_timeline total past the depth = %d, want 2", tl.TotalNumber)
	}

	// User lists stop at their own depth, by cursor and by page.
	for _, kv := range [][]string{{"cursor", huge}, {"cursor", strconv.Itoa(domain.MaxCursorDepth)}} {
		for _, path := range []string{"/2/friendships/friends.json", "/2/friendships/followers.json"} {
			l := stGet[sinaspec.Users](t, fan.Client, path, append([]string{"uid", idString(star.ID)}, kv...)...)
			if len(l.Users) != 0 || l.TotalNumber != 1 || l.NextCursor != 0 {
				t.Errorf("%s %v: %d users, total %d, next %d; want none of 1", path, kv, len(l.Users), l.TotalNumber, l.NextCursor)
			}
			g.check(t)
		}
		for _, path := range []string{"/2/friendships/friends/ids.json", "/2/friendships/followers/ids.json"} {
			l := stGet[sinaspec.UserIDs](t, fan.Client, path, append([]string{"uid", idString(star.ID)}, kv...)...)
			if len(l.IDs) != 0 || l.TotalNumber != 1 {
				t.Errorf("%s %v: %d ids, total %d; want none of 1", path, kv, len(l.IDs), l.TotalNumber)
			}
			g.check(t)
		}
	}
	for _, path := range []string{"/2/friendships/friends/in_common.json", "/2/friendships/friends/bilateral.json"} {
		l := stGet[sinaspec.Users](t, fan.Client, path, "uid", idString(star.ID), "count", "200", "page", huge)
		if len(l.Users) != 0 {
			t.Errorf("%s page %s: %d users, want none", path, huge, len(l.Users))
		}
		g.check(t)
	}
	l := stGet[sinaspec.UserIDs](t, fan.Client, "/2/friendships/friends/bilateral/ids.json", "uid", idString(star.ID), "count", "2000", "page", huge)
	if len(l.IDs) != 0 {
		t.Errorf("bilateral/ids page %s: %d ids, want none", huge, len(l.IDs))
	}
	g.check(t)

	// A page that starts within the depth is still served.
	if tl := stTimeline(t, fan, "/2/statuses/user_timeline.json", "count", "1", "page", "2"); len(tl.Statuses) != 1 {
		t.Errorf("user_timeline page 2 of 1: %d statuses, want 1", len(tl.Statuses))
	}
}
