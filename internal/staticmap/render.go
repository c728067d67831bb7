// Package staticmap draws the static map pictures of Sina's
// location/base/get_map_image: a schematic map of an area in Web Mercator
// at a zoom level, with a graticule, the names of the provinces, cities and
// districts the server's tables hold (at their centre points), and the
// caller's markers, labels, polyline and polygon, and a scale bar.
//
// It draws no borders or coastlines: the only outlines the server ships
// (echarts' 2020 drawings) are fit for a coarse domestic test, never for
// drawing borders (geo-data.md §1.2), and no tiles ship at all. Coordinates
// are GCJ-02, as everywhere in location/*.
//
// A leaf with data, like geo: no I/O of its own; its font is embedded.
package staticmap

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"golang.org/x/image/vector"

	"github.com/weibo-server/weibo/internal/geo"
)

// Limits of a request (location.md §1).
const (
	MaxSize     = 800 // pixels, each side
	MaxPoints   = 10  // markers, and vertices of the line and the polygon
	MaxZoom     = 17
	MinZoom     = 1
	MaxFontSize = 72
	MaxWidth    = 50 // line and border widths
	MaxLabel    = 40 // runes of a marker label drawn; a longer one ends in "…"
)

// Point is a longitude and latitude, GCJ-02.
type Point struct{ Lng, Lat float64 }

// Marker is a pin, with an optional label.
type Marker struct {
	At    Point
	Label string
}

// Shape is the polyline (Fill unused) or the polygon of a request.
type Shape struct {
	Points []Point
	Stroke color.RGBA
	Width  int // pixels; 0 draws no stroke
	Fill   color.RGBA
}

// Font is how marker labels are drawn.
type Font struct {
	Size          int // pixels, ≤ MaxFontSize: the 16-pixel font is scaled by Size/16, at least 1
	Color         color.RGBA
	Background    color.RGBA
	HasBackground bool
}

// DefaultFont is the spec's default, 宋体,1,20,0XFF0CC0,0XFFFFE0,1.
var DefaultFont = Font{Size: 20, Color: RGB(0xFF0CC0), Background: RGB(0xFFFFE0), HasBackground: true}

// RGB is an opaque colour from 0xRRGGBB.
func RGB(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// Request is one picture to draw. Callers check the limits above; Render
// clamps what is out of range rather than fail.
type Request struct {
	Center           Point
	Zoom             int // MinZoom..MaxZoom; 0 fits the markers and shapes (or shows a city's area)
	Width, Height    int
	OffsetX, OffsetY int // pan, in quarters of the width (east +) and height (north +)
	Markers          []Marker
	Line             *Shape
	Polygon          *Shape
	Font             Font
	Scale            bool // draw a scale bar
}

// Colours of the schematic base map.
var (
	paper     = color.RGBA{0xF4, 0xF1, 0xEA, 0xFF}
	gridLine  = color.RGBA{0xD6, 0xD0, 0xC4, 0xFF}
	gridText  = color.RGBA{0x9A, 0x92, 0x84, 0xFF}
	placeDot  = color.RGBA{0x55, 0x55, 0x55, 0xFF}
	placeText = color.RGBA{0x33, 0x33, 0x33, 0xFF}
	pinFill   = color.RGBA{0xE0, 0x3A, 0x2E, 0xFF}
	pinEdge   = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	black     = color.RGBA{0x22, 0x22, 0x22, 0xFF}
	white     = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// view maps GCJ-02 points to pixels of the picture.
type view struct {
	zoom   int
	cx, cy float64 // the centre in world pixels at zoom
	w, h   int
}

// world is the Web Mercator position of p in pixels of a 256·2^zoom world.
func world(p Point, zoom int) (x, y float64) {
	size := 256 * math.Exp2(float64(zoom))
	lat := math.Max(-85.05112878, math.Min(85.05112878, p.Lat))
	s := math.Sin(lat * math.Pi / 180)
	x = (p.Lng + 180) / 360 * size
	y = (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * size
	return x, y
}

// unworld is world's inverse.
func unworld(x, y float64, zoom int) Point {
	size := 256 * math.Exp2(float64(zoom))
	lng := x/size*360 - 180
	n := math.Pi - 2*math.Pi*y/size
	lat := 180 / math.Pi * math.Atan(math.Sinh(n))
	return Point{Lng: lng, Lat: lat}
}

func newView(center Point, zoom, w, h, offX, offY int) view {
	cx, cy := world(center, zoom)
	cx += float64(offX) * float64(w) / 4
	cy -= float64(offY) * float64(h) / 4
	return view{zoom: zoom, cx: cx, cy: cy, w: w, h: h}
}

// px is where p falls in the picture (may be outside it).
func (v view) px(p Point) (float64, float64) {
	x, y := world(p, v.zoom)
	return x - v.cx + float64(v.w)/2, y - v.cy + float64(v.h)/2
}

// fitMargin keeps fitted points this many pixels inside the picture.
const fitMargin = 24

// fitZoom is the largest zoom at which every point of r shows around the
// centre; with nothing to fit, a city's area (zoom 11).
func fitZoom(r *Request) int {
	var pts []Point
	for _, m := range r.Markers {
		pts = append(pts, m.At)
	}
	for _, s := range []*Shape{r.Line, r.Polygon} {
		if s != nil {
			pts = append(pts, s.Points...)
		}
	}
	if len(pts) == 0 {
		return 11
	}
	for z := MaxZoom; z > MinZoom; z-- {
		v := newView(r.Center, z, r.Width, r.Height, r.OffsetX, r.OffsetY)
		ok := true
		for _, p := range pts {
			x, y := v.px(p)
			if x < fitMargin || y < fitMargin || x > float64(r.Width-fitMargin) || y > float64(r.Height-fitMargin) {
				ok = false
				break
			}
		}
		if ok {
			return z
		}
	}
	return MinZoom
}

// Render draws the picture r asks for.
func Render(r Request) *image.RGBA {
	r.Width = clamp(r.Width, 1, MaxSize)
	r.Height = clamp(r.Height, 1, MaxSize)
	if r.Zoom == 0 {
		r.Zoom = fitZoom(&r)
	}
	r.Zoom = clamp(r.Zoom, MinZoom, MaxZoom)
	if r.Font.Size == 0 {
		r.Font = DefaultFont
	}
	v := newView(r.Center, r.Zoom, r.Width, r.Height, r.OffsetX, r.OffsetY)
	img := image.NewRGBA(image.Rect(0, 0, r.Width, r.Height))
	fillRect(img, 0, 0, r.Width, r.Height, paper)
	var taken []image.Rectangle // label boxes already drawn
	drawGraticule(img, v)
	drawPlaces(img, v, &taken)
	if s := r.Polygon; s != nil && len(s.Points) >= 3 {
		fillPath(img, v, s.Points, s.Fill)
		if s.Width > 0 {
			stroke(img, v, append(s.Points[:len(s.Points):len(s.Points)], s.Points[0]), s.Width, s.Stroke)
		}
	}
	if s := r.Line; s != nil && len(s.Points) >= 2 && s.Width > 0 {
		stroke(img, v, s.Points, s.Width, s.Stroke)
	}
	drawMarkers(img, v, r.Markers, r.Font)
	if r.Scale {
		drawScale(img, v, r.Center.Lat)
	}
	return img
}

func clamp(n, lo, hi int) int { return max(lo, min(hi, n)) }

// drawGraticule draws meridians and parallels at a round step that leaves
// about 100–250 pixels between lines, labelled in degrees at the edges.
func drawGraticule(img *image.RGBA, v view) {
	nw := unworld(v.cx-float64(v.w)/2, v.cy-float64(v.h)/2, v.zoom)
	se := unworld(v.cx+float64(v.w)/2, v.cy+float64(v.h)/2, v.zoom)
	degPerPx := (se.Lng - nw.Lng) / float64(v.w)
	step := niceStep(degPerPx * 150)
	for lng := math.Ceil(nw.Lng/step) * step; lng <= se.Lng; lng += step {
		x, _ := v.px(Point{Lng: lng, Lat: nw.Lat})
		fillRect(img, int(x), 0, int(x)+1, v.h, gridLine)
		drawText(img, int(x)+3, v.h-glyphHeight-2, degrees(lng, step, "E", "W"), 1, gridText)
	}
	for lat := math.Ceil(se.Lat/step) * step; lat <= nw.Lat; lat += step {
		_, y := v.px(Point{Lng: nw.Lng, Lat: lat})
		fillRect(img, 0, int(y), v.w, int(y)+1, gridLine)
		drawText(img, 3, int(y)-glyphHeight-1, degrees(lat, step, "N", "S"), 1, gridText)
	}
}

// niceStep rounds d up to 1, 2 or 5 times a power of ten.
func niceStep(d float64) float64 {
	if d <= 0 || math.IsNaN(d) || math.IsInf(d, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(d)))
	for _, m := range []float64{1, 2, 5, 10} {
		if d <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// degrees writes a graticule value with as many decimals as its step needs.
func degrees(d, step float64, pos, neg string) string {
	hemi := pos
	if d < 0 {
		hemi, d = neg, -d
	}
	dec := 0
	if step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return strconv.FormatFloat(d, 'f', dec, 64) + "°" + hemi
}

// drawPlaces draws the administrative units whose centres fall in the
// picture: provinces from far away, prefectures closer, districts closest;
// a name that would overlap one already drawn is left out.
func drawPlaces(img *image.RGBA, v view, taken *[]image.Rectangle) {
	for _, u := range geo.Units() {
		level := 2 // a prefecture
		switch {
		case u.Parent == 0:
			level = 1
		case u.Parent%10000 != 0:
			level = 3 // a district of a municipality
		}
		if level == 1 && v.zoom >= 9 || level == 2 && v.zoom < 5 || level == 3 && v.zoom < 9 {
			continue
		}
		x, y := v.px(Point{Lng: u.Lng, Lat: u.Lat})
		if x < -40 || y < -20 || x > float64(v.w)+40 || y > float64(v.h)+20 {
			continue
		}
		name := geo.ShortName(u.Name)
		tw := textWidth(name, 1)
		label := image.Rect(int(x)+5, int(y)-glyphHeight/2, int(x)+5+tw, int(y)+glyphHeight/2)
		if overlaps(label, *taken) {
			continue
		}
		*taken = append(*taken, label)
		disc(img, x, y, 3, placeDot)
		drawText(img, label.Min.X, label.Min.Y, name, 1, placeText)
	}
}

func overlaps(r image.Rectangle, rs []image.Rectangle) bool {
	for _, o := range rs {
		if r.Inset(-2).Overlaps(o) {
			return true
		}
	}
	return false
}

// drawMarkers draws the pins, numbered, then their labels beside them.
func drawMarkers(img *image.RGBA, v view, ms []Marker, f Font) {
	scale := max(1, int(math.Round(float64(f.Size)/glyphHeight)))
	for i, m := range ms {
		x, y := v.px(m.At)
		disc(img, x, y, 9, pinEdge)
		disc(img, x, y, 7, pinFill)
		n := strconv.Itoa(i + 1)
		drawText(img, int(x)-textWidth(n, 1)/2, int(y)-glyphHeight/2, n, 1, white)
		if m.Label == "" {
			continue
		}
		if rs := []rune(m.Label); len(rs) > MaxLabel {
			m.Label = string(rs[:MaxLabel-1]) + "…"
		}
		tx, ty := int(x)+12, int(y)-glyphHeight*scale/2
		if f.HasBackground {
			fillRect(img, tx-2, ty-1, tx+textWidth(m.Label, scale)+2, ty+glyphHeight*scale+1, f.Background)
		}
		drawText(img, tx, ty, m.Label, scale, f.Color)
	}
}

// drawScale draws a bar of a round length (at most 120 pixels) bottom
// left, as long as that distance is at the centre's latitude.
func drawScale(img *image.RGBA, v view, lat float64) {
	mPerPx := 156543.03392 * math.Cos(lat*math.Pi/180) / math.Exp2(float64(v.zoom))
	d := niceStep(mPerPx * 120)
	if d > mPerPx*120 {
		d /= 2.5 // 5 → 2, 2 → 0.8: keep it short
		d = niceFloor(d)
	}
	px := int(math.Round(d / mPerPx))
	x0, y0 := 10, v.h-30
	fillRect(img, x0, y0, x0+px, y0+3, black)
	fillRect(img, x0, y0-5, x0+2, y0+3, black)
	fillRect(img, x0+px-2, y0-5, x0+px, y0+3, black)
	label := strconv.FormatFloat(d, 'f', -1, 64) + " m"
	if d >= 1000 {
		label = strconv.FormatFloat(d/1000, 'f', -1, 64) + " km"
	}
	fillRect(img, x0, y0+4, x0+textWidth(label, 1)+2, y0+4+glyphHeight, color.RGBA{0xFF, 0xFF, 0xFF, 0xB0})
	drawText(img, x0+1, y0+4, label, 1, black)
}

// niceFloor rounds d down to 1, 2 or 5 times a power of ten.
func niceFloor(d float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(d)))
	for _, m := range []float64{5, 2, 1} {
		if d >= m*p {
			return m * p
		}
	}
	return p
}

// far bounds the pixel coordinates handed to the rasterizer: shapes are
// clipped to [-far, far]² first (clipSegment, clipPolygon), which changes
// nothing that shows and keeps float32 precise.
const far = 1 << 15

// clipSegment clips a–b to the far square (Liang–Barsky); ok false when
// none of it is inside.
func clipSegment(a, b [2]float64) (ca, cb [2]float64, ok bool) {
	t0, t1 := 0.0, 1.0
	d := [2]float64{b[0] - a[0], b[1] - a[1]}
	for i := 0; i < 2; i++ {
		for _, e := range [2]struct{ p, q float64 }{{-d[i], a[i] + far}, {d[i], far - a[i]}} {
			if e.p == 0 {
				if e.q < 0 {
					return ca, cb, false
				}
				continue
			}
			r := e.q / e.p
			if e.p < 0 {
				t0 = math.Max(t0, r)
			} else {
				t1 = math.Min(t1, r)
			}
		}
	}
	if t0 > t1 {
		return ca, cb, false
	}
	return [2]float64{a[0] + t0*d[0], a[1] + t0*d[1]}, [2]float64{a[0] + t1*d[0], a[1] + t1*d[1]}, true
}

// clipPolygon clips a polygon to the far square (Sutherland–Hodgman).
func clipPolygon(poly [][2]float64) [][2]float64 {
	for axis := 0; axis < 2; axis++ {
		for _, sign := range []float64{1, -1} {
			inside := func(q [2]float64) bool { return sign*q[axis] <= far }
			var out [][2]float64
			for i, cur := range poly {
				prev := poly[(i+len(poly)-1)%len(poly)]
				if inside(cur) != inside(prev) {
					t := (sign*far - prev[axis]) / (cur[axis] - prev[axis])
					out = append(out, [2]float64{prev[0] + t*(cur[0]-prev[0]), prev[1] + t*(cur[1]-prev[1])})
				}
				if inside(cur) {
					out = append(out, cur)
				}
			}
			poly = out
		}
	}
	return poly
}

// path is a set of closed polygons in picture pixels, filled together:
// the vector rasterizer adds their coverage up (and takes its magnitude),
// so overlapping parts wound the same way stay solid.
type path [][][2]float64

func (p *path) add(pts ...[2]float64) { *p = append(*p, pts) }

// paint fills p with c (alpha blended), rasterizing only the part of the
// picture p's bounding box covers.
func (p path) paint(img *image.RGBA, c color.RGBA) {
	if c.A == 0 || len(p) == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range p {
		p[i] = clipPolygon(p[i])
	}
	for _, poly := range p {
		for _, q := range poly {
			minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
			minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
		}
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(img.Rect)
	if box.Empty() {
		return
	}
	z := vector.NewRasterizer(box.Dx(), box.Dy())
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for _, poly := range p {
		for i, q := range poly {
			x, y := float32(q[0]-ox), float32(q[1]-oy)
			if i == 0 {
				z.MoveTo(x, y)
			} else {
				z.LineTo(x, y)
			}
		}
		z.ClosePath()
	}
	// image.Uniform wants a premultiplied colour.
	a := uint32(c.A)
	src := image.NewUniform(color.RGBA{uint8(uint32(c.R) * a / 255), uint8(uint32(c.G) * a / 255), uint8(uint32(c.B) * a / 255), c.A})
	z.Draw(img, box, src, image.Point{})
}

// fillPath fills the polygon of pts with c (alpha blended).
func fillPath(img *image.RGBA, v view, pts []Point, c color.RGBA) {
	poly := make([][2]float64, len(pts))
	for i, p := range pts {
		poly[i][0], poly[i][1] = v.px(p)
	}
	path{poly}.paint(img, c)
}

// stroke draws the polyline pts, width pixels wide with round joins: one
// quad a segment and one disc a vertex, all wound the same way so their
// overlaps add up instead of cancelling.
func stroke(img *image.RGBA, v view, pts []Point, width int, c color.RGBA) {
	h := float64(width) / 2
	var p path
	px := make([][2]float64, len(pts))
	for i, pt := range pts {
		px[i][0], px[i][1] = v.px(pt)
	}
	for i := 0; i+1 < len(px); i++ {
		a, b, ok := clipSegment(px[i], px[i+1])
		if !ok {
			continue
		}
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		p.add([2]float64{a[0] + nx, a[1] + ny}, [2]float64{b[0] + nx, b[1] + ny}, [2]float64{b[0] - nx, b[1] - ny}, [2]float64{a[0] - nx, a[1] - ny})
	}
	if h >= 1 {
		for _, q := range px {
			p.add(circle(q[0], q[1], h)...)
		}
	}
	p.paint(img, c)
}

// circle is a disc's outline, wound like stroke's quads.
func circle(cx, cy, r float64) [][2]float64 {
	const n = 16
	out := make([][2]float64, n)
	for i := range out {
		a := -2 * math.Pi * float64(i) / n
		out[i] = [2]float64{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return out
}

// disc paints a filled circle.
func disc(img *image.RGBA, cx, cy, r float64, c color.RGBA) {
	path{circle(cx, cy, r)}.paint(img, c)
}
