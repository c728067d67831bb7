// Package postgres is the full-text engine for PostgreSQL: the segmenter's
// tokens of each status as a tsvector (array_to_tsvector: the tokens go in
// as they are, with no parser or dictionary of PostgreSQL's in between) in
// a GIN index, and the facets as plain columns (migration 00050). It needs
// no extension, so it runs on stock and managed PostgreSQL alike.
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/search"
)

// Engine is the domain.Searcher over PostgreSQL.
type Engine struct {
	db  *sql.DB
	seg *search.Segmenter
}

var _ domain.Searcher = (*Engine)(nil)

// New uses the store's pool.
func New(db *sql.DB, seg *search.Segmenter) *Engine { return &Engine{db: db, seg: seg} }

// indexRows is how many documents one INSERT carries.
const indexRows = 100

// Index adds or replaces documents, segmenting before the transaction.
func (e *Engine) Index(ctx context.Context, docs []domain.SearchDoc) error {
	toks := make([][]string, len(docs))
	for i, d := range docs {
		t, err := e.seg.IndexTokens(d.Text)
		if err != nil {
			return err
		}
		toks[i] = t
	}
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return e.inTx(ctx, func(tx *sql.Tx) error {
		// A status deleted while its doc was being made must not stay
		// indexed: the delete's own Remove may have run already (on a
		// cluster another node handles it). The statuses are share-locked
		// first, so a delete either committed before (and the doc goes
		// again below) or waits for this commit (and its Remove follows).
		if _, err := tx.ExecContext(ctx, `SELECT id FROM statuses WHERE id = ANY($1) ORDER BY id FOR SHARE`, ids); err != nil {
			return fmt.Errorf("search: index: lock statuses: %w", err)
		}
		for start := 0; start < len(docs); start += indexRows {
			end := min(len(docs), start+indexRows)
			var b strings.Builder
			args := make([]any, 0, 8*(end-start))
			b.WriteString(`INSERT INTO search_statuses (status_id, user_id, app_id, repost, has_pic, province, city, tokens) VALUES `)
			for i := start; i < end; i++ {
				if i > start {
					b.WriteString(", ")
				}
				n := len(args)
				fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, array_to_tsvector($%d::text[]))", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8)
				d := docs[i]
				args = append(args, d.ID, d.UserID, d.AppID, boolInt(d.Repost), boolInt(d.HasPic), d.Province, d.City, toks[i])
			}
			b.WriteString(` ON CONFLICT (status_id) DO UPDATE SET user_id = excluded.user_id, app_id = excluded.app_id,
				repost = excluded.repost, has_pic = excluded.has_pic, province = excluded.province, city = excluded.city,
				tokens = excluded.tokens`)
			if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("search: index: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_statuses WHERE status_id IN
			(SELECT id FROM statuses WHERE id = ANY($1) AND deleted <> 0)`, ids); err != nil {
			return fmt.Errorf("search: index: drop deleted: %w", err)
		}
		return nil
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (e *Engine) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: commit: %w", err)
	}
	return nil
}

// Remove drops documents.
func (e *Engine) Remove(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := e.db.ExecContext(ctx, "DELETE FROM search_statuses WHERE status_id = ANY($1::bigint[])", ids); err != nil {
		return fmt.Errorf("search: remove: %w", err)
	}
	return nil
}

// tsquery literals: each lexeme quoted, so no character of a token is
// syntax (tokens hold only letters and digits anyway).
var syntax = search.Syntax{
	Quote: func(t string) string {
		return "'" + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), "'", "''") + "'"
	},
	And: "&", Or: "|",
}

// where builds the condition of q with its arguments.
func (e *Engine) where(q domain.StatusSearch) (string, []any, error) {
	terms, err := e.seg.Terms(q.Words)
	if err != nil {
		return "", nil, err
	}
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if expr := search.Expr(terms, q.AnyWord, nil, syntax); expr != "" {
		conds = append(conds, "tokens @@ "+arg(expr)+"::tsquery")
	}
	if q.AuthorID != 0 {
		conds = append(conds, "user_id = "+arg(q.AuthorID))
	}
	if q.AppID != 0 {
		conds = append(conds, "app_id = "+arg(q.AppID))
	}
	switch q.Ori {
	case 1:
		conds = append(conds, "repost = 0")
	case 2:
		conds = append(conds, "repost = 1")
	}
	switch q.Pic {
	case 1:
		conds = append(conds, "has_pic = 1")
	case 2:
		conds = append(conds, "has_pic = 0")
	}
	if q.Province != 0 {
		conds = append(conds, "province = "+arg(q.Province))
		if q.City != 0 {
			conds = append(conds, "city = "+arg(q.City))
		}
	}
	if q.SinceID > 0 {
		conds = append(conds, "status_id > "+arg(q.SinceID))
	}
	if q.MaxID > 0 {
		conds = append(conds, "status_id <= "+arg(q.MaxID))
	}
	if len(conds) == 0 {
		return "TRUE", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// Search returns matching ids, newest first.
func (e *Engine) Search(ctx context.Context, q domain.StatusSearch) ([]int64, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	where, args, err := e.where(q)
	if err != nil {
		return nil, err
	}
	args = append(args, q.Limit)
	rows, err := e.db.QueryContext(ctx, "SELECT status_id FROM search_statuses WHERE "+where+
		" ORDER BY status_id DESC LIMIT $"+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	defer rows.Close()
	out := make([]int64, 0, min(q.Limit, 256))
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("search: query: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	return out, nil
}

// Count counts matches up to limit.
func (e *Engine) Count(ctx context.Context, q domain.StatusSearch, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	where, args, err := e.where(q)
	if err != nil {
		return 0, err
	}
	args = append(args, limit)
	var n int
	err = e.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM search_statuses WHERE "+where+
		" LIMIT $"+strconv.Itoa(len(args))+") t", args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// Keywords: see domain.Searcher.
func (e *Engine) Keywords(_ context.Context, text string, n int) ([]string, error) {
	return e.seg.Keywords(text, n)
}

// Clear empties the index.
func (e *Engine) Clear(ctx context.Context) error {
	if _, err := e.db.ExecContext(ctx, "TRUNCATE search_statuses"); err != nil {
		return fmt.Errorf("search: clear: %w", err)
	}
	return nil
}

const checkpointName = "rebuild_after"

// Checkpoint: see domain.Searcher.
func (e *Engine) Checkpoint(ctx context.Context) (int64, bool, error) {
	var id int64
	err := e.db.QueryRowContext(ctx, "SELECT value FROM search_state WHERE name = $1", checkpointName).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("search: checkpoint: %w", err)
	}
	return id, true, nil
}

// SetCheckpoint: see domain.Searcher.
func (e *Engine) SetCheckpoint(ctx context.Context, id int64, ok bool) error {
	var err error
	if ok {
		_, err = e.db.ExecContext(ctx, `INSERT INTO search_state (name, value) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, checkpointName, id)
	} else {
		_, err = e.db.ExecContext(ctx, "DELETE FROM search_state WHERE name = $1", checkpointName)
	}
	if err != nil {
		return fmt.Errorf("search: set checkpoint: %w", err)
	}
	return nil
}
