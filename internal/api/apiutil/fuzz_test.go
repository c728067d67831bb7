package apiutil

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

func isDomainErr(err error) bool {
	var de *domain.Error
	return errors.As(err, &de)
}

func FuzzInt64List(f *testing.F) {
	for _, s := range []string{"", "1", "1,2,3", " 1 , 2 ", "1,,2", "1,", ",", "-1", "0",
		"9223372036854775807", "9223372036854775808", "1,1,1,1", "a,b", "１,２", "1\x002", " ", "\t\n", " , ", "\u3000"} {
		f.Add(s, 3)
	}
	f.Add("1,2,3,4,5,6,7,8,9,10", 5)
	f.Add("1", 0)
	f.Add("1", -7)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		p := NewParams(url.Values{"ids": {s}})
		ids, err := p.Int64List("ids", limit)
		// Has and the list readers agree on what "given" means: a given
		// value is a non-empty list or an error, an absent one is nil.
		if err == nil && limit > 0 && p.Has("ids") != (len(ids) > 0) {
			t.Fatalf("Has(%q) = %v but Int64List = %v", s, p.Has("ids"), ids)
		}
		if strs, err := p.StringList("ids", limit); err == nil && limit > 0 && p.Has("ids") != (len(strs) > 0) {
			t.Fatalf("Has(%q) = %v but StringList = %q", s, p.Has("ids"), strs)
		}
		if err != nil {
			if !isDomainErr(err) {
				t.Fatalf("error %v is %T, not *domain.Error", err, err)
			}
			if ids != nil {
				t.Fatalf("ids %v returned with error", ids)
			}
			return
		}
		if len(ids) > max(limit, 0) {
			t.Fatalf("%d ids over limit %d", len(ids), limit)
		}
		seen := map[int64]bool{}
		for _, id := range ids {
			if id <= 0 || seen[id] {
				t.Fatalf("bad or duplicate id %d in %v", id, ids)
			}
			seen[id] = true
		}
		// Same rules for strings: never panics, never more than limit, unique.
		strs, err := p.StringList("ids", limit)
		if err != nil {
			if !isDomainErr(err) {
				t.Fatalf("StringList error %v is %T", err, err)
			}
			return
		}
		if len(strs) > max(limit, 0) {
			t.Fatalf("%d strings over limit %d", len(strs), limit)
		}
		sorted := slices.Clone(strs)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(strs) {
			t.Fatalf("duplicates in %q", strs)
		}
	})
}

func FuzzReadPage(f *testing.F) {
	f.Add("", "", "", "")
	f.Add("0", "0", "20", "1")
	f.Add("5", "100", "500", "2")
	f.Add("-1", "x", "0", "0")
	f.Add("9223372036854775807", "9223372036854775808", "99999999999999999999", "2147483648")
	f.Add(" 1 ", "+2", "-0", "1e3")
	f.Fuzz(func(t *testing.T, since, maxID, count, page string) {
		p := NewParams(url.Values{"since_id": {since}, "max_id": {maxID}, "count": {count}, "page": {page}, "cursor": {since}})
		pg, err := ReadPage(p, 20, 100)
		if err != nil {
			if !isDomainErr(err) {
				t.Fatalf("error %v is %T, not *domain.Error", err, err)
			}
		} else {
			// A page past the depth is bounded to start within one page of it.
			if pg.SinceID < 0 || pg.MaxID < 0 || pg.Count < 1 || pg.Count > 100 || pg.Page < 1 || pg.Offset() < 0 ||
				pg.Offset() >= domain.MaxPageDepth+pg.Count {
				t.Fatalf("out-of-range page %+v", pg)
			}
		}
		c, err := ReadCursor(p, 50, 200)
		if err != nil {
			if !isDomainErr(err) {
				t.Fatalf("error %v is %T, not *domain.Error", err, err)
			}
			return
		}
		if c.Cursor < 0 || c.Cursor > domain.MaxCursorDepth || c.Count < 1 || c.Count > 200 {
			t.Fatalf("out-of-range cursor %+v", c)
		}
	})
}

// FromRequest hands no reader a value PostgreSQL cannot store or a control
// character: whatever arrives is refused with a *domain.Error or is text.
func FuzzFromRequestText(f *testing.F) {
	for _, s := range []string{"a=1", "status=ab%00cd", "status=%ff%fe", "a%00=1", "x=%0d%0a%09", "q=%e4%bd%a0", "q=%e4%bd"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, query, body string) {
		r, err := http.NewRequest("POST", "/x", strings.NewReader(body))
		if err != nil {
			return
		}
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		p, err := FromRequest(r, 0)
		if err != nil {
			if !isDomainErr(err) {
				t.Fatalf("error %v is %T, not *domain.Error", err, err)
			}
			return
		}
		for k, vs := range p.Values() {
			if !CleanText(k) || len(k) > MaxValueLen {
				t.Fatalf("name %q passed", k)
			}
			for _, v := range vs {
				if !CleanText(v) || len(v) > MaxValueLen {
					t.Fatalf("value %q of %q passed", v, k)
				}
			}
		}
	})
}
