package disk

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/weibo-server/weibo/internal/blob"
	"github.com/weibo-server/weibo/internal/blob/blobtest"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit/tmpfs"
)

func TestConformance(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) domain.Blobs {
		s, err := New(filepath.Join(t.TempDir(), "media"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestLayout pins where files land: an operator's backup and clean-up
// scripts read the tree.
func TestLayout(t *testing.T) {
	root := t.TempDir()
	s, err := New(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, ct, file string }{
		{"thumbnail/0a1b2c3d4e5f60718293a4b5c6d7e8fj.jpg", "image/jpeg", "thumbnail/_0a/0a1b2c3d4e5f60718293a4b5c6d7e8fj.jpg"},
		{"avatar/50/ab.png", "image/png", "avatar/50/_ab/ab.png"},
		{"x.gif", "image/gif", "_x./x.gif"},
	} {
		if err := s.Put(t.Context(), c.key, c.ct, []byte("data")); err != nil {
			t.Fatalf("Put %s: %v", c.key, err)
		}
		fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(c.file)))
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644 (pictures are public)", c.key, fi.Mode().Perm())
		}
		// No temporary file is left behind.
		if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Join(root, c.file)), ".put-*")); len(tmp) != 0 {
			t.Fatalf("temporary files left: %v", tmp)
		}
	}
}

// TestContentTypeFollowsExtension: the disk keeps no type of its own, so
// it refuses one the extension contradicts rather than lose it.
func TestContentTypeFollowsExtension(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(t.Context(), "a/b.jpg", "image/png", []byte("x")); err == nil {
		t.Fatal("a PNG type under a .jpg key was accepted")
	}
	if err := s.Put(t.Context(), "a/b.bin", "application/octet-stream", []byte("x")); err == nil {
		t.Fatal("a key without an image extension was accepted")
	}
}

// A full disk is KindUnavailable, leaves no temporary file behind, and the
// same Put succeeds once there is room.
func TestPutOnFullDisk(t *testing.T) {
	root := tmpfs.Mount(t, 1<<20)
	s, err := New(root)
	if err != nil {
		t.Fatal(err)
	}
	filler := tmpfs.Fill(t, root)
	key := "large/0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9.jpg"
	data := make([]byte, 256<<10)
	err = s.Put(t.Context(), key, "image/jpeg", data)
	if !domain.IsKind(err, domain.KindUnavailable) {
		t.Fatalf("Put on a full disk: %v, want KindUnavailable", err)
	}
	var left []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != filler {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("a failed Put left %v", left)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(t.Context(), key, "image/jpeg", data); err != nil {
		t.Fatalf("Put once there is room: %v", err)
	}
}

// TestKeys: the walk gives back exactly the keys written, temporary files
// and strays aside.
func TestKeys(t *testing.T) {
	root := t.TempDir()
	s, err := New(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"thumbnail/0a1b2c3d.jpg": true, "avatar/50/ab.png": true, "x.gif": true}
	for k := range want {
		if err := s.Put(t.Context(), k, blob.ContentTypeOf(k), []byte("data")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "thumbnail", "_0a", ".put-123"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "stray.jpg"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	if err := s.Keys(t.Context(), func(k string) error { got[k] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("Keys: %v, want %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Fatalf("Keys: %v, want %v", got, want)
		}
	}
}
