package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
)

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

	es := apiutil.StartEvents(w)
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
		return es.Send("home", "", map[string]int{"new": n})
	}
	unread := func() error { return es.Send("unread", "", s.unreadOf(rq)) }
	if err := home(); err != nil {
		return s.streamEnd(ctx, err)
	}
	if err := unread(); err != nil {
		return s.streamEnd(ctx, err)
	}
	err := es.Run(ctx, s.stop, notices, func(kinds map[string]bool) error {
		if kinds[domain.LiveHome] {
			if err := home(); err != nil {
				return err
			}
		}
		if kinds[domain.LiveUnread] {
			return unread()
		}
		return nil
	})
	return s.streamEnd(ctx, err)
}

// streamEnd ends a stream after a failure: the status line has gone out,
// so the error is logged, not answered; the browser reconnects.
func (s *Site) streamEnd(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "live stream", "err", err)
	}
	return nil
}
