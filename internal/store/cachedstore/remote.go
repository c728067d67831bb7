package cachedstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Invalidations across nodes. Each node caches rows in its own memory; a
// write committed through one node invalidates the keys it touched there
// (InTx) and publishes them on the Broadcast, and every other node drops
// the same keys when the message arrives. The reasoning that makes a local
// invalidation after the commit enough (InTx) holds for a remote one too:
// the message is published after the commit, so it arrives after it, and
// a load the receiving node had in flight is cancelled by the invalidation
// (otter) or, for tokens revoked per (user, app), refused by the sequence
// number noteRevoked takes on receipt. So once the message has arrived, no
// read on the receiving node answers from before the write.
//
// The bound: a reader on another node sees the write once the message has
// travelled (publish after commit, Redis, the subscriber's goroutine:
// milliseconds; docs/ARCHITECTURE.md has the figures). A message lost on
// the way (Redis unreachable when publishing, a subscription connection
// lost) is covered by the Broadcast's reset, which empties every cache
// here, and in the worst case by Options.TTL.

// busTopic is the Broadcast topic of the cache's invalidations.
const busTopic = "cache"

// publishTimeout bounds the wait for the transport; the write has
// committed and its answer waits on this.
const publishTimeout = time.Second

// wireKeys is keys as sent between nodes (JSON; empty lists left out).
type wireKeys struct {
	Statuses []int64    `json:"s,omitempty"`
	Users    []int64    `json:"u,omitempty"`
	Rels     [][2]int64 `json:"r,omitempty"` // viewer, other
	Members  [][2]int64 `json:"m,omitempty"` // group, member
	Groups   []int64    `json:"g,omitempty"`
	Tokens   []string   `json:"t,omitempty"`
	Revoked  [][2]int64 `json:"v,omitempty"` // user, app
	AppKeys  []string   `json:"ak,omitempty"`
	AppIDs   []int64    `json:"ai,omitempty"`
	Favs     []int64    `json:"f,omitempty"`
	Filters  []int64    `json:"h,omitempty"`
}

func (k *keys) empty() bool {
	return len(k.statuses)+len(k.users)+len(k.rels)+len(k.members)+len(k.groups)+len(k.tokens)+
		len(k.revoked)+len(k.appKeys)+len(k.appIDs)+len(k.favs)+len(k.filters) == 0
}

func (k *keys) wire() wireKeys {
	w := wireKeys{Statuses: k.statuses, Users: k.users, Groups: k.groups, Tokens: k.tokens,
		AppKeys: k.appKeys, AppIDs: k.appIDs, Favs: k.favs, Filters: k.filters}
	for _, r := range k.rels {
		w.Rels = append(w.Rels, [2]int64{r.viewer, r.other})
	}
	for _, m := range k.members {
		w.Members = append(w.Members, [2]int64{m.group, m.member})
	}
	for _, p := range k.revoked {
		w.Revoked = append(w.Revoked, [2]int64{p.user, p.app})
	}
	return w
}

func (w wireKeys) keys() *keys {
	k := &keys{statuses: w.Statuses, users: w.Users, groups: w.Groups, tokens: w.Tokens,
		appKeys: w.AppKeys, appIDs: w.AppIDs, favs: w.Favs, filters: w.Filters}
	for _, r := range w.Rels {
		k.rels = append(k.rels, relKey{r[0], r[1]})
	}
	for _, m := range w.Members {
		k.members = append(k.members, memberKey{m[0], m[1]})
	}
	for _, p := range w.Revoked {
		k.revoked = append(k.revoked, userApp{p[0], p[1]})
	}
	return k
}

// publish sends a committed transaction's keys to the other nodes. A
// failure is logged, not returned: the write has committed, and the other
// nodes' entries expire within the TTL.
func (s *Store) publish(ctx context.Context, k *keys) {
	if s.bus == nil || k.empty() {
		return
	}
	msg, err := json.Marshal(k.wire())
	if err != nil {
		s.log.Error("cache invalidation: encode", "err", err)
		return
	}
	// The request may be gone (the client hung up after the commit); the
	// other nodes must hear of the write all the same.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	if err := s.bus.Publish(ctx, busTopic, msg); err != nil {
		s.log.WarnContext(ctx, "cache invalidation not sent: other nodes may serve the old rows until they expire",
			"err", err, "ttl", s.opts.TTL)
	}
}

// applyRemote invalidates the keys another node's commit touched.
func (s *Store) applyRemote(msg []byte) {
	var w wireKeys
	if err := json.Unmarshal(msg, &w); err != nil {
		s.log.Warn("cache invalidation: undecodable message from another node; forgetting every cached row", "err", err)
		s.forgetAll()
		return
	}
	s.invalidate(w.keys())
}

// forgetAll empties every cache: invalidations from other nodes may have
// been lost.
func (s *Store) forgetAll() {
	s.eachCache(func(c ottercache) { c.InvalidateAll() })
}

// Uncached is the inner store's reads, past every cache
// (domain.Uncacheable).
func (s *Store) Uncached() domain.Reader { return s.inner }
