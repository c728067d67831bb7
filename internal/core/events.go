package core

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Event types. Events are plain structs that survive a JSON round trip: the
// queue carries them as JSON whether it runs in-process or as a cluster.
const (
	EventStatusPosted  = "status.posted"
	EventStatusDeleted = "status.deleted"
)

// StatusEvent is the payload of status.posted and status.deleted.
type StatusEvent struct {
	StatusID int64 `json:"status_id"`
	AuthorID int64 `json:"author_id"`
}

// newEvent builds an outbox row; the id makes publishing idempotent.
func (s *Service) newEvent(typ string, key int64, payload any) (domain.OutboxEvent, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return domain.OutboxEvent{}, fmt.Errorf("encode %s: %w", typ, err)
	}
	return domain.OutboxEvent{
		Event:     domain.Event{ID: typ + "." + strconv.FormatInt(key, 10), Type: typ, Payload: b},
		CreatedAt: s.now(),
	}, nil
}

// publish hands committed outbox rows to the queue. A failure is only
// logged: the sweeper re-publishes what is left, and the queue de-duplicates
// by event id. The published rows are deleted in the background, in batches
// (see deletePublished); should that fall behind, here and now.
func (s *Service) publish(ctx context.Context, evs ...domain.OutboxEvent) {
	if s.queue == nil {
		return
	}
	for _, e := range evs {
		if err := s.queue.Publish(ctx, e.Event); err != nil {
			s.log.WarnContext(ctx, "publish event; the outbox sweeper will retry", "event", e.ID, "err", err)
			continue
		}
		s.unDeleted.Add(1)
		select {
		case s.published <- e.ID:
		default:
			s.logDeleteOutbox(ctx, []string{e.ID})
			s.unDeleted.Add(-1)
		}
	}
}

const (
	// outboxDeleteBuffer bounds the published ids waiting for deletion.
	outboxDeleteBuffer = 4096
	// outboxDeleteBatch is the most rows one deleting transaction removes.
	outboxDeleteBatch = 256
	// outboxDeleteEvery is how long ids may wait to share a transaction. It
	// must stay far below Options.OutboxAge, or the sweeper would re-publish
	// rows that were only waiting to be deleted (harmless, but wasted work).
	outboxDeleteEvery = 20 * time.Millisecond
)

// deleteOutbox removes published outbox rows in one transaction.
func (s *Service) deleteOutbox(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		for _, id := range ids {
			if err := tx.DeleteOutbox(ctx, id); err != nil {
				return fmt.Errorf("delete outbox %s: %w", id, err)
			}
		}
		return nil
	})
}

// logDeleteOutbox is deleteOutbox where a failure can only be logged: the
// rows stay, and the sweeper re-publishes and deletes them later.
func (s *Service) logDeleteOutbox(ctx context.Context, ids []string) {
	if err := s.deleteOutbox(ctx, ids); err != nil {
		s.log.WarnContext(ctx, "delete published outbox rows", "count", len(ids), "err", err)
	}
}

// takePublished returns the published ids already waiting, up to limit,
// without blocking.
func (s *Service) takePublished(limit int) []string {
	var ids []string
	for len(ids) < limit {
		select {
		case id := <-s.published:
			ids = append(ids, id)
		default:
			return ids
		}
	}
	return ids
}

// deletePublished deletes the rows publish hands over, batching what
// arrives within outboxDeleteEvery, until ctx ends; then it deletes what is
// already waiting, so a graceful stop leaves nothing for the next sweep.
func (s *Service) deletePublished(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			for {
				ids := s.takePublished(outboxDeleteBatch)
				if len(ids) == 0 {
					return
				}
				s.logDeleteOutbox(context.WithoutCancel(ctx), ids)
				s.unDeleted.Add(-int64(len(ids)))
			}
		case id := <-s.published:
			// Let the ids of concurrent requests join this one's transaction.
			timer := time.NewTimer(outboxDeleteEvery)
			select {
			case <-timer.C:
			case <-ctx.Done():
			}
			timer.Stop()
			ids := append([]string{id}, s.takePublished(outboxDeleteBatch-1)...)
			s.logDeleteOutbox(context.WithoutCancel(ctx), ids)
			s.unDeleted.Add(-int64(len(ids)))
		}
	}
}

// SweepOutbox re-publishes outbox rows older than age (all rows when age is 0).
// It returns how many it published.
func (s *Service) SweepOutbox(ctx context.Context, age time.Duration) (int, error) {
	total := 0
	for {
		rows, err := s.store.PendingOutbox(ctx, s.now().Add(-age), 500)
		if err != nil {
			return total, fmt.Errorf("pending outbox: %w", err)
		}
		if len(rows) == 0 {
			return total, nil
		}
		done := make([]string, 0, len(rows))
		for _, e := range rows {
			if err := s.queue.Publish(ctx, e.Event); err != nil {
				// What was published is deleted; the rest waits for the next sweep.
				s.logDeleteOutbox(ctx, done)
				return total, fmt.Errorf("republish %s: %w", e.ID, err)
			}
			done = append(done, e.ID)
			total++
		}
		if err := s.deleteOutbox(ctx, done); err != nil {
			return total, err
		}
		if len(rows) < 500 {
			return total, nil
		}
	}
}

// RunOutboxSweeper re-publishes stale outbox rows until ctx ends.
func (s *Service) RunOutboxSweeper(ctx context.Context, every time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.deletePublished(ctx)
	}()
	defer func() { <-done }()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.SweepOutbox(ctx, s.opts.OutboxAge); err != nil {
				s.log.WarnContext(ctx, "outbox sweep", "err", err)
			} else if n > 0 {
				s.log.InfoContext(ctx, "outbox sweep re-published events", "count", n)
			}
		}
	}
}

// Drain publishes every outbox row and waits until the queue has handled
// everything: tests call it instead of sleeping, and shutdown calls it.
func (s *Service) Drain(ctx context.Context) error {
	if s.queue == nil {
		return nil
	}
	// Rows already published and only waiting for the background deleter
	// are deleted now, and a batch the deleter holds is waited for, so the
	// sweep below publishes none of them again and, once Drain returns, no
	// deletion is still to run.
	ids := s.takePublished(outboxDeleteBuffer)
	err := s.deleteOutbox(ctx, ids)
	s.unDeleted.Add(-int64(len(ids))) // taken either way; on failure the sweep has them
	if err != nil {
		return err
	}
	for s.unDeleted.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	if _, err := s.SweepOutbox(ctx, 0); err != nil {
		return err
	}
	return s.queue.Idle(ctx)
}

// HandleEvent is the queue's handler. Every branch is idempotent: events
// arrive at least once.
func (s *Service) HandleEvent(ctx context.Context, e domain.Event) error {
	switch e.Type {
	case EventStatusPosted, EventStatusDeleted:
		var p StatusEvent
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			// A malformed event can never succeed: log and drop it.
			s.log.ErrorContext(ctx, "drop malformed event", "event", e.ID, "err", err)
			return nil
		}
		// The index follows the status's state in the store, whichever
		// event arrives: a late "posted" after a delete removes, not adds.
		if err := s.indexStatus(ctx, p.StatusID); err != nil {
			return fmt.Errorf("index status %d: %w", p.StatusID, err)
		}
		if e.Type == EventStatusPosted {
			return s.fanOut(ctx, p)
		}
		return s.fanOutDelete(ctx, p)
	case EventAccountDeleted:
		return s.handleAccountDeleted(ctx, e)
	default:
		s.log.WarnContext(ctx, "drop event of unknown type", "event", e.ID, "type", e.Type)
		return nil
	}
}

// fanOut pushes a new status into the home windows of the followers allowed
// to see it, and into its author's window of its audience. Celebrities'
// followers are not pushed to: their posts are merged at read time from
// those author windows.
func (s *Service) fanOut(ctx context.Context, p StatusEvent) error {
	// Past the cache, as indexStatus: a status deleted through another
	// node is not pushed into windows. One query per event.
	st, err := s.fresh.StatusByID(ctx, p.StatusID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.Deleted {
		return nil
	}
	author, err := s.store.UserByID(ctx, st.UserID)
	if err != nil {
		return err
	}
	// The author's own window got the status synchronously at post time; push
	// again (idempotent) in case that node's window was rebuilt in between.
	if err := s.feed.Push(ctx, []int64{author.ID}, st.ID); err != nil {
		return err
	}
	audience := st.Visible.Audience()
	if audience == domain.AudienceAuthor {
		return nil // no one else's window, the author's windows included
	}
	if err := s.feed.Push(ctx, []int64{authorKey(author.ID, audience)}, st.ID); err != nil {
		return err
	}
	if author.FollowersCount >= s.opts.CelebrityFollowers {
		return nil
	}
	if err := s.pushToGroups(ctx, st); err != nil {
		return err
	}
	var after int64
	for {
		batch, err := s.store.FollowerIDsAfter(ctx, author.ID, after, s.opts.FanoutBatch)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		after = batch[len(batch)-1]
		targets, err := s.allowedAmong(ctx, st, batch)
		if err != nil {
			return err
		}
		if err := s.feed.Push(ctx, targets, st.ID); err != nil {
			return err
		}
		s.notifyHome(ctx, targets, st.ID)
		if len(batch) < s.opts.FanoutBatch {
			return nil
		}
	}
}

// fanOutDelete removes a deleted status from the windows that may hold it.
// Reads already drop deleted statuses; this only reclaims the window slots.
func (s *Service) fanOutDelete(ctx context.Context, p StatusEvent) error {
	keys := []int64{p.AuthorID, authorKey(p.AuthorID, domain.AudienceEveryone), authorKey(p.AuthorID, domain.AudienceSome)}
	if err := s.feed.Remove(ctx, keys, p.StatusID); err != nil {
		return err
	}
	if err := s.removeFromGroups(ctx, p.AuthorID, p.StatusID); err != nil {
		return err
	}
	var after int64
	for {
		batch, err := s.store.FollowerIDsAfter(ctx, p.AuthorID, after, s.opts.FanoutBatch)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		after = batch[len(batch)-1]
		if err := s.feed.Remove(ctx, batch, p.StatusID); err != nil {
			return err
		}
		if len(batch) < s.opts.FanoutBatch {
			return nil
		}
	}
}

// authorKey is the feed key of an author's window of recent statuses of one
// audience, which home timelines merge celebrities from: one window for
// domain.AudienceEveryone, one for domain.AudienceSome, none for statuses
// only the author sees (they reach the author through their own window).
//
// Why windows per audience, not one window filtered per viewer: nearly
// every status is public, and the everyone window is merged into every
// follower's page as it is, with no status loaded to decide anything; the
// some window (close friends, groups) is usually empty, and is read and
// filtered with the one visibility rule (seer) only for viewers who might
// see some of it. A pushed window and a rebuilt one hold the same statuses
// (AudienceStatusIDs selects by the same Audience), so a follower's page
// does not change with a rebuild, holds no status they may not see
// (hasvisible stays false) and is not cut short by hidden ones.
//
// Keys are negative, so they never meet a uid; ids are below 2^53, so the
// some window's offset keeps the two apart.
func authorKey(uid int64, a domain.Audience) int64 {
	if a == domain.AudienceSome {
		return -(uid + 1<<53)
	}
	return -uid
}
