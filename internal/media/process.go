package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/disintegration/imaging"
	"golang.org/x/image/webp"
)

// Rendition geometry and quality.
const (
	thumbWidth     = 120
	thumbMaxHeight = 240 // taller thumbnails are cut from the top (long screenshots show their start)
	bmiddleWidth   = 440
	avatarHDMax    = 1024

	qualitySmall  = 85 // thumbnail, bmiddle, avatars
	qualityLarge  = 92 // a re-encoded original (rotated, or from WebP)
	qualityAvatar = 88
)

// resample is the filter of every resize: Lanczos-3, the sharpest of
// imaging's filters without ringing worth noticing at these ratios.
var resample = imaging.Lanczos

// ProcessPicture checks and decodes a status picture and makes its
// renditions:
//
//   - thumbnail: at most 120 px wide, never enlarged; cut to 240 px high
//     from the top when taller;
//   - bmiddle: at most 440 px wide, never enlarged;
//   - large (original_pic): the whole picture at its own size.
//
// JPEG stays JPEG and PNG stays PNG; WebP (which is read but not written)
// becomes JPEG, or PNG when it has transparency. The EXIF orientation is
// applied to every size. The large rendition of a JPEG or PNG is the
// uploaded stream with its metadata segments removed, losslessly (a JPEG
// that must be rotated is re-encoded instead).
//
// An animated GIF keeps every frame in large (re-encoded: comments and
// other extensions go); its thumbnail and bmiddle are still images of its
// first frame, so a timeline never pays for a resized animation of every
// frame. Errors are *domain.Error with the reasons ReasonImageMissing,
// ReasonImageType or ReasonImageTooLarge.
func ProcessPicture(data []byte, lim Limits) (up *Upload, err error) {
	defer guard(&up, &err)
	lim = lim.WithDefaults()
	src, _, err := header(data, lim)
	if err != nil {
		return nil, err
	}
	if src == srcGIF {
		return processGIF(data)
	}
	img, orientation, err := decodeStill(src, data)
	if err != nil {
		return nil, err
	}
	f := JPEG
	switch {
	case src == srcPNG:
		f = PNG
	case src == srcWebP && !opaque(img):
		f = PNG
	}
	up = &Upload{ID: newID(string(KindPicture), data, f), Kind: KindPicture, Format: f}
	b := img.Bounds()
	up.Width, up.Height = b.Dx(), b.Dy()
	if swapsAxes(orientation) {
		up.Width, up.Height = up.Height, up.Width
	}
	thumb, bm := derive(img, orientation)

	var large []byte
	if orientation == 1 {
		switch src {
		case srcJPEG:
			large, _ = stripJPEG(data)
		case srcPNG:
			large, _ = stripPNG(data)
		}
		if large != nil && !sameSize(src, large, up.Width, up.Height) {
			large = nil // the copy is not what was decoded: re-encode instead
		}
	}
	if large == nil {
		if large, err = encode(orient(img, orientation), f, qualityLarge); err != nil {
			return nil, err
		}
	}
	if err := up.addSmall(thumb, bm, func(img image.Image) ([]byte, error) { return encode(img, f, qualitySmall) }); err != nil {
		return nil, err
	}
	up.add(Large, large, up.Width, up.Height)
	return up, nil
}

// derive makes the bmiddle and the thumbnail of img (as decoded; o is its
// EXIF orientation, applied to both). bmiddle comes from the picture, the
// thumbnail from bmiddle: one resize of the whole picture instead of two,
// at no visible cost at 120 px. Only the small results are turned.
func derive(img image.Image, o int) (thumb, bm image.Image) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if swapsAxes(o) {
		w, h = h, w
	}
	bw, bh := fitWidth(w, h, bmiddleWidth)
	if swapsAxes(o) {
		bm = orient(resizeTo(img, bh, bw), o)
	} else {
		bm = orient(resizeTo(img, bw, bh), o)
	}
	tw, th := fitWidth(bw, bh, thumbWidth)
	thumb = resizeTo(bm, tw, th)
	if th > thumbMaxHeight {
		thumb = imaging.Crop(thumb, image.Rect(0, 0, tw, thumbMaxHeight))
	}
	return thumb, bm
}

// addSmall encodes and adds the thumbnail and bmiddle renditions.
func (up *Upload) addSmall(thumb, bm image.Image, enc func(image.Image) ([]byte, error)) error {
	for _, r := range []struct {
		size string
		img  image.Image
	}{{Thumbnail, thumb}, {Bmiddle, bm}} {
		data, err := enc(r.img)
		if err != nil {
			return err
		}
		up.add(r.size, data, r.img.Bounds().Dx(), r.img.Bounds().Dy())
	}
	return nil
}

// ProcessAvatar checks and decodes an avatar and makes its square
// renditions: the centre square of the picture (orientation applied) at 30,
// 50, 100 and 180 px, and at its own size up to 1024 px (hd). They are JPEG,
// or PNG when the picture has transparency; a GIF's first frame is used.
func ProcessAvatar(data []byte, lim Limits) (*Upload, error) {
	return processAvatar(string(KindAvatar), data, lim)
}

func processAvatar(namespace string, data []byte, lim Limits) (up *Upload, err error) {
	defer guard(&up, &err)
	lim = lim.WithDefaults()
	src, _, err := header(data, lim)
	if err != nil {
		return nil, err
	}
	var img image.Image
	orientation := 1
	if src == srcGIF {
		g, err := gif.DecodeAll(bytes.NewReader(data))
		if err != nil {
			return nil, errType("the GIF image cannot be decoded", err)
		}
		img = firstFrame(g)
	} else if img, orientation, err = decodeStill(src, data); err != nil {
		return nil, err
	}
	f := JPEG
	if !opaque(img) {
		f = PNG
	}
	// The centre square is the same whichever way the picture is turned, so
	// it is cut and scaled first and each small result turned after.
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	sq := centerSquare(img, side)
	hdSide := min(side, avatarHDMax)
	hd := sq
	if hdSide != side {
		hd = imaging.Resize(sq, hdSide, hdSide, resample)
	}
	up = &Upload{ID: newID(namespace, data, f), Kind: KindAvatar, Format: f, Width: hdSide, Height: hdSide}
	for _, s := range []struct {
		size string
		px   int
	}{{Avatar30, 30}, {Avatar50, 50}, {Avatar100, 100}, {Avatar180, 180}, {AvatarHD, 0}} {
		var r image.Image = hd
		if s.px != 0 {
			r = imaging.Resize(hd, s.px, s.px, resample)
		}
		r = orient(r, orientation)
		data, err := encode(r, f, qualityAvatar)
		if err != nil {
			return nil, err
		}
		up.add(s.size, data, r.Bounds().Dx(), r.Bounds().Dy())
	}
	return up, nil
}

func (up *Upload) add(size string, data []byte, w, h int) {
	up.Renditions = append(up.Renditions, Rendition{Size: size, Key: Key(up.Kind, size, up.ID),
		ContentType: up.Format.ContentType(), Data: data, Width: w, Height: h})
}

// decodeStill decodes a JPEG, PNG or WebP; a JPEG's EXIF orientation comes
// with it (1 for the others).
func decodeStill(src source, data []byte) (image.Image, int, error) {
	var img image.Image
	var err error
	orientation := 1
	r := bytes.NewReader(data)
	switch src {
	case srcJPEG:
		img, err = jpeg.Decode(r)
		orientation = jpegOrientation(data)
	case srcPNG:
		img, err = png.Decode(r)
	case srcWebP:
		img, err = webp.Decode(r)
	default:
		return nil, 0, errType("unsupported image type", nil)
	}
	if err != nil {
		return nil, 0, errType("the "+src.String()+" image cannot be decoded", err)
	}
	return img, orientation, nil
}

// processGIF stores a GIF: large is every frame re-encoded, the smaller
// sizes are the first frame, still.
func processGIF(data []byte) (*Upload, error) {
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		return nil, errType("the GIF image cannot be decoded", err)
	}
	if len(g.Image) == 0 {
		return nil, errType("the GIF image has no frames", nil)
	}
	var large bytes.Buffer
	if err := gif.EncodeAll(&large, g); err != nil {
		return nil, errType("the GIF image cannot be re-encoded", err)
	}
	first := firstFrame(g)
	up := &Upload{ID: newID(string(KindPicture), data, GIF), Kind: KindPicture, Format: GIF,
		Width: first.Bounds().Dx(), Height: first.Bounds().Dy(), Animated: len(g.Image) > 1}
	pal := stillPalette(g.Image[0].Palette)
	thumb, bm := derive(first, 1)
	if err := up.addSmall(thumb, bm, func(img image.Image) ([]byte, error) { return encodeGIFStill(img, pal) }); err != nil {
		return nil, err
	}
	up.add(Large, large.Bytes(), up.Width, up.Height)
	return up, nil
}

// firstFrame is a GIF's first frame on its canvas (transparent around it).
func firstFrame(g *gif.GIF) *image.NRGBA {
	w, h := g.Config.Width, g.Config.Height
	f := g.Image[0]
	if w <= 0 || h <= 0 {
		w, h = f.Bounds().Max.X, f.Bounds().Max.Y
	}
	canvas := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(canvas, f.Bounds().Intersect(canvas.Bounds()), f, f.Bounds().Min, draw.Over)
	return canvas
}

// stillPalette is the palette the smaller renditions of a GIF are drawn
// with: its first frame's, with a transparent entry when it has none and
// there is room (the canvas around a small first frame is transparent).
func stillPalette(p color.Palette) color.Palette {
	out := append(color.Palette(nil), p...)
	for _, c := range out {
		if _, _, _, a := c.RGBA(); a == 0 {
			return out
		}
	}
	if len(out) < 256 {
		out = append(out, color.NRGBA{})
	}
	return out
}

func encodeGIFStill(img image.Image, pal color.Palette) ([]byte, error) {
	p := image.NewPaletted(img.Bounds(), pal)
	draw.FloydSteinberg.Draw(p, p.Bounds(), img, img.Bounds().Min)
	var buf bytes.Buffer
	if err := gif.Encode(&buf, p, nil); err != nil {
		return nil, fmt.Errorf("media: encode gif: %w", err)
	}
	return buf.Bytes(), nil
}

// fitWidth scales w×h down to at most maxW wide, keeping the aspect (at
// least 1 px each way); a narrower picture keeps its size.
func fitWidth(w, h, maxW int) (int, int) {
	if w <= maxW {
		return w, h
	}
	return maxW, max(1, int((int64(h)*int64(maxW)+int64(w)/2)/int64(w)))
}

// resizeTo resamples img to w×h; a picture already of that size is
// returned as it is.
func resizeTo(img image.Image, w, h int) image.Image {
	if b := img.Bounds(); w == b.Dx() && h == b.Dy() {
		return img
	}
	return imaging.Resize(img, w, h, resample)
}

// swapsAxes reports whether an EXIF orientation turns the picture a quarter.
func swapsAxes(o int) bool { return o >= 5 && o <= 8 }

// orient applies an EXIF orientation (1-8) to img.
func orient(img image.Image, o int) image.Image {
	switch o {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// opaque reports whether img has no transparent pixel.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// centerSquare is img's centre side×side square: a view sharing its
// pixels when the image type allows (every decoder's does), else a copy.
func centerSquare(img image.Image, side int) image.Image {
	b := img.Bounds()
	r := image.Rect(0, 0, side, side).Add(b.Min).Add(image.Pt((b.Dx()-side)/2, (b.Dy()-side)/2))
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	return imaging.Crop(img, r)
}

func encode(img image.Image, f Format, quality int) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case PNG:
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	default:
		// image/jpeg reads *image.RGBA row by row but anything else pixel
		// by pixel through At, allocating for each: 12 M allocations for a
		// 12 MP picture. Opaque NRGBA pixels are RGBA pixels (a JPEG is
		// only made of opaque pictures), so imaging's results go the fast way.
		if n, ok := img.(*image.NRGBA); ok {
			img = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
		}
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality})
	}
	if err != nil {
		return nil, fmt.Errorf("media: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// sameSize checks that a stripped copy still declares the decoded size.
func sameSize(src source, b []byte, w, h int) bool {
	var cfg image.Config
	var err error
	switch src {
	case srcJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(b))
	case srcPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(b))
	default:
		return false
	}
	return err == nil && cfg.Width == w && cfg.Height == h
}
