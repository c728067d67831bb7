package sina

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The live stream (GET /2/live/stream.json) is the site's live updates
// offered to API clients, which none of the original platforms had: a
// Server-Sent Events stream authenticated by the access token like any
// call. It carries ids and counts, never content (DESIGN.md, "Live push"):
//
//   - event "home", id the newest status id: the ids (idstr, newest first,
//     at most liveMaxIDs) of statuses that arrived in the token user's home
//     timeline after since_id (or the Last-Event-ID a reconnecting
//     EventSource sends), read through the home timeline itself, so the
//     visibility rule and blocks apply to every id; "new" counts them. The
//     first event answers at once; later ones when the core's notices say
//     something arrived, each with the ids after the previous event's.
//   - event "unread": the counters of remind/unread_count; "dm" only for a
//     token granted direct_messages_read (or all).
//
// A stream with no since_id starts from the newest status there is: what is
// there already is not new.

// liveMaxIDs is the most ids one home event lists: a client that sees
// that many fetches home_timeline with since_id for the rest.
const liveMaxIDs = 100

type eventStream func(w http.ResponseWriter, r *http.Request) error

func (a *API) liveRoutes() []route {
	return []route{{path: "live/stream", methods: "GET", rate: core.RateGeneral, stream: true,
		params: ps(apiutil.P("since_id", apiutil.KindID).Of("status")), h: a.liveStream}}
}

// Shutdown ends the open streams: the server is going away, and clients
// reconnect to another node or to this one when it is back.
func (a *API) Shutdown() { a.stopOnce.Do(func() { close(a.stop) }) }

type liveHome struct {
	New int      `json:"new"`
	IDs []string `json:"ids"`
}

func (a *API) liveStream(ctx context.Context, c *call) (any, error) {
	if !a.svc.LiveEnabled() {
		return nil, domain.E(domain.KindNotFound, domain.ReasonNotFoundAPI, "request api not found")
	}
	since, err := c.p.Int64("since_id", 0)
	if err != nil {
		return nil, err
	}
	if h := strings.TrimSpace(c.r.Header.Get("Last-Event-ID")); h != "" && !c.p.Given("since_id") {
		if since, err = strconv.ParseInt(h, 10, 64); err != nil {
			return nil, domain.BadParam("Last-Event-ID", "a status id", h)
		}
	}
	if since < 0 {
		return nil, domain.BadParam("since_id", "a status id", c.p.String("since_id"))
	}
	v := c.v
	home := func(since int64) ([]int64, error) {
		ids, err := a.svc.HomeTimelineIDs(ctx, v, domain.Page{SinceID: since, Count: liveMaxIDs, Page: 1}, domain.TimelineFilter{})
		if err != nil {
			return nil, err
		}
		out := ids.IDs[:0:0]
		for _, id := range ids.IDs {
			if id > since {
				out = append(out, id)
			}
		}
		return out, nil
	}
	if since == 0 {
		ids, err := a.svc.HomeTimelineIDs(ctx, v, domain.Page{Count: 1, Page: 1}, domain.TimelineFilter{})
		if err != nil {
			return nil, err
		}
		if len(ids.IDs) > 0 {
			since = ids.IDs[0]
		}
	}
	// The first reads answer errors in the dialect's format, before the
	// stream's status line goes out.
	first, err := home(since)
	if err != nil {
		return nil, err
	}
	counts, err := a.unreadOf(ctx, v)
	if err != nil {
		return nil, err
	}
	return eventStream(func(w http.ResponseWriter, r *http.Request) error {
		notices, cancel := a.svc.SubscribeLive(v.UserID)
		defer cancel()
		es := apiutil.StartEvents(w)
		sendHome := func(ids []int64) error {
			if len(ids) > 0 {
				since = ids[0]
			}
			h := liveHome{New: len(ids), IDs: make([]string, len(ids))}
			for i, id := range ids {
				h.IDs[i] = idstr(id)
			}
			return es.Send("home", idstr(since), h)
		}
		if err := sendHome(first); err != nil {
			return err
		}
		if err := es.Send("unread", "", counts); err != nil {
			return err
		}
		return es.Run(ctx, a.stop, notices, func(kinds map[string]bool) error {
			if kinds[domain.LiveHome] {
				ids, err := home(since)
				if err != nil {
					return err
				}
				if len(ids) > 0 {
					if err := sendHome(ids); err != nil {
						return err
					}
				}
			}
			if kinds[domain.LiveUnread] {
				u, err := a.unreadOf(ctx, v)
				if err != nil {
					return err
				}
				return es.Send("unread", "", u)
			}
			return nil
		})
	}), nil
}

// unreadOf is remind/unread_count's object for the stream; the direct
// message count needs the scope that reads direct messages.
func (a *API) unreadOf(ctx context.Context, v domain.Viewer) (*Unread, error) {
	u, err := a.svc.UnreadCounts(ctx, v.UserID)
	if err != nil {
		return nil, err
	}
	out := &Unread{Status: u.Status, Follower: u.Follower, Cmt: u.Cmt, MentionStatus: u.MentionStatus,
		MentionCmt: u.MentionCmt, Group: u.Group, PrivateGroup: u.PrivateGroup, Notice: u.Notice, Invite: u.Invite,
		Badge: u.Badge, Photo: u.Photo, Msgbox: u.Msgbox}
	if v.HasScope(core.ScopeDirectMessagesRead) {
		out.DM = u.DM
	}
	return out, nil
}
