package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/testkit"
)

// stream is an open GET /live.
type stream struct {
	t       *testing.T
	events  chan [2]string // event, data
	pending [][2]string    // events read while waiting for another kind
	cancel  context.CancelFunc
}

func (b *browser) live(query string) *stream {
	b.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.k.URL+"/live"+query, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		b.t.Fatalf("live: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &stream{t: b.t, events: make(chan [2]string, 16), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				s.events <- [2]string{ev, strings.TrimPrefix(line, "data: ")}
			}
		}
		close(s.events)
	}()
	b.t.Cleanup(cancel)
	return s
}

// next waits for the next event of a kind; events of other kinds wait
// for their own call (the two kinds come in either order).
func (s *stream) next(event string) string {
	s.t.Helper()
	for i, e := range s.pending {
		if e[0] == event {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			return e[1]
		}
	}
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				s.t.Fatalf("stream ended waiting for %q", event)
			}
			if e[0] == event {
				return e[1]
			}
			s.pending = append(s.pending, e)
		case <-timeout:
			s.t.Fatalf("no %q event", event)
		}
	}
}

func TestLiveStream(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := signUp(t, k, "alice"), signUp(t, k, "bob")
	_, aliceID := alice.me()
	wantStatus(t, bob.post("/u/"+aliceID+"/follow", nil), 303)
	wantStatus(t, alice.post("/compose", url.Values{"status": {"旧的"}}), 303)
	k.Drain()

	// bob's home page shows alice's post; its stream counts what comes after.
	p := bob.get("/")
	wantContains(t, p, `data-live="/live"`, `<p class="new-posts" id="new-posts" hidden>`)
	since := p.body[strings.Index(p.body, `data-since="`)+len(`data-since="`):]
	since = since[:strings.Index(since, `"`)]
	if since == "0" {
		t.Fatal("the home page names no newest status")
	}
	s := bob.live("?since=" + since)
	if got := s.next("home"); got != `{"new":0}` {
		t.Fatalf("first home event %s", got)
	}
	if got := s.next("unread"); got != `{"mentions":0,"comments":0,"followers":0,"messages":0,"notices":0}` {
		t.Fatalf("first unread event %s", got)
	}
	wantStatus(t, alice.post("/compose", url.Values{"status": {"新的一条"}}), 303)
	if got := s.next("home"); got != `{"new":1}` {
		t.Fatalf("home event %s", got)
	}
	wantStatus(t, alice.post("/compose", url.Values{"status": {"又一条 @bob"}}), 303)
	if got := s.next("home"); got != `{"new":2}` {
		t.Fatalf("home event %s", got)
	}
	if got := s.next("unread"); got != `{"mentions":1,"comments":0,"followers":0,"messages":0,"notices":0}` {
		t.Fatalf("unread event %s", got)
	}

	// alice hears of a comment and of a new follower, with no page open.
	a := alice.live("")
	if got := a.next("unread"); got != `{"mentions":0,"comments":0,"followers":1,"messages":0,"notices":0}` {
		t.Fatalf("alice's first unread event %s", got)
	}
	sid, _ := newest(t, alice.get("/"))
	wantStatus(t, bob.post("/status/"+sid+"/comment", url.Values{"comment": {"收到"}}), 303)
	if got := a.next("unread"); got != `{"mentions":0,"comments":1,"followers":1,"messages":0,"notices":0}` {
		t.Fatalf("alice's unread event %s", got)
	}
	// Reading the comments clears the count: the stream says so too.
	alice.get("/comments")
	wantStatus(t, bob.post("/status/"+sid+"/comment", url.Values{"comment": {"再来"}}), 303)
	if got := a.next("unread"); got != `{"mentions":0,"comments":1,"followers":1,"messages":0,"notices":0}` {
		t.Fatalf("alice's unread event after reading %s", got)
	}
}

func TestLiveStreamErrors(t *testing.T) {
	k := testkit.Start(t)
	anon := newBrowser(t, k)
	p := anon.get("/live")
	wantStatus(t, p, 303)
	if p.location() != "/login?next=%2Flive" {
		t.Fatalf("sent to %q", p.location())
	}
	b := signUp(t, k, "carol")
	wantStatus(t, b.get("/live?since=abc"), 400)
	wantStatus(t, b.get("/live?since=-1"), 400)
	wantLacks(t, anon.get("/"), `data-live=`)
}
