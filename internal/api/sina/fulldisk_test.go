package sina_test

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
	"github.com/weibo-server/weibo/internal/testkit/tmpfs"
)

// A full disk (the data directory on a size-capped tmpfs, filled up):
// writes answer 10002 "Service unavailable" with HTTP 503, never 10001;
// reads go on; a refused write leaves nothing behind; once there is room
// again, writes and their background delivery (the fan-out to followers'
// home timelines) work again.
func TestFullDisk(t *testing.T) {
	dir := tmpfs.Mount(t, 64<<20)
	k := testkit.Start(t, testkit.Options{DataDir: dir})
	a, b := k.NewUser("writer"), k.NewUser("reader")
	stFollow(t, b, a)
	before := stPost(t, a, "before the disk filled up")
	k.Drain()
	if home := stTimeline(t, b, "/2/statuses/home_timeline.json"); !slices.Contains(stIDsOf(home.Statuses), before.ID) {
		t.Fatal("the post before is not in the follower's home")
	}

	filler := tmpfs.Fill(t, dir)
	refused := ""
	for i := range 200 {
		text := fmt.Sprintf("written on a full disk %d", i)
		r := a.Post("/2/statuses/update.json", reqParams("status", text))
		if r.Status == http.StatusOK {
			continue // what the database had room for
		}
		e := a.Fail(r, http.StatusServiceUnavailable, 10002)
		if e.Error != "Service unavailable" {
			t.Errorf("error %q", e.Error)
		}
		refused = text
		break
	}
	if refused == "" {
		t.Fatal("200 posts on a full disk were all accepted")
	}
	// Other writes are refused the same way.
	a.Fail(a.Post("/2/comments/create.json", reqParams("id", before.IDStr, "comment", "评论")), http.StatusServiceUnavailable, 10002)

	// Reads go on.
	if got := stGet[sinaspec.Status](t, b.Client, "/2/statuses/show.json", "id", before.IDStr); got.ID != before.ID {
		t.Fatalf("show %d", got.ID)
	}
	mine := stTimeline(t, a, "/2/statuses/user_timeline.json", "count", "100")
	for _, st := range mine.Statuses {
		if st.Text == refused {
			t.Fatalf("the refused post is there: %d", st.ID)
		}
	}
	var u sinaspec.User
	specMust(t, a.Get("/2/users/show.json", reqParams("uid", idString(a.ID))), &u)
	if u.StatusesCount != len(mine.Statuses) || mine.TotalNumber != len(mine.Statuses) {
		t.Errorf("statuses_count %d, total_number %d, but %d statuses", u.StatusesCount, mine.TotalNumber, len(mine.Statuses))
	}
	stTimeline(t, b, "/2/statuses/home_timeline.json")

	// Room again: writing and delivering work.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	after := stPost(t, a, "after the disk had room again")
	k.Drain()
	home := stTimeline(t, b, "/2/statuses/home_timeline.json", "count", "100")
	if !slices.Contains(stIDsOf(home.Statuses), after.ID) {
		t.Fatalf("the post made after the disk had room is not in the follower's home: %v", stIDsOf(home.Statuses))
	}
}
