package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// weibo user export and weibo user delete, end to end on a data directory.
func TestUserExportAndDeleteCommands(t *testing.T) {
	cmd, must := cli(t, t.TempDir())
	must("user", "create", "--name", "eve", "--password", "secret-pw", "--email", "eve@example.com")
	must("user", "create", "--name", "fay", "--password", "secret-pw")

	// The export: a zip whose profile.json is eve's, written whole or not at all.
	out := filepath.Join(t.TempDir(), "eve.zip")
	if o := must("user", "export", "eve", "--out", out); o["bytes"].(float64) <= 0 {
		t.Fatalf("export: %v", o)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var profile struct {
		ScreenName string `json:"screen_name"`
		Email      string `json:"email"`
	}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "profile.json" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if err := json.Unmarshal(b, &profile); err != nil {
				t.Fatalf("profile.json: %v", err)
			}
		}
	}
	zr.Close()
	if profile.ScreenName != "eve" || profile.Email != "eve@example.com" || len(names) < 7 {
		t.Fatalf("export: %v %+v", names, profile)
	}
	for _, bad := range [][]string{{"user", "export", "eve"}, {"user", "export", "nobody", "--out", out + "2"},
		{"user", "delete"}, {"user", "delete", "nobody"}} {
		if _, err := cmd(bad...); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}

	rep := must("user", "delete", "eve")
	if rep["screen_name"] != "eve" || rep["rerun"] != false || rep["name_held_until"] == nil {
		t.Fatalf("delete: %v", rep)
	}
	if o := must("user", "show", strconv.FormatInt(int64(rep["id"].(float64)), 10)); o["state"] != "deleted" {
		t.Fatalf("show: %v", o)
	}
	// Rerun by the old name: it finishes (here, has nothing left to do).
	if rep := must("user", "delete", "eve"); rep["rerun"] != true {
		t.Fatalf("delete twice: %v", rep)
	}
	if _, err := cmd("user", "export", "eve", "--out", out+"3"); err == nil {
		t.Error("export of a deleted account: no error")
	}
	// The name is held back (30 days by default); with no hold it is free.
	if _, err := cmd("user", "create", "--name", "eve", "--password", "secret-pw"); err == nil ||
		!strings.Contains(err.Error(), "held back") {
		t.Fatalf("the held name taken again: %v", err)
	}
	must("user", "delete", "fay", "--deleted-name-hold", "0")
	must("user", "create", "--name", "fay", "--password", "secret-pw")
	lines := must("audit", "--since", "1h")["lines"].(string)
	for _, want := range []string{`"action":"user.delete"`, `"action":"user.purge"`, `"action":"user.export"`} {
		if !strings.Contains(lines, want) {
			t.Errorf("audit lacks %s:\n%s", want, lines)
		}
	}
}
