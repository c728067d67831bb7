package sina

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// common.md: the code tables, from the embedded tables of internal/geo.
// No login needed: an app key (source) is enough.
func (a *API) commonRoutes() []route {
	return []route{
		{path: "common/code_to_location", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(apiutil.P("codes", apiutil.KindList).Req(), pLanguage), h: a.codeToLocation},
		{path: "common/get_city", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(apiutil.P("province", apiutil.KindText).Req(), pCapital, pLanguage), h: a.getCity},
		{path: "common/get_province", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(apiutil.P("country", apiutil.KindText).Req(), pCapital, pLanguage), h: a.getProvince},
		{path: "common/get_country", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(pCapital, pLanguage), h: a.getCountry},
		{path: "common/get_timezone", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(pLanguage), h: a.getTimezone},
	}
}

var (
	pLanguage = apiutil.P("language", apiutil.KindEnum).OneOf("zh-cn", "zh-tw", "english", "en")
	pCapital  = apiutil.P("capital", apiutil.KindEnum).OneOf(strings.Split("abcdefghijklmnopqrstuvwxyz", "")...)
)

// codeNames is the dynamic-key array of common/*: [{"001011":"北京"}, ...]
// in display order.
type codeNames [][2]string

func (c codeNames) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, kv := range c {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv[0])
		v, _ := json.Marshal(kv[1])
		b.WriteByte('{')
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

func readLang(p apiutil.Params) (geo.Lang, error) {
	l, err := p.Enum("language", "zh-cn", "zh-cn", "zh-tw", "english", "en")
	switch l {
	case "zh-tw":
		return geo.ZhTW, err
	case "english", "en":
		return geo.English, err
	}
	return geo.ZhCN, err
}

// initial is the letter capital filters on: the pinyin (or English) name's.
func initial(name string) string {
	if name == "" {
		return ""
	}
	return strings.ToLower(name[:1])
}

func (a *API) codeToLocation(_ context.Context, c *call) (any, error) {
	codes, err := c.p.StringList("codes", 50)
	if err != nil {
		return nil, err
	}
	if len(codes) == 0 {
		return nil, domain.MissingParam("codes")
	}
	lang, err := readLang(c.p)
	if err != nil {
		return nil, err
	}
	out := codeNames{}
	for _, code := range codes {
		if len(code) == 3 {
			if ct, ok := geo.CountryByCode(code); ok {
				out = append(out, [2]string{code, ct.Names[lang]})
			}
			continue
		}
		if w, ok := geo.WeiboByCode(code); ok {
			out = append(out, [2]string{code, w.Names[lang]})
		}
	}
	return out, nil
}

func (a *API) getProvince(_ context.Context, c *call) (any, error) {
	country, err := c.p.RequiredString("country")
	if err != nil {
		return nil, err
	}
	capital, err := c.p.Enum("capital", "", pCapital.Values...)
	if err != nil {
		return nil, err
	}
	lang, err := readLang(c.p)
	if err != nil {
		return nil, err
	}
	if _, ok := geo.CountryByCode(country); !ok {
		return nil, domain.BadParam("country", "a 3-digit country code (common/get_country)", country)
	}
	out := codeNames{}
	if country != "001" {
		return out, nil // provinces are known for China only
	}
	for _, w := range geo.WeiboProvinces() {
		if capital == "" || initial(w.Names[geo.English]) == capital {
			out = append(out, [2]string{w.Code(), w.Names[lang]})
		}
	}
	return out, nil
}

func (a *API) getCity(_ context.Context, c *call) (any, error) {
	prov, err := c.p.RequiredString("province")
	if err != nil {
		return nil, err
	}
	capital, err := c.p.Enum("capital", "", pCapital.Values...)
	if err != nil {
		return nil, err
	}
	lang, err := readLang(c.p)
	if err != nil {
		return nil, err
	}
	w, ok := geo.WeiboByCode(prov)
	if !ok || w.City != 0 {
		return nil, domain.BadParam("province", "a 6-digit province code (common/get_province)", prov)
	}
	out := codeNames{}
	for _, ct := range geo.WeiboCities(w.Prov) {
		if capital == "" || initial(ct.Names[geo.English]) == capital {
			out = append(out, [2]string{ct.Code(), ct.Names[lang]})
		}
	}
	return out, nil
}

func (a *API) getCountry(_ context.Context, c *call) (any, error) {
	capital, err := c.p.Enum("capital", "", pCapital.Values...)
	if err != nil {
		return nil, err
	}
	lang, err := readLang(c.p)
	if err != nil {
		return nil, err
	}
	out := codeNames{}
	for _, ct := range geo.Countries() {
		ini := ct.Initial
		if lang == geo.English {
			ini = initial(ct.Names[geo.English])
		}
		if capital == "" || ini == capital {
			out = append(out, [2]string{ct.Code, ct.Names[lang]})
		}
	}
	return out, nil
}

// getTimezone answers the IANA zones as "(GMT+08:00) 中国 Asia/Shanghai"
// labels (in the language asked, the country's name), plus the catch-all 999.
func (a *API) getTimezone(_ context.Context, c *call) (any, error) {
	lang, err := readLang(c.p)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, z := range geo.Zones() {
		off := z.Offset
		sign := '+'
		if off < 0 {
			sign, off = '-', -off
		}
		label := fmt.Sprintf("(GMT%c%02d:%02d)", sign, off/3600, off%3600/60)
		if ct, ok := geo.CountryByAlpha2(z.Countries[0]); ok {
			label += " " + ct.Names[lang]
		}
		out[z.Code] = label + " " + z.Name
	}
	out["999"] = map[geo.Lang]string{geo.ZhCN: "其他", geo.ZhTW: "其他", geo.English: "Other"}[lang]
	return out, nil
}
