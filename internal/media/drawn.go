package media

import (
	"image"
	"image/color/palette"
)

// Drawn makes an upload of a picture the server drew itself (a static
// map): one rendition, the picture as it is, encoded in f. Like an
// upload's, its id comes from its kind and bytes, so drawing the same
// picture twice stores it once.
func Drawn(kind Kind, img image.Image, f Format) (*Upload, error) {
	var (
		data []byte
		err  error
	)
	if f == GIF {
		data, err = encodeGIFStill(img, palette.Plan9)
	} else {
		data, err = encode(img, f, qualityLarge)
	}
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	id := newID(string(kind), data, f)
	size := Sizes(kind)[0]
	return &Upload{ID: id, Kind: kind, Format: f, Width: b.Dx(), Height: b.Dy(),
		Renditions: []Rendition{{Size: size, Key: Key(kind, size, id), ContentType: f.ContentType(),
			Data: data, Width: b.Dx(), Height: b.Dy()}}}, nil
}
