package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/core"
)

// appCommand is `weibo app ...`.
func appCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "usage: weibo app create --name N --redirect-uri URI [--level normal|advanced]\n" +
		"       weibo app rotate-secret --key APP_KEY\n" +
		"       weibo app notification-template add --key APP_KEY --title T --content C\n" +
		"       weibo app notification-template list --key APP_KEY\n" +
		"       weibo app notification-template disable|enable --id TPL_ID"
	if len(args) == 0 {
		return errors.New(use)
	}
	switch args[0] {
	case "create":
		return appCreate(ctx, args[1:], stdout, stderr)
	case "rotate-secret":
		return appRotateSecret(ctx, args[1:], stdout, stderr)
	case "notification-template":
		if len(args) >= 2 {
			switch args[1] {
			case "add":
				return templateAdd(ctx, args[2:], stdout, stderr)
			case "list":
				return templateList(ctx, args[2:], stdout, stderr)
			case "disable", "enable":
				return templateEnable(ctx, args[2:], args[1] == "enable", stdout, stderr)
			}
		}
	}
	return errors.New(use)
}

func requireFlag(name, v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("--" + name + " is required")
	}
	return nil
}

// appRotateSecret gives an app a new secret (printed once). The old one
// stops working at once; issued tokens stay valid.
func appRotateSecret(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var key string
	cfg, err := storageCommand("weibo app rotate-secret", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&key, "key", "", "the app's app_key (required)")
	})
	if err != nil {
		return err
	}
	if err := requireFlag("key", key); err != nil {
		return err
	}
	return withCore(ctx, cfg, "weibo app rotate-secret", func(svc *core.Service) error {
		a, secret, err := svc.RotateAppSecret(ctx, key)
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"id": a.ID, "app_key": a.Key, "app_secret": secret, "name": a.Name})
	})
}

func templateJSON(id, appID int64, title, content string, enabled bool) map[string]any {
	return map[string]any{"tpl_id": id, "tpl_idstr": strconv.FormatInt(id, 10), "app_id": appID,
		"title": title, "content": content, "enabled": enabled}
}

// templateAdd registers, and so approves, a notification template.
func templateAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var key, title, content string
	cfg, err := storageCommand("weibo app notification-template add", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&key, "key", "", "the app's app_key (required)")
		fs.StringVar(&title, "title", "", "the notice's title, up to 30 characters (required)")
		fs.StringVar(&content, "content", "", "the notice's text, up to 140 characters (required); title and content may hold\n"+
			"{objects1} {objects1_count} {objects2} {objects2_count} {objects3} {objects3_count},\n"+
			"filled in from notification/send's parameters of the same names")
	})
	if err != nil {
		return err
	}
	for _, f := range [][2]string{{"key", key}, {"title", title}, {"content", content}} {
		if err := requireFlag(f[0], f[1]); err != nil {
			return err
		}
	}
	return withCore(ctx, cfg, "weibo app notification-template", func(svc *core.Service) error {
		t, err := svc.CreateNotificationTemplate(ctx, key, title, content)
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, templateJSON(t.ID, t.AppID, t.Title, t.Content, t.Enabled))
	})
}

// templateList prints an app's templates, one JSON object a line.
func templateList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var key string
	cfg, err := storageCommand("weibo app notification-template list", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&key, "key", "", "the app's app_key (required)")
	})
	if err != nil {
		return err
	}
	if err := requireFlag("key", key); err != nil {
		return err
	}
	return withCore(ctx, cfg, "weibo app notification-template", func(svc *core.Service) error {
		_, ts, err := svc.NotificationTemplates(ctx, key)
		if err != nil {
			return describe(err)
		}
		for _, t := range ts {
			if err := printJSON(stdout, templateJSON(t.ID, t.AppID, t.Title, t.Content, t.Enabled)); err != nil {
				return err
			}
		}
		return nil
	})
}

// templateEnable withdraws or restores a template's approval.
func templateEnable(ctx context.Context, args []string, enable bool, stdout, stderr io.Writer) error {
	var id int64
	cfg, err := storageCommand("weibo app notification-template", args, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&id, "id", 0, "the template's tpl_id (required)")
	})
	if err != nil {
		return err
	}
	if id <= 0 {
		return errors.New("--id is required")
	}
	return withCore(ctx, cfg, "weibo app notification-template", func(svc *core.Service) error {
		if err := svc.SetNotificationTemplateEnabled(ctx, id, enable); err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"tpl_id": id, "enabled": enable})
	})
}
