package core

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
)

// Reports (issue 17): a signed-in person reports a status, comment or
// account they can see, with a reason; moderators work the queue and
// resolve each report with an action. Resolving is one transaction: the
// report's row, the action (a delete through the author's own delete path,
// a silence, a suspension), the audit log and the notice telling the
// reporter the outcome commit together or not at all.

// Limits of reports.
const (
	MaxReportReason = 300 // characters
	MaxReportNote   = 500 // characters
	MaxReportPage   = 100
	// maxOpenCount bounds the count of waiting reports the pages show.
	maxOpenCount = 1000
)

// What a moderator does about a report.
const (
	ReportDismiss = "dismiss" // nothing needs doing
	ReportDelete  = "delete"  // the reported status or comment is deleted
	ReportSilence = "silence" // the account reported (or whose content is) is silenced
	ReportSuspend = "suspend" // ... suspended
)

// ReportActions lists the actions of ResolveReport, for forms and usage.
func ReportActions() []string {
	return []string{ReportDismiss, ReportDelete, ReportSilence, ReportSuspend}
}

// Audit actions of moderation on content and reports.
const (
	AuditReportResolve = "report.resolve"     // TargetID: the report; Note: "action: note"
	AuditStatusDelete  = "status.delete"      // a moderator deleted a status (TargetID)
	AuditCommentDelete = "comment.delete"     // a moderator deleted a comment (TargetID)
	AuditAvatarRemove  = "user.avatar.remove" // a moderator removed an avatar
	AuditProfileClear  = "user.profile.clear" // a moderator removed profile text
)

// ReportInput is a person's report.
type ReportInput struct {
	Kind     string // domain.ReportStatus, ReportComment or ReportUser
	TargetID int64
	Reason   string
}

// FileReport stores the viewer's report of something they can see. Nobody
// reports themselves or their own content; a second report of the same
// thing while the first waits is KindConflict.
func (s *Service) FileReport(ctx context.Context, v domain.Viewer, in ReportInput) (*domain.Report, error) {
	if v.UserID == 0 {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonNone, "sign in to report")
	}
	reason := strings.TrimSpace(in.Reason)
	switch {
	case reason == "":
		return nil, domain.MissingParam("reason")
	case !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > MaxReportReason:
		return nil, domain.BadParam("reason", fmt.Sprintf("at most %d characters", MaxReportReason), reason)
	}
	rp := &domain.Report{ReporterID: v.UserID, Kind: in.Kind, TargetID: in.TargetID, Reason: reason, CreatedAt: s.now()}
	t, err := s.ReportTarget(ctx, v, in.Kind, in.TargetID)
	if err != nil {
		return nil, err
	}
	rp.TargetUserID = t.TargetUserID
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		rp.ID = s.ids.Next()
		return tx.CreateReport(ctx, rp)
	})
	if domain.IsKind(err, domain.KindConflict) {
		return nil, domain.E(domain.KindConflict, domain.ReasonNone, "you have reported this already; a moderator will look at it")
	}
	if err != nil {
		return nil, fmt.Errorf("file report: %w", err)
	}
	return rp, nil
}

// ReportTarget checks the viewer may report the thing (they can see it,
// and it is not theirs) and returns it, for the report form: TargetUserID
// and Target (the account), and the status or comment.
func (s *Service) ReportTarget(ctx context.Context, v domain.Viewer, kind string, id int64) (*ReportView, error) {
	if v.UserID == 0 {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonNone, "sign in to report")
	}
	out := &ReportView{Report: domain.Report{Kind: kind, TargetID: id}}
	switch kind {
	case domain.ReportStatus:
		st, err := s.visibleStatus(ctx, s.store, v.UserID, id)
		if err != nil {
			return nil, err
		}
		out.Status, out.TargetUserID = st, st.UserID
	case domain.ReportComment:
		c, err := s.visibleComment(ctx, v.UserID, id)
		if err != nil {
			return nil, err
		}
		out.Comment, out.TargetUserID = c, c.UserID
		if out.Status, err = s.store.StatusByID(ctx, c.StatusID); err != nil {
			return nil, err
		}
	case domain.ReportUser:
		if id <= 0 {
			return nil, domain.E(domain.KindNotFound, domain.ReasonUserNotFound, "no such user")
		}
		out.TargetUserID = id
	default:
		return nil, domain.BadParam("kind", "status, comment or user", kind)
	}
	if out.TargetUserID == v.UserID {
		return nil, domain.E(domain.KindInvalid, domain.ReasonNone, "you cannot report yourself")
	}
	u, err := s.store.UserByID(ctx, out.TargetUserID)
	if err != nil {
		return nil, err
	}
	out.Target = &domain.Account{User: u, State: domain.UserActive}
	return out, nil
}

// visibleComment returns a comment the viewer may see (on a status they may see).
func (s *Service) visibleComment(ctx context.Context, viewer, id int64) (*domain.Comment, error) {
	if id <= 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
	}
	c, err := s.commentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.commentView(ctx, viewer, c); err != nil {
		return nil, err
	}
	return c, nil
}

// ReportView is a report as the moderators' queue shows it: who reported
// whom, and the content, when it still exists.
type ReportView struct {
	domain.Report
	Reporter *domain.User    // nil: the account is gone
	Target   *domain.Account // nil: no such account any more
	Status   *domain.Status  // the reported status, or the commented one
	Comment  *domain.Comment
}

// Reports pages the queue (open) or the resolved reports, newest first.
func (s *Service) Reports(ctx context.Context, a Actor, open bool, beforeID int64, limit int) ([]ReportView, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), MaxReportPage)
	rs, err := s.store.Reports(ctx, domain.ReportQuery{Open: open, BeforeID: max(beforeID, 0), Limit: limit})
	if err != nil {
		return nil, err
	}
	return s.reportViews(ctx, rs)
}

// Report returns one report for a moderator.
func (s *Service) Report(ctx context.Context, a Actor, id int64) (*ReportView, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return nil, err
	}
	rp, err := s.reportByID(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.reportViews(ctx, []domain.Report{*rp})
	if err != nil {
		return nil, err
	}
	return &vs[0], nil
}

func (s *Service) reportByID(ctx context.Context, r domain.Reader, id int64) (*domain.Report, error) {
	if id <= 0 {
		return nil, domain.E(domain.KindNotFound, domain.ReasonNone, "no such report")
	}
	rp, err := r.ReportByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.E(domain.KindNotFound, domain.ReasonNone, "no such report")
	}
	return rp, err
}

// reportViews hydrates a page of reports: one batch each for the statuses,
// the comments and the people; an account no longer active is looked up
// alone (the moderator must see that it is suspended or gone).
func (s *Service) reportViews(ctx context.Context, rs []domain.Report) ([]ReportView, error) {
	var statusIDs, commentIDs, userIDs []int64
	for _, r := range rs {
		userIDs = append(userIDs, r.ReporterID, r.TargetUserID)
		switch r.Kind {
		case domain.ReportStatus:
			statusIDs = append(statusIDs, r.TargetID)
		case domain.ReportComment:
			commentIDs = append(commentIDs, r.TargetID)
		}
	}
	comments, err := s.store.CommentsByIDs(ctx, dedup(commentIDs))
	if err != nil {
		return nil, err
	}
	for _, c := range comments {
		statusIDs = append(statusIDs, c.StatusID)
	}
	statuses, err := s.store.StatusesByIDs(ctx, dedup(statusIDs))
	if err != nil {
		return nil, err
	}
	users, err := s.store.UsersByIDs(ctx, dedup(userIDs))
	if err != nil {
		return nil, err
	}
	out := make([]ReportView, len(rs))
	for i, r := range rs {
		v := ReportView{Report: r, Reporter: users[r.ReporterID]}
		if u := users[r.TargetUserID]; u != nil {
			v.Target = &domain.Account{User: u, State: domain.UserActive}
		} else if acc, err := s.store.AccountByID(ctx, r.TargetUserID); err == nil {
			v.Target = acc
		} else if !domain.IsKind(err, domain.KindNotFound) {
			return nil, err
		}
		switch r.Kind {
		case domain.ReportStatus:
			v.Status = statuses[r.TargetID]
		case domain.ReportComment:
			if c := comments[r.TargetID]; c != nil {
				v.Comment = c
				v.Status = statuses[c.StatusID]
			}
		}
		out[i] = v
	}
	return out, nil
}

// CountOpenReports counts the reports waiting (up to a thousand).
func (s *Service) CountOpenReports(ctx context.Context, a Actor) (int, error) {
	if err := s.RequireModerator(ctx, a); err != nil {
		return 0, err
	}
	return s.store.CountOpenReports(ctx, maxOpenCount)
}

// ResolveReport closes an open report with an action and a note, in one
// transaction with the action itself, its audit entries and the notice to
// the reporter. Deleting content that is gone already (its author deleted
// it meanwhile) resolves the report all the same.
func (s *Service) ResolveReport(ctx context.Context, a Actor, id int64, action, note string) (*domain.Report, error) {
	note = strings.TrimSpace(note)
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > MaxReportNote {
		return nil, domain.BadParam("note", fmt.Sprintf("at most %d characters", MaxReportNote), note)
	}
	role, err := s.actorRole(ctx, a)
	if err != nil {
		return nil, err
	}
	if !domain.Moderates(role) {
		return nil, errNotModerator
	}
	switch action {
	case ReportDismiss, ReportDelete, ReportSilence, ReportSuspend:
	default:
		return nil, domain.BadParam("action", strings.Join(ReportActions(), ", "), action)
	}
	rp, err := s.reportByID(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !rp.Open() {
		return nil, domain.E(domain.KindConflict, domain.ReasonNone, "the report is resolved already")
	}
	if action == ReportDelete && rp.Kind == domain.ReportUser {
		return nil, domain.BadParam("action", "dismiss, silence or suspend for a reported account", action)
	}
	var acc *domain.Account
	if action != ReportDismiss {
		if acc, err = s.store.AccountByID(ctx, rp.TargetUserID); err != nil {
			return nil, err
		}
		if err := mayActOn(a, role, acc.User); err != nil {
			return nil, err
		}
	}
	var deleted *domain.Status
	var ev domain.OutboxEvent
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		deleted = nil
		if err := tx.ResolveReport(ctx, rp.ID, a.UserID, action, note, s.now()); err != nil {
			return err
		}
		switch action {
		case ReportDelete:
			var err error
			deleted, ev, err = s.moderateDeleteTx(ctx, tx, a, rp.Kind, rp.TargetID, note)
			// Gone already (its author deleted it meanwhile): what the
			// report asked for is done. The not-found comes before any write.
			if err != nil && !domain.IsKind(err, domain.KindNotFound) {
				return err
			}
		case ReportSilence:
			if err := s.silenceTx(ctx, tx, a, acc, note); err != nil {
				return err
			}
		case ReportSuspend:
			if err := s.suspendTx(ctx, tx, a, acc, note); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, a, AuditReportResolve, rp.TargetUserID, rp.ID, action+": "+note); err != nil {
			return err
		}
		return s.tellUser(ctx, tx, rp.ReporterID, rp.ID, reportOutcomeTitle, reportOutcome(rp, action))
	})
	if err != nil {
		return nil, err
	}
	if deleted != nil {
		s.statusDeleted(ctx, deleted, ev)
	}
	rp.ResolvedAt, rp.ResolverID, rp.Action, rp.Note = s.now(), a.UserID, action, note
	return rp, nil
}

const reportOutcomeTitle = "举报处理结果"

// reportOutcome is what the reporter is told: what was reported and what
// was done, not the moderator's note (it is for the moderators).
func reportOutcome(rp *domain.Report, action string) string {
	what := map[string]string{domain.ReportStatus: "微博", domain.ReportComment: "评论", domain.ReportUser: "帐号"}[rp.Kind]
	done := map[string]string{
		ReportDismiss: "经审核未发现违规，未做处理。",
		ReportDelete:  "该" + what + "已被删除。",
		ReportSilence: "该帐号已被限制。",
		ReportSuspend: "该帐号已被封禁。",
	}[action]
	return fmt.Sprintf("你举报的%s（举报编号 %d）已处理：%s感谢你的举报。", what, rp.ID, done)
}

// tellUser leaves a moderation notice (notice.go) for one user inside tx
// (their notice count moves with it): how moderation tells a reporter the
// outcome of report ref. The caller's transaction runs through inTxNewIDs
// (the notice takes an id).
func (s *Service) tellUser(ctx context.Context, tx domain.Tx, userID, ref int64, title, content string) error {
	_, err := s.deliverNotice(ctx, tx, []int64{userID}, domain.NoticeInput{Kind: domain.NoticeModeration,
		Title: title, Content: content, Ref: ref})
	if err != nil {
		return fmt.Errorf("notice to %d: %w", userID, err)
	}
	return nil
}

// ModerateDelete deletes a status or comment (kind domain.ReportStatus or
// ReportComment) as a moderator, through the author's own delete path:
// counters, timelines and search follow as they do for the author's.
func (s *Service) ModerateDelete(ctx context.Context, a Actor, kind string, id int64, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxReportNote || !utf8.ValidString(note) {
		return domain.BadParam("note", fmt.Sprintf("at most %d characters", MaxReportNote), note)
	}
	if kind != domain.ReportStatus && kind != domain.ReportComment {
		return domain.BadParam("kind", "status or comment", kind)
	}
	if err := s.RequireModerator(ctx, a); err != nil {
		return err
	}
	var deleted *domain.Status
	var ev domain.OutboxEvent
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		deleted, ev, err = s.moderateDeleteTx(ctx, tx, a, kind, id, note)
		return err
	})
	if err != nil {
		return err
	}
	if deleted != nil {
		s.statusDeleted(ctx, deleted, ev)
	}
	return nil
}

// moderateDeleteTx deletes a status (answered, for statusDeleted after the
// commit) or a comment inside tx, checks the actor may act on its author,
// and audits it. Content that is gone is KindNotFound, before any write.
func (s *Service) moderateDeleteTx(ctx context.Context, tx domain.Tx, a Actor, kind string, id int64, note string) (*domain.Status, domain.OutboxEvent, error) {
	role, err := s.actorRole(ctx, a)
	if err != nil {
		return nil, domain.OutboxEvent{}, err
	}
	author := func(uid int64) error {
		acc, err := tx.AccountByID(ctx, uid)
		if err != nil {
			return err
		}
		return mayActOn(a, role, acc.User)
	}
	if kind == domain.ReportComment {
		c, err := tx.CommentByID(ctx, id)
		if domain.IsKind(err, domain.KindNotFound) {
			return nil, domain.OutboxEvent{}, domain.E(domain.KindNotFound, domain.ReasonCommentNotFound, "target weibo comment does not exist")
		}
		if err != nil {
			return nil, domain.OutboxEvent{}, err
		}
		if err := author(c.UserID); err != nil {
			return nil, domain.OutboxEvent{}, err
		}
		if err := deleteCommentTx(ctx, tx, c); err != nil {
			return nil, domain.OutboxEvent{}, err
		}
		return nil, domain.OutboxEvent{}, s.audit(ctx, tx, a, AuditCommentDelete, c.UserID, c.ID, note)
	}
	st, err := tx.StatusByID(ctx, id)
	if domain.IsKind(err, domain.KindNotFound) || (err == nil && st.Deleted) {
		return nil, domain.OutboxEvent{}, domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo does not exist")
	}
	if err != nil {
		return nil, domain.OutboxEvent{}, err
	}
	if err := author(st.UserID); err != nil {
		return nil, domain.OutboxEvent{}, err
	}
	ev, err := s.deleteStatusTx(ctx, tx, st)
	if err != nil {
		return nil, domain.OutboxEvent{}, err
	}
	return st, ev, s.audit(ctx, tx, a, AuditStatusDelete, st.UserID, st.ID, note)
}

// Parts of a profile a moderator may remove.
const (
	ProfileAvatar = "avatar" // back to the default avatar
	ProfileText   = "text"   // description and location emptied
)

// ModerateProfile removes the named user's avatar or profile text.
func (s *Service) ModerateProfile(ctx context.Context, a Actor, name, part, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxReportNote || !utf8.ValidString(note) {
		return domain.BadParam("note", fmt.Sprintf("at most %d characters", MaxReportNote), note)
	}
	if part != ProfileAvatar && part != ProfileText {
		return domain.BadParam("part", "avatar or text", part)
	}
	acc, err := s.target(ctx, a, name)
	if err != nil {
		return err
	}
	u := acc.User
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if part == ProfileAvatar {
			if u.Avatar == "" {
				return domain.E(domain.KindConflict, domain.ReasonNone, "the account has the default avatar")
			}
			if err := tx.ReleasePictures(ctx, []string{u.Avatar}, s.now()); err != nil {
				return err
			}
			if err := tx.SetAvatar(ctx, u.ID, ""); err != nil {
				return err
			}
			return s.audit(ctx, tx, a, AuditAvatarRemove, u.ID, 0, note)
		}
		if u.Description == "" && u.Location == "" {
			return domain.E(domain.KindConflict, domain.ReasonNone, "the profile has no text")
		}
		gender := u.Gender
		if gender != "m" && gender != "f" {
			gender = "n"
		}
		if err := tx.UpdateProfile(ctx, u.ID, domain.ProfileChange{ScreenName: u.ScreenName, Gender: gender}); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, AuditProfileClear, u.ID, 0, note)
	})
}
