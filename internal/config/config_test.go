package config

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPublicURL(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{Addr: ":8080"}, "http://localhost:8080"},
		{Config{Addr: "0.0.0.0:80"}, "http://localhost:80"},
		{Config{Addr: "[::]:8443", TLSCert: "c.pem"}, "https://localhost:8443"},
		{Config{Addr: "10.1.2.3:8080"}, "http://10.1.2.3:8080"},
		{Config{Addr: ":8080", BaseURL: "https://weibo.example.com/"}, "https://weibo.example.com"},
	} {
		if got := tt.cfg.PublicURL(); got != tt.want {
			t.Errorf("%+v: PublicURL = %q, want %q", tt.cfg, got, tt.want)
		}
	}
}

func TestValidateRejectsBadSettings(t *testing.T) {
	good := Defaults()
	if err := good.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	for name, edit := range map[string]func(*Config){
		"empty data":  func(c *Config) { c.DataDir = "" },
		"half tls":    func(c *Config) { c.TLSCert = "x.pem" },
		"node":        func(c *Config) { c.Node = 32 },
		"home window": func(c *Config) { c.HomeWindow = 5 },
		"log level":   func(c *Config) { c.LogLevel = "loud" },
		"timezone":    func(c *Config) { c.Timezone = "Mars/Olympus" },
		"max body":    func(c *Config) { c.MaxBody = 10 },
		"celebrity":   func(c *Config) { c.CelebrityFollowers = 0 },
		"login ip":    func(c *Config) { c.LoginIPFailures = -1 },
		"login free":  func(c *Config) { c.LoginFreeFailures = -1 },
		"login delay": func(c *Config) { c.LoginDelay = -time.Second },
		"login max":   func(c *Config) { c.LoginMaxDelay = c.LoginDelay / 2 },
		"login day":   func(c *Config) { c.LoginMaxDelay = 25 * time.Hour },
		"login slots": func(c *Config) { c.LoginConcurrency = 0 },
		"pending":     func(c *Config) { c.LoginPending = -1 },
	} {
		c := Defaults()
		edit(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestDeployNamesEverySetting: docs/DEPLOY.md promises every setting of a
// node (issue 15); a flag added without a word there fails here.
func TestDeployNamesEverySetting(t *testing.T) {
	doc, err := os.ReadFile("../../docs/DEPLOY.md")
	if err != nil {
		t.Fatal(err)
	}
	c := Defaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Serve(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(string(doc), "`--"+f.Name+"`") {
			t.Errorf("docs/DEPLOY.md does not name `--%s`", f.Name)
		}
	})
}
