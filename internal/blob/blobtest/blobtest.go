// Package blobtest is the conformance suite every domain.Blobs engine must
// pass (blob/disk today; an S3-compatible engine runs the same suite).
//
//	func TestConformance(t *testing.T) {
//		blobtest.Run(t, func(t *testing.T) domain.Blobs { return newEngine(t) })
//	}
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

// Run runs the suite; open returns a new, empty engine for each subtest.
func Run(t *testing.T, open func(t *testing.T) domain.Blobs) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b domain.Blobs)
	}{
		{"PutGetStat", testPutGetStat},
		{"Missing", testMissing},
		{"Overwrite", testOverwrite},
		{"Delete", testDelete},
		{"ETags", testETags},
		{"Seek", testSeek},
		{"InvalidKeys", testInvalidKeys},
		{"ConcurrentPutGet", testConcurrentPutGet},
		{"CancelledContext", testCancelled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

func random(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func put(t *testing.T, b domain.Blobs, key, ct string, data []byte) {
	t.Helper()
	if err := b.Put(t.Context(), key, ct, data); err != nil {
		t.Fatalf("Put %s: %v", key, err)
	}
}

// get reads a blob whole.
func get(t *testing.T, b domain.Blobs, key string) ([]byte, domain.BlobInfo) {
	t.Helper()
	rc, info, err := b.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get %s: %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return data, info
}

func testPutGetStat(t *testing.T, b domain.Blobs) {
	for _, c := range []struct {
		key, ct string
		size    int
	}{
		{"thumbnail/0a1b2c3d4e5f60718293a4b5c6d7e8fj.jpg", "image/jpeg", 3000},
		{"large/ffeeddccbbaa99887766554433221100p.png", "image/png", 200_000},
		{"avatar/50/00112233445566778899aabbccddeefg.gif", "image/gif", 1},
		{"a.webp", "image/webp", 0},
	} {
		data := random(t, c.size)
		put(t, b, c.key, c.ct, data)
		got, info := get(t, b, c.key)
		if !bytes.Equal(got, data) {
			t.Errorf("%s: read back %d bytes, wrote %d (or different bytes)", c.key, len(got), len(data))
		}
		if info.Size != int64(c.size) || info.ContentType != c.ct || info.ETag == "" {
			t.Errorf("%s: Get info %+v, want size %d, type %s and an ETag", c.key, info, c.size, c.ct)
		}
		st, err := b.Stat(t.Context(), c.key)
		if err != nil {
			t.Fatalf("Stat %s: %v", c.key, err)
		}
		if st.Size != info.Size || st.ContentType != info.ContentType || st.ETag != info.ETag || !st.ModTime.Equal(info.ModTime) {
			t.Errorf("%s: Stat %+v differs from Get's %+v", c.key, st, info)
		}
	}
}

func testMissing(t *testing.T, b domain.Blobs) {
	const key = "thumbnail/00000000000000000000000000000000j.jpg"
	if _, _, err := b.Get(t.Context(), key); !domain.IsKind(err, domain.KindNotFound) {
		t.Errorf("Get of a missing key: %v, want KindNotFound", err)
	}
	if _, err := b.Stat(t.Context(), key); !domain.IsKind(err, domain.KindNotFound) {
		t.Errorf("Stat of a missing key: %v, want KindNotFound", err)
	}
	if err := b.Delete(t.Context(), key); err != nil {
		t.Errorf("Delete of a missing key: %v, want nil", err)
	}
}

func testOverwrite(t *testing.T, b domain.Blobs) {
	const key = "bmiddle/1111111111111111111111111111111j.jpg"
	first, second := random(t, 500), random(t, 700)
	put(t, b, key, "image/jpeg", first)
	put(t, b, key, "image/jpeg", first) // content-derived keys are written again as they are
	if got, _ := get(t, b, key); !bytes.Equal(got, first) {
		t.Fatal("a second Put of the same bytes changed them")
	}
	_, before := get(t, b, key)
	put(t, b, key, "image/jpeg", second)
	got, after := get(t, b, key)
	if !bytes.Equal(got, second) || after.Size != 700 {
		t.Fatalf("after a replacing Put: %d bytes, info %+v", len(got), after)
	}
	if after.ETag == before.ETag {
		t.Fatal("the ETag did not change with the bytes")
	}
}

func testDelete(t *testing.T, b domain.Blobs) {
	keys := []string{"large/2222222222222222222222222222222j.jpg", "large/2233333333333333333333333333333j.jpg"}
	for _, k := range keys {
		put(t, b, k, "image/jpeg", random(t, 100))
	}
	if err := b.Delete(t.Context(), keys[0]); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, _, err := b.Get(t.Context(), keys[0]); !domain.IsKind(err, domain.KindNotFound) {
		t.Fatalf("Get after Delete: %v, want KindNotFound", err)
	}
	if err := b.Delete(t.Context(), keys[0]); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
	get(t, b, keys[1]) // a neighbour is untouched
	put(t, b, keys[0], "image/jpeg", random(t, 10))
	get(t, b, keys[0]) // and the key can be written again
}

func testETags(t *testing.T, b domain.Blobs) {
	data := random(t, 4096)
	put(t, b, "x/a.png", "image/png", data)
	put(t, b, "x/b.png", "image/png", data)
	put(t, b, "x/c.png", "image/png", append(bytes.Clone(data), 0))
	_, a := get(t, b, "x/a.png")
	_, bb := get(t, b, "x/b.png")
	_, c := get(t, b, "x/c.png")
	if a.ETag != bb.ETag {
		t.Errorf("equal bytes, different ETags: %q %q", a.ETag, bb.ETag)
	}
	if a.ETag == c.ETag {
		t.Errorf("different bytes, equal ETags: %q", a.ETag)
	}
}

func testSeek(t *testing.T, b domain.Blobs) {
	data := random(t, 10_000)
	put(t, b, "s/seek.jpg", "image/jpeg", data)
	rc, _, err := b.Get(t.Context(), "s/seek.jpg")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if n, err := rc.Seek(0, io.SeekEnd); err != nil || n != int64(len(data)) {
		t.Fatalf("Seek to end: %d, %v", n, err)
	}
	if _, err := rc.Seek(9000, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	tail, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(tail, data[9000:]) {
		t.Fatalf("read after Seek: %d bytes, %v", len(tail), err)
	}
}

func testInvalidKeys(t *testing.T, b domain.Blobs) {
	ctx := t.Context()
	for _, key := range []string{"", "/abs.jpg", "../up.jpg", "a/../../b.jpg", "a//b.jpg", "a/./b.jpg", ".hidden.jpg",
		"a/.b.jpg", "Upper.jpg", "sp ace.jpg", "a\\b.jpg", "a/b.jpg/", "nul\x00.jpg", "é.jpg"} {
		if err := b.Put(ctx, key, "image/jpeg", []byte("x")); err == nil {
			t.Errorf("Put accepted the key %q", key)
		}
		if _, _, err := b.Get(ctx, key); err == nil || domain.IsKind(err, domain.KindNotFound) {
			t.Errorf("Get of the key %q: %v, want a refusal", key, err)
		}
		if _, err := b.Stat(ctx, key); err == nil || domain.IsKind(err, domain.KindNotFound) {
			t.Errorf("Stat of the key %q: %v, want a refusal", key, err)
		}
		if err := b.Delete(ctx, key); err == nil {
			t.Errorf("Delete accepted the key %q", key)
		}
	}
}

// testConcurrentPutGet: readers racing writers of one key see a whole
// version, never a mixture or a part.
func testConcurrentPutGet(t *testing.T, b domain.Blobs) {
	const key = "race/3333333333333333333333333333333j.jpg"
	versions := [][]byte{bytes.Repeat([]byte{'a'}, 64<<10), bytes.Repeat([]byte{'b'}, 64<<10)}
	put(t, b, key, "image/jpeg", versions[0])
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if err := b.Put(context.Background(), key, "image/jpeg", versions[(w+i)%2]); err != nil {
					errs <- fmt.Errorf("put: %w", err)
					return
				}
			}
		}()
	}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				rc, _, err := b.Get(context.Background(), key)
				if err != nil {
					errs <- fmt.Errorf("get: %w", err)
					return
				}
				data, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(data, versions[0]) && !bytes.Equal(data, versions[1]) {
					errs <- errors.New("read a blob that is neither version")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func testCancelled(t *testing.T, b domain.Blobs) {
	put(t, b, "c/c.jpg", "image/jpeg", []byte("x"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := b.Put(ctx, "c/d.jpg", "image/jpeg", []byte("x")); err == nil {
		t.Error("Put with a cancelled context succeeded")
	}
	if _, _, err := b.Get(ctx, "c/c.jpg"); err == nil {
		t.Error("Get with a cancelled context succeeded")
	}
}
