package media

import "testing"

// BenchmarkProcessPicture is the CPU side of an upload: checks, decode,
// orientation, the three renditions and their encoding.
func BenchmarkProcessPicture(b *testing.B) {
	for _, c := range []struct {
		name string
		data func(b *testing.B) []byte
	}{
		// A 12-megapixel phone photo, stored sideways with EXIF orientation 6.
		{"jpeg-12MP-rotated", func(b *testing.B) []byte { return withEXIF(encodeJPEG(b, photo(4000, 3000), 90), 6) }},
		{"jpeg-12MP", func(b *testing.B) []byte { return withEXIF(encodeJPEG(b, photo(4000, 3000), 90), 1) }},
		{"jpeg-2MP", func(b *testing.B) []byte { return encodeJPEG(b, photo(1920, 1080), 90) }},
		// A phone screenshot.
		{"png-1080x2340", func(b *testing.B) []byte { return encodePNG(b, photo(1080, 2340)) }},
		{"gif-480x270x30", func(b *testing.B) []byte { return animated(b, 480, 270, 30) }},
		{"webp-150x100", func(*testing.B) []byte { return webpLossy }},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := c.data(b)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ProcessPicture(data, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProcessAvatar: a 12-megapixel photo as an avatar (five squares).
func BenchmarkProcessAvatar(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000), 90)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ProcessAvatar(data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
