package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// userPrivacy shows a user's privacy settings and changes those named by a
// flag: the settings account/get_privacy reports and core enforces.
func userPrivacy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var name string
	set := map[string]*int{}
	names := []string{"comment", "message", "geo", "find-by-email", "realname", "badge", "mobile", "webim"}
	help := map[string]string{
		"comment":       "who may comment: 0 everyone, 1 people the user follows, 2 those and verified users",
		"message":       "who may send direct messages: 0 everyone, 1 people the user follows, 2 those and verified users",
		"geo":           "keep the location clients attach to statuses: 0 no, 1 yes",
		"find-by-email": "others find the user by e-mail address: 0 no, 1 yes",
		"realname":      "findable by real name: 0 no, 1 yes",
		"badge":         "medals visible: 0 no, 1 yes",
		"mobile":        "findable by phone number: 0 no, 1 yes",
		"webim":         "web chat: 0 off, 1 on",
	}
	cfg, err := storageCommand("weibo user privacy", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "screen name (required)")
		for _, n := range names {
			set[n] = fs.Int(n, -1, help[n]+" (unset: unchanged)")
		}
	})
	if err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("--name is required")
	}
	return withCore(ctx, cfg, "weibo user privacy", func(svc *core.Service) error {
		u, err := svc.ResolveUser(ctx, core.UserRef{ScreenName: name})
		if err != nil {
			return describe(err)
		}
		p := u.Privacy
		changed := false
		for _, n := range names {
			v := *set[n]
			if v < 0 {
				continue
			}
			changed = true
			if n != "comment" && n != "message" && v > 1 {
				return fmt.Errorf("--%s: 0 or 1", n)
			}
			switch n {
			case "comment":
				p.Comment = domain.PrivacyLevel(v)
			case "message":
				p.Message = domain.PrivacyLevel(v)
			case "geo":
				p.Geo = v == 1
			case "find-by-email":
				p.FindByEmail = v == 1
			case "realname":
				p.RealName = v == 1
			case "badge":
				p.Badge = v == 1
			case "mobile":
				p.Mobile = v == 1
			case "webim":
				p.WebIM = v == 1
			}
		}
		if changed {
			if p, err = svc.SetPrivacy(ctx, u.ID, p); err != nil {
				return describe(err)
			}
		}
		b := func(x bool) int {
			if x {
				return 1
			}
			return 0
		}
		return printJSON(stdout, map[string]any{"id": u.ID, "screen_name": u.ScreenName,
			"comment": int(p.Comment), "message": int(p.Message), "geo": b(p.Geo), "find_by_email": b(p.FindByEmail),
			"realname": b(p.RealName), "badge": b(p.Badge), "mobile": b(p.Mobile), "webim": b(p.WebIM)})
	})
}
