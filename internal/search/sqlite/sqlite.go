// Package sqlite is the embedded full-text engine: an FTS5 table in the
// server's own SQLite database (migration 00050) holding the segmenter's
// tokens of each status, plus facet tokens for the filters. FTS5 walks a
// token's document list in rowid order, and a status's rowid is its
// time-ordered id, so "newest first" and time bounds cost no sort.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/search"
)

// Engine is the domain.Searcher over SQLite FTS5.
type Engine struct {
	write *sql.DB // the store's single writer connection: held briefly
	read  *sql.DB
	seg   *search.Segmenter
}

var _ domain.Searcher = (*Engine)(nil)

// New uses the store's writer and reader pools of the same database file.
func New(write, read *sql.DB, seg *search.Segmenter) *Engine {
	return &Engine{write: write, read: read, seg: seg}
}

// Facet tokens. Text tokens hold only letters and digits, so a token
// starting with '_' (a token character of this table only) is never one.
const (
	facetAll      = "_s"
	facetOriginal = "_o"
	facetRepost   = "_r"
	facetPic      = "_p"
	facetNoPic    = "_n"
)

func facetAuthor(uid int64) string { return "_u" + strconv.FormatInt(uid, 10) }
func facetApp(id int64) string     { return "_a" + strconv.FormatInt(id, 10) }
func facetProvince(p int) string   { return "_v" + strconv.Itoa(p) }
func facetCity(p, c int) string    { return "_c" + strconv.Itoa(p) + "x" + strconv.Itoa(c) }

// document is the indexed text of a status: its tokens and facets.
func (e *Engine) document(d domain.SearchDoc) (string, error) {
	toks, err := e.seg.IndexTokens(d.Text)
	if err != nil {
		return "", err
	}
	toks = append(toks, facetAll, facetAuthor(d.UserID))
	if d.AppID != 0 {
		toks = append(toks, facetApp(d.AppID))
	}
	if d.Repost {
		toks = append(toks, facetRepost)
	} else {
		toks = append(toks, facetOriginal)
	}
	if d.HasPic {
		toks = append(toks, facetPic)
	} else {
		toks = append(toks, facetNoPic)
	}
	if d.Province != 0 {
		toks = append(toks, facetProvince(d.Province))
		if d.City != 0 {
			toks = append(toks, facetCity(d.Province, d.City))
		}
	}
	return strings.Join(toks, " "), nil
}

// Index segments outside the transaction (the writer connection is the
// whole database's), then writes every document in one.
func (e *Engine) Index(ctx context.Context, docs []domain.SearchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		t, err := e.document(d)
		if err != nil {
			return err
		}
		texts[i] = t
	}
	return e.inTx(ctx, func(tx *sql.Tx) error {
		for i, d := range docs {
			if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO search_statuses (rowid, tokens) VALUES (?, ?)", d.ID, texts[i]); err != nil {
				return fmt.Errorf("search: index status %d: %w", d.ID, err)
			}
		}
		return nil
	})
}

func (e *Engine) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := e.write.BeginTx(ctx, nil)
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
	return e.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "DELETE FROM search_statuses WHERE rowid = ?", id); err != nil {
				return fmt.Errorf("search: remove status %d: %w", id, err)
			}
		}
		return nil
	})
}

var syntax = search.Syntax{
	Quote: func(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` },
	And:   "AND", Or: "OR",
}

// match builds the MATCH expression and the id bounds of q.
func (e *Engine) match(q domain.StatusSearch) (string, []any, error) {
	terms, err := e.seg.Terms(q.Words)
	if err != nil {
		return "", nil, err
	}
	var facets []string
	if len(terms) == 0 {
		facets = append(facets, facetAll)
	}
	if q.AuthorID != 0 {
		facets = append(facets, facetAuthor(q.AuthorID))
	}
	if q.AppID != 0 {
		facets = append(facets, facetApp(q.AppID))
	}
	switch q.Ori {
	case 1:
		facets = append(facets, facetOriginal)
	case 2:
		facets = append(facets, facetRepost)
	}
	switch q.Pic {
	case 1:
		facets = append(facets, facetPic)
	case 2:
		facets = append(facets, facetNoPic)
	}
	if q.Province != 0 {
		if q.City != 0 {
			facets = append(facets, facetCity(q.Province, q.City))
		} else {
			facets = append(facets, facetProvince(q.Province))
		}
	}
	where := "search_statuses MATCH ?"
	args := []any{search.Expr(terms, q.AnyWord, facets, syntax)}
	if q.SinceID > 0 {
		where += " AND rowid > ?"
		args = append(args, q.SinceID)
	}
	if q.MaxID > 0 {
		where += " AND rowid <= ?"
		args = append(args, q.MaxID)
	}
	return where, args, nil
}

// Search returns matching ids, newest first.
func (e *Engine) Search(ctx context.Context, q domain.StatusSearch) ([]int64, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	where, args, err := e.match(q)
	if err != nil {
		return nil, err
	}
	rows, err := e.read.QueryContext(ctx, "SELECT rowid FROM search_statuses WHERE "+where+" ORDER BY rowid DESC LIMIT ?",
		append(args, q.Limit)...)
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
	where, args, err := e.match(q)
	if err != nil {
		return 0, err
	}
	var n int
	err = e.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT rowid FROM search_statuses WHERE "+where+" LIMIT ?)",
		append(args, limit)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// Keywords: see domain.Searcher.
func (e *Engine) Keywords(_ context.Context, text string, n int) ([]string, error) {
	return e.seg.Keywords(text, n)
}

// Clear empties the index with FTS5's delete-all, which drops the index's
// pages instead of deleting row by row.
func (e *Engine) Clear(ctx context.Context) error {
	return e.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO search_statuses (search_statuses) VALUES ('delete-all')"); err != nil {
			return fmt.Errorf("search: clear: %w", err)
		}
		return nil
	})
}

const checkpointName = "rebuild_after"

// Checkpoint: see domain.Searcher.
func (e *Engine) Checkpoint(ctx context.Context) (int64, bool, error) {
	var id int64
	err := e.read.QueryRowContext(ctx, "SELECT value FROM search_state WHERE name = ?", checkpointName).Scan(&id)
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
	return e.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if ok {
			_, err = tx.ExecContext(ctx, `INSERT INTO search_state (name, value) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET value = excluded.value`, checkpointName, id)
		} else {
			_, err = tx.ExecContext(ctx, "DELETE FROM search_state WHERE name = ?", checkpointName)
		}
		if err != nil {
			return fmt.Errorf("search: set checkpoint: %w", err)
		}
		return nil
	})
}
