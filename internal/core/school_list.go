package core

import (
	"fmt"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/schools"
	"github.com/weibo-server/weibo/internal/text"
)

// SchoolListQuery is account/profile/school_list's filters (account.md §2).
// Zero values are "not given".
type SchoolListQuery struct {
	Province, City, Area int
	Type                 int // schools.University..schools.Primary; 0 means the default, 1
	Capital              string
	Keyword              string
	Count                int
}

// Limits of account/profile/school_list.
const (
	SchoolListDefaultCount = 10
	SchoolListMaxCount     = 50
)

// SchoolList is the school directory of profile editing, over the
// embedded list (internal/schools). The filters combine:
//   - province is a Weibo province code (common/get_province); the list
//     knows each school's province or region, where it knows it;
//   - city and area are checked, but the list records no city or district
//     of any school, so a query narrowed to one finds none rather than
//     schools that may be elsewhere;
//   - capital is the initial of the name (of its pinyin for a Chinese
//     name, text.Initial); it defaults to "A" as the spec says, except
//     when a keyword is given: a keyword search looks at every name;
//   - keyword is a part of the name, in any case.
func (s *Service) SchoolList(q SchoolListQuery) ([]schools.School, error) {
	if q.Type == 0 {
		q.Type = schools.University
	}
	if q.Type < schools.University || q.Type > schools.Primary {
		return nil, domain.BadParam("type", "1 to 5", fmt.Sprint(q.Type))
	}
	var province string
	if q.Province != 0 {
		w, ok := geo.WeiboPlace(q.Province, 0)
		if !ok {
			return nil, domain.BadParam("province", "a province code", fmt.Sprint(q.Province))
		}
		province = w.Names[geo.ZhCN]
	}
	if q.City != 0 {
		if q.Province == 0 {
			return nil, domain.BadParam("province", "the province of the city", "none")
		}
		if _, ok := geo.WeiboPlace(q.Province, q.City); !ok {
			return nil, domain.BadParam("city", "a city code of the province", fmt.Sprint(q.City))
		}
	}
	if q.Area != 0 && q.City == 0 {
		return nil, domain.BadParam("city", "the city of the area", "none")
	}
	keyword := strings.ToLower(strings.TrimSpace(q.Keyword))
	if len([]rune(keyword)) > maxQueryRunes {
		return nil, domain.BadParam("keyword", fmt.Sprintf("at most %d characters", maxQueryRunes), q.Keyword)
	}
	var capital byte
	switch c := strings.TrimSpace(q.Capital); {
	case len(c) == 1 && ('a' <= c[0] && c[0] <= 'z' || 'A' <= c[0] && c[0] <= 'Z'):
		capital = strings.ToUpper(c)[0]
	case c != "":
		return nil, domain.BadParam("capital", "one letter A to Z", c)
	case keyword == "":
		capital = 'A'
	}
	n := q.Count
	if n == 0 {
		n = SchoolListDefaultCount
	}
	n = min(max(n, 1), SchoolListMaxCount)
	out := []schools.School{}
	if q.City != 0 {
		return out, nil // no school of the list has a known city
	}
	for _, sc := range schools.All() {
		if sc.Type != q.Type || (province != "" && sc.Location != province) ||
			(keyword != "" && !strings.Contains(strings.ToLower(sc.Name), keyword)) ||
			(capital != 0 && text.Initial(sc.Name) != capital) {
			continue
		}
		out = append(out, sc)
		if len(out) == n {
			break
		}
	}
	return out, nil
}
