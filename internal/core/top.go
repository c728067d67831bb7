package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

// Pinned (top) statuses and user levels (users.md §4–§7).

// TopStatus is the status uid pinned, as viewer sees it; nil when nothing
// is pinned or the viewer may not see it (deleted, hidden).
func (s *Service) TopStatus(ctx context.Context, viewer, uid int64) (*StatusView, error) {
	if _, err := s.ResolveUser(ctx, UserRef{ID: uid}); err != nil {
		return nil, err
	}
	return s.topStatus(ctx, viewer, uid)
}

func (s *Service) topStatus(ctx context.Context, viewer, uid int64) (*StatusView, error) {
	id, err := s.store.TopStatusOf(ctx, uid)
	if err != nil || id == 0 {
		return nil, err
	}
	st, err := s.visibleStatus(ctx, s.store, viewer, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.viewOne(ctx, viewer, st)
}

// SetTopStatus pins one of the viewer's own statuses, replacing any pin.
func (s *Service) SetTopStatus(ctx context.Context, v domain.Viewer, id int64) (*StatusView, error) {
	var st *domain.Status
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if st, err = s.visibleStatus(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		if st.UserID != v.UserID {
			return domain.E(domain.KindForbidden, domain.ReasonNotOwnStatus, "not your own weibo")
		}
		return tx.SetTopStatus(ctx, v.UserID, id, s.now())
	})
	if err != nil {
		return nil, err
	}
	return s.viewOne(ctx, v.UserID, st)
}

// CancelTopStatus unpins id, which must be the viewer's pinned status.
func (s *Service) CancelTopStatus(ctx context.Context, v domain.Viewer, id int64) (*StatusView, error) {
	var st *domain.Status
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if st, err = s.visibleStatus(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		top, err := tx.TopStatusOf(ctx, v.UserID)
		if err != nil {
			return err
		}
		if top != id {
			return domain.BadParam("id", "the id of your pinned status", fmt.Sprint(id))
		}
		return tx.ClearTopStatus(ctx, v.UserID)
	})
	if err != nil {
		return nil, err
	}
	return s.viewOne(ctx, v.UserID, st)
}

// MaxRank is the highest user level, as on Weibo.
const MaxRank = 48

// RankForDays is the user level earned by days active days: level L needs
// 5·L·(L−1)/2 of them (1 at once, 2 after 5, 3 after 15, 4 after 30, …),
// the shape of Weibo's own level table, up to MaxRank.
func RankForDays(days int) int {
	r := 1
	for r < MaxRank && 5*(r+1)*r/2 <= days {
		r++
	}
	return r
}

// UserRank is uid's level: from the days on which they posted.
func (s *Service) UserRank(ctx context.Context, uid int64) (int, error) {
	if _, err := s.ResolveUser(ctx, UserRef{ID: uid}); err != nil {
		return 0, err
	}
	days, err := s.store.ActiveDays(ctx, uid)
	if err != nil {
		return 0, fmt.Errorf("active days: %w", err)
	}
	return RankForDays(days), nil
}

// pinFirst puts the pinned status first on the first page of an author's
// timeline: ids is that page, top the pinned id (0 for none, or one the
// viewer may not see or the filter leaves out). The pinned status appears
// once on the page; the page may hold one more than asked for.
func pinFirst(ids []int64, top int64) []int64 {
	if top == 0 {
		return ids
	}
	out := make([]int64, 0, len(ids)+1)
	out = append(out, top)
	for _, id := range ids {
		if id != top {
			out = append(out, id)
		}
	}
	return out
}

// pinnedFor is the id of uid's pinned status when it belongs first on this
// page of their timeline for viewer: the first page, a status the viewer
// may see and the filter keeps. 0 otherwise.
func (s *Service) pinnedFor(ctx context.Context, viewer, uid int64, p domain.Page, f domain.TimelineFilter) (int64, error) {
	if p.SinceID != 0 || p.MaxID != 0 || p.Page > 1 || p.Count <= 0 {
		return 0, nil
	}
	top, err := s.store.TopStatusOf(ctx, uid)
	if err != nil || top == 0 {
		return 0, err
	}
	ok, err := s.store.StatusIDsAmong(ctx, []int64{top}, domain.StatusQuery{Filter: f, Viewer: viewer})
	if err != nil || len(ok) == 0 {
		return 0, err
	}
	return top, nil
}
