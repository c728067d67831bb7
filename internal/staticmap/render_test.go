package staticmap

import (
	"image/color"
	"math"
	"strings"
	"testing"
)

func TestWorldRoundTrip(t *testing.T) {
	for _, p := range []Point{{116.404, 39.915}, {-70.5, -33.4}, {0, 0}, {179.9, 85}} {
		for _, z := range []int{1, 9, 17} {
			x, y := world(p, z)
			q := unworld(x, y, z)
			if math.Abs(q.Lng-p.Lng) > 1e-9 || math.Abs(q.Lat-p.Lat) > 1e-9 {
				t.Errorf("zoom %d: %v → (%f, %f) → %v", z, p, x, y, q)
			}
		}
	}
	// Zoom 0's world is one 256-pixel tile: the origin is its middle.
	if x, y := world(Point{0, 0}, 0); x != 128 || y != 128 {
		t.Errorf("world(0,0) = %f, %f", x, y)
	}
}

func TestFitZoom(t *testing.T) {
	c := Point{116.40, 39.90}
	r := Request{Center: c, Width: 400, Height: 300}
	if z := fitZoom(&r); z != 11 {
		t.Errorf("nothing to fit: zoom %d, want 11", z)
	}
	r.Markers = []Marker{{At: c}}
	if z := fitZoom(&r); z != MaxZoom {
		t.Errorf("a marker on the centre: zoom %d, want %d", z, MaxZoom)
	}
	// Beijing to Shanghai needs a country-wide zoom; every point shows.
	r.Markers = append(r.Markers, Marker{At: Point{121.47, 31.23}})
	z := fitZoom(&r)
	v := newView(c, z, 400, 300, 0, 0)
	for _, m := range r.Markers {
		if x, y := v.px(m.At); x < fitMargin || y < fitMargin || x > 400-fitMargin || y > 300-fitMargin {
			t.Errorf("zoom %d leaves %v at (%f, %f)", z, m.At, x, y)
		}
	}
	if v := newView(c, z+1, 400, 300, 0, 0); func() bool {
		x, y := v.px(Point{121.47, 31.23})
		return x <= 400-fitMargin && y <= 300-fitMargin && y >= fitMargin
	}() {
		t.Errorf("zoom %d is not the largest that fits", z)
	}
}

func TestNiceStepAndDegrees(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{0.0515, 0.1}, {0.05, 0.05}, {3, 5}, {1, 1}, {11, 20}, {0, 1}} {
		if got := niceStep(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("niceStep(%g) = %g, want %g", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		d, step float64
		want    string
	}{{116.4, 0.1, "116.4°E"}, {-33, 1, "33°W"}, {39.95, 0.05, "39.95°N"}} {
		pos, neg := "E", "W"
		if strings.HasSuffix(c.want, "N") {
			pos, neg = "N", "S"
		}
		if got := degrees(c.d, c.step, pos, neg); got != c.want {
			t.Errorf("degrees(%g, %g) = %s, want %s", c.d, c.step, got, c.want)
		}
	}
}

func TestFont(t *testing.T) {
	f := font()
	for _, c := range []struct {
		r rune
		w int
	}{{'A', 1}, {'中', 2}, {'，', 2}, {'é', 1}} {
		rows, w, ok := f.glyph(c.r)
		if !ok || w != c.w || len(rows) != w*glyphHeight {
			t.Errorf("glyph %q: ok %v, width %d, %d rows", c.r, ok, w, len(rows))
		}
	}
	if _, _, ok := f.glyph('가'); ok {
		t.Error("hangul is not in the font's ranges")
	}
	if w := textWidth("北京 A", 1); w != 16+16+8+8 {
		t.Errorf("textWidth = %d", w)
	}
}

// Points far outside the picture, the largest sizes and labels, every
// feature at once: drawn without trouble, and the markers still show.
func TestRenderExtremes(t *testing.T) {
	far := Point{-179.9, -84}
	r := Request{Center: Point{116.4, 39.9}, Zoom: MaxZoom, Width: MaxSize, Height: MaxSize, Scale: true,
		Font:    Font{Size: MaxFontSize, Color: RGB(0x112233), Background: RGB(0xFFFFFF), HasBackground: true},
		Line:    &Shape{Points: []Point{far, {116.4, 39.9}, {179.9, 84}}, Stroke: RGB(0xFF0000), Width: MaxWidth},
		Polygon: &Shape{Points: []Point{far, {179, -80}, {116.4, 39.9}}, Stroke: RGB(0x00FF00), Width: MaxWidth, Fill: color.RGBA{0, 0, 255, 128}},
	}
	for i := 0; i < MaxPoints; i++ {
		r.Markers = append(r.Markers, Marker{At: Point{116.4 + float64(i)*1e-4, 39.9}, Label: strings.Repeat("长", 500)})
	}
	img := Render(r)
	if b := img.Bounds(); b.Dx() != MaxSize || b.Dy() != MaxSize {
		t.Fatalf("size %v", b)
	}
	// Out-of-range sizes and zooms are clamped, not trusted.
	img = Render(Request{Center: Point{0, 0}, Zoom: 99, Width: 5000, Height: -1})
	if b := img.Bounds(); b.Dx() != MaxSize || b.Dy() != 1 {
		t.Fatalf("clamped size %v", b)
	}
}

func BenchmarkRender(b *testing.B) {
	r := Request{Center: Point{116.404, 39.915}, Width: 480, Height: 360, Scale: true,
		Markers: []Marker{{Point{116.397, 39.908}, "天安门"}, {Point{116.322, 39.980}, "清华"}},
		Line:    &Shape{Points: []Point{{116.30, 39.90}, {116.35, 39.95}, {116.45, 39.93}}, Stroke: RGB(0x0000FF), Width: 4}}
	for b.Loop() {
		Render(r)
	}
}

func TestClip(t *testing.T) {
	// A segment from the middle to far away keeps its direction.
	a, b, ok := clipSegment([2]float64{0, 0}, [2]float64{4 * far, 2 * far})
	if !ok || a != [2]float64{0, 0} || b != [2]float64{far, far / 2} {
		t.Fatalf("clipSegment = %v %v %v", a, b, ok)
	}
	if _, _, ok := clipSegment([2]float64{2 * far, 0}, [2]float64{3 * far, 5}); ok {
		t.Fatal("a segment wholly outside was kept")
	}
	// A huge triangle around the square covers all of it.
	poly := clipPolygon([][2]float64{{-10 * far, -10 * far}, {10 * far, -10 * far}, {0, 10 * far}})
	for _, q := range poly {
		if math.Abs(q[0]) > far+1e-6 || math.Abs(q[1]) > far+1e-6 {
			t.Fatalf("vertex %v outside", q)
		}
	}
	if len(poly) < 4 {
		t.Fatalf("clipped triangle %v", poly)
	}
	// A line from a visible point to one 1000 km away at zoom 17 is still
	// drawn where it starts, in its own direction.
	r := Request{Center: Point{116.4, 39.9}, Zoom: MaxZoom, Width: 100, Height: 100,
		Line: &Shape{Points: []Point{{116.4, 39.9}, {126.4, 39.9}}, Stroke: RGB(0xFF0000), Width: 6}}
	img := Render(r)
	if c := img.RGBAAt(90, 50); c != (color.RGBA{0xFF, 0, 0, 0xFF}) {
		t.Fatalf("eastward line at (90, 50): %v", c)
	}
	if c := img.RGBAAt(90, 20); c == (color.RGBA{0xFF, 0, 0, 0xFF}) {
		t.Fatal("eastward line strays north")
	}
}
