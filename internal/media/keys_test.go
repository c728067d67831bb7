package media

import (
	"image"
	"testing"
)

func TestKeys(t *testing.T) {
	const jpg, png, gif = "0123456789abcdef0123456789abcdej", "0123456789abcdef0123456789abcdep", "0123456789abcdef0123456789abcdeg"
	for _, c := range []struct {
		kind      Kind
		size, id  string
		want      string
		wantValid bool
	}{
		{KindPicture, Thumbnail, jpg, "thumbnail/" + jpg + ".jpg", true},
		{KindPicture, Bmiddle, png, "bmiddle/" + png + ".png", true},
		{KindPicture, Large, gif, "large/" + gif + ".gif", true},
		{KindAvatar, Avatar50, jpg, "avatar/50/" + jpg + ".jpg", true},
		{KindAvatar, AvatarHD, png, "avatar/hd/" + png + ".png", true},
		{KindMap, MapSize, png, "map/" + png + ".png", true},
	} {
		if got := Key(c.kind, c.size, c.id); got != c.want {
			t.Errorf("Key(%s, %s, %s) = %s, want %s", c.kind, c.size, c.id, got, c.want)
		}
		if k, ok := ParseKey(c.want); !ok || k != c.want {
			t.Errorf("ParseKey(%s) = %s, %v", c.want, k, ok)
		}
	}
	if got := Keys(KindPicture, jpg); len(got) != 3 || got[2] != "large/"+jpg+".jpg" {
		t.Errorf("Keys(picture) = %v", got)
	}
	if got := Keys(KindAvatar, png); len(got) != 5 || got[0] != "avatar/30/"+png+".png" {
		t.Errorf("Keys(avatar) = %v", got)
	}
	// Any image extension names the id's file.
	if k, ok := ParseKey("bmiddle/" + gif + ".jpg"); !ok || k != "bmiddle/"+gif+".gif" {
		t.Errorf("ParseKey with another extension = %s, %v", k, ok)
	}
	for _, bad := range []string{"", "large", "large/", "large/" + jpg, "large/" + jpg + ".bmp", "small/" + jpg + ".jpg",
		"large/" + jpg[:31] + ".jpg", "large/" + jpg + "x.jpg", "large/" + jpg[:31] + "x.jpg", "large/x/" + jpg + ".jpg",
		"avatar/large/" + jpg + ".jpg", "avatar/50/" + jpg + ".jpg/", "Large/" + jpg + ".jpg", "large/" + jpg[:30] + "Gj.jpg",
		"map/large/" + png + ".png", "avatar/map/" + png + ".png", "map/" + png, "large/map/" + png + ".png"} {
		if k, ok := ParseKey(bad); ok {
			t.Errorf("ParseKey(%q) accepted: %s", bad, k)
		}
	}
	for id, want := range map[string]bool{jpg: true, png: true, gif: true, "": false, jpg[:31] + "w": false, "g" + jpg[1:]: false} {
		if ValidID(id) != want {
			t.Errorf("ValidID(%q) = %v", id, !want)
		}
	}
	if FormatOf("pic1") != JPEG || FormatOf(png) != PNG || FormatOf(gif) != GIF {
		t.Error("FormatOf")
	}
}

func TestDrawn(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	for _, f := range []Format{PNG, JPEG, GIF} {
		up, err := Drawn(KindMap, img, f)
		if err != nil {
			t.Fatal(err)
		}
		if !ValidID(up.ID) || FormatOf(up.ID) != f || len(up.Renditions) != 1 {
			t.Fatalf("%c: upload %+v", f, up)
		}
		r := up.Renditions[0]
		if r.Key != Keys(KindMap, up.ID)[0] || r.Width != 30 || r.Height != 20 || r.ContentType != f.ContentType() {
			t.Errorf("%c: rendition %s %dx%d %s", f, r.Key, r.Width, r.Height, r.ContentType)
		}
		if k, ok := ParseKey(r.Key); !ok || k != r.Key {
			t.Errorf("ParseKey(%s) = %s, %v", r.Key, k, ok)
		}
		if ct, ok := Sniff(r.Data); !ok || ct != f.ContentType() {
			t.Errorf("%c: encoded as %s", f, ct)
		}
		again, _ := Drawn(KindMap, img, f)
		if again.ID != up.ID {
			t.Errorf("%c: the same picture drawn twice has two ids", f)
		}
	}
}
