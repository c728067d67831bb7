package sinaspec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// StatusTag is a label as statuses/tags lists it (tags.md A1: inferred,
// as favorites/tags).
type StatusTag struct {
	ID    int64  `json:"id"`
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// StatusTags is statuses/tags.
type StatusTags struct {
	Tags        []StatusTag `json:"tags"`
	TotalNumber int         `json:"total_number"`
}

// NewStatusTag is statuses/tags/create (A4: {"id", "tag"}).
type NewStatusTag struct {
	ID  int64  `json:"id"`
	Tag string `json:"tag"`
}

// StatusTagsBatch is statuses/tags/show_batch (A2).
type StatusTagsBatch struct {
	Result []struct {
		StatusID int64    `json:"status_id"`
		Tags     []string `json:"tags"`
	} `json:"result"`
}

// RenamedStatusTag is statuses/tags/update (A6: {"result": true} or the
// renamed tag; the server sends both, the result being what A6 requires).
type RenamedStatusTag struct {
	Result bool   `json:"result"`
	ID     int64  `json:"id" spec:"optional"`
	Tag    string `json:"tag" spec:"optional"`
}

// TaggedStatus is the lighter status of statuses/update_tags (A7): the
// fields seen there, uid instead of user, and tags.
type TaggedStatus struct {
	CreatedAt           string          `json:"created_at"`
	ID                  int64           `json:"id"`
	Mid                 string          `json:"mid"`
	IDStr               string          `json:"idstr"`
	Text                string          `json:"text"`
	Source              string          `json:"source"`
	Favorited           bool            `json:"favorited"`
	Truncated           bool            `json:"truncated"`
	InReplyToStatusID   string          `json:"in_reply_to_status_id"`
	InReplyToUserID     string          `json:"in_reply_to_user_id"`
	InReplyToScreenName string          `json:"in_reply_to_screen_name"`
	Geo                 *Geo            `json:"geo"`
	UID                 int64           `json:"uid"`
	RepostsCount        int             `json:"reposts_count"`
	CommentsCount       int             `json:"comments_count"`
	AttitudesCount      int             `json:"attitudes_count"`
	Mlevel              int             `json:"mlevel"`
	Visible             Visible         `json:"visible"`
	Tags                []string        `json:"tags"`
	PicURLs             []PicURL        `json:"pic_urls" spec:"optional"`
	PicIDs              []string        `json:"pic_ids" spec:"optional"`
	ThumbnailPic        string          `json:"thumbnail_pic" spec:"optional"`
	BmiddlePic          string          `json:"bmiddle_pic" spec:"optional"`
	OriginalPic         string          `json:"original_pic" spec:"optional"`
	Annotations         json.RawMessage `json:"annotations" spec:"optional"`
}

// Validate checks the date and the ids.
func (s *TaggedStatus) Validate() error {
	if len(s.Tags) > 5 {
		return fmt.Errorf("status has %d tags, at most 5", len(s.Tags))
	}
	if err := checkIDStr(s.ID, s.IDStr); err != nil {
		return err
	}
	return checkDate("created_at", s.CreatedAt)
}

// UserTag is a user tag element (tags.md B1, B2): exactly one key named
// after the tag id, a string of digits, holding the text, and "weight".
type UserTag struct {
	ID     int64  `json:"-"`
	Tag    string `json:"-"`
	Weight int    `json:"-"`
}

// UnmarshalJSON reads the dynamic key.
func (t *UserTag) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	w, ok := m["weight"]
	if !ok {
		return fmt.Errorf("user tag %s: no weight", b)
	}
	dec := json.NewDecoder(bytes.NewReader(w))
	dec.UseNumber()
	var n json.Number
	if err := dec.Decode(&n); err != nil {
		return fmt.Errorf("user tag %s: weight: %w", b, err)
	}
	weight, err := strconv.Atoi(n.String())
	if err != nil {
		return fmt.Errorf("user tag %s: weight is not an integer", b)
	}
	t.Weight = weight
	delete(m, "weight")
	if len(m) != 1 {
		return fmt.Errorf("user tag %s: want one id key beside weight, got %d", b, len(m))
	}
	for k, v := range m {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("user tag %s: key %q is not a tag id", b, k)
		}
		t.ID = id
		if err := json.Unmarshal(v, &t.Tag); err != nil {
			return fmt.Errorf("user tag %s: the text is not a string", b)
		}
	}
	return nil
}

// UserTagsOf is one entry of tags/tags_batch (B2).
type UserTagsOf struct {
	ID   int64     `json:"id"`
	Tags []UserTag `json:"tags"`
}

// TagSuggestion is one entry of tags/suggestions (B3: explicit keys, the id
// a string).
type TagSuggestion struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// TagID is one entry of tags/create and tags/destroy_batch (B4, B6).
type TagID struct {
	TagID int64 `json:"tagid"`
}
