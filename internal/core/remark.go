package core

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// Remarks (备注, friendships.md §13): a note a user keeps on someone they
// follow, shown to them alone as "remark" in that person's user objects
// (every user object they read carries their own remark, from the
// relationship), and matched by @-suggestions.

// UpdateRemark sets the viewer's remark on uid, whom they must follow
// (20503 otherwise); "" clears it.
func (s *Service) UpdateRemark(ctx context.Context, v domain.Viewer, uid int64, remark string) (*UserView, error) {
	remark = strings.TrimSpace(remark)
	if text.Count(remark) > domain.MaxRemarkLen || strings.ContainsAny(remark, "\r\n") {
		return nil, domain.BadParam("remark", "at most 15 Chinese or 30 half-width characters on one line", remark)
	}
	if _, err := s.UserByID(ctx, uid); err != nil {
		return nil, err
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		err := tx.SetRemark(ctx, v.UserID, uid, remark)
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.E(domain.KindForbidden, domain.ReasonNeedFollow, "a remark is for someone you follow")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	vs, err := s.userViews(ctx, v.UserID, []int64{uid}, false)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "user does not exist")
	}
	return vs[0], nil
}

// maxInteractive is how many of a user's mutual follows the interaction
// order ranks (the bilateral lists' documented reach, 2,000).
const maxInteractive = 2000

// BilateralByInteraction lists uid's mutual follows, the one uid last
// interacted with first (a comment, a repost or a mention, either way:
// seed 004), then those never interacted with in the bilateral list's own
// order (newest follow first).
func (s *Service) BilateralByInteraction(ctx context.Context, viewer, uid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	c = pastDepth(c)
	all, total, err := s.store.BilateralIDs(ctx, uid, domain.Cursor{Count: maxInteractive})
	if err != nil {
		return nil, err
	}
	last, err := s.store.LastInteractions(ctx, uid, all)
	if err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(all))
	for i, id := range all {
		pos[id] = i
	}
	slices.SortStableFunc(all, func(a, b int64) int {
		if n := cmp.Compare(last[b], last[a]); n != 0 {
			return n
		}
		return cmp.Compare(pos[a], pos[b])
	})
	total = min(total, len(all))
	from, to := min(c.Cursor, len(all)), min(c.Cursor+c.Count, len(all))
	users, err := s.userViews(ctx, viewer, all[from:to], withStatus)
	if err != nil {
		return nil, err
	}
	next, prev := cursors(c, to-from, total)
	return &UserList{Users: users, Total: total, NextCursor: next, PreviousCursor: prev}, nil
}
