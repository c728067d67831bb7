package cachedstore

import (
	"context"
	"errors"
	"maps"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// fakeStore is an in-memory domain.Store that counts calls. Committed state
// is copy-on-write: a transaction works on a clone and swaps it in on commit,
// so readers never see uncommitted writes and rollback is dropping the clone.
// Methods the tests do not need panic (nil embedded interfaces).
type fakeStore struct {
	domain.Reader // nil: reads the tests do not need panic

	mu    sync.Mutex
	st    *state
	calls map[string]int
	// hook, if set, runs after a read has computed its answer and before it
	// returns it: a test blocks there to hold a load "in flight".
	hook func(method string)

	writeMu sync.Mutex // one transaction at a time
	// commitThenFail makes InTx commit and then report an error, like a
	// COMMIT whose acknowledgement was lost.
	commitThenFail bool
}

type state struct {
	statuses map[int64]domain.Status
	users    map[int64]domain.User
	follows  map[[2]int64]bool
	tokens   map[string]domain.Token
	apps     map[int64]domain.App
}

func (s *state) clone() *state {
	return &state{
		statuses: maps.Clone(s.statuses), users: maps.Clone(s.users), follows: maps.Clone(s.follows),
		tokens: maps.Clone(s.tokens), apps: maps.Clone(s.apps),
	}
}

var _ domain.Store = (*fakeStore)(nil)

var errFakeNotFound = &domain.Error{Kind: domain.KindNotFound, Msg: "fake: not found"}

// newFake holds users 1..10, statuses 1..100 (status i by user (i-1)%10+1,
// with a picture and a place), user 1 following 2, app 1 ("key1") and
// tokens h1, h2 (user 1, app 1) and h3 (user 1, app 2).
func newFake() *fakeStore {
	st := &state{
		statuses: map[int64]domain.Status{}, users: map[int64]domain.User{}, follows: map[[2]int64]bool{},
		tokens: map[string]domain.Token{}, apps: map[int64]domain.App{},
	}
	for i := int64(1); i <= 10; i++ {
		st.users[i] = domain.User{ID: i, ScreenName: "user" + string(rune('0'+i))}
	}
	for i := int64(1); i <= 100; i++ {
		st.statuses[i] = domain.Status{ID: i, UserID: (i-1)%10 + 1, Text: "hello", PicIDs: []string{"p"}, Geo: &domain.Geo{Lat: 1, Long: 2}}
	}
	st.follows[[2]int64{1, 2}] = true
	st.apps[1] = domain.App{ID: 1, Key: "key1", Name: "app one", Level: domain.AppLevelNormal}
	st.apps[2] = domain.App{ID: 2, Key: "key2", Name: "app two", Level: domain.AppLevelNormal}
	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st.tokens["h1"] = domain.Token{AccessHash: "h1", UserID: 1, AppID: 1, Scopes: []string{"all"}, ExpiresAt: exp}
	st.tokens["h2"] = domain.Token{AccessHash: "h2", UserID: 1, AppID: 1, ExpiresAt: exp}
	st.tokens["h3"] = domain.Token{AccessHash: "h3", UserID: 1, AppID: 2, ExpiresAt: exp}
	return &fakeStore{st: st, calls: map[string]int{}}
}

func (f *fakeStore) count(method string) {
	f.mu.Lock()
	f.calls[method]++
	f.mu.Unlock()
}

// n returns how many times method was called.
func (f *fakeStore) n(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// total returns how many reads reached the fake outside transactions.
func (f *fakeStore) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for m, c := range f.calls {
		if m != "InTx" && m[:3] != "tx." {
			n += c
		}
	}
	return n
}

func (f *fakeStore) setHook(h func(string)) {
	f.mu.Lock()
	f.hook = h
	f.mu.Unlock()
}

func (f *fakeStore) committed() *state {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

func (f *fakeStore) after(method string) {
	f.mu.Lock()
	h := f.hook
	f.mu.Unlock()
	if h != nil {
		h(method)
	}
}

func (f *fakeStore) InTx(ctx context.Context, fn func(tx domain.Tx) error) error {
	f.writeMu.Lock()
	defer f.writeMu.Unlock()
	f.count("InTx")
	tx := &fakeTx{reader: reader{f: f, st: f.committed().clone(), prefix: "tx."}}
	if err := fn(tx); err != nil {
		return err
	}
	f.mu.Lock()
	f.st = tx.st
	f.mu.Unlock()
	if f.commitThenFail {
		return errors.New("fake: commit acknowledgement lost")
	}
	return nil
}

func (f *fakeStore) Close() error { return nil }

// The fake's store-level reads read the committed state.

func (f *fakeStore) r(method string) reader {
	f.count(method)
	return reader{f: f, st: f.committed()}
}

func (f *fakeStore) StatusByID(ctx context.Context, id int64) (*domain.Status, error) {
	return f.r("StatusByID").StatusByID(ctx, id)
}
func (f *fakeStore) StatusesByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Status, error) {
	return f.r("StatusesByIDs").StatusesByIDs(ctx, ids)
}
func (f *fakeStore) UserByID(ctx context.Context, id int64) (*domain.User, error) {
	return f.r("UserByID").UserByID(ctx, id)
}
func (f *fakeStore) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*domain.User, error) {
	return f.r("UsersByIDs").UsersByIDs(ctx, ids)
}
func (f *fakeStore) UserByScreenName(ctx context.Context, name string) (*domain.User, error) {
	return f.r("UserByScreenName").UserByScreenName(ctx, name)
}
func (f *fakeStore) Relationships(ctx context.Context, viewer int64, ids []int64) (map[int64]domain.Relationship, error) {
	return f.r("Relationships").Relationships(ctx, viewer, ids)
}
func (f *fakeStore) AppByKey(ctx context.Context, key string) (*domain.App, error) {
	return f.r("AppByKey").AppByKey(ctx, key)
}
func (f *fakeStore) AppByID(ctx context.Context, id int64) (*domain.App, error) {
	return f.r("AppByID").AppByID(ctx, id)
}
func (f *fakeStore) TokenByAccessHash(ctx context.Context, hash string) (*domain.Token, error) {
	return f.r("TokenByAccessHash").TokenByAccessHash(ctx, hash)
}

// reader answers reads from one state. Its methods return fresh values, as a
// database does.
type reader struct {
	domain.Reader // nil
	f             *fakeStore
	st            *state
	prefix        string // "tx." inside a transaction
}

func (r reader) StatusByID(_ context.Context, id int64) (*domain.Status, error) {
	if r.prefix != "" {
		r.f.count(r.prefix + "StatusByID")
	}
	s, ok := r.st.statuses[id]
	r.f.after("StatusByID")
	if !ok {
		return nil, errFakeNotFound
	}
	return &s, nil
}

func (r reader) StatusesByIDs(_ context.Context, ids []int64) (map[int64]*domain.Status, error) {
	out := map[int64]*domain.Status{}
	for _, id := range ids {
		if s, ok := r.st.statuses[id]; ok {
			out[id] = &s
		}
	}
	r.f.after("StatusesByIDs")
	return out, nil
}

func (r reader) UserByID(_ context.Context, id int64) (*domain.User, error) {
	u, ok := r.st.users[id]
	r.f.after("UserByID")
	if !ok {
		return nil, errFakeNotFound
	}
	return &u, nil
}

func (r reader) UsersByIDs(_ context.Context, ids []int64) (map[int64]*domain.User, error) {
	out := map[int64]*domain.User{}
	for _, id := range ids {
		if u, ok := r.st.users[id]; ok {
			out[id] = &u
		}
	}
	r.f.after("UsersByIDs")
	return out, nil
}

func (r reader) UserByScreenName(_ context.Context, name string) (*domain.User, error) {
	for _, u := range r.st.users {
		if u.ScreenName == name {
			return &u, nil
		}
	}
	return nil, errFakeNotFound
}

func (r reader) Relationships(_ context.Context, viewer int64, ids []int64) (map[int64]domain.Relationship, error) {
	out := map[int64]domain.Relationship{}
	for _, id := range ids {
		if _, ok := r.st.users[id]; ok {
			out[id] = domain.Relationship{Following: r.st.follows[[2]int64{viewer, id}], FollowedBy: r.st.follows[[2]int64{id, viewer}]}
		}
	}
	r.f.after("Relationships")
	return out, nil
}

func (r reader) AppByKey(_ context.Context, key string) (*domain.App, error) {
	for _, a := range r.st.apps {
		if a.Key == key {
			return &a, nil
		}
	}
	return nil, errFakeNotFound
}

func (r reader) AppByID(_ context.Context, id int64) (*domain.App, error) {
	a, ok := r.st.apps[id]
	if !ok {
		return nil, errFakeNotFound
	}
	return &a, nil
}

func (r reader) TokenByAccessHash(_ context.Context, hash string) (*domain.Token, error) {
	t, ok := r.st.tokens[hash]
	r.f.after("TokenByAccessHash")
	if !ok {
		return nil, errFakeNotFound
	}
	return &t, nil
}

// fakeTx reads and writes its own clone of the state.
type fakeTx struct {
	reader
	domain.Writer // nil: unneeded writes panic
}

func (t *fakeTx) CreateUser(_ context.Context, u *domain.User, _ *domain.Credentials) error {
	t.st.users[u.ID] = *u
	return nil
}

func (t *fakeTx) AddUserCounts(_ context.Context, id int64, d domain.UserCounts) error {
	u, ok := t.st.users[id]
	if !ok {
		return errFakeNotFound
	}
	u.FollowersCount += d.Followers
	u.FriendsCount += d.Friends
	u.StatusesCount += d.Statuses
	t.st.users[id] = u
	return nil
}

func (t *fakeTx) CreateApp(_ context.Context, a *domain.App) error {
	t.st.apps[a.ID] = *a
	return nil
}

func (t *fakeTx) CreateToken(_ context.Context, tok *domain.Token) error {
	t.st.tokens[tok.AccessHash] = *tok
	return nil
}

func (t *fakeTx) RevokeTokens(_ context.Context, userID, appID int64) error {
	for h, tok := range t.st.tokens {
		if tok.UserID == userID && tok.AppID == appID {
			tok.Revoked = true
			t.st.tokens[h] = tok
		}
	}
	return nil
}

func (t *fakeTx) RevokeToken(_ context.Context, hash string) error {
	tok, ok := t.st.tokens[hash]
	if !ok {
		return errFakeNotFound
	}
	tok.Revoked = true
	t.st.tokens[hash] = tok
	return nil
}

func (t *fakeTx) RevokeCodeTokens(_ context.Context, codeHash string) ([]string, error) {
	var hashes []string
	for h, tok := range t.st.tokens {
		if codeHash != "" && tok.CodeHash == codeHash {
			tok.Revoked = true
			t.st.tokens[h] = tok
			hashes = append(hashes, h)
		}
	}
	return hashes, nil
}

func (t *fakeTx) InsertStatus(_ context.Context, s *domain.Status, _ []int64, _ []string, _ []string) error {
	t.st.statuses[s.ID] = *s
	return nil
}

func (t *fakeTx) MarkStatusDeleted(_ context.Context, id int64) error {
	s, ok := t.st.statuses[id]
	if !ok {
		return errFakeNotFound
	}
	s.Deleted = true
	t.st.statuses[id] = s
	return nil
}

func (t *fakeTx) AddStatusCounts(_ context.Context, id int64, reposts, comments, attitudes int) error {
	s, ok := t.st.statuses[id]
	if !ok {
		return errFakeNotFound
	}
	s.RepostsCount += reposts
	s.CommentsCount += comments
	s.AttitudesCount += attitudes
	t.st.statuses[id] = s
	return nil
}

func (t *fakeTx) Follow(_ context.Context, a, b int64, _ time.Time, _ string) error {
	if t.st.follows[[2]int64{a, b}] {
		return domain.ErrConflict
	}
	t.st.follows[[2]int64{a, b}] = true
	return nil
}

func (t *fakeTx) Unfollow(_ context.Context, a, b int64) error {
	if !t.st.follows[[2]int64{a, b}] {
		return errFakeNotFound
	}
	delete(t.st.follows, [2]int64{a, b})
	return nil
}

// fakeClock is a domain.Clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
