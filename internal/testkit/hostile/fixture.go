package hostile

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// Fixture is the seeded world the hostile requests land in, made through
// the Sina API as clients make it: alice (whose credentials sign the
// requests) follows bob and carol; bob follows alice and carol; dave
// follows carol. With a celebrity threshold of 2 followers (Options in the
// test) carol is merged into home timelines at read time while bob's posts
// are pushed, so both paths serve every timeline read. bob and carol also
// own things alice may not see (a private and a friends-only status, a
// comment on the private one): the ids a hostile client would try.
type Fixture struct {
	K                        *testkit.Kit
	Alice, Bob, Carol, Dave  *testkit.User
	BobPublic, BobPrivate    int64
	BobFriends, CarolFriends int64
	BobComment, PrivComment  int64
	AliceStatus              int64
}

// Seed builds the fixture on k and waits until the background work is done.
func Seed(t testing.TB, k *testkit.Kit) *Fixture {
	t.Helper()
	fx := &Fixture{K: k}
	fx.Alice, fx.Bob, fx.Carol, fx.Dave = k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol"), k.NewUser("dave")
	follow := func(u, v *testkit.User) {
		u.Must(u.Post("/2/friendships/create.json", url.Values{"uid": {strconv.FormatInt(v.ID, 10)}}), nil)
	}
	follow(fx.Alice, fx.Bob)
	follow(fx.Alice, fx.Carol)
	follow(fx.Bob, fx.Alice)
	follow(fx.Bob, fx.Carol)
	follow(fx.Dave, fx.Carol)
	for i := range 12 {
		post(t, fx.Carol, fmt.Sprintf("carol public %d #话题# http://example.com/%d", i, i), "0")
		post(t, fx.Bob, fmt.Sprintf("bob public %d @alice", i), "0")
		if i%3 == 0 {
			post(t, fx.Alice, fmt.Sprintf("alice public %d @bob @carol", i), "0")
		}
	}
	fx.BobPublic = post(t, fx.Bob, "bob's status everyone sees", "0")
	fx.BobPrivate = post(t, fx.Bob, "bob's private status", "1")
	fx.BobFriends = post(t, fx.Bob, "bob's friends-only status", "2")
	fx.CarolFriends = post(t, fx.Carol, "carol's friends-only status", "2")
	fx.AliceStatus = post(t, fx.Alice, "alice's status", "0")
	fx.BobComment = comment(t, fx.Bob, fx.BobPublic, "bob comments on his own status")
	fx.PrivComment = comment(t, fx.Bob, fx.BobPrivate, "bob comments on his private status")
	comment(t, fx.Carol, fx.AliceStatus, "carol to @alice")
	fx.Bob.Must(fx.Bob.Post("/2/statuses/repost.json", url.Values{"id": {idstr(fx.AliceStatus)}, "status": {"bob reposts"}}), nil)
	k.Drain()
	fx.check(t)
	return fx
}

// check asserts the fixture is what the test claims: alice's home timeline
// holds bob's pushed posts and carol's merged ones, past one window.
func (fx *Fixture) check(t testing.TB) {
	t.Helper()
	var home struct {
		Statuses []struct {
			User struct {
				ID int64 `json:"id"`
			} `json:"user"`
		} `json:"statuses"`
	}
	r := fx.Alice.Get("/2/statuses/home_timeline.json", url.Values{"count": {"100"}})
	if r.Status != 200 || json.Unmarshal(r.Body, &home) != nil {
		t.Fatalf("seed: home timeline: %d %s", r.Status, r.Body)
	}
	by := map[int64]int{}
	for _, s := range home.Statuses {
		by[s.User.ID]++
	}
	if by[fx.Bob.ID] == 0 || by[fx.Carol.ID] == 0 || len(home.Statuses) <= 20 {
		t.Fatalf("seed: alice's home timeline has %d statuses, %d of bob's, %d of carol's", len(home.Statuses), by[fx.Bob.ID], by[fx.Carol.ID])
	}
	var carol struct {
		FollowersCount int `json:"followers_count"`
	}
	r = fx.Alice.Get("/2/users/show.json", url.Values{"uid": {idstr(fx.Carol.ID)}})
	if json.Unmarshal(r.Body, &carol) != nil || carol.FollowersCount < celebrityFollowers {
		t.Fatalf("seed: carol is not a celebrity: %s", r.Body)
	}
}

// celebrityFollowers is the threshold the test server runs with: carol has
// three followers, bob and alice one each.
const celebrityFollowers = 2

func idstr(id int64) string { return strconv.FormatInt(id, 10) }

func post(t testing.TB, u *testkit.User, text, visible string) int64 {
	t.Helper()
	var s struct {
		ID int64 `json:"id"`
	}
	r := u.Post("/2/statuses/update.json", url.Values{"status": {text}, "visible": {visible}})
	if r.Status != 200 || json.Unmarshal(r.Body, &s) != nil || s.ID == 0 {
		t.Fatalf("seed: post %q: %d %s", text, r.Status, r.Body)
	}
	return s.ID
}

func comment(t testing.TB, u *testkit.User, status int64, text string) int64 {
	t.Helper()
	var c struct {
		ID int64 `json:"id"`
	}
	r := u.Post("/2/comments/create.json", url.Values{"id": {idstr(status)}, "comment": {text}})
	if r.Status != 200 || json.Unmarshal(r.Body, &c) != nil || c.ID == 0 {
		t.Fatalf("seed: comment %q: %d %s", text, r.Status, r.Body)
	}
	return c.ID
}

// routeFixture is the fixture as one route sees it: alice's own status and
// comment are made for the route on first use, so a route that deletes
// what it is given leaves the others theirs.
type routeFixture struct {
	*Fixture
	t                     testing.TB
	once                  sync.Once
	ownStatus, ownComment int64
	// header and values are the route's session (Dialect.Session).
	header http.Header
	values map[string]string
}

func (fx *Fixture) forRoute(t testing.TB) *routeFixture {
	return &routeFixture{Fixture: fx, t: t}
}

func (fx *routeFixture) own() {
	fx.once.Do(func() {
		fx.ownStatus = post(fx.t, fx.Alice, "alice's own status for "+fx.t.Name(), "0")
		fx.ownComment = comment(fx.t, fx.Alice, fx.BobPublic, "alice's own comment for "+fx.t.Name())
	})
}

// validIDs are ids of object that alice may use, her own first.
func (fx *routeFixture) validIDs(object string) []string {
	switch object {
	case "status":
		fx.own()
		return []string{idstr(fx.ownStatus), idstr(fx.BobPublic)}
	case "comment":
		fx.own()
		return []string{idstr(fx.ownComment), idstr(fx.BobComment)}
	case "user":
		// dave last: alice follows him in no fixture, so following and
		// unfollowing him at once is a race the store must settle.
		return []string{idstr(fx.Alice.ID), idstr(fx.Bob.ID), idstr(fx.Dave.ID)}
	}
	return []string{"1"}
}

// unknownID is a well-formed id no object has: below 2^53 like every id.
const unknownID = "4503599627370495"

// hostileIDs are ids alice must not get anything out of: unknown ones and
// other users' hidden things.
func (fx *routeFixture) hostileIDs(object string) []hostileValue {
	out := []hostileValue{{"unknown id", unknownID, false}, {"id 1", "1", false}, {"2^53", "9007199254740993", false}}
	switch object {
	case "status":
		out = append(out, hostileValue{"bob's private status", idstr(fx.BobPrivate), false},
			hostileValue{"bob's friends-only status", idstr(fx.BobFriends), false},
			hostileValue{"carol's friends-only status", idstr(fx.CarolFriends), false},
			hostileValue{"a comment id", idstr(fx.BobComment), false})
	case "comment":
		out = append(out, hostileValue{"a comment on a private status", idstr(fx.PrivComment), false},
			hostileValue{"bob's comment", idstr(fx.BobComment), false},
			hostileValue{"a status id", idstr(fx.BobPublic), false})
	case "user":
		out = append(out, hostileValue{"dave", idstr(fx.Dave.ID), false},
			hostileValue{"a status id", idstr(fx.BobPublic), false})
	}
	return out
}
