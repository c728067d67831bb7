package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Administration reads every account, whatever its state (the ordinary user
// reads see only active ones: activeUser).

const accountCols = userCols + ", state, state_at"

func scanAccount(r rowScanner) (*domain.Account, error) {
	var a domain.Account
	var at int64
	u, err := scanUser(scanTail{r, []any{&a.State, &at}})
	if err != nil {
		return nil, err
	}
	a.User, a.StateAt = u, fromMillis(at)
	return &a, nil
}

// scanTail scans the user's columns and then more.
type scanTail struct {
	r    rowScanner
	more []any
}

func (s scanTail) Scan(dest ...any) error { return s.r.Scan(append(dest, s.more...)...) }

func (r *reads) AccountByID(ctx context.Context, id int64) (*domain.Account, error) {
	a, err := scanAccount(r.c.queryRow(ctx, "SELECT "+accountCols+" FROM users WHERE id = ?", id))
	return a, dbErr(err, "account by id", domain.ReasonUserNotFound)
}

func (r *reads) AccountByName(ctx context.Context, name string) (*domain.Account, error) {
	a, err := scanAccount(r.c.queryRow(ctx, "SELECT "+accountCols+" FROM users WHERE screen_name_key = ?", nameKey(name)))
	return a, dbErr(err, "account by name", domain.ReasonUserNotFound)
}

// Accounts pages accounts by id, newest first; a name prefix is matched on
// the unique screen_name_key index.
func (r *reads) Accounts(ctx context.Context, q domain.AccountQuery) ([]*domain.Account, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	var b builder
	b.add("SELECT " + accountCols + " FROM users WHERE 1 = 1")
	if q.Query != "" {
		b.add(` AND screen_name_key LIKE ? ESCAPE '\'`, likePrefix(q.Query))
	}
	if q.State != nil {
		b.add(" AND state = ?", *q.State)
	}
	if q.BeforeID > 0 {
		b.add(" AND id < ?", q.BeforeID)
	}
	b.add(" ORDER BY id DESC LIMIT ?", q.Limit)
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "accounts", "")
	}
	defer rows.Close()
	var out []*domain.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, dbErr(err, "accounts", "")
		}
		out = append(out, a)
	}
	return out, dbErr(rows.Err(), "accounts", "")
}

// likePrefix is the LIKE pattern "starts with q", wildcards escaped.
func likePrefix(q string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q)) + "%"
}

func (r *reads) CountAccounts(ctx context.Context) (int, error) {
	n, err := r.c.count(ctx, "SELECT COUNT(*) FROM users")
	return n, dbErr(err, "count accounts", "")
}

func (t *tx) SetRole(ctx context.Context, userID int64, role string) error {
	var one int
	err := t.c.queryRow(ctx, "UPDATE users SET role = ? WHERE id = ? RETURNING 1", role, userID).Scan(&one)
	return dbErr(err, "set role", domain.ReasonUserNotFound)
}

func (t *tx) SetSilenced(ctx context.Context, userID int64, at time.Time) error {
	ms := int64(0)
	if !at.IsZero() {
		ms = toMillis(at)
	}
	var one int
	err := t.c.queryRow(ctx, "UPDATE users SET silenced_at = ? WHERE id = ? RETURNING 1", ms, userID).Scan(&one)
	return dbErr(err, "set silenced", domain.ReasonUserNotFound)
}

func (t *tx) AppendAudit(ctx context.Context, e domain.AuditEntry) error {
	_, err := t.c.exec(ctx, `INSERT INTO audit_log (at, actor_id, action, target_user_id, target_id, note, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, toMillis(e.At), e.ActorID, e.Action, e.TargetUserID, e.TargetID, e.Note, e.IP)
	return dbErr(err, "append audit", "")
}

func (r *reads) AuditLog(ctx context.Context, q domain.AuditQuery) ([]domain.AuditEntry, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	var b builder
	b.add("SELECT id, at, actor_id, action, target_user_id, target_id, note, ip FROM audit_log WHERE at >= ?",
		toMillis(q.Since))
	if q.BeforeID > 0 {
		b.add(" AND id < ?", q.BeforeID)
	}
	b.add(" ORDER BY id DESC LIMIT ?", q.Limit)
	rows, err := r.c.query(ctx, b.String(), b.args...)
	if err != nil {
		return nil, dbErr(err, "audit log", "")
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Action, &e.TargetUserID, &e.TargetID, &e.Note, &e.IP); err != nil {
			return nil, dbErr(err, "audit log", "")
		}
		e.At = fromMillis(at)
		out = append(out, e)
	}
	return out, dbErr(rows.Err(), "audit log", "")
}

func (t *tx) CreateInvite(ctx context.Context, inv *domain.Invite) error {
	_, err := t.c.exec(ctx, `INSERT INTO invites (code_hash, created_by, created_at, expires_at, uses_left, uses)
		VALUES (?, ?, ?, ?, ?, 0)`, inv.CodeHash, inv.CreatedBy, toMillis(inv.CreatedAt), toMillis(inv.ExpiresAt), inv.UsesLeft)
	return newRowErr(err, "create invite")
}

func (t *tx) UseInvite(ctx context.Context, codeHash string, now time.Time) error {
	var one int
	err := t.c.queryRow(ctx, `UPDATE invites SET uses_left = uses_left - 1, uses = uses + 1
		WHERE code_hash = ? AND uses_left > 0 AND (expires_at = 0 OR expires_at > ?) RETURNING 1`,
		codeHash, toMillis(now)).Scan(&one)
	return dbErr(err, "use invite", domain.ReasonNone)
}

func (r *reads) InvitesBy(ctx context.Context, userID int64, limit int) ([]domain.Invite, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.c.query(ctx, `SELECT code_hash, created_by, created_at, expires_at, uses_left, uses FROM invites
		WHERE created_by = ? ORDER BY created_at DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, dbErr(err, "invites", "")
	}
	defer rows.Close()
	var out []domain.Invite
	for rows.Next() {
		var inv domain.Invite
		var at, exp int64
		if err := rows.Scan(&inv.CodeHash, &inv.CreatedBy, &at, &exp, &inv.UsesLeft, &inv.Uses); err != nil {
			return nil, dbErr(err, "invites", "")
		}
		inv.CreatedAt, inv.ExpiresAt = fromMillis(at), fromMillis(exp)
		out = append(out, inv)
	}
	return out, dbErr(rows.Err(), "invites", "")
}

// DeletePendingUser removes an account that never was active: its row and
// its name keys (suggestions); its name is free again.
func (t *tx) DeletePendingUser(ctx context.Context, userID int64) error {
	var one int
	err := t.c.queryRow(ctx, "DELETE FROM users WHERE id = ? AND state = ? RETURNING 1", userID, domain.UserPending).Scan(&one)
	if err != nil {
		return dbErr(err, "delete pending user", domain.ReasonUserNotFound)
	}
	_, err = t.c.exec(ctx, "DELETE FROM user_name_keys WHERE user_id = ?", userID)
	return dbErr(err, "delete pending user", "")
}
