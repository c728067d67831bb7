package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// liveHeartbeat keeps an idle stream open through proxies that close
// silent connections.
const liveHeartbeat = 25 * time.Second

// liveMaxNew is the most new statuses a stream counts ("有 99 条新微博"
// is as informative as more).
const liveMaxNew = 99

// Shutdown ends the open event streams: the server is going away, and the
// browsers reconnect to another node or to this one when it is back.
func (s *Site) Shutdown() { s.stopOnce.Do(func() { close(s.stop) }) }

// liveStream is GET /live, the signed-in page's Server-Sent Events: "home"
// with how many statuses arrived in the home timeline after the newest one
// the page shows (since=<id>), "unread" with the badges' counts. Each is
// sent at once and again whenever the core's notices say it changed; the
// counts are re-read then, so a notice that was lost costs nothing but
// waiting for the next.
func (s *Site) liveStream(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !s.svc.LiveEnabled() {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "live updates are off")
	}
	var since int64
	if v := r.URL.Query().Get("since"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			return domain.BadParam("since", "a status id", v)
		}
		since = id
	}
	ctx := r.Context()
	v := rq.viewer(s)
	if since == 0 {
		// A page showing no status: what is there now is not new.
		ids, err := s.svc.HomeTimelineIDs(ctx, v, domain.Page{Count: 1, Page: 1}, domain.TimelineFilter{})
		if err != nil {
			return err
		}
		if len(ids.IDs) > 0 {
			since = ids.IDs[0]
		}
	}
	notices, cancel := s.svc.SubscribeLive(rq.me.ID)
	defer cancel()

	rc := http.NewResponseController(w)
	// The server's write timeout is for ordinary answers, not a stream.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)

	send := func(event string, data any) error {
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil {
			return err
		}
		return rc.Flush()
	}
	home := func() error {
		ids, err := s.svc.HomeTimelineIDs(ctx, v, domain.Page{SinceID: since, Count: liveMaxNew, Page: 1}, domain.TimelineFilter{})
		if err != nil {
			return err
		}
		n := 0
		for _, id := range ids.IDs {
			if id > since {
				n++
			}
		}
		return send("home", map[string]int{"new": n})
	}
	unread := func() error { return send("unread", s.unreadOf(rq)) }
	if err := home(); err != nil {
		return s.streamEnd(ctx, err)
	}
	if err := unread(); err != nil {
		return s.streamEnd(ctx, err)
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.stop:
			return nil
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
		case n := <-notices:
			// Several notices at once make one re-read of each kind.
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
			if kinds[domain.LiveHome] {
				if err := home(); err != nil {
					return s.streamEnd(ctx, err)
				}
			}
			if kinds[domain.LiveUnread] {
				if err := unread(); err != nil {
					return s.streamEnd(ctx, err)
				}
			}
		}
	}
}

// streamEnd ends a stream after a failure: the status line has gone out,
// so the error is logged, not answered; the browser reconnects.
func (s *Site) streamEnd(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		s.log.WarnContext(ctx, "live stream", "err", err)
	}
	return nil
}
