package sqlstore

import (
	"context"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Reports to the moderators (issue 17) and the instance overview's counts.

const reportCols = `id, reporter_id, kind, target_id, target_user_id, reason, created_at,
	resolved_at, resolver_id, action, note`

func scanReport(r rowScanner) (domain.Report, error) {
	var rp domain.Report
	var at, resolved int64
	err := r.Scan(&rp.ID, &rp.ReporterID, &rp.Kind, &rp.TargetID, &rp.TargetUserID, &rp.Reason, &at,
		&resolved, &rp.ResolverID, &rp.Action, &rp.Note)
	rp.CreatedAt = fromMillis(at)
	if resolved != 0 {
		rp.ResolvedAt = fromMillis(resolved)
	}
	return rp, err
}

func (r *reads) ReportByID(ctx context.Context, id int64) (*domain.Report, error) {
	rp, err := scanReport(r.c.queryRow(ctx, "SELECT "+reportCols+" FROM reports WHERE id = ?", id))
	if err != nil {
		return nil, dbErr(err, "report by id", domain.ReasonNone)
	}
	return &rp, nil
}

// Reports pages the queue on its partial index (open ones) or the
// primary key (resolved ones), newest first.
func (r *reads) Reports(ctx context.Context, q domain.ReportQuery) ([]domain.Report, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	var b builder
	b.add("SELECT " + reportCols + " FROM reports WHERE ")
	if q.Open {
		b.add("resolved_at = 0")
	} else {
		b.add("resolved_at <> 0")
	}
	if q.BeforeID > 0 {
		b.add(" AND id < ?", q.BeforeID)
	}
	b.add(" ORDER BY id DESC LIMIT ?", q.Limit)
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "reports", "")
	}
	defer rows.Close()
	var out []domain.Report
	for rows.Next() {
		rp, err := scanReport(rows)
		if err != nil {
			return nil, dbErr(err, "reports", "")
		}
		out = append(out, rp)
	}
	return out, dbErr(rows.Err(), "reports", "")
}

func (r *reads) CountOpenReports(ctx context.Context, limit int) (int, error) {
	n, err := r.c.count(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM reports WHERE resolved_at = 0 LIMIT ?) t", limit)
	return n, dbErr(err, "count open reports", "")
}

func (t *tx) CreateReport(ctx context.Context, rp *domain.Report) error {
	_, err := t.c.exec(ctx, `INSERT INTO reports (id, reporter_id, kind, target_id, target_user_id, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, rp.ID, rp.ReporterID, rp.Kind, rp.TargetID, rp.TargetUserID, rp.Reason,
		toMillis(rp.CreatedAt))
	return newRowErr(err, "create report")
}

func (t *tx) ResolveReport(ctx context.Context, id int64, resolver int64, action, note string, at time.Time) error {
	var one int
	err := t.c.queryRow(ctx, `UPDATE reports SET resolved_at = ?, resolver_id = ?, action = ?, note = ?
		WHERE id = ? AND resolved_at = 0 RETURNING 1`, max(toMillis(at), 1), resolver, action, note, id).Scan(&one)
	if err == nil {
		return nil
	}
	if derr := dbErr(err, "resolve report", domain.ReasonNone); !domain.IsKind(derr, domain.KindNotFound) {
		return derr
	}
	// No open report of that id: none at all, or one resolved already.
	if _, err := t.ReportByID(ctx, id); err != nil {
		return err
	}
	return domain.E(domain.KindConflict, domain.ReasonNone, "the report is resolved already")
}

// StatusesPerDay groups the statuses of a range of the primary key by
// their UTC day (created_at is Unix milliseconds).
func (r *reads) StatusesPerDay(ctx context.Context, since time.Time, minID int64) ([]domain.DayCount, error) {
	const day = 24 * 60 * 60 * 1000
	rows, err := r.c.query(ctx, `SELECT created_at / ? AS d, COUNT(*) FROM statuses
		WHERE id >= ? AND created_at >= ? GROUP BY d ORDER BY d`, int64(day), minID, toMillis(since))
	if err != nil {
		return nil, dbErr(err, "statuses per day", "")
	}
	defer rows.Close()
	var out []domain.DayCount
	for rows.Next() {
		var d int64
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, dbErr(err, "statuses per day", "")
		}
		out = append(out, domain.DayCount{Day: time.UnixMilli(d * day).UTC(), Count: n})
	}
	return out, dbErr(rows.Err(), "statuses per day", "")
}
