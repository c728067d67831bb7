package app_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/blob/s3"
	"github.com/weibo-server/weibo/internal/blob/s3/s3test"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/testkit"
)

// TestMediaServedAlikeFromDiskAndS3 posts the same picture to a server
// keeping media on disk and to one keeping them in an S3 bucket (an
// in-process S3 server), and fetches it back from each: same bytes, same
// ETag, same cache headers. The S3 object carries the cache headers too,
// for a bucket or CDN that serves --media-url directly.
func TestMediaServedAlikeFromDiskAndS3(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, img); err != nil {
		t.Fatal(err)
	}
	fake := s3test.Start(t)
	type served struct {
		body []byte
		hdr  http.Header
	}
	post := func(t *testing.T, k *testkit.Kit) served {
		u := k.NewUser("pic")
		r := u.Multipart("/2/statuses/upload.json", url.Values{"status": {"picture"}},
			testkit.FilePart{Field: "pic", Filename: "a.png", ContentType: "image/png", Data: pngData.Bytes()})
		var st struct {
			OriginalPic string `json:"original_pic"`
		}
		if r.Status != 200 || json.Unmarshal(r.Body, &st) != nil || st.OriginalPic == "" {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		got := u.Fetch(st.OriginalPic)
		if got.Status != 200 {
			t.Fatalf("GET %s: %d", st.OriginalPic, got.Status)
		}
		return served{got.Body, got.Header}
	}
	onDisk := post(t, testkit.Start(t))
	k := testkit.Start(t, testkit.Options{Config: func(c *config.Config) {
		c.S3Endpoint, c.S3Bucket, c.S3AccessKey, c.S3SecretKey, c.S3Secure = fake.Endpoint, "media", fake.AccessKey, fake.SecretKey, false
	}})
	if _, ok := k.App.Blobs.(*s3.Store); !ok {
		t.Fatalf("with --s3-endpoint the media store is %T", k.App.Blobs)
	}
	inS3 := post(t, k)
	if !bytes.Equal(onDisk.body, inS3.body) {
		t.Fatal("the same upload served different bytes from disk and S3")
	}
	for _, h := range []string{"ETag", "Cache-Control", "Content-Type", "Content-Length", "X-Content-Type-Options", "Content-Security-Policy"} {
		if onDisk.hdr.Get(h) != inS3.hdr.Get(h) || inS3.hdr.Get(h) == "" {
			t.Errorf("%s: disk %q, S3 %q", h, onDisk.hdr.Get(h), inS3.hdr.Get(h))
		}
	}
	var key string
	err := k.App.Blobs.(*s3.Store).Keys(t.Context(), func(k string) error {
		if strings.HasPrefix(k, "large/") {
			key = k
		}
		return nil
	})
	if err != nil || key == "" {
		t.Fatalf("no large rendition in the bucket: %v", err)
	}
	if cc := fake.PutHeader("media", key).Get("Cache-Control"); cc != s3.CacheControl {
		t.Errorf("the object was stored with Cache-Control %q, want %q", cc, s3.CacheControl)
	}
}
