package sina_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Pictures through the real server: uploads, the URLs they render, the
// files those URLs serve, and every refusal.

// gradient is a w×h opaque picture with detail in both directions.
func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256), 255})
		}
	}
	return img
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// animatedGIF has frames of different colours.
func animatedGIF(t *testing.T, w, h, frames int) []byte {
	t.Helper()
	g := &gif.GIF{}
	pal := color.Palette{color.Black, color.White, color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 255}}
	for i := range frames {
		f := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for p := range f.Pix {
			f.Pix[p] = uint8((i + p/w) % len(pal))
		}
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPNG declares 60 000 × 60 000 pixels in a file of a few hundred bytes.
func bombPNG(t *testing.T) []byte {
	t.Helper()
	b := pngOf(t, 1, 1)
	// IHDR's width and height are the 4-byte big-endian words at 16 and 20,
	// its CRC (of type and data, bytes 12-28) the word at 29.
	binary.BigEndian.PutUint32(b[16:], 60000)
	binary.BigEndian.PutUint32(b[20:], 60000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func pic(data []byte, name string) testkit.FilePart {
	return testkit.FilePart{Field: "pic", Filename: name, ContentType: "image/png", Data: data}
}

// fetchImage GETs a rendered picture URL and decodes it.
func fetchImage(t *testing.T, c *testkit.Client, rawURL, wantType string) (image.Image, string) {
	t.Helper()
	r := c.Fetch(rawURL)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", rawURL, r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != wantType {
		t.Fatalf("GET %s: Content-Type %q, want %q", rawURL, ct, wantType)
	}
	img, format, err := image.Decode(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("GET %s: not an image: %v", rawURL, err)
	}
	return img, format
}

func wantSize(t *testing.T, what string, img image.Image, w, h int) {
	t.Helper()
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("%s is %dx%d, want %dx%d", what, b.Dx(), b.Dy(), w, h)
	}
}

func TestUploadPostsStatusWithPicture(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("picposter")
	c := u.Client

	// SDKs URL-encode the status part; the server decodes it.
	text := "第一张图片 100% #旅行# @nobody"
	r := c.Multipart("/2/statuses/upload.json", reqParams("status", url.QueryEscape(text), "visible", "0"), pic(pngOf(t, 800, 600), "a.png"))
	st := mustDecode[sinaspec.Status](t, r)
	if st.Text != text {
		t.Fatalf("text %q, want the decoded %q", st.Text, text)
	}
	if len(st.PicURLs) != 1 || len(st.PicIDs) != 1 || st.ThumbnailPic == "" {
		t.Fatalf("picture fields missing: %s", r.Body)
	}
	if !strings.HasPrefix(st.ThumbnailPic, k.URL+"/media/thumbnail/") {
		t.Fatalf("thumbnail_pic %q is not below %s/media", st.ThumbnailPic, k.URL)
	}
	img, format := fetchImage(t, c, st.ThumbnailPic, "image/png")
	wantSize(t, "thumbnail", img, 120, 90)
	if format != "png" {
		t.Fatalf("thumbnail format %s", format)
	}
	img, _ = fetchImage(t, c, st.BmiddlePic, "image/png")
	wantSize(t, "bmiddle", img, 440, 330)
	img, _ = fetchImage(t, c, st.OriginalPic, "image/png")
	wantSize(t, "original", img, 800, 600)

	// Every read shows the same pictures: show, the author's and the home
	// timeline (twice: the second answer comes from the render cache), with
	// trim_user too.
	shown := mustDecode[sinaspec.Status](t, c.Get("/2/statuses/show.json", reqParams("id", idString(st.ID))))
	if shown.OriginalPic != st.OriginalPic || shown.PicIDs[0] != st.PicIDs[0] {
		t.Fatalf("show: pictures %+v, posted %+v", shown, st)
	}
	for range 2 {
		home := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/home_timeline.json", nil))
		if len(home.Statuses) != 1 || home.Statuses[0].BmiddlePic != st.BmiddlePic {
			t.Fatalf("home timeline lost the picture: %+v", home.Statuses)
		}
		trim := mustDecode[sinaspec.TrimmedTimeline](t, c.Get("/2/statuses/user_timeline.json", reqParams("trim_user", "1")))
		if len(trim.Statuses) != 1 || trim.Statuses[0].ThumbnailPic != st.ThumbnailPic {
			t.Fatalf("user timeline lost the picture: %+v", trim.Statuses)
		}
	}

	// A repost shows the original's pictures in retweeted_status, as Weibo does.
	fan := k.NewUser("picfan")
	rp := mustDecode[sinaspec.Status](t, fan.Client.Post("/2/statuses/repost.json", reqParams("id", idString(st.ID))))
	if rp.ThumbnailPic != "" || rp.RetweetedStatus == nil || rp.RetweetedStatus.OriginalPic != st.OriginalPic {
		t.Fatalf("repost pictures: %+v", rp)
	}

	// feature=2 keeps the statuses with pictures.
	mustDecode[sinaspec.Status](t, c.Post("/2/statuses/update.json", reqParams("status", "只有文字")))
	all := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", nil))
	withPics := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", reqParams("feature", "2")))
	if len(all.Statuses) != 2 || len(withPics.Statuses) != 1 || withPics.Statuses[0].ID != st.ID {
		t.Fatalf("feature=2: %d of %d statuses, want only %d", len(withPics.Statuses), len(all.Statuses), st.ID)
	}
	text7 := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", reqParams("feature", "7")))
	if len(text7.Statuses) != 1 || text7.Statuses[0].Text != "只有文字" {
		t.Fatalf("feature=7 (plain text): %+v", text7.Statuses)
	}
	for _, f := range []string{"2", "7"} {
		home := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/home_timeline.json", reqParams("feature", f)))
		if len(home.Statuses) != 1 || (f == "2") != (len(home.Statuses[0].PicURLs) == 1) {
			t.Fatalf("home_timeline feature=%s: %+v", f, home.Statuses)
		}
	}
	ids := mustDecode[sinaspec.IDTimeline](t, c.Get("/2/statuses/user_timeline/ids.json", reqParams("feature", "2")))
	if len(ids.Statuses) != 1 || ids.Statuses[0] != idString(st.ID) {
		t.Fatalf("user_timeline/ids feature=2: %v", ids.Statuses)
	}
}

func TestUploadKeepsFormatsAndAnimation(t *testing.T) {
	k := testkit.Start(t)
	c := k.NewUser("formats").Client

	// JPEG stays JPEG.
	st := mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", "jpeg"), pic(jpegOf(t, 300, 1000), "p.jpg")))
	img, _ := fetchImage(t, c, st.ThumbnailPic, "image/jpeg")
	wantSize(t, "tall thumbnail (cut from the top)", img, 120, 240)
	img, _ = fetchImage(t, c, st.BmiddlePic, "image/jpeg")
	wantSize(t, "bmiddle of a narrow picture (never enlarged)", img, 300, 1000)

	// An animated GIF stays animated in original_pic.
	st = mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", "gif"), pic(animatedGIF(t, 200, 100, 5), "a.gif")))
	r := c.Fetch(st.OriginalPic)
	if r.Header.Get("Content-Type") != "image/gif" {
		t.Fatalf("original_pic of a GIF: %s", r.Header.Get("Content-Type"))
	}
	g, err := gif.DecodeAll(bytes.NewReader(r.Body))
	if err != nil || len(g.Image) != 5 {
		t.Fatalf("original_pic of a 5-frame GIF: %v, %d frames", err, len(g.Image))
	}
	img, _ = fetchImage(t, c, st.ThumbnailPic, "image/gif")
	wantSize(t, "GIF thumbnail", img, 120, 60)
}

func TestUploadPic(t *testing.T) {
	k := testkit.Start(t)
	c := k.NewUser("uploader").Client
	var up struct {
		PicID        string `json:"pic_id"`
		ThumbnailPic string `json:"thumbnail_pic"`
		BmiddlePic   string `json:"bmiddle_pic"`
		OriginalPic  string `json:"original_pic"`
	}
	c.Must(c.Multipart("/2/statuses/upload_pic.json", nil, pic(pngOf(t, 64, 48), "x.png")), &up)
	if up.PicID == "" || !strings.Contains(up.ThumbnailPic, "/thumbnail/"+up.PicID+".") ||
		!strings.Contains(up.OriginalPic, "/large/"+up.PicID+".") || !strings.Contains(up.BmiddlePic, "/bmiddle/"+up.PicID+".") {
		t.Fatalf("upload_pic answer %+v", up)
	}
	img, _ := fetchImage(t, c, up.OriginalPic, "image/png")
	wantSize(t, "original", img, 64, 48)
	// The same bytes again are the same picture.
	var again struct {
		PicID        string `json:"pic_id"`
		ThumbnailPic string `json:"thumbnail_pic"`
		BmiddlePic   string `json:"bmiddle_pic"`
		OriginalPic  string `json:"original_pic"`
	}
	c.Must(c.Multipart("/2/statuses/upload_pic.json", nil, pic(pngOf(t, 64, 48), "y.png")), &again)
	if again != up {
		t.Fatalf("same picture twice: %+v then %+v", up, again)
	}
}

func TestUploadErrors(t *testing.T) {
	k := testkit.Start(t, testkit.Options{MediaMaxBytes: 200 << 10, MediaMaxPixels: 4_000_000})
	u := k.NewUser("refused")
	c := u.Client
	upload := "/2/statuses/upload.json"
	good := pngOf(t, 40, 30)

	cases := []struct {
		name         string
		r            func() *testkit.Response
		status, code int
	}{
		{"urlencoded, not multipart", func() *testkit.Response { return c.Post(upload, reqParams("status", "x", "pic", "abc")) }, 400, 20007},
		{"multipart without pic", func() *testkit.Response { return c.Multipart(upload, reqParams("status", "x")) }, 400, 20007},
		{"pic part of another name", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), testkit.FilePart{Field: "image", Filename: "a.png", Data: good})
		}, 400, 20007},
		{"empty pic", func() *testkit.Response { return c.Multipart(upload, reqParams("status", "x"), pic(nil, "a.png")) }, 400, 20007},
		{"not an image", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic([]byte("%PDF-1.4 not a picture"), "a.png"))
		}, 400, 20005},
		{"BMP", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic(append([]byte("BM"), make([]byte, 64)...), "a.bmp"))
		}, 400, 20005},
		{"truncated PNG", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic(good[:len(good)/2], "a.png"))
		}, 400, 20005},
		{"over --media-max-bytes", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic(append(pngOf(t, 8, 8), make([]byte, 201<<10)...), "a.png"))
		}, 400, 20006},
		{"body over every limit", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic(make([]byte, 7<<20), "a.png"))
		}, 400, 20006},
		{"decompression bomb", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic(bombPNG(t), "a.png"))
		}, 400, 20006},
		{"over --media-max-pixels", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x"), pic(pngOf(t, 2100, 2000), "a.png"))
		}, 400, 20006},
		{"no status", func() *testkit.Response { return c.Multipart(upload, nil, pic(good, "a.png")) }, 400, 10016},
		{"blank status", func() *testkit.Response { return c.Multipart(upload, reqParams("status", "  "), pic(good, "a.png")) }, 400, 20008},
		{"status too long", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", strings.Repeat("长", 141)), pic(good, "a.png"))
		}, 400, 20012},
		{"bad visible", func() *testkit.Response {
			return c.Multipart(upload, reqParams("status", "x", "visible", "9"), pic(good, "a.png"))
		}, 400, 10017},
		{"GET", func() *testkit.Response { return c.Get(upload, reqParams("status", "x")) }, 405, 10021},
		{"no token", func() *testkit.Response {
			return k.Anonymous().Multipart(upload, reqParams("status", "x"), pic(good, "a.png"))
		}, 401, 10006},
		{"upload_pic: not multipart", func() *testkit.Response { return c.Post("/2/statuses/upload_pic.json", nil) }, 400, 20007},
		{"upload_pic: not an image", func() *testkit.Response {
			return c.Multipart("/2/statuses/upload_pic.json", nil, pic([]byte("GIF87a"), "a.gif"))
		}, 400, 20005},
	}
	for _, tc := range cases {
		r := tc.r()
		var e testkit.SinaError
		if err := testkit.DecodeStrict(r.Body, &e); err != nil || e.ErrorCode != tc.code || r.Status != tc.status {
			t.Errorf("%s: want error %d (HTTP %d), got HTTP %d %s", tc.name, tc.code, tc.status, r.Status, r.Body)
		}
	}
	// Nothing was posted by any of them.
	tl := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", nil))
	if len(tl.Statuses) != 0 {
		t.Fatalf("refused uploads posted %d statuses", len(tl.Statuses))
	}
	// The duplicate check applies to picture posts as to text ones.
	mustDecode[sinaspec.Status](t, c.Multipart(upload, reqParams("status", "一次"), pic(good, "a.png")))
	c.Fail(c.Multipart(upload, reqParams("status", "一次"), pic(pngOf(t, 41, 30), "b.png")), 400, 20019)
}

// Every user object carries avatar URLs that serve the default avatar at
// the documented sizes until the user sets one.
func TestDefaultAvatar(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("faceless")
	shown := mustDecode[sinaspec.User](t, u.Client.Get("/2/users/show.json", reqParams("uid", idString(u.ID))))
	// The default avatar is opaque: JPEG.
	img, _ := fetchImage(t, u.Client, shown.ProfileImageURL, "image/jpeg")
	wantSize(t, "profile_image_url", img, 50, 50)
	img, _ = fetchImage(t, u.Client, shown.AvatarLarge, "image/jpeg")
	wantSize(t, "avatar_large", img, 180, 180)
	img, _ = fetchImage(t, u.Client, shown.AvatarHD, "image/jpeg")
	wantSize(t, "avatar_hd", img, 256, 256)
}

func TestDecodeStatusPart(t *testing.T) {
	k := testkit.Start(t)
	c := k.NewUser("encoder").Client
	for i, tc := range []struct{ sent, want string }{
		{url.QueryEscape("中文 & 符号"), "中文 & 符号"},
		{"plain text", "plain text"},
		{"100% sure", "100% sure"},
		{"1+1=2", "1+1=2"},
		{"中文%20", "中文%20"},               // raw UTF-8 beside an escape: typed, not encoded
		{"%E4%B8%AD%FF", "%E4%B8%AD%FF"}, // decodes to invalid UTF-8: kept
	} {
		st := mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", tc.sent), pic(pngOf(t, 10+i, 10), "a.png")))
		if st.Text != tc.want {
			t.Errorf("status part %q: text %q, want %q", tc.sent, st.Text, tc.want)
		}
	}
}

type uploadedPic struct {
	PicID        string `json:"pic_id"`
	ThumbnailPic string `json:"thumbnail_pic"`
	BmiddlePic   string `json:"bmiddle_pic"`
	OriginalPic  string `json:"original_pic"`
}

func uploadPic(t *testing.T, c *testkit.Client, data []byte) uploadedPic {
	t.Helper()
	var up uploadedPic
	c.Must(c.Multipart("/2/statuses/upload_pic.json", nil, pic(data, "p.png")), &up)
	return up
}

func TestUploadURLTextWithPicIDs(t *testing.T) {
	k := testkit.Start(t)
	u, other := k.NewUser("multipic"), k.NewUser("stranger")
	c := u.Client
	var ids []string
	for i := range 9 {
		ids = append(ids, uploadPic(t, c, pngOf(t, 50+i, 40)).PicID)
	}
	// Nine pictures, in the order given.
	st := mustDecode[sinaspec.Status](t, c.Post("/2/statuses/upload_url_text.json",
		reqParams("status", "九宫格", "pic_id", strings.Join(ids, ","))))
	if len(st.PicURLs) != 9 || strings.Join(st.PicIDs, ",") != strings.Join(ids, ",") {
		t.Fatalf("nine pictures: %s", mustJSON(st))
	}
	for i, p := range st.PicURLs {
		img, _ := fetchImage(t, c, p.ThumbnailPic, "image/png")
		if img.Bounds().Dx() != 50+i {
			t.Fatalf("picture %d is %v wide, want %d", i, img.Bounds(), 50+i)
		}
	}
	home := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/home_timeline.json", nil))
	if len(home.Statuses) != 1 || len(home.Statuses[0].PicURLs) != 9 {
		t.Fatalf("home timeline: %+v", home.Statuses)
	}

	// pic_id wins over url (which would fail: nothing listens there).
	st = mustDecode[sinaspec.Status](t, c.Post("/2/statuses/upload_url_text.json",
		reqParams("status", "两张", "pic_id", ids[0]+","+ids[1], "url", "http://127.0.0.1:1/x.png")))
	if len(st.PicIDs) != 2 {
		t.Fatalf("pic_id and url: %v", st.PicIDs)
	}

	tenth := uploadPic(t, c, pngOf(t, 70, 40)).PicID
	strangers := uploadPic(t, other.Client, pngOf(t, 71, 40)).PicID
	post := func(kv ...string) *testkit.Response {
		return c.Post("/2/statuses/upload_url_text.json", reqParams(append([]string{"status", "错误"}, kv...)...))
	}
	mustFail(t, c, post("pic_id", strings.Join(append(ids, tenth), ",")), 400, 20009, "")
	mustFail(t, c, post("pic_id", strangers), 400, 10017, "pic_id")
	mustFail(t, c, post("pic_id", ids[0]+","+strangers), 400, 10017, "pic_id")
	mustFail(t, c, post("pic_id", "0123456789abcdef0123456789abcdej"), 400, 10017, "pic_id") // well formed, never uploaded
	mustFail(t, c, post("pic_id", "../../etc/passwd"), 400, 10017, "pic_id")
	mustFail(t, c, post("pic_id", ids[0]+",,"+ids[1]), 400, 10017, "pic_id")
	mustFail(t, c, post(), 400, 10016, "pic_id")
	mustFail(t, c, post("url", "ftp://example.com/a.png"), 400, 10017, "url")
	mustFail(t, c, c.Post("/2/statuses/upload_url_text.json", reqParams("pic_id", ids[0])), 400, 10016, "status")
	mustFail(t, c, c.Get("/2/statuses/upload_url_text.json", reqParams("status", "x", "pic_id", ids[0])), 405, 10021, "")
	// None of the refusals posted anything.
	tl := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", nil))
	if len(tl.Statuses) != 2 {
		t.Fatalf("%d statuses after the refusals, want 2", len(tl.Statuses))
	}
}

func TestUploadURLTextFetches(t *testing.T) {
	jpg := jpegOf(t, 640, 480)
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/photo.jpg":
			w.Write(jpg)
		case "/page.html":
			w.Write([]byte("<!doctype html><p>no picture here</p>"))
		case "/huge.png":
			w.Write(append(pngOf(t, 8, 8), make([]byte, 300<<10)...))
		default:
			http.NotFound(w, r)
		}
	}))
	defer remote.Close()

	k := testkit.Start(t, testkit.Options{FetchAllowPrivate: true, MediaMaxBytes: 200 << 10})
	c := k.NewUser("fetcher").Client
	st := mustDecode[sinaspec.Status](t, c.Post("/2/statuses/upload_url_text.json",
		reqParams("status", "远程图片", "url", remote.URL+"/photo.jpg")))
	if len(st.PicURLs) != 1 {
		t.Fatalf("fetched picture missing: %s", mustJSON(st))
	}
	img, _ := fetchImage(t, c, st.OriginalPic, "image/jpeg")
	wantSize(t, "fetched original", img, 640, 480)
	img, _ = fetchImage(t, c, st.BmiddlePic, "image/jpeg")
	wantSize(t, "fetched bmiddle", img, 440, 330)

	post := func(u string) *testkit.Response {
		return c.Post("/2/statuses/upload_url_text.json", reqParams("status", "远程 "+u, "url", u))
	}
	mustFail(t, c, post(remote.URL+"/page.html"), 400, 20005, "")
	mustFail(t, c, post(remote.URL+"/huge.png"), 400, 20006, "")
	mustFail(t, c, post(remote.URL+"/missing.png"), 400, 10017, "url")

	// Without --fetch-allow-private the same loopback server is refused.
	strict := testkit.Start(t)
	sc := strict.NewUser("ssrf").Client
	for _, u := range []string{remote.URL + "/photo.jpg", strings.Replace(remote.URL, "127.0.0.1", "localhost", 1) + "/photo.jpg",
		"http://169.254.169.254/latest/meta-data/", "http://[::1]:1/x.png", "http://10.0.0.1/x.png"} {
		mustFail(t, sc, sc.Post("/2/statuses/upload_url_text.json", reqParams("status", "ssrf", "url", u)), 400, 10017, "url")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAvatarUpload(t *testing.T) {
	k := testkit.Start(t)
	u, fan := k.NewUser("withface"), k.NewUser("facefan")
	c := u.Client
	before := mustDecode[sinaspec.User](t, c.Get("/2/users/show.json", reqParams("uid", idString(u.ID))))
	mustDecode[sinaspec.Status](t, c.Post("/2/statuses/update.json", reqParams("status", "换头像前")))
	mustDecode[sinaspec.User](t, fan.Client.Post("/2/friendships/create.json", reqParams("uid", idString(u.ID))))

	// A wide JPEG: every avatar size is the centre square.
	img := gradient(600, 400)
	for y := range 400 {
		for x := range 100 {
			img.Set(x, y, color.NRGBA{255, 0, 0, 255}) // red left edge, cut away
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	got := mustDecode[sinaspec.User](t, c.Multipart("/2/account/avatar/upload.json", nil,
		testkit.FilePart{Field: "image", Filename: "me.jpg", ContentType: "image/jpeg", Data: b.Bytes()}))
	if got.ProfileImageURL == before.ProfileImageURL || got.ID != u.ID {
		t.Fatalf("avatar unchanged: %s", got.ProfileImageURL)
	}
	for _, s := range []struct {
		url  string
		side int
	}{{got.ProfileImageURL, 50}, {got.AvatarLarge, 180}, {got.AvatarHD, 400}} {
		img, _ := fetchImage(t, c, s.url, "image/jpeg")
		wantSize(t, s.url, img, s.side, s.side)
		if r, g, _, _ := img.At(0, s.side/2).RGBA(); r>>8 > 200 && g>>8 < 50 {
			t.Fatalf("%s: the red edge outside the centre square is shown", s.url)
		}
	}
	// Every user object shows it: users/show, a status's author (cached
	// render), the follower's home timeline, friendships.
	shown := mustDecode[sinaspec.User](t, fan.Client.Get("/2/users/show.json", reqParams("uid", idString(u.ID))))
	home := mustDecode[sinaspec.Timeline](t, fan.Client.Get("/2/statuses/home_timeline.json", nil))
	mine := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", nil))
	if shown.AvatarHD != got.AvatarHD || len(home.Statuses) != 1 || home.Statuses[0].User.ProfileImageURL != got.ProfileImageURL ||
		mine.Statuses[0].User.AvatarLarge != got.AvatarLarge {
		t.Fatalf("avatar not everywhere: show %q, home %+v", shown.AvatarHD, home.Statuses)
	}
	// The "pic" part name works too, and a PNG with transparency stays PNG.
	trans := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	var pb bytes.Buffer
	if err := png.Encode(&pb, trans); err != nil {
		t.Fatal(err)
	}
	again := mustDecode[sinaspec.User](t, c.Multipart("/2/account/avatar/upload.json", nil, pic(pb.Bytes(), "t.png")))
	fetchImage(t, c, again.ProfileImageURL, "image/png")

	upload := "/2/account/avatar/upload.json"
	c.Fail(c.Post(upload, reqParams("image", "abc")), 400, 20007)
	c.Fail(c.Multipart(upload, nil, testkit.FilePart{Field: "image", Filename: "x", Data: []byte("not an image")}), 400, 20005)
	c.Fail(c.Multipart(upload, nil, testkit.FilePart{Field: "avatar", Filename: "x.png", Data: pb.Bytes()}), 400, 20007)
	c.Fail(c.Multipart(upload, nil, testkit.FilePart{Field: "image", Filename: "x.png", Data: bombPNG(t)}), 400, 20006)
	c.Fail(k.Anonymous().Multipart(upload, nil, testkit.FilePart{Field: "image", Filename: "x.png", Data: pb.Bytes()}), 401, 10006)
	after := mustDecode[sinaspec.User](t, c.Get("/2/users/show.json", reqParams("uid", idString(u.ID))))
	if after.ProfileImageURL != again.ProfileImageURL {
		t.Fatalf("a refused upload changed the avatar: %s", after.ProfileImageURL)
	}
}

// TestPictureRetention: pictures nothing shows (an upload never attached,
// the pictures of a deleted status, a replaced avatar) are deleted by the
// sweep once the retention has passed, and no sooner; pictures in use stay.
func TestPictureRetention(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("retainer")
	c := u.Client
	unused := uploadPic(t, c, pngOf(t, 20, 20))
	deleted := mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", "要删的"), pic(pngOf(t, 21, 20), "d.png")))
	kept := mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", "留着的"), pic(pngOf(t, 22, 20), "k.png")))
	// A picture shown by a live status and by a deleted one stays.
	shared := uploadPic(t, c, pngOf(t, 23, 20))
	for _, text := range []string{"共享一", "共享二"} {
		mustDecode[sinaspec.Status](t, c.Post("/2/statuses/upload_url_text.json", reqParams("status", text, "pic_id", shared.PicID)))
	}
	sharedTL := mustDecode[sinaspec.Timeline](t, c.Get("/2/statuses/user_timeline.json", reqParams("count", "1")))
	mustDecode[sinaspec.Status](t, c.Post("/2/statuses/destroy.json", reqParams("id", idString(sharedTL.Statuses[0].ID))))
	mustDecode[sinaspec.Status](t, c.Post("/2/statuses/destroy.json", reqParams("id", idString(deleted.ID))))
	oldFace := mustDecode[sinaspec.User](t, c.Multipart("/2/account/avatar/upload.json", nil, pic(jpegOf(t, 60, 60), "a.jpg")))
	face := mustDecode[sinaspec.User](t, c.Multipart("/2/account/avatar/upload.json", nil, pic(jpegOf(t, 61, 61), "b.jpg")))

	// The deleted status's pictures are still served until the sweep.
	status := func(u string) int { return c.Fetch(u).Status }
	sweep := func() int {
		t.Helper()
		n, err := k.App.Core.SweepPictures(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	k.Clock.Advance(core.DefaultMediaRetention - time.Minute)
	if n := sweep(); n != 0 {
		t.Fatalf("swept %d pictures before the retention passed", n)
	}
	if status(deleted.OriginalPic) != 200 || status(unused.ThumbnailPic) != 200 {
		t.Fatal("pictures gone before the retention passed")
	}
	k.Clock.Advance(2 * time.Minute)
	if n := sweep(); n != 3 {
		t.Fatalf("swept %d pictures, want 3 (unused upload, deleted status's, old avatar)", n)
	}
	for _, gone := range []string{unused.ThumbnailPic, unused.BmiddlePic, unused.OriginalPic, deleted.ThumbnailPic,
		deleted.BmiddlePic, deleted.OriginalPic, oldFace.ProfileImageURL, oldFace.AvatarLarge, oldFace.AvatarHD} {
		if s := status(gone); s != http.StatusNotFound {
			t.Errorf("%s: %d after the sweep, want 404", gone, s)
		}
	}
	for _, live := range []string{kept.ThumbnailPic, kept.OriginalPic, shared.OriginalPic, face.ProfileImageURL, face.AvatarHD} {
		if s := status(live); s != http.StatusOK {
			t.Errorf("%s: %d after the sweep, want 200 (still shown)", live, s)
		}
	}
	if n := sweep(); n != 0 {
		t.Fatalf("a second sweep deleted %d more", n)
	}
	// A swept id can no longer be attached; uploading the bytes again
	// brings the picture back under the same id.
	mustFail(t, c, c.Post("/2/statuses/upload_url_text.json", reqParams("status", "旧图", "pic_id", unused.PicID)), 400, 10017, "pic_id")
	again := uploadPic(t, c, pngOf(t, 20, 20))
	if again.PicID != unused.PicID || status(again.OriginalPic) != 200 {
		t.Fatalf("re-upload: %+v", again)
	}
	mustDecode[sinaspec.Status](t, c.Post("/2/statuses/upload_url_text.json", reqParams("status", "旧图", "pic_id", unused.PicID)))
}

// exifSecret is what the test's metadata carries; no served file may.
const exifSecret = "SECRET-CAMERA-OWNER"

// withEXIFGPS puts after a JPEG's SOI an APP1 EXIF segment as cameras write
// it: IFD0 with Orientation, ImageDescription (exifSecret) and a GPS IFD
// pointer; the GPS IFD with GPSLatitudeRef "N" and GPSLatitude 31°13'49".
func withEXIFGPS(jpg []byte, orientation uint16) []byte {
	be := binary.BigEndian
	const ifd0 = 8
	const n0 = 3
	gpsOff := uint32(ifd0 + 2 + n0*12 + 4)
	const nGPS = 2
	descOff := gpsOff + 2 + nGPS*12 + 4
	desc := []byte(exifSecret + "\x00")
	latOff := descOff + uint32(len(desc))
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, typ)
		b = be.AppendUint32(b, count)
		return be.AppendUint32(b, value)
	}
	tiff := []byte("MM\x00*\x00\x00\x00\x08")
	tiff = be.AppendUint16(tiff, n0)
	tiff = entry(tiff, 0x010E, 2, uint32(len(desc)), descOff) // ImageDescription
	tiff = entry(tiff, 0x0112, 3, 1, uint32(orientation)<<16) // Orientation (SHORT, left-justified)
	tiff = entry(tiff, 0x8825, 4, 1, gpsOff)                  // GPSInfo
	tiff = be.AppendUint32(tiff, 0)                           // no IFD1
	tiff = be.AppendUint16(tiff, nGPS)
	tiff = entry(tiff, 0x0001, 2, 2, uint32('N')<<24) // GPSLatitudeRef
	tiff = entry(tiff, 0x0002, 5, 3, latOff)          // GPSLatitude
	tiff = be.AppendUint32(tiff, 0)
	tiff = append(tiff, desc...)
	for _, r := range [][2]uint32{{31, 1}, {13, 1}, {49, 1}} {
		tiff = be.AppendUint32(tiff, r[0])
		tiff = be.AppendUint32(tiff, r[1])
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1}, be.AppendUint16(nil, uint16(len(app1)+2))...)
	seg = append(seg, app1...)
	out := append([]byte{0xFF, 0xD8}, seg...)
	return append(out, jpg[2:]...)
}

// TestUploadAppliesOrientationAndStripsMetadata: a phone photo stored
// landscape with "rotate 90° clockwise" and a GPS position is served upright
// at every size, with no metadata in any file.
func TestUploadAppliesOrientationAndStripsMetadata(t *testing.T) {
	k := testkit.Start(t)
	c := k.NewUser("phone").Client
	stored := gradient(400, 200)
	for y := range 20 {
		for x := range 40 {
			stored.Set(x, y, color.NRGBA{255, 0, 0, 255}) // red top-left, as stored
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, stored, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []uint16{1, 6} {
		src := withEXIFGPS(b.Bytes(), o)
		if !bytes.Contains(src, []byte(exifSecret)) {
			t.Fatal("fixture lacks its metadata")
		}
		st := mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", fmt.Sprintf("方向 %d", o)),
			testkit.FilePart{Field: "pic", Filename: "IMG_0001.JPG", ContentType: "image/jpeg", Data: src}))
		wantW, wantH := 400, 200
		if o == 6 {
			wantW, wantH = 200, 400
		}
		for _, u := range []string{st.ThumbnailPic, st.BmiddlePic, st.OriginalPic} {
			r := c.Fetch(u)
			for _, leak := range []string{exifSecret, "Exif\x00"} {
				if bytes.Contains(r.Body, []byte(leak)) {
					t.Fatalf("orientation %d: %s still carries %q", o, u, leak)
				}
			}
		}
		img, _ := fetchImage(t, c, st.OriginalPic, "image/jpeg")
		wantSize(t, "original", img, wantW, wantH)
		// The red corner: top-left as stored; top-right once turned clockwise.
		x := 2
		if o == 6 {
			x = wantW - 3
		}
		if r, g, _, _ := img.At(x, 2).RGBA(); r>>8 < 200 || g>>8 > 60 {
			t.Fatalf("orientation %d: pixel (%d,2) is %v, want red", o, x, img.At(x, 2))
		}
		img, _ = fetchImage(t, c, st.ThumbnailPic, "image/jpeg")
		wantSize(t, "thumbnail", img, 120, 120*wantH/wantW)
	}
}

// TestUploadWebP: WebP is accepted and stored as JPEG (or PNG when it has
// transparency); the fixtures are the media package's real WebP files.
func TestUploadWebP(t *testing.T) {
	k := testkit.Start(t)
	c := k.NewUser("webp").Client
	for _, f := range []struct {
		file, typ string
		w, h      int
	}{
		{"blue-purple-pink.lossy.webp", "image/jpeg", 150, 100},
		{"gopher-doc.with-alpha.lossless.webp", "image/png", 75, 100},
	} {
		data, err := os.ReadFile(filepath.Join("..", "..", "media", "testdata", f.file))
		if err != nil {
			t.Fatal(err)
		}
		st := mustDecode[sinaspec.Status](t, c.Multipart("/2/statuses/upload.json", reqParams("status", f.file),
			testkit.FilePart{Field: "pic", Filename: f.file, ContentType: "image/webp", Data: data}))
		img, _ := fetchImage(t, c, st.OriginalPic, f.typ)
		wantSize(t, f.file, img, f.w, f.h)
	}
}
