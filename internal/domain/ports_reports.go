package domain

import (
	"context"
	"time"
)

// What a report is about (Report.Kind).
const (
	ReportStatus  = "status"
	ReportComment = "comment"
	ReportUser    = "user"
)

// Report is a person's report of a status, comment or account to the
// moderators, and, once resolved, what a moderator did about it.
type Report struct {
	ID         int64
	ReporterID int64
	Kind       string // ReportStatus, ReportComment or ReportUser
	// TargetID is the status or comment (for ReportUser, the user);
	// TargetUserID is always the account reported or whose content is.
	TargetID     int64
	TargetUserID int64
	Reason       string
	CreatedAt    time.Time

	// Resolved when ResolvedAt is not zero.
	ResolvedAt time.Time
	ResolverID int64 // 0: the operator at the terminal
	Action     string
	Note       string
}

// Open reports whether no moderator has resolved the report yet.
func (r *Report) Open() bool { return r.ResolvedAt.IsZero() }

// ReportQuery pages reports, newest first.
type ReportQuery struct {
	Open     bool // only those not yet resolved; else only resolved ones
	BeforeID int64
	Limit    int
}

// ReportReader reads reports.
type ReportReader interface {
	// ReportByID returns a report, or KindNotFound.
	ReportByID(ctx context.Context, id int64) (*Report, error)
	Reports(ctx context.Context, q ReportQuery) ([]Report, error)
	// CountOpenReports counts, up to limit, the reports waiting.
	CountOpenReports(ctx context.Context, limit int) (int, error)
}

// ReportWriter files and resolves reports.
type ReportWriter interface {
	// CreateReport files a report; KindConflict when the reporter has an
	// open report of the same thing already.
	CreateReport(ctx context.Context, r *Report) error
	// ResolveReport records a moderator's decision on an open report;
	// KindNotFound when there is no such report, KindConflict when it is
	// resolved already.
	ResolveReport(ctx context.Context, id int64, resolver int64, action, note string, at time.Time) error
}

// DayCount is how many things happened on one day (UTC).
type DayCount struct {
	Day   time.Time // midnight UTC
	Count int
}

// StatsReader reads what the instance overview shows.
type StatsReader interface {
	// StatusesPerDay counts the statuses posted (deleted ones included) on
	// each UTC day from since on; days without any are left out. Ids are
	// time-ordered: the core gives minID = ids.MinIDAt(since), so the store
	// reads a range of the primary key rather than every status.
	StatusesPerDay(ctx context.Context, since time.Time, minID int64) ([]DayCount, error)
}

// DiskUse is how many bytes one part of the instance's storage holds.
type DiskUse struct {
	Name  string // "data", "media", ...
	Bytes int64
}
