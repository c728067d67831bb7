package core

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// Location services (location.md) answered from the tables the server
// ships (internal/geo): nothing here calls out, and what would need data
// no offline server has (roads, bus lines, cell towers) says so.

// GeoPlace is one answer of the geocoding endpoints: a point (GCJ-02) and
// the city and province it is in.
type GeoPlace struct {
	Lng, Lat     float64
	CityCode     string // 4-digit city code ("0010"), "" when unknown
	Province     string // 2-digit province number ("11"), "" when unknown
	CityName     string
	ProvinceName string
	Address      string
	More         string
	IP           string
}

func placeOfUnit(city, prov *geo.Unit) GeoPlace {
	g := GeoPlace{Lng: city.Lng, Lat: city.Lat, CityCode: city.Tel, Province: fmt.Sprint(city.Province()),
		CityName: city.Name}
	if prov != nil && prov != city {
		g.ProvinceName = prov.Name
		g.Address = prov.Name + " " + city.Name
	} else {
		g.ProvinceName, g.Address = city.Name, city.Name
	}
	if g.CityCode == "" && prov != nil {
		g.CityCode = prov.Tel
	}
	return g
}

// IPToGeo locates IPv4 addresses with the embedded ip2region table: the
// centre of the city (or province) the address belongs to. An address the
// table does not know, or knows only abroad without a point, is 21904-style
// no data.
func IPToGeo(ips []string) ([]GeoPlace, error) {
	out := make([]GeoPlace, 0, len(ips))
	for _, s := range ips {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil || !a.Unmap().Is4() {
			return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoBadIP, Param: "ip", Got: s,
				Msg: "not an IPv4 address: " + s}
		}
		r, ok := geo.LookupIP(a)
		if !ok {
			return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoData,
				Msg: "no location is known for " + s}
		}
		g := GeoPlace{IP: s, More: strings.Join(nonEmpty(r.Country, r.Province, r.City), " ")}
		if r.Country == "中国" {
			if us := geo.FindUnits(r.Province + r.City); len(us) > 0 {
				u := us[0]
				var prov *geo.Unit
				if u.Parent != 0 {
					prov, _ = geo.UnitByGB(u.Parent)
				}
				more := g.More
				g = placeOfUnit(u, prov)
				g.IP, g.More = s, more
			}
		} else {
			g.Address = r.Country
		}
		out = append(out, g)
	}
	return out, nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && (len(out) == 0 || out[len(out)-1] != s) {
			out = append(out, s)
		}
	}
	return out
}

// AddressToGeo geocodes an address to the most specific administrative
// unit it names (prefecture, municipal district, province).
func AddressToGeo(address string) ([]GeoPlace, error) {
	us := geo.FindUnits(address)
	if len(us) == 0 {
		return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoData,
			Msg: "no city or province of China is named in " + address}
	}
	u := us[0]
	var prov *geo.Unit
	if u.Parent != 0 {
		prov, _ = geo.UnitByGB(u.Parent)
	}
	g := placeOfUnit(u, prov)
	g.Address = address
	return []GeoPlace{g}, nil
}

// GeoToAddress is reverse geocoding to the nearest prefecture or district
// centre inside China; a point abroad is no data.
func GeoToAddress(lng, lat float64) ([]GeoPlace, error) {
	city, prov, ok := geo.Nearest(lng, lat)
	if !ok {
		return nil, &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoData,
			Msg: "the point is not in China"}
	}
	g := placeOfUnit(city, prov)
	g.Lng, g.Lat = lng, lat
	return []GeoPlace{g}, nil
}

// Domestic is one answer of is_domestic.
type Domestic struct {
	Domestic bool
	Address  string
}

// IsDomestic tells whether a point is in China (Taiwan, Hong Kong and
// Macau included, as Weibo counts them), with the province and city it is
// nearest to.
func IsDomestic(lng, lat float64) Domestic {
	if !geo.InChina(lng, lat) {
		return Domestic{}
	}
	city, prov, ok := geo.Nearest(lng, lat)
	if !ok {
		return Domestic{Domestic: true}
	}
	return Domestic{Domestic: true, Address: placeOfUnit(city, prov).Address}
}

// NoGeoService is the answer of what needs a data set no offline server
// ships: routes (location/line/*) and cell or Wi-Fi positioning.
func NoGeoService(endpoint, needs string) error {
	return &domain.Error{Kind: domain.KindNotFound, Reason: domain.ReasonGeoNoService, Param: endpoint, Want: needs,
		Msg: endpoint + " needs " + needs + ", which this server does not have"}
}
