package core

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// CommentView is a comment ready to render.
type CommentView struct {
	Comment *domain.Comment
	User    *UserView
	Status  *StatusView
	Reply   *CommentView
}

// CommentList is a page of comments.
type CommentList struct {
	Items []*CommentView
	Total int
}

// CreateCommentInput comments on a status, or replies to a comment.
type CreateCommentInput struct {
	StatusID       int64
	ReplyTo        int64 // comment id, for replies
	Text           string
	CommentOri     bool // also comment on the root original when the status is a repost
	WithoutMention bool // replies: do not prefix "回复@name:"
	RIP            string
}

// insertComment writes a comment and everything that moves with it.
func (s *Service) insertComment(ctx context.Context, tx domain.Tx, c *domain.Comment, on *domain.Status, reply *domain.Comment) error {
	mentions, err := s.mentionTargets(ctx, tx, c.UserID, text.Extract(c.Text).Mentions)
	if err != nil {
		return err
	}
	if err := tx.InsertComment(ctx, c, mentions); err != nil {
		return fmt.Errorf("insert comment: %w", err)
	}
	if err := tx.AddStatusCounts(ctx, on.ID, 0, 1, 0); err != nil {
		return err
	}
	notified := map[int64]bool{c.UserID: true}
	if !notified[on.UserID] {
		notified[on.UserID] = true
		if err := tx.AddUnread(ctx, on.UserID, domain.UnreadCmt, 1); err != nil {
			return err
		}
	}
	if reply != nil && !notified[reply.UserID] {
		notified[reply.UserID] = true
		if err := tx.AddUnread(ctx, reply.UserID, domain.UnreadCmt, 1); err != nil {
			return err
		}
	}
	for _, m := range mentions {
		if m == c.UserID {
			continue
		}
		if err := tx.AddUnread(ctx, m, domain.UnreadMentionCmt, 1); err != nil {
			return err
		}
	}
	return nil
}

// CreateComment comments on a status (or replies to a comment on it).
func (s *Service) CreateComment(ctx context.Context, v domain.Viewer, in CreateCommentInput) (*CommentView, error) {
	if err := checkText(in.Text); err != nil {
		return nil, err
	}
	var c *domain.Comment
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		st, err := s.visibleStatus(ctx, tx, v.UserID, in.StatusID)
		if err != nil {
			return err
		}
		var reply *domain.Comment
		body := in.Text
		if in.ReplyTo != 0 {
			reply, err = tx.CommentByID(ctx, in.ReplyTo)
			if domain.IsKind(err, domain.KindNotFound) || (err == nil && reply.StatusID != st.ID) {
				return domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
			}
			if err != nil {
				return err
			}
			if !in.WithoutMention {
				ru, err := tx.UserByID(ctx, reply.UserID)
				if err != nil {
					return err
				}
				body = "回复@" + ru.ScreenName + ":" + in.Text
				if err := checkText(body); err != nil {
					return err
				}
			}
		}
		c = &domain.Comment{ID: s.ids.Next(), StatusID: st.ID, UserID: v.UserID, AppID: v.AppID, Text: body,
			CreatedAt: s.now(), RIP: in.RIP}
		if reply != nil {
			c.ReplyID = reply.ID
		}
		if err := s.checkDuplicateComment(ctx, tx, c); err != nil {
			return err
		}
		if err := s.insertComment(ctx, tx, c, st, reply); err != nil {
			return err
		}
		if in.CommentOri && st.RetweetedID != 0 {
			root, err := s.visibleStatus(ctx, tx, v.UserID, st.RetweetedID)
			if err != nil {
				return err
			}
			copyC := &domain.Comment{ID: s.ids.Next(), StatusID: root.ID, UserID: v.UserID, AppID: v.AppID,
				Text: in.Text, CreatedAt: s.now(), RIP: in.RIP}
			return s.insertComment(ctx, tx, copyC, root, nil)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.commentView(ctx, v.UserID, c)
}

// checkDuplicateComment refuses the same text as the viewer's previous comment on the same status.
func (s *Service) checkDuplicateComment(ctx context.Context, tx domain.Tx, c *domain.Comment) error {
	ids, _, err := tx.CommentsByUser(ctx, c.UserID, domain.CommentQuery{Page: domain.Page{Count: 1}})
	if err != nil || len(ids) == 0 {
		return err
	}
	prev, err := tx.CommentByID(ctx, ids[0])
	if err != nil {
		return err
	}
	if prev.StatusID == c.StatusID && prev.Text == c.Text {
		return domain.E(domain.KindConflict, domain.ReasonDuplicateText, "same text as your previous comment")
	}
	return nil
}

// DestroyComment deletes one of the viewer's comments.
func (s *Service) DestroyComment(ctx context.Context, v domain.Viewer, cid int64) (*CommentView, error) {
	if cid <= 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonCommentIDMissing, "comment id is missing")
	}
	c, err := s.store.CommentByID(ctx, cid)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
	}
	if err != nil {
		return nil, err
	}
	if c.UserID != v.UserID {
		return nil, domain.E(domain.KindForbidden, domain.ReasonNotOwnComment, "not your own comment")
	}
	view, err := s.commentView(ctx, v.UserID, c)
	if err != nil {
		return nil, err
	}
	if err := s.deleteComment(ctx, c); err != nil {
		return nil, err
	}
	return view, nil
}

func (s *Service) deleteComment(ctx context.Context, c *domain.Comment) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeleteComment(ctx, c.ID); err != nil {
			if domain.IsKind(err, domain.KindNotFound) {
				return domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
			}
			return err
		}
		return tx.AddStatusCounts(ctx, c.StatusID, 0, -1, 0)
	})
}

// DestroyComments deletes those of the given comments the viewer wrote and
// skips the rest (inferred from the spec: skip, do not fail the batch).
func (s *Service) DestroyComments(ctx context.Context, v domain.Viewer, cids []int64) ([]*CommentView, error) {
	m, err := s.store.CommentsByIDs(ctx, cids)
	if err != nil {
		return nil, err
	}
	var out []*CommentView
	for _, id := range cids {
		c, ok := m[id]
		if !ok || c.UserID != v.UserID {
			continue
		}
		view, err := s.commentView(ctx, v.UserID, c)
		if err != nil {
			return nil, err
		}
		if err := s.deleteComment(ctx, c); err != nil {
			if domain.IsReason(err, domain.ReasonCommentNotFound) {
				continue // deleted concurrently
			}
			return nil, err
		}
		out = append(out, view)
	}
	return out, nil
}

func (s *Service) commentView(ctx context.Context, viewer int64, c *domain.Comment) (*CommentView, error) {
	vs, err := s.commentViews(ctx, viewer, []*domain.Comment{c})
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
	}
	return vs[0], nil
}

// commentViews hydrates comments in batches, dropping comments on statuses
// the viewer may not see.
func (s *Service) commentViews(ctx context.Context, viewer int64, cs []*domain.Comment) ([]*CommentView, error) {
	var statusIDs, replyIDs, userIDs []int64
	for _, c := range cs {
		statusIDs = append(statusIDs, c.StatusID)
		userIDs = append(userIDs, c.UserID)
		if c.ReplyID != 0 {
			replyIDs = append(replyIDs, c.ReplyID)
		}
	}
	replies := map[int64]*domain.Comment{}
	if len(replyIDs) > 0 {
		var err error
		if replies, err = s.store.CommentsByIDs(ctx, replyIDs); err != nil {
			return nil, err
		}
		for _, r := range replies {
			userIDs = append(userIDs, r.UserID)
		}
	}
	sts, err := s.statusesByIDs(ctx, dedup(statusIDs))
	if err != nil {
		return nil, err
	}
	svs, err := s.views(ctx, viewer, sts, true)
	if err != nil {
		return nil, err
	}
	byStatus := make(map[int64]*StatusView, len(svs))
	for _, sv := range svs {
		byStatus[sv.Status.ID] = sv
	}
	uids := dedup(userIDs)
	users, err := s.store.UsersByIDs(ctx, uids)
	if err != nil {
		return nil, err
	}
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(uids) > 0 {
		if rels, err = s.store.Relationships(ctx, viewer, uids); err != nil {
			return nil, err
		}
	}
	uv := func(id int64) *UserView {
		if u := users[id]; u != nil {
			return &UserView{User: u, Rel: rels[id]}
		}
		return nil
	}
	out := make([]*CommentView, 0, len(cs))
	for _, c := range cs {
		sv := byStatus[c.StatusID]
		u := uv(c.UserID)
		if sv == nil || u == nil {
			continue
		}
		cv := &CommentView{Comment: c, User: u, Status: sv}
		if r := replies[c.ReplyID]; r != nil {
			if ru := uv(r.UserID); ru != nil {
				cv.Reply = &CommentView{Comment: r, User: ru}
			}
		}
		out = append(out, cv)
	}
	return out, nil
}

func dedup(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (s *Service) commentList(ctx context.Context, viewer int64, ids []int64, total int) (*CommentList, error) {
	m, err := s.store.CommentsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	cs := make([]*domain.Comment, 0, len(ids))
	for _, id := range ids {
		if c, ok := m[id]; ok {
			cs = append(cs, c)
		}
	}
	items, err := s.commentViews(ctx, viewer, cs)
	if err != nil {
		return nil, err
	}
	return &CommentList{Items: items, Total: total}, nil
}

// CommentsOnStatus lists the comments of a status the viewer may see.
func (s *Service) CommentsOnStatus(ctx context.Context, viewer, id int64, q domain.CommentQuery) (*CommentList, error) {
	if _, err := s.visibleStatus(ctx, s.store, viewer, id); err != nil {
		return nil, err
	}
	q.Viewer = viewer
	ids, total, err := s.store.CommentsOnStatus(ctx, id, q)
	if err != nil {
		return nil, err
	}
	return s.commentList(ctx, viewer, ids, total)
}

// CommentsByMe lists the viewer's comments.
func (s *Service) CommentsByMe(ctx context.Context, viewer int64, q domain.CommentQuery) (*CommentList, error) {
	q.Viewer = viewer
	ids, total, err := s.store.CommentsByUser(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	return s.commentList(ctx, viewer, ids, total)
}

// CommentsToMe lists comments others made on the viewer's statuses or
// comments. Like mentions, reading leaves the cmt counter to remind/set_count.
func (s *Service) CommentsToMe(ctx context.Context, viewer int64, q domain.CommentQuery) (*CommentList, error) {
	q.Viewer = viewer
	ids, total, err := s.store.CommentsToUser(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	return s.commentList(ctx, viewer, ids, total)
}

// CommentTimeline lists comments by or to the viewer.
func (s *Service) CommentTimeline(ctx context.Context, viewer int64, q domain.CommentQuery) (*CommentList, error) {
	q.Viewer = viewer
	ids, total, err := s.store.CommentsInvolving(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	return s.commentList(ctx, viewer, ids, total)
}

// CommentMentions lists comments that @-mention the viewer.
func (s *Service) CommentMentions(ctx context.Context, viewer int64, q domain.CommentQuery) (*CommentList, error) {
	q.Viewer = viewer
	ids, total, err := s.store.CommentMentionIDs(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	return s.commentList(ctx, viewer, ids, total)
}

// CommentsBatch returns the given comments the viewer may see, in order.
func (s *Service) CommentsBatch(ctx context.Context, viewer int64, ids []int64) ([]*CommentView, error) {
	l, err := s.commentList(ctx, viewer, ids, 0)
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}
