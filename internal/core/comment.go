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
	// Hidden reports that comments were dropped because the viewer may not
	// see the status they are on (the envelope's hasvisible).
	Hidden bool
}

// CreateCommentInput comments on a status, or replies to a comment.
type CreateCommentInput struct {
	StatusID       int64
	ReplyTo        int64 // comment id, for replies
	Text           string
	CommentOri     bool // also comment on the root original when the status is a repost
	WithoutMention bool // replies: do not prefix "回复@name:"
	RIP            string
	// Kind is domain.CommentKindComment (the default) or
	// domain.CommentKindReply: a reply addressed to the status's author
	// (Tencent's t/reply), which dialects that tell them apart render so.
	Kind int
}

// insertComment writes a comment and everything that moves with it. Only
// people who may see the status hear about the comment: a mention in a
// comment on a private status must not reach, or even be recorded for,
// someone who cannot open it.
func (s *Service) insertComment(ctx context.Context, tx domain.Tx, c *domain.Comment, on *domain.Status, reply *domain.Comment) error {
	if err := s.mayComment(ctx, tx, c.UserID, on); err != nil {
		return err
	}
	ents := text.Extract(c.Text)
	named, err := s.mentionTargets(ctx, tx, c.UserID, ents.Mentions)
	if err != nil {
		return err
	}
	var others []int64
	if reply != nil && reply.UserID != c.UserID && reply.UserID != on.UserID {
		others = append(others, reply.UserID)
	}
	seeing, err := s.whoCanSee(ctx, tx, on, append(others, named...))
	if err != nil {
		return err
	}
	// Nor does anyone blocked by, or blocking, the commenter.
	var rels map[int64]domain.Relationship
	if len(others)+len(named) > 0 {
		rels, err = tx.Relationships(ctx, c.UserID, append(others, named...))
		if err != nil {
			return err
		}
		for id, r := range rels {
			if r.Blocked() {
				seeing[id] = false
			}
		}
	}
	mentions := make([]int64, 0, len(named))
	for _, m := range named {
		if seeing[m] {
			mentions = append(mentions, m)
		}
	}
	if err := tx.InsertComment(ctx, c, mentions); err != nil {
		return fmt.Errorf("insert comment: %w", err)
	}
	if len(ents.URLs) > 0 {
		// short_url/comment/* find comments by the links they hold.
		if err := tx.AddCommentLinks(ctx, c.ID, ents.URLs); err != nil {
			return fmt.Errorf("comment links: %w", err)
		}
	}
	if err := tx.AddStatusCounts(ctx, on.ID, 0, 1, 0); err != nil {
		return fmt.Errorf("count comment: %w", err)
	}
	// cmt: the status author, and the author of the comment replied to;
	// nobody hears about their own comment, nor twice about one.
	if on.UserID != c.UserID {
		if err := tx.AddUnread(ctx, on.UserID, domain.UnreadCmt, 1); err != nil {
			return fmt.Errorf("unread cmt: %w", err)
		}
	}
	for _, o := range others {
		if !seeing[o] {
			continue
		}
		if err := tx.AddUnread(ctx, o, domain.UnreadCmt, 1); err != nil {
			return fmt.Errorf("unread cmt: %w", err)
		}
	}
	for _, m := range mentions {
		if ok, err := mentionCounts(ctx, tx, m, rels[m], false); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		if err := tx.AddUnread(ctx, m, domain.UnreadMentionCmt, 1); err != nil {
			return fmt.Errorf("unread mention_cmt: %w", err)
		}
	}
	return nil
}

// CreateComment comments on a status (or replies to a comment on it).
func (s *Service) CreateComment(ctx context.Context, v domain.Viewer, in CreateCommentInput) (*CommentView, error) {
	if err := checkText(in.Text); err != nil {
		return nil, err
	}
	if in.Kind != domain.CommentKindComment && in.Kind != domain.CommentKindReply {
		return nil, domain.BadParam("kind", "a comment or a reply", fmt.Sprint(in.Kind))
	}
	rip, err := normalizeRIP(in.RIP)
	if err != nil {
		return nil, err
	}
	in.RIP = rip
	var c *domain.Comment
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		st, err := s.visibleStatus(ctx, tx, v.UserID, in.StatusID)
		if err != nil {
			return err
		}
		var reply *domain.Comment
		words, err := s.shortenLinks(ctx, tx, in.Text)
		if err != nil {
			return err
		}
		body := words
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
				body = "回复@" + ru.ScreenName + ":" + words
				if err := checkText("回复@" + ru.ScreenName + ":" + in.Text); err != nil {
					return err
				}
			}
		}
		c = &domain.Comment{ID: s.ids.Next(), StatusID: st.ID, UserID: v.UserID, AppID: v.AppID, Text: body,
			CreatedAt: s.now(), RIP: in.RIP, Kind: in.Kind}
		if reply != nil {
			c.ReplyID = reply.ID
		}
		if err := s.checkDuplicateComment(ctx, tx, c); err != nil {
			return err
		}
		// With comment_ori the original gets a copy. It is written first: a
		// repost moves the original's counters before the reposted status's,
		// and taking the two row locks in the same order keeps the two from
		// deadlocking on PostgreSQL.
		if in.CommentOri && st.RetweetedID != 0 {
			root, err := s.visibleStatus(ctx, tx, v.UserID, st.RetweetedID)
			switch {
			case domain.IsReason(err, domain.ReasonStatusNotFound):
				// The original is gone: the comment on the repost stands alone
				// rather than failing for a copy nobody could read.
			case err != nil:
				return err
			default:
				copyC := &domain.Comment{ID: s.ids.Next(), StatusID: root.ID, UserID: v.UserID, AppID: v.AppID,
					Text: words, CreatedAt: s.now(), RIP: in.RIP}
				// The original's author may allow fewer commenters than the
				// reposter: then, too, the comment stands alone.
				if err := s.insertComment(ctx, tx, copyC, root, nil); err != nil && !domain.IsReason(err, domain.ReasonPrivacyForbidden) {
					return err
				}
			}
		}
		if err := s.insertComment(ctx, tx, c, st, reply); err != nil {
			return err
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
	c, err := s.commentByID(ctx, cid)
	if err != nil {
		return nil, err
	}
	if c.UserID != v.UserID {
		return nil, domain.E(domain.KindForbidden, domain.ReasonNotOwnComment, "not your own comment")
	}
	vs, err := s.ownCommentViews(ctx, v.UserID, []*domain.Comment{c})
	if err != nil {
		return nil, err
	}
	if err := s.deleteComment(ctx, c); err != nil {
		return nil, err
	}
	return vs[0], nil
}

// commentByID loads a comment; a missing one is ReasonCommentNotFound.
func (s *Service) commentByID(ctx context.Context, id int64) (*domain.Comment, error) {
	c, err := s.store.CommentByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
	}
	return c, err
}

func (s *Service) deleteComment(ctx context.Context, c *domain.Comment) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error { return deleteCommentTx(ctx, tx, c) })
}

// deleteCommentTx deletes a comment and lowers its status's count, inside
// tx: its writer's delete and a moderator's alike.
func deleteCommentTx(ctx context.Context, tx domain.Tx, c *domain.Comment) error {
	if err := tx.DeleteComment(ctx, c.ID); err != nil {
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
		}
		return err
	}
	return tx.AddStatusCounts(ctx, c.StatusID, 0, -1, 0)
}

// DestroyComments deletes those of the given comments the viewer wrote and
// skips the rest (inferred from the spec: skip, do not fail the batch).
func (s *Service) DestroyComments(ctx context.Context, v domain.Viewer, cids []int64) ([]*CommentView, error) {
	m, err := s.store.CommentsByIDs(ctx, cids)
	if err != nil {
		return nil, err
	}
	var own []*domain.Comment
	for _, id := range cids {
		if c, ok := m[id]; ok && c.UserID == v.UserID {
			own = append(own, c)
		}
	}
	views, err := s.ownCommentViews(ctx, v.UserID, own)
	if err != nil {
		return nil, err
	}
	out := make([]*CommentView, 0, len(views))
	for _, view := range views {
		if err := s.deleteComment(ctx, view.Comment); err != nil {
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
	vs, _, err := s.commentViews(ctx, viewer, []*domain.Comment{c}, false)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
	}
	return vs[0], nil
}

// ownCommentViews hydrates the viewer's own comments for the answer of a
// deletion: a comment stays the writer's to delete even when its status has
// since become invisible to them (a close-friends status after an unfollow),
// so such a status is shown as deleted instead of dropping the comment.
func (s *Service) ownCommentViews(ctx context.Context, viewer int64, cs []*domain.Comment) ([]*CommentView, error) {
	vs, _, err := s.commentViews(ctx, viewer, cs, true)
	if err != nil {
		return nil, err
	}
	if len(vs) != len(cs) {
		// Only a comment whose author row is missing drops out here: a broken row.
		return nil, fmt.Errorf("hydrate own comments: %d of %d have an author", len(vs), len(cs))
	}
	return vs, nil
}

// commentViews hydrates comments in batches. Comments on statuses the viewer
// may not see (private, close friends of others, deleted) are dropped, and
// hidden reports it; with keepHidden they are kept and their status is shown
// as deleted instead.
func (s *Service) commentViews(ctx context.Context, viewer int64, cs []*domain.Comment, keepHidden bool) (views []*CommentView, hidden bool, err error) {
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
		if replies, err = s.store.CommentsByIDs(ctx, replyIDs); err != nil {
			return nil, false, fmt.Errorf("load replied comments: %w", err)
		}
		for _, r := range replies {
			userIDs = append(userIDs, r.UserID)
		}
	}
	sts, err := s.statusesByIDs(ctx, dedup(statusIDs))
	if err != nil {
		return nil, false, err
	}
	svs, err := s.views(ctx, viewer, sts, true)
	if err != nil {
		return nil, false, err
	}
	byStatus := make(map[int64]*StatusView, len(svs))
	for _, sv := range svs {
		byStatus[sv.Status.ID] = sv
	}
	if keepHidden {
		for _, st := range sts {
			if byStatus[st.ID] == nil {
				gone := *st
				gone.Deleted, gone.Text = true, DeletedStatusText
				byStatus[st.ID] = &StatusView{Status: &gone}
			}
		}
	}
	uids := dedup(userIDs)
	users, err := s.store.UsersByIDs(ctx, uids)
	if err != nil {
		return nil, false, fmt.Errorf("load comment authors: %w", err)
	}
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(uids) > 0 {
		if rels, err = s.store.Relationships(ctx, viewer, uids); err != nil {
			return nil, false, fmt.Errorf("load relationships: %w", err)
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
			hidden = true
			continue
		}
		cv := &CommentView{Comment: c, User: u, Status: sv}
		if r := replies[c.ReplyID]; r != nil {
			if ru := uv(r.UserID); ru != nil {
				// A reply is on the same status as the comment it answers;
				// the comment object always carries its status (objects.md §3).
				cv.Reply = &CommentView{Comment: r, User: ru, Status: sv}
			}
		}
		out = append(out, cv)
	}
	return out, hidden, nil
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

// commentList loads and hydrates a page of comment ids. The store already
// leaves out comments on statuses the viewer may not see; hydrating checks
// again, for a status deleted or hidden between the page and the load, and
// such a drop is reported as Sina's hasvisible and taken off the total.
func (s *Service) commentList(ctx context.Context, viewer int64, ids []int64, total int) (*CommentList, error) {
	m, err := s.store.CommentsByIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load comments: %w", err)
	}
	cs := make([]*domain.Comment, 0, len(ids))
	for _, id := range ids {
		if c, ok := m[id]; ok {
			cs = append(cs, c)
		}
	}
	items, hidden, err := s.commentViews(ctx, viewer, cs, false)
	if err != nil {
		return nil, err
	}
	return &CommentList{Items: items, Total: max(total-(len(cs)-len(items)), len(items)), Hidden: hidden}, nil
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
