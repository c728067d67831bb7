package core

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// Direct messages (私信): one user to another, each side's box its own.
// Who may message whom is the recipient's privacy setting and the blocks
// between them (CanMessage). Every dialect and the site use these.

// MaxDMLen is the longest direct message, by the Weibo length rule (Sina's
// direct_messages/new allows 300).
const MaxDMLen = 300

// DMView is a message ready to render.
type DMView struct {
	Message   *domain.DirectMessage
	Sender    *domain.User
	Recipient *domain.User
}

// DMList is a page of a box.
type DMList struct {
	Items []*DMView
	Total int
}

// SendDMInput is a message to send.
type SendDMInput struct {
	To   UserRef
	Text string
	RIP  string
}

// SendDirectMessage sends a message: the recipient's dm counter moves in
// the same transaction.
func (s *Service) SendDirectMessage(ctx context.Context, v domain.Viewer, in SendDMInput) (*DMView, error) {
	if text.Blank(in.Text) {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTextEmpty, "content is empty")
	}
	if n := text.Count(in.Text); n > MaxDMLen || !utf8.ValidString(in.Text) {
		return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonTextTooLong,
			Msg: fmt.Sprintf("message is %d characters long; at most %d are allowed", n, MaxDMLen)}
	}
	rip, err := normalizeRIP(in.RIP)
	if err != nil {
		return nil, err
	}
	to, err := s.ResolveUser(ctx, in.To)
	if err != nil {
		return nil, err
	}
	if err := s.CanMessage(ctx, v.UserID, to.ID); err != nil {
		return nil, err
	}
	m := &domain.DirectMessage{SenderID: v.UserID, RecipientID: to.ID, AppID: v.AppID, Text: in.Text, RIP: rip,
		CreatedAt: s.now()}
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		m.ID = s.ids.Next()
		if err := tx.InsertDirectMessage(ctx, m); err != nil {
			return err
		}
		return tx.AddUnread(ctx, to.ID, domain.UnreadDM, 1)
	})
	if err != nil {
		return nil, fmt.Errorf("send direct message: %w", err)
	}
	from, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return nil, err
	}
	return &DMView{Message: m, Sender: from, Recipient: to}, nil
}

// DeleteDirectMessage takes a message out of the viewer's own box.
func (s *Service) DeleteDirectMessage(ctx context.Context, v domain.Viewer, id int64) error {
	err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.DeleteDirectMessageFor(ctx, id, v.UserID) })
	if domain.IsKind(err, domain.KindNotFound) {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "no such direct message in your boxes")
	}
	return err
}

// DMInbox pages the messages the viewer received.
func (s *Service) DMInbox(ctx context.Context, v domain.Viewer, p domain.Page) (*DMList, error) {
	ids, total, err := s.store.DMInbox(ctx, v.UserID, p)
	if err != nil {
		return nil, err
	}
	return s.dmViews(ctx, ids, total)
}

// DMOutbox pages the messages the viewer sent.
func (s *Service) DMOutbox(ctx context.Context, v domain.Viewer, p domain.Page) (*DMList, error) {
	ids, total, err := s.store.DMOutbox(ctx, v.UserID, p)
	if err != nil {
		return nil, err
	}
	return s.dmViews(ctx, ids, total)
}

// dmViews loads messages and their two users: one batch each.
func (s *Service) dmViews(ctx context.Context, ids []int64, total int) (*DMList, error) {
	ms, err := s.store.DirectMessagesByIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load direct messages: %w", err)
	}
	var uids []int64
	for _, m := range ms {
		uids = append(uids, m.SenderID, m.RecipientID)
	}
	users, err := s.store.UsersByIDs(ctx, uids)
	if err != nil {
		return nil, fmt.Errorf("load users of direct messages: %w", err)
	}
	out := &DMList{Total: total, Items: make([]*DMView, 0, len(ids))}
	for _, id := range ids {
		m, ok := ms[id]
		if !ok || users[m.SenderID] == nil || users[m.RecipientID] == nil {
			continue
		}
		out.Items = append(out.Items, &DMView{Message: m, Sender: users[m.SenderID], Recipient: users[m.RecipientID]})
	}
	return out, nil
}

// Special follows (特别收听).

// maxSpecialAuthors bounds the special follows a special timeline merges.
const maxSpecialAuthors = 2000

// AddSpecialFollow marks someone the viewer follows (following them first
// when they do not yet, as Tencent did) to read apart.
func (s *Service) AddSpecialFollow(ctx context.Context, v domain.Viewer, ref UserRef, rip string) (*domain.User, error) {
	to, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	if to.ID == v.UserID {
		return nil, domain.E(domain.KindInvalid, domain.ReasonFollowSelf, "can not special-follow yourself")
	}
	rels, err := s.store.Relationships(ctx, v.UserID, []int64{to.ID})
	if err != nil {
		return nil, err
	}
	if !rels[to.ID].Following {
		if _, err := s.Follow(ctx, v, UserRef{ID: to.ID}, rip); err != nil && !domain.IsReason(err, domain.ReasonAlreadyFollowed) {
			return nil, err
		}
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error { return tx.AddSpecialFollow(ctx, v.UserID, to.ID, s.now()) })
	if domain.IsKind(err, domain.KindConflict) {
		return nil, domain.E(domain.KindConflict, domain.ReasonAlreadyFollowed, "already a special follow")
	}
	return to, err
}

// RemoveSpecialFollow unmarks someone; the follow stays.
func (s *Service) RemoveSpecialFollow(ctx context.Context, v domain.Viewer, ref UserRef) (*domain.User, error) {
	to, err := s.ResolveUser(ctx, ref)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error { return tx.RemoveSpecialFollow(ctx, v.UserID, to.ID) })
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindConflict, domain.ReasonNotFollowed, "not a special follow")
	}
	return to, err
}

// SpecialFollows lists whom uid special-follows (and still follows).
func (s *Service) SpecialFollows(ctx context.Context, viewer, uid int64, c domain.Cursor, withStatus bool) (*UserList, error) {
	return s.userList(ctx, viewer, s.store.SpecialFollowIDs, uid, c, withStatus)
}

// SpecialTimeline is the statuses of the people the viewer special-follows,
// newest first, as the viewer may see them.
func (s *Service) SpecialTimeline(ctx context.Context, v domain.Viewer, p domain.Page) (*StatusList, error) {
	authors, _, err := s.store.SpecialFollowIDs(ctx, v.UserID, domain.Cursor{Count: maxSpecialAuthors})
	if err != nil {
		return nil, err
	}
	if len(authors) == 0 {
		return &StatusList{}, nil
	}
	q := domain.StatusQuery{Page: p.Bounded(), Viewer: v.UserID}
	ids, err := s.store.AuthorsStatusIDs(ctx, authors, q)
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, v.UserID, ids)
	if err != nil {
		return nil, err
	}
	total, err := s.authorsTotal(ctx, authors, domain.StatusQuery{Viewer: v.UserID})
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: total, Hidden: hidden}, nil
}

// ResetHomeUnread marks the viewer's home timeline read up to its newest
// status (Tencent's info/update type 5; reading the home timeline does it
// too).
func (s *Service) ResetHomeUnread(ctx context.Context, v domain.Viewer) error {
	ids, err := s.homeIDs(ctx, v.UserID, domain.Page{Count: 1, Page: 1}, domain.TimelineFilter{})
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		s.markHomeRead(ctx, v.UserID, ids[0])
	}
	return nil
}
