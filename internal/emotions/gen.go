//go:build ignore

// gen draws the emoticon images into img/: 22×22 PNGs of simple shapes
// (a face with eyes and a mouth per mood, a heart, a sun...). Run with
// go generate ./internal/emotions.
package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
)

const size = 22

type canvas struct{ *image.NRGBA }

func newCanvas() canvas { return canvas{image.NewNRGBA(image.Rect(0, 0, size, size))} }

// disc fills a circle of radius r around (cx, cy).
func (c canvas) disc(cx, cy, r float64, col color.NRGBA) {
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			if dx*dx+dy*dy <= r*r {
				c.Set(x, y, col)
			}
		}
	}
}

// arc draws the points of a circle of radius r between angles a0 and a1 (radians).
func (c canvas) arc(cx, cy, r, a0, a1 float64, col color.NRGBA) {
	for a := a0; a <= a1; a += 0.05 {
		c.Set(int(cx+r*math.Cos(a)), int(cy+r*math.Sin(a)), col)
	}
}

func (c canvas) line(x0, y0, x1, y1 float64, col color.NRGBA) {
	n := int(math.Max(math.Abs(x1-x0), math.Abs(y1-y0))*2) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		c.Set(int(x0+(x1-x0)*t), int(y0+(y1-y0)*t), col)
	}
}

var (
	yellow = color.NRGBA{0xff, 0xd2, 0x3c, 0xff}
	brown  = color.NRGBA{0x5a, 0x3a, 0x1a, 0xff}
	red    = color.NRGBA{0xe5, 0x3a, 0x3a, 0xff}
	blue   = color.NRGBA{0x3a, 0x8c, 0xe5, 0xff}
	pink   = color.NRGBA{0xff, 0x8c, 0xa8, 0xff}
	white  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	black  = color.NRGBA{0x20, 0x20, 0x20, 0xff}
	grey   = color.NRGBA{0xa0, 0xa0, 0xa0, 0xff}
	green  = color.NRGBA{0x6a, 0xc2, 0x5a, 0xff}
)

// face draws a face; mood picks the eyes and mouth.
func face(mood string) canvas {
	c := newCanvas()
	skin := yellow
	switch mood {
	case "nu", "zhuakuang":
		skin = color.NRGBA{0xff, 0x80, 0x50, 0xff}
	case "shengbing", "shuai":
		skin = color.NRGBA{0xc8, 0xe0, 0x90, 0xff}
	}
	c.disc(11, 11, 10, skin)
	eyes := func(col color.NRGBA, r float64) { c.disc(7.5, 9, r, col); c.disc(14.5, 9, r, col) }
	switch mood {
	case "haha", "taikaixin", "xixi":
		c.arc(7.5, 10, 2, math.Pi, 2*math.Pi, brown)
		c.arc(14.5, 10, 2, math.Pi, 2*math.Pi, brown)
	case "shuijiao", "kun", "bizui", "sikao":
		c.line(5.5, 9, 9.5, 9, brown)
		c.line(12.5, 9, 16.5, 9, brown)
	case "yun":
		c.arc(7.5, 9, 2, 0, 2*math.Pi, brown)
		c.arc(14.5, 9, 2, 0, 2*math.Pi, brown)
	case "chijing":
		eyes(white, 2.4)
		eyes(black, 1.2)
	case "ku2":
		c.line(4, 8, 18, 8, black)
		eyes(black, 2)
	case "aini":
		c.disc(6.5, 8, 1.6, red)
		c.disc(8.5, 8, 1.6, red)
		c.disc(13.5, 8, 1.6, red)
		c.disc(15.5, 8, 1.6, red)
	case "qian":
		c.line(7.5, 6.5, 7.5, 11.5, green)
		c.line(14.5, 6.5, 14.5, 11.5, green)
		c.line(6, 9, 9, 9, green)
		c.line(13, 9, 16, 9, green)
	default:
		eyes(brown, 1.3)
	}
	switch mood {
	case "haha", "taikaixin":
		c.disc(11, 14, 4, brown)
		c.disc(11, 12.5, 4, skin)
		c.disc(11, 15.5, 1.5, red)
	case "hehe", "xixi", "touxiao", "aini", "qian", "ku2":
		c.arc(11, 12, 4.5, 0.3, math.Pi-0.3, brown)
	case "ku", "lei", "kelian", "shuai", "shangxin":
		c.arc(11, 18, 4, math.Pi+0.4, 2*math.Pi-0.4, brown)
		if mood == "ku" || mood == "lei" {
			c.disc(6, 13, 1.3, blue)
			c.disc(16, 13, 1.3, blue)
		}
	case "nu", "zhuakuang", "bishi":
		c.line(7, 16, 15, 16, brown)
		c.line(5, 6, 9, 7.5, brown)
		c.line(17, 6, 13, 7.5, brown)
	case "chijing":
		c.arc(11, 15.5, 2, 0, 2*math.Pi, brown)
	case "qinqin":
		c.disc(11, 15, 1.8, red)
	case "haixiu":
		c.arc(11, 13, 3, 0.5, math.Pi-0.5, brown)
		c.disc(5.5, 13, 1.8, pink)
		c.disc(16.5, 13, 1.8, pink)
	case "bizui":
		c.line(7, 15, 15, 15, brown)
		c.line(9, 13.5, 9, 16.5, brown)
		c.line(13, 13.5, 13, 16.5, brown)
	case "han":
		c.line(8, 15, 14, 15, brown)
		c.disc(17, 5, 1.6, blue)
	case "shengbing":
		c.disc(11, 15, 3, white)
	default:
		c.line(8, 15, 14, 15, brown)
	}
	return c
}

func heart(col color.NRGBA, broken bool) canvas {
	c := newCanvas()
	c.disc(7.5, 8, 4.5, col)
	c.disc(14.5, 8, 4.5, col)
	for y := 8; y < 20; y++ {
		w := float64(20-y) * 0.85
		for x := int(11 - w); x <= int(11+w); x++ {
			c.Set(x, y, col)
		}
	}
	if broken {
		c.line(11, 4, 9, 9, white)
		c.line(9, 9, 13, 13, white)
		c.line(13, 13, 11, 19, white)
	}
	return c
}

func other(name string) canvas {
	c := newCanvas()
	switch name {
	case "taiyang":
		for a := 0.0; a < 2*math.Pi; a += math.Pi / 4 {
			c.line(11, 11, 11+10*math.Cos(a), 11+10*math.Sin(a), color.NRGBA{0xff, 0xa0, 0x00, 0xff})
		}
		c.disc(11, 11, 6, color.NRGBA{0xff, 0xc0, 0x00, 0xff})
	case "yueliang":
		c.disc(11, 11, 9, color.NRGBA{0xf0, 0xe0, 0x80, 0xff})
		c.disc(15, 8, 8, color.NRGBA{})
	case "xiayu":
		c.disc(8, 8, 5, grey)
		c.disc(14, 8, 5, grey)
		for _, x := range []float64{6, 11, 16} {
			c.line(x, 14, x-2, 20, blue)
		}
	case "dangao":
		c.disc(11, 6, 1.5, color.NRGBA{0xff, 0xa0, 0x00, 0xff})
		c.line(11, 8, 11, 11, red)
		for y := 11; y < 20; y++ {
			for x := 3; x < 19; x++ {
				col := pink
				if y < 14 {
					col = white
				}
				c.Set(x, y, col)
			}
		}
	case "liwu":
		for y := 7; y < 20; y++ {
			for x := 3; x < 19; x++ {
				c.Set(x, y, red)
			}
		}
		c.line(11, 4, 11, 20, color.NRGBA{0xff, 0xd0, 0x00, 0xff})
		c.line(3, 12, 19, 12, color.NRGBA{0xff, 0xd0, 0x00, 0xff})
		c.disc(8, 5, 2.5, color.NRGBA{0xff, 0xd0, 0x00, 0xff})
		c.disc(14, 5, 2.5, color.NRGBA{0xff, 0xd0, 0x00, 0xff})
	case "xiongmao":
		c.disc(5, 5, 3.5, black)
		c.disc(17, 5, 3.5, black)
		c.disc(11, 12, 9, white)
		c.disc(7.5, 11, 2.5, black)
		c.disc(14.5, 11, 2.5, black)
		c.disc(11, 16, 1.4, black)
	case "tuzi":
		c.disc(8, 5, 2.5, white)
		c.disc(14, 5, 2.5, white)
		c.line(8, 2, 8, 8, pink)
		c.line(14, 2, 14, 8, pink)
		c.disc(11, 14, 7, white)
		c.disc(8.5, 13, 1.1, black)
		c.disc(13.5, 13, 1.1, black)
		c.disc(11, 16, 1, pink)
	case "xiaomao":
		c.line(4, 3, 7, 9, color.NRGBA{0xf0, 0xa0, 0x40, 0xff})
		c.line(18, 3, 15, 9, color.NRGBA{0xf0, 0xa0, 0x40, 0xff})
		c.disc(11, 13, 8, color.NRGBA{0xf0, 0xa0, 0x40, 0xff})
		c.disc(8, 12, 1.2, black)
		c.disc(14, 12, 1.2, black)
		c.line(4, 15, 9, 15, black)
		c.line(13, 15, 18, 15, black)
	case "xiaogou":
		c.disc(11, 12, 8, color.NRGBA{0xc0, 0x90, 0x60, 0xff})
		c.disc(4, 11, 3, brown)
		c.disc(18, 11, 3, brown)
		c.disc(8.5, 11, 1.2, black)
		c.disc(13.5, 11, 1.2, black)
		c.disc(11, 15, 1.8, black)
	}
	return c
}

func main() {
	imgs := map[string]canvas{
		"xin.png": heart(red, false), "shangxin.png": heart(red, true),
	}
	for _, m := range []string{"haha", "hehe", "xixi", "touxiao", "aini", "qinqin", "haixiu", "taikaixin", "ku", "lei",
		"kelian", "shuai", "nu", "zhuakuang", "bishi", "chijing", "yun", "han", "kun", "shuijiao", "sikao", "bizui",
		"ku2", "shengbing", "qian"} {
		imgs[m+".png"] = face(m)
	}
	for _, o := range []string{"taiyang", "yueliang", "xiayu", "dangao", "liwu", "xiongmao", "tuzi", "xiaomao", "xiaogou"} {
		imgs[o+".png"] = other(o)
	}
	for name, c := range imgs {
		var b bytes.Buffer
		if err := png.Encode(&b, c); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("img", name), b.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
