package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// postMultipart sends the compose form as a browser does with a file chosen.
func (b *browser) postMultipart(path string, fields url.Values, file string, data []byte) *page {
	b.t.Helper()
	return b.postMultipartAs(path, "pic", fields, file, data)
}

// postMultipartAs is postMultipart with the file in the part field.
func (b *browser) postMultipartAs(path, field string, fields url.Values, file string, data []byte) *page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if _, ok := fields["csrf_token"]; !ok {
		fields.Set("csrf_token", b.csrf)
	}
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(field, file)
	if err != nil {
		b.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.k.URL+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for x := range 300 {
		for y := range 200 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var thumbRE = regexp.MustCompile(`<img src="([^"]+/thumbnail/[^"]+)" alt="图片"`)

func TestComposeWithPicture(t *testing.T) {
	k := testkit.Start(t)
	b := signUp(t, k, "pia")
	p := b.postMultipart("/compose", url.Values{"status": {"看图"}}, "a.png", pngBytes(t))
	wantStatus(t, p, 303)
	p = b.get("/")
	wantContains(t, p, "看图", `<ul class="pics">`)
	m := thumbRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no thumbnail:\n%s", p.body)
	}
	r := k.Anonymous().Fetch(m[1])
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "image/") {
		t.Fatalf("thumbnail: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	// Not a picture: refused, the text kept, nothing posted.
	p = b.postMultipart("/compose", url.Values{"status": {"不是图"}}, "a.png", []byte("hello, not a picture"))
	wantStatus(t, p, 400)
	wantContains(t, p, ">不是图</textarea>")
	// No file chosen: an ordinary post.
	wantStatus(t, b.postMultipart("/compose", url.Values{"status": {"没有图"}}, "", nil), 303)
	// The form token is checked in a multipart form too.
	wantStatus(t, b.postMultipart("/compose", url.Values{"status": {"x"}, "csrf_token": {"bad"}}, "a.png", pngBytes(t)), 403)
}

func TestFollowingAndFollowersPages(t *testing.T) {
	k := testkit.Start(t)
	alice, bob := signUp(t, k, "alice"), signUp(t, k, "bob")
	aliceProfile, aliceID := alice.me()
	_, bobID := bob.me()
	wantStatus(t, bob.post("/u/"+aliceID+"/follow", nil), 303)
	wantContains(t, bob.get(aliceProfile), `href="/u/`+aliceID+`/followers"`)
	p := bob.get("/u/" + aliceID + "/followers")
	wantStatus(t, p, 200)
	wantContains(t, p, `data-uid="`+bobID+`"`, ">bob</a>")
	p = alice.get("/u/" + bobID + "/following")
	wantContains(t, p, ">alice</a>")
	// alice sees a follow button for bob on her followers page.
	p = alice.get("/u/" + aliceID + "/followers")
	wantContains(t, p, `action="/u/`+bobID+`/follow"`)
	wantStatus(t, alice.get("/u/999999/followers"), 404)
	wantStatus(t, alice.get("/u/"+aliceID+"/followers?cursor=x"), 400)
	wantContains(t, alice.get("/u/"+aliceID+"/following"), "还没有人。")
}
