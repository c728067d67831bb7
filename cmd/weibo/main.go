// Command weibo is the whole Weibo Server: `weibo serve` runs it, the other
// subcommands administer its data.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
)

const usage = `weibo — a self-hostable microblog speaking the Sina Weibo v2 API.

Usage:
  weibo serve [flags]                 run the server (weibo serve -h lists every flag)
  weibo user create --name N --password P [--email E] [--role admin|moderator] [--data DIR | --db DSN]
  weibo user role NAME admin|moderator|user   give a user a role (admins change roles; moderators act on reports)
  weibo user suspend NAME [--note WHY]        hide the account and all it wrote, end its sessions, revoke its tokens
  weibo user silence NAME [--note WHY]        its statuses only reach its followers; out of public, trends, suggestions
  weibo user restore NAME [--note WHY]        lift a suspension or a silence (its statuses come back)
  weibo user show NAME                        an account in any state, with its role
  weibo user pending                          accounts waiting for approval (--registrations approval)
  weibo user approve NAME                     let a pending account in
  weibo user reject NAME [--note WHY]         refuse a pending account (removed; its name is free again)
  weibo user export NAME --out FILE           write the account's data (statuses, comments, follows, favorites
                                              as JSON, and its pictures) to a zip file (--media-dir/--s3-* for pictures)
  weibo user delete NAME [--deleted-name-hold D]  delete the account and purge its content (README: account
                                              deletion); rerun to finish a purge cut short; NAME may be the old name
  weibo invite create [--uses 1] [--expires 7d]   an invitation code (--registrations invite)
  weibo report list [--resolved] [--limit 100]   reports waiting for a moderator (or resolved), as JSON lines
  weibo report resolve ID --action dismiss|delete|silence|suspend [--note WHY]
                                      act on a report; its reporter is told the outcome
  weibo audit [--since 24h|2026-12-01] [--limit 1000]
                                      the audit log (moderation, roles, sign-ins, token grants and revocations) as JSON lines
  weibo user privacy --name N [--comment 0|1|2] [--message 0|1|2] [--geo 0|1] [--find-by-email 0|1]
                     [--realname 0|1] [--badge 0|1] [--mobile 0|1] [--webim 0|1] [--data DIR | --db DSN]
                                      show or change a user's privacy settings (account/get_privacy)
  weibo app create --name N --redirect-uri URI [--level normal|advanced] [--data DIR | --db DSN]
  weibo app rotate-secret --key APP_KEY [--data DIR | --db DSN]
                                      a new app_secret (printed once); the old one stops working at once
  weibo app notification-template add --key APP_KEY --title T --content C [--data DIR | --db DSN]
  weibo app notification-template list --key APP_KEY | disable --id TPL_ID | enable --id TPL_ID
                                      approve the templates an app may send with notification/send
  weibo migrate [--data DIR | --db DSN]
  weibo backup --out FILE [--data DIR] [--media-dir DIR]
                                      a consistent copy of a running server's SQLite database and media
  weibo seed [--users N --follows K --statuses M --comments C --seed S] [--data DIR | --db DSN]
                                      bulk-load a realistic data set into an empty database
  weibo reindex [--restart] [--batch 1000] [--search-dict FILE] [--data DIR | --db DSN]
                                      rebuild the full-text index from the database (resumes if interrupted)
  weibo migrate-data --from ./data --to postgres://… [--s3-endpoint … | --to-media-dir DIR]
                                      copy an embedded deployment into PostgreSQL (and S3); resumable, verified
  weibo bench --url URL --workload W [--seed-file DIR/seed.json] [-c 64] [-d 30s] [--json]
  weibo bench --static [-c 64] [-d 30s] the same against a fixed-response handler: the machine's limit
  weibo help

Every flag can also be set with an environment variable WEIBO_<FLAG>,
e.g. --tls-cert is $WEIBO_TLS_CERT. Flags win over the environment.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "weibo:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("a command is required")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "user":
		switch {
		case len(args) >= 2 && args[1] == "create":
			return userCreate(ctx, args[2:], stdout, stderr)
		case len(args) >= 2 && args[1] == "privacy":
			return userPrivacy(ctx, args[2:], stdout, stderr)
		case len(args) >= 2 && isModeration(args[1]):
			return userModerate(ctx, args[1], args[2:], stdout, stderr)
		case len(args) >= 2 && isPendingCommand(args[1]):
			return userPending(ctx, args[1], args[2:], stdout, stderr)
		case len(args) >= 2 && args[1] == "delete":
			return userDelete(ctx, args[2:], stdout, stderr)
		case len(args) >= 2 && args[1] == "export":
			return userExport(ctx, args[2:], stdout, stderr)
		}
		return errors.New("usage: weibo user create|privacy|role|suspend|silence|restore|show|pending|approve|reject|delete|export ... (weibo help)")
	case "audit":
		return auditCommand(ctx, args[1:], stdout, stderr)
	case "invite":
		return inviteCommand(ctx, args[1:], stdout, stderr)
	case "report":
		return reportCommand(ctx, args[1:], stdout, stderr)
	case "app":
		return appCommand(ctx, args[1:], stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], stderr)
	case "seed":
		return seedCommand(ctx, args[1:], stdout, stderr)
	case "backup":
		return backupCommand(ctx, args[1:], stdout, stderr)
	case "bench":
		return benchCommand(ctx, args[1:], stdout, stderr)
	case "reindex":
		return reindexCommand(ctx, args[1:], stdout, stderr)
	case "migrate-data":
		return migrateDataCommand(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := config.Defaults()
	fs := newFlags("weibo serve", stderr)
	envErr := cfg.Serve(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := envErr(); err != nil {
		return err
	}
	log := app.Logger(cfg.LogLevel)
	tuneGC(os.Getenv)
	a, err := app.Start(ctx, cfg, log, app.Hooks{})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, func(url string) {
		fmt.Fprintf(stdout, "weibo: listening on %s\n", url)
	})
}

// storageCommand parses the shared storage flags plus the command's own.
func storageCommand(name string, args []string, stderr io.Writer, own func(fs *flag.FlagSet)) (config.Config, error) {
	cfg := config.Defaults()
	fs := newFlags(name, stderr)
	envErr := cfg.Storage(fs)
	own(fs)
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, envErr()
}

func withCore(ctx context.Context, cfg config.Config, purpose string, fn func(svc *core.Service) error) error {
	log := app.Logger(cfg.LogLevel)
	st, err := app.OpenStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, done, err := app.NewCore(ctx, cfg, st, log, purpose)
	if err != nil {
		return err
	}
	defer done()
	return fn(svc)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func userCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var name, password, email, role string
	cfg, err := storageCommand("weibo user create", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "", "role: admin, moderator or none (default)")
		fs.StringVar(&name, "name", "", "screen name (required)")
		fs.StringVar(&password, "password", "", "password, at least 6 characters (required)")
		fs.StringVar(&email, "email", "", "e-mail address (optional; can be used to log in)")
	})
	if err != nil {
		return err
	}
	return withCore(ctx, cfg, "weibo user create", func(svc *core.Service) error {
		r, ok := core.ParseRole(role)
		if !ok {
			return fmt.Errorf("--role %q: want admin, moderator or none", role)
		}
		u, err := svc.CreateUser(ctx, core.CreateUserInput{ScreenName: name, Password: password, Email: email,
			Role: r, By: &core.Operator})
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"id": u.ID, "idstr": strconv.FormatInt(u.ID, 10),
			"screen_name": u.ScreenName, "email": u.Email, "role": roleOut(u.Role)})
	})
}

func appCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var name, redirect, level string
	cfg, err := storageCommand("weibo app create", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "app name, shown on the consent page (required)")
		fs.StringVar(&redirect, "redirect-uri", "", "registered OAuth2 callback URL (required)")
		fs.StringVar(&level, "level", "normal", "access level: normal or advanced")
	})
	if err != nil {
		return err
	}
	return withCore(ctx, cfg, "weibo app create", func(svc *core.Service) error {
		a, secret, err := svc.CreateApp(ctx, core.CreateAppInput{Name: name, RedirectURI: redirect, Level: domain.AppLevel(level)})
		if err != nil {
			return describe(err)
		}
		return printJSON(stdout, map[string]any{"id": a.ID, "app_key": a.Key, "app_secret": secret,
			"name": a.Name, "redirect_uri": a.RedirectURI, "level": string(a.Level)})
	})
}

func migrate(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := storageCommand("weibo migrate", args, stderr, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return err
	}
	return sqlstore.Migrate(ctx, cfg.DSN())
}

// describe turns a domain error into a message for a person at a terminal.
func describe(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindInternal {
		return errors.New(de.Msg)
	}
	return err
}

// serveGCPercent is the server's GOGC when the environment sets none. A
// warm read allocates ~20 KB that dies at once, against a live heap of
// caches; at Go's default of 100 the collector ran so often that a warm
// home_timeline served 5.1k req/s on one core, and 6.5-7.4k at 200, for a
// peak RSS of 400 MB instead of 330 MB on the 100k data set
// (docs/PERFORMANCE.md). GOGC and GOMEMLIMIT still override it.
const serveGCPercent = 200

// tuneGC applies serveGCPercent unless GOGC is set.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
