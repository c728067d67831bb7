package sinaspec

import (
	"fmt"
	"regexp"
)

// UserTrend is one entry of trends (trends.md §1): every value a string,
// the ids and counts of digits.
type UserTrend struct {
	TrendID string `json:"trend_id"`
	Hotword string `json:"hotword"`
	Num     string `json:"num"`
}

var digitsRE = regexp.MustCompile(`^[0-9]+$`)

// Validate checks trend_id and num are digits.
func (u *UserTrend) Validate() error {
	if !digitsRE.MatchString(u.TrendID) || !digitsRE.MatchString(u.Num) {
		return fmt.Errorf("trend_id %q and num %q must be digits", u.TrendID, u.Num)
	}
	return nil
}

// TrendFollow is trends/is_follow (§2).
type TrendFollow struct {
	TrendID  int64 `json:"trend_id"`
	IsFollow bool  `json:"is_follow"`
}

// HotTrend is one entry of a ranking (§3–5).
type HotTrend struct {
	Name   string `json:"name"`
	Query  string `json:"query"`
	Amount int64  `json:"amount"`
	Delta  int64  `json:"delta"`
}

// HotTrends is trends/hourly, daily and weekly: exactly one time label.
type HotTrends struct {
	Trends map[string][]HotTrend `json:"trends"`
	AsOf   int64                 `json:"as_of"`
}

var trendLabelRE = regexp.MustCompile(`^\d{4}-\d\d-\d\d( \d\d:\d\d)?$`)

// Validate checks the one key and its layout.
func (h *HotTrends) Validate() error {
	if len(h.Trends) != 1 {
		return fmt.Errorf("trends has %d keys, want exactly one", len(h.Trends))
	}
	for k, v := range h.Trends {
		if !trendLabelRE.MatchString(k) {
			return fmt.Errorf("trends label %q is neither YYYY-MM-DD nor YYYY-MM-DD HH:MM", k)
		}
		if v == nil {
			return fmt.Errorf("trends[%q] is null", k)
		}
	}
	if h.AsOf <= 0 {
		return fmt.Errorf("as_of %d", h.AsOf)
	}
	return nil
}

// Only returns the ranking and its label.
func (h *HotTrends) Only() (string, []HotTrend) {
	for k, v := range h.Trends {
		return k, v
	}
	return "", nil
}
