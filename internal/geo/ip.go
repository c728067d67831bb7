package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed" // the table
	"encoding/binary"
	"io"
	"net/netip"
	"sort"
	"strings"
	"sync"
)

//go:embed data/ipv4.bin.gz
var ipv4GZ []byte

// IPRegion is where an IPv4 address is, as far as ip2region knows: the
// country always (Chinese name), and inside China the province and city
// (full names: 广东省, 深圳市) when known.
type IPRegion struct {
	Country, Area, Province, City string
}

type ipTable struct {
	starts  []uint32
	regions []uint16
	names   []IPRegion
}

// ipv4 decodes data/ipv4.bin.gz (gen.go's writeIP), once: about 1.3 MB in memory.
var ipv4 = sync.OnceValue(func() *ipTable {
	zr, err := gzip.NewReader(bytes.NewReader(ipv4GZ))
	if err != nil {
		panic("geo: ipv4.bin.gz: " + err.Error())
	}
	raw, err := io.ReadAll(zr)
	if err != nil || !bytes.HasPrefix(raw, []byte("IPV4")) {
		panic("geo: ipv4.bin.gz is corrupt")
	}
	b := raw[4:]
	next := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			panic("geo: ipv4.bin.gz is corrupt")
		}
		b = b[n:]
		return v
	}
	t := &ipTable{}
	for range next() {
		n := next()
		f := strings.Split(string(b[:n]), "|")
		b = b[n:]
		r := IPRegion{Country: f[0]}
		if len(f) == 4 {
			r.Area, r.Province, r.City = f[1], f[2], f[3]
		}
		for _, p := range []*string{&r.Country, &r.Area, &r.Province, &r.City} {
			if *p == "0" {
				*p = ""
			}
		}
		t.names = append(t.names, r)
	}
	n := next()
	t.starts, t.regions = make([]uint32, n), make([]uint16, n)
	var at uint32
	for i := range n {
		at += uint32(next())
		t.starts[i], t.regions[i] = at, uint16(next())
	}
	return t
})

// LookupIP finds the region of an IPv4 address; ok is false for IPv6, and
// for addresses the table knows nothing about or reserves (内网IP).
func LookupIP(a netip.Addr) (IPRegion, bool) {
	a = a.Unmap()
	if !a.Is4() {
		return IPRegion{}, false
	}
	v := binary.BigEndian.Uint32(a.AsSlice())
	t := ipv4()
	i := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > v }) - 1
	if i < 0 {
		return IPRegion{}, false
	}
	r := t.names[t.regions[i]]
	if r.Country == "" || r.Country == "保留" || strings.Contains(r.City, "内网") {
		return IPRegion{}, false
	}
	return r, true
}
