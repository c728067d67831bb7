package sina_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/testkit"
)

// apiStream is an open GET /2/live/stream.json.
type apiStream struct {
	t      *testing.T
	events chan [3]string // event, id, data
	queued [][3]string
}

func openStream(t *testing.T, k *testkit.Kit, token string, q url.Values, header http.Header) (*apiStream, *http.Response) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.URL+"/2/live/stream.json?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for h, vs := range header {
		req.Header[h] = vs
	}
	if token != "" {
		req.Header.Set("Authorization", "OAuth2 "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		return nil, resp
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream Content-Type %q", resp.Header.Get("Content-Type"))
	}
	s := &apiStream{t: t, events: make(chan [3]string, 16)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev, id string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				s.events <- [3]string{ev, id, strings.TrimPrefix(line, "data: ")}
				ev, id = "", ""
			}
		}
		close(s.events)
	}()
	return s, resp
}

func (s *apiStream) next(event string) (id string, data map[string]any) {
	s.t.Helper()
	decode := func(e [3]string) (string, map[string]any) {
		var m map[string]any
		if err := json.Unmarshal([]byte(e[2]), &m); err != nil {
			s.t.Fatalf("event %s data %q: %v", e[0], e[2], err)
		}
		return e[1], m
	}
	for i, e := range s.queued {
		if e[0] == event {
			s.queued = append(s.queued[:i], s.queued[i+1:]...)
			return decode(e)
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
				return decode(e)
			}
			s.queued = append(s.queued, e)
		case <-timeout:
			s.t.Fatalf("no %q event", event)
		}
	}
}

func TestLiveStream(t *testing.T) {
	k := testkit.Start(t)
	ann := k.NewUser("ann")
	bob := k.NewUser("bob")
	eve := k.NewUser("eve")
	ann.Post("/2/friendships/create.json", url.Values{"uid": {idString(bob.ID)}})
	ann.Post("/2/friendships/create.json", url.Values{"uid": {idString(eve.ID)}})
	old := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"before the stream"}}))
	k.Drain()

	// No since_id: what is there is not new.
	s, _ := openStream(t, k, ann.Token, nil, nil)
	id, home := s.next("home")
	if home["new"] != 0.0 || id != idString(old) {
		t.Fatalf("first home event: id %s %v", id, home)
	}
	_, unread := s.next("unread")
	if _, ok := unread["mention_status"]; !ok {
		t.Fatalf("unread event: %v", unread)
	}

	// A post arrives: its id, visible to ann.
	st := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"live @ann"}}))
	k.Drain()
	id, home = s.next("home")
	if home["new"] != 1.0 || id != idString(st) || home["ids"].([]any)[0] != idString(st) {
		t.Fatalf("home after a post: id %s %v", id, home)
	}
	_, unread = s.next("unread")
	if unread["mention_status"] != 1.0 {
		t.Fatalf("unread after a mention: %v", unread)
	}
	// A private post, and a post by someone who then blocks ann: never listed.
	postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"only me"}, "visible": {"1"}}))
	block(t, k, eve, ann)
	postID(t, eve.Post("/2/statuses/update.json", url.Values{"status": {"ann may not see"}}))
	seen := postID(t, bob.Post("/2/statuses/update.json", url.Values{"status": {"public again"}}))
	k.Drain()
	for {
		_, home = s.next("home")
		ids := home["ids"].([]any)
		for _, x := range ids {
			if x != idString(seen) {
				t.Fatalf("stream listed %v, which ann may not see: %s", x, ann.Get("/2/statuses/show.json", url.Values{"id": {x.(string)}}).Body)
			}
		}
		if len(ids) > 0 {
			break
		}
	}

	// since_id and Last-Event-ID start from there.
	s2, _ := openStream(t, k, ann.Token, url.Values{"since_id": {idString(old)}}, nil)
	if _, home = s2.next("home"); home["new"] != 2.0 {
		t.Fatalf("since_id: %v", home)
	}
	s3, _ := openStream(t, k, ann.Token, nil, http.Header{"Last-Event-ID": {idString(st)}})
	if _, home = s3.next("home"); home["new"] != 1.0 {
		t.Fatalf("Last-Event-ID: %v", home)
	}

	// Direct-message counts need the scope that reads them.
	dm := k.NewUserScoped("", "dora")
	s4, _ := openStream(t, k, dm.Token, nil, nil)
	if _, u := s4.next("unread"); u["dm"] != 0.0 {
		t.Fatalf("unread without the scope: %v", u)
	}

	// Errors: no token, a bad token, a bad since_id, a bad Last-Event-ID.
	for _, tc := range []struct {
		token  string
		q      url.Values
		h      http.Header
		status int
	}{
		{"", nil, nil, 401},
		{"2.00forged", nil, nil, 401},
		{ann.Token, url.Values{"since_id": {"abc"}}, nil, 400},
		{ann.Token, url.Values{"since_id": {"-5"}}, nil, 400},
		{ann.Token, nil, http.Header{"Last-Event-ID": {"x"}}, 400},
	} {
		if _, resp := openStream(t, k, tc.token, tc.q, tc.h); resp.StatusCode != tc.status {
			t.Fatalf("%+v: %d", tc, resp.StatusCode)
		}
	}
	if r := ann.Post("/2/live/stream.json", nil); r.Status == 200 {
		t.Fatalf("POST: %d %s", r.Status, r.Body)
	}
}

func postID(t *testing.T, r *testkit.Response) int64 {
	t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(r.Body, &v); r.Status != 200 || err != nil || v.ID == 0 {
		t.Fatalf("API call: %d %s", r.Status, r.Body)
	}
	return v.ID
}
