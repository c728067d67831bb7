package media

import "strings"

// Kind says what an upload is for: its renditions and key space differ.
type Kind string

const (
	KindPicture Kind = "pic"    // a status picture
	KindAvatar  Kind = "avatar" // a user's avatar
	KindMap     Kind = "map"    // a static map the server drew (location/base/get_map_image)
)

// Format is the image format of an upload's renditions. It is the last
// character of the upload's id, so a URL (and its file extension) follows
// from the id alone, as Sina's picture ids do.
type Format byte

const (
	JPEG Format = 'j'
	PNG  Format = 'p'
	GIF  Format = 'g'
)

// Ext is the file extension of the format, with its dot.
func (f Format) Ext() string {
	switch f {
	case PNG:
		return ".png"
	case GIF:
		return ".gif"
	}
	return ".jpg"
}

// ContentType is the format's media type.
func (f Format) ContentType() string {
	switch f {
	case PNG:
		return "image/png"
	case GIF:
		return "image/gif"
	}
	return "image/jpeg"
}

// Rendition sizes. A picture's URLs differ only in the size segment
// ({thumbnail|bmiddle|large}/<id>.<ext>, the pattern of Sina's picture
// URLs): clients build the URLs of a status's other pictures and sizes by
// substituting the id and the size.
const (
	Thumbnail = "thumbnail" // at most 120 px wide (and 240 px high, cut from the top)
	Bmiddle   = "bmiddle"   // at most 440 px wide
	Large     = "large"     // the whole picture: original_pic
)

// Avatar sizes: square renditions of 30, 50 (profile_image_url), 100 and
// 180 (avatar_large) pixels, and hd (avatar_hd): the uploaded picture's
// centre square, at most 1024 px.
const (
	Avatar30  = "30"
	Avatar50  = "50"
	Avatar100 = "100"
	Avatar180 = "180"
	AvatarHD  = "hd"
)

var (
	pictureSizes = []string{Thumbnail, Bmiddle, Large}
	avatarSizes  = []string{Avatar30, Avatar50, Avatar100, Avatar180, AvatarHD}
	mapSizes     = []string{MapSize}
)

// MapSize is the one rendition of a map: the picture as drawn.
const MapSize = "map"

// Sizes lists the renditions every upload of kind has.
func Sizes(kind Kind) []string {
	switch kind {
	case KindAvatar:
		return avatarSizes
	case KindMap:
		return mapSizes
	}
	return pictureSizes
}

// IDLen is the length of an upload id: 31 hexadecimal digits of a SHA-256
// of the upload (and its kind), then the format character.
const IDLen = 32

// ValidID reports whether id has the shape of an upload id.
func ValidID(id string) bool {
	if len(id) != IDLen {
		return false
	}
	for i := 0; i < IDLen-1; i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	switch Format(id[IDLen-1]) {
	case JPEG, PNG, GIF:
		return true
	}
	return false
}

// FormatOf is the format an id names (JPEG for a malformed id).
func FormatOf(id string) Format {
	if id == "" {
		return JPEG
	}
	switch f := Format(id[len(id)-1]); f {
	case PNG, GIF:
		return f
	}
	return JPEG
}

// Key is the blob key of one rendition, which is also its path below the
// public media URL: "bmiddle/<id>.jpg", "avatar/50/<id>.png", "map/<id>.png".
func Key(kind Kind, size, id string) string {
	switch kind {
	case KindAvatar:
		return "avatar/" + size + "/" + id + FormatOf(id).Ext()
	case KindMap:
		return "map/" + id + FormatOf(id).Ext()
	}
	return size + "/" + id + FormatOf(id).Ext()
}

// Keys lists the blob keys of every rendition of an upload.
func Keys(kind Kind, id string) []string {
	sizes := Sizes(kind)
	out := make([]string, len(sizes))
	for i, s := range sizes {
		out[i] = Key(kind, s, id)
	}
	return out
}

// ParseKey maps a path below the media URL ("large/<id>.jpg") to the blob
// key it names. The extension may be any image extension: a client that
// builds the URL of a status's second picture from the first one's, by
// replacing the id as Sina documents, keeps the first one's extension, so
// the id, not the extension, says which file is meant.
func ParseKey(p string) (string, bool) {
	kind := KindPicture
	if rest, ok := strings.CutPrefix(p, "avatar/"); ok {
		kind, p = KindAvatar, rest
	}
	size, file, ok := strings.Cut(p, "/")
	if size == "map" && kind == KindPicture {
		kind, size = KindMap, MapSize // "map/<id>.png": one rendition, no size segment
	}
	if !ok || !validSize(kind, size) {
		return "", false
	}
	id, ext, ok := strings.Cut(file, ".")
	if !ok || !ValidID(id) {
		return "", false
	}
	switch ext {
	case "jpg", "jpeg", "png", "gif":
	default:
		return "", false
	}
	return Key(kind, size, id), true
}

func validSize(kind Kind, size string) bool {
	for _, s := range Sizes(kind) {
		if s == size {
			return true
		}
	}
	return false
}
