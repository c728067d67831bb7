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
	return positionalConfig(name, args, stderr, func(fs *flag.FlagSet, _ *config.Config) { own(fs) })
}

// positionalConfig is positionalCommand whose own flags may set the
// configuration.
func positionalConfig(name string, args []string, stderr io.Writer, own func(fs *flag.FlagSet, cfg *config.Config)) (config.Config, []string, error) {
	cfg := config.Defaults()
	fs := newFlags(name, stderr)
	envErr := cfg.Storage(fs)
	own(fs, &cfg)
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
	case domain.UserPending:
		return "pending"
	case domain.UserDeleted:
		return "deleted"
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

func isPendingCommand(cmd string) bool {
	return cmd == "approve" || cmd == "reject" || cmd == "pending"
}

// userPending approves or rejects an account waiting for approval, or
// lists them (weibo user pending).
func userPending(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	var note string
	cfg, pos, err := positionalCommand("weibo user "+cmd, args, stderr, func(fs *flag.FlagSet) {
		if cmd == "reject" {
			fs.StringVar(&note, "note", "", "why (kept in the audit log)")
		}
	})
	if err != nil {
		return err
	}
	if (cmd == "pending") != (len(pos) == 0) || len(pos) > 1 {
		if cmd == "pending" {
			return errors.New("usage: weibo user pending")
		}
		return fmt.Errorf("usage: weibo user %s NAME", cmd)
	}
	return withCore(ctx, cfg, "weibo user "+cmd, func(svc *core.Service) error {
		switch cmd {
		case "approve":
			if err := svc.ApproveUser(ctx, core.Operator, pos[0]); err != nil {
				return describe(err)
			}
		case "reject":
			if err := svc.RejectUser(ctx, core.Operator, pos[0], note); err != nil {
				return describe(err)
			}
			return printJSON(stdout, map[string]any{"screen_name": pos[0], "state": "rejected"})
		default:
			var before int64
			for {
				accs, err := svc.PendingAccounts(ctx, core.Operator, before, core.MaxPendingPage)
				if err != nil {
					return describe(err)
				}
				for _, a := range accs {
					if err := printJSON(stdout, map[string]any{"id": a.User.ID, "screen_name": a.User.ScreenName,
						"email": a.User.Email, "created_at": a.User.CreatedAt.UTC().Format(time.RFC3339)}); err != nil {
						return err
					}
					before = a.User.ID
				}
				if len(accs) < core.MaxPendingPage {
					return nil
				}
			}
		}
		acc, err := svc.Account(ctx, pos[0])
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"id": acc.User.ID, "screen_name": acc.User.ScreenName,
			"role": roleOut(acc.User.Role), "state": stateName(acc.State)})
	})
}

// inviteCommand makes an invitation code as the operator.
func inviteCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: weibo invite create [--uses N] [--expires 7d]")
	}
	var uses int
	var expires string
	cfg, err := storageCommand("weibo invite create", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&uses, "uses", 1, "sign-ups the code admits (1 to 100)")
		fs.StringVar(&expires, "expires", "7d", "how long the code lasts (up to 90d)")
	})
	if err != nil {
		return err
	}
	ttl, err := parseDays(expires)
	if err != nil {
		return err
	}
	return withCore(ctx, cfg, "weibo invite create", func(svc *core.Service) error {
		code, inv, err := svc.CreateInvite(ctx, core.Operator, uses, ttl)
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"code": code, "uses": inv.UsesLeft,
			"expires_at": inv.ExpiresAt.UTC().Format(time.RFC3339)})
	})
}

// parseDays reads a duration that may be in days (7d).
func parseDays(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want a duration such as 7d or 12h", s)
	}
	return d, nil
}

// reportCommand works the moderators' queue from the terminal, as the
// operator: weibo report list [--resolved], weibo report resolve ID.
func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "resolve") {
		return errors.New("usage: weibo report list [--resolved] [--limit 100] | weibo report resolve ID --action " +
			strings.Join(core.ReportActions(), "|") + " [--note WHY]")
	}
	sub := args[0]
	var resolved bool
	var limit int
	var action, note string
	cfg, pos, err := positionalCommand("weibo report "+sub, args[1:], stderr, func(fs *flag.FlagSet) {
		if sub == "list" {
			fs.BoolVar(&resolved, "resolved", false, "list resolved reports instead of the waiting ones")
			fs.IntVar(&limit, "limit", 100, "at most this many (newest first)")
			return
		}
		fs.StringVar(&action, "action", "", "what to do: "+strings.Join(core.ReportActions(), ", "))
		fs.StringVar(&note, "note", "", "why (kept with the report and in the audit log)")
	})
	if err != nil {
		return err
	}
	if sub == "list" {
		if len(pos) != 0 || limit <= 0 {
			return errors.New("usage: weibo report list [--resolved] [--limit 100]")
		}
		return withCore(ctx, cfg, "weibo report list", func(svc *core.Service) error {
			var before int64
			for limit > 0 {
				vs, err := svc.Reports(ctx, core.Operator, !resolved, before, min(limit, core.MaxReportPage))
				if err != nil {
					return describe(err)
				}
				for _, v := range vs {
					if err := printJSON(stdout, reportJSON(v)); err != nil {
						return err
					}
					before = v.ID
				}
				limit -= len(vs)
				if len(vs) < core.MaxReportPage {
					return nil
				}
			}
			return nil
		})
	}
	if len(pos) != 1 || action == "" {
		return errors.New("usage: weibo report resolve ID --action " + strings.Join(core.ReportActions(), "|") + " [--note WHY]")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("report id %q: want a number", pos[0])
	}
	return withCore(ctx, cfg, "weibo report resolve", func(svc *core.Service) error {
		if _, err := svc.ResolveReport(ctx, core.Operator, id, action, note); err != nil {
			return describe(err)
		}
		v, err := svc.Report(ctx, core.Operator, id)
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, reportJSON(*v))
	})
}

func reportJSON(v core.ReportView) map[string]any {
	out := map[string]any{"id": v.ID, "kind": v.Kind, "target_id": v.TargetID, "target_user_id": v.TargetUserID,
		"reporter_id": v.ReporterID, "reason": v.Reason, "created_at": v.CreatedAt.UTC().Format(time.RFC3339)}
	if v.Target != nil {
		out["target_screen_name"] = v.Target.User.ScreenName
		out["target_state"] = stateName(v.Target.State)
	}
	if v.Reporter != nil {
		out["reporter_screen_name"] = v.Reporter.ScreenName
	}
	switch {
	case v.Comment != nil:
		out["text"] = v.Comment.Text
	case v.Status != nil && v.Kind == domain.ReportStatus && !v.Status.Deleted:
		out["text"] = v.Status.Text
	}
	if !v.Open() {
		out["resolved_at"] = v.ResolvedAt.UTC().Format(time.RFC3339)
		out["resolver_id"] = v.ResolverID
		out["action"] = v.Action
		out["note"] = v.Note
	}
	return out
}
