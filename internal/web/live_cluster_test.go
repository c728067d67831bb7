package web_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// TestLiveStreamAcrossNodes: two nodes on one PostgreSQL and the NATS of
// CI (WEIBO_TEST_NATS); bob's event stream is open on node B while alice
// posts and comments through node A, and the stream hears of both.
func TestLiveStreamAcrossNodes(t *testing.T) {
	natsURL := os.Getenv("WEIBO_TEST_NATS")
	if natsURL == "" {
		t.Skip("WEIBO_TEST_NATS is not set")
	}
	dsn := pgtest.Schema(t, "livecluster")
	b := make([]byte, 4)
	rand.Read(b)
	// A deployment name of its own: other tests share the NATS server.
	prefix := "livetest" + hex.EncodeToString(b)
	node := func() *testkit.Kit {
		return testkit.Start(t, testkit.Options{DB: dsn, NATS: natsURL, NATSPrefix: prefix})
	}
	nodeA, nodeB := node(), node()
	alice, bob := signUp(t, nodeA, "alice"), signUp(t, nodeA, "bob")
	_, aliceID := alice.me()
	wantStatus(t, bob.post("/u/"+aliceID+"/follow", nil), 303)

	// The session lives in the database: bob's cookie opens a stream on B.
	bobOnB := *bob
	bobOnB.k = nodeB
	s := bobOnB.live("")
	s.next("home")
	s.next("unread")

	wantStatus(t, alice.post("/compose", url.Values{"status": {"从节点A发出 @bob"}}), 303)
	// The notices of the fan-out and of the mention were published by
	// whichever node handled the event; both reach B. (The count in "home"
	// is B's reading of bob's timeline: it agrees with A's once the feed
	// windows are shared, in Redis.)
	s.next("home")
	if got := s.next("unread"); got != `{"mentions":1,"comments":0,"followers":0,"messages":0,"notices":0}` {
		t.Fatalf("unread event on node B: %s", got)
	}
}
