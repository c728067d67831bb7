package core

import (
	"context"
	"fmt"
	"strconv"

	"github.com/weibo-server/weibo/internal/domain"
)

// What a user hides (statuses.md §26, §27): statuses filtered out of their
// home and bilateral timelines, and shielded mentions.

// dropFiltered removes from a home page the statuses the viewer hid. The
// cached store answers from the viewer's set, so a warm page costs no SQL.
// A page may come out shorter, as when statuses are hidden for visibility.
func (s *Service) dropFiltered(ctx context.Context, viewer int64, ids []int64) ([]int64, bool, error) {
	if viewer == 0 || len(ids) == 0 {
		return ids, false, nil
	}
	hid, err := s.store.HomeFilteredAmong(ctx, viewer, ids)
	if err != nil {
		return nil, false, fmt.Errorf("home filters: %w", err)
	}
	if len(hid) == 0 {
		return ids, false, nil
	}
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !hid[id] {
			out = append(out, id)
		}
	}
	return out, len(out) < len(ids), nil
}

// FilterStatus hides a status the viewer may see from their home and
// bilateral timelines (and their ids). Hiding it again changes nothing.
func (s *Service) FilterStatus(ctx context.Context, v domain.Viewer, id int64) (*StatusView, error) {
	var st *domain.Status
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if st, err = s.visibleStatus(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		return tx.AddHomeFilter(ctx, v.UserID, id, s.now())
	})
	if err != nil {
		return nil, err
	}
	return s.viewOne(ctx, v.UserID, st)
}

// ShieldMention hides a status that mentions the viewer from their
// mentions and, with followUp, the reposts of it that would mention them
// later: those neither list nor count. The status must be in the viewer's
// mentions (a shielded one no longer is).
func (s *Service) ShieldMention(ctx context.Context, v domain.Viewer, id int64, followUp bool) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := s.visibleStatus(ctx, tx, v.UserID, id); err != nil {
			return err
		}
		ids, _, err := tx.MentionStatusIDs(ctx, v.UserID, domain.StatusQuery{Viewer: v.UserID,
			Page: domain.Page{SinceID: id - 1, MaxID: id, Count: 1}})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return domain.BadParam("id", "a status in your mentions", strconv.FormatInt(id, 10))
		}
		return tx.ShieldMention(ctx, v.UserID, id, followUp, s.now())
	})
}
