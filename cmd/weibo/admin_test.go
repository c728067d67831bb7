package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// cli runs weibo commands on the data directory dir: cmd returns what a
// command printed (JSON decoded; audit's lines under "lines") and its
// error, must fails the test on an error.
func cli(t *testing.T, dir string) (cmd func(args ...string) (map[string]any, error), must func(args ...string) map[string]any) {
	cmd = func(args ...string) (map[string]any, error) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), append(args, "--data", dir), &stdout, &stderr)
		var out map[string]any
		if err == nil && args[0] != "audit" && (len(args) < 2 || args[1] != "pending") {
			if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
				t.Fatalf("%v printed %q", args, stdout.Bytes())
			}
		}
		if err == nil && args[0] == "audit" {
			out = map[string]any{"lines": stdout.String()}
		}
		return out, err
	}
	must = func(args ...string) map[string]any {
		t.Helper()
		out, err := cmd(args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	return cmd, must
}

// The operator's moderation commands, end to end on a data directory.
func TestUserModerationCommands(t *testing.T) {
	cmd, must := cli(t, t.TempDir())
	if out := must("user", "create", "--name", "root", "--password", "secret-pw", "--role", "admin"); out["role"] != "admin" {
		t.Fatalf("create --role admin: %v", out)
	}
	must("user", "create", "--name", "bob", "--password", "secret-pw")
	if out := must("user", "role", "bob", "moderator"); out["role"] != "moderator" {
		t.Fatalf("role: %v", out)
	}
	// Flags after the name work too.
	if out := must("user", "suspend", "bob", "--note", "spam run"); out["state"] != "suspended" {
		t.Fatalf("suspend: %v", out)
	}
	if out := must("user", "show", "bob"); out["state"] != "suspended" || out["role"] != "moderator" {
		t.Fatalf("show: %v", out)
	}
	if out := must("user", "restore", "bob"); out["state"] != "active" {
		t.Fatalf("restore: %v", out)
	}
	if out := must("user", "silence", "bob"); out["silenced"] != true {
		t.Fatalf("silence: %v", out)
	}
	for _, bad := range [][]string{
		{"user", "suspend"}, {"user", "role", "bob"}, {"user", "role", "bob", "king"}, {"user", "suspend", "nobody"},
		{"user", "create", "--name", "x1", "--password", "secret-pw", "--role", "king"}, {"audit", "--since", "yesterday"},
	} {
		if _, err := cmd(bad...); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if out := must("invite", "create", "--uses", "3", "--expires", "2d"); len(out["code"].(string)) < 12 || out["uses"] != float64(3) {
		t.Fatalf("invite create: %v", out)
	}
	if _, err := cmd("invite", "create", "--uses", "1000"); err == nil {
		t.Error("invite for 1000 uses: no error")
	}
	must("user", "pending")
	if _, err := cmd("user", "approve", "bob"); err == nil {
		t.Error("approving an active account: no error")
	}
	lines := must("audit", "--since", "1h")["lines"].(string)
	for _, want := range []string{`"action":"user.suspend"`, `"note":"spam run"`, `"action":"user.role"`, `"action":"user.restore"`,
		`"action":"user.silence"`, `"action":"user.create"`, `"action":"invite.create"`} {
		if !strings.Contains(lines, want) {
			t.Errorf("audit lacks %s:\n%s", want, lines)
		}
	}
	if _, err := parseSince("2d", time.Now()); err != nil {
		t.Error(err)
	}
}

// weibo report: the queue from the terminal, and its errors.
func TestReportCommands(t *testing.T) {
	dir := t.TempDir()
	cmd := func(args ...string) (string, error) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), append(args, "--data", dir), &stdout, &stderr)
		return stdout.String(), err
	}
	if _, err := cmd("migrate"); err != nil {
		t.Fatal(err)
	}
	if out, err := cmd("report", "list"); err != nil || out != "" {
		t.Fatalf("list of an empty queue: %q %v", out, err)
	}
	if out, err := cmd("report", "list", "--resolved", "--limit", "5"); err != nil || out != "" {
		t.Fatalf("resolved list: %q %v", out, err)
	}
	for _, bad := range [][]string{
		{"report"}, {"report", "frob"}, {"report", "resolve"}, {"report", "resolve", "1"},
		{"report", "resolve", "x", "--action", "dismiss"}, {"report", "resolve", "12345", "--action", "dismiss"},
		{"report", "resolve", "12345", "--action", "explode"}, {"report", "list", "--limit", "0"},
	} {
		if _, err := cmd(bad...); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
