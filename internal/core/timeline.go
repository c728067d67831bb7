package core

import (
	"context"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// celebTTL bounds how stale a node's idea of a viewer's celebrity followees may be.
const celebTTL = 5 * time.Minute

// HomeTimeline is the viewer's own statuses and those of everyone they follow.
// Unfiltered pages come from the feed window (no SQL when warm); filtered
// pages and pages past the window come from the store.
func (s *Service) HomeTimeline(ctx context.Context, v domain.Viewer, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	ids, err := s.homeIDs(ctx, v.UserID, p, f)
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, v.UserID, ids)
	if err != nil {
		return nil, err
	}
	if p.SinceID == 0 && p.MaxID == 0 && p.Page <= 1 && len(items) > 0 {
		s.markHomeRead(ctx, v.UserID, items[0].Status.ID)
	}
	return &StatusList{Items: items, Hidden: hidden}, nil
}

// HomeTimelineIDs is HomeTimeline's ids only.
func (s *Service) HomeTimelineIDs(ctx context.Context, v domain.Viewer, p domain.Page, f domain.TimelineFilter) (*IDList, error) {
	l, err := s.HomeTimeline(ctx, v, p, f)
	if err != nil {
		return nil, err
	}
	return idsOf(l), nil
}

func idsOf(l *StatusList) *IDList {
	out := &IDList{IDs: make([]int64, len(l.Items)), Total: l.Total}
	for i, it := range l.Items {
		out.IDs[i] = it.Status.ID
	}
	return out
}

func (s *Service) homeIDs(ctx context.Context, uid int64, p domain.Page, f domain.TimelineFilter) ([]int64, error) {
	q := domain.StatusQuery{Page: p, Filter: f, Viewer: uid}
	if f.Active() {
		return s.store.HomeStatusIDs(ctx, uid, q)
	}
	ids, ok, err := s.windowPage(ctx, uid, p)
	if err != nil || ok {
		return ids, err
	}
	if p.MaxID == 0 && p.Page <= 1 {
		// A first page with no window: rebuild it from the store, then answer from it.
		if err := s.rebuildWindow(ctx, uid, func(p domain.Page) ([]int64, error) {
			return s.store.HomeStatusIDs(ctx, uid, domain.StatusQuery{Page: p, Viewer: uid})
		}); err != nil {
			return nil, err
		}
		if ids, ok, err = s.windowPage(ctx, uid, p); err != nil || ok {
			return ids, err
		}
	}
	return s.store.HomeStatusIDs(ctx, uid, q)
}

// rebuildWindow fills key's window from the store. A fan-out Push that runs
// between the store read and the Fill finds no window and is skipped, so the
// status it carried would be missing until the next rebuild. A second read
// of whatever is newer than the filled window closes that gap: a status
// committed before that read is found by it, and one committed after it
// is pushed after the Fill, into the window.
func (s *Service) rebuildWindow(ctx context.Context, key int64, load func(domain.Page) ([]int64, error)) error {
	ids, err := load(domain.Page{Count: s.opts.HomeWindow})
	if err != nil {
		return fmt.Errorf("rebuild window: %w", err)
	}
	if err := s.feed.Fill(ctx, key, ids, len(ids) < s.opts.HomeWindow); err != nil {
		return fmt.Errorf("rebuild window: %w", err)
	}
	var newest int64
	if len(ids) > 0 {
		newest = ids[0]
	}
	late, err := load(domain.Page{SinceID: newest, Count: s.opts.HomeWindow})
	if err != nil {
		return fmt.Errorf("rebuild window: catch up: %w", err)
	}
	for _, id := range late {
		if err := s.feed.Push(ctx, []int64{key}, id); err != nil {
			return fmt.Errorf("rebuild window: catch up: %w", err)
		}
	}
	return nil
}

// windowPage answers a page from the viewer's window merged with the recent
// posts of the celebrities they follow (who are never pushed), from the
// celebrities' windows per audience (see authorKey).
//
// The window and the merge are read down to the page's end, so that end is
// bounded first: a page starting past MaxPageDepth (which the dialects'
// readers lower to the first page past it) is empty here, and nothing below
// is sized by what a client asked for.
func (s *Service) windowPage(ctx context.Context, uid int64, p domain.Page) ([]int64, bool, error) {
	if p.Count <= 0 || p.PastDepth() {
		return nil, true, nil
	}
	sub := domain.Page{SinceID: p.SinceID, MaxID: p.MaxID, Count: p.Offset() + p.Count, Page: 1}
	ids, ok, err := s.feed.Range(ctx, uid, sub)
	if err != nil || !ok {
		return nil, false, err
	}
	celebs, err := s.celebFollowees(ctx, uid)
	if err != nil {
		return nil, false, err
	}
	if len(celebs) == 0 {
		return pageSlice(ids, p), true, nil
	}
	lists := make([][]int64, 1, 1+len(celebs))
	lists[0] = ids
	var restricted []int64 // celebrities with statuses in their some window within sub
	for _, c := range celebs {
		cids, ok, err := s.authorRange(ctx, c, domain.AudienceEveryone, sub)
		if err != nil || !ok {
			return nil, false, err
		}
		lists = append(lists, cids)
		one := domain.Page{SinceID: sub.SinceID, MaxID: sub.MaxID, Count: 1}
		if sids, ok, err := s.authorRange(ctx, c, domain.AudienceSome, one); err != nil || !ok {
			return nil, false, err
		} else if len(sids) > 0 {
			restricted = append(restricted, c)
		}
	}
	if len(restricted) > 0 {
		vis, ok, err := s.restrictedVisible(ctx, uid, restricted, sub)
		if err != nil || !ok {
			return nil, false, err
		}
		lists = append(lists, vis...)
	}
	return pageSlice(mergeDesc(lists, sub.Count), p), true, nil
}

// authorRange answers p from author's window of audience a, rebuilding the
// window from the store when it is missing.
func (s *Service) authorRange(ctx context.Context, author int64, a domain.Audience, p domain.Page) ([]int64, bool, error) {
	key := authorKey(author, a)
	ids, ok, err := s.feed.Range(ctx, key, p)
	if err != nil || ok {
		return ids, ok, err
	}
	if err := s.rebuildWindow(ctx, key, func(p domain.Page) ([]int64, error) {
		return s.store.AudienceStatusIDs(ctx, author, a, p)
	}); err != nil {
		return nil, false, err
	}
	return s.feed.Range(ctx, key, p)
}

// restrictedVisible returns, for each of authors, the newest sub.Count
// statuses of their some window (within sub's bounds) that viewer may see,
// as one list per author. The window is read in runs of sub.Count, each
// filtered by the visibility rule, until enough are seen or it ends: a run
// may hide statuses of a group the viewer is not in. ok is false when that
// reaches past what an incomplete window holds.
func (s *Service) restrictedVisible(ctx context.Context, viewer int64, authors []int64, sub domain.Page) ([][]int64, bool, error) {
	see, err := s.seerFor(ctx, viewer, authors)
	if err != nil {
		return nil, false, err
	}
	var out [][]int64
	for _, c := range authors {
		if !see.mightSeeSome(c) {
			continue
		}
		var vis []int64
		run := sub
		for len(vis) < sub.Count {
			ids, ok, err := s.authorRange(ctx, c, domain.AudienceSome, run)
			if err != nil || !ok {
				return nil, false, err
			}
			sts, err := s.statusesByIDs(ctx, ids)
			if err != nil {
				return nil, false, err
			}
			for _, st := range sts {
				if see.canSee(st) && len(vis) < sub.Count {
					vis = append(vis, st.ID)
				}
			}
			if len(ids) < run.Count {
				break
			}
			run.MaxID = ids[len(ids)-1] - 1
		}
		out = append(out, vis)
	}
	return out, true, nil
}

// mergeDesc merges strictly decreasing id lists into their newest n
// distinct ids: a k-way merge that stops at n, instead of concatenating
// every celebrity's page and sorting it on every home read. Its allocation
// is bounded by what the lists hold, never by n alone.
func mergeDesc(lists [][]int64, n int) []int64 {
	held := 0
	for _, l := range lists {
		held += len(l)
	}
	out := make([]int64, 0, max(min(n, held), 0))
	heads := make([]int, len(lists))
	for len(out) < n {
		best, top := -1, int64(0)
		for i, l := range lists {
			if h := heads[i]; h < len(l) && (best < 0 || l[h] > top) {
				best, top = i, l[h]
			}
		}
		if best < 0 {
			break
		}
		heads[best]++
		// Equal ids from different lists come out one after another.
		if len(out) == 0 || out[len(out)-1] != top {
			out = append(out, top)
		}
	}
	return out
}

// pageSlice applies a page's offset and count to ids already within its bounds.
func pageSlice(ids []int64, p domain.Page) []int64 {
	off := p.Offset()
	if off >= len(ids) {
		return nil
	}
	ids = ids[off:]
	if len(ids) > p.Count {
		ids = ids[:p.Count]
	}
	return ids
}

// celebFollowees returns whom uid follows that has at least
// CelebrityFollowers followers. Cached per node for celebTTL.
func (s *Service) celebFollowees(ctx context.Context, uid int64) ([]int64, error) {
	s.celebMu.Lock()
	e, ok := s.celebs[uid]
	s.celebMu.Unlock()
	if ok && s.now().Before(e.expires) {
		return e.ids, nil
	}
	var celebs []int64
	for cur := 0; ; {
		ids, total, err := s.store.FriendIDs(ctx, uid, domain.Cursor{Cursor: cur, Count: 1000})
		if err != nil {
			return nil, err
		}
		users, err := s.store.UsersByIDs(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if u := users[id]; u != nil && u.FollowersCount >= s.opts.CelebrityFollowers {
				celebs = append(celebs, id)
			}
		}
		cur += len(ids)
		if len(ids) == 0 || cur >= total {
			break
		}
	}
	s.celebMu.Lock()
	if len(s.celebs) > 100000 { // bound memory: a full map is simply started afresh
		clear(s.celebs)
	}
	s.celebs[uid] = celebEntry{ids: celebs, expires: s.now().Add(celebTTL)}
	s.celebMu.Unlock()
	return celebs, nil
}

func (s *Service) forgetCelebs(uid int64) {
	s.celebMu.Lock()
	delete(s.celebs, uid)
	s.celebMu.Unlock()
}

func (s *Service) markHomeRead(ctx context.Context, uid, newest int64) {
	if v, ok := s.homeMarks.Load(uid); ok && v.(int64) >= newest {
		return
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.SetHomeReadMark(ctx, uid, newest) })
	if err != nil {
		s.log.WarnContext(ctx, "set home read mark", "user", uid, "err", err)
		return
	}
	s.homeMarks.Store(uid, newest)
}

// UserTimeline is one author's statuses as the viewer may see them.
func (s *Service) UserTimeline(ctx context.Context, viewer, uid int64, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	ids, total, err := s.userStatusIDs(ctx, viewer, uid, p, f)
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: total, Hidden: hidden}, nil
}

// UserTimelineIDs is UserTimeline's ids only.
func (s *Service) UserTimelineIDs(ctx context.Context, viewer, uid int64, p domain.Page, f domain.TimelineFilter) (*IDList, error) {
	ids, total, err := s.userStatusIDs(ctx, viewer, uid, p, f)
	if err != nil {
		return nil, err
	}
	return &IDList{IDs: ids, Total: total}, nil
}

// exactTotalUpTo is the longest user timeline whose Total is counted.
// Counting the statuses a viewer may see runs over all of the author's rows
// on every call: 3.5 ms of a 5 ms profile read for an author of 13 000
// statuses. Past it, an unfiltered timeline's Total is the author's
// StatusesCount, which anyone may read on the user anyway; the APIs allow an
// approximate total for large timelines.
const exactTotalUpTo = 1000

// userStatusIDs is a page of uid's statuses as viewer may see them, and
// their total.
func (s *Service) userStatusIDs(ctx context.Context, viewer, uid int64, p domain.Page, f domain.TimelineFilter) ([]int64, int, error) {
	q := domain.StatusQuery{Page: p, Filter: f, Viewer: viewer}
	if !f.Active() {
		if u, err := s.store.UserByID(ctx, uid); err == nil && u.StatusesCount > exactTotalUpTo {
			ids, err := s.store.AuthorsStatusIDs(ctx, []int64{uid}, q)
			return ids, u.StatusesCount, err
		}
	}
	return s.store.UserStatusIDs(ctx, uid, q)
}

// PublicTimeline is the newest public statuses.
func (s *Service) PublicTimeline(ctx context.Context, viewer int64, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	ids, err := s.store.PublicStatusIDs(ctx, domain.StatusQuery{Page: p, Filter: f})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Hidden: hidden, Total: len(items)}, nil
}

// RepostTimeline lists the reposts of a status.
func (s *Service) RepostTimeline(ctx context.Context, viewer, id int64, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	if _, err := s.visibleStatus(ctx, s.store, viewer, id); err != nil {
		return nil, err
	}
	ids, total, err := s.store.RepostIDs(ctx, id, domain.StatusQuery{Page: p, Filter: f, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: total, Hidden: hidden}, nil
}

// RepostTimelineIDs is RepostTimeline's ids only.
func (s *Service) RepostTimelineIDs(ctx context.Context, viewer, id int64, p domain.Page, f domain.TimelineFilter) (*IDList, error) {
	if _, err := s.visibleStatus(ctx, s.store, viewer, id); err != nil {
		return nil, err
	}
	ids, total, err := s.store.RepostIDs(ctx, id, domain.StatusQuery{Page: p, Filter: f, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	return &IDList{IDs: ids, Total: total}, nil
}

// RepostsByMe lists the viewer's reposts.
func (s *Service) RepostsByMe(ctx context.Context, viewer int64, p domain.Page) (*StatusList, error) {
	ids, err := s.store.RepostsByUserIDs(ctx, viewer, domain.StatusQuery{Page: p, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	total := len(ids)
	if p.SinceID != 0 || p.MaxID != 0 || p.Page > 1 || len(ids) >= p.Count {
		// The page may not hold every match: count them.
		if total, err = s.repostTotal(ctx, viewer); err != nil {
			return nil, err
		}
	}
	return &StatusList{Items: items, Hidden: hidden, Total: total}, nil
}

// repostTotal counts uid's reposts as all their statuses less their
// originals: the store counts per-author selections but has no count of
// reposts alone.
func (s *Service) repostTotal(ctx context.Context, uid int64) (int, error) {
	count := domain.Page{Count: 0} // a page of 0 only counts
	_, all, err := s.store.UserStatusIDs(ctx, uid, domain.StatusQuery{Page: count, Viewer: uid})
	if err != nil {
		return 0, fmt.Errorf("count statuses: %w", err)
	}
	_, originals, err := s.store.UserStatusIDs(ctx, uid, domain.StatusQuery{Page: count, Viewer: uid,
		Filter: domain.TimelineFilter{FilterByType: 1}})
	if err != nil {
		return 0, fmt.Errorf("count originals: %w", err)
	}
	return max(all-originals, 0), nil
}

// Mentions lists statuses that @-mention the viewer. Reading does not reset
// mention_status: statuses.md §10 says clients clear it with remind/set_count.
func (s *Service) Mentions(ctx context.Context, viewer int64, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	ids, total, err := s.store.MentionStatusIDs(ctx, viewer, domain.StatusQuery{Page: p, Filter: f, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: total, Hidden: hidden}, nil
}

// MentionIDs is Mentions' ids only.
func (s *Service) MentionIDs(ctx context.Context, viewer int64, p domain.Page, f domain.TimelineFilter) (*IDList, error) {
	ids, total, err := s.store.MentionStatusIDs(ctx, viewer, domain.StatusQuery{Page: p, Filter: f, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	return &IDList{IDs: ids, Total: total}, nil
}

// BilateralTimeline is the statuses of the viewer and their mutual followers.
func (s *Service) BilateralTimeline(ctx context.Context, viewer int64, p domain.Page, f domain.TimelineFilter) (*StatusList, error) {
	authors := []int64{viewer}
	for cur := 0; ; {
		ids, total, err := s.store.BilateralIDs(ctx, viewer, domain.Cursor{Cursor: cur, Count: 2000})
		if err != nil {
			return nil, err
		}
		authors = append(authors, ids...)
		cur += len(ids)
		if len(ids) == 0 || cur >= total {
			break
		}
	}
	ids, err := s.store.AuthorsStatusIDs(ctx, authors, domain.StatusQuery{Page: p, Filter: f, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Hidden: hidden, Total: len(items)}, nil
}
