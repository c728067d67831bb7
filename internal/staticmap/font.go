package staticmap

import (
	"bytes"
	"compress/gzip"
	_ "embed" // the label font
	"encoding/binary"
	"image"
	"image/color"
	"io"
	"sort"
	"sync"
)

// The label font: GNU Unifont's 8×16 and 16×16 bitmaps (genfont.go says
// which and from where), so Chinese place names and marker labels draw
// without a font on the host.
//
//go:embed data/unifont.bin.gz
var fontGz []byte

// glyphHeight is every glyph's height in pixels at scale 1.
const glyphHeight = 16

type fontIndex struct {
	cps  []uint16 // ascending
	offs []uint32 // into data: the width byte, then the rows
	data []byte
}

var font = sync.OnceValue(func() *fontIndex {
	zr, err := gzip.NewReader(bytes.NewReader(fontGz))
	if err != nil {
		panic("staticmap: font: " + err.Error())
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		panic("staticmap: font: " + err.Error())
	}
	f := &fontIndex{data: data}
	for i := 0; i+3 <= len(data); {
		cp := binary.BigEndian.Uint16(data[i:])
		w := int(data[i+2])
		f.cps = append(f.cps, cp)
		f.offs = append(f.offs, uint32(i+2))
		i += 3 + w*glyphHeight
	}
	return f
})

// glyph returns a rune's rows and its width in bytes (1 or 2), or ok false
// when the font has no glyph for it.
func (f *fontIndex) glyph(r rune) (rows []byte, w int, ok bool) {
	if r < 0 || r > 0xFFFF {
		return nil, 0, false
	}
	i := sort.Search(len(f.cps), func(i int) bool { return f.cps[i] >= uint16(r) })
	if i == len(f.cps) || f.cps[i] != uint16(r) {
		return nil, 0, false
	}
	o := int(f.offs[i])
	w = int(f.data[o])
	return f.data[o+1 : o+1+w*glyphHeight], w, true
}

// textWidth is the width in pixels of s drawn at scale.
func textWidth(s string, scale int) int {
	f := font()
	n := 0
	for _, r := range s {
		if _, w, ok := f.glyph(r); ok {
			n += w * 8
		} else {
			n += 8
		}
	}
	return n * scale
}

// drawText draws s with its top-left corner at (x, y), each font pixel a
// scale×scale square. A rune the font lacks draws as an empty box.
func drawText(img *image.RGBA, x, y int, s string, scale int, c color.RGBA) {
	f := font()
	for _, r := range s {
		if x >= img.Rect.Max.X {
			return // the rest is off the picture
		}
		rows, w, ok := f.glyph(r)
		if !ok {
			box(img, x+scale, y+2*scale, x+7*scale, y+14*scale, c)
			x += 8 * scale
			continue
		}
		for row := 0; row < glyphHeight; row++ {
			for b := 0; b < w*8; b++ {
				if rows[row*w+b/8]&(0x80>>(b%8)) == 0 {
					continue
				}
				fillRect(img, x+b*scale, y+row*scale, x+(b+1)*scale, y+(row+1)*scale, c)
			}
		}
		x += w * 8 * scale
	}
}

// fillRect paints [x0,x1)×[y0,y1), clipped to the image, blending c over it.
func fillRect(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			blend(img, x, y, c)
		}
	}
}

// box draws a one-pixel rectangle outline.
func box(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	fillRect(img, x0, y0, x1, y0+1, c)
	fillRect(img, x0, y1-1, x1, y1, c)
	fillRect(img, x0, y0, x0+1, y1, c)
	fillRect(img, x1-1, y0, x1, y1, c)
}

// blend paints c (not premultiplied, alpha in c.A) over the pixel.
func blend(img *image.RGBA, x, y int, c color.RGBA) {
	i := img.PixOffset(x, y)
	p := img.Pix[i : i+4 : i+4]
	a := uint32(c.A)
	p[0] = uint8((uint32(c.R)*a + uint32(p[0])*(255-a)) / 255)
	p[1] = uint8((uint32(c.G)*a + uint32(p[1])*(255-a)) / 255)
	p[2] = uint8((uint32(c.B)*a + uint32(p[2])*(255-a)) / 255)
	p[3] = uint8(a + uint32(p[3])*(255-a)/255)
}
