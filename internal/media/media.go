package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"

	"github.com/weibo-server/weibo/internal/domain"
)

// Limits bound what an upload may cost. The zero value means the defaults.
type Limits struct {
	// MaxBytes is the largest upload, in bytes.
	MaxBytes int64
	// MaxPixels is the largest width × height, read from the header before
	// anything is decoded: decoding needs ~4 bytes per pixel, so this, not
	// the file size, bounds the memory an upload can take.
	MaxPixels int64
	// MaxFrames is the most frames an animated GIF may have; the frames'
	// areas together may not exceed twice MaxPixels either.
	MaxFrames int
}

// Defaults of Limits: Sina's 5 MB; 40 megapixels (7 680 × 5 120, more than
// any phone's default photo); 1 000 GIF frames.
const (
	DefaultMaxBytes  = 5 << 20
	DefaultMaxPixels = 40_000_000
	DefaultMaxFrames = 1000
)

// WithDefaults fills the zero fields.
func (l Limits) WithDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxFrames <= 0 {
		l.MaxFrames = DefaultMaxFrames
	}
	return l
}

// Rendition is one stored size of an upload.
type Rendition struct {
	Size          string // Thumbnail, Bmiddle, Large; or an avatar size
	Key           string // blob key, also the path below the media URL
	ContentType   string
	Data          []byte
	Width, Height int
}

// Upload is an image made ready to store: its id and every rendition.
type Upload struct {
	ID     string
	Kind   Kind
	Format Format
	// Width and Height are the picture's as displayed (orientation applied).
	Width, Height int
	Animated      bool
	Renditions    []Rendition
}

// Bytes is the size of every rendition together.
func (u *Upload) Bytes() int64 {
	var n int64
	for _, r := range u.Renditions {
		n += int64(len(r.Data))
	}
	return n
}

// Rendition returns the rendition of the given size, or nil.
func (u *Upload) Rendition(size string) *Rendition {
	for i := range u.Renditions {
		if u.Renditions[i].Size == size {
			return &u.Renditions[i]
		}
	}
	return nil
}

// Errors, as the APIs must tell them apart (Sina 20005, 20006, 20007).

func errType(msg string, err error) error {
	return &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonImageType, Msg: msg, Err: err}
}

func errTooLarge(msg string) error {
	return &domain.Error{Kind: domain.KindTooLarge, Reason: domain.ReasonImageTooLarge, Msg: msg}
}

// ErrMissing is the error of an upload without an image.
func ErrMissing() error {
	return domain.E(domain.KindInvalid, domain.ReasonImageMissing, "the request carries no image")
}

// source is an uploaded file's real format, whatever its name or declared
// type says.
type source int

const (
	srcJPEG source = iota + 1
	srcPNG
	srcGIF
	srcWebP
)

func (s source) String() string {
	return [...]string{"", "JPEG", "PNG", "GIF", "WebP"}[s]
}

// sniff recognises the four accepted formats by their signatures.
func sniff(b []byte) (source, bool) {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return srcJPEG, true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return srcPNG, true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return srcGIF, true
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return srcWebP, true
	}
	return 0, false
}

// Sniff reports whether b starts like an image this package accepts, and
// its media type ("image/webp" included).
func Sniff(b []byte) (contentType string, ok bool) {
	s, ok := sniff(b)
	if !ok {
		return "", false
	}
	return [...]string{"", "image/jpeg", "image/png", "image/gif", "image/webp"}[s], true
}

// header checks an upload before anything is decoded: its size, its format
// and the pixel count its header declares.
func header(data []byte, lim Limits) (source, image.Config, error) {
	if len(data) == 0 {
		return 0, image.Config{}, ErrMissing()
	}
	if int64(len(data)) > lim.MaxBytes {
		return 0, image.Config{}, errTooLarge(fmt.Sprintf("the image is %d bytes; at most %d are accepted", len(data), lim.MaxBytes))
	}
	src, ok := sniff(data)
	if !ok {
		return 0, image.Config{}, errType("unsupported image type: only JPEG, PNG, GIF and WebP are accepted", nil)
	}
	var cfg image.Config
	var err error
	r := bytes.NewReader(data)
	switch src {
	case srcJPEG:
		cfg, err = jpeg.DecodeConfig(r)
	case srcPNG:
		cfg, err = png.DecodeConfig(r)
	case srcGIF:
		cfg, err = gif.DecodeConfig(r)
	case srcWebP:
		cfg, err = webp.DecodeConfig(r)
	}
	if err != nil {
		return 0, cfg, errType("the "+src.String()+" image cannot be read", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, cfg, errType("the image has no pixels", nil)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > lim.MaxPixels {
		return 0, cfg, errTooLarge(fmt.Sprintf("the image is %d×%d pixels; at most %d pixels are accepted", cfg.Width, cfg.Height, lim.MaxPixels))
	}
	if src == srcJPEG {
		scans, err := jpegScans(data)
		if err != nil {
			return 0, cfg, errType("the JPEG image cannot be read", err)
		}
		if scans > maxJPEGScans {
			return 0, cfg, errType(fmt.Sprintf("the JPEG image has %d scans; no encoder writes more than %d", scans, maxJPEGScans), nil)
		}
	}
	if src == srcGIF {
		frames, area, err := scanGIF(data)
		if err != nil {
			return 0, cfg, errType("the GIF image cannot be read", err)
		}
		if frames > lim.MaxFrames || area > 2*lim.MaxPixels {
			return 0, cfg, errTooLarge(fmt.Sprintf("the GIF has %d frames of %d pixels in all; at most %d frames and %d pixels are accepted",
				frames, area, lim.MaxFrames, 2*lim.MaxPixels))
		}
	}
	return src, cfg, nil
}

// idVersion changes when the renditions of the same bytes would change
// (sizes, quality, format choices), so that new uploads never meet the old
// files under their id.
const idVersion = "1"

// newID is the id of an upload of data: a hash of its kind and bytes (the
// same picture uploaded twice is stored once), then the format character.
func newID(namespace string, data []byte, f Format) string {
	h := sha256.New()
	h.Write([]byte(namespace + "\x00" + idVersion + "\x00"))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))[:IDLen-1] + string(rune(f))
}

// guard turns a panic of an image decoder on hostile input into the
// "cannot read this image" error it amounts to, rather than a crash.
func guard(up **Upload, err *error) {
	if r := recover(); r != nil {
		*up = nil
		*err = errType("the image cannot be decoded", fmt.Errorf("decoder panic: %v", r))
	}
}
