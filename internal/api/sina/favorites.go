package sina

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// favorites.md: twelve endpoints over the core's favourites.
func (a *API) favoriteRoutes() []route {
	return []route{
		{path: "favorites", methods: "GET", rate: core.RateGeneral, params: favPagePs, h: a.favorites},
		{path: "favorites/ids", methods: "GET", rate: core.RateGeneral, params: favPagePs, h: a.favoriteIDs},
		{path: "favorites/show", methods: "GET", rate: core.RateGeneral, params: ps(pStatusID), h: a.favoriteShow},
		{path: "favorites/by_tags", methods: "GET", rate: core.RateGeneral, params: ps(pTID, favPagePs), h: a.favoritesByTag},
		{path: "favorites/by_tags/ids", methods: "GET", rate: core.RateGeneral, params: ps(pTID, favPagePs), h: a.favoriteIDsByTag},
		{path: "favorites/tags", methods: "GET", rate: core.RateGeneral, params: favPagePs, h: a.favoriteTags},
		{path: "favorites/create", methods: "POST", rate: core.RateGeneral, params: ps(pStatusID), h: a.favoriteCreate},
		{path: "favorites/destroy", methods: "POST", rate: core.RateGeneral, params: ps(pStatusID), h: a.favoriteDestroy},
		{path: "favorites/destroy_batch", methods: "POST", rate: core.RateGeneral, params: ps(apiutil.P("ids", apiutil.KindIDs).Of("status").Req()), h: a.favoriteDestroyBatch},
		{path: "favorites/tags/update", methods: "POST", rate: core.RateGeneral, params: ps(pStatusID, apiutil.P("tags", apiutil.KindList)), h: a.favoriteTagsUpdate},
		{path: "favorites/tags/update_batch", methods: "POST", rate: core.RateGeneral, params: ps(pTID, apiutil.P("tag", apiutil.KindText).Req()), h: a.favoriteTagRename},
		{path: "favorites/tags/destroy_batch", methods: "POST", rate: core.RateGeneral, params: ps(pTID), h: a.favoriteTagDestroy},
	}
}

var (
	// favPagePs are favPage's parameters: the favourite lists page by
	// count and page only.
	favPagePs = []apiutil.ParamInfo{apiutil.P("count", apiutil.KindCount), apiutil.P("page", apiutil.KindPage)}
	pTID      = apiutil.P("tid", apiutil.KindID).Of("favorite_tag").Req()
)

// Favorite is objects.md §9.
type Favorite struct {
	Status        *Status       `json:"status"`
	Tags          []FavoriteTag `json:"tags"`
	FavoritedTime string        `json:"favorited_time"`
}

// FavoriteTag is objects.md §10; Count is left out inside a favourite.
type FavoriteTag struct {
	ID    int64  `json:"id"`
	Tag   string `json:"tag"`
	Count *int   `json:"count,omitempty"`
}

// Favorites is the envelope F.
type Favorites struct {
	Favorites   []*Favorite `json:"favorites"`
	TotalNumber int         `json:"total_number"`
}

// FavoriteID is one entry of the envelope FI: the status as its id.
type FavoriteID struct {
	Status        int64         `json:"status"`
	Tags          []FavoriteTag `json:"tags"`
	FavoritedTime string        `json:"favorited_time"`
}

// FavoriteIDs is the envelope FI.
type FavoriteIDs struct {
	Favorites   []FavoriteID `json:"favorites"`
	TotalNumber int          `json:"total_number"`
}

// FavoriteTags is favorites/tags.
type FavoriteTags struct {
	Tags        []FavoriteTag `json:"tags"`
	TotalNumber int           `json:"total_number"`
}

func favTags(ts []domain.FavoriteTag) []FavoriteTag {
	out := make([]FavoriteTag, len(ts))
	for i, t := range ts {
		out[i] = FavoriteTag{ID: t.ID, Tag: t.Tag}
	}
	return out
}

func (a *API) favorite(v *core.FavoriteView, m *pageMemo) *Favorite {
	return &Favorite{Status: a.renderStatus(v.Status, renderOpts{}, m), Tags: favTags(v.Tags), FavoritedTime: a.fmtTime(v.CreatedAt)}
}

// favPage reads count (default def, at most 200, inferred) and page; the
// favourite lists document no id bounds.
func favPage(p apiutil.Params, def int) (domain.Page, error) {
	count, err := p.Int("count", def, 1, 200)
	if err != nil {
		return domain.Page{}, err
	}
	page, err := p.IntIn("page", 1, 1, apiutil.MaxPage)
	if err != nil {
		return domain.Page{}, err
	}
	return domain.Page{Count: count, Page: page}.Bounded(), nil
}

// readTID reads the required tag id.
func readTID(p apiutil.Params) (int64, error) {
	tid, err := p.RequiredInt64("tid")
	if err == nil && tid <= 0 {
		err = domain.BadParam("tid", "a favourite tag id", p.String("tid"))
	}
	return tid, err
}

// readFavID reads the required favourite (status) id: missing is 20109.
func readFavID(p apiutil.Params) (int64, error) {
	if !p.Has("id") {
		return 0, domain.E(domain.KindInvalid, domain.ReasonStatusIDMissing, "weibo id is null")
	}
	id, err := p.Int64("id", 0)
	if err == nil && id <= 0 {
		err = domain.BadParam("id", "a status id", p.String("id"))
	}
	return id, err
}

func (a *API) favoriteList(ctx context.Context, c *call, tagID int64) (any, error) {
	pg, err := favPage(c.p, 50)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.Favorites(ctx, c.v, tagID, pg)
	if err != nil {
		return nil, err
	}
	out := &Favorites{Favorites: make([]*Favorite, len(l.Items)), TotalNumber: l.Total}
	var m pageMemo
	for i, it := range l.Items {
		out.Favorites[i] = a.favorite(it, &m)
	}
	return out, nil
}

func (a *API) favoriteIDList(ctx context.Context, c *call, tagID int64) (any, error) {
	pg, err := favPage(c.p, 50)
	if err != nil {
		return nil, err
	}
	l, err := a.svc.FavoriteIDs(ctx, c.v, tagID, pg)
	if err != nil {
		return nil, err
	}
	out := &FavoriteIDs{Favorites: make([]FavoriteID, len(l.Items)), TotalNumber: l.Total}
	for i, f := range l.Items {
		out.Favorites[i] = FavoriteID{Status: f.StatusID, Tags: favTags(f.Tags), FavoritedTime: a.fmtTime(f.CreatedAt)}
	}
	return out, nil
}

func (a *API) favorites(ctx context.Context, c *call) (any, error) { return a.favoriteList(ctx, c, 0) }

func (a *API) favoriteIDs(ctx context.Context, c *call) (any, error) {
	return a.favoriteIDList(ctx, c, 0)
}

func (a *API) favoritesByTag(ctx context.Context, c *call) (any, error) {
	tid, err := readTID(c.p)
	if err != nil {
		return nil, err
	}
	return a.favoriteList(ctx, c, tid)
}

func (a *API) favoriteIDsByTag(ctx context.Context, c *call) (any, error) {
	tid, err := readTID(c.p)
	if err != nil {
		return nil, err
	}
	return a.favoriteIDList(ctx, c, tid)
}

func (a *API) favoriteShow(ctx context.Context, c *call) (any, error) {
	id, err := readFavID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.ShowFavorite(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.favorite(v, nil), nil
}

func (a *API) favoriteTags(ctx context.Context, c *call) (any, error) {
	pg, err := favPage(c.p, 10)
	if err != nil {
		return nil, err
	}
	tags, total, err := a.svc.FavoriteTags(ctx, c.v, pg)
	if err != nil {
		return nil, err
	}
	out := &FavoriteTags{Tags: make([]FavoriteTag, len(tags)), TotalNumber: total}
	for i, t := range tags {
		n := t.Count
		out.Tags[i] = FavoriteTag{ID: t.ID, Tag: t.Tag, Count: &n}
	}
	return out, nil
}

func (a *API) favoriteCreate(ctx context.Context, c *call) (any, error) {
	id, err := readFavID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.CreateFavorite(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.favorite(v, nil), nil
}

func (a *API) favoriteDestroy(ctx context.Context, c *call) (any, error) {
	id, err := readFavID(c.p)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DestroyFavorite(ctx, c.v, id)
	if err != nil {
		return nil, err
	}
	return a.favorite(v, nil), nil
}

// maxFavoriteBatch is destroy_batch's limit (favorites.md §9).
const maxFavoriteBatch = 10

func (a *API) favoriteDestroyBatch(ctx context.Context, c *call) (any, error) {
	if !c.p.Has("ids") {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsEmpty, "ids is null")
	}
	ids, err := c.p.Int64List("ids", maxFavoriteBatch)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DestroyFavorites(ctx, c.v, ids); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}

// readTagTexts reads a comma list of tag texts, each trimmed; an empty
// element is an illegal tag. More than limit is 20702; the same text twice
// is the core's 20701. The list is never longer than the parameter, which
// the reader bounds.
func readTagTexts(p apiutil.Params, name string, limit int) ([]string, error) {
	raw := strings.TrimSpace(p.String(name))
	if raw == "" {
		return nil, nil
	}
	parts := strings.Split(raw, ",")
	if len(parts) > limit {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTagTooMany, "too many tags")
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts, nil
}

func (a *API) favoriteTagsUpdate(ctx context.Context, c *call) (any, error) {
	id, err := readFavID(c.p)
	if err != nil {
		return nil, err
	}
	tags, err := readTagTexts(c.p, "tags", domain.MaxFavoriteTags)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.UpdateFavoriteTags(ctx, c.v, id, tags)
	if err != nil {
		return nil, err
	}
	return a.favorite(v, nil), nil
}

func (a *API) favoriteTagRename(ctx context.Context, c *call) (any, error) {
	tid, err := readTID(c.p)
	if err != nil {
		return nil, err
	}
	tag, err := c.p.RequiredString("tag")
	if err != nil {
		return nil, err
	}
	t, err := a.svc.RenameFavoriteTag(ctx, c.v, tid, strings.TrimSpace(tag))
	if err != nil {
		return nil, err
	}
	return FavoriteTag{ID: t.ID, Tag: t.Tag}, nil
}

func (a *API) favoriteTagDestroy(ctx context.Context, c *call) (any, error) {
	tid, err := readTID(c.p)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DeleteFavoriteTag(ctx, c.v, tid); err != nil {
		return nil, err
	}
	return map[string]bool{"result": true}, nil
}
