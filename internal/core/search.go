package core

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/text"
)

// Full-text search of statuses.
//
// The index (domain.Searcher) only proposes candidates, newest first, with
// the filters it can evaluate (words, author, app, original/repost, picture,
// region, time as id bounds). Every candidate then goes through the store's
// StatusIDsAmong: the same visibility rule, deletion check and query code as
// every timeline. So a status deleted or hidden after it was indexed never
// shows, and whatever later joins the visibility rule (friend groups,
// blocks) applies to search without a change here.
//
// Order: newest first. The spec asks for no relevance order, Weibo's own
// search lists the newest posts first, and it is what keeps a page cheap:
// the index walks a word's statuses in id order and stops at the page,
// where ranking by relevance would score every match of a common word.

const (
	// SearchMaxCount is the largest page of search/statuses (seed 002).
	SearchMaxCount = 50
	// SearchMaxDepth bounds offset+count: pages past it are empty. Every
	// request rescans from the newest match, so depth is what a page costs.
	SearchMaxDepth = 1000
	// searchBatch is the most candidates asked of the index at once (and
	// checked by one store query).
	searchBatch = 400
	// searchCountCap bounds how many matches a total counts.
	searchCountCap = 10000
)

// SearchStatusesInput is search/statuses' query (seed 002).
type SearchStatusesInput struct {
	Q        string
	Ori      int // 0 all, 1 originals, 2 reposts
	Pic      int // 0 all, 1 with a picture, 2 without
	AuthorID int64
	Province int
	City     int
	// Start and End bound created_at (inclusive, to the second); zero is open.
	Start, End time.Time
	// AppID, when set, keeps statuses posted through that app (base_app).
	AppID int64
	// Page: Count and Page (SinceID and MaxID also bound ids when given).
	Page domain.Page
	// NeedCount asks for Total.
	NeedCount bool
}

// SearchResult is a page of search results. Total, when asked for, is an
// estimate (the spec's total_count_maybe): exact when the matches were few
// enough to check them all, else the index's count scaled by the share of
// the checked candidates the viewer may see.
type SearchResult struct {
	Items []*StatusView
	Total int
}

func (in SearchStatusesInput) query() (domain.StatusSearch, error) {
	q := domain.StatusSearch{Words: in.Q, Ori: in.Ori, Pic: in.Pic, AuthorID: in.AuthorID, AppID: in.AppID,
		Province: in.Province, City: in.City, SinceID: in.Page.SinceID, MaxID: in.Page.MaxID}
	if in.Ori < 0 || in.Ori > 2 {
		return q, domain.BadParam("filter_ori", "0, 1 or 2", fmt.Sprint(in.Ori))
	}
	if in.Pic < 0 || in.Pic > 2 {
		return q, domain.BadParam("filter_pic", "0, 1 or 2", fmt.Sprint(in.Pic))
	}
	if in.City != 0 && in.Province == 0 {
		return q, domain.BadParam("city", "a city together with its province", fmt.Sprint(in.City))
	}
	if !in.Start.IsZero() {
		// ids are time-ordered: created at or after Start means id >= MinIDAt(Start).
		q.SinceID = max(q.SinceID, ids.MinIDAt(in.Start)-1)
	}
	if !in.End.IsZero() {
		end := ids.MinIDAt(in.End.Truncate(time.Second).Add(time.Second)) - 1
		if q.MaxID == 0 || end < q.MaxID {
			q.MaxID = end
		}
	}
	return q, nil
}

// SearchStatuses finds the statuses the viewer may see that match in.
func (s *Service) SearchStatuses(ctx context.Context, viewer int64, in SearchStatusesInput) (*SearchResult, error) {
	if s.search == nil {
		return nil, domain.E(domain.KindUnavailable, domain.ReasonNone, "search is not configured")
	}
	q, err := in.query()
	if err != nil {
		return nil, err
	}
	count := min(max(in.Page.Count, 1), SearchMaxCount)
	off := in.Page.Offset()
	res := &SearchResult{Items: []*StatusView{}}
	empty := q.SinceID != 0 && q.MaxID != 0 && q.MaxID <= q.SinceID
	if off+count > SearchMaxDepth || empty {
		if in.NeedCount && !empty {
			if res.Total, err = s.search.Count(ctx, q, searchCountCap); err != nil {
				return nil, err
			}
		}
		return res, nil
	}
	found, scanned, exhausted, err := s.searchVisible(ctx, viewer, q, off+count)
	if err != nil {
		return nil, err
	}
	if off < len(found) {
		page := found[off:min(len(found), off+count)]
		if res.Items, _, err = s.listViews(ctx, viewer, page); err != nil {
			return nil, err
		}
	}
	if in.NeedCount {
		res.Total = len(found)
		if !exhausted && scanned > 0 {
			n, err := s.search.Count(ctx, q, searchCountCap)
			if err != nil {
				return nil, err
			}
			res.Total = max(len(found), int(int64(n)*int64(len(found))/int64(scanned)))
		}
	}
	return res, nil
}

// searchVisible collects up to want matches the viewer may see, newest
// first, asking the index for candidates in batches below the oldest one
// seen. It looks at no more than 3×want+searchBatch candidates, so a word
// whose matches are mostly hidden from the viewer costs a bounded scan.
// exhausted reports that the index had no more candidates.
func (s *Service) searchVisible(ctx context.Context, viewer int64, q domain.StatusSearch, want int) (found []int64, scanned int, exhausted bool, err error) {
	maxScan := 3*want + searchBatch
	sinceID := q.SinceID
	for len(found) < want && scanned < maxScan {
		q.Limit = min(searchBatch, (want-len(found))*5/4+20, maxScan-scanned)
		cands, err := s.search.Search(ctx, q)
		if err != nil {
			return nil, 0, false, fmt.Errorf("search: %w", err)
		}
		scanned += len(cands)
		if len(cands) > 0 {
			kept, err := s.store.StatusIDsAmong(ctx, cands, domain.StatusQuery{Viewer: viewer,
				Page: domain.Page{SinceID: sinceID}})
			if err != nil {
				return nil, 0, false, err
			}
			found = append(found, kept...)
			q.MaxID = cands[len(cands)-1] - 1
		}
		if len(cands) < q.Limit || q.MaxID <= 0 {
			return found, scanned, true, nil
		}
	}
	return found, scanned, false, nil
}

// searchDoc is what the index keeps of st; author is st's author.
func searchDoc(st *domain.Status, author *domain.User) domain.SearchDoc {
	d := domain.SearchDoc{ID: st.ID, UserID: st.UserID, AppID: st.AppID, Text: st.Text,
		Repost: st.RetweetedID != 0, HasPic: len(st.PicIDs) > 0}
	if author != nil {
		d.Province, d.City = author.Province, author.City
	}
	return d
}

// indexStatus brings the index entry of one status up to date: added or
// replaced while it lives, removed once it is deleted. Idempotent.
func (s *Service) indexStatus(ctx context.Context, id int64) error {
	if s.search == nil {
		return nil
	}
	// Past the cache: a delete made through another node may not have
	// reached this node's cache yet, and the index keeps what it is told.
	st, err := s.fresh.StatusByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) || (err == nil && st.Deleted) {
		return s.search.Remove(ctx, []int64{id})
	}
	if err != nil {
		return err
	}
	author, err := s.store.UserByID(ctx, st.UserID)
	if err != nil && !domain.IsKind(err, domain.KindNotFound) {
		return err
	}
	return s.search.Index(ctx, []domain.SearchDoc{searchDoc(st, author)})
}

// ReindexOptions tune Reindex.
type ReindexOptions struct {
	// Restart drops the progress of an interrupted rebuild and starts over.
	Restart bool
	// Batch is how many statuses are read and indexed at once [1000].
	Batch int
	// Progress, if set, learns the total to do once and then each batch done.
	Total    func(n int)
	Progress func(done int)
}

// ReindexResult says what a rebuild did.
type ReindexResult struct {
	Indexed int
	Users   int   // users whose name keys were rebuilt
	Resumed bool  // an interrupted rebuild was carried on
	From    int64 // the id it resumed after
}

// Reindex rebuilds the full-text index from the store: it empties the index
// and walks every status in id order, indexing them in batches (segmenting
// several batches at once, one per CPU). Progress is recorded after each
// round, so an interrupted rebuild resumes where it stopped unless
// opts.Restart. A server may run meanwhile: what it indexes or removes
// concurrently is either walked again (the same entry) or already in the
// store's state the walk reads. Then it rebuilds every user's name keys.
func (s *Service) Reindex(ctx context.Context, opts ReindexOptions) (ReindexResult, error) {
	var res ReindexResult
	if s.search == nil {
		return res, domain.E(domain.KindUnavailable, domain.ReasonNone, "search is not configured")
	}
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	after, ok, err := s.search.Checkpoint(ctx)
	if err != nil {
		return res, err
	}
	if ok && !opts.Restart {
		res.Resumed, res.From = true, after
	} else {
		after = 0
		if err := s.search.SetCheckpoint(ctx, 0, true); err != nil {
			return res, err
		}
		if err := s.search.Clear(ctx); err != nil {
			return res, err
		}
	}
	if opts.Total != nil {
		n, err := s.store.CountStatusesAfter(ctx, after)
		if err != nil {
			return res, err
		}
		opts.Total(n)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	for {
		// One round: a batch per worker, read in order, indexed at once.
		var batches [][]*domain.Status
		for range workers {
			sts, err := s.store.StatusesAfter(ctx, after, opts.Batch)
			if err != nil {
				return res, err
			}
			if len(sts) == 0 {
				break
			}
			batches = append(batches, sts)
			after = sts[len(sts)-1].ID
			if len(sts) < opts.Batch {
				break
			}
		}
		if len(batches) == 0 {
			break
		}
		errs := make(chan error, len(batches))
		for _, b := range batches {
			go func() { errs <- s.indexBatch(ctx, b) }()
		}
		var firstErr error
		for range batches {
			if err := <-errs; err != nil && firstErr == nil {
				firstErr = err
			}
		}
		if firstErr != nil {
			return res, firstErr
		}
		if err := s.search.SetCheckpoint(ctx, after, true); err != nil {
			return res, err
		}
		for _, b := range batches {
			res.Indexed += len(b)
		}
		if opts.Progress != nil {
			opts.Progress(res.Indexed)
		}
	}
	if err := s.search.SetCheckpoint(ctx, 0, false); err != nil {
		return res, err
	}
	// The name keys of users (search/suggestions/users), for users created
	// before they existed or written by a bulk load.
	for after := int64(0); ; {
		users, err := s.store.UsersAfter(ctx, after, opts.Batch)
		if err != nil || len(users) == 0 {
			return res, err
		}
		err = s.store.InTx(ctx, func(tx domain.Tx) error {
			for _, u := range users {
				if err := tx.SetUserNameKeys(ctx, u.ID, text.NameKeys(u.ScreenName)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		res.Users += len(users)
		after = users[len(users)-1].ID
	}
}

func (s *Service) indexBatch(ctx context.Context, sts []*domain.Status) error {
	uids := make([]int64, 0, len(sts))
	for _, st := range sts {
		uids = append(uids, st.UserID)
	}
	users, err := s.store.UsersByIDs(ctx, uids)
	if err != nil {
		return err
	}
	docs := make([]domain.SearchDoc, len(sts))
	for i, st := range sts {
		docs[i] = searchDoc(st, users[st.UserID])
	}
	return s.search.Index(ctx, docs)
}
