package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/testkit"
)

// `weibo serve -h` must document every setting with its environment
// variable (DESIGN.md §4: "weibo serve -h documents every setting").
func TestServeHelpDocumentsEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"serve", "-h"}, &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("serve -h: %v", err)
	}
	help := stderr.String()

	cfg := config.Defaults()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	_ = cfg.Serve(fs)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		env := "$WEIBO_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if !strings.Contains(help, "  -"+f.Name+" ") && !strings.Contains(help, "  -"+f.Name+"\n") {
			t.Errorf("serve -h does not list -%s", f.Name)
		}
		if !strings.Contains(help, env) {
			t.Errorf("serve -h does not name %s for -%s", env, f.Name)
		}
		if f.Usage == "" {
			t.Errorf("-%s has no description", f.Name)
		}
	})
	// The flags, by name, so a renamed flag is caught here too.
	for _, name := range []string{"addr", "data", "db", "nats", "tls-cert", "tls-key", "trust-proxy", "require-tls"} {
		if fs.Lookup(name) == nil {
			t.Errorf("serve has no -%s", name)
		}
	}
	if n < 10 {
		t.Fatalf("only %d flags seen", n)
	}
}

// Every flag can come from the environment, and a flag wins over it.
func TestServeFlagsFromEnvironment(t *testing.T) {
	t.Setenv("WEIBO_ADDR", "127.0.0.1:9999")
	t.Setenv("WEIBO_HOME_WINDOW", "123")
	cfg := config.Defaults()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	envErr := cfg.Serve(fs)
	if err := fs.Parse([]string{"--home-window", "77"}); err != nil {
		t.Fatal(err)
	}
	if err := envErr(); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9999" || cfg.HomeWindow != 77 {
		t.Fatalf("addr %q home window %d", cfg.Addr, cfg.HomeWindow)
	}

	t.Setenv("WEIBO_NODE", "not-a-number")
	cfg = config.Defaults()
	fs = flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	envErr = cfg.Serve(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := envErr(); err == nil || !strings.Contains(err.Error(), "WEIBO_NODE") {
		t.Fatalf("bad WEIBO_NODE: %v", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"frobnicate"}, &out, &errOut); err == nil || !strings.Contains(errOut.String(), "Usage") {
		t.Fatalf("unknown command: %v %q", err, errOut.String())
	}
	if err := run(context.Background(), nil, &out, &errOut); err == nil {
		t.Fatal("no command accepted")
	}
	out.Reset()
	if err := run(context.Background(), []string{"help"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "weibo serve") {
		t.Fatalf("help: %v %q", err, out.String())
	}
}

// TestTuneGC: the server's GC default applies only when GOGC is unset.
func TestTuneGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("GOGC unset: GC percent %d, want %d", got, serveGCPercent)
	}
	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: GC percent changed to %d", got)
	}
}

// `weibo backup` on the data directory of a running server writes the
// archive and says what it holds; without --out, or on PostgreSQL, it says
// what to do instead. (app's TestBackupWhileWriting restores one.)
func TestBackupCommand(t *testing.T) {
	k := testkit.Start(t)
	k.NewUser("alice")
	out := filepath.Join(t.TempDir(), "b.tar")
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"backup", "--data", k.App.Cfg.DataDir, "--out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr.Bytes())
	}
	var res struct {
		Out           string `json:"out"`
		DatabaseBytes int64  `json:"database_bytes"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil || res.Out != out || res.DatabaseBytes == 0 {
		t.Fatalf("backup printed %q: %v", stdout.Bytes(), err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() < res.DatabaseBytes {
		t.Fatalf("archive: %v", err)
	}
	if err := run(t.Context(), []string{"backup", "--data", k.App.Cfg.DataDir}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("backup without --out: %v", err)
	}
	err := run(t.Context(), []string{"backup", "--db", "postgres://x@127.0.0.1:1/y", "--out", out}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}
