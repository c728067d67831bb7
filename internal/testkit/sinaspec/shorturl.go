package sinaspec

// ShortURL is one entry of short_url/shorten and expand (short_url.md §1-2).
type ShortURL struct {
	URLShort string `json:"url_short"`
	URLLong  string `json:"url_long"`
	Type     int    `json:"type"`
	Result   bool   `json:"result"`
}

// ShortURLs is the envelope of shorten and expand.
type ShortURLs struct {
	URLs []ShortURL `json:"urls"`
}

// ShortURLClicks is short_url/clicks (§3).
type ShortURLClicks struct {
	URLs []struct {
		URLShort string `json:"url_short"`
		URLLong  string `json:"url_long"`
		Clicks   int    `json:"clicks"`
	} `json:"urls"`
}

// ShortURLReferers is short_url/referers (§4).
type ShortURLReferers struct {
	URLShort string `json:"url_short"`
	URLLong  string `json:"url_long"`
	Referers []struct {
		Referer string `json:"referer"`
		Clicks  int    `json:"clicks"`
	} `json:"referers"`
}

// ShortURLLocations is short_url/locations (§5).
type ShortURLLocations struct {
	URLShort  string `json:"url_short"`
	URLLong   string `json:"url_long"`
	Locations []struct {
		Location string `json:"location"`
		Province int    `json:"province"`
		Clicks   int    `json:"clicks"`
	} `json:"locations"`
}

// ShareCounts is short_url/share/counts (§6).
type ShareCounts struct {
	URLs []struct {
		URLShort    string `json:"url_short"`
		URLLong     string `json:"url_long"`
		ShareCounts int    `json:"share_counts"`
	} `json:"urls"`
}

// ShareStatuses is short_url/share/statuses (§7).
type ShareStatuses struct {
	URLShort      string    `json:"url_short"`
	URLLong       string    `json:"url_long"`
	ShareStatuses []*Status `json:"share_statuses"`
}

// CommentCounts is short_url/comment/counts (§8).
type CommentCounts struct {
	URLs []struct {
		URLShort      string `json:"url_short"`
		URLLong       string `json:"url_long"`
		CommentCounts int    `json:"comment_counts"`
	} `json:"urls"`
}

// ShareComments is short_url/comment/comments (§9).
type ShareComments struct {
	URLShort      string     `json:"url_short"`
	URLLong       string     `json:"url_long"`
	ShareComments []*Comment `json:"share_comments"`
}

// ShortURLInfo is one entry of short_url/info (§10).
type ShortURLInfo struct {
	URLShort     string `json:"url_short"`
	URLLong      string `json:"url_long"`
	Type         int    `json:"type"`
	Result       bool   `json:"result"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	LastModified string `json:"last_modified"`
	Annotations  []any  `json:"annotations" spec:"optional"`
}

// Validate checks last_modified's layout when the link is known.
func (i *ShortURLInfo) Validate() error {
	if !i.Result {
		return nil
	}
	return checkDate("last_modified", i.LastModified)
}
