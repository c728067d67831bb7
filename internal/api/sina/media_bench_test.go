package sina_test

import (
	"bytes"
	"image/jpeg"
	"strconv"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// BenchmarkUpload is statuses/upload end to end through the real server: a
// multipart body with a 2-megapixel JPEG, parsed, checked, decoded, the
// three sizes rendered and written to the blob store, the picture
// registered and the status posted. Every iteration uploads new bytes (a
// different trailer, which the server strips), so nothing is deduplicated.
func BenchmarkUpload(b *testing.B) {
	k := testkit.Start(b)
	c := k.NewUser("bench").Client
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, gradient(1920, 1080), &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	photo := buf.Bytes()
	b.SetBytes(int64(len(photo)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		data := append(append([]byte(nil), photo...), strconv.Itoa(i)...)
		r := c.Multipart("/2/statuses/upload.json", reqParams("status", "bench "+strconv.Itoa(i)),
			testkit.FilePart{Field: "pic", Filename: "p.jpg", ContentType: "image/jpeg", Data: data})
		if r.Status != 200 {
			b.Fatalf("upload: %d %s", r.Status, r.Body)
		}
	}
}
