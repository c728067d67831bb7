package media

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// This file reads and drops metadata without decoding pixels: the EXIF
// orientation of a JPEG, and copies of JPEG and PNG streams with their
// metadata segments left out (EXIF with its GPS position, XMP, IPTC,
// comments, embedded thumbnails and secondary images). The originals are
// stored that way, losslessly; the smaller sizes are re-encoded and carry no
// metadata at all.

var errMalformed = errors.New("malformed stream")

// jpegOrientation returns the EXIF orientation (1-8) of a JPEG, or 1 when
// it has none (or an unreadable one). Every APP1 segment before the first
// scan is examined: XMP may come before EXIF.
func jpegOrientation(b []byte) int {
	orientation := 1
	_ = walkJPEG(b, func(marker byte, seg []byte) bool {
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if o := exifOrientation(seg[6:]); o != 0 {
				orientation = o
				return false
			}
		}
		return marker != 0xDA // stop at the first scan
	})
	return orientation
}

// exifOrientation reads tag 0x0112 of IFD0 of a TIFF structure; 0 when absent.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(tiff[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(tiff[4:]))
	if off < 8 || off+2 > int64(len(tiff)) {
		return 0
	}
	n := int64(bo.Uint16(tiff[off:]))
	for i := int64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(tiff)) {
			return 0
		}
		if bo.Uint16(tiff[e:]) != 0x0112 {
			continue
		}
		// Type SHORT (3), count 1: the value is in the entry's first two bytes.
		if bo.Uint16(tiff[e+2:]) != 3 || bo.Uint32(tiff[e+4:]) != 1 {
			return 0
		}
		if o := int(bo.Uint16(tiff[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 0
	}
	return 0
}

// walkJPEG calls fn with each marker segment's marker and payload (after
// the length) up to and including the first SOS; fn returns false to stop.
func walkJPEG(b []byte, fn func(marker byte, seg []byte) bool) error {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return errMalformed
	}
	i := 2
	for {
		if i >= len(b) || b[i] != 0xFF {
			return errMalformed
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return errMalformed
		}
		m := b[i]
		i++
		if m == 0xD9 || m == 0x01 || m >= 0xD0 && m <= 0xD7 {
			if m == 0xD9 {
				return nil
			}
			continue // a marker without a payload
		}
		if i+2 > len(b) {
			return errMalformed
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return errMalformed
		}
		if !fn(m, b[i+2:i+n]) {
			return nil
		}
		i += n
	}
}

// jpegSegments walks a whole JPEG stream from SOI to EOI: fn gets each
// marker with its segment (the two length bytes included; nil for a marker
// without one) and, after an SOS, the entropy-coded bytes that follow it,
// which run to the next marker that is neither a stuffed 0xFF00 nor a
// restart. Anything after EOI is not looked at. It fails on a stream it
// cannot follow.
func jpegSegments(b []byte, fn func(m byte, seg, scan []byte)) error {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return errMalformed
	}
	i := 2
	for {
		// Bytes where a marker belongs are skipped, as decoders do
		// ("extraneous bytes before marker").
		for i < len(b) && b[i] != 0xFF {
			i++
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return errMalformed
		}
		m := b[i]
		i++
		switch {
		case m == 0x00:
			continue // a stuffed 0xFF00 outside a scan: garbage too
		case m == 0xD9:
			fn(m, nil, nil)
			return nil
		case m == 0x01, m >= 0xD0 && m <= 0xD7:
			fn(m, nil, nil)
			continue
		}
		if i+2 > len(b) {
			return errMalformed
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return errMalformed
		}
		seg := b[i : i+n]
		i += n
		if m != 0xDA {
			fn(m, seg, nil)
			continue
		}
		j := i
		for {
			if j+1 >= len(b) {
				return errMalformed
			}
			if b[j] != 0xFF {
				j++
				continue
			}
			if next := b[j+1]; next == 0x00 || next >= 0xD0 && next <= 0xD7 {
				j += 2
				continue
			}
			break
		}
		fn(m, seg, b[i:j])
		i = j
	}
}

// maxJPEGScans bounds the scans of a JPEG. Each scan of a progressive JPEG
// makes the decoder visit every block of the picture, so a few megabytes
// of empty scans would cost minutes of CPU; encoders write at most a few
// dozen (libjpeg's progressive script: 10; mozjpeg: under 70).
const maxJPEGScans = 100

// jpegScans counts the scans (SOS segments) of a JPEG stream.
func jpegScans(b []byte) (int, error) {
	n := 0
	err := jpegSegments(b, func(m byte, _, _ []byte) {
		if m == 0xDA {
			n++
		}
	})
	return n, err
}

// stripJPEG copies a JPEG stream leaving out COM segments, APP segments
// other than a JFIF header without thumbnail, ICC profiles (APP2) and the
// Adobe colour transform (APP14), and anything after EOI (where phones put
// secondary images: depth and gain maps). The scans are copied byte for
// byte. ok is false for a stream it cannot follow; the caller re-encodes.
func stripJPEG(b []byte) (out []byte, ok bool) {
	out = make([]byte, 0, len(b))
	out = append(out, 0xFF, 0xD8)
	err := jpegSegments(b, func(m byte, seg, scan []byte) {
		if seg != nil && !keepJPEGSegment(m, seg[2:]) {
			return
		}
		out = append(out, 0xFF, m)
		out = append(out, seg...)
		out = append(out, scan...)
	})
	if err != nil {
		return nil, false
	}
	return out, true
}

func keepJPEGSegment(m byte, payload []byte) bool {
	switch {
	case m == 0xFE: // comment
		return false
	case m == 0xE0: // JFIF, only without an embedded thumbnail (its payload is then 14 bytes)
		return len(payload) == 14 && bytes.HasPrefix(payload, []byte("JFIF\x00"))
	case m == 0xE2:
		return bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
	case m == 0xEE:
		return bytes.HasPrefix(payload, []byte("Adobe"))
	case m >= 0xE1 && m <= 0xEF:
		return false
	}
	return true
}

// pngKeep lists the chunks a stored PNG keeps: the image and how to show
// its colours. Text, EXIF, time stamps, private chunks and APNG frames go
// (the default image stays; thumbnails are stills anyway).
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true, "tRNS": true,
	"cHRM": true, "gAMA": true, "iCCP": true, "sBIT": true, "sRGB": true, "cICP": true,
}

// stripPNG copies a PNG keeping only pngKeep's chunks, each with its CRC,
// and nothing after IEND.
func stripPNG(b []byte) (out []byte, ok bool) {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(b, []byte(sig)) {
		return nil, false
	}
	out = make([]byte, 0, len(b))
	out = append(out, sig...)
	i := len(sig)
	for {
		if i+8 > len(b) {
			return nil, false
		}
		n := int64(binary.BigEndian.Uint32(b[i:]))
		end := int64(i) + 12 + n
		if n > 1<<31-1 || end > int64(len(b)) {
			return nil, false
		}
		typ := string(b[i+4 : i+8])
		if pngKeep[typ] {
			out = append(out, b[i:end]...)
		}
		i = int(end)
		if typ == "IEND" {
			return out, true
		}
	}
}

// scanGIF walks a GIF's blocks without decoding them and returns how many
// frames it holds and the sum of their areas: what decoding would allocate.
func scanGIF(b []byte) (frames int, area int64, err error) {
	if len(b) < 13 {
		return 0, 0, errMalformed
	}
	i := 13
	if flags := b[10]; flags&0x80 != 0 {
		i += 3 << ((flags & 7) + 1)
	}
	for {
		if i >= len(b) {
			return frames, area, errMalformed
		}
		switch b[i] {
		case 0x21: // extension: label, then sub-blocks
			if i, err = skipSubBlocks(b, i+2); err != nil {
				return frames, area, err
			}
		case 0x2C: // image descriptor
			if i+10 > len(b) {
				return frames, area, errMalformed
			}
			w := int64(binary.LittleEndian.Uint16(b[i+5:]))
			h := int64(binary.LittleEndian.Uint16(b[i+7:]))
			flags := b[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << ((flags & 7) + 1)
			}
			if i, err = skipSubBlocks(b, i+1); err != nil { // +1: the LZW minimum code size
				return frames, area, err
			}
			frames++
			area += w * h
		case 0x3B: // trailer
			return frames, area, nil
		default:
			return frames, area, errMalformed
		}
	}
}

// skipSubBlocks returns the index after the sub-block chain starting at i.
func skipSubBlocks(b []byte, i int) (int, error) {
	for {
		if i >= len(b) {
			return i, errMalformed
		}
		n := int(b[i])
		i++
		if n == 0 {
			return i, nil
		}
		i += n
	}
}
