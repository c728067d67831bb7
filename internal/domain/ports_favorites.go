package domain

import (
	"context"
	"time"
)

// Favorite is a status a user keeps (favorites.md): keyed by (UserID,
// StatusID), with at most MaxFavoriteTags tags of the user's own.
type Favorite struct {
	UserID    int64
	StatusID  int64
	CreatedAt time.Time
	Tags      []FavoriteTag // in tag id order
}

// FavoriteTag is one of a user's favourite tags. Count is how many of the
// user's favourites carry it (filled where the port says).
type FavoriteTag struct {
	ID     int64
	UserID int64
	Tag    string
	Count  int
}

// Favourite limits (favorites.md): tags per favourite, runes per tag text.
const (
	MaxFavoriteTags   = 2
	MaxFavoriteTagLen = 20
)

// FavoriteReader is what the core reads of favourites.
type FavoriteReader interface {
	// FavoriteOf returns userID's favourite of statusID with its tags, or
	// KindNotFound.
	FavoriteOf(ctx context.Context, userID, statusID int64) (*Favorite, error)
	// Favorites lists userID's favourites, newest first, with their tags;
	// tagID non-zero keeps those carrying that tag. p's Count and Page
	// apply (its id bounds do not: favourites are ordered by time). total
	// counts every match.
	Favorites(ctx context.Context, userID, tagID int64, p Page) (favs []Favorite, total int, err error)
	// FavoritedAmong reports which of statusIDs userID has favourited (a nil
	// map, read as all false, when none).
	FavoritedAmong(ctx context.Context, userID int64, statusIDs []int64) (map[int64]bool, error)
	// FavoriteStatusIDs lists up to limit of userID's favourited status ids,
	// newest favourite first (a cache loads a viewer's whole set with it).
	FavoriteStatusIDs(ctx context.Context, userID int64, limit int) ([]int64, error)
	// FavoriteTags lists userID's tags with their Count, most used first
	// (ties: newest tag first), within p's Count and Page; total counts them.
	FavoriteTags(ctx context.Context, userID int64, p Page) (tags []FavoriteTag, total int, err error)
	// FavoriteTagByID returns one of userID's tags (Count filled), or
	// KindNotFound.
	FavoriteTagByID(ctx context.Context, userID, tagID int64) (*FavoriteTag, error)
	// FavoriteTagsByText maps each of texts that names one of userID's tags
	// (compared case-insensitively) to it, keyed by the text as given.
	FavoriteTagsByText(ctx context.Context, userID int64, texts []string) (map[string]FavoriteTag, error)
	// MostFavoritedIDs lists the public statuses (not deleted) favourited
	// most often at or after since, most first (ties: newest status
	// first), within p (its id bounds apply to the statuses).
	MostFavoritedIDs(ctx context.Context, since time.Time, p Page) ([]int64, error)
}

// FavoriteWriter is what the core changes of favourites. The caller keeps
// the user's favourites_count (AddUserCounts) in the same transaction.
type FavoriteWriter interface {
	// AddFavorite records the favourite; KindConflict when it exists.
	AddFavorite(ctx context.Context, userID, statusID int64, at time.Time) error
	// RemoveFavorite deletes the favourite and its tag links, and drops the
	// user's tags no favourite carries any more; KindNotFound when absent.
	RemoveFavorite(ctx context.Context, userID, statusID int64) error
	// CreateFavoriteTag adds a tag (t.ID chosen by the caller); KindConflict
	// when the user has a tag of that text (case-insensitively).
	CreateFavoriteTag(ctx context.Context, t FavoriteTag) error
	// SetFavoriteTags replaces the tags of a favourite with tagIDs (the
	// user's own) and drops the user's tags left on no favourite;
	// KindNotFound when there is no such favourite.
	SetFavoriteTags(ctx context.Context, userID, statusID int64, tagIDs []int64) error
	// RenameFavoriteTag changes a tag's text; KindNotFound when the user has
	// no such tag, KindConflict when another of theirs has the text.
	RenameFavoriteTag(ctx context.Context, userID, tagID int64, text string) error
	// DeleteFavoriteTag removes the tag from every favourite and deletes it;
	// KindNotFound when the user has no such tag.
	DeleteFavoriteTag(ctx context.Context, userID, tagID int64) error
}
