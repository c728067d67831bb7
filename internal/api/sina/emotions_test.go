package sina_test

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func TestEmotions(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	faces := mustDecode[[]sinaspec.Emotion](t, u.Get("/2/emotions.json", nil))
	var haha *sinaspec.Emotion
	for i, e := range faces {
		if e.Type != "face" {
			t.Fatalf("default type face: %+v", e)
		}
		if e.Phrase == "[哈哈]" {
			haha = &faces[i]
		}
	}
	if haha == nil || !haha.Hot || !strings.HasPrefix(haha.URL, k.URL+"/emotions/") {
		t.Fatalf("[哈哈]: %+v", haha)
	}
	// The image is served by this server, a real PNG.
	r := k.Anonymous().Get(strings.TrimPrefix(haha.URL, k.URL), nil)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("image: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	if _, err := png.Decode(bytes.NewReader(r.Body)); err != nil {
		t.Fatalf("image does not decode: %v", err)
	}
	for _, bad := range []string{"/emotions/", "/emotions/nope.png", "/emotions/haha.gif", "/emotions/x/haha.png"} {
		if r := k.Anonymous().Get(bad, nil); r.Status != http.StatusNotFound {
			t.Fatalf("%s: %d", bad, r.Status)
		}
	}
	if r := k.Anonymous().Get("/emotions/../weibo.db", nil); r.Status == http.StatusOK {
		t.Fatalf("path escape served: %s", r.Body)
	}

	// type and language are honoured.
	ani := mustDecode[[]sinaspec.Emotion](t, u.Get("/2/emotions.json", reqParams("type", "ani")))
	if len(ani) == 0 || ani[0].Type != "ani" {
		t.Fatalf("ani: %+v", ani)
	}
	cartoon := mustDecode[[]sinaspec.Emotion](t, u.Get("/2/emotions.json", reqParams("type", "cartoon")))
	if len(cartoon) == 0 || cartoon[0].Type != "cartoon" {
		t.Fatalf("cartoon: %+v", cartoon)
	}
	tw := mustDecode[[]sinaspec.Emotion](t, u.Get("/2/emotions.json", reqParams("language", "twname")))
	var love bool
	for _, e := range tw {
		love = love || e.Phrase == "[愛你]"
	}
	if !love || len(tw) != len(faces) {
		t.Fatalf("twname: %+v", tw)
	}
	// Without a token too (source-only clients).
	mustDecode[[]sinaspec.Emotion](t, k.Anonymous().Get("/2/emotions.json", nil))
	mustFail(t, u.Client, u.Get("/2/emotions.json", reqParams("type", "gif")), 400, 10017, "type")
	mustFail(t, u.Client, u.Get("/2/emotions.json", reqParams("language", "en")), 400, 10017, "language")
}

// --emotions-url moves the links to another host (a CDN).
func TestEmotionsURL(t *testing.T) {
	k := testkit.Start(t, testkit.Options{EmotionsURL: "https://cdn.example/emo"})
	faces := mustDecode[[]sinaspec.Emotion](t, k.NewUser().Get("/2/emotions.json", nil))
	if len(faces) == 0 || !strings.HasPrefix(faces[0].URL, "https://cdn.example/emo/") {
		t.Fatalf("url: %+v", faces)
	}
}
