package media

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

//go:embed testdata/blue-purple-pink.lossy.webp
var webpLossy []byte // 150×100, opaque

//go:embed testdata/gopher-doc.with-alpha.lossless.webp
var webpAlpha []byte // 75×100, transparent

// photo draws a w×h picture with gradients and texture (so JPEG sizes are
// realistic), its top-left 10% red and its top-right 10% blue.
func photo(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < w; x++ {
			c := [4]uint8{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x*7 + y*13) % 256), 255}
			switch {
			case y < h/10 && x < w/10:
				c = [4]uint8{255, 0, 0, 255}
			case y < h/10 && x >= w-w/10:
				c = [4]uint8{0, 0, 255, 255}
			}
			copy(row[4*x:], c[:])
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// secret is what metadata carries in these tests; no rendition may hold it.
const secret = "SECRET-GPS-31.2304N"

// withEXIF inserts, after SOI, an APP1 EXIF segment with the orientation
// tag and an ImageDescription holding secret, then a comment, and appends
// bytes after EOI (as phones append depth maps).
func withEXIF(jpg []byte, orientation uint16) []byte {
	le := binary.LittleEndian
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	tiff = le.AppendUint16(tiff, 2) // two entries
	tiff = le.AppendUint16(tiff, 0x0112)
	tiff = le.AppendUint16(tiff, 3)
	tiff = le.AppendUint32(tiff, 1)
	tiff = le.AppendUint16(tiff, orientation)
	tiff = le.AppendUint16(tiff, 0)
	desc := []byte(secret + "\x00")
	tiff = le.AppendUint16(tiff, 0x010E)
	tiff = le.AppendUint16(tiff, 2)
	tiff = le.AppendUint32(tiff, uint32(len(desc)))
	tiff = le.AppendUint32(tiff, uint32(8+2+2*12+4))
	tiff = le.AppendUint32(tiff, 0) // no next IFD
	tiff = append(tiff, desc...)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(app1)+2))
	seg = append(seg, app1...)
	com := []byte{0xFF, 0xFE}
	com = binary.BigEndian.AppendUint16(com, uint16(len(secret)+2))
	com = append(com, secret...)
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, com...)
	out = append(out, jpg[2:]...)
	return append(out, []byte("trailing "+secret)...)
}

// withText inserts a tEXt chunk holding secret after a PNG's IHDR.
func withText(p []byte) []byte {
	data := []byte("Comment\x00" + secret)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("tEXt"), data...)))
	const ihdrEnd = 8 + 25
	out := append([]byte(nil), p[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, p[ihdrEnd:]...)
}

// animated makes an n-frame w×h GIF whose frames are solid colours.
func animated(t testing.TB, w, h, n int) []byte {
	t.Helper()
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{}}
	g := &gif.GIF{LoopCount: 0}
	for i := range n {
		f := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for p := range f.Pix {
			f.Pix[p] = uint8(i % 3)
		}
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10+i)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decodeAny(t *testing.T, r *Rendition) image.Image {
	t.Helper()
	img, format, err := image.Decode(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("%s: decode: %v", r.Key, err)
	}
	if want := map[string]string{"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif"}[r.ContentType]; format != want {
		t.Fatalf("%s: %s bytes stored as %s", r.Key, format, r.ContentType)
	}
	if b := img.Bounds(); b.Dx() != r.Width || b.Dy() != r.Height {
		t.Fatalf("%s: decodes to %dx%d, rendition says %dx%d", r.Key, b.Dx(), b.Dy(), r.Width, r.Height)
	}
	return img
}

// check asserts an upload's shape: id, keys, sizes, formats, no metadata.
func check(t *testing.T, up *Upload, kind Kind, f Format, sizes map[string][2]int) {
	t.Helper()
	if !ValidID(up.ID) || FormatOf(up.ID) != f || up.Format != f || up.Kind != kind {
		t.Fatalf("id %q, format %c, kind %s; want format %c, kind %s", up.ID, up.Format, up.Kind, f, kind)
	}
	if len(up.Renditions) != len(Sizes(kind)) {
		t.Fatalf("%d renditions, want %d", len(up.Renditions), len(Sizes(kind)))
	}
	for _, size := range Sizes(kind) {
		r := up.Rendition(size)
		if r == nil {
			t.Fatalf("no %s rendition", size)
		}
		if r.Key != Key(kind, size, up.ID) || r.ContentType != f.ContentType() {
			t.Fatalf("%s: key %s, type %s", size, r.Key, r.ContentType)
		}
		decodeAny(t, r)
		if want, ok := sizes[size]; ok && (r.Width != want[0] || r.Height != want[1]) {
			t.Errorf("%s: %dx%d, want %dx%d", size, r.Width, r.Height, want[0], want[1])
		}
		for _, leak := range []string{secret, "Exif\x00\x00", "tEXt"} {
			if bytes.Contains(r.Data, []byte(leak)) {
				t.Errorf("%s still holds %q", size, leak)
			}
		}
	}
}

func near(c color.Color, r, g, b uint8) bool {
	cr, cg, cb, _ := c.RGBA()
	d := func(a uint32, b uint8) bool { x := int(a>>8) - int(b); return x > -40 && x < 40 }
	return d(cr, r) && d(cg, g) && d(cb, b)
}

func TestPNG(t *testing.T) {
	t.Parallel()
	src := withText(encodePNG(t, photo(480, 360)))
	up, err := ProcessPicture(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, PNG, map[string][2]int{Thumbnail: {120, 90}, Bmiddle: {440, 330}, Large: {480, 360}})
	if up.Width != 480 || up.Height != 360 || up.Animated {
		t.Fatalf("upload %dx%d animated=%v", up.Width, up.Height, up.Animated)
	}
	// The original is kept losslessly, only its text chunk gone.
	orig, _ := png.Decode(bytes.NewReader(src))
	large := decodeAny(t, up.Rendition(Large))
	if !samePixels(orig, large) {
		t.Fatal("the large PNG's pixels differ from the upload's")
	}
	if len(up.Rendition(Large).Data) != len(src)-(12+len("Comment\x00"+secret)) {
		t.Fatalf("large is %d bytes, the upload less its text chunk %d", len(up.Rendition(Large).Data), len(src)-(12+len("Comment\x00"+secret)))
	}
	// Same bytes, same id; other bytes, another.
	again, err := ProcessPicture(src, Limits{})
	if err != nil || again.ID != up.ID {
		t.Fatalf("same upload, id %s then %s (%v)", up.ID, again.ID, err)
	}
	other, err := ProcessPicture(encodePNG(t, photo(480, 361)), Limits{})
	if err != nil || other.ID == up.ID {
		t.Fatalf("another picture got the same id (%v)", err)
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// TestJPEGOrientation: a picture stored sideways with EXIF orientation 6
// (rotate 90° clockwise to show) is stored and served upright, every size,
// without its EXIF.
func TestJPEGOrientation(t *testing.T) {
	t.Parallel()
	stored := photo(400, 200) // red top-left, blue top-right, as stored
	src := withEXIF(encodeJPEG(t, stored, 95), 6)
	if jpegOrientation(src) != 6 {
		t.Fatalf("orientation read as %d", jpegOrientation(src))
	}
	up, err := ProcessPicture(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, JPEG, map[string][2]int{Thumbnail: {120, 240}, Bmiddle: {200, 400}, Large: {200, 400}})
	for _, size := range []string{Thumbnail, Bmiddle, Large} {
		img := decodeAny(t, up.Rendition(size))
		w := img.Bounds().Dx()
		// Turned clockwise, the stored top-left (red) is now the top-right,
		// and the stored top-right (blue) the bottom-right.
		if !near(img.At(w-2, 1), 255, 0, 0) {
			t.Errorf("%s: top-right is %v, want red", size, img.At(w-2, 1))
		}
		if !near(img.At(w-2, img.Bounds().Dy()-2), 0, 0, 255) {
			t.Errorf("%s: bottom-right is %v, want blue", size, img.At(w-2, img.Bounds().Dy()-2))
		}
	}
}

// TestJPEGStrippedLosslessly: an upright JPEG's original keeps its scans
// byte for byte; EXIF, comments and what follows EOI go.
func TestJPEGStrippedLosslessly(t *testing.T) {
	t.Parallel()
	plain := encodeJPEG(t, photo(500, 350), 90)
	src := withEXIF(plain, 1)
	up, err := ProcessPicture(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, JPEG, map[string][2]int{Thumbnail: {120, 84}, Bmiddle: {440, 308}, Large: {500, 350}})
	if large := up.Rendition(Large).Data; !bytes.Equal(large, plain) {
		t.Fatalf("large is %d bytes; want exactly the upload without its metadata (%d)", len(large), len(plain))
	}
}

func TestWebP(t *testing.T) {
	t.Parallel()
	up, err := ProcessPicture(webpLossy, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, JPEG, map[string][2]int{Thumbnail: {120, 80}, Bmiddle: {150, 100}, Large: {150, 100}})
	up, err = ProcessPicture(webpAlpha, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, PNG, map[string][2]int{Thumbnail: {75, 100}, Large: {75, 100}})
	if img := decodeAny(t, up.Rendition(Large)); opaque(img) {
		t.Fatal("the transparency of the WebP was lost")
	}
}

// TestAnimatedGIF: the original keeps every frame and delay; the smaller
// sizes are its first frame, still.
func TestAnimatedGIF(t *testing.T) {
	t.Parallel()
	src := animated(t, 600, 300, 5)
	up, err := ProcessPicture(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, GIF, map[string][2]int{Thumbnail: {120, 60}, Bmiddle: {440, 220}, Large: {600, 300}})
	if !up.Animated {
		t.Fatal("not marked animated")
	}
	g, err := gif.DecodeAll(bytes.NewReader(up.Rendition(Large).Data))
	if err != nil || len(g.Image) != 5 || g.Delay[4] != 14 {
		t.Fatalf("large: %v frames, delays %v, err %v", len(g.Image), g.Delay, err)
	}
	for _, size := range []string{Thumbnail, Bmiddle} {
		g, err := gif.DecodeAll(bytes.NewReader(up.Rendition(size).Data))
		if err != nil || len(g.Image) != 1 {
			t.Fatalf("%s: %v frames, %v", size, len(g.Image), err)
		}
		if !near(g.Image[0].At(5, 5), 255, 0, 0) {
			t.Fatalf("%s is not the first (red) frame: %v", size, g.Image[0].At(5, 5))
		}
	}
}

// TestTallThumbnail: a long screenshot's thumbnail is its top, 120×240.
func TestTallThumbnail(t *testing.T) {
	t.Parallel()
	img := photo(200, 1000)
	up, err := ProcessPicture(encodePNG(t, img), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindPicture, PNG, map[string][2]int{Thumbnail: {120, 240}, Bmiddle: {200, 1000}, Large: {200, 1000}})
	th := decodeAny(t, up.Rendition(Thumbnail))
	if !near(th.At(2, 2), 255, 0, 0) {
		t.Fatalf("the thumbnail is not the top of the picture: %v", th.At(2, 2))
	}
}

func reason(err error) domain.Reason { return domain.AsError(err).Reason }

// pngHeader is a PNG that is only an IHDR declaring w×h, and IEND.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	for _, c := range []struct {
		typ  string
		data []byte
	}{{"IHDR", ihdr}, {"IEND", nil}} {
		out = binary.BigEndian.AppendUint32(out, uint32(len(c.data)))
		out = append(out, c.typ...)
		out = append(out, c.data...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(c.typ), c.data...)))
	}
	return out
}

// jpegBomb is a JPEG whose SOF declares w×h over a few bytes of data.
func jpegBomb(t *testing.T, w, h uint16) []byte {
	b := encodeJPEG(t, photo(16, 16), 50)
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0")
	}
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

// manyScans repeats a baseline JPEG's scan until it has n (a progressive
// JPEG's worst case for the decoder).
func manyScans(t *testing.T, jpg []byte, n int) []byte {
	sos := bytes.Index(jpg, []byte{0xFF, 0xDA})
	eoi := len(jpg) - 2
	if sos < 0 || !bytes.Equal(jpg[eoi:], []byte{0xFF, 0xD9}) {
		t.Fatal("unexpected JPEG layout")
	}
	out := append([]byte(nil), jpg[:sos]...)
	for range n {
		out = append(out, jpg[sos:eoi]...)
	}
	if got, err := jpegScans(append(out, 0xFF, 0xD9)); err != nil || got != n {
		t.Fatalf("built %d scans (%v), want %d", got, err, n)
	}
	return append(out, 0xFF, 0xD9)
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, photo(64, 64), 80)
	for _, c := range []struct {
		name string
		data []byte
		lim  Limits
		want domain.Reason
	}{
		{"empty", nil, Limits{}, domain.ReasonImageMissing},
		{"text", []byte("hello, this is not a picture"), Limits{}, domain.ReasonImageType},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), Limits{}, domain.ReasonImageType},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), Limits{}, domain.ReasonImageType},
		{"truncated jpeg", jpg[:len(jpg)/2], Limits{}, domain.ReasonImageType},
		{"jpeg header only", jpg[:20], Limits{}, domain.ReasonImageType},
		{"zero-size png", pngHeader(0, 10), Limits{}, domain.ReasonImageType},
		{"png bomb", pngHeader(100_000, 100_000), Limits{}, domain.ReasonImageTooLarge},
		{"jpeg bomb", jpegBomb(t, 60000, 60000), Limits{}, domain.ReasonImageTooLarge},
		{"over the pixel limit", encodePNG(t, photo(100, 100)), Limits{MaxPixels: 9999}, domain.ReasonImageTooLarge},
		{"over the byte limit", jpg, Limits{MaxBytes: int64(len(jpg) - 1)}, domain.ReasonImageTooLarge},
		{"too many frames", animated(t, 10, 10, 4), Limits{MaxFrames: 3}, domain.ReasonImageTooLarge},
		{"frames over twice the pixels", animated(t, 10, 10, 21), Limits{MaxPixels: 100}, domain.ReasonImageTooLarge},
		{"truncated gif", animated(t, 10, 10, 3)[:40], Limits{}, domain.ReasonImageType},
		{"png without IDAT", pngHeader(10, 10), Limits{}, domain.ReasonImageType},
		{"jpeg of too many scans", manyScans(t, jpg, 101), Limits{}, domain.ReasonImageType},
	} {
		for _, process := range []func([]byte, Limits) (*Upload, error){ProcessPicture, ProcessAvatar} {
			up, err := process(c.data, c.lim)
			if err == nil || up != nil {
				t.Errorf("%s: accepted", c.name)
				continue
			}
			if reason(err) != c.want {
				t.Errorf("%s: %v (reason %q), want %q", c.name, err, reason(err), c.want)
			}
		}
	}
	// Exactly at the limits is fine.
	if _, err := ProcessPicture(jpg, Limits{MaxBytes: int64(len(jpg)), MaxPixels: 64 * 64}); err != nil {
		t.Errorf("at the limits: %v", err)
	}
}

func TestAvatar(t *testing.T) {
	t.Parallel()
	src := withEXIF(encodeJPEG(t, photo(240, 200), 90), 8)
	up, err := ProcessAvatar(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	sq := func(n int) [2]int { return [2]int{n, n} }
	check(t, up, KindAvatar, JPEG, map[string][2]int{Avatar30: sq(30), Avatar50: sq(50), Avatar100: sq(100), Avatar180: sq(180), AvatarHD: sq(200)})
	pic, _ := ProcessPicture(src, Limits{})
	if pic.ID == up.ID {
		t.Fatal("the same bytes as a picture and as an avatar share an id")
	}
	// Transparency makes PNG; a GIF gives its first frame; a big picture's
	// hd is 1024.
	if up, err = ProcessAvatar(webpAlpha, Limits{}); err != nil {
		t.Fatal(err)
	}
	check(t, up, KindAvatar, PNG, map[string][2]int{Avatar50: sq(50), AvatarHD: sq(75)})
	if up, err = ProcessAvatar(animated(t, 200, 100, 3), Limits{}); err != nil {
		t.Fatal(err)
	}
	check(t, up, KindAvatar, JPEG, map[string][2]int{Avatar180: sq(180), AvatarHD: sq(100)})
	if up, err = ProcessAvatar(encodeJPEG(t, photo(1100, 1030), 80), Limits{}); err != nil {
		t.Fatal(err)
	}
	check(t, up, KindAvatar, JPEG, map[string][2]int{AvatarHD: sq(1024)})
}

func TestDefaultAvatar(t *testing.T) {
	t.Parallel()
	up, err := DefaultAvatar()
	if err != nil {
		t.Fatal(err)
	}
	check(t, up, KindAvatar, JPEG, map[string][2]int{Avatar50: {50, 50}, Avatar180: {180, 180}, AvatarHD: {256, 256}})
	if again, _ := DefaultAvatar(); again != up {
		t.Fatal("made twice")
	}
	if user, _ := ProcessAvatar(defaultAvatarPNG, Limits{}); user.ID == up.ID {
		t.Fatal("an upload of the default avatar's bytes gets the default's id")
	}
}

func TestStripJPEGRefusesWhatItCannotFollow(t *testing.T) {
	good := encodeJPEG(t, photo(32, 32), 80)
	for _, b := range [][]byte{nil, {0xFF, 0xD8}, good[:len(good)-2], good[:30], append([]byte{0xFF, 0xD9}, good[2:]...)} {
		if _, ok := stripJPEG(b); ok {
			t.Errorf("stripJPEG accepted %d malformed bytes", len(b))
		}
	}
	if out, ok := stripJPEG(good); !ok || !bytes.Equal(out, good) {
		t.Fatal("a plain JPEG did not come through unchanged")
	}
	// Stray bytes before a marker are skipped, as decoders skip them.
	if out, ok := stripJPEG(append([]byte{0xFF, 0xD8, 0x00, 0x42}, good[2:]...)); !ok || !bytes.Equal(out, good) {
		t.Fatal("stray bytes before a marker were not dropped")
	}
}

func TestSniff(t *testing.T) {
	for b, want := range map[string]string{
		"\xff\xd8\xff\xe0": "image/jpeg", "\x89PNG\r\n\x1a\nxxxx": "image/png", "GIF89a...": "image/gif", "GIF87a": "image/gif",
		"RIFF\x00\x00\x00\x00WEBPVP8 ": "image/webp", "RIFF\x00\x00\x00\x00WAVE": "", "BM": "", "": "", "<?xml": "",
	} {
		if got, _ := Sniff([]byte(b)); got != want {
			t.Errorf("Sniff(%q) = %q, want %q", b, got, want)
		}
	}
}

// FuzzProcessPicture: no input makes the processing panic or answer
// anything but an upload or one of the three picture errors.
func FuzzProcessPicture(f *testing.F) {
	f.Add(encodeJPEG(f, photo(20, 10), 80))
	f.Add(withEXIF(encodeJPEG(f, photo(20, 10), 80), 6))
	f.Add(encodePNG(f, photo(8, 8)))
	f.Add(animated(f, 8, 8, 2))
	f.Add(webpLossy)
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxPixels: 1 << 20}
		for _, process := range []func([]byte, Limits) (*Upload, error){ProcessPicture, ProcessAvatar} {
			up, err := process(data, lim)
			if err != nil {
				switch reason(err) {
				case domain.ReasonImageType, domain.ReasonImageTooLarge, domain.ReasonImageMissing:
				default:
					t.Fatalf("error %v of reason %q", err, reason(err))
				}
				continue
			}
			if !ValidID(up.ID) || len(up.Renditions) == 0 {
				t.Fatalf("upload %+v", up)
			}
		}
	})
}
