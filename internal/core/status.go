package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/text"
)

// DefaultRepostText is what a repost says when its author wrote nothing.
const DefaultRepostText = "转发微博"

// DeletedStatusText replaces the text of a deleted status still embedded elsewhere.
const DeletedStatusText = "此微博已被原作者删除。"

// maxAnnotations is the longest annotations JSON accepted (README §9).
const maxAnnotations = 512

// PostStatusInput is a new original status.
type PostStatusInput struct {
	Text string
	// Visible uses the request numbering: 0 all, 1 only me, 2 close friends, 3 a group.
	Visible     int
	ListID      int64
	Geo         *domain.Geo
	Annotations string
	RIP         string
	PicIDs      []string
}

// checkText applies the rules every status, repost and comment text
// follows: it shows something (text.Blank: white space and invisible
// characters alone are empty content), and it is at most 140 long.
func checkText(t string) error {
	if text.Blank(t) {
		return domain.E(domain.KindInvalid, domain.ReasonTextEmpty, "content is empty")
	}
	if n := text.Count(t); n > text.MaxStatusLen {
		return &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonTextTooLong,
			Msg: fmt.Sprintf("text is %d characters long; at most %d are allowed", n, text.MaxStatusLen)}
	}
	return nil
}

// normalizeRIP checks the end user's IP that an app reports with a write
// (rip) and returns it in canonical form, "" when absent: one IPv4 or IPv6
// address, without a zone, IPv4-mapped addresses as IPv4. Anything else is
// a parameter error rather than free text stored in every row.
func normalizeRIP(rip string) (string, error) {
	rip = strings.TrimSpace(rip)
	if rip == "" {
		return "", nil
	}
	a, err := netip.ParseAddr(rip)
	if err != nil || a.Zone() != "" {
		if len(rip) > 64 {
			rip = strings.ToValidUTF8(rip[:64], "") + "..."
		}
		return "", domain.BadParam("rip", "an IPv4 or IPv6 address", rip)
	}
	return a.Unmap().String(), nil
}

// normalizeAnnotations validates annotations and returns them as a JSON array.
func normalizeAnnotations(a string) (string, error) {
	a = strings.TrimSpace(a)
	if a == "" {
		return "", nil
	}
	if utf8.RuneCountInString(a) > maxAnnotations {
		return "", &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonAnnotations, Param: "annotations",
			Msg: fmt.Sprintf("annotations longer than %d characters", maxAnnotations)}
	}
	var v any
	if err := json.Unmarshal([]byte(a), &v); err != nil {
		return "", domain.BadParam("annotations", "JSON text", a)
	}
	switch v.(type) {
	case []any:
		return a, nil
	case map[string]any:
		return "[" + a + "]", nil // one object is one annotation
	default:
		return "", domain.BadParam("annotations", "a JSON object or array", a)
	}
}

func visibilityOf(visible int, listID int64) (domain.Visibility, error) {
	switch visible {
	case 0:
		return domain.Visibility{Type: domain.VisiblePublic}, nil
	case 1:
		return domain.Visibility{Type: domain.VisiblePrivate}, nil
	case 2:
		return domain.Visibility{Type: domain.VisibleCloseFriends}, nil
	case 3:
		if listID <= 0 {
			return domain.Visibility{}, domain.MissingParam("list_id")
		}
		// PostStatus checks the group is the author's.
		return domain.Visibility{Type: domain.VisibleGroup, ListID: listID}, nil
	default:
		return domain.Visibility{}, domain.BadParam("visible", "0, 1, 2 or 3", fmt.Sprint(visible))
	}
}

// mentionTargets resolves @names to users, without the author.
func (s *Service) mentionTargets(ctx context.Context, r domain.Reader, author int64, names []string) ([]int64, error) {
	if len(names) == 0 {
		return nil, nil
	}
	users, err := r.UsersByScreenNames(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("resolve mentions: %w", err)
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, n := range names {
		if u, ok := users[n]; ok && u.ID != author && !seen[u.ID] {
			seen[u.ID] = true
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

// PostStatus publishes an original status: one transaction writes it, its
// mentions, topics, links, counters and the outbox event; fan-out follows in
// the background and the author sees the post at once.
func (s *Service) PostStatus(ctx context.Context, v domain.Viewer, in PostStatusInput) (*StatusView, error) {
	vis, ann, err := s.prepareStatus(v, &in)
	if err != nil {
		return nil, err
	}
	if vis.Type == domain.VisibleGroup {
		// Only to a group of one's own (a private one is not there for others).
		g, err := s.store.GroupByID(ctx, vis.ListID)
		if err != nil && !domain.IsKind(err, domain.KindNotFound) {
			return nil, err
		}
		if err != nil || g.OwnerID != v.UserID {
			return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonListNotFound,
				Param: "list_id", Msg: fmt.Sprintf("no friend group %d of yours", vis.ListID)}
		}
	}
	if in.Geo != nil {
		// With location off (privacy "geo": 0) a location the client
		// attached anyway is not kept: the user asked for none.
		author, err := s.store.UserByID(ctx, v.UserID)
		if err != nil {
			return nil, err
		}
		if !author.Privacy.Geo {
			in.Geo = nil
		}
	}
	if in.Geo != nil {
		// A client's lat/long are raw GPS (WGS-84), as phones report them;
		// every point the server keeps (POIs, place statuses, the nearby
		// index) is GCJ-02, as location.md's datum is, so the two compare.
		// Outside China the offset changes nothing.
		lng, lat := geo.WGSToGCJ(in.Geo.Long, in.Geo.Lat)
		in.Geo = &domain.Geo{Lat: lat, Long: lng}
	}
	st := &domain.Status{
		UserID: v.UserID, AppID: v.AppID, Text: in.Text, CreatedAt: s.now(),
		Visible: vis, Geo: in.Geo, Annotations: ann, RIP: in.RIP, PicIDs: in.PicIDs,
	}
	ent := text.Extract(in.Text)
	var ev domain.OutboxEvent
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		st.ID = s.ids.Next()
		ent := ent
		if len(ent.URLs) > 0 {
			// Links become short links in this transaction (shortenLinks);
			// the text's entities are read again from what is stored.
			t, err := s.shortenLinks(ctx, tx, in.Text)
			if err != nil {
				return err
			}
			if st.Text = t; t != in.Text {
				ent = text.Extract(t)
			}
		}
		if err := s.checkDuplicate(ctx, tx, st); err != nil {
			return err
		}
		if err := retainPictures(ctx, tx, st.UserID, st.PicIDs); err != nil {
			return err
		}
		return s.insertStatus(ctx, tx, st, ent, &ev)
	})
	if err != nil {
		return nil, err
	}
	s.afterPost(ctx, st, ev)
	return s.viewOne(ctx, v.UserID, st)
}

// prepareStatus checks what a new status says before anything is written
// (or uploaded) and normalises in: its visibility, annotations, rip and
// picture ids.
func (s *Service) prepareStatus(v domain.Viewer, in *PostStatusInput) (domain.Visibility, string, error) {
	if err := checkText(in.Text); err != nil {
		return domain.Visibility{}, "", err
	}
	vis, err := visibilityOf(in.Visible, in.ListID)
	if err != nil {
		return vis, "", err
	}
	ann, err := normalizeAnnotations(in.Annotations)
	if err != nil {
		return vis, "", err
	}
	if in.RIP, err = normalizeRIP(in.RIP); err != nil {
		return vis, "", err
	}
	if len(in.PicIDs) > 0 {
		if in.PicIDs, err = checkPictureIDs(in.PicIDs); err != nil {
			return vis, "", err
		}
	} else {
		in.PicIDs = nil
	}
	return vis, ann, nil
}

// checkDuplicate refuses the same text as the author's previous post (to
// the same parent, for reposts), inside the writing transaction so two
// concurrent identical posts cannot both pass.
func (s *Service) checkDuplicate(ctx context.Context, tx domain.Tx, st *domain.Status) error {
	prev, err := tx.LatestStatusOf(ctx, st.UserID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if prev.Text == st.Text && prev.ParentID == st.ParentID {
		return domain.E(domain.KindConflict, domain.ReasonDuplicateText, "same text as your previous status")
	}
	return nil
}

func (s *Service) insertStatus(ctx context.Context, tx domain.Tx, st *domain.Status, ent text.Entities, ev *domain.OutboxEvent) error {
	mentions, err := s.mentionTargets(ctx, tx, st.UserID, ent.Mentions)
	if err != nil {
		return err
	}
	// A mention of someone either of the two blocks is not recorded: it
	// would notify them, or list a status they may not see.
	var rels map[int64]domain.Relationship
	if len(mentions) > 0 {
		if rels, err = tx.Relationships(ctx, st.UserID, mentions); err != nil {
			return err
		}
		mentions = slices.DeleteFunc(mentions, func(m int64) bool { return rels[m].Blocked() })
	}
	if err := tx.InsertStatus(ctx, st, mentions, ent.Topics, ent.URLs); err != nil {
		return fmt.Errorf("insert status: %w", err)
	}
	if err := indexGeo(ctx, tx, st); err != nil {
		return err
	}
	if err := tx.AddUserCounts(ctx, st.UserID, domain.UserCounts{Statuses: 1}); err != nil {
		return err
	}
	// Only people who may see the status hear about the mention (the
	// visibility rule: a group's members, close friends, everyone).
	if len(mentions) > 0 {
		seeing, err := s.whoCanSee(ctx, tx, st, mentions)
		if err != nil {
			return err
		}
		// A repost of a status someone shielded with follow-up
		// (statuses/mentions/shield) does not count as a mention of them.
		var shielded map[int64]bool
		if st.ParentID != 0 {
			if shielded, err = tx.MentionShieldedFor(ctx, mentions, []int64{st.RetweetedID, st.ParentID}); err != nil {
				return err
			}
		}
		for _, m := range mentions {
			if !seeing[m] {
				continue
			}
			if shielded[m] {
				continue
			}
			if ok, err := mentionCounts(ctx, tx, m, rels[m], st.ParentID != 0); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			if err := tx.AddUnread(ctx, m, domain.UnreadMentionStatus, 1); err != nil {
				return err
			}
		}
	}
	e, err := s.newEvent(EventStatusPosted, st.ID, StatusEvent{StatusID: st.ID, AuthorID: st.UserID})
	if err != nil {
		return err
	}
	*ev = e
	return tx.AddOutbox(ctx, e)
}

func (s *Service) afterPost(ctx context.Context, st *domain.Status, ev domain.OutboxEvent) {
	// The author sees their own post at once, whatever the queue is doing.
	if err := s.feed.Push(ctx, []int64{st.UserID}, st.ID); err != nil {
		s.log.WarnContext(ctx, "push own status", "status", st.ID, "err", err)
	}
	s.publish(ctx, ev)
}

// visibleStatus loads a status the viewer may see, or answers 20101.
func (s *Service) visibleStatus(ctx context.Context, r domain.Reader, viewer, id int64) (*domain.Status, error) {
	if id <= 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonStatusIDMissing, "status id is missing")
	}
	st, err := r.StatusByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo does not exist")
	}
	if err != nil {
		return nil, err
	}
	ok, err := s.canSee(ctx, r, viewer, st)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo does not exist")
	}
	return st, nil
}

// ShowStatus returns one status the viewer may see.
func (s *Service) ShowStatus(ctx context.Context, viewer, id int64) (*StatusView, error) {
	st, err := s.visibleStatus(ctx, s.store, viewer, id)
	if err != nil {
		return nil, err
	}
	return s.viewOne(ctx, viewer, st)
}

// RepostInput reposts a status.
type RepostInput struct {
	ID        int64
	Text      string
	IsComment int // 0 no, 1 comment on the status, 2 on the original, 3 both
	RIP       string
}

// Repost reposts a status. The new status points at the root original; its
// text carries the chain as "text//@name:their text".
func (s *Service) Repost(ctx context.Context, v domain.Viewer, in RepostInput) (*StatusView, error) {
	if in.IsComment < 0 || in.IsComment > 3 {
		return nil, domain.BadParam("is_comment", "0, 1, 2 or 3", fmt.Sprint(in.IsComment))
	}
	rip, err := normalizeRIP(in.RIP)
	if err != nil {
		return nil, err
	}
	in.RIP = rip
	var st *domain.Status
	var own string
	var ev domain.OutboxEvent
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		target, err := s.visibleStatus(ctx, tx, v.UserID, in.ID)
		if err != nil {
			return err
		}
		if target.UserID == v.UserID {
			return domain.E(domain.KindForbidden, domain.ReasonRepostOwn, "you cannot repost your own status")
		}
		root := target
		if target.RetweetedID != 0 {
			root, err = s.visibleStatus(ctx, tx, v.UserID, target.RetweetedID)
			if err != nil {
				return err
			}
		}
		if target.Visible.Type != domain.VisiblePublic || root.Visible.Type != domain.VisiblePublic {
			return domain.E(domain.KindForbidden, domain.ReasonPrivacyForbidden, "only public statuses can be reposted")
		}
		own = in.Text
		var head string // "//@name:" of the chain a repost of a repost carries
		if target.RetweetedID != 0 {
			author, err := tx.UserByID(ctx, target.UserID)
			if err != nil {
				return err
			}
			head = "//@" + author.ScreenName + ":"
			own = ownWords(own, head, target.Text)
		}
		if text.Blank(own) {
			own = DefaultRepostText
		} else if err := checkText(own); err != nil {
			return err
		} else if own, err = s.shortenLinks(ctx, tx, own); err != nil {
			return err
		}
		full := own
		if head != "" {
			full = fitChain(own, head+target.Text)
		}
		st = &domain.Status{ID: s.ids.Next(), UserID: v.UserID, AppID: v.AppID, Text: full, CreatedAt: s.now(),
			RetweetedID: root.ID, ParentID: target.ID, RIP: in.RIP}
		if err := s.checkDuplicate(ctx, tx, st); err != nil {
			return err
		}
		if err := s.insertStatus(ctx, tx, st, text.Extract(own), &ev); err != nil {
			return err
		}
		if err := tx.AddStatusCounts(ctx, root.ID, 1, 0, 0); err != nil {
			return err
		}
		if target.ID != root.ID {
			if err := tx.AddStatusCounts(ctx, target.ID, 1, 0, 0); err != nil {
				return err
			}
		}
		// is_comment posts the author's own words as comments; the default
		// text is not worth a comment.
		if in.IsComment == 0 || own == DefaultRepostText {
			return nil
		}
		var on []*domain.Status
		if in.IsComment == 1 || in.IsComment == 3 {
			on = append(on, target)
		}
		if (in.IsComment == 2 || in.IsComment == 3) && (root.ID != target.ID || len(on) == 0) {
			on = append(on, root)
		}
		for _, t := range on {
			c := &domain.Comment{ID: s.ids.Next(), StatusID: t.ID, UserID: v.UserID, AppID: v.AppID, Text: own,
				CreatedAt: s.now(), RIP: in.RIP}
			// An author who does not let the reposter comment still lets
			// them repost: the repost stands without that comment.
			if err := s.insertComment(ctx, tx, c, t, nil); err != nil && !domain.IsReason(err, domain.ReasonPrivacyForbidden) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.afterPost(ctx, st, ev)
	return s.viewOne(ctx, v.UserID, st)
}

// ownWords returns the words a reposter wrote in text, without the chain
// head+body ("//@name:their text") when text already ends with it. Clients
// that work like weibo.com pre-fill the repost box with that chain and let
// the user type in front of it; others send only the user's words. Both
// mean the same repost, so the chain, or the start of it that fitted the
// client's box, is dropped here and appended once, whole, by fitChain: the
// two styles give the same status, and the chain never doubles. The match
// starts at the earliest "//@" from which the rest of text is a prefix of
// the chain (the chain may hold deeper "//@" links of its own), and must
// cover at least the head, so words that merely end in "//@" stay.
func ownWords(text, head, body string) string {
	chain := head + body
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "//@")
		if j < 0 {
			break
		}
		i += j
		if rest := text[i:]; strings.HasPrefix(rest, head) && strings.HasPrefix(chain, rest) {
			return text[:i]
		}
		i += len("//@")
	}
	return text
}

// fitChain appends the repost chain to the author's own text, cutting the
// chain (never the author's words) so the whole stays within 140.
func fitChain(own, chain string) string {
	full := own + chain
	if text.Count(full) <= text.MaxStatusLen {
		return full
	}
	r := []rune(chain)
	lo, hi := 0, len(r)
	for lo < hi { // longest prefix of the chain that fits
		mid := (lo + hi + 1) / 2
		if text.Count(own+string(r[:mid])) <= text.MaxStatusLen {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return own + string(r[:lo])
}

// DestroyStatus deletes one of the viewer's statuses with its comments, and
// moves the counters it contributed to.
func (s *Service) DestroyStatus(ctx context.Context, v domain.Viewer, id int64) (*StatusView, error) {
	var st *domain.Status
	var ev domain.OutboxEvent
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		st, err = s.visibleStatus(ctx, tx, v.UserID, id)
		if err != nil {
			return err
		}
		if st.UserID != v.UserID {
			return domain.E(domain.KindForbidden, domain.ReasonNotOwnStatus, "not your own weibo")
		}
		ev, err = s.deleteStatusTx(ctx, tx, st)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.statusDeleted(ctx, st, ev)
	// Answer with the status as it was.
	return s.viewOne(ctx, v.UserID, st)
}

// deleteStatusTx deletes a live status inside tx: the author's delete and a
// moderator's share it, so counters, timelines and search follow both
// alike. The caller runs statusDeleted after the commit.
func (s *Service) deleteStatusTx(ctx context.Context, tx domain.Tx, st *domain.Status) (domain.OutboxEvent, error) {
	if err := tx.MarkStatusDeleted(ctx, st.ID); err != nil {
		return domain.OutboxEvent{}, err
	}
	if err := tx.AddUserCounts(ctx, st.UserID, domain.UserCounts{Statuses: -1}); err != nil {
		return domain.OutboxEvent{}, err
	}
	return s.statusGone(ctx, tx, st)
}

// statusDeleted follows a committed deleteStatusTx: the author's own window
// at once, everyone else's (and search) through the event.
func (s *Service) statusDeleted(ctx context.Context, st *domain.Status, ev domain.OutboxEvent) {
	if err := s.feed.Remove(ctx, []int64{st.UserID}, st.ID); err != nil {
		s.log.WarnContext(ctx, "remove own status from window", "status", st.ID, "err", err)
	}
	s.publish(ctx, ev)
}

// statusGone does, inside tx, what follows a status's deletion (by its
// author, or with its deleted account): out of its place, its pictures
// released, its comments deleted, the repost counts of what it reposted
// lowered, and a status.deleted event (search index, home windows) in the
// outbox, which it returns for publishing after the commit.
func (s *Service) statusGone(ctx context.Context, tx domain.Tx, st *domain.Status) (domain.OutboxEvent, error) {
	if err := s.unplaceStatus(ctx, tx, st); err != nil {
		return domain.OutboxEvent{}, err
	}
	// Its pictures stay reachable for the retention, then the sweep
	// deletes those nothing else shows.
	if err := tx.ReleasePictures(ctx, st.PicIDs, s.now()); err != nil {
		return domain.OutboxEvent{}, err
	}
	if _, err := tx.DeleteCommentsOfStatus(ctx, st.ID); err != nil {
		return domain.OutboxEvent{}, err
	}
	if st.RetweetedID != 0 {
		if err := tx.AddStatusCounts(ctx, st.RetweetedID, -1, 0, 0); err != nil {
			return domain.OutboxEvent{}, err
		}
		if st.ParentID != 0 && st.ParentID != st.RetweetedID {
			if err := tx.AddStatusCounts(ctx, st.ParentID, -1, 0, 0); err != nil {
				return domain.OutboxEvent{}, err
			}
		}
	}
	ev, err := s.newEvent(EventStatusDeleted, st.ID, StatusEvent{StatusID: st.ID, AuthorID: st.UserID})
	if err != nil {
		return domain.OutboxEvent{}, err
	}
	return ev, tx.AddOutbox(ctx, ev)
}

// StatusCount is the counters of one status (statuses/count).
type StatusCount struct {
	ID                           int64
	Comments, Reposts, Attitudes int
}

// CountStatuses returns the counters of the statuses the viewer may see.
func (s *Service) CountStatuses(ctx context.Context, viewer int64, ids []int64) ([]StatusCount, error) {
	m, err := s.store.StatusesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	authors := make([]int64, 0, len(m))
	sts := make([]*domain.Status, 0, len(m))
	for _, st := range m {
		authors = append(authors, st.UserID)
		sts = append(sts, st)
	}
	see, err := s.seerFor(ctx, viewer, authors)
	if err != nil {
		return nil, err
	}
	if err := see.withGroups(ctx, s.store, sts...); err != nil {
		return nil, err
	}
	out := make([]StatusCount, 0, len(ids))
	for _, id := range ids {
		st, ok := m[id]
		if !ok || !see.canSee(st) {
			continue
		}
		out = append(out, StatusCount{ID: id, Comments: st.CommentsCount, Reposts: st.RepostsCount, Attitudes: st.AttitudesCount})
	}
	return out, nil
}
