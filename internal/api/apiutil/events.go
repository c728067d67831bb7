package apiutil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// EventHeartbeat keeps an idle event stream open through proxies that
// close silent connections.
const EventHeartbeat = 25 * time.Second

// EventStream writes Server-Sent Events: the site's GET /live and the API's
// token-authenticated stream share it.
type EventStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// StartEvents answers 200 with the event stream's headers. After it,
// errors can no longer be answered, only logged.
func StartEvents(w http.ResponseWriter) *EventStream {
	rc := http.NewResponseController(w)
	// The server's write timeout is for ordinary answers, not a stream.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)
	return &EventStream{w: w, rc: rc}
}

// Send writes one event with data as JSON, and id (when not "") as the
// event id a reconnecting EventSource sends back as Last-Event-ID.
func (e *EventStream) Send(event, id string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if id != "" {
		if _, err := fmt.Fprintf(e.w, "id: %s\n", id); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", event, b); err != nil {
		return err
	}
	return e.rc.Flush()
}

// Run waits for notices until the client goes, stop closes or on fails,
// sending a comment line every EventHeartbeat. Notices that arrive together
// make one call of on, with the set of their kinds: a burst of posts is
// one re-read.
func (e *EventStream) Run(ctx context.Context, stop <-chan struct{}, notices <-chan domain.LiveNotice,
	on func(kinds map[string]bool) error) error {
	beat := time.NewTicker(EventHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-stop:
			return nil
		case <-beat.C:
			if _, err := fmt.Fprint(e.w, ": ping\n\n"); err != nil {
				return nil
			}
			if err := e.rc.Flush(); err != nil {
				return nil
			}
		case n := <-notices:
			kinds := map[string]bool{n.Kind: true}
		drain:
			for {
				select {
				case n := <-notices:
					kinds[n.Kind] = true
				default:
					break drain
				}
			}
			if err := on(kinds); err != nil {
				return err
			}
		}
	}
}
