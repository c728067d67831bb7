package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
)

// Favourites (favorites.md): a user keeps statuses, newest first, each with
// at most two tags of their own. favourites_count moves in the same
// transaction as the favourite. A favourite outlives its status: one that
// was deleted, or that its owner no longer may see, is listed as a deleted
// status (as Weibo did), so the list's total and favourites_count agree.

// FavoriteView is a favourite as its owner sees it.
type FavoriteView struct {
	Status    *StatusView
	Tags      []domain.FavoriteTag
	CreatedAt time.Time
}

// FavoriteList is a page of favourites.
type FavoriteList struct {
	Items []*FavoriteView
	Total int
}

// FavoriteIDList is a page of favourites without their statuses.
type FavoriteIDList struct {
	Items []domain.Favorite
	Total int
}

// Favorites lists the viewer's favourites (tagID non-zero: those with that
// tag, which must be the viewer's).
func (s *Service) Favorites(ctx context.Context, v domain.Viewer, tagID int64, p domain.Page) (*FavoriteList, error) {
	favs, total, err := s.favorites(ctx, v, tagID, p)
	if err != nil {
		return nil, err
	}
	items, err := s.favoriteViews(ctx, v.UserID, favs)
	if err != nil {
		return nil, err
	}
	return &FavoriteList{Items: items, Total: total}, nil
}

// FavoriteIDs is Favorites without the statuses.
func (s *Service) FavoriteIDs(ctx context.Context, v domain.Viewer, tagID int64, p domain.Page) (*FavoriteIDList, error) {
	favs, total, err := s.favorites(ctx, v, tagID, p)
	if err != nil {
		return nil, err
	}
	return &FavoriteIDList{Items: favs, Total: total}, nil
}

func (s *Service) favorites(ctx context.Context, v domain.Viewer, tagID int64, p domain.Page) ([]domain.Favorite, int, error) {
	if tagID != 0 {
		if _, err := s.favoriteTag(ctx, s.store, v.UserID, tagID); err != nil {
			return nil, 0, err
		}
	}
	favs, total, err := s.store.Favorites(ctx, v.UserID, tagID, p)
	if err != nil {
		return nil, 0, fmt.Errorf("favorites: %w", err)
	}
	return favs, total, nil
}

// favoriteTag is the viewer's tag tagID; a tag that is not theirs is a bad tid.
func (s *Service) favoriteTag(ctx context.Context, r domain.Reader, uid, tagID int64) (*domain.FavoriteTag, error) {
	t, err := r.FavoriteTagByID(ctx, uid, tagID)
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, domain.BadParam("tid", "the id of one of your favourite tags", strconv.FormatInt(tagID, 10))
	}
	return t, err
}

// favoriteViews hydrates favourites; a status gone or hidden from the
// viewer is rendered as deleted.
func (s *Service) favoriteViews(ctx context.Context, viewer int64, favs []domain.Favorite) ([]*FavoriteView, error) {
	ids := make([]int64, len(favs))
	for i, f := range favs {
		ids[i] = f.StatusID
	}
	sts, err := s.statusesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	vs, err := s.views(ctx, viewer, sts, true)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]*StatusView, len(vs))
	for _, v := range vs {
		seen[v.Status.ID] = v
	}
	byID := make(map[int64]*domain.Status, len(sts))
	for _, st := range sts {
		byID[st.ID] = st
	}
	out := make([]*FavoriteView, len(favs))
	for i, f := range favs {
		sv := seen[f.StatusID]
		if sv == nil {
			gone := &domain.Status{ID: f.StatusID, Deleted: true, Text: DeletedStatusText}
			if st := byID[f.StatusID]; st != nil {
				gone.CreatedAt = st.CreatedAt
			}
			sv = &StatusView{Status: gone, Favorited: true}
		}
		out[i] = &FavoriteView{Status: sv, Tags: f.Tags, CreatedAt: f.CreatedAt}
	}
	return out, nil
}

// ShowFavorite is one of the viewer's favourites.
func (s *Service) ShowFavorite(ctx context.Context, v domain.Viewer, statusID int64) (*FavoriteView, error) {
	if statusID <= 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonStatusIDMissing, "status id is missing")
	}
	f, err := s.store.FavoriteOf(ctx, v.UserID, statusID)
	if err != nil {
		return nil, favoriteErr(err)
	}
	vs, err := s.favoriteViews(ctx, v.UserID, []domain.Favorite{*f})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// favoriteErr answers "no such favourite" as Weibo does: 20101.
func favoriteErr(err error) error {
	if domain.IsKind(err, domain.KindNotFound) {
		return domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, "target weibo is not a favourite")
	}
	return err
}

// CreateFavorite favourites a status the viewer may see. Favouriting it
// again returns the favourite unchanged (favorites.md §7).
func (s *Service) CreateFavorite(ctx context.Context, v domain.Viewer, statusID int64) (*FavoriteView, error) {
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := s.visibleStatus(ctx, tx, v.UserID, statusID); err != nil {
			return err
		}
		err := tx.AddFavorite(ctx, v.UserID, statusID, s.now())
		if domain.IsKind(err, domain.KindConflict) {
			return nil
		}
		if err != nil {
			return err
		}
		return tx.AddUserCounts(ctx, v.UserID, domain.UserCounts{Favourites: 1})
	})
	if err != nil {
		return nil, err
	}
	return s.ShowFavorite(ctx, v, statusID)
}

// DestroyFavorite removes one of the viewer's favourites and returns it as
// it was.
func (s *Service) DestroyFavorite(ctx context.Context, v domain.Viewer, statusID int64) (*FavoriteView, error) {
	fv, err := s.ShowFavorite(ctx, v, statusID)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.RemoveFavorite(ctx, v.UserID, statusID); err != nil {
			return err
		}
		return tx.AddUserCounts(ctx, v.UserID, domain.UserCounts{Favourites: -1})
	})
	if err != nil {
		return nil, favoriteErr(err)
	}
	fv.Status.Favorited = false
	return fv, nil
}

// DestroyFavorites removes those of statusIDs the viewer has favourited,
// in one transaction; ids that are not favourites are skipped. It fails
// with 20101 only when none of them is.
func (s *Service) DestroyFavorites(ctx context.Context, v domain.Viewer, statusIDs []int64) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		n := 0
		for _, id := range statusIDs {
			err := tx.RemoveFavorite(ctx, v.UserID, id)
			if domain.IsKind(err, domain.KindNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return favoriteErr(domain.E(domain.KindNotFound, domain.ReasonNone, ""))
		}
		return tx.AddUserCounts(ctx, v.UserID, domain.UserCounts{Favourites: -n})
	})
}

// FavoriteTags lists the viewer's favourite tags, most used first.
func (s *Service) FavoriteTags(ctx context.Context, v domain.Viewer, p domain.Page) ([]domain.FavoriteTag, int, error) {
	return s.store.FavoriteTags(ctx, v.UserID, p)
}

// CheckTagText validates one tag text (trimmed by the caller): 1 to
// MaxFavoriteTagLen characters of letters, digits, marks, inner spaces,
// '_', '-' and '·'. Anything else is 20703 Illegal tag name.
func CheckTagText(t string) error {
	n := utf8.RuneCountInString(t)
	if n == 0 || n > domain.MaxFavoriteTagLen || !utf8.ValidString(t) || t != strings.TrimSpace(t) {
		return domain.E(domain.KindInvalid, domain.ReasonTagIllegal, "illegal tag name")
	}
	for _, r := range t {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r), r == ' ', r == '_', r == '-', r == '·':
		default:
			return domain.E(domain.KindInvalid, domain.ReasonTagIllegal, "illegal tag name")
		}
	}
	return nil
}

// UpdateFavoriteTags replaces the tags of one of the viewer's favourites
// with texts (at most two; none clears them). Texts the viewer has no tag
// for yet become new tags.
func (s *Service) UpdateFavoriteTags(ctx context.Context, v domain.Viewer, statusID int64, texts []string) (*FavoriteView, error) {
	if statusID <= 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonStatusIDMissing, "status id is missing")
	}
	if len(texts) > domain.MaxFavoriteTags {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTagTooMany, "a favourite holds at most two tags")
	}
	seen := map[string]bool{}
	for _, t := range texts {
		if err := CheckTagText(t); err != nil {
			return nil, err
		}
		k := strings.ToLower(t)
		if seen[k] {
			return nil, domain.E(domain.KindInvalid, domain.ReasonTagRepeated, "repeated tag text")
		}
		seen[k] = true
	}
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		if _, err := tx.FavoriteOf(ctx, v.UserID, statusID); err != nil {
			return favoriteErr(err)
		}
		have, err := tx.FavoriteTagsByText(ctx, v.UserID, texts)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(texts))
		for _, t := range texts {
			if ft, ok := have[t]; ok {
				ids = append(ids, ft.ID)
				continue
			}
			ft := domain.FavoriteTag{ID: s.ids.Next(), UserID: v.UserID, Tag: t}
			if err := tx.CreateFavoriteTag(ctx, ft); err != nil {
				return err
			}
			ids = append(ids, ft.ID)
		}
		return tx.SetFavoriteTags(ctx, v.UserID, statusID, ids)
	})
	if err != nil {
		return nil, err
	}
	return s.ShowFavorite(ctx, v, statusID)
}

// RenameFavoriteTag gives one of the viewer's tags a new text, on every
// favourite that carries it.
func (s *Service) RenameFavoriteTag(ctx context.Context, v domain.Viewer, tagID int64, text string) (*domain.FavoriteTag, error) {
	if err := CheckTagText(text); err != nil {
		return nil, err
	}
	var out *domain.FavoriteTag
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := s.favoriteTag(ctx, tx, v.UserID, tagID); err != nil {
			return err
		}
		err := tx.RenameFavoriteTag(ctx, v.UserID, tagID, text)
		if domain.IsKind(err, domain.KindConflict) {
			return domain.E(domain.KindInvalid, domain.ReasonTagRepeated, "another favourite tag has this text")
		}
		if err != nil {
			return err
		}
		out, err = tx.FavoriteTagByID(ctx, v.UserID, tagID)
		return err
	})
	return out, err
}

// DeleteFavoriteTag removes one of the viewer's tags from every favourite.
func (s *Service) DeleteFavoriteTag(ctx context.Context, v domain.Viewer, tagID int64) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := s.favoriteTag(ctx, tx, v.UserID, tagID); err != nil {
			return err
		}
		return tx.DeleteFavoriteTag(ctx, v.UserID, tagID)
	})
}

// hotFavoritesWindow is how far back suggestions/favorites/hot counts
// favourites: what people keep this week.
const hotFavoritesWindow = 7 * 24 * time.Hour

// HotFavorites lists the public statuses favourited most in the last
// week, as the viewer may see them (blocks apply).
func (s *Service) HotFavorites(ctx context.Context, viewer int64, p domain.Page) ([]*StatusView, error) {
	ids, err := s.store.MostFavoritedIDs(ctx, s.now().Add(-hotFavoritesWindow), p)
	if err != nil {
		return nil, fmt.Errorf("hot favorites: %w", err)
	}
	sts, err := s.statusesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	return s.views(ctx, viewer, sts, true)
}
