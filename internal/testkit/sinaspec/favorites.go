package sinaspec

import "fmt"

// Favorite is objects.md §9.
type Favorite struct {
	Status        *Status       `json:"status"`
	Tags          []FavoriteTag `json:"tags"`
	FavoritedTime string        `json:"favorited_time"`
}

// Validate checks the date and the tag limit (max 2 per favourite).
func (f *Favorite) Validate() error {
	if len(f.Tags) > 2 {
		return fmt.Errorf("favourite has %d tags, at most 2", len(f.Tags))
	}
	return checkDate("favorited_time", f.FavoritedTime)
}

// FavoriteTag is objects.md §10; count may be absent inside a favourite.
type FavoriteTag struct {
	ID    int64  `json:"id"`
	Tag   string `json:"tag"`
	Count int    `json:"count" spec:"optional"`
}

// CountedTag is a favourite tag as favorites/tags lists it: with its count.
type CountedTag struct {
	ID    int64  `json:"id"`
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// Favorites is the favourite list envelope F.
type Favorites struct {
	Favorites   []Favorite `json:"favorites"`
	TotalNumber int        `json:"total_number"`
}

// FavoriteID is one entry of FI: the status as its numeric id.
type FavoriteID struct {
	Status        int64         `json:"status"`
	Tags          []FavoriteTag `json:"tags"`
	FavoritedTime string        `json:"favorited_time"`
}

// Validate checks the date.
func (f *FavoriteID) Validate() error { return checkDate("favorited_time", f.FavoritedTime) }

// FavoriteIDs is the favourite id list envelope FI.
type FavoriteIDs struct {
	Favorites   []FavoriteID `json:"favorites"`
	TotalNumber int          `json:"total_number"`
}

// FavoriteTags is favorites/tags.
type FavoriteTags struct {
	Tags        []CountedTag `json:"tags"`
	TotalNumber int          `json:"total_number"`
}

// Result is the small record {"result": true}.
type Result struct {
	Result bool `json:"result"`
}

// UserRank is users/show_rank (objects.md §16).
type UserRank struct {
	UID  int64 `json:"uid"`
	Rank int   `json:"rank"`
}

// Emotion is objects.md §14 (the later form, with hot and common).
type Emotion struct {
	Phrase   string `json:"phrase"`
	Type     string `json:"type"`
	URL      string `json:"url"`
	Hot      bool   `json:"hot"`
	Common   bool   `json:"common"`
	Category string `json:"category"`
	Icon     string `json:"icon"`
	Value    string `json:"value"`
	Picid    string `json:"picid"`
}

// Validate checks that value repeats the phrase and that the phrase is a [code].
func (e *Emotion) Validate() error {
	if e.Value != e.Phrase || len(e.Phrase) < 3 || e.Phrase[0] != '[' || e.Phrase[len(e.Phrase)-1] != ']' {
		return fmt.Errorf("emotion phrase %q, value %q", e.Phrase, e.Value)
	}
	return nil
}
