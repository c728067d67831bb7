package cachedstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

func newTestStore(t testing.TB, opts Options) (*Store, *fakeStore) {
	t.Helper()
	f := newFake()
	s := New(f, opts)
	t.Cleanup(func() { _ = s.Close() })
	return s, f
}

// inner counts the reads that reach the fake during fn.
func inner(f *fakeStore, fn func()) int {
	before := f.total()
	fn()
	return f.total() - before
}

func ids(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// must returns v, and panics (failing the test) on an error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func commit(t testing.TB, s *Store, fn func(ctx context.Context, tx domain.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := s.InTx(ctx, func(tx domain.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func TestStatusesWarm(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()

	if n := inner(f, func() { must(s.StatusByID(ctx, 1)) }); n != 1 {
		t.Fatalf("cold StatusByID: %d inner calls, want 1", n)
	}
	if n := inner(f, func() { must(s.StatusByID(ctx, 1)) }); n != 0 {
		t.Fatalf("warm StatusByID: %d inner calls, want 0", n)
	}

	// A batch asks the inner store once.
	before := f.n("StatusesByIDs")
	m := must(s.StatusesByIDs(ctx, ids(1, 20)))
	if len(m) != 20 || f.n("StatusesByIDs")-before != 1 {
		t.Fatalf("cold batch: %d statuses, %d inner calls", len(m), f.n("StatusesByIDs")-before)
	}
	if n := inner(f, func() {
		m = must(s.StatusesByIDs(ctx, ids(1, 20)))
	}); n != 0 || len(m) != 20 {
		t.Fatalf("warm batch: %d inner calls, %d statuses; want 0, 20", n, len(m))
	}
	for id, st := range m {
		if st.ID != id || st.Text != "hello" {
			t.Fatalf("status %d: %+v", id, st)
		}
	}
	// The single lookup shares the batch's entries.
	if n := inner(f, func() { must(s.StatusByID(ctx, 17)) }); n != 0 {
		t.Fatalf("StatusByID after batch: %d inner calls", n)
	}
}

func TestBatchLoadsOnlyMisses(t *testing.T) {
	f := newFake()
	rec := &askRecorder{fakeStore: f}
	s := New(rec, Options{})
	defer s.Close()
	ctx := context.Background()

	must(s.StatusesByIDs(ctx, []int64{1, 2, 3}))
	m := must(s.StatusesByIDs(ctx, []int64{2, 3, 4, 5, 999}))
	if len(m) != 4 {
		t.Fatalf("got %d statuses, want 4 (999 does not exist)", len(m))
	}
	if len(rec.asked) != 2 || !sameSets(rec.asked[1], []int64{4, 5, 999}) {
		t.Fatalf("inner batches: %v", rec.asked)
	}
	// 999 is remembered as missing; nothing reaches the inner store.
	if n := inner(f, func() { m = must(s.StatusesByIDs(ctx, []int64{1, 5, 999})) }); n != 0 || len(m) != 2 {
		t.Fatalf("warm batch with a missing id: %d inner calls, %d statuses", n, len(m))
	}
}

type askRecorder struct {
	*fakeStore
	mu    sync.Mutex
	asked [][]int64
}

func (a *askRecorder) StatusesByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Status, error) {
	a.mu.Lock()
	a.asked = append(a.asked, append([]int64(nil), ids...))
	a.mu.Unlock()
	return a.fakeStore.StatusesByIDs(ctx, ids)
}

func sameSets(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[int64]bool{}
	for _, x := range a {
		in[x] = true
	}
	for _, x := range b {
		if !in[x] {
			return false
		}
	}
	return true
}

func TestUsersWarm(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	must(s.UsersByIDs(ctx, ids(1, 5)))
	if n := inner(f, func() {
		if m := must(s.UsersByIDs(ctx, ids(1, 5))); len(m) != 5 {
			t.Fatalf("got %d users", len(m))
		}
		if u := must(s.UserByID(ctx, 3)); u.ID != 3 {
			t.Fatalf("user %+v", u)
		}
	}); n != 0 {
		t.Fatalf("warm users: %d inner calls", n)
	}
	if n := inner(f, func() { must(s.UsersByIDs(ctx, ids(4, 7))) }); n != 1 || f.n("UsersByIDs") != 2 {
		t.Fatalf("partly warm batch: %d inner calls", n)
	}
}

func TestRelationshipsWarm(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	m := must(s.Relationships(ctx, 1, []int64{2, 3}))
	if !m[2].Following || m[2].FollowedBy || m[3].Following {
		t.Fatalf("relationships %+v", m)
	}
	if n := inner(f, func() { m = must(s.Relationships(ctx, 1, []int64{2, 3})) }); n != 0 || len(m) != 2 {
		t.Fatalf("warm relationships: %d inner calls, %v", n, m)
	}
	// Another viewer is another key.
	if n := inner(f, func() { m = must(s.Relationships(ctx, 2, []int64{1, 3, 4})) }); n != 1 || !m[1].FollowedBy {
		t.Fatalf("viewer 2: %d inner calls, %v", n, m)
	}
	// Misses of a partly warm request are fetched in one call.
	if n := inner(f, func() { m = must(s.Relationships(ctx, 1, []int64{2, 3, 4, 5, 6})) }); n != 1 || len(m) != 5 {
		t.Fatalf("partly warm: %d inner calls, %v", n, m)
	}
}

func TestAppsAndTokensWarm(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	for range 2 {
		must(s.AppByKey(ctx, "key1"))
		must(s.AppByID(ctx, 1))
		must(s.TokenByAccessHash(ctx, "h1"))
	}
	if f.n("AppByKey") != 1 || f.n("AppByID") != 1 || f.n("TokenByAccessHash") != 1 {
		t.Fatalf("calls %v", f.calls)
	}
}

func TestPassThrough(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	must(s.UserByScreenName(ctx, "user1"))
	must(s.UserByScreenName(ctx, "user1"))
	if f.n("UserByScreenName") != 2 {
		t.Fatalf("UserByScreenName reached inner %d times, want 2", f.n("UserByScreenName"))
	}
}

func TestCallersGetCopies(t *testing.T) {
	s, _ := newTestStore(t, Options{})
	ctx := context.Background()
	st := must(s.StatusByID(ctx, 1))
	st.Text = "changed"
	st.Geo.Lat = 99
	st.PicIDs = append(st.PicIDs, "x")
	m := must(s.StatusesByIDs(ctx, []int64{1}))
	m[1].Text = "changed too"
	u := must(s.UserByID(ctx, 1))
	u.FollowersCount = 1000
	tok := must(s.TokenByAccessHash(ctx, "h1"))
	tok.Revoked = true

	again := must(s.StatusByID(ctx, 1))
	if again.Text != "hello" || again.Geo.Lat != 1 || len(again.PicIDs) != 1 {
		t.Fatalf("cache changed through a returned value: %+v", again)
	}
	if must(s.UserByID(ctx, 1)).FollowersCount != 0 || must(s.TokenByAccessHash(ctx, "h1")).Revoked {
		t.Fatal("cache changed through a returned value")
	}
}

func TestNotFound(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	for range 2 {
		_, err := s.StatusByID(ctx, 999)
		if !domain.IsKind(err, domain.KindNotFound) || !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("StatusByID(999) = %v", err)
		}
		if _, err := s.TokenByAccessHash(ctx, "nope"); !domain.IsKind(err, domain.KindNotFound) {
			t.Fatalf("TokenByAccessHash(nope) = %v", err)
		}
		if _, err := s.UserByID(ctx, 999); !domain.IsKind(err, domain.KindNotFound) {
			t.Fatalf("UserByID(999) = %v", err)
		}
		if _, err := s.AppByKey(ctx, "nope"); !domain.IsKind(err, domain.KindNotFound) {
			t.Fatalf("AppByKey(nope) = %v", err)
		}
	}
	if f.n("StatusByID") != 1 || f.n("TokenByAccessHash") != 1 || f.n("UserByID") != 1 || f.n("AppByKey") != 1 {
		t.Fatalf("negative answers not cached: %v", f.calls)
	}
}

func TestNegativeCachingOff(t *testing.T) {
	s, f := newTestStore(t, Options{NegativeTTL: -1})
	ctx := context.Background()
	for range 2 {
		if _, err := s.StatusByID(ctx, 999); !errors.Is(err, errFakeNotFound) {
			t.Fatalf("StatusByID(999) = %v, want the inner error", err)
		}
		if m := must(s.StatusesByIDs(ctx, []int64{1, 999})); len(m) != 1 {
			t.Fatalf("batch: %v", m)
		}
		if _, err := s.TokenByAccessHash(ctx, "nope"); !domain.IsKind(err, domain.KindNotFound) {
			t.Fatalf("TokenByAccessHash(nope) = %v", err)
		}
	}
	if f.n("StatusByID") != 2 || f.n("StatusesByIDs") != 2 || f.n("TokenByAccessHash") != 2 {
		t.Fatalf("calls %v", f.calls)
	}
}

func TestWriteInvalidatesAfterCommit(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	// Warm everything, including negative entries for rows about to be created.
	must(s.StatusesByIDs(ctx, ids(1, 20)))
	must(s.UsersByIDs(ctx, ids(1, 10)))
	must(s.Relationships(ctx, 2, []int64{1, 3}))
	must(s.Relationships(ctx, 3, []int64{2}))
	must(s.TokenByAccessHash(ctx, "h1"))
	s.StatusByID(ctx, 500)
	s.UserByID(ctx, 11)
	s.AppByKey(ctx, "key3")
	s.AppByID(ctx, 3)
	s.TokenByAccessHash(ctx, "h9")

	commit(t, s, func(ctx context.Context, tx domain.Tx) error {
		// Reads inside the transaction are not cached and see its writes.
		before := f.n("tx.StatusByID")
		if err := tx.AddStatusCounts(ctx, 1, 1, 2, 3); err != nil {
			return err
		}
		if st, err := tx.StatusByID(ctx, 1); err != nil || st.RepostsCount != 1 || f.n("tx.StatusByID") != before+1 {
			t.Errorf("read in tx: %+v, %v", st, err)
		}
		// The cache still answers the committed value until the commit.
		if st := must(s.StatusByID(ctx, 1)); st.RepostsCount != 0 {
			t.Errorf("uncommitted write visible outside the tx: %+v", st)
		}
		return errors.Join(
			tx.MarkStatusDeleted(ctx, 2),
			tx.InsertStatus(ctx, &domain.Status{ID: 500, UserID: 4, Text: "new"}, nil, nil, nil),
			tx.AddUserCounts(ctx, 5, domain.UserCounts{Statuses: 1}),
			tx.CreateUser(ctx, &domain.User{ID: 11, ScreenName: "eleven"}, &domain.Credentials{UserID: 11}),
			tx.Follow(ctx, 3, 2, time.Time{}, ""),
			tx.CreateApp(ctx, &domain.App{ID: 3, Key: "key3"}),
			tx.CreateToken(ctx, &domain.Token{AccessHash: "h9", UserID: 2, AppID: 1}),
			tx.RevokeToken(ctx, "h1"),
		)
	})

	if st := must(s.StatusByID(ctx, 1)); st.RepostsCount != 1 || st.CommentsCount != 2 || st.AttitudesCount != 3 {
		t.Errorf("status 1 after commit: %+v", st)
	}
	m := must(s.StatusesByIDs(ctx, []int64{2, 500}))
	if !m[2].Deleted || m[500] == nil || m[500].Text != "new" {
		t.Errorf("statuses after commit: %v", m)
	}
	if u := must(s.UserByID(ctx, 5)); u.StatusesCount != 1 {
		t.Errorf("user 5 after commit: %+v", u)
	}
	if u, err := s.UserByID(ctx, 11); err != nil || u.ScreenName != "eleven" {
		t.Errorf("created user: %+v, %v", u, err)
	}
	if r := must(s.Relationships(ctx, 2, []int64{1, 3})); !r[3].FollowedBy || !r[1].FollowedBy {
		t.Errorf("viewer 2 after follow: %+v", r)
	}
	if r := must(s.Relationships(ctx, 3, []int64{2})); !r[2].Following {
		t.Errorf("viewer 3 after follow: %+v", r)
	}
	if _, err := s.AppByKey(ctx, "key3"); err != nil {
		t.Errorf("created app by key: %v", err)
	}
	if _, err := s.AppByID(ctx, 3); err != nil {
		t.Errorf("created app by id: %v", err)
	}
	if _, err := s.TokenByAccessHash(ctx, "h9"); err != nil {
		t.Errorf("created token: %v", err)
	}
	if tok := must(s.TokenByAccessHash(ctx, "h1")); !tok.Revoked {
		t.Errorf("revoked token served as live: %+v", tok)
	}

	// Untouched entries stayed warm.
	if n := inner(f, func() { must(s.StatusesByIDs(ctx, ids(3, 20))); must(s.UserByID(ctx, 6)) }); n != 0 {
		t.Errorf("untouched entries: %d inner calls", n)
	}
}

func TestRollbackInvalidatesNothing(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	must(s.StatusByID(ctx, 1))
	must(s.UserByID(ctx, 1))
	must(s.TokenByAccessHash(ctx, "h1"))
	must(s.TokenByAccessHash(ctx, "h2"))

	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx domain.Tx) error {
		_ = tx.AddStatusCounts(ctx, 1, 5, 0, 0)
		_ = tx.AddUserCounts(ctx, 1, domain.UserCounts{Followers: 5})
		_ = tx.RevokeToken(ctx, "h1")
		_ = tx.RevokeTokens(ctx, 1, 1)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	if n := inner(f, func() {
		if st := must(s.StatusByID(ctx, 1)); st.RepostsCount != 0 {
			t.Errorf("status after rollback: %+v", st)
		}
		must(s.UserByID(ctx, 1))
		if tok := must(s.TokenByAccessHash(ctx, "h1")); tok.Revoked {
			t.Errorf("token after rollback: %+v", tok)
		}
		must(s.TokenByAccessHash(ctx, "h2"))
	}); n != 0 {
		t.Fatalf("rollback invalidated: %d inner calls", n)
	}
}

func TestCommitOutcomeUnknownInvalidates(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	must(s.StatusByID(ctx, 1))
	f.commitThenFail = true
	if err := s.InTx(ctx, func(tx domain.Tx) error { return tx.AddStatusCounts(ctx, 1, 1, 0, 0) }); err == nil {
		t.Fatal("InTx succeeded")
	}
	if st := must(s.StatusByID(ctx, 1)); st.RepostsCount != 1 {
		t.Fatalf("status after a commit that reported failure but happened: %+v", st)
	}
}

func TestRevokeTokens(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	for _, h := range []string{"h1", "h2", "h3"} {
		must(s.TokenByAccessHash(ctx, h))
	}
	commit(t, s, func(ctx context.Context, tx domain.Tx) error { return tx.RevokeTokens(ctx, 1, 1) })
	for _, h := range []string{"h1", "h2"} {
		if tok := must(s.TokenByAccessHash(ctx, h)); !tok.Revoked {
			t.Fatalf("%s served as live after RevokeTokens(1, 1)", h)
		}
	}
	// Reloaded once each, then warm again; app 2's token never left the cache.
	if n := inner(f, func() {
		for _, h := range []string{"h1", "h2", "h3"} {
			if tok := must(s.TokenByAccessHash(ctx, h)); tok.Revoked != (h != "h3") {
				t.Fatalf("%s: %+v", h, tok)
			}
		}
	}); n != 0 {
		t.Fatalf("%d inner calls after reload", n)
	}
	if f.n("TokenByAccessHash") != 5 {
		t.Fatalf("TokenByAccessHash reached inner %d times, want 5", f.n("TokenByAccessHash"))
	}
}

// TestRevokeCodeTokens: the tokens a replayed code revokes are named by the
// write, so they are dropped like RevokeToken's and nothing else is.
func TestRevokeCodeTokens(t *testing.T) {
	s, f := newTestStore(t, Options{})
	ctx := context.Background()
	commit(t, s, func(ctx context.Context, tx domain.Tx) error {
		return tx.CreateToken(ctx, &domain.Token{AccessHash: "hc", UserID: 1, AppID: 1, CodeHash: "code1",
			ExpiresAt: time.Now().Add(time.Hour)})
	})
	for _, h := range []string{"h1", "h2", "hc"} {
		must(s.TokenByAccessHash(ctx, h))
	}
	commit(t, s, func(ctx context.Context, tx domain.Tx) error {
		hashes, err := tx.RevokeCodeTokens(ctx, "code1")
		if len(hashes) != 1 || hashes[0] != "hc" {
			t.Errorf("RevokeCodeTokens = %v", hashes)
		}
		return err
	})
	if tok := must(s.TokenByAccessHash(ctx, "hc")); !tok.Revoked {
		t.Fatalf("code token served as live after RevokeCodeTokens: %+v", tok)
	}
	// The user's other tokens for the app stayed warm and live.
	if n := inner(f, func() {
		for _, h := range []string{"h1", "h2"} {
			if tok := must(s.TokenByAccessHash(ctx, h)); tok.Revoked {
				t.Errorf("%s revoked: %+v", h, tok)
			}
		}
	}); n != 0 {
		t.Fatalf("untouched tokens reloaded: %d inner calls", n)
	}
}

// blockOnce makes the first read of method, after it has read its answer,
// wait until release is closed. loaded is closed when it waits.
func blockOnce(f *fakeStore, method string) (loaded, release chan struct{}) {
	loaded, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.setHook(func(m string) {
		if m != method {
			return
		}
		once.Do(func() {
			close(loaded)
			<-release
		})
	})
	return loaded, release
}

// TestLoadRacingCommit: a reader that read a row before a commit and finishes
// after the commit's invalidation must not leave the old row in the cache.
func TestLoadRacingCommit(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		method string
		read   func(s *Store) (int, error) // the value under test
		write  func(ctx context.Context, tx domain.Tx) error
		want   int
	}{
		{"StatusByID", "StatusByID",
			func(s *Store) (int, error) {
				st, err := s.StatusByID(ctx, 1)
				if err != nil {
					return 0, err
				}
				return st.RepostsCount, nil
			},
			func(ctx context.Context, tx domain.Tx) error { return tx.AddStatusCounts(ctx, 1, 7, 0, 0) }, 7},
		{"StatusesByIDs", "StatusesByIDs",
			func(s *Store) (int, error) {
				m, err := s.StatusesByIDs(ctx, []int64{1, 2})
				if err != nil {
					return 0, err
				}
				return m[1].RepostsCount, nil
			},
			func(ctx context.Context, tx domain.Tx) error { return tx.AddStatusCounts(ctx, 1, 7, 0, 0) }, 7},
		{"UsersByIDs", "UsersByIDs",
			func(s *Store) (int, error) {
				m, err := s.UsersByIDs(ctx, []int64{1, 2})
				if err != nil {
					return 0, err
				}
				return m[2].FollowersCount, nil
			},
			func(ctx context.Context, tx domain.Tx) error {
				return tx.AddUserCounts(ctx, 2, domain.UserCounts{Followers: 7})
			}, 7},
		{"Relationships", "Relationships",
			func(s *Store) (int, error) {
				m, err := s.Relationships(ctx, 3, []int64{1, 2})
				if err != nil || !m[2].Following {
					return 0, err
				}
				return 7, nil
			},
			func(ctx context.Context, tx domain.Tx) error { return tx.Follow(ctx, 3, 2, time.Time{}, "") }, 7},
		{"TokenByAccessHash/RevokeTokens", "TokenByAccessHash",
			func(s *Store) (int, error) {
				tok, err := s.TokenByAccessHash(ctx, "h2")
				if err != nil || !tok.Revoked {
					return 0, err
				}
				return 7, nil
			},
			func(ctx context.Context, tx domain.Tx) error { return tx.RevokeTokens(ctx, 1, 1) }, 7},
		{"TokenByAccessHash/RevokeToken", "TokenByAccessHash",
			func(s *Store) (int, error) {
				tok, err := s.TokenByAccessHash(ctx, "h2")
				if err != nil || !tok.Revoked {
					return 0, err
				}
				return 7, nil
			},
			func(ctx context.Context, tx domain.Tx) error { return tx.RevokeToken(ctx, "h2") }, 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, f := newTestStore(t, Options{})
			loaded, release := blockOnce(f, c.method)
			done := make(chan error, 1)
			go func() { _, err := c.read(s); done <- err }()
			<-loaded // the reader holds the pre-commit value
			commit(t, s, c.write)
			close(release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if got := must(c.read(s)); got != c.want {
				t.Fatalf("after the commit the cache serves %d, want %d", got, c.want)
			}
		})
	}
}

// TestConcurrentReadersAndWriter: a read that starts after a transaction has
// returned sees that transaction's writes. Run with -race.
func TestConcurrentReadersAndWriter(t *testing.T) {
	s, _ := newTestStore(t, Options{})
	ctx := context.Background()
	const writes = 200
	var (
		committed atomic.Int64 // writes whose InTx has returned
		stop      atomic.Bool
		wg        sync.WaitGroup
		errs      = make(chan error, 16)
	)
	fail := func(format string, args ...any) {
		select {
		case errs <- fmt.Errorf(format, args...):
		default:
		}
	}
	for r := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				k := int(committed.Load())
				switch r % 4 {
				case 0:
					st, err := s.StatusByID(ctx, 1)
					if err != nil || st.RepostsCount < k {
						fail("StatusByID: %v, reposts %d < %d", err, st.RepostsCount, k)
					}
				case 1:
					m, err := s.StatusesByIDs(ctx, ids(1, 20))
					if err != nil || len(m) != 20 || m[1].RepostsCount < k {
						fail("StatusesByIDs: %v", err)
					}
				case 2:
					m, err := s.UsersByIDs(ctx, ids(1, 10))
					if err != nil || m[1].StatusesCount < k {
						fail("UsersByIDs: %v, %d < %d", err, m[1].StatusesCount, k)
					}
					rel, err := s.Relationships(ctx, 3, []int64{4})
					if err != nil || (k >= writes/2 && !rel[4].Following) {
						fail("Relationships after %d writes: %+v, %v", k, rel, err)
					}
				case 3:
					tok, err := s.TokenByAccessHash(ctx, "h1")
					if err != nil || (k >= writes/2 && !tok.Revoked) {
						fail("token after revocation: %+v, %v", tok, err)
					}
				}
			}
		}()
	}
	for i := 1; i <= writes; i++ {
		commit(t, s, func(ctx context.Context, tx domain.Tx) error {
			var follow, revoke error
			if i == writes/2 {
				follow = tx.Follow(ctx, 3, 4, time.Time{}, "")
				revoke = tx.RevokeTokens(ctx, 1, 1)
			}
			return errors.Join(follow, revoke,
				tx.AddStatusCounts(ctx, 1, 1, 0, 0),
				tx.AddUserCounts(ctx, 1, domain.UserCounts{Statuses: 1}))
		})
		committed.Store(int64(i))
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := must(s.StatusByID(ctx, 1)); st.RepostsCount != writes {
		t.Fatalf("final reposts %d, want %d", st.RepostsCount, writes)
	}
}

func TestTTL(t *testing.T) {
	clock := newClock()
	s, f := newTestStore(t, Options{Clock: clock, TTL: time.Minute, NegativeTTL: 5 * time.Second})
	ctx := context.Background()
	read := func() {
		must(s.StatusByID(ctx, 1))
		must(s.Relationships(ctx, 1, []int64{2}))
		must(s.TokenByAccessHash(ctx, "h1"))
		_, _ = s.StatusByID(ctx, 999)
	}
	read()
	if n := inner(f, read); n != 0 {
		t.Fatalf("warm: %d inner calls", n)
	}
	clock.Advance(6 * time.Second) // the negative entry has expired, the others not
	if n := inner(f, read); n != 1 || f.n("StatusByID") != 3 {
		t.Fatalf("after the negative TTL: %d inner calls, %v", n, f.calls)
	}
	clock.Advance(55 * time.Second) // 61s: everything has expired
	if n := inner(f, read); n != 4 {
		t.Fatalf("after the TTL: %d inner calls, want 4", n)
	}
}

func TestStats(t *testing.T) {
	s, _ := newTestStore(t, Options{})
	ctx := context.Background()
	must(s.StatusesByIDs(ctx, ids(1, 20)))
	must(s.StatusesByIDs(ctx, ids(1, 20)))
	must(s.TokenByAccessHash(ctx, "h1"))
	st := s.Stats()
	if st.Statuses.Hits != 20 || st.Statuses.Misses != 20 {
		t.Fatalf("status stats %+v", st.Statuses)
	}
	if st.Tokens.Misses != 1 {
		t.Fatalf("token stats %+v", st.Tokens)
	}
	names := 0
	st.Each(func(string, CacheStats) { names++ })
	if names != 10 { // statuses, users, relationships, tokens, apps by key and id, groups, group members, favorites, home filters
		t.Fatalf("Each visited %d caches", names)
	}
}

// A benchmark of the path a warm home-timeline page takes.
func BenchmarkStatusesByIDsWarm(b *testing.B) {
	s, f := newTestStore(b, Options{})
	ctx := context.Background()
	page := ids(41, 60)
	must(s.StatusesByIDs(ctx, page))
	before := f.total()
	b.ReportAllocs()
	for b.Loop() {
		if m, err := s.StatusesByIDs(ctx, page); err != nil || len(m) != 20 {
			b.Fatal(len(m), err)
		}
	}
	if n := f.total() - before; n != 0 {
		b.Fatalf("%d inner calls on a warm page", n)
	}
}

func BenchmarkStatusesByIDsWarmParallel(b *testing.B) {
	s, _ := newTestStore(b, Options{})
	ctx := context.Background()
	page := ids(41, 60)
	must(s.StatusesByIDs(ctx, page))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if m, err := s.StatusesByIDs(ctx, page); err != nil || len(m) != 20 {
				b.Error(len(m), err)
				return
			}
		}
	})
}

func BenchmarkTokenByAccessHashWarm(b *testing.B) {
	s, _ := newTestStore(b, Options{})
	ctx := context.Background()
	must(s.TokenByAccessHash(ctx, "h1"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.TokenByAccessHash(ctx, "h1"); err != nil {
			b.Fatal(err)
		}
	}
}
