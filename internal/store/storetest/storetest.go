// Package storetest is the conformance suite every domain.Store must pass:
// each method of the port, its edge cases, the visibility rule in every
// combination, filters, totals, paging, counters and transactions.
//
// A store package runs it from a test:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) domain.Store { return openEmptyStore(t) })
//	}
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/weibo-server/weibo/internal/domain"
)

// Run runs the suite. open must return a new, empty store for each call; Run
// closes it when the subtest ends (before cleanups open registered). Subtests
// run in parallel.
func Run(t *testing.T, open func(t *testing.T) domain.Store) {
	tests := []struct {
		name string
		fn   func(f *fx)
	}{
		{"Users", testUsers},
		{"UserConflicts", testUserConflicts},
		{"UserCounts", testUserCounts},
		{"Apps", testApps},
		{"Notifications", testNotifications},
		{"Tokens", testTokens},
		{"AuthCodes", testAuthCodes},
		{"CodeTokens", testCodeTokens},
		{"Pictures", testPictures},
		{"PictureSweep", testPictureSweep},
		{"ConcurrentClaimRetain", testConcurrentClaimRetain},
		{"Statuses", testStatuses},
		{"StatusCounts", testStatusCounts},
		{"Visibility", testVisibility},
		{"StatusPaging", testStatusPaging},
		{"TimelineFilters", testTimelineFilters},
		{"AuthorFilters", testAuthorFilters},
		{"Home", testHome},
		{"HomeManyFollowees", testHomeManyFollowees},
		{"CountHomeSince", testCountHomeSince},
		{"HomeOriginals", testHomeOriginals},
		{"LatestStatusIDs", testLatestStatusIDs},
		{"Reposts", testReposts},
		{"SearchReads", testSearchReads},
		{"Suggestions", testSuggestions},
		{"Favorites", testFavorites},
		{"StatusTags", testStatusTags},
		{"UserTags", testUserTags},
		{"Trends", testTrends},
		{"ShortURLs", testShortURLs},
		{"RemarksAndInteractions", testRemarksAndInteractions},
		{"Profile", testProfile},
		{"Places", testPlaces},
		{"PlaceStatuses", testPlaceStatuses},
		{"NearbyPositions", testNearbyPositions},
		{"Filters", testFilters},
		{"OAuth1", testOAuth1},
		{"DirectMessages", testDirectMessages},
		{"SpecialFollows", testSpecialFollows},
		{"TopicInfos", testTopicInfos},
		{"Mentions", testMentions},
		{"Comments", testComments},
		{"CommentFilters", testCommentFilters},
		{"CommentPaging", testCommentPaging},
		{"CommentDeletes", testCommentDeletes},
		{"CommentVisibility", testCommentVisibility},
		{"Follows", testFollows},
		{"FollowLists", testFollowLists},
		{"Unread", testUnread},
		{"Outbox", testOutbox},
		{"TxRollback", testTxRollback},
		{"TxPanic", testTxPanic},
		{"TxReadsOwnWrites", testTxReadsOwnWrites},
		{"ConcurrentCounters", testConcurrentCounters},
		{"ConcurrentMutualFollows", testConcurrentMutualFollows},
		{"FollowEdge", testFollowEdge},
		{"NodeLeases", testNodeLeases},
		{"AudienceStatusIDs", testAudienceStatusIDs},
		{"TimelineCounts", testTimelineCounts},
		{"Sessions", testSessions},
		{"Accounts", testAccounts},
		{"Prefs", testPrefs},
		{"AccountState", testAccountState},
		{"Suspension", testSuspension},
		{"Erase", testErase},
		{"Blocks", testBlocks},
		{"Privacy", testPrivacy},
		{"Groups", testGroups},
		{"GroupVisibility", testGroupVisibility},
		{"SocialGraph", testSocialGraph},
		{"Reports", testReports},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(&fx{t: t, s: s, ctx: t.Context(), next: 1000, now: time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)})
		})
	}
}

// fx builds fixtures: ids increase in creation order, times advance by a
// second (with millisecond precision, which every store keeps).
type fx struct {
	t    *testing.T
	s    domain.Store
	ctx  context.Context
	next int64
	now  time.Time
}

func (f *fx) id() int64 { f.next++; return f.next }

func (f *fx) tick() time.Time { f.now = f.now.Add(time.Second); return f.now }

// tx runs fn in a transaction and fails the test on error.
func (f *fx) tx(fn func(tx domain.Tx) error) {
	f.t.Helper()
	if err := f.s.InTx(f.ctx, fn); err != nil {
		f.t.Fatalf("InTx: %v", err)
	}
}

// txErr runs fn in a transaction and returns its error.
func (f *fx) txErr(fn func(tx domain.Tx) error) error {
	return f.s.InTx(f.ctx, fn)
}

func (f *fx) user(name string) *domain.User {
	f.t.Helper()
	u := &domain.User{ID: f.id(), ScreenName: name, Gender: "n", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error {
		return tx.CreateUser(f.ctx, u, &domain.Credentials{UserID: u.ID, PasswordHash: "h-" + name})
	})
	return u
}

func (f *fx) users(names ...string) []*domain.User {
	f.t.Helper()
	out := make([]*domain.User, len(names))
	for i, n := range names {
		out[i] = f.user(n)
	}
	return out
}

// status inserts a status by author; opts adjust it before the insert.
func (f *fx) status(author int64, opts ...func(s *domain.Status)) *domain.Status {
	f.t.Helper()
	s := &domain.Status{ID: f.id(), UserID: author, AppID: 1, Text: fmt.Sprintf("status %d", f.next), CreatedAt: f.tick()}
	for _, o := range opts {
		o(s)
	}
	f.tx(func(tx domain.Tx) error { return tx.InsertStatus(f.ctx, s, nil, nil, nil) })
	return s
}

func visible(typ int) func(s *domain.Status) {
	return func(s *domain.Status) { s.Visible.Type = typ }
}

func repostOf(root, parent int64) func(s *domain.Status) {
	return func(s *domain.Status) { s.RetweetedID, s.ParentID = root, parent }
}

func (f *fx) follow(pairs ...int64) {
	f.t.Helper()
	if len(pairs)%2 != 0 {
		panic("follow takes follower, followee pairs")
	}
	f.tx(func(tx domain.Tx) error {
		for i := 0; i < len(pairs); i += 2 {
			if err := tx.Follow(f.ctx, pairs[i], pairs[i+1], f.tick(), ""); err != nil {
				return err
			}
		}
		return nil
	})
}

func (f *fx) deleteStatus(id int64) {
	f.t.Helper()
	f.tx(func(tx domain.Tx) error { return tx.MarkStatusDeleted(f.ctx, id) })
}

func (f *fx) comment(statusID, author, replyID int64, opts ...func(c *domain.Comment)) *domain.Comment {
	f.t.Helper()
	c := &domain.Comment{ID: f.id(), StatusID: statusID, UserID: author, AppID: 1, ReplyID: replyID,
		Text: fmt.Sprintf("comment %d", f.next), CreatedAt: f.tick()}
	for _, o := range opts {
		o(c)
	}
	f.tx(func(tx domain.Tx) error { return tx.InsertComment(f.ctx, c, nil) })
	return c
}

// Assertions.

var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

func (f *fx) eq(what string, want, got any) {
	f.t.Helper()
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		f.t.Errorf("%s mismatch (-want +got):\n%s", what, diff)
	}
}

func (f *fx) ok(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
}

// kind checks that err is a *domain.Error of kind (and reason, when not ReasonNone).
func (f *fx) kind(what string, err error, kind domain.Kind, reason domain.Reason) {
	f.t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		f.t.Errorf("%s: got error %v, want a *domain.Error of kind %v", what, err, kind)
		return
	}
	if de.Kind != kind {
		f.t.Errorf("%s: got kind %v (%v), want %v", what, de.Kind, err, kind)
	}
	if reason != domain.ReasonNone && de.Reason != reason {
		f.t.Errorf("%s: got reason %q, want %q", what, de.Reason, reason)
	}
}

// idTaken checks err is the store's report of a generated id (or key)
// already in use: domain.ErrIDTaken inside a KindInternal error, never a
// conflict a client would be told about.
func (f *fx) idTaken(what string, err error) {
	f.t.Helper()
	if !errors.Is(err, domain.ErrIDTaken) {
		f.t.Errorf("%s: got %v, want domain.ErrIDTaken", what, err)
	}
	f.kind(what, err, domain.KindInternal, domain.ReasonNone)
}

func ids(items ...any) []int64 {
	var out []int64
	for _, it := range items {
		switch v := it.(type) {
		case *domain.Status:
			out = append(out, v.ID)
		case *domain.Comment:
			out = append(out, v.ID)
		case *domain.User:
			out = append(out, v.ID)
		case int64:
			out = append(out, v)
		default:
			panic(fmt.Sprintf("ids: %T", it))
		}
	}
	return out
}

func newestFirst(xs []int64) []int64 {
	out := slices.Clone(xs)
	slices.SortFunc(out, func(a, b int64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	return out
}

func q(viewer int64, count int) domain.StatusQuery {
	return domain.StatusQuery{Viewer: viewer, Page: domain.Page{Count: count}}
}

// pageOf is the reference implementation of domain.Page over ids newest first.
func pageOf(all []int64, p domain.Page) []int64 {
	var in []int64
	for _, id := range all {
		if p.Contains(id) {
			in = append(in, id)
		}
	}
	if p.Count <= 0 {
		return nil
	}
	off := p.Offset()
	if off >= len(in) {
		return nil
	}
	in = in[off:]
	return in[:min(len(in), p.Count)]
}

// checkPaging runs list with many pages over a timeline whose complete
// content is all (newest first) and compares with the reference. total < 0
// means the method reports no total.
func (f *fx) checkPaging(what string, all []int64, list func(p domain.Page) ([]int64, int, error)) {
	f.t.Helper()
	n := len(all)
	if n < 12 {
		f.t.Fatalf("checkPaging needs at least 12 items, got %d", n)
	}
	pages := []domain.Page{
		{Count: 5},
		{Count: 5, Page: 1},
		{Count: 5, Page: 2},
		{Count: 5, Page: 3},
		{Count: n},
		{Count: n + 10},
		{Count: 5, Page: n},             // far past the end
		{Count: 5, Page: math.MaxInt32}, // a client's largest page
		{Count: 7, Page: math.MaxInt},   // page×count would overflow
		{Count: 200, Page: domain.MaxPageDepth/200 + 1}, // past the paging depth: no query
		{Count: 0},                             // an empty page
		{Count: 100, SinceID: all[n/2]},        // since is exclusive
		{Count: 100, MaxID: all[n/2]},          // max is inclusive
		{Count: 3, MaxID: all[n/2]},            // max and count
		{Count: 3, MaxID: all[n/2], Page: 2},   // max and offset
		{Count: 3, SinceID: all[n-1], Page: 2}, // since and offset
		{Count: 100, SinceID: all[n-2], MaxID: all[2]},
		{Count: 100, SinceID: all[0]},      // nothing newer
		{Count: 100, MaxID: all[n-1] - 1},  // nothing older
		{Count: 100, MaxID: all[0] + 1000}, // a max above everything
		{Count: 2, SinceID: all[5], MaxID: all[1]},
	}
	for _, p := range pages {
		got, total, err := list(p)
		if err != nil {
			f.t.Fatalf("%s %+v: %v", what, p, err)
		}
		if diff := cmp.Diff(pageOf(all, p), got, cmpOpts...); diff != "" {
			f.t.Errorf("%s %+v: ids mismatch (-want +got):\n%s", what, p, diff)
		}
		if total >= 0 && total != n {
			f.t.Errorf("%s %+v: total = %d, want %d (totals ignore page bounds)", what, p, total, n)
		}
	}
}

func noTotal(ids []int64, err error) ([]int64, int, error) { return ids, -1, err }

// Users.

func testUsers(f *fx) {
	alice := &domain.User{
		ID: f.id(), ScreenName: "Alice", Email: "Alice@Example.com", Description: "你好, world",
		Location: "北京 海淀区", URL: "http://alice.example", Avatar: "0123456789abcdef0123456789abcdej",
		Domain: "alice", Gender: "f", Province: 11, City: 8, Verified: true, VerifiedType: 2,
		VerifiedReason: "reason", Lang: "zh-cn", CreatedAt: f.tick(),
		FollowersCount: 1, FriendsCount: 2, BiFollowersCount: 3, StatusesCount: 4, FavouritesCount: 5,
	}
	f.tx(func(tx domain.Tx) error {
		return tx.CreateUser(f.ctx, alice, &domain.Credentials{UserID: alice.ID, PasswordHash: "argon2id$hash"})
	})
	bob, carol := f.user("bob"), f.user("carol") // neither has an email nor a domain: no conflict

	got, err := f.s.UserByID(f.ctx, alice.ID)
	f.ok("UserByID", err)
	f.eq("UserByID", alice, got)
	for _, name := range []string{"Alice", "alice", "ALICE"} {
		got, err := f.s.UserByScreenName(f.ctx, name)
		f.ok("UserByScreenName "+name, err)
		f.eq("UserByScreenName "+name, alice, got)
	}
	got, err = f.s.UserByEmail(f.ctx, "alice@example.COM")
	f.ok("UserByEmail", err)
	f.eq("UserByEmail", alice, got)
	got, err = f.s.UserByDomain(f.ctx, "alice")
	f.ok("UserByDomain", err)
	f.eq("UserByDomain", alice, got)
	cred, err := f.s.CredentialsOf(f.ctx, alice.ID)
	f.ok("CredentialsOf", err)
	f.eq("CredentialsOf", &domain.Credentials{UserID: alice.ID, PasswordHash: "argon2id$hash"}, cred)

	got, err = f.s.UserByID(f.ctx, bob.ID)
	f.ok("UserByID bob", err)
	f.eq("UserByID bob", bob, got)

	const missing = 999_999
	_, err = f.s.UserByID(f.ctx, missing)
	f.kind("UserByID missing", err, domain.KindNotFound, domain.ReasonUserNotFound)
	_, err = f.s.UserByScreenName(f.ctx, "nobody")
	f.kind("UserByScreenName missing", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.UserByEmail(f.ctx, "nobody@example.com")
	f.kind("UserByEmail missing", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.UserByEmail(f.ctx, "")
	f.kind("UserByEmail empty", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.UserByDomain(f.ctx, "nobody")
	f.kind("UserByDomain missing", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.UserByDomain(f.ctx, "")
	f.kind("UserByDomain empty", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.CredentialsOf(f.ctx, missing)
	f.kind("CredentialsOf missing", err, domain.KindNotFound, domain.ReasonNone)

	byID, err := f.s.UsersByIDs(f.ctx, []int64{alice.ID, missing, carol.ID, alice.ID})
	f.ok("UsersByIDs", err)
	f.eq("UsersByIDs", map[int64]*domain.User{alice.ID: alice, carol.ID: carol}, byID)
	byID, err = f.s.UsersByIDs(f.ctx, nil)
	f.ok("UsersByIDs empty", err)
	f.eq("UsersByIDs empty", map[int64]*domain.User{}, byID)

	// Keys are the names as asked for.
	byName, err := f.s.UsersByScreenNames(f.ctx, []string{"ALICE", "bob", "nobody"})
	f.ok("UsersByScreenNames", err)
	f.eq("UsersByScreenNames", map[string]*domain.User{"ALICE": alice, "bob": bob}, byName)
	byName, err = f.s.UsersByScreenNames(f.ctx, nil)
	f.ok("UsersByScreenNames empty", err)
	f.eq("UsersByScreenNames empty", map[string]*domain.User{}, byName)
}

func testUserConflicts(f *fx) {
	alice := &domain.User{ID: f.id(), ScreenName: "alice", Email: "alice@example.com", Domain: "al", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.CreateUser(f.ctx, alice, &domain.Credentials{UserID: alice.ID}) })

	for _, tc := range []struct {
		name string
		u    domain.User
	}{
		{"screen name, other case", domain.User{ID: f.id(), ScreenName: "ALICE"}},
		{"email, other case", domain.User{ID: f.id(), ScreenName: "alice2", Email: "Alice@Example.com"}},
		{"domain", domain.User{ID: f.id(), ScreenName: "alice3", Domain: "al"}},
		{"id", domain.User{ID: alice.ID, ScreenName: "alice4"}},
	} {
		u := tc.u
		u.CreatedAt = f.tick()
		err := f.txErr(func(tx domain.Tx) error { return tx.CreateUser(f.ctx, &u, &domain.Credentials{UserID: u.ID}) })
		if u.ID == alice.ID {
			// Not "already taken": the generated id collided, not the user's choice.
			f.idTaken("CreateUser duplicate "+tc.name, err)
		} else {
			f.kind("CreateUser duplicate "+tc.name, err, domain.KindConflict, domain.ReasonNone)
			if errors.Is(err, domain.ErrIDTaken) {
				f.t.Errorf("CreateUser duplicate %s: reported as a generated id in use: %v", tc.name, err)
			}
		}
		if u.ID != alice.ID {
			_, err = f.s.UserByID(f.ctx, u.ID)
			f.kind("user after failed CreateUser "+tc.name, err, domain.KindNotFound, domain.ReasonUserNotFound)
		}
	}
	got, err := f.s.UserByID(f.ctx, alice.ID)
	f.ok("UserByID", err)
	f.eq("alice unchanged", alice, got)
}

func testUserCounts(f *fx) {
	u := f.user("u")
	get := func() domain.UserCounts {
		f.t.Helper()
		got, err := f.s.UserByID(f.ctx, u.ID)
		f.ok("UserByID", err)
		return domain.UserCounts{Followers: got.FollowersCount, Friends: got.FriendsCount,
			BiFollowers: got.BiFollowersCount, Statuses: got.StatusesCount, Favourites: got.FavouritesCount}
	}
	add := func(d domain.UserCounts) {
		f.t.Helper()
		f.tx(func(tx domain.Tx) error { return tx.AddUserCounts(f.ctx, u.ID, d) })
	}
	add(domain.UserCounts{Followers: 3, Friends: 2, BiFollowers: 1, Statuses: 5, Favourites: 4})
	add(domain.UserCounts{Followers: 1, Statuses: 1})
	f.eq("after increments", domain.UserCounts{Followers: 4, Friends: 2, BiFollowers: 1, Statuses: 6, Favourites: 4}, get())
	add(domain.UserCounts{Followers: -10, Friends: -1, Favourites: -4})
	f.eq("clamped at zero", domain.UserCounts{Followers: 0, Friends: 1, BiFollowers: 1, Statuses: 6, Favourites: 0}, get())
	add(domain.UserCounts{})
	f.eq("after zero change", domain.UserCounts{Followers: 0, Friends: 1, BiFollowers: 1, Statuses: 6, Favourites: 0}, get())

	err := f.txErr(func(tx domain.Tx) error { return tx.AddUserCounts(f.ctx, 999_999, domain.UserCounts{Followers: 1}) })
	f.kind("AddUserCounts missing user", err, domain.KindNotFound, domain.ReasonNone)
}

// Apps and grants.

func testApps(f *fx) {
	a := &domain.App{ID: f.id(), Key: "123456", SecretHash: "sh", Name: "微博客户端", RedirectURI: "http://app.example/cb",
		Level: domain.AppLevelAdvanced, URL: "http://app.example", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.CreateApp(f.ctx, a) })
	got, err := f.s.AppByKey(f.ctx, "123456")
	f.ok("AppByKey", err)
	f.eq("AppByKey", a, got)
	got, err = f.s.AppByID(f.ctx, a.ID)
	f.ok("AppByID", err)
	f.eq("AppByID", a, got)
	_, err = f.s.AppByKey(f.ctx, "nope")
	f.kind("AppByKey missing", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.AppByID(f.ctx, 999_999)
	f.kind("AppByID missing", err, domain.KindNotFound, domain.ReasonNone)

	dup := &domain.App{ID: f.id(), Key: "123456", Level: domain.AppLevelNormal, CreatedAt: f.tick()}
	err = f.txErr(func(tx domain.Tx) error { return tx.CreateApp(f.ctx, dup) })
	f.idTaken("CreateApp duplicate key", err)
	dup = &domain.App{ID: a.ID, Key: "654321", Level: domain.AppLevelNormal, CreatedAt: f.tick()}
	err = f.txErr(func(tx domain.Tx) error { return tx.CreateApp(f.ctx, dup) })
	f.idTaken("CreateApp duplicate id", err)
}

func testTokens(f *fx) {
	exp := f.now.Add(30 * 24 * time.Hour)
	t1 := &domain.Token{AccessHash: "a1", RefreshHash: "r1", UserID: 1, AppID: 10, Scopes: []string{"all", "email"}, CreatedAt: f.tick(), ExpiresAt: exp}
	t2 := &domain.Token{AccessHash: "a2", UserID: 1, AppID: 10, CreatedAt: f.tick()}
	t3 := &domain.Token{AccessHash: "a3", RefreshHash: "r3", UserID: 1, AppID: 11, Scopes: []string{"statuses_to_me_read"}, CreatedAt: f.tick(), ExpiresAt: exp}
	t4 := &domain.Token{AccessHash: "a4", UserID: 2, AppID: 10, CreatedAt: f.tick(), ExpiresAt: exp}
	f.tx(func(tx domain.Tx) error {
		for _, t := range []*domain.Token{t1, t2, t3, t4} {
			if err := tx.CreateToken(f.ctx, t); err != nil {
				return err
			}
		}
		return nil
	})
	for _, want := range []*domain.Token{t1, t2, t3, t4} {
		got, err := f.s.TokenByAccessHash(f.ctx, want.AccessHash)
		f.ok("TokenByAccessHash", err)
		f.eq("TokenByAccessHash "+want.AccessHash, want, got)
	}
	got, err := f.s.TokenByRefreshHash(f.ctx, "r3")
	f.ok("TokenByRefreshHash", err)
	f.eq("TokenByRefreshHash", t3, got)
	_, err = f.s.TokenByRefreshHash(f.ctx, "")
	f.kind("TokenByRefreshHash empty", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.TokenByRefreshHash(f.ctx, "nope")
	f.kind("TokenByRefreshHash missing", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.TokenByAccessHash(f.ctx, "nope")
	f.kind("TokenByAccessHash missing", err, domain.KindNotFound, domain.ReasonNone)

	err = f.txErr(func(tx domain.Tx) error {
		return tx.CreateToken(f.ctx, &domain.Token{AccessHash: "a1", UserID: 3, AppID: 10, CreatedAt: f.tick()})
	})
	f.kind("CreateToken duplicate access hash", err, domain.KindConflict, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error {
		return tx.CreateToken(f.ctx, &domain.Token{AccessHash: "a5", RefreshHash: "r1", UserID: 3, AppID: 10, CreatedAt: f.tick()})
	})
	f.kind("CreateToken duplicate refresh hash", err, domain.KindConflict, domain.ReasonNone)

	revoked := func(hash string) bool {
		f.t.Helper()
		got, err := f.s.TokenByAccessHash(f.ctx, hash)
		f.ok("TokenByAccessHash", err)
		return got.Revoked
	}
	f.tx(func(tx domain.Tx) error { return tx.RevokeTokens(f.ctx, 1, 10) })
	f.eq("after RevokeTokens(1, 10)", map[string]bool{"a1": true, "a2": true, "a3": false, "a4": false},
		map[string]bool{"a1": revoked("a1"), "a2": revoked("a2"), "a3": revoked("a3"), "a4": revoked("a4")})
	f.tx(func(tx domain.Tx) error { return tx.RevokeToken(f.ctx, "a3") })
	f.tx(func(tx domain.Tx) error { return tx.RevokeToken(f.ctx, "a3") }) // again: still fine
	f.eq("after RevokeToken(a3)", map[string]bool{"a3": true, "a4": false},
		map[string]bool{"a3": revoked("a3"), "a4": revoked("a4")})
	err = f.txErr(func(tx domain.Tx) error { return tx.RevokeToken(f.ctx, "nope") })
	f.kind("RevokeToken missing", err, domain.KindNotFound, domain.ReasonNone)
}

func testAuthCodes(f *fx) {
	c := &domain.AuthCode{CodeHash: "c1", AppID: 10, UserID: 1, RedirectURI: "http://app.example/cb",
		Scopes: []string{"all"}, ExpiresAt: f.tick().Add(10 * time.Minute)}
	f.tx(func(tx domain.Tx) error { return tx.CreateAuthCode(f.ctx, c) })
	got, err := f.s.AuthCodeByHash(f.ctx, "c1")
	f.ok("AuthCodeByHash", err)
	f.eq("AuthCodeByHash", c, got)
	_, err = f.s.AuthCodeByHash(f.ctx, "nope")
	f.kind("AuthCodeByHash missing", err, domain.KindNotFound, domain.ReasonNone)

	f.tx(func(tx domain.Tx) error { return tx.UseAuthCode(f.ctx, "c1") })
	got, err = f.s.AuthCodeByHash(f.ctx, "c1")
	f.ok("AuthCodeByHash", err)
	if !got.Used {
		f.t.Errorf("code not marked used")
	}
	err = f.txErr(func(tx domain.Tx) error { return tx.UseAuthCode(f.ctx, "c1") })
	f.kind("UseAuthCode twice", err, domain.KindConflict, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error { return tx.UseAuthCode(f.ctx, "nope") })
	f.kind("UseAuthCode missing", err, domain.KindNotFound, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error {
		return tx.CreateAuthCode(f.ctx, &domain.AuthCode{CodeHash: "c1", AppID: 1, UserID: 1})
	})
	f.kind("CreateAuthCode duplicate", err, domain.KindConflict, domain.ReasonNone)
}

// Statuses.

func testStatuses(f *fx) {
	a, b := f.user("a"), f.user("b")
	full := &domain.Status{
		ID: f.id(), UserID: a.ID, AppID: 7, Text: "带图带位置 #话题# http://t.cn/x @b", CreatedAt: f.tick(),
		Visible: domain.Visibility{Type: domain.VisibleGroup, ListID: 77}, Geo: &domain.Geo{Lat: 39.9042, Long: 116.4074},
		Annotations: `[{"appid":"x"}]`, PicIDs: []string{"pic1", "pic2"}, RIP: "10.0.0.1",
		RepostsCount: 1, CommentsCount: 2, AttitudesCount: 3,
	}
	f.tx(func(tx domain.Tx) error {
		return tx.InsertStatus(f.ctx, full, []int64{b.ID, b.ID}, []string{"话题", "话题", ""}, []string{"http://t.cn/x", "http://t.cn/x"})
	})
	plain := f.status(a.ID)
	repost := f.status(b.ID, repostOf(full.ID, full.ID))

	for _, want := range []*domain.Status{full, plain, repost} {
		got, err := f.s.StatusByID(f.ctx, want.ID)
		f.ok("StatusByID", err)
		f.eq(fmt.Sprintf("StatusByID %d", want.ID), want, got)
	}
	_, err := f.s.StatusByID(f.ctx, 999_999)
	f.kind("StatusByID missing", err, domain.KindNotFound, domain.ReasonStatusNotFound)

	err = f.txErr(func(tx domain.Tx) error {
		return tx.InsertStatus(f.ctx, &domain.Status{ID: plain.ID, UserID: b.ID, Text: "x", CreatedAt: f.tick()}, nil, nil, nil)
	})
	f.idTaken("InsertStatus duplicate id", err)

	// The duplicate mention was stored once.
	m, total, err := f.s.MentionStatusIDs(f.ctx, b.ID, q(a.ID, 20))
	f.ok("MentionStatusIDs", err)
	f.eq("mentions of b (viewer a)", ids(full), m)
	f.eq("mentions total", 1, total)

	latest, err := f.s.LatestStatusOf(f.ctx, a.ID)
	f.ok("LatestStatusOf", err)
	f.eq("LatestStatusOf", plain, latest)

	f.deleteStatus(plain.ID)
	gone, err := f.s.StatusByID(f.ctx, plain.ID)
	f.ok("StatusByID deleted", err)
	if !gone.Deleted {
		f.t.Errorf("StatusByID of a deleted status: Deleted = false")
	}
	latest, err = f.s.LatestStatusOf(f.ctx, a.ID)
	f.ok("LatestStatusOf after delete", err)
	f.eq("LatestStatusOf skips deleted", full.ID, latest.ID)
	_, err = f.s.LatestStatusOf(f.ctx, f.user("c").ID)
	f.kind("LatestStatusOf none", err, domain.KindNotFound, domain.ReasonNone)

	err = f.txErr(func(tx domain.Tx) error { return tx.MarkStatusDeleted(f.ctx, 999_999) })
	f.kind("MarkStatusDeleted missing", err, domain.KindNotFound, domain.ReasonStatusNotFound)
	err = f.txErr(func(tx domain.Tx) error { return tx.MarkStatusDeleted(f.ctx, plain.ID) })
	f.kind("MarkStatusDeleted twice", err, domain.KindNotFound, domain.ReasonStatusNotFound)

	batch, err := f.s.StatusesByIDs(f.ctx, []int64{full.ID, 999_999, plain.ID, repost.ID, full.ID})
	f.ok("StatusesByIDs", err)
	if len(batch) != 3 || batch[full.ID] == nil || batch[plain.ID] == nil || batch[repost.ID] == nil {
		f.t.Errorf("StatusesByIDs: got keys %v, want the three existing ids (deleted included)", keys(batch))
	} else {
		f.eq("StatusesByIDs full", full, batch[full.ID])
		if !batch[plain.ID].Deleted {
			f.t.Errorf("StatusesByIDs: deleted status not marked Deleted")
		}
	}
	batch, err = f.s.StatusesByIDs(f.ctx, nil)
	f.ok("StatusesByIDs empty", err)
	f.eq("StatusesByIDs empty", map[int64]*domain.Status{}, batch)
}

func keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func testStatusCounts(f *fx) {
	a := f.user("a")
	s := f.status(a.ID)
	get := func() [3]int {
		f.t.Helper()
		got, err := f.s.StatusByID(f.ctx, s.ID)
		f.ok("StatusByID", err)
		return [3]int{got.RepostsCount, got.CommentsCount, got.AttitudesCount}
	}
	add := func(r, c, at int) {
		f.t.Helper()
		f.tx(func(tx domain.Tx) error { return tx.AddStatusCounts(f.ctx, s.ID, r, c, at) })
	}
	add(3, 2, 1)
	add(1, 0, 0)
	f.eq("after increments", [3]int{4, 2, 1}, get())
	add(-10, -1, 0)
	f.eq("clamped at zero", [3]int{0, 1, 1}, get())
	add(0, 0, 0)
	f.eq("after zero change", [3]int{0, 1, 1}, get())
	err := f.txErr(func(tx domain.Tx) error { return tx.AddStatusCounts(f.ctx, 999_999, 1, 0, 0) })
	f.kind("AddStatusCounts missing", err, domain.KindNotFound, domain.ReasonNone)
}

// testVisibility checks every timeline against domain.CanSee for every
// visibility type and every relationship of viewer to author.
func testVisibility(f *fx) {
	us := f.users("author", "mutual", "follower", "followee", "stranger")
	author, mutual, follower, followee, stranger := us[0], us[1], us[2], us[3], us[4]
	f.follow(author.ID, mutual.ID, mutual.ID, author.ID, follower.ID, author.ID, author.ID, followee.ID)
	follows := map[[2]int64]bool{
		{author.ID, mutual.ID}: true, {mutual.ID, author.ID}: true,
		{follower.ID, author.ID}: true, {author.ID, followee.ID}: true,
	}
	rel := func(viewer, other int64) domain.Relationship {
		return domain.Relationship{Following: follows[[2]int64{viewer, other}], FollowedBy: follows[[2]int64{other, viewer}]}
	}

	var posts []*domain.Status
	for _, typ := range []int{domain.VisiblePublic, domain.VisiblePrivate, domain.VisibleGroup, domain.VisibleCloseFriends} {
		s := &domain.Status{ID: f.id(), UserID: author.ID, AppID: 1, Text: "v", CreatedAt: f.tick(), Visible: domain.Visibility{Type: typ}}
		if typ == domain.VisibleGroup {
			s.Visible.ListID = 5
		}
		// Every post mentions everyone, so the mention timelines see the rule too.
		f.tx(func(tx domain.Tx) error {
			return tx.InsertStatus(f.ctx, s, []int64{mutual.ID, follower.ID, followee.ID, stranger.ID, author.ID}, nil, nil)
		})
		posts = append(posts, s)
	}
	deleted := f.status(author.ID)
	f.deleteStatus(deleted.ID)
	deleted.Deleted = true
	posts = append(posts, deleted)

	for _, v := range []struct {
		name string
		id   int64
	}{{"anonymous", 0}, {"author", author.ID}, {"mutual", mutual.ID}, {"follower", follower.ID},
		{"followee", followee.ID}, {"stranger", stranger.ID}} {
		var want []int64
		for _, s := range posts {
			if domain.CanSee(v.id, s, rel(v.id, author.ID), false) {
				want = append(want, s.ID)
			}
		}
		want = newestFirst(want)

		got, total, err := f.s.UserStatusIDs(f.ctx, author.ID, q(v.id, 20))
		f.ok("UserStatusIDs", err)
		f.eq("UserStatusIDs viewer "+v.name, want, got)
		f.eq("UserStatusIDs total viewer "+v.name, len(want), total)

		got, err = f.s.AuthorsStatusIDs(f.ctx, []int64{author.ID}, q(v.id, 20))
		f.ok("AuthorsStatusIDs", err)
		f.eq("AuthorsStatusIDs viewer "+v.name, want, got)

		// Search candidates go through the same rule (ids given in any order).
		cands := []int64{posts[2].ID, 999999, posts[0].ID, posts[4].ID, posts[1].ID, posts[3].ID}
		got, err = f.s.StatusIDsAmong(f.ctx, cands, domain.StatusQuery{Viewer: v.id})
		f.ok("StatusIDsAmong", err)
		f.eq("StatusIDsAmong viewer "+v.name, want, got)

		if v.id != 0 {
			// Everyone's home holds the author: followers by the edge, the others
			// only if they are the author; the mention timeline holds them all.
			got, total, err = f.s.MentionStatusIDs(f.ctx, v.id, q(v.id, 20))
			f.ok("MentionStatusIDs", err)
			f.eq("MentionStatusIDs viewer "+v.name, want, got)
			f.eq("MentionStatusIDs total viewer "+v.name, len(want), total)
			if rel(v.id, author.ID).Following || v.id == author.ID {
				got, err = f.s.HomeStatusIDs(f.ctx, v.id, q(v.id, 20))
				f.ok("HomeStatusIDs", err)
				f.eq("HomeStatusIDs viewer "+v.name, want, got)
				// Unread counts leave out one's own statuses.
				wantN := len(want)
				if v.id == author.ID {
					wantN = 0
				}
				n, err := f.s.CountHomeSince(f.ctx, v.id, 0, 100)
				f.ok("CountHomeSince", err)
				f.eq("CountHomeSince viewer "+v.name, wantN, n)
			}
		}
	}

	// The public timeline holds public statuses only, whoever asks.
	for _, viewer := range []int64{0, author.ID, mutual.ID} {
		got, err := f.s.PublicStatusIDs(f.ctx, q(viewer, 20))
		f.ok("PublicStatusIDs", err)
		f.eq(fmt.Sprintf("PublicStatusIDs viewer %d", viewer), ids(posts[0]), got)
	}
}

func testStatusPaging(f *fx) {
	p, other := f.user("p"), f.user("other")
	f.follow(p.ID, other.ID)
	var mine, home, all []int64
	for i := range 30 {
		s := f.status(p.ID)
		mine = append(mine, s.ID)
		home = append(home, s.ID)
		all = append(all, s.ID)
		if i%3 == 0 {
			o := f.status(other.ID)
			home = append(home, o.ID)
			all = append(all, o.ID)
		}
	}
	mine, home, all = newestFirst(mine), newestFirst(home), newestFirst(all)

	f.checkPaging("UserStatusIDs", mine, func(pg domain.Page) ([]int64, int, error) {
		return f.s.UserStatusIDs(f.ctx, p.ID, domain.StatusQuery{Page: pg, Viewer: other.ID})
	})
	f.checkPaging("HomeStatusIDs", home, func(pg domain.Page) ([]int64, int, error) {
		return noTotal(f.s.HomeStatusIDs(f.ctx, p.ID, domain.StatusQuery{Page: pg, Viewer: p.ID}))
	})
	f.checkPaging("AuthorsStatusIDs", home, func(pg domain.Page) ([]int64, int, error) {
		return noTotal(f.s.AuthorsStatusIDs(f.ctx, []int64{other.ID, p.ID}, domain.StatusQuery{Page: pg}))
	})
	f.checkPaging("PublicStatusIDs", all, func(pg domain.Page) ([]int64, int, error) {
		return noTotal(f.s.PublicStatusIDs(f.ctx, domain.StatusQuery{Page: pg}))
	})
}

func testTimelineFilters(f *fx) {
	u, viewer := f.user("u"), f.user("viewer")
	o1 := f.status(u.ID, func(s *domain.Status) { s.AppID = 1 })
	o2 := f.status(u.ID, func(s *domain.Status) { s.AppID = 2; s.PicIDs = []string{"p1"} })
	r1 := f.status(u.ID, repostOf(o1.ID, o1.ID), func(s *domain.Status) { s.AppID = 1 })
	r2 := f.status(u.ID, repostOf(o1.ID, r1.ID), func(s *domain.Status) { s.AppID = 2; s.PicIDs = []string{"p2", "p3"} })
	deleted := f.status(u.ID, func(s *domain.Status) { s.PicIDs = []string{"p4"} })
	f.deleteStatus(deleted.ID)

	for _, tc := range []struct {
		name   string
		filter domain.TimelineFilter
		want   []int64
	}{
		{"none", domain.TimelineFilter{}, ids(r2, r1, o2, o1)},
		{"feature original", domain.TimelineFilter{Feature: 1}, ids(o2, o1)},
		{"filter_by_type original", domain.TimelineFilter{FilterByType: 1}, ids(o2, o1)},
		{"feature picture", domain.TimelineFilter{Feature: 2}, ids(r2, o2)},
		{"feature video", domain.TimelineFilter{Feature: 3}, nil},
		{"feature music", domain.TimelineFilter{Feature: 4}, nil},
		{"feature plain text", domain.TimelineFilter{Feature: 7}, ids(o1)},
		{"base app 2, plain text", domain.TimelineFilter{BaseAppID: 2, Feature: 7}, nil},
		{"base app 1", domain.TimelineFilter{BaseAppID: 1}, ids(r1, o1)},
		{"base app 2, original", domain.TimelineFilter{BaseAppID: 2, Feature: 1}, ids(o2)},
		{"base app 2, picture", domain.TimelineFilter{BaseAppID: 2, Feature: 2}, ids(r2, o2)},
		{"base app 3", domain.TimelineFilter{BaseAppID: 3}, nil},
	} {
		// Cross-check the table against the domain's own rule.
		var byRule []int64
		for _, s := range []*domain.Status{r2, r1, o2, o1} {
			if tc.filter.Match(s) {
				byRule = append(byRule, s.ID)
			}
		}
		f.eq("table vs TimelineFilter.Match "+tc.name, byRule, tc.want)

		sq := domain.StatusQuery{Viewer: viewer.ID, Page: domain.Page{Count: 20}, Filter: tc.filter}
		got, total, err := f.s.UserStatusIDs(f.ctx, u.ID, sq)
		f.ok("UserStatusIDs", err)
		f.eq("UserStatusIDs "+tc.name, tc.want, got)
		f.eq("UserStatusIDs total "+tc.name, len(tc.want), total)
		got, err = f.s.PublicStatusIDs(f.ctx, sq)
		f.ok("PublicStatusIDs", err)
		f.eq("PublicStatusIDs "+tc.name, tc.want, got)
		got, err = f.s.AuthorsStatusIDs(f.ctx, []int64{u.ID}, sq)
		f.ok("AuthorsStatusIDs", err)
		f.eq("AuthorsStatusIDs "+tc.name, tc.want, got)
		got, err = f.s.HomeStatusIDs(f.ctx, u.ID, domain.StatusQuery{Viewer: u.ID, Page: sq.Page, Filter: tc.filter})
		f.ok("HomeStatusIDs", err)
		f.eq("HomeStatusIDs "+tc.name, tc.want, got)

		// A small page still reports the full total.
		sq.Page.Count = 1
		got, total, err = f.s.UserStatusIDs(f.ctx, u.ID, sq)
		f.ok("UserStatusIDs", err)
		f.eq("UserStatusIDs count 1 "+tc.name, tc.want[:min(1, len(tc.want))], got)
		f.eq("UserStatusIDs count 1 total "+tc.name, len(tc.want), total)
	}
}

// testAuthorFilters: FilterByAuthor 1 keeps authors the viewer follows, 2
// keeps the others ("people I do not follow", the viewer included).
func testAuthorFilters(f *fx) {
	us := f.users("viewer", "followed", "stranger")
	viewer, followed, stranger := us[0], us[1], us[2]
	f.follow(viewer.ID, followed.ID)
	sv := f.status(viewer.ID)
	sf := f.status(followed.ID)
	ss := f.status(stranger.ID)
	authors := []int64{viewer.ID, followed.ID, stranger.ID}

	for _, tc := range []struct {
		name   string
		viewer int64
		by     int
		public []int64
		home   []int64
	}{
		{"all", viewer.ID, 0, ids(ss, sf, sv), ids(sf, sv)},
		{"followed", viewer.ID, 1, ids(sf), ids(sf)},
		{"strangers", viewer.ID, 2, ids(ss, sv), ids(sv)},
		{"anonymous followed", 0, 1, nil, nil},
		{"anonymous strangers", 0, 2, ids(ss, sf, sv), nil},
	} {
		sq := domain.StatusQuery{Viewer: tc.viewer, Page: domain.Page{Count: 20}, Filter: domain.TimelineFilter{FilterByAuthor: tc.by}}
		got, err := f.s.PublicStatusIDs(f.ctx, sq)
		f.ok("PublicStatusIDs", err)
		f.eq("PublicStatusIDs "+tc.name, tc.public, got)
		got, err = f.s.AuthorsStatusIDs(f.ctx, authors, sq)
		f.ok("AuthorsStatusIDs", err)
		f.eq("AuthorsStatusIDs "+tc.name, tc.public, got)
		if tc.viewer != 0 {
			got, err = f.s.HomeStatusIDs(f.ctx, viewer.ID, sq)
			f.ok("HomeStatusIDs", err)
			f.eq("HomeStatusIDs "+tc.name, tc.home, got)
		}
		var want []int64
		if slices.Contains(tc.public, ss.ID) {
			want = ids(ss)
		}
		got, total, err := f.s.UserStatusIDs(f.ctx, stranger.ID, sq)
		f.ok("UserStatusIDs", err)
		f.eq("UserStatusIDs of the stranger "+tc.name, want, got)
		f.eq("UserStatusIDs total "+tc.name, len(want), total)
	}
}

func testHome(f *fx) {
	us := f.users("v", "a", "b", "c")
	v, a, b, c := us[0], us[1], us[2], us[3]
	f.follow(v.ID, a.ID, v.ID, b.ID, a.ID, v.ID) // v ↔ a mutual; v → b
	var want []int64
	for i := range 5 {
		want = append(want, f.status(v.ID).ID, f.status(a.ID).ID, f.status(b.ID).ID)
		f.status(c.ID) // not followed
		if i == 2 {
			want = append(want, f.status(a.ID, visible(domain.VisibleCloseFriends)).ID) // mutual: seen
			f.status(b.ID, visible(domain.VisibleCloseFriends))                         // one-way: hidden
			f.status(b.ID, visible(domain.VisiblePrivate))
			want = append(want, f.status(v.ID, visible(domain.VisiblePrivate)).ID) // own: seen
			d := f.status(a.ID)
			f.deleteStatus(d.ID)
		}
	}
	want = newestFirst(want)
	got, err := f.s.HomeStatusIDs(f.ctx, v.ID, q(v.ID, 100))
	f.ok("HomeStatusIDs", err)
	f.eq("HomeStatusIDs", want, got)

	// Another viewer looking at v's home sees what they may see of it.
	got, err = f.s.HomeStatusIDs(f.ctx, v.ID, q(c.ID, 100))
	f.ok("HomeStatusIDs other viewer", err)
	var public []int64
	for _, id := range want {
		s, err := f.s.StatusByID(f.ctx, id)
		f.ok("StatusByID", err)
		if s.Visible.Type == domain.VisiblePublic {
			public = append(public, id)
		}
	}
	f.eq("HomeStatusIDs of v seen by c", public, got)

	// Unfollowing drops the author from the home timeline.
	f.tx(func(tx domain.Tx) error { return tx.Unfollow(f.ctx, v.ID, b.ID) })
	var withoutB []int64
	for _, id := range want {
		s, err := f.s.StatusByID(f.ctx, id)
		f.ok("StatusByID", err)
		if s.UserID != b.ID {
			withoutB = append(withoutB, id)
		}
	}
	got, err = f.s.HomeStatusIDs(f.ctx, v.ID, q(v.ID, 100))
	f.ok("HomeStatusIDs after unfollow", err)
	f.eq("HomeStatusIDs after unfollow", withoutB, got)

	// A user who follows nobody sees their own statuses.
	got, err = f.s.HomeStatusIDs(f.ctx, c.ID, q(c.ID, 100))
	f.ok("HomeStatusIDs of c", err)
	if len(got) != 5 {
		f.t.Errorf("HomeStatusIDs of a user following nobody: %d ids, want their 5", len(got))
	}
	got, err = f.s.AuthorsStatusIDs(f.ctx, nil, q(v.ID, 100))
	f.ok("AuthorsStatusIDs no authors", err)
	f.eq("AuthorsStatusIDs no authors", []int64(nil), got)
}

// testHomeManyFollowees crosses any per-query author limit a store may have.
func testHomeManyFollowees(f *fx) {
	v := f.user("v")
	var all []int64
	var authors []int64
	f.tx(func(tx domain.Tx) error {
		for i := range 450 {
			u := &domain.User{ID: f.id(), ScreenName: fmt.Sprintf("u%d", i), CreatedAt: f.tick()}
			if err := tx.CreateUser(f.ctx, u, &domain.Credentials{UserID: u.ID}); err != nil {
				return err
			}
			if err := tx.Follow(f.ctx, v.ID, u.ID, f.tick(), ""); err != nil {
				return err
			}
			authors = append(authors, u.ID)
		}
		for i := range 900 {
			s := &domain.Status{ID: f.id(), UserID: authors[(i*7)%len(authors)], Text: "x", CreatedAt: f.tick()}
			if err := tx.InsertStatus(f.ctx, s, nil, nil, nil); err != nil {
				return err
			}
			all = append(all, s.ID)
		}
		return nil
	})
	all = newestFirst(all)
	f.checkPaging("HomeStatusIDs 450 followees", all, func(pg domain.Page) ([]int64, int, error) {
		return noTotal(f.s.HomeStatusIDs(f.ctx, v.ID, domain.StatusQuery{Page: pg, Viewer: v.ID}))
	})
	f.checkPaging("AuthorsStatusIDs 450 authors", all, func(pg domain.Page) ([]int64, int, error) {
		return noTotal(f.s.AuthorsStatusIDs(f.ctx, authors, domain.StatusQuery{Page: pg, Viewer: v.ID}))
	})
	n, err := f.s.CountHomeSince(f.ctx, v.ID, all[100], 1000)
	f.ok("CountHomeSince", err)
	f.eq("CountHomeSince", 100, n)
}

// testLatestStatusIDs: each author's newest status the viewer may see, in
// one call, for more authors than one query takes.
func testLatestStatusIDs(f *fx) {
	us := f.users("a", "b", "c", "v")
	a, b, c, v := us[0], us[1], us[2], us[3]
	aOld := f.status(a.ID)
	aPriv := f.status(a.ID, visible(domain.VisiblePrivate))
	bOld := f.status(b.ID)
	bNew := f.status(b.ID)
	f.deleteStatus(bNew.ID)
	// c never posted.
	authors := []int64{a.ID, b.ID, c.ID, a.ID}
	for _, tc := range []struct {
		name   string
		viewer int64
		want   map[int64]int64
	}{
		{"stranger", v.ID, map[int64]int64{a.ID: aOld.ID, b.ID: bOld.ID}},
		{"anonymous", 0, map[int64]int64{a.ID: aOld.ID, b.ID: bOld.ID}},
		{"the author", a.ID, map[int64]int64{a.ID: aPriv.ID, b.ID: bOld.ID}},
	} {
		got, err := f.s.LatestStatusIDs(f.ctx, authors, tc.viewer)
		f.ok("LatestStatusIDs "+tc.name, err)
		f.eq("LatestStatusIDs "+tc.name, tc.want, got)
	}
	got, err := f.s.LatestStatusIDs(f.ctx, nil, v.ID)
	f.ok("LatestStatusIDs none", err)
	f.eq("LatestStatusIDs none", map[int64]int64{}, got)

	// More authors than one query's arms.
	many := f.users(func() []string {
		names := make([]string, 450)
		for i := range names {
			names[i] = fmt.Sprintf("m%d", i)
		}
		return names
	}()...)
	want := map[int64]int64{}
	var ids []int64
	for i, u := range many {
		ids = append(ids, u.ID)
		if i%3 != 0 {
			want[u.ID] = f.status(u.ID).ID
		}
	}
	got, err = f.s.LatestStatusIDs(f.ctx, ids, v.ID)
	f.ok("LatestStatusIDs 450", err)
	f.eq("LatestStatusIDs 450", want, got)
}

func testCountHomeSince(f *fx) {
	us := f.users("v", "a", "c")
	v, a, c := us[0], us[1], us[2]
	f.follow(v.ID, a.ID)
	var home []int64 // what counts as unread: followees' visible statuses, not v's own
	for range 6 {
		f.status(v.ID)
		home = append(home, f.status(a.ID).ID)
		f.status(c.ID)
		f.status(a.ID, visible(domain.VisiblePrivate))
	}
	home = newestFirst(home)
	for _, tc := range []struct {
		since int64
		limit int
		want  int
	}{
		{0, 100, 6},
		{0, 5, 5},
		{home[4], 100, 4},
		{home[4], 3, 3},
		{home[0], 100, 0},
		{0, 0, 0},
	} {
		n, err := f.s.CountHomeSince(f.ctx, v.ID, tc.since, tc.limit)
		f.ok("CountHomeSince", err)
		f.eq(fmt.Sprintf("CountHomeSince(since %d, limit %d)", tc.since, tc.limit), tc.want, n)
	}
}

// testHomeOriginals: the originals among the unread home statuses (not
// reposts), and their own read mark, which only moves forward.
func testHomeOriginals(f *fx) {
	us := f.users("v", "a", "c")
	v, a, c := us[0], us[1], us[2]
	f.follow(v.ID, a.ID)
	root := f.status(c.ID)
	o1 := f.status(a.ID)
	f.status(a.ID, repostOf(root.ID, root.ID))
	o2 := f.status(a.ID)
	n, err := f.s.CountHomeOriginalsSince(f.ctx, v.ID, 0, 100)
	f.ok("CountHomeOriginalsSince", err)
	f.eq("originals", 2, n)
	n, err = f.s.CountHomeOriginalsSince(f.ctx, v.ID, o1.ID, 100)
	f.ok("CountHomeOriginalsSince since", err)
	f.eq("originals since the first", 1, n)
	mark, err := f.s.HomeOriginalsMark(f.ctx, v.ID)
	f.ok("HomeOriginalsMark", err)
	f.eq("no mark", int64(0), mark)
	f.tx(func(tx domain.Tx) error { return tx.SetHomeOriginalsMark(f.ctx, v.ID, o2.ID) })
	f.tx(func(tx domain.Tx) error { return tx.SetHomeOriginalsMark(f.ctx, v.ID, o1.ID) })
	mark, err = f.s.HomeOriginalsMark(f.ctx, v.ID)
	f.ok("HomeOriginalsMark after", err)
	f.eq("mark only moves forward", o2.ID, mark)
}

func testReposts(f *fx) {
	us := f.users("a", "b", "c", "d")
	a, b, c, d := us[0], us[1], us[2], us[3]
	o := f.status(a.ID)
	other := f.status(a.ID)
	r1 := f.status(b.ID, repostOf(o.ID, o.ID))
	r2 := f.status(c.ID, repostOf(o.ID, r1.ID))
	r3 := f.status(d.ID, repostOf(o.ID, r2.ID))
	f.status(b.ID, repostOf(other.ID, other.ID))
	r4 := f.status(d.ID, repostOf(o.ID, o.ID), visible(domain.VisiblePrivate))
	r5 := f.status(c.ID, repostOf(o.ID, o.ID))
	f.deleteStatus(r5.ID)
	f.status(b.ID) // an original by b

	for _, tc := range []struct {
		name   string
		id     int64
		viewer int64
		want   []int64
	}{
		{"root", o.ID, a.ID, ids(r3, r2, r1)},
		{"root seen by its reposter", o.ID, d.ID, ids(r4, r3, r2, r1)},
		{"a repost's reposts", r1.ID, a.ID, ids(r2)},
		{"a repost of a repost", r2.ID, 0, ids(r3)},
		{"none", r3.ID, 0, nil},
	} {
		got, total, err := f.s.RepostIDs(f.ctx, tc.id, q(tc.viewer, 20))
		f.ok("RepostIDs", err)
		f.eq("RepostIDs "+tc.name, tc.want, got)
		f.eq("RepostIDs total "+tc.name, len(tc.want), total)
	}
	got, total, err := f.s.RepostIDs(f.ctx, o.ID, domain.StatusQuery{Viewer: a.ID, Page: domain.Page{Count: 1, Page: 2}})
	f.ok("RepostIDs page 2", err)
	f.eq("RepostIDs page 2", ids(r2), got)
	f.eq("RepostIDs page 2 total", 3, total)

	byB, err := f.s.RepostsByUserIDs(f.ctx, b.ID, q(b.ID, 20))
	f.ok("RepostsByUserIDs", err)
	if len(byB) != 2 || byB[1] != r1.ID {
		f.t.Errorf("RepostsByUserIDs(b) = %v, want b's two reposts, the older %d", byB, r1.ID)
	}
	byD, err := f.s.RepostsByUserIDs(f.ctx, d.ID, q(a.ID, 20))
	f.ok("RepostsByUserIDs", err)
	f.eq("RepostsByUserIDs(d) seen by a", ids(r3), byD)
}

func testMentions(f *fx) {
	us := f.users("u", "a", "b", "c")
	u, a, b, c := us[0], us[1], us[2], us[3]
	mention := func(author int64, opts ...func(*domain.Status)) *domain.Status {
		s := &domain.Status{ID: f.id(), UserID: author, AppID: 1, Text: "@u", CreatedAt: f.tick()}
		for _, o := range opts {
			o(s)
		}
		f.tx(func(tx domain.Tx) error { return tx.InsertStatus(f.ctx, s, []int64{u.ID, u.ID}, nil, nil) })
		return s
	}
	var want []int64
	for range 8 {
		want = append(want, mention(a.ID).ID, mention(b.ID).ID)
	}
	hidden := mention(c.ID, visible(domain.VisiblePrivate))
	gone := mention(a.ID)
	f.deleteStatus(gone.ID)
	f.status(a.ID) // mentions nobody
	want = newestFirst(want)

	f.checkPaging("MentionStatusIDs", want, func(p domain.Page) ([]int64, int, error) {
		return f.s.MentionStatusIDs(f.ctx, u.ID, domain.StatusQuery{Viewer: u.ID, Page: p})
	})
	got, _, err := f.s.MentionStatusIDs(f.ctx, u.ID, q(c.ID, 100))
	f.ok("MentionStatusIDs", err)
	if !slices.Contains(got, hidden.ID) {
		f.t.Errorf("MentionStatusIDs seen by the private status' author lacks it")
	}
}

// Comments.

// testCommentVisibility: a comment is as visible as its status, in every
// comment timeline, with totals that agree.
func testCommentVisibility(f *fx) {
	us := f.users("o", "a", "x")
	o, a, x := us[0], us[1], us[2]
	pub := f.status(o.ID)
	priv := f.status(o.ID, visible(domain.VisiblePrivate))
	gone := f.status(o.ID)
	cPub := f.comment(pub.ID, a.ID, 0)
	cPriv := &domain.Comment{ID: f.id(), StatusID: priv.ID, UserID: a.ID, AppID: 1, Text: "@x", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.InsertComment(f.ctx, cPriv, []int64{x.ID}) })
	cGone := &domain.Comment{ID: f.id(), StatusID: gone.ID, UserID: a.ID, AppID: 1, Text: "@x", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.InsertComment(f.ctx, cGone, []int64{x.ID}) })
	f.deleteStatus(gone.ID)

	q := func(viewer int64) domain.CommentQuery {
		return domain.CommentQuery{Page: domain.Page{Count: 50}, Viewer: viewer}
	}
	for _, tc := range []struct {
		name string
		list func() ([]int64, int, error)
		want []int64
	}{
		// The author of the private status sees the comment on it; the
		// commenter (not its author) and a mentioned stranger do not.
		{"CommentsToUser o", func() ([]int64, int, error) { return f.s.CommentsToUser(f.ctx, o.ID, q(o.ID)) }, ids(cPriv, cPub)},
		{"CommentsByUser a (viewer a)", func() ([]int64, int, error) { return f.s.CommentsByUser(f.ctx, a.ID, q(a.ID)) }, ids(cPub)},
		{"CommentsByUser a (viewer o)", func() ([]int64, int, error) { return f.s.CommentsByUser(f.ctx, a.ID, q(o.ID)) }, ids(cPriv, cPub)},
		{"CommentsInvolving a", func() ([]int64, int, error) { return f.s.CommentsInvolving(f.ctx, a.ID, q(a.ID)) }, ids(cPub)},
		{"CommentMentionIDs x", func() ([]int64, int, error) { return f.s.CommentMentionIDs(f.ctx, x.ID, q(x.ID)) }, nil},
		{"CommentsOnStatus priv (viewer x)", func() ([]int64, int, error) { return f.s.CommentsOnStatus(f.ctx, priv.ID, q(x.ID)) }, nil},
		{"CommentsOnStatus gone (viewer o)", func() ([]int64, int, error) { return f.s.CommentsOnStatus(f.ctx, gone.ID, q(o.ID)) }, nil},
	} {
		got, total, err := tc.list()
		f.ok(tc.name, err)
		f.eq(tc.name, tc.want, got)
		f.eq(tc.name+" total", len(tc.want), total)
	}
}

func testComments(f *fx) {
	us := f.users("o", "a", "b", "u")
	o, a, b, u := us[0], us[1], us[2], us[3]
	s1, s2, sb := f.status(o.ID), f.status(o.ID), f.status(b.ID)

	c1 := &domain.Comment{ID: f.id(), StatusID: s1.ID, UserID: a.ID, AppID: 1, Text: "沙发 @u", CreatedAt: f.tick(), RIP: "10.0.0.2"}
	f.tx(func(tx domain.Tx) error { return tx.InsertComment(f.ctx, c1, []int64{u.ID, u.ID}) })
	c2 := f.comment(s1.ID, o.ID, 0)     // o on own status
	c3 := f.comment(s1.ID, b.ID, c1.ID) // b replies to a on o's status
	c4 := f.comment(s2.ID, a.ID, c2.ID) // a replies to o
	c5 := f.comment(sb.ID, o.ID, c3.ID) // o replies to b on b's status
	c6 := &domain.Comment{ID: f.id(), StatusID: sb.ID, UserID: b.ID, AppID: 2, Text: "@u", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.InsertComment(f.ctx, c6, []int64{u.ID}) })

	got, err := f.s.CommentByID(f.ctx, c1.ID)
	f.ok("CommentByID", err)
	f.eq("CommentByID", c1, got)
	_, err = f.s.CommentByID(f.ctx, 999_999)
	f.kind("CommentByID missing", err, domain.KindNotFound, domain.ReasonCommentNotFound)
	batch, err := f.s.CommentsByIDs(f.ctx, []int64{c1.ID, c3.ID, 999_999})
	f.ok("CommentsByIDs", err)
	f.eq("CommentsByIDs", map[int64]*domain.Comment{c1.ID: c1, c3.ID: c3}, batch)

	err = f.txErr(func(tx domain.Tx) error {
		return tx.InsertComment(f.ctx, &domain.Comment{ID: c1.ID, StatusID: s1.ID, UserID: b.ID, CreatedAt: f.tick()}, nil)
	})
	f.idTaken("InsertComment duplicate", err)

	cq := domain.CommentQuery{Page: domain.Page{Count: 50}}
	for _, tc := range []struct {
		name string
		list func() ([]int64, int, error)
		want []int64
	}{
		{"CommentsOnStatus s1", func() ([]int64, int, error) { return f.s.CommentsOnStatus(f.ctx, s1.ID, cq) }, ids(c3, c2, c1)},
		{"CommentsOnStatus s2", func() ([]int64, int, error) { return f.s.CommentsOnStatus(f.ctx, s2.ID, cq) }, ids(c4)},
		{"CommentsByUser a", func() ([]int64, int, error) { return f.s.CommentsByUser(f.ctx, a.ID, cq) }, ids(c4, c1)},
		{"CommentsByUser o", func() ([]int64, int, error) { return f.s.CommentsByUser(f.ctx, o.ID, cq) }, ids(c5, c2)},
		{"CommentsToUser o", func() ([]int64, int, error) { return f.s.CommentsToUser(f.ctx, o.ID, cq) }, ids(c4, c3, c1)},
		{"CommentsToUser a", func() ([]int64, int, error) { return f.s.CommentsToUser(f.ctx, a.ID, cq) }, ids(c3)},
		{"CommentsToUser b", func() ([]int64, int, error) { return f.s.CommentsToUser(f.ctx, b.ID, cq) }, ids(c5)},
		{"CommentsToUser u", func() ([]int64, int, error) { return f.s.CommentsToUser(f.ctx, u.ID, cq) }, nil},
		{"CommentsInvolving o", func() ([]int64, int, error) { return f.s.CommentsInvolving(f.ctx, o.ID, cq) }, ids(c5, c4, c3, c2, c1)},
		{"CommentsInvolving b", func() ([]int64, int, error) { return f.s.CommentsInvolving(f.ctx, b.ID, cq) }, ids(c6, c5, c3)},
		{"CommentMentionIDs u", func() ([]int64, int, error) { return f.s.CommentMentionIDs(f.ctx, u.ID, cq) }, ids(c6, c1)},
		{"CommentMentionIDs a", func() ([]int64, int, error) { return f.s.CommentMentionIDs(f.ctx, a.ID, cq) }, nil},
	} {
		got, total, err := tc.list()
		f.ok(tc.name, err)
		f.eq(tc.name, tc.want, got)
		f.eq(tc.name+" total", len(tc.want), total)
	}
}

func testCommentFilters(f *fx) {
	us := f.users("o", "a", "b")
	o, a, b := us[0], us[1], us[2]
	f.follow(o.ID, a.ID)
	s := f.status(o.ID)
	c1 := f.comment(s.ID, a.ID, 0)
	c2 := f.comment(s.ID, b.ID, 0, func(c *domain.Comment) { c.AppID = 2 })
	c3 := f.comment(s.ID, o.ID, 0, func(c *domain.Comment) { c.AppID = 2 })
	c4 := f.comment(s.ID, a.ID, 0, func(c *domain.Comment) { c.AppID = 2 })

	for _, tc := range []struct {
		name   string
		q      domain.CommentQuery
		on, to []int64
	}{
		{"all", domain.CommentQuery{Viewer: o.ID}, ids(c4, c3, c2, c1), ids(c4, c2, c1)},
		{"followed", domain.CommentQuery{Viewer: o.ID, FilterAuthor: 1}, ids(c4, c1), ids(c4, c1)},
		{"strangers", domain.CommentQuery{Viewer: o.ID, FilterAuthor: 2}, ids(c3, c2), ids(c2)},
		{"base app", domain.CommentQuery{Viewer: o.ID, BaseAppID: 2}, ids(c4, c3, c2), ids(c4, c2)},
		{"base app, followed", domain.CommentQuery{Viewer: o.ID, BaseAppID: 2, FilterAuthor: 1}, ids(c4), ids(c4)},
		{"anonymous followed", domain.CommentQuery{FilterAuthor: 1}, nil, nil},
		{"anonymous strangers", domain.CommentQuery{FilterAuthor: 2}, ids(c4, c3, c2, c1), ids(c4, c2, c1)},
	} {
		tc.q.Page.Count = 50
		got, total, err := f.s.CommentsOnStatus(f.ctx, s.ID, tc.q)
		f.ok("CommentsOnStatus", err)
		f.eq("CommentsOnStatus "+tc.name, tc.on, got)
		f.eq("CommentsOnStatus total "+tc.name, len(tc.on), total)
		got, total, err = f.s.CommentsToUser(f.ctx, o.ID, tc.q)
		f.ok("CommentsToUser", err)
		f.eq("CommentsToUser "+tc.name, tc.to, got)
		f.eq("CommentsToUser total "+tc.name, len(tc.to), total)
	}
}

func testCommentPaging(f *fx) {
	us := f.users("o", "a")
	o, a := us[0], us[1]
	s, other := f.status(o.ID), f.status(o.ID)
	var on, byA []int64
	for i := range 24 {
		c := f.comment(s.ID, a.ID, 0)
		on = append(on, c.ID)
		byA = append(byA, c.ID)
		if i%4 == 0 {
			byA = append(byA, f.comment(other.ID, a.ID, 0).ID)
		}
	}
	on, byA = newestFirst(on), newestFirst(byA)
	f.checkPaging("CommentsOnStatus", on, func(p domain.Page) ([]int64, int, error) {
		return f.s.CommentsOnStatus(f.ctx, s.ID, domain.CommentQuery{Page: p, Viewer: o.ID})
	})
	f.checkPaging("CommentsByUser", byA, func(p domain.Page) ([]int64, int, error) {
		return f.s.CommentsByUser(f.ctx, a.ID, domain.CommentQuery{Page: p})
	})
	f.checkPaging("CommentsToUser", byA, func(p domain.Page) ([]int64, int, error) {
		return f.s.CommentsToUser(f.ctx, o.ID, domain.CommentQuery{Page: p})
	})
}

func testCommentDeletes(f *fx) {
	us := f.users("o", "a", "u")
	o, a, u := us[0], us[1], us[2]
	s1, s2 := f.status(o.ID), f.status(o.ID)
	c1 := &domain.Comment{ID: f.id(), StatusID: s1.ID, UserID: a.ID, Text: "@u", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.InsertComment(f.ctx, c1, []int64{u.ID}) })
	f.comment(s1.ID, a.ID, 0)
	f.comment(s1.ID, o.ID, 0)
	c4 := f.comment(s2.ID, a.ID, 0)

	f.tx(func(tx domain.Tx) error { return tx.DeleteComment(f.ctx, c1.ID) })
	_, err := f.s.CommentByID(f.ctx, c1.ID)
	f.kind("CommentByID deleted", err, domain.KindNotFound, domain.ReasonCommentNotFound)
	m, total, err := f.s.CommentMentionIDs(f.ctx, u.ID, domain.CommentQuery{Page: domain.Page{Count: 20}})
	f.ok("CommentMentionIDs", err)
	f.eq("mentions of a deleted comment", []int64(nil), m)
	f.eq("mentions total", 0, total)
	err = f.txErr(func(tx domain.Tx) error { return tx.DeleteComment(f.ctx, c1.ID) })
	f.kind("DeleteComment twice", err, domain.KindNotFound, domain.ReasonCommentNotFound)

	var n int
	f.tx(func(tx domain.Tx) error {
		var err error
		n, err = tx.DeleteCommentsOfStatus(f.ctx, s1.ID)
		return err
	})
	f.eq("DeleteCommentsOfStatus", 2, n)
	f.tx(func(tx domain.Tx) error {
		var err error
		n, err = tx.DeleteCommentsOfStatus(f.ctx, s1.ID)
		return err
	})
	f.eq("DeleteCommentsOfStatus again", 0, n)
	left, total, err := f.s.CommentsByUser(f.ctx, a.ID, domain.CommentQuery{Page: domain.Page{Count: 20}})
	f.ok("CommentsByUser", err)
	f.eq("comments left", ids(c4), left)
	f.eq("comments left total", 1, total)
}

// Graph.

func testFollows(f *fx) {
	us := f.users("a", "b", "c")
	a, b, c := us[0], us[1], us[2]
	f.follow(a.ID, b.ID, b.ID, a.ID, a.ID, c.ID)
	err := f.txErr(func(tx domain.Tx) error { return tx.Follow(f.ctx, a.ID, b.ID, f.tick(), "") })
	f.kind("Follow twice", err, domain.KindConflict, domain.ReasonNone)

	const missing = 999_999
	rels, err := f.s.Relationships(f.ctx, a.ID, []int64{b.ID, c.ID, missing, a.ID})
	f.ok("Relationships", err)
	f.eq("Relationships", map[int64]domain.Relationship{
		b.ID: {Following: true, FollowedBy: true}, c.ID: {Following: true}, missing: {}, a.ID: {},
	}, rels)
	rels, err = f.s.Relationships(f.ctx, c.ID, []int64{a.ID, b.ID})
	f.ok("Relationships", err)
	f.eq("Relationships of c", map[int64]domain.Relationship{a.ID: {FollowedBy: true}, b.ID: {}}, rels)
	rels, err = f.s.Relationships(f.ctx, 0, []int64{a.ID})
	f.ok("Relationships anonymous", err)
	f.eq("Relationships anonymous", map[int64]domain.Relationship{a.ID: {}}, rels)
	rels, err = f.s.Relationships(f.ctx, a.ID, nil)
	f.ok("Relationships empty", err)
	f.eq("Relationships empty", map[int64]domain.Relationship{}, rels)

	f.tx(func(tx domain.Tx) error { return tx.Unfollow(f.ctx, a.ID, b.ID) })
	err = f.txErr(func(tx domain.Tx) error { return tx.Unfollow(f.ctx, a.ID, b.ID) })
	f.kind("Unfollow twice", err, domain.KindNotFound, domain.ReasonNone)
	rels, err = f.s.Relationships(f.ctx, a.ID, []int64{b.ID})
	f.ok("Relationships", err)
	f.eq("Relationships after unfollow", map[int64]domain.Relationship{b.ID: {FollowedBy: true}}, rels)
	// Following again after an unfollow works.
	f.follow(a.ID, b.ID)
}

func testFollowLists(f *fx) {
	// x follows f1..f12 in that order; f1, f4, f7, f10 follow x back;
	// y follows f3..f8 and z; 15 users follow f1.
	x, y, z := f.user("x"), f.user("y"), f.user("z")
	var friends []int64
	for i := range 12 {
		friends = append(friends, f.user(fmt.Sprintf("f%d", i+1)).ID)
	}
	for _, id := range friends {
		f.follow(x.ID, id)
	}
	var bilateral []int64
	for i := 0; i < 12; i += 3 {
		f.follow(friends[i], x.ID)
		bilateral = append(bilateral, friends[i])
	}
	f.follow(y.ID, z.ID)
	var common []int64
	for i := 7; i >= 2; i-- { // y's order differs from x's: the result follows x's
		f.follow(y.ID, friends[i])
		common = append(common, friends[i])
	}
	var followers []int64
	for i := range 15 {
		u := f.user(fmt.Sprintf("g%d", i))
		f.follow(u.ID, friends[0])
		followers = append(followers, u.ID)
	}
	followers = append([]int64{x.ID}, followers...) // x followed f1 first

	reverse := func(xs []int64) []int64 { out := slices.Clone(xs); slices.Reverse(out); return out }
	slices.Sort(common)
	common = reverse(common) // x followed friends in id order, so newest follow = highest id

	for _, tc := range []struct {
		name string
		all  []int64 // newest first
		list func(c domain.Cursor) ([]int64, int, error)
	}{
		{"FriendIDs", reverse(friends), func(c domain.Cursor) ([]int64, int, error) { return f.s.FriendIDs(f.ctx, x.ID, c) }},
		{"FollowerIDs", reverse(followers), func(c domain.Cursor) ([]int64, int, error) { return f.s.FollowerIDs(f.ctx, friends[0], c) }},
		{"BilateralIDs", reverse(bilateral), func(c domain.Cursor) ([]int64, int, error) { return f.s.BilateralIDs(f.ctx, x.ID, c) }},
		{"CommonFriendIDs", common, func(c domain.Cursor) ([]int64, int, error) { return f.s.CommonFriendIDs(f.ctx, x.ID, y.ID, c) }},
	} {
		n := len(tc.all)
		for _, c := range []domain.Cursor{
			{Cursor: 0, Count: 100}, {Cursor: 0, Count: 2}, {Cursor: 2, Count: 2}, {Cursor: n - 1, Count: 5},
			{Cursor: n, Count: 5}, {Cursor: n + 10, Count: 5}, {Cursor: 0, Count: 0}, {Cursor: 1, Count: n},
		} {
			got, total, err := tc.list(c)
			f.ok(tc.name, err)
			var want []int64
			if c.Count > 0 && c.Cursor < n {
				want = tc.all[c.Cursor:min(n, c.Cursor+c.Count)]
			}
			f.eq(fmt.Sprintf("%s %+v", tc.name, c), want, got)
			f.eq(fmt.Sprintf("%s %+v total", tc.name, c), n, total)
		}
	}

	asc := slices.Clone(followers)
	slices.Sort(asc)
	var streamed []int64
	after := int64(0)
	for {
		page, err := f.s.FollowerIDsAfter(f.ctx, friends[0], after, 4)
		f.ok("FollowerIDsAfter", err)
		if len(page) == 0 {
			break
		}
		if len(page) > 4 {
			f.t.Fatalf("FollowerIDsAfter returned %d ids, limit 4", len(page))
		}
		streamed = append(streamed, page...)
		after = page[len(page)-1]
	}
	f.eq("FollowerIDsAfter streamed", asc, streamed)
	got, err := f.s.FollowerIDsAfter(f.ctx, friends[0], asc[2], 3)
	f.ok("FollowerIDsAfter", err)
	f.eq("FollowerIDsAfter middle", asc[3:6], got)
	got, err = f.s.FollowerIDsAfter(f.ctx, z.ID, 0, 10)
	f.ok("FollowerIDsAfter", err)
	f.eq("FollowerIDsAfter z", ids(y), got)
}

// Unread counters.

func testUnread(f *fx) {
	u, other := f.user("u"), f.user("other")
	counts, mark, err := f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("Unread of a new user", domain.UnreadCounts{}, counts)
	f.eq("home mark of a new user", int64(0), mark)

	kinds := []string{"status", "follower", "cmt", "dm", "mention_status", "mention_cmt", "group",
		"private_group", "notice", "invite", "badge", "photo", "msgbox"}
	f.tx(func(tx domain.Tx) error {
		for i, k := range kinds {
			if err := tx.AddUnread(f.ctx, u.ID, k, i+1); err != nil {
				return err
			}
		}
		return tx.AddUnread(f.ctx, other.ID, "cmt", 100)
	})
	counts, _, err = f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("Unread by kind", domain.UnreadCounts{Status: 1, Follower: 2, Cmt: 3, DM: 4, MentionStatus: 5, MentionCmt: 6,
		Group: 7, PrivateGroup: 8, Notice: 9, Invite: 10, Badge: 11, Photo: 12, Msgbox: 13}, counts)

	f.tx(func(tx domain.Tx) error {
		for _, step := range []struct {
			kind string
			n    int
		}{{"cmt", 2}, {"dm", -10}, {"status", -1}, {"follower", 0}} {
			if err := tx.AddUnread(f.ctx, u.ID, step.kind, step.n); err != nil {
				return err
			}
		}
		if err := tx.ClearUnread(f.ctx, u.ID, "mention_status"); err != nil {
			return err
		}
		return tx.ClearUnread(f.ctx, u.ID, "mention_cmt")
	})
	counts, _, err = f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("Unread after changes", domain.UnreadCounts{Status: 0, Follower: 2, Cmt: 5, DM: 0, MentionStatus: 0, MentionCmt: 0,
		Group: 7, PrivateGroup: 8, Notice: 9, Invite: 10, Badge: 11, Photo: 12, Msgbox: 13}, counts)
	counts, _, err = f.s.Unread(f.ctx, other.ID)
	f.ok("Unread", err)
	f.eq("Unread of other", domain.UnreadCounts{Cmt: 100}, counts)

	// A negative first change starts at zero; clearing an untouched counter is fine.
	third := f.user("third")
	f.tx(func(tx domain.Tx) error {
		if err := tx.AddUnread(f.ctx, third.ID, "dm", -3); err != nil {
			return err
		}
		return tx.ClearUnread(f.ctx, third.ID, "notice")
	})
	counts, _, err = f.s.Unread(f.ctx, third.ID)
	f.ok("Unread", err)
	f.eq("Unread after a negative start", domain.UnreadCounts{}, counts)

	// Within one transaction, changes to a counter apply in call order
	// (the clamp at zero depends on it), a clear comes after the changes
	// before it, and the transaction reads its own changes.
	fourth := f.user("fourth")
	f.tx(func(tx domain.Tx) error {
		for _, step := range []struct {
			user int64
			kind string
			n    int
		}{{fourth.ID, "dm", -1}, {third.ID, "cmt", 1}, {fourth.ID, "dm", 2}, {fourth.ID, "cmt", 5}} {
			if err := tx.AddUnread(f.ctx, step.user, step.kind, step.n); err != nil {
				return err
			}
		}
		if err := tx.ClearUnread(f.ctx, fourth.ID, "cmt"); err != nil {
			return err
		}
		if err := tx.AddUnread(f.ctx, fourth.ID, "cmt", 1); err != nil {
			return err
		}
		in, _, err := tx.Unread(f.ctx, fourth.ID)
		if err != nil {
			return err
		}
		f.eq("Unread inside the transaction", domain.UnreadCounts{DM: 2, Cmt: 1}, in)
		return tx.AddUnread(f.ctx, fourth.ID, "dm", -5)
	})
	counts, _, err = f.s.Unread(f.ctx, fourth.ID)
	f.ok("Unread", err)
	f.eq("Unread after ordered changes", domain.UnreadCounts{DM: 0, Cmt: 1}, counts)
	counts, _, err = f.s.Unread(f.ctx, third.ID)
	f.ok("Unread", err)
	f.eq("Unread of third", domain.UnreadCounts{Cmt: 1}, counts)
	// A transaction that fails writes none of its changes.
	err = f.txErr(func(tx domain.Tx) error {
		if err := tx.AddUnread(f.ctx, fourth.ID, "cmt", 7); err != nil {
			return err
		}
		return domain.E(domain.KindConflict, domain.ReasonNone, "give up")
	})
	f.kind("failed transaction", err, domain.KindConflict, domain.ReasonNone)
	counts, _, err = f.s.Unread(f.ctx, fourth.ID)
	f.ok("Unread", err)
	f.eq("Unread after a failed transaction", 1, counts.Cmt)

	err = f.txErr(func(tx domain.Tx) error { return tx.AddUnread(f.ctx, u.ID, "bogus", 1) })
	f.kind("AddUnread unknown kind", err, domain.KindInvalid, domain.ReasonNone)
	err = f.txErr(func(tx domain.Tx) error { return tx.ClearUnread(f.ctx, u.ID, "bogus") })
	f.kind("ClearUnread unknown kind", err, domain.KindInvalid, domain.ReasonNone)

	f.tx(func(tx domain.Tx) error { return tx.SetHomeReadMark(f.ctx, u.ID, 42) })
	_, mark, err = f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("home mark", int64(42), mark)
	f.tx(func(tx domain.Tx) error { return tx.SetHomeReadMark(f.ctx, u.ID, 4242) })
	counts, mark, err = f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("home mark updated", int64(4242), mark)
	f.eq("counts unchanged by the mark", 5, counts.Cmt)
	_, mark, err = f.s.Unread(f.ctx, other.ID)
	f.ok("Unread", err)
	f.eq("home mark of other", int64(0), mark)

	// The mark never moves back: a read that saw less, finishing later
	// (on another node, say), leaves it where it is.
	f.tx(func(tx domain.Tx) error { return tx.SetHomeReadMark(f.ctx, u.ID, 100) })
	_, mark, err = f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("home mark after an older one", int64(4242), mark)
	// Concurrent transactions setting it in any order leave the greatest.
	const racers = 24
	errs := make(chan error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := int64(1000 + (i*7)%racers) // a permutation of 1000..1023
			errs <- f.s.InTx(f.ctx, func(tx domain.Tx) error { return tx.SetHomeReadMark(f.ctx, other.ID, m) })
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		f.ok("concurrent SetHomeReadMark", err)
	}
	_, mark, err = f.s.Unread(f.ctx, other.ID)
	f.ok("Unread", err)
	f.eq("home mark after concurrent sets", int64(1000+racers-1), mark)
}

// Outbox.

func testOutbox(f *fx) {
	t0 := f.tick()
	e1 := domain.OutboxEvent{Event: domain.Event{ID: "ev-1", Type: "StatusPosted", Payload: []byte(`{"id":1,"text":"你好"}`)}, CreatedAt: t0}
	e2 := domain.OutboxEvent{Event: domain.Event{ID: "ev-2", Type: "Followed", Payload: []byte{0, 1, 2, 255}}, CreatedAt: t0.Add(time.Second)}
	e3 := domain.OutboxEvent{Event: domain.Event{ID: "ev-0", Type: "X", Payload: []byte(`{}`)}, CreatedAt: t0.Add(2 * time.Second)}
	f.tx(func(tx domain.Tx) error {
		for _, e := range []domain.OutboxEvent{e3, e1, e2} {
			if err := tx.AddOutbox(f.ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	err := f.txErr(func(tx domain.Tx) error { return tx.AddOutbox(f.ctx, e1) })
	f.kind("AddOutbox duplicate", err, domain.KindConflict, domain.ReasonNone)

	got, err := f.s.PendingOutbox(f.ctx, t0.Add(time.Second), 10)
	f.ok("PendingOutbox", err)
	f.eq("PendingOutbox oldest first, up to olderThan", []domain.OutboxEvent{e1, e2}, got)
	got, err = f.s.PendingOutbox(f.ctx, t0.Add(time.Hour), 2)
	f.ok("PendingOutbox", err)
	f.eq("PendingOutbox limit", []domain.OutboxEvent{e1, e2}, got)
	got, err = f.s.PendingOutbox(f.ctx, t0.Add(-time.Second), 10)
	f.ok("PendingOutbox", err)
	f.eq("PendingOutbox none old enough", []domain.OutboxEvent(nil), got)

	f.tx(func(tx domain.Tx) error { return tx.DeleteOutbox(f.ctx, e1.ID) })
	f.tx(func(tx domain.Tx) error { return tx.DeleteOutbox(f.ctx, e1.ID) }) // again: idempotent
	got, err = f.s.PendingOutbox(f.ctx, t0.Add(time.Hour), 10)
	f.ok("PendingOutbox", err)
	f.eq("PendingOutbox after delete", []domain.OutboxEvent{e2, e3}, got)
}

// Transactions.

var errBoom = errors.New("boom")

func testTxRollback(f *fx) {
	a := f.user("a")
	var newUser *domain.User
	var s *domain.Status
	err := f.txErr(func(tx domain.Tx) error {
		newUser = &domain.User{ID: f.id(), ScreenName: "ghost", Email: "ghost@example.com", CreatedAt: f.tick()}
		if err := tx.CreateUser(f.ctx, newUser, &domain.Credentials{UserID: newUser.ID}); err != nil {
			return err
		}
		s = &domain.Status{ID: f.id(), UserID: a.ID, Text: "never", CreatedAt: f.tick()}
		if err := tx.InsertStatus(f.ctx, s, []int64{newUser.ID}, []string{"t"}, []string{"http://x"}); err != nil {
			return err
		}
		if err := tx.Follow(f.ctx, newUser.ID, a.ID, f.tick(), ""); err != nil {
			return err
		}
		if err := tx.AddUserCounts(f.ctx, a.ID, domain.UserCounts{Followers: 1}); err != nil {
			return err
		}
		if err := tx.AddUnread(f.ctx, a.ID, "follower", 1); err != nil {
			return err
		}
		if err := tx.AddOutbox(f.ctx, domain.OutboxEvent{Event: domain.Event{ID: "e", Type: "t", Payload: []byte("{}")}, CreatedAt: f.tick()}); err != nil {
			return err
		}
		return fmt.Errorf("wrapped: %w", errBoom)
	})
	if !errors.Is(err, errBoom) {
		f.t.Fatalf("InTx returned %v, want fn's error", err)
	}
	_, err = f.s.UserByID(f.ctx, newUser.ID)
	f.kind("user after rollback", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.UserByEmail(f.ctx, "ghost@example.com")
	f.kind("user by email after rollback", err, domain.KindNotFound, domain.ReasonNone)
	_, err = f.s.StatusByID(f.ctx, s.ID)
	f.kind("status after rollback", err, domain.KindNotFound, domain.ReasonNone)
	got, err := f.s.UserByID(f.ctx, a.ID)
	f.ok("UserByID", err)
	f.eq("counts after rollback", 0, got.FollowersCount)
	fol, total, err := f.s.FollowerIDs(f.ctx, a.ID, domain.Cursor{Count: 10})
	f.ok("FollowerIDs", err)
	f.eq("followers after rollback", []int64(nil), fol)
	f.eq("followers total after rollback", 0, total)
	counts, _, err := f.s.Unread(f.ctx, a.ID)
	f.ok("Unread", err)
	f.eq("unread after rollback", domain.UnreadCounts{}, counts)
	out, err := f.s.PendingOutbox(f.ctx, f.tick().Add(time.Hour), 10)
	f.ok("PendingOutbox", err)
	f.eq("outbox after rollback", []domain.OutboxEvent(nil), out)

	// A domain error from inside the transaction comes back as it was, and
	// the writes before it are gone too.
	ghost2 := &domain.User{ID: f.id(), ScreenName: "ghost2", CreatedAt: f.tick()}
	err = f.txErr(func(tx domain.Tx) error {
		if err := tx.CreateUser(f.ctx, ghost2, &domain.Credentials{UserID: ghost2.ID}); err != nil {
			return err
		}
		return tx.CreateUser(f.ctx, &domain.User{ID: f.id(), ScreenName: "A", CreatedAt: f.tick()}, &domain.Credentials{})
	})
	f.kind("conflict inside InTx", err, domain.KindConflict, domain.ReasonNone)
	_, err = f.s.UserByID(f.ctx, ghost2.ID)
	f.kind("user before the failing write", err, domain.KindNotFound, domain.ReasonNone)
}

func testTxPanic(f *fx) {
	var id int64
	func() {
		defer func() {
			if r := recover(); r != errBoom {
				f.t.Errorf("recovered %v, want the panic value to pass through InTx", r)
			}
		}()
		_ = f.s.InTx(f.ctx, func(tx domain.Tx) error {
			u := &domain.User{ID: f.id(), ScreenName: "panicky", CreatedAt: f.tick()}
			id = u.ID
			if err := tx.CreateUser(f.ctx, u, &domain.Credentials{UserID: u.ID}); err != nil {
				return err
			}
			panic(errBoom)
		})
	}()
	_, err := f.s.UserByID(f.ctx, id)
	f.kind("user after a panic", err, domain.KindNotFound, domain.ReasonNone)
	// The store is still usable (the transaction did not leak its connection).
	u := f.user("after")
	_, err = f.s.UserByID(f.ctx, u.ID)
	f.ok("UserByID after a panic", err)
}

func testTxReadsOwnWrites(f *fx) {
	a := f.user("a")
	u := &domain.User{ID: f.id(), ScreenName: "inside", CreatedAt: f.tick()}
	s := &domain.Status{ID: f.id(), UserID: a.ID, Text: "inside", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error {
		if err := tx.CreateUser(f.ctx, u, &domain.Credentials{UserID: u.ID, PasswordHash: "p"}); err != nil {
			return err
		}
		if err := tx.InsertStatus(f.ctx, s, nil, nil, nil); err != nil {
			return err
		}
		if err := tx.AddUserCounts(f.ctx, a.ID, domain.UserCounts{Statuses: 1}); err != nil {
			return err
		}
		got, err := tx.UserByScreenName(f.ctx, "INSIDE")
		if err != nil {
			return fmt.Errorf("read own user: %w", err)
		}
		f.eq("own user inside tx", u, got)
		ids, total, err := tx.UserStatusIDs(f.ctx, a.ID, q(a.ID, 10))
		if err != nil {
			return err
		}
		f.eq("own status inside tx", []int64{s.ID}, ids)
		f.eq("own status total inside tx", 1, total)
		author, err := tx.UserByID(f.ctx, a.ID)
		if err != nil {
			return err
		}
		f.eq("own counter inside tx", 1, author.StatusesCount)
		// Outside the transaction nothing is visible before commit.
		if _, err := f.s.UserByID(f.ctx, u.ID); !domain.IsKind(err, domain.KindNotFound) {
			f.t.Errorf("uncommitted user visible outside the transaction: err = %v", err)
		}
		return nil
	})
	got, err := f.s.UserByID(f.ctx, u.ID)
	f.ok("UserByID after commit", err)
	f.eq("user after commit", u, got)
}

// testConcurrentCounters: increments from many goroutines, each in its own
// transaction, all add up.
func testConcurrentCounters(f *fx) {
	u := f.user("u")
	s := f.status(u.ID)
	const workers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				err := f.s.InTx(f.ctx, func(tx domain.Tx) error {
					if err := tx.AddUserCounts(f.ctx, u.ID, domain.UserCounts{Followers: 1, Statuses: 2}); err != nil {
						return err
					}
					if err := tx.AddStatusCounts(f.ctx, s.ID, 1, 0, 1); err != nil {
						return err
					}
					return tx.AddUnread(f.ctx, u.ID, "cmt", 1)
				})
				if err != nil {
					errs <- fmt.Errorf("worker %d step %d: %w", w, i, err)
					return
				}
				if _, err := f.s.UserByID(f.ctx, u.ID); err != nil { // reads run alongside
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		f.t.Fatal(err)
	}
	got, err := f.s.UserByID(f.ctx, u.ID)
	f.ok("UserByID", err)
	f.eq("followers", workers*each, got.FollowersCount)
	f.eq("statuses", 2*workers*each, got.StatusesCount)
	st, err := f.s.StatusByID(f.ctx, s.ID)
	f.ok("StatusByID", err)
	f.eq("reposts", workers*each, st.RepostsCount)
	f.eq("attitudes", workers*each, st.AttitudesCount)
	counts, _, err := f.s.Unread(f.ctx, u.ID)
	f.ok("Unread", err)
	f.eq("unread cmt", workers*each, counts.Cmt)
}

// testConcurrentMutualFollows: every pair of users follows and unfollows each
// other from both sides at once, each action in its own transaction that
// moves the counters of both users (the follower's first, so the two sides
// of a pair touch the same rows in opposite orders). No action may fail —
// not with a deadlock, nor a serialization failure — and every counter must
// match the edges left behind.
//
// It also pins the contract the core relies on to keep bi_followers_count
// right: once Follow or Unfollow has returned inside a transaction, that
// transaction is serialized with every other change to the edges between
// the same two users, so a Relationships read after it sees the reverse
// edge as it is now, not as it was when the transaction began.
func testConcurrentMutualFollows(f *fx) {
	us := f.users("m0", "m1", "m2", "m3", "m4")
	at := f.tick()
	const toggles = 5 // odd: every edge ends up followed
	var wg sync.WaitGroup
	errs := make(chan error, len(us)*len(us))
	for _, a := range us {
		for _, b := range us {
			if a == b {
				continue
			}
			// One goroutine per direction: its toggles are sequential, so
			// each must succeed; the other direction runs concurrently.
			wg.Go(func() {
				for i := range toggles {
					follow := i%2 == 0
					err := f.s.InTx(f.ctx, func(tx domain.Tx) error {
						step, d := tx.Unfollow, -1
						if follow {
							step = func(ctx context.Context, x, y int64) error { return tx.Follow(ctx, x, y, at, "") }
							d = 1
						}
						if err := step(f.ctx, a.ID, b.ID); err != nil {
							return err
						}
						rels, err := tx.Relationships(f.ctx, a.ID, []int64{b.ID})
						if err != nil {
							return err
						}
						bi := 0
						if rels[b.ID].FollowedBy {
							bi = d
						}
						if err := tx.AddUserCounts(f.ctx, a.ID, domain.UserCounts{Friends: d, BiFollowers: bi}); err != nil {
							return err
						}
						return tx.AddUserCounts(f.ctx, b.ID, domain.UserCounts{Followers: d, BiFollowers: bi})
					})
					if err != nil {
						errs <- fmt.Errorf("%s -> %s, toggle %d (follow %v): %w", a.ScreenName, b.ScreenName, i, follow, err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		f.t.Error(err)
	}
	if f.t.Failed() {
		return
	}
	n := len(us) - 1 // everyone follows everyone else
	for _, u := range us {
		got, err := f.s.UserByID(f.ctx, u.ID)
		f.ok("UserByID", err)
		f.eq(u.ScreenName+" counters", [3]int{n, n, n}, [3]int{got.FollowersCount, got.FriendsCount, got.BiFollowersCount})
		_, friends, err := f.s.FriendIDs(f.ctx, u.ID, domain.Cursor{Count: 0})
		f.ok("FriendIDs", err)
		_, followers, err := f.s.FollowerIDs(f.ctx, u.ID, domain.Cursor{Count: 0})
		f.ok("FollowerIDs", err)
		_, bi, err := f.s.BilateralIDs(f.ctx, u.ID, domain.Cursor{Count: 0})
		f.ok("BilateralIDs", err)
		f.eq(u.ScreenName+" edges", [3]int{n, n, n}, [3]int{followers, friends, bi})
	}
}

// testSearchReads: the walk of a rebuild and the candidates' check.
func testSearchReads(f *fx) {
	a := f.user("walker")
	var all []int64
	for range 5 {
		all = append(all, f.status(a.ID).ID)
	}
	f.deleteStatus(all[2])
	live := []int64{all[0], all[1], all[3], all[4]}

	var walked []int64
	for after := int64(0); ; {
		sts, err := f.s.StatusesAfter(f.ctx, after, 2)
		f.ok("StatusesAfter", err)
		if len(sts) == 0 {
			break
		}
		for _, st := range sts {
			walked = append(walked, st.ID)
		}
		after = sts[len(sts)-1].ID
	}
	f.eq("StatusesAfter walks the live statuses in id order", live, walked)
	n, err := f.s.CountStatusesAfter(f.ctx, 0)
	f.ok("CountStatusesAfter", err)
	f.eq("CountStatusesAfter(0)", 4, n)
	n, err = f.s.CountStatusesAfter(f.ctx, all[1])
	f.ok("CountStatusesAfter", err)
	f.eq("CountStatusesAfter(second)", 2, n)

	// Many candidates (more than one IN list), newest first, bounds applied.
	var many []int64
	for i := range 700 {
		many = append(many, all[i%5]+int64(i/5)*1000000)
	}
	many = append(many, all...)
	got, err := f.s.StatusIDsAmong(f.ctx, many, domain.StatusQuery{Viewer: a.ID})
	f.ok("StatusIDsAmong", err)
	f.eq("StatusIDsAmong many", newestFirst(live), got)
	got, err = f.s.StatusIDsAmong(f.ctx, all, domain.StatusQuery{Viewer: a.ID, Page: domain.Page{SinceID: all[0], MaxID: all[3]}})
	f.ok("StatusIDsAmong bounds", err)
	f.eq("StatusIDsAmong bounds", []int64{all[3], all[1]}, got)
	got, err = f.s.StatusIDsAmong(f.ctx, nil, domain.StatusQuery{})
	f.ok("StatusIDsAmong none", err)
	f.eq("StatusIDsAmong none", 0, len(got))
}

// testSuggestions: the reads and writes behind the suggestion endpoints.
func testSuggestions(f *fx) {
	us := f.users("zhang", "li", "wang", "zhao")
	a, b, c, d := us[0], us[1], us[2], us[3]

	// Name keys: prefix ranges, replaced wholesale, multi-byte included.
	f.tx(func(tx domain.Tx) error {
		if err := tx.SetUserNameKeys(f.ctx, a.ID, []string{"张三", "zhangsan", "zs", "zs"}); err != nil {
			return err
		}
		if err := tx.SetUserNameKeys(f.ctx, b.ID, []string{"zhangwei", "zw"}); err != nil {
			return err
		}
		return tx.SetUserNameKeys(f.ctx, c.ID, []string{"old"})
	})
	f.tx(func(tx domain.Tx) error { return tx.SetUserNameKeys(f.ctx, c.ID, []string{"张伟"}) })
	got, err := f.s.UserIDsByNameKey(f.ctx, "zhang", 10)
	f.ok("UserIDsByNameKey", err)
	f.eq("UserIDsByNameKey zhang", []int64{a.ID, b.ID}, got)
	got, err = f.s.UserIDsByNameKey(f.ctx, "张", 10)
	f.ok("UserIDsByNameKey", err)
	f.eq("UserIDsByNameKey 张", []int64{a.ID, c.ID}, got)
	got, err = f.s.UserIDsByNameKey(f.ctx, "old", 10)
	f.ok("UserIDsByNameKey", err)
	f.eq("UserIDsByNameKey replaced", 0, len(got))
	got, err = f.s.UserIDsByNameKey(f.ctx, "z", 1)
	f.ok("UserIDsByNameKey", err)
	f.eq("UserIDsByNameKey limit", 1, len(got))

	users, err := f.s.UsersAfter(f.ctx, a.ID, 2)
	f.ok("UsersAfter", err)
	f.eq("UsersAfter", []int64{b.ID, c.ID}, []int64{users[0].ID, users[1].ID})

	// Hidden from suggestions: idempotent.
	for range 2 {
		f.tx(func(tx domain.Tx) error { return tx.HideFromSuggestions(f.ctx, a.ID, b.ID, f.tick()) })
	}
	got, err = f.s.HiddenFromSuggestions(f.ctx, a.ID)
	f.ok("HiddenFromSuggestions", err)
	f.eq("HiddenFromSuggestions", []int64{b.ID}, got)

	// Follows: counts since a time, edges out of users, most followed.
	f.follow(b.ID, a.ID, c.ID, a.ID)
	since := f.tick()
	f.follow(d.ID, a.ID, d.ID, b.ID)
	n, err := f.s.NewFollowerCounts(f.ctx, []int64{a.ID, b.ID, c.ID}, since)
	f.ok("NewFollowerCounts", err)
	f.eq("NewFollowerCounts", map[int64]int{a.ID: 1, b.ID: 1}, n)
	edges, err := f.s.FolloweesOf(f.ctx, []int64{d.ID, c.ID}, 10)
	f.ok("FolloweesOf", err)
	f.eq("FolloweesOf", 3, len(edges))
	edges, err = f.s.FolloweesOf(f.ctx, []int64{d.ID, c.ID}, 2)
	f.ok("FolloweesOf", err)
	f.eq("FolloweesOf limit", 2, len(edges))
	f.tx(func(tx domain.Tx) error { return tx.AddUserCounts(f.ctx, a.ID, domain.UserCounts{Followers: 3}) })
	got, err = f.s.MostFollowedIDs(f.ctx, 1)
	f.ok("MostFollowedIDs", err)
	f.eq("MostFollowedIDs", []int64{a.ID}, got)

	// Statuses, topics, interactions.
	s1 := f.status(a.ID)
	f.tx(func(tx domain.Tx) error {
		st := &domain.Status{ID: f.id(), UserID: a.ID, Text: "#周末# 公园", CreatedAt: f.tick()}
		s1 = st
		return tx.InsertStatus(f.ctx, st, nil, []string{"周末", "公园"}, nil)
	})
	gone := f.status(a.ID)
	f.deleteStatus(gone.ID)
	cnt, err := f.s.StatusCountsSince(f.ctx, []int64{a.ID, b.ID}, 0)
	f.ok("StatusCountsSince", err)
	f.eq("StatusCountsSince", map[int64]int{a.ID: 2}, cnt)
	topics, err := f.s.TopicsOfStatuses(f.ctx, []int64{s1.ID, gone.ID})
	f.ok("TopicsOfStatuses", err)
	f.eq("TopicsOfStatuses", 2, len(topics[s1.ID]))
	mine, err := f.s.TopicsOfUser(f.ctx, a.ID, 0, 10)
	f.ok("TopicsOfUser", err)
	f.eq("TopicsOfUser", []string{"公园", "周末"}, mine)
	tids, total, err := f.s.TopicStatusIDs(f.ctx, "周末", q(b.ID, 10))
	f.ok("TopicStatusIDs", err)
	f.eq("TopicStatusIDs", []int64{s1.ID}, tids)
	f.eq("TopicStatusIDs total", 1, total)
	f.comment(s1.ID, b.ID, 0)
	f.comment(s1.ID, a.ID, 0) // on one's own status: no interaction
	rt := &domain.Status{ID: f.id(), UserID: b.ID, Text: "rt", CreatedAt: f.tick(), RetweetedID: s1.ID, ParentID: s1.ID}
	f.tx(func(tx domain.Tx) error { return tx.InsertStatus(f.ctx, rt, nil, nil, nil) })
	inter, err := f.s.Interactions(f.ctx, b.ID, 0)
	f.ok("Interactions", err)
	f.eq("Interactions", map[int64]int{a.ID: 2}, inter)

	// Apps by name with their users; verified reasons.
	app := &domain.App{ID: f.id(), Key: "k-sugg", Name: "微博 Client_1%", Level: domain.AppLevelNormal, CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error {
		if err := tx.CreateApp(f.ctx, app); err != nil {
			return err
		}
		for i, u := range []int64{a.ID, a.ID, b.ID} {
			t := &domain.Token{AccessHash: fmt.Sprintf("sugg-%d", i), UserID: u, AppID: app.ID, CreatedAt: f.tick()}
			if err := tx.CreateToken(f.ctx, t); err != nil {
				return err
			}
		}
		return nil
	})
	for _, qs := range []string{"client_1", "CLIENT", "1%", "微博"} {
		am, err := f.s.AppsByName(f.ctx, qs, 5)
		f.ok("AppsByName", err)
		if f.eq("AppsByName "+qs, 1, len(am)); len(am) == 1 {
			f.eq("AppsByName members", 2, am[0].Members)
		}
	}
	am, err := f.s.AppsByName(f.ctx, "_", 5)
	f.ok("AppsByName", err)
	f.eq("AppsByName wildcard is literal", 1, len(am))
	am, err = f.s.AppsByName(f.ctx, "x%y", 5)
	f.ok("AppsByName", err)
	f.eq("AppsByName no match", 0, len(am))
	v := &domain.User{ID: f.id(), ScreenName: "verified", Verified: true, VerifiedReason: "新浪网 工程师", CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.CreateUser(f.ctx, v, &domain.Credentials{UserID: v.ID}) })
	rs, err := f.s.VerifiedReasons(f.ctx, "新浪", 5)
	f.ok("VerifiedReasons", err)
	f.eq("VerifiedReasons", []string{"新浪网 工程师"}, rs)
}
