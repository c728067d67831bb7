// Package media turns uploaded images into the renditions the server
// stores and serves: it sniffs the format (JPEG, PNG, GIF, WebP; anything
// else is refused), checks the size and the pixel count from the header
// before decoding (decompression bombs never get decoded), applies the EXIF
// orientation, drops metadata (EXIF, GPS, XMP, comments) and resamples with
// a Lanczos filter. It also names things: upload ids, rendition sizes and
// the blob keys that are the renditions' URLs below the media base.
//
// It is a leaf: it does no network or disk I/O (the default avatar is
// embedded in the binary) and imports nothing of ours but domain.
package media
