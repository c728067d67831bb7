package domain

import (
	"context"
	"time"
)

// ShortURL is a short link this server made for a long URL (short_url.md):
// one per long URL, served as a redirect on the server's own host. Clicks
// counts the redirects it served.
type ShortURL struct {
	ID        int64
	Code      string
	Long      string
	Clicks    int
	CreatedAt time.Time
}

// Click is one redirect served: where from (the referring site, "" for
// none) and where to (the region of the client's address).
type Click struct {
	Referer  string
	Location string
	Province int // Weibo's province code, 0 when unknown
}

// ClickCount is how many clicks came from one referer or one location.
type ClickCount struct {
	Key      string // the referer or the location
	Province int    // for a location
	Clicks   int
}

// Short link limits: the longest URL kept, and how many distinct referers
// and locations one link keeps before counting the rest under "other"
// (a client chooses its Referer: the table must not grow without bound).
const (
	MaxLongURLLen   = 2000
	MaxClickSources = 500
	ClickOther      = "其他" // the referer or location of the clicks past the bound, or unknown
)

// ShortURLReader reads short links and what links are in.
type ShortURLReader interface {
	// ShortURLsByCode maps each of codes that names a link to it.
	ShortURLsByCode(ctx context.Context, codes []string) (map[string]*ShortURL, error)
	// ShortURLByLong returns the link of that exact long URL, or KindNotFound.
	ShortURLByLong(ctx context.Context, long string) (*ShortURL, error)
	// ClickReferers lists a link's referers, most clicks first, at most limit.
	ClickReferers(ctx context.Context, urlID int64, limit int) ([]ClickCount, error)
	// ClickLocations lists a link's locations, most clicks first, at most limit.
	ClickLocations(ctx context.Context, urlID int64, limit int) ([]ClickCount, error)
	// LinkStatusIDs: statuses whose text holds any of urls, as q selects
	// them (a page of Count 0 only counts).
	LinkStatusIDs(ctx context.Context, urls []string, q StatusQuery) (ids []int64, total int, err error)
	// LinkCommentIDs: comments whose text holds any of urls, as q selects
	// them (a page of Count 0 only counts).
	LinkCommentIDs(ctx context.Context, urls []string, q CommentQuery) (ids []int64, total int, err error)
}

// ShortURLWriter makes short links and counts their clicks.
type ShortURLWriter interface {
	// CreateShortURL stores u unless its long URL has a link already;
	// either way it returns the link of u.Long.
	CreateShortURL(ctx context.Context, u ShortURL) (*ShortURL, error)
	// AddClick counts one click of link urlID.
	AddClick(ctx context.Context, urlID int64, c Click) error
	// AddCommentLinks records the links a comment's text holds.
	AddCommentLinks(ctx context.Context, commentID int64, urls []string) error
}
