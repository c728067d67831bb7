package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The operator's moderation commands (issue 17). They act as the operator
// (core.Operator: every right) and are written to the audit log with actor 0.

func isModeration(cmd string) bool {
	switch cmd {
	case "role", "suspend", "silence", "restore", "show":
		return true
	}
	return false
}

// positionalCommand parses storage flags and the command's own, with
// positional arguments before, between or after the flags.
func positionalCommand(name string, args []string, stderr io.Writer, own func(fs *flag.FlagSet)) (config.Config, []string, error) {
	cfg := config.Defaults()
	fs := newFlags(name, stderr)
	envErr := cfg.Storage(fs)
	own(fs)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return cfg, pos, envErr()
}

func roleOut(r string) string {
	if r == domain.RoleUser {
		return "user"
	}
	return r
}

func stateName(st int) string {
	switch st {
	case domain.UserActive:
		return "active"
	case domain.UserDeactivated:
		return "deactivated"
	case domain.UserSuspended:
		return "suspended"
	}
	return strconv.Itoa(st)
}

func userModerate(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	var note string
	cfg, pos, err := positionalCommand("weibo user "+cmd, args, stderr, func(fs *flag.FlagSet) {
		if cmd != "role" && cmd != "show" {
			fs.StringVar(&note, "note", "", "why (kept in the audit log)")
		}
	})
	if err != nil {
		return err
	}
	want := 1
	if cmd == "role" {
		want = 2
	}
	if len(pos) != want {
		if cmd == "role" {
			return errors.New("usage: weibo user role NAME admin|moderator|user")
		}
		return fmt.Errorf("usage: weibo user %s NAME", cmd)
	}
	return withCore(ctx, cfg, "weibo user "+cmd, func(svc *core.Service) error {
		var err error
		switch cmd {
		case "role":
			r, ok := core.ParseRole(pos[1])
			if !ok {
				return fmt.Errorf("role %q: want admin, moderator or user", pos[1])
			}
			_, err = svc.SetRole(ctx, core.Operator, pos[0], r)
		case "suspend":
			err = svc.SuspendUser(ctx, core.Operator, pos[0], note)
		case "silence":
			err = svc.SilenceUser(ctx, core.Operator, pos[0], note)
		case "restore":
			err = svc.RestoreUser(ctx, core.Operator, pos[0], note)
		}
		if err != nil {
			return describe(err)
		}
		acc, err := svc.Account(ctx, pos[0])
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"id": acc.User.ID, "screen_name": acc.User.ScreenName,
			"role": roleOut(acc.User.Role), "state": stateName(acc.State), "silenced": acc.User.Silenced})
	})
}

// parseSince reads --since: a duration back from now (24h, 7d) or a date
// or time (2026-12-01, RFC 3339).
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n >= 0 {
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--since %q: want a duration (24h, 7d), a date (2026-12-01) or an RFC 3339 time", s)
}

func auditCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var since string
	var limit int
	cfg, err := storageCommand("weibo audit", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&since, "since", "24h", "from when: a duration back (24h, 7d), a date or an RFC 3339 time; \"\" for all")
		fs.IntVar(&limit, "limit", 1000, "at most this many entries (newest first)")
	})
	if err != nil {
		return err
	}
	from, err := parseSince(since, time.Now())
	if err != nil {
		return err
	}
	if limit <= 0 {
		return errors.New("--limit must be positive")
	}
	return withCore(ctx, cfg, "weibo audit", func(svc *core.Service) error {
		var before int64
		for limit > 0 {
			es, err := svc.AuditLog(ctx, core.Operator, from, before, min(limit, core.MaxAuditPage))
			if err != nil {
				return describe(err)
			}
			for _, e := range es {
				if err := printJSON(stdout, map[string]any{"id": e.ID, "at": e.At.UTC().Format(time.RFC3339Nano),
					"actor_id": e.ActorID, "action": e.Action, "target_user_id": e.TargetUserID,
					"target_id": e.TargetID, "note": e.Note, "ip": e.IP}); err != nil {
					return err
				}
				before = e.ID
			}
			limit -= len(es)
			if len(es) < core.MaxAuditPage {
				return nil
			}
		}
		return nil
	})
}
