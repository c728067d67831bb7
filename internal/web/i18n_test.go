package web

import (
	"io/fs"
	"os"
	"regexp"
	"testing"
)

// TestEveryTextHasEnglish finds every text the templates and the Go code
// translate and checks the English table has it.
func TestEveryTextHasEnglish(t *testing.T) {
	re := regexp.MustCompile(`(?:\bT|\bTf|\.T\() ?"([^"]*\p{Han}[^"]*)"`)
	check := func(name string, b []byte) {
		for _, m := range re.FindAllSubmatch(b, -1) {
			if _, ok := english[string(m[1])]; !ok {
				t.Errorf("%s: %q has no English", name, m[1])
			}
		}
	}
	err := fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		check(p, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	gos, err := fs.Glob(os.DirFS("."), "*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range gos {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		check(p, b)
	}
	for _, zh := range reasonMessages {
		if _, ok := english[zh]; !ok {
			t.Errorf("reason message %q has no English", zh)
		}
	}
}
