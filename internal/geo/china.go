package geo

import (
	_ "embed" // the outline
	"encoding/json"
	"sync"
)

//go:embed data/china-contour.json
var contourJSON []byte

// ring is one polygon ring in degrees: xs are longitudes, ys latitudes.
type ring struct{ xs, ys []float64 }

var outline = sync.OnceValue(func() []ring {
	var f struct {
		Features []struct {
			Geometry struct {
				Coordinates   [][]string   `json:"coordinates"`
				EncodeOffsets [][][2]int32 `json:"encodeOffsets"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(contourJSON, &f); err != nil {
		panic("geo: china-contour.json: " + err.Error())
	}
	var rs []ring
	for _, ft := range f.Features {
		g := ft.Geometry
		for i, poly := range g.Coordinates {
			for j, enc := range poly {
				rs = append(rs, decodeRing(enc, g.EncodeOffsets[i][j]))
			}
		}
	}
	return rs
})

// decodeRing reads echarts' compressed geometry (geo-data.md §3.4): UTF-16
// code units in pairs, each minus 64 and zig-zag decoded, a running sum
// from the offsets, in 1/1024 degrees.
func decodeRing(enc string, off [2]int32) ring {
	units := utf16Units(enc)
	var r ring
	px, py := off[0], off[1]
	for i := 0; i+1 < len(units); i += 2 {
		x, y := int32(units[i])-64, int32(units[i+1])-64
		x = (x >> 1) ^ -(x & 1)
		y = (y >> 1) ^ -(y & 1)
		px, py = px+x, py+y
		r.xs = append(r.xs, float64(px)/1024)
		r.ys = append(r.ys, float64(py)/1024)
	}
	return r
}

func utf16Units(s string) []uint16 {
	var out []uint16
	for _, c := range s {
		if c >= 0x10000 {
			c -= 0x10000
			out = append(out, uint16(0xD800+(c>>10)), uint16(0xDC00+(c&0x3FF)))
			continue
		}
		out = append(out, uint16(c))
	}
	return out
}

// inside is even-odd ray casting.
func (r ring) inside(x, y float64) bool {
	in := false
	for i, j := 0, len(r.xs)-1; i < len(r.xs); j, i = i, i+1 {
		if (r.ys[i] > y) != (r.ys[j] > y) && x < (r.xs[j]-r.xs[i])*(y-r.ys[i])/(r.ys[j]-r.ys[i])+r.xs[i] {
			in = !in
		}
	}
	return in
}

// The outline's simplified coast leaves Kowloon and Macau out: these boxes
// take them back in (geo-data.md §3.4).
var extraBoxes = [][4]float64{
	{113.8, 114.5, 22.1, 22.6},   // Hong Kong: lng, lng, lat, lat
	{113.52, 113.6, 22.1, 22.22}, // Macau
}

// InChina reports whether a point (GCJ-02 or WGS-84: the outline's
// resolution, about 100 m, is coarser than the offset) lies in China,
// Taiwan, Hong Kong and Macau included, as Weibo counts them.
func InChina(lng, lat float64) bool {
	if OutOfChinaBox(lng, lat) {
		return false
	}
	for _, b := range extraBoxes {
		if lng >= b[0] && lng <= b[1] && lat >= b[2] && lat <= b[3] {
			return true
		}
	}
	in := false
	for _, r := range outline() {
		if r.inside(lng, lat) {
			in = !in
		}
	}
	return in
}
