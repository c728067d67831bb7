package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
)

// runJSON runs the command and decodes each line it prints.
func runJSON(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("weibo %s: %v (%s)", strings.Join(args, " "), err, errOut.String())
	}
	var objs []map[string]any
	dec := json.NewDecoder(&out)
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("weibo %s: %v", strings.Join(args, " "), err)
		}
		objs = append(objs, m)
	}
	return objs
}

// weibo app rotate-secret and weibo app notification-template.
func TestAppCommands(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	created := runJSON(t, "app", "create", "--data", data, "--name", "demo", "--redirect-uri", "http://localhost/cb")[0]
	key, old := created["app_key"].(string), created["app_secret"].(string)

	rot := runJSON(t, "app", "rotate-secret", "--data", data, "--key", key)[0]
	fresh, _ := rot["app_secret"].(string)
	if fresh == "" || fresh == old || rot["app_key"] != key {
		t.Fatalf("rotate-secret printed %v", rot)
	}
	cfg := config.Defaults()
	cfg.DataDir = data
	err := withCore(ctx, cfg, "test", func(svc *core.Service) error {
		if _, err := svc.VerifyClient(ctx, key, old); err == nil {
			t.Error("the old secret still authenticates the app")
		}
		_, err := svc.VerifyClient(ctx, key, fresh)
		return err
	})
	if err != nil {
		t.Fatalf("the new secret: %v", err)
	}

	tpl := runJSON(t, "app", "notification-template", "add", "--data", data, "--key", key,
		"--title", "{objects1}邀请你", "--content", "来玩{objects2}")[0]
	id, _ := tpl["tpl_idstr"].(string)
	if id == "" || tpl["enabled"] != true || tpl["content"] != "来玩{objects2}" {
		t.Fatalf("add printed %v", tpl)
	}
	runJSON(t, "app", "notification-template", "disable", "--data", data, "--id", id)
	list := runJSON(t, "app", "notification-template", "list", "--data", data, "--key", key)
	if len(list) != 1 || list[0]["tpl_idstr"] != id || list[0]["enabled"] != false {
		t.Fatalf("list after disable: %v", list)
	}
	runJSON(t, "app", "notification-template", "enable", "--data", data, "--id", id)
	if l := runJSON(t, "app", "notification-template", "list", "--data", data, "--key", key); l[0]["enabled"] != true {
		t.Fatalf("list after enable: %v", l)
	}

	// Mistakes are told in words, with a non-nil error.
	for _, args := range [][]string{
		{"app"},
		{"app", "rotate-secret", "--data", data},
		{"app", "rotate-secret", "--data", data, "--key", "nope"},
		{"app", "notification-template", "add", "--data", data, "--key", key, "--title", "t"},
		{"app", "notification-template", "add", "--data", data, "--key", key, "--title", strings.Repeat("长", 31), "--content", "c"},
		{"app", "notification-template", "disable", "--data", data, "--id", "12345"},
		{"app", "notification-template", "frob"},
	} {
		var out, errOut bytes.Buffer
		if err := run(ctx, args, &out, &errOut); err == nil || err.Error() == "" {
			t.Errorf("weibo %s: no error", strings.Join(args, " "))
		}
	}
}
