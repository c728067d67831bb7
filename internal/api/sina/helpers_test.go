package sina_test

import (
	"bytes"
	"context"
	"hash/fnv"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Helpers shared by the endpoint tests of this package.

// reqParams builds request parameters from name/value pairs.
func reqParams(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// mustDecode fails unless r is a 200, then decodes it strictly against the
// spec type T.
func mustDecode[T any](t *testing.T, r *testkit.Response) T {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want 200, got %d: %s", r.Status, r.Body)
	}
	var v T
	sinaspec.Decode(t, r.Body, &v)
	return v
}

// mustFail asserts a Sina error and, when param is given, that its message
// names the parameter.
func mustFail(t *testing.T, c *testkit.Client, r *testkit.Response, status, code int, param string) {
	t.Helper()
	e := c.Fail(r, status, code)
	if param != "" && !strings.Contains(e.Error, param) {
		t.Fatalf("error %d %q does not name the parameter %q", code, e.Error, param)
	}
}

// uploadTestPicture uploads, as v, a small PNG that differs for each name
// (through the core, as statuses/upload_pic does) and returns its id.
func uploadTestPicture(t *testing.T, k *testkit.Kit, v domain.Viewer, name string) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	h := fnv.New32a()
	h.Write([]byte(name))
	seed := h.Sum32()
	for i := range img.Pix {
		img.Pix[i] = byte(seed >> (8 * (i % 4)) * uint32(i))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p, err := k.App.Core.UploadPicture(context.Background(), v, b.Bytes())
	if err != nil {
		t.Fatalf("upload picture %q: %v", name, err)
	}
	return p.ID
}
