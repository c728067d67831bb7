package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testReports: reports are filed once per reporter and thing while open,
// paged newest first as a queue and as resolved, resolved once; statuses
// are counted per UTC day.
func testReports(f *fx) {
	ann, bob := f.user("ann"), f.user("bob")
	mk := func(reporter int64, kind string, target int64) *domain.Report {
		return &domain.Report{ID: f.id(), ReporterID: reporter, Kind: kind, TargetID: target, TargetUserID: target,
			Reason: "spam", CreatedAt: f.tick()}
	}
	r1, r2, r3 := mk(ann.ID, domain.ReportUser, bob.ID), mk(bob.ID, domain.ReportUser, ann.ID), mk(ann.ID, domain.ReportStatus, 77)
	for _, r := range []*domain.Report{r1, r2, r3} {
		f.tx(func(tx domain.Tx) error { return tx.CreateReport(f.ctx, r) })
	}
	// The same reporter and thing again while it is open: a conflict.
	if err := f.txErr(func(tx domain.Tx) error { return tx.CreateReport(f.ctx, mk(ann.ID, domain.ReportUser, bob.ID)) }); !domain.IsKind(err, domain.KindConflict) {
		f.t.Fatalf("a second open report: %v", err)
	}
	got, err := f.s.ReportByID(f.ctx, r1.ID)
	if err != nil || got.Reason != "spam" || got.Kind != domain.ReportUser || !got.Open() || !got.CreatedAt.Equal(r1.CreatedAt) {
		f.t.Fatalf("ReportByID: %+v %v", got, err)
	}
	if _, err := f.s.ReportByID(f.ctx, 123456789); !domain.IsKind(err, domain.KindNotFound) {
		f.t.Fatalf("a missing report: %v", err)
	}
	at := f.tick()
	f.tx(func(tx domain.Tx) error { return tx.ResolveReport(f.ctx, r1.ID, bob.ID, "dismiss", "fine", at) })
	if err := f.txErr(func(tx domain.Tx) error { return tx.ResolveReport(f.ctx, r1.ID, bob.ID, "suspend", "", at) }); !domain.IsKind(err, domain.KindConflict) {
		f.t.Fatalf("resolving twice: %v", err)
	}
	if err := f.txErr(func(tx domain.Tx) error { return tx.ResolveReport(f.ctx, 123456789, bob.ID, "dismiss", "", at) }); !domain.IsKind(err, domain.KindNotFound) {
		f.t.Fatalf("resolving a missing report: %v", err)
	}
	got, _ = f.s.ReportByID(f.ctx, r1.ID)
	if got.Open() || got.Action != "dismiss" || got.Note != "fine" || got.ResolverID != bob.ID || !got.ResolvedAt.Equal(at) {
		f.t.Fatalf("resolved: %+v", got)
	}
	// Resolved, the same thing may be reported again.
	f.tx(func(tx domain.Tx) error { return tx.CreateReport(f.ctx, mk(ann.ID, domain.ReportUser, bob.ID)) })

	open, err := f.s.Reports(f.ctx, domain.ReportQuery{Open: true, Limit: 2})
	if err != nil || len(open) != 2 || open[0].ID <= open[1].ID {
		f.t.Fatalf("queue: %+v %v", open, err)
	}
	more, err := f.s.Reports(f.ctx, domain.ReportQuery{Open: true, BeforeID: open[1].ID, Limit: 10})
	if err != nil || len(more) != 1 || more[0].ID != r2.ID {
		f.t.Fatalf("queue, page 2: %+v %v", more, err)
	}
	done, err := f.s.Reports(f.ctx, domain.ReportQuery{Limit: 10})
	if err != nil || len(done) != 1 || done[0].ID != r1.ID {
		f.t.Fatalf("resolved: %+v %v", done, err)
	}
	if n, err := f.s.CountOpenReports(f.ctx, 100); err != nil || n != 3 {
		f.t.Fatalf("CountOpenReports: %d %v", n, err)
	}
	if n, err := f.s.CountOpenReports(f.ctx, 2); err != nil || n != 2 {
		f.t.Fatalf("CountOpenReports, capped: %d %v", n, err)
	}

	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, t := range []time.Time{day.Add(time.Hour), day.Add(23 * time.Hour), day.Add(49 * time.Hour), day.Add(-time.Hour)} {
		f.status(ann.ID, func(s *domain.Status) { s.CreatedAt = t })
	}
	days, err := f.s.StatusesPerDay(f.ctx, day, 0)
	if err != nil || len(days) != 2 || !days[0].Day.Equal(day) || days[0].Count != 2 ||
		!days[1].Day.Equal(day.AddDate(0, 0, 2)) || days[1].Count != 1 {
		f.t.Fatalf("StatusesPerDay: %+v %v", days, err)
	}
}
