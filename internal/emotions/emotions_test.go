package emotions

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// Every emoticon has an image that decodes, a bracketed phrase in both
// scripts, a known type; phrases are unique per language.
func TestSet(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range All() {
		b, err := Files.ReadFile("img/" + e.File)
		if err != nil {
			t.Fatalf("%s: %v", e.Phrase, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() != 22 {
			t.Fatalf("%s: image %v %v", e.Phrase, err, img)
		}
		for _, p := range []string{e.Phrase, e.Traditional} {
			if !strings.HasPrefix(p, "[") || !strings.HasSuffix(p, "]") {
				t.Errorf("phrase %q", p)
			}
		}
		if seen["s"+e.Phrase] || seen["t"+e.Traditional] {
			t.Errorf("phrase %q twice", e.Phrase)
		}
		seen["s"+e.Phrase], seen["t"+e.Traditional] = true, true
		if e.Type != TypeFace && e.Type != TypeAni && e.Type != TypeCartoon {
			t.Errorf("%s: type %q", e.Phrase, e.Type)
		}
	}
	if len(Of(TypeFace)) == 0 || len(Of(TypeAni)) == 0 || len(Of(TypeCartoon)) == 0 {
		t.Fatal("a type has no emoticons")
	}
}
