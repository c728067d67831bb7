package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The actions are forms posted from the pages. Each answers with a redirect
// back to where the person was (next, a path on this site) or to the page
// of what they made; an error is a page saying what went wrong.

func (s *Site) mountActions(reg Registrar) {
	reg.Handle("POST /status/{id}/comment", s.page(s.signedIn(s.comment)))
	reg.Handle("POST /status/{id}/repost", s.page(s.signedIn(s.repost)))
	reg.Handle("POST /status/{id}/favorite", s.page(s.signedIn(s.favorite)))
	reg.Handle("POST /status/{id}/unfavorite", s.page(s.signedIn(s.unfavorite)))
	reg.Handle("POST /status/{id}/delete", s.page(s.signedIn(s.deleteStatus)))
	reg.Handle("POST /u/{uid}/follow", s.page(s.signedIn(s.follow)))
	reg.Handle("POST /u/{uid}/unfollow", s.page(s.signedIn(s.unfollow)))
}

// signedIn refuses an action to a visitor who is not signed in.
func (s *Site) signedIn(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if rq.me == nil {
			return domain.E(domain.KindUnauthenticated, domain.ReasonNone, "sign in first")
		}
		return h(w, r, rq)
	}
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.E(domain.KindNotFound, domain.ReasonNone, "no such page")
	}
	return id, nil
}

// back is where an action returns: the form's next, else fallback.
func back(r *http.Request, fallback string) string {
	if n := r.PostFormValue("next"); n != "" {
		return safeNext(n)
	}
	return fallback
}

// statusOwner is the address of a status's page, for actions on it.
func (s *Site) statusAddr(r *http.Request, rq *request, id int64) (string, error) {
	v, err := s.svc.ShowStatus(r.Context(), rq.meID(), id)
	if err != nil {
		return "", err
	}
	return StatusPath(v.Status.UserID, id), nil
}

// comment comments on a status (field comment); "also repost" (repost=1)
// reposts it with the same words.
func (s *Site) comment(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := rq.viewer(s)
	if err := s.svc.CheckRate(r.Context(), v, core.RateComment); err != nil {
		return err
	}
	// reply_to answers a comment on the status (Sina's comments/reply):
	// the text is prefixed "回复@name:" and its author hears of it.
	var replyTo int64
	if rt := r.PostFormValue("reply_to"); rt != "" {
		if replyTo, err = strconv.ParseInt(rt, 10, 64); err != nil || replyTo <= 0 {
			return domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "no such comment")
		}
	}
	c, err := s.svc.CreateComment(r.Context(), v, core.CreateCommentInput{StatusID: id, ReplyTo: replyTo,
		Text: r.PostFormValue("comment"), RIP: v.IP})
	if err != nil {
		return err
	}
	addr := StatusPath(c.Status.Status.UserID, id)
	return seeOther(w, r, back(r, addr+"#comments"))
}

// repost reposts a status with the form's text (status, may be empty);
// is_comment=1 also comments on it.
func (s *Site) repost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := rq.viewer(s)
	if err := s.svc.CheckRate(r.Context(), v, core.RatePost); err != nil {
		return err
	}
	in := core.RepostInput{ID: id, Text: r.PostFormValue("status"), RIP: v.IP}
	if r.PostFormValue("is_comment") == "1" {
		in.IsComment = 1
	}
	if _, err := s.svc.Repost(r.Context(), v, in); err != nil {
		return err
	}
	addr, err := s.statusAddr(r, rq, id)
	if err != nil {
		return err
	}
	return seeOther(w, r, back(r, addr+"#reposts"))
}

func (s *Site) favorite(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.favoriteAction(w, r, rq, true)
}

func (s *Site) unfavorite(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.favoriteAction(w, r, rq, false)
}

// favoriteAction adds or removes a favourite; doing what is already done
// is no error, as a double click must not show one.
func (s *Site) favoriteAction(w http.ResponseWriter, r *http.Request, rq *request, add bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := rq.viewer(s)
	if add {
		_, err = s.svc.CreateFavorite(r.Context(), v, id)
	} else {
		_, err = s.svc.DestroyFavorite(r.Context(), v, id)
	}
	if err != nil && !domain.IsKind(err, domain.KindConflict) && !(domain.IsKind(err, domain.KindNotFound) && !add) {
		return err
	}
	addr, err := s.statusAddr(r, rq, id)
	if err != nil {
		return err
	}
	return seeOther(w, r, back(r, addr))
}

// deleteStatus deletes one of the person's own statuses.
func (s *Site) deleteStatus(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.DestroyStatus(r.Context(), rq.viewer(s), id); err != nil {
		return err
	}
	next := back(r, "/")
	if strings.HasSuffix(strings.SplitN(next, "?", 2)[0], "/"+strings.TrimPrefix(StatusPath(0, id), "/0/")) {
		next = "/" // its own page is gone
	}
	return seeOther(w, r, next)
}

func (s *Site) follow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.followAction(w, r, rq, true)
}

func (s *Site) unfollow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.followAction(w, r, rq, false)
}

func (s *Site) followAction(w http.ResponseWriter, r *http.Request, rq *request, add bool) error {
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	v := rq.viewer(s)
	var uv *core.UserView
	if add {
		uv, err = s.svc.Follow(r.Context(), v, core.UserRef{ID: uid}, v.IP)
		if domain.IsReason(err, domain.ReasonAlreadyFollowed) {
			err = nil
		}
	} else {
		uv, err = s.svc.Unfollow(r.Context(), v, core.UserRef{ID: uid})
		if domain.IsReason(err, domain.ReasonNotFollowed) {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	addr := "/u/" + strconv.FormatInt(uid, 10)
	if uv != nil {
		addr = profilePath(uv.User)
	}
	return seeOther(w, r, back(r, addr))
}
