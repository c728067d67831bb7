package web

import (
	"net/http"
	"strings"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

type messageItem struct {
	ID       int64
	From, To *userItem
	Text     string
	When     string
	ISO      string
	Mine     bool // sent by the viewer
}

type messagesView struct {
	Received, Sent []*messageItem
	To, Draft      string
	Error          string
	Sent0          bool // a message was just sent
}

func (s *Site) messageItems(l *core.DMList, rq *request) []*messageItem {
	out := make([]*messageItem, 0, len(l.Items))
	for _, m := range l.Items {
		it := &messageItem{ID: m.Message.ID, Text: m.Message.Text, When: s.when(rq, m.Message.CreatedAt),
			ISO: m.Message.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Mine: m.Message.SenderID == rq.meID()}
		if m.Sender != nil {
			it.From = s.userItem(&core.UserView{User: m.Sender}, rq)
		}
		if m.Recipient != nil {
			it.To = s.userItem(&core.UserView{User: m.Recipient}, rq)
		}
		out = append(out, it)
	}
	return out
}

// messagesPage is /messages: the direct messages received and sent, and a
// form to send one (to: a screen name). Showing them clears the badge.
func (s *Site) messagesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	mv := &messagesView{To: r.URL.Query().Get("to"), Sent0: r.URL.Query().Get("sent") == "1"}
	return s.renderMessages(w, rq, mv)
}

func (s *Site) renderMessages(w http.ResponseWriter, rq *request, mv *messagesView) error {
	ctx := rq.r.Context()
	v := rq.viewer(s)
	in, err := s.svc.DMInbox(ctx, v, domain.Page{Count: pageSize, Page: 1})
	if err != nil {
		return err
	}
	out, err := s.svc.DMOutbox(ctx, v, domain.Page{Count: pageSize, Page: 1})
	if err != nil {
		return err
	}
	mv.Received, mv.Sent = s.messageItems(in, rq), s.messageItems(out, rq)
	if err := s.clear(rq, domain.UnreadDM); err != nil {
		return err
	}
	s.render(w, rq, "messages", mv)
	return nil
}

// sendMessage sends a direct message (fields to, text).
func (s *Site) sendMessage(w http.ResponseWriter, r *http.Request, rq *request) error {
	to, msg := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r.PostFormValue("to")), "@")), r.PostFormValue("text")
	v := rq.viewer(s)
	_, err := s.svc.SendDirectMessage(r.Context(), v, core.SendDMInput{To: core.UserRef{ScreenName: to}, Text: msg, RIP: v.IP})
	if err != nil {
		de := domain.AsError(err)
		if de.Kind == domain.KindInternal || de.Kind == domain.KindUnavailable {
			return err
		}
		rq.status = statusOf(de)
		mv := &messagesView{To: to, Draft: msg, Error: s.message(rq, de)}
		if de.Reason == domain.ReasonTextTooLong {
			mv.Error = rq.T("私信最多300字。")
		}
		return s.renderMessages(w, rq, mv)
	}
	return seeOther(w, r, "/messages?sent=1")
}
