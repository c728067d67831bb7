package core_test

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// replayIDs hands out ids it is told to repeat before the generator's own:
// what a second process on the same node number would do.
type replayIDs struct {
	inner domain.IDGen
	mu    sync.Mutex
	queue []int64
}

func (r *replayIDs) Next() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.queue) > 0 {
		id := r.queue[0]
		r.queue = r.queue[1:]
		return id
	}
	return r.inner.Next()
}

func (r *replayIDs) repeat(ids ...int64) {
	r.mu.Lock()
	r.queue = append(r.queue, ids...)
	r.mu.Unlock()
}

// TestGeneratedIDInUse: an insert whose generated id is taken runs again
// with a new id, for every kind of row the core creates, and is never
// answered "already taken" or "already exists" (issue 18, point 10: 1 in 80
// CLI sign-ups failed that way).
func TestGeneratedIDInUse(t *testing.T) {
	var gen *replayIDs
	k := testkit.Start(t, testkit.Options{WrapIDs: func(in domain.IDGen) domain.IDGen {
		gen = &replayIDs{inner: in}
		return gen
	}})
	ctx := context.Background()
	alice := k.NewUser("alice")
	bob := k.NewUser("bob")

	gen.repeat(alice.ID)
	u, err := k.App.Core.CreateUser(ctx, core.CreateUserInput{ScreenName: "carol", Password: "secret123"})
	if err != nil {
		t.Fatalf("CreateUser under a taken id: %v", err)
	}
	if u.ID == alice.ID {
		t.Fatal("carol got alice's id")
	}

	app, _, err := k.App.Core.CreateApp(ctx, core.CreateAppInput{Name: "x", RedirectURI: "http://x.example/cb"})
	if err != nil {
		t.Fatal(err)
	}
	gen.repeat(app.ID)
	app2, _, err := k.App.Core.CreateApp(ctx, core.CreateAppInput{Name: "y", RedirectURI: "http://y.example/cb"})
	if err != nil || app2.ID == app.ID {
		t.Fatalf("CreateApp under a taken id: %v (id %d)", err, app2.ID)
	}

	var first sinaspec.Status
	alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"第一条"}}), &first)
	gen.repeat(first.ID)
	var second sinaspec.Status
	alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"第二条"}}), &second)
	if second.ID == first.ID || second.Text != "第二条" {
		t.Fatalf("second status %d %q, first %d", second.ID, second.Text, first.ID)
	}
	gen.repeat(second.ID)
	var repost sinaspec.Status
	bob.Must(bob.Post("/2/statuses/repost.json", url.Values{"id": {strconv.FormatInt(first.ID, 10)}}), &repost)
	if repost.ID == second.ID {
		t.Fatal("repost under a taken id kept it")
	}

	var c1 sinaspec.Comment
	bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {strconv.FormatInt(first.ID, 10)}, "comment": {"一"}}), &c1)
	gen.repeat(c1.ID)
	var c2 sinaspec.Comment
	bob.Must(bob.Post("/2/comments/create.json", url.Values{"id": {strconv.FormatInt(first.ID, 10)}, "comment": {"二"}}), &c2)
	if c2.ID == c1.ID {
		t.Fatal("comment under a taken id kept it")
	}

	// An id that stays taken is a server fault, said as one: not the
	// client's "already taken", not a conflict.
	gen.repeat(alice.ID, alice.ID, alice.ID)
	_, err = k.App.Core.CreateUser(ctx, core.CreateUserInput{ScreenName: "dave", Password: "secret123"})
	if !errors.Is(err, domain.ErrIDTaken) || !domain.IsKind(err, domain.KindInternal) {
		t.Fatalf("CreateUser with the id taken every time: %v", err)
	}
	gen.repeat(first.ID, first.ID, first.ID)
	alice.Fail(alice.Post("/2/statuses/update.json", url.Values{"status": {"第三条"}}), 500, 10001)
	k.Drain()
}
