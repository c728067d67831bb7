package geo

import (
	_ "embed" // the tables
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Lang selects a name form: simplified Chinese, traditional Chinese, English.
type Lang int

const (
	ZhCN Lang = iota
	ZhTW
	English
)

// Unit is a GB/T 2260 administrative unit: a province, a prefecture, or a
// district of one of the four municipalities (data/admin.tsv).
type Unit struct {
	GB       int // 110105
	Parent   int // 110000; 0 for a province
	Name     string
	Lng, Lat float64 // centre, GCJ-02
	Tel      string  // telephone area code as Weibo's 4-digit city code: "0010"; "" for most provinces
}

// Province is the unit's province code: GB / 10000 (11 for 北京).
func (u *Unit) Province() int { return u.GB / 10000 }

// WeiboCity is one entry of Weibo's own province/city numbering (user
// objects' province and city): City 0 is the province itself.
type WeiboCity struct {
	Prov, City int
	Names      [3]string // by Lang
	GB         int       // the GB unit it was, 0 outside mainland numbering
	Lng, Lat   float64
}

// Code is the 9-digit (city) or 6-digit (province) code of common/*:
// "001" China, then the province and city numbers on three digits.
func (w *WeiboCity) Code() string {
	if w.City == 0 {
		return fmt.Sprintf("001%03d", w.Prov)
	}
	return fmt.Sprintf("001%03d%03d", w.Prov, w.City)
}

// Country is one country of common/get_country.
type Country struct {
	Code    string // 3 digits, China 001
	Alpha2  string
	Names   [3]string
	Initial string // first letter of the Chinese name's pinyin
}

// Zone is one IANA time zone of common/get_timezone.
type Zone struct {
	Code      string // 3 digits, in table order
	Name      string // Asia/Shanghai
	Offset    int    // standard offset, seconds east of UTC
	Countries []string
}

var (
	//go:embed data/admin.tsv
	adminTSV string
	//go:embed data/weibo.tsv
	weiboTSV string
	//go:embed data/countries.tsv
	countriesTSV string
	//go:embed data/timezones.tsv
	timezonesTSV string
)

func rows(tsv string) [][]string {
	var out [][]string
	for _, l := range strings.Split(tsv, "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		out = append(out, strings.Split(l, "\t"))
	}
	return out
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("geo: bad table number " + strconv.Quote(s))
	}
	return n
}

func atof(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic("geo: bad table number " + strconv.Quote(s))
	}
	return f
}

type adminIndex struct {
	units []*Unit
	byGB  map[int]*Unit
	byTel map[string]*Unit // the prefecture (or municipality) of a city code
}

var admin = sync.OnceValue(func() *adminIndex {
	ix := &adminIndex{byGB: map[int]*Unit{}, byTel: map[string]*Unit{}}
	for _, r := range rows(adminTSV) {
		u := &Unit{GB: atoi(r[0]), Parent: atoi(r[1]), Name: r[2], Lng: atof(r[3]), Lat: atof(r[4]), Tel: r[5]}
		ix.units = append(ix.units, u)
		ix.byGB[u.GB] = u
	}
	for _, u := range ix.units {
		if u.Tel == "" {
			continue
		}
		// A municipality's districts share its code: the code names the city.
		if prev, ok := ix.byTel[u.Tel]; !ok || prev.Parent != 0 && u.Parent == 0 {
			ix.byTel[u.Tel] = u
		}
	}
	return ix
})

// Units lists every administrative unit, provinces first.
func Units() []*Unit { return admin().units }

// UnitByGB finds a unit by its GB code.
func UnitByGB(gb int) (*Unit, bool) { u, ok := admin().byGB[gb]; return u, ok }

// UnitByCityCode finds the city a 4-digit city code (telephone area code,
// location.md) names.
func UnitByCityCode(code string) (*Unit, bool) { u, ok := admin().byTel[code]; return u, ok }

// ShortName drops the administrative suffix: 北京市 → 北京, 广东省 → 广东,
// 内蒙古自治区 → 内蒙古. Names that would be left with one character keep it.
func ShortName(name string) string {
	for _, s := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"} {
		if t, ok := strings.CutSuffix(name, s); ok && len([]rune(t)) >= 2 {
			return t
		}
	}
	return name
}

// Nearest is the unit below the province level (a prefecture or a
// municipal district) whose centre is closest to the point, and its
// province: the reverse geocoding the tables allow. ok is false outside
// China.
func Nearest(lng, lat float64) (city, prov *Unit, ok bool) {
	if !InChina(lng, lat) {
		return nil, nil, false
	}
	ix := admin()
	best := math.Inf(1)
	for _, u := range ix.units {
		if u.Parent == 0 {
			continue
		}
		if d := Distance(lat, lng, u.Lat, u.Lng); d < best {
			best, city = d, u
		}
	}
	if city == nil {
		return nil, nil, false
	}
	return city, ix.byGB[city.Parent], true
}

// FindUnits finds the units an address names, most specific first: a
// prefecture or district whose name (or short name) the address contains,
// preferring ones inside a province the address also names.
func FindUnits(address string) []*Unit {
	ix := admin()
	var provs, cities []*Unit
	for _, u := range ix.units {
		if !strings.Contains(address, u.Name) && !strings.Contains(address, ShortName(u.Name)) {
			continue
		}
		if u.Parent == 0 {
			provs = append(provs, u)
		} else {
			cities = append(cities, u)
		}
	}
	if len(provs) > 0 && len(cities) > 1 {
		var in []*Unit
		for _, c := range cities {
			for _, p := range provs {
				if c.Parent == p.GB {
					in = append(in, c)
				}
			}
		}
		if len(in) > 0 {
			cities = in
		}
	}
	return append(cities, provs...)
}

type weiboIndex struct {
	all   []*WeiboCity
	byKey map[[2]int]*WeiboCity
}

var weibo = sync.OnceValue(func() *weiboIndex {
	ix := &weiboIndex{byKey: map[[2]int]*WeiboCity{}}
	for _, r := range rows(weiboTSV) {
		w := &WeiboCity{Prov: atoi(r[0]), City: atoi(r[1]), Names: [3]string{r[2], r[3], r[4]}, GB: atoi(r[5]),
			Lng: atof(r[6]), Lat: atof(r[7])}
		ix.all = append(ix.all, w)
		ix.byKey[[2]int{w.Prov, w.City}] = w
	}
	return ix
})

// WeiboProvinces lists Weibo's provinces in display order.
func WeiboProvinces() []*WeiboCity {
	var out []*WeiboCity
	for _, w := range weibo().all {
		if w.City == 0 {
			out = append(out, w)
		}
	}
	return out
}

// WeiboCities lists the cities of Weibo province prov.
func WeiboCities(prov int) []*WeiboCity {
	var out []*WeiboCity
	for _, w := range weibo().all {
		if w.Prov == prov && w.City != 0 {
			out = append(out, w)
		}
	}
	return out
}

// WeiboPlace finds Weibo province prov, city city (0: the province).
func WeiboPlace(prov, city int) (*WeiboCity, bool) {
	w, ok := weibo().byKey[[2]int{prov, city}]
	return w, ok
}

// WeiboByCode finds the entry of a common/* code: "001011" or "001011005".
func WeiboByCode(code string) (*WeiboCity, bool) {
	if !strings.HasPrefix(code, "001") || (len(code) != 6 && len(code) != 9) {
		return nil, false
	}
	prov, err := strconv.Atoi(code[3:6])
	if err != nil {
		return nil, false
	}
	city := 0
	if len(code) == 9 {
		if city, err = strconv.Atoi(code[6:9]); err != nil || city == 0 {
			return nil, false
		}
	}
	return WeiboPlace(prov, city)
}

var countries = sync.OnceValue(func() []*Country {
	var out []*Country
	for _, r := range rows(countriesTSV) {
		out = append(out, &Country{Code: r[0], Alpha2: r[1], Names: [3]string{r[2], r[3], r[4]}, Initial: r[5]})
	}
	return out
})

// Countries lists every country, China (001) first.
func Countries() []*Country { return countries() }

// CountryByCode finds a country by its 3-digit code.
func CountryByCode(code string) (*Country, bool) {
	for _, c := range countries() {
		if c.Code == code {
			return c, true
		}
	}
	return nil, false
}

// CountryByAlpha2 finds a country by its ISO 3166 code.
func CountryByAlpha2(a2 string) (*Country, bool) {
	for _, c := range countries() {
		if c.Alpha2 == a2 {
			return c, true
		}
	}
	return nil, false
}

// CountryByName finds a country by its Chinese name.
func CountryByName(name string) (*Country, bool) {
	for _, c := range countries() {
		if c.Names[ZhCN] == name {
			return c, true
		}
	}
	return nil, false
}

var zones = sync.OnceValue(func() []*Zone {
	var out []*Zone
	for i, r := range rows(timezonesTSV) {
		out = append(out, &Zone{Code: fmt.Sprintf("%03d", i+1), Name: r[0], Offset: atoi(r[1]), Countries: strings.Split(r[2], ",")})
	}
	return out
})

// Zones lists the IANA zones (zone1970.tab order), numbered from 001.
func Zones() []*Zone { return zones() }
