// Package blob holds what every engine of the domain.Blobs port shares: the
// rule for valid keys and the content types this server stores. Engines live
// in subpackages (blob/disk; an S3-compatible one can follow), and
// blob/blobtest is the conformance suite they all pass.
package blob

import (
	"path"
	"strings"
)

// MaxKeyLen bounds a key: the media package's keys are under 64 bytes.
const MaxKeyLen = 255

// ValidKey reports whether key is a usable blob key: relative, slash-
// separated, each segment non-empty, made of a-z, 0-9, '.', '_' and '-', not
// "." or "..", and not starting with '.' (engines keep temporary files
// there). Every engine refuses other keys, so none can be tricked into
// writing outside its space.
func ValidKey(key string) bool {
	if key == "" || len(key) > MaxKeyLen {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg[0] == '.' {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// contentTypes maps the extensions media files carry to their types.
var contentTypes = map[string]string{
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".gif":  "image/gif",
	".webp": "image/webp",
}

// ContentTypeOf returns the content type a key's extension implies, or ""
// when the extension is not one of the image types above.
func ContentTypeOf(key string) string {
	return contentTypes[path.Ext(key)]
}
