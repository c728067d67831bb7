package sqlstore

import (
	"context"
	"fmt"

	"github.com/weibo-server/weibo/internal/domain"
)

const shortURLCols = "id, code, url_long, clicks, created_at"

func scanShortURL(sc interface{ Scan(...any) error }) (*domain.ShortURL, error) {
	var u domain.ShortURL
	var created int64
	if err := sc.Scan(&u.ID, &u.Code, &u.Long, &u.Clicks, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMillis(created)
	return &u, nil
}

func (r *reads) ShortURLsByCode(ctx context.Context, codes []string) (map[string]*domain.ShortURL, error) {
	out := map[string]*domain.ShortURL{}
	vals := uniqueStrings(codes)
	for len(vals) > 0 {
		part := vals[:min(len(vals), maxBatch)]
		vals = vals[len(part):]
		rows, err := r.c.query(ctx, "SELECT "+shortURLCols+" FROM short_urls WHERE code IN ("+placeholders(len(part))+")", part...)
		if err != nil {
			return nil, dbErr(err, "short urls", "")
		}
		for rows.Next() {
			u, err := scanShortURL(rows)
			if err != nil {
				rows.Close()
				return nil, dbErr(err, "short urls", "")
			}
			out[u.Code] = u
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, dbErr(err, "short urls", "")
		}
	}
	return out, nil
}

func (r *reads) ShortURLByLong(ctx context.Context, long string) (*domain.ShortURL, error) {
	u, err := scanShortURL(r.c.queryRow(ctx, "SELECT "+shortURLCols+" FROM short_urls WHERE url_long = ?", long))
	if err != nil {
		return nil, dbErr(err, "short url by long", "")
	}
	return u, nil
}

func (r *reads) clickCounts(ctx context.Context, what, query string, args ...any) ([]domain.ClickCount, error) {
	rows, err := r.c.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err, what, "")
	}
	defer rows.Close()
	var out []domain.ClickCount
	for rows.Next() {
		var c domain.ClickCount
		if err := rows.Scan(&c.Key, &c.Province, &c.Clicks); err != nil {
			return nil, dbErr(err, what, "")
		}
		out = append(out, c)
	}
	return out, dbErr(rows.Err(), what, "")
}

func (r *reads) ClickReferers(ctx context.Context, urlID int64, limit int) ([]domain.ClickCount, error) {
	return r.clickCounts(ctx, "click referers", `SELECT referer, 0, clicks FROM short_url_referers WHERE url_id = ?
		ORDER BY clicks DESC, referer LIMIT ?`, urlID, limit)
}

func (r *reads) ClickLocations(ctx context.Context, urlID int64, limit int) ([]domain.ClickCount, error) {
	return r.clickCounts(ctx, "click locations", `SELECT location, province, clicks FROM short_url_locations WHERE url_id = ?
		ORDER BY clicks DESC, location LIMIT ?`, urlID, limit)
}

// linkArms is one index arm per URL; pageOf's UNION keeps an item holding
// two of them (a short link and its long URL) once.
func linkArms(urls []string) []arm {
	var arms []arm
	for _, u := range uniqueStrings(urls) {
		arms = append(arms, arm{"l.url = ?", []any{u}})
	}
	return arms
}

func (r *reads) LinkStatusIDs(ctx context.Context, urls []string, q domain.StatusQuery) ([]int64, int, error) {
	arms := linkArms(urls)
	if len(arms) == 0 {
		return nil, 0, nil
	}
	return r.statusTimeline(ctx, "link statuses", "status_links l JOIN statuses s ON s.id = l.status_id", arms, "l.status_id", q, true)
}

func (r *reads) LinkCommentIDs(ctx context.Context, urls []string, q domain.CommentQuery) ([]int64, int, error) {
	arms := linkArms(urls)
	if len(arms) == 0 {
		return nil, 0, nil
	}
	return r.commentTimeline(ctx, "link comments", "comment_links l JOIN comments c ON c.id = l.comment_id JOIN statuses s ON s.id = c.status_id",
		arms, "", nil, "l.comment_id", q)
}

func (t *tx) CreateShortURL(ctx context.Context, u domain.ShortURL) (*domain.ShortURL, error) {
	// Only the long URL may collide quietly: a code or id in use is the
	// generator's problem (ErrIDTaken), not the client's.
	if _, err := t.c.exec(ctx, `INSERT INTO short_urls (id, code, url_long, clicks, created_at) VALUES (?, ?, ?, 0, ?)
		ON CONFLICT (url_long) DO NOTHING`, u.ID, u.Code, u.Long, toMillis(u.CreatedAt)); err != nil {
		if isUniqueViolation(err) {
			// The code is made from the id: a taken code is a taken id.
			return nil, &domain.Error{Kind: domain.KindInternal, Msg: "create short url: generated code already in use",
				Err: fmt.Errorf("%w: %w", domain.ErrIDTaken, err)}
		}
		return nil, newRowErr(err, "create short url")
	}
	return t.ShortURLByLong(ctx, u.Long)
}

func (t *tx) AddClick(ctx context.Context, urlID int64, c domain.Click) error {
	res, err := t.c.exec(ctx, "UPDATE short_urls SET clicks = clicks + 1 WHERE id = ?", urlID)
	if err != nil {
		return dbErr(err, "add click", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("add click", "")
	}
	ref, loc := c.Referer, c.Location
	// Past MaxClickSources distinct values a new one counts as "other".
	n, err := t.c.count(ctx, "SELECT COUNT(*) FROM short_url_referers WHERE url_id = ?", urlID)
	if err != nil {
		return dbErr(err, "add click", "")
	}
	if n >= domain.MaxClickSources {
		if k, err := t.c.count(ctx, "SELECT COUNT(*) FROM short_url_referers WHERE url_id = ? AND referer = ?", urlID, ref); err != nil {
			return dbErr(err, "add click", "")
		} else if k == 0 {
			ref = domain.ClickOther
		}
	}
	if _, err := t.c.exec(ctx, `INSERT INTO short_url_referers (url_id, referer, clicks) VALUES (?, ?, 1)
		ON CONFLICT (url_id, referer) DO UPDATE SET clicks = short_url_referers.clicks + 1`, urlID, ref); err != nil {
		return dbErr(err, "add click", "")
	}
	// Locations are bounded by the regions the geo table names.
	if _, err := t.c.exec(ctx, `INSERT INTO short_url_locations (url_id, location, province, clicks) VALUES (?, ?, ?, 1)
		ON CONFLICT (url_id, location) DO UPDATE SET clicks = short_url_locations.clicks + 1`, urlID, loc, c.Province); err != nil {
		return dbErr(err, "add click", "")
	}
	return nil
}

func (t *tx) AddCommentLinks(ctx context.Context, commentID int64, urls []string) error {
	return dbErr(t.insertPairs(ctx, "comment_links (comment_id, url)", commentID, uniqueStrings(urls)), "add comment links", "")
}
