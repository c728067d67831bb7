package sina_test

import (
	"context"
	"image"
	"image/color"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

type mapImageResult struct {
	Map []struct {
		ImageURL string `json:"image_url"`
	} `json:"map"`
}

func rgbAt(img image.Image, x, y int) color.RGBA {
	r, g, b, _ := img.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}

// TestLocationMapImage: get_map_image draws the map it is asked for and
// answers its URL; the picture is served, sized, marked and filled where
// the request says, kept for the media retention, then swept.
func TestLocationMapImage(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	get := func(kv ...string) *testkit.Response {
		return u.Get("/2/location/base/get_map_image.json", reqParams(kv...))
	}
	draw := func(wantType string, kv ...string) (image.Image, string) {
		t.Helper()
		res := mustDecode[mapImageResult](t, get(kv...))
		if len(res.Map) != 1 || res.Map[0].ImageURL == "" {
			t.Fatalf("%v: %+v", kv, res)
		}
		img, _ := fetchImage(t, u.Client, res.Map[0].ImageURL, wantType)
		return img, res.Map[0].ImageURL
	}
	pin := color.RGBA{0xE0, 0x3A, 0x2E, 0xFF}

	// A marker on the centre sits in the middle of the picture; 5 px left
	// of its middle is the pin (the number is drawn right of that).
	img, url1 := draw("image/png", "center_coordinate", "116.404,39.915", "size", "400x300", "zoom", "13",
		"coordinates", "116.404,39.915", "names", "天安门")
	wantSize(t, "map", img, 400, 300)
	if c := rgbAt(img, 195, 150); c != pin {
		t.Fatalf("centre marker: pixel %v, want the pin's %v", c, pin)
	}
	// The same request is the same picture; panning a quarter width east
	// moves the marker a quarter width left.
	if _, again := draw("image/png", "center_coordinate", "116.404,39.915", "size", "400x300", "zoom", "13",
		"coordinates", "116.404,39.915", "names", "天安门"); again != url1 {
		t.Fatalf("same map, two URLs: %s, %s", url1, again)
	}
	img, _ = draw("image/png", "center_coordinate", "116.404,39.915", "size", "400x300", "zoom", "13",
		"coordinates", "116.404,39.915", "offset_x", "1")
	if c := rgbAt(img, 95, 150); c != pin {
		t.Fatalf("panned marker: pixel %v, want the pin's %v", c, pin)
	}
	// An opaque green polygon around the centre fills it; a red 10 px
	// line through it covers its middle row.
	img, _ = draw("image/png", "center_coordinate", "116.40,39.90", "size", "200x200", "zoom", "12",
		"polygons", "0X000000,0,0X00FF00,100,116.38,39.88|116.42,39.88|116.42,39.92|116.38,39.92")
	if c := rgbAt(img, 100, 100); c != (color.RGBA{0, 0xFF, 0, 0xFF}) {
		t.Fatalf("polygon: centre pixel %v, want green", c)
	}
	img, _ = draw("image/png", "center_coordinate", "116.40,39.90", "size", "200x200", "zoom", "12",
		"lines", "0XFF0000,10,116.30,39.90|116.50,39.90")
	if c := rgbAt(img, 100, 100); c != (color.RGBA{0xFF, 0, 0, 0xFF}) {
		t.Fatalf("line: centre pixel %v, want red", c)
	}
	// A city centre, the default size, other formats, a scale bar, a font.
	img, _ = draw("image/png", "city", "0010")
	wantSize(t, "default map", img, 240, 240)
	draw("image/jpeg", "city", "0021", "format", "jpg", "scale", "true")
	img, last := draw("image/gif", "center_coordinate", "121.47,31.23", "format", "gif", "size", "120",
		"coordinates", "121.47,31.23|121.50,31.24", "names", "外滩,Lujiazui", "font", "宋体,1,32,0X000000,0XFFFFFF,1")
	wantSize(t, "gif map", img, 120, 120)

	// Nothing shows a map: after the media retention the sweep deletes it.
	k.Clock.Advance(core.DefaultMediaRetention + time.Minute)
	if _, err := k.App.Core.SweepPictures(context.Background(), 100); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{url1, last} {
		if r := u.Client.Fetch(gone); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d after the sweep, want 404", gone, r.Status)
		}
	}

	// Errors name the parameter, in location's 219xx codes where it has one.
	if e := u.Fail(get("city", "0010", "traffic", "true"), 400, 21903); !strings.Contains(e.Error, "traffic") {
		t.Fatalf("traffic: %s", e.Error)
	}
	mustFail(t, u.Client, get(), 400, 21910, "")
	mustFail(t, u.Client, get("center_coordinate", "39.98,116.32"), 400, 21906, "center_coordinate")
	mustFail(t, u.Client, get("city", "9999"), 400, 21918, "city")
	mustFail(t, u.Client, get("city", "0010", "coordinates", "x,y"), 400, 21906, "coordinates")
	for _, bad := range [][]string{
		{"size", "801x100"}, {"size", "0x10"}, {"size", "100X100"}, {"size", "big"},
		{"zoom", "18"}, {"zoom", "0"}, {"offset_x", "101"},
		{"coordinates", strings.Repeat("116.3,39.9|", 10) + "116.3,39.9"},
		{"names", strings.Repeat("a,", 10) + "a"},
		{"format", "bmp"}, {"format", "PNG"},
		{"font", "宋体,1,20"}, {"font", "宋体,1,73,0XFF0CC0,0XFFFFE0,1"}, {"font", "宋体,1,20,red,0XFFFFE0,1"},
		{"font", "宋体,1,20,0XFF0CC0,0XFFFFE0,2"}, {"font", "宋体,bold,20,0XFF0CC0,0XFFFFE0,1"},
		{"lines", "0XFF0000,3,116.3,39.9"}, {"lines", "0XFF0000,51,116.3,39.9|116.4,39.9"}, {"lines", "red,3,116.3,39.9|116.4,39.9"},
		{"lines", "116.3,39.9|116.4,39.9"}, {"lines", "0XFF0000,3,116.3,39.9" + strings.Repeat("|116.4,39.9", 10)},
		{"polygons", "0X0000FF,1,0X00FF00,50,116.3,39.9|116.4,39.9"}, {"polygons", "0X0000FF,1,0X00FF00,101,116.3,39.9|116.4,39.9|116.4,40"},
	} {
		mustFail(t, u.Client, get(append([]string{"city", "0010"}, bad...)...), 400, 10017, bad[0])
	}
	mustFail(t, u.Client, get("city", "0010", "lines", "0XFF0000,3,116.3,39.9|200,39.9"), 400, 21906, "lines")
	k.Anonymous().Fail(k.Anonymous().Get("/2/location/base/get_map_image.json", reqParams("city", "0010")), 401, 10006)
}
