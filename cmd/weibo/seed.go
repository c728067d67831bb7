package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/weibo-server/weibo/internal/app"
	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/loadgen"
	"github.com/weibo-server/weibo/internal/seed"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
)

func seedCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var sc seed.Config
	var seedN uint64
	var now, password, out string
	var tokens int
	var quiet bool
	cfg, err := storageCommand("weibo seed", args, stderr, func(fs *flag.FlagSet) {
		fs.Uint64Var(&seedN, "seed", 1, "random seed: the same seed and sizes give the same data")
		fs.IntVar(&sc.Users, "users", 1000, "number of users")
		fs.IntVar(&sc.Follows, "follows", 100, "mean number of accounts each user follows")
		fs.IntVar(&sc.Statuses, "statuses", 0, "number of statuses, reposts included (default 10 per user)")
		fs.IntVar(&sc.Comments, "comments", 0, "number of comments (default statuses/5)")
		fs.Float64Var(&sc.RepostShare, "reposts", 0.15, "share of statuses that are reposts")
		fs.DurationVar(&sc.Span, "span", 90*24*time.Hour, "statuses are spread over this much time before --now")
		fs.IntVar(&sc.CelebrityFollowers, "celebrity-followers", 10000, "followers from which the summary counts a celebrity (match serve's flag)")
		fs.StringVar(&now, "now", "", "end of the time span, RFC 3339 (default: now, to the minute); fix it for identical ids across runs")
		fs.StringVar(&password, "password", "weibo-seed", "password of every seeded user")
		fs.IntVar(&tokens, "tokens", 1000, "access tokens to write for random users (for weibo bench)")
		fs.StringVar(&out, "out", "", "where to write app, tokens and celebrity for weibo bench (default DIR/seed.json)")
		fs.BoolVar(&quiet, "quiet", false, "no progress bar")
	})
	if err != nil {
		return err
	}
	sc.Seed = seedN
	if now != "" {
		if sc.Now, err = time.Parse(time.RFC3339, now); err != nil {
			return fmt.Errorf("--now: %w", err)
		}
	}
	if len(password) < 6 {
		return errors.New("--password must have at least 6 characters")
	}
	if out == "" {
		out = filepath.Join(cfg.DataDir, "seed.json")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	log := func(format string, a ...any) { fmt.Fprintf(stderr, "weibo seed: "+format+"\n", a...) }
	start := time.Now()

	ds, err := seed.Generate(sc)
	if err != nil {
		return err
	}
	sc = ds.Config()
	counts := ds.Counts()
	log("generated the structure in %s: %d users, %d follows, %d statuses (%d reposts), %d comments",
		time.Since(start).Round(time.Millisecond), counts.Users, counts.Follows, counts.Statuses, counts.Reposts, counts.Comments)

	// One password, hashed once with the production parameters.
	hash, err := core.HashPassword(password, core.PasswordParams{})
	if err != nil {
		return err
	}
	bulk, err := sqlstore.OpenBulk(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer bulk.Close()

	loadStart := time.Now()
	var done atomic.Int64 // entities (users, follows, statuses, comments) written
	total := int64(counts.Users + counts.Follows + counts.Statuses + counts.Comments)
	stopProgress := progress(stderr, quiet, "loading", total, &done, bulk.Rows)
	err = loadSeed(ctx, ds, bulk, hash, &done)
	stopProgress()
	if err != nil {
		return err
	}
	loadTook := time.Since(loadStart)
	log("wrote %d rows in %s (%.0f rows/s); building indexes", bulk.Rows(), loadTook.Round(time.Millisecond),
		float64(bulk.Rows())/loadTook.Seconds())
	idxStart := time.Now()
	err = bulk.Finish(ctx, func(name string, took time.Duration) {
		log("  %-36s %s", name, took.Round(time.Millisecond))
	})
	if err != nil {
		return err
	}
	idxTook := time.Since(idxStart)
	rows := bulk.TableRows()

	sf, err := seedApp(ctx, cfg, ds, password, tokens)
	if err != nil {
		return err
	}
	sf.Counts = map[string]int{}
	for t, n := range rows {
		sf.Counts[t] = int(n)
	}
	f, err := os.OpenFile(out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600) // holds live tokens
	if err != nil {
		return fmt.Errorf("seed file: %w", err)
	}
	if err := printJSON(f, sf); err != nil {
		f.Close()
		return fmt.Errorf("seed file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("seed file: %w", err)
	}

	took := time.Since(start)
	var sum int64
	for _, n := range rows {
		sum += n
	}
	fs := ds.FollowStats()
	fmt.Fprintf(stdout, "seeded %s in %s (seed %d)\n", cfg.DSN(), took.Round(time.Millisecond), sc.Seed)
	names := make([]string, 0, len(rows))
	for t := range rows {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		fmt.Fprintf(stdout, "  %-18s %10d\n", t, rows[t])
	}
	fmt.Fprintf(stdout, "  %-18s %10d rows: %.0f rows/s loading, %.0f rows/s overall (indexes %s)\n", "total", sum,
		float64(sum)/loadTook.Seconds(), float64(sum)/took.Seconds(), idxTook.Round(time.Millisecond))
	fmt.Fprintf(stdout, "  follows: %.1f per user on average; followers median %.0f, max %.0f; %d users with ≥%d followers\n",
		fs.MeanFollowees, fs.MedianFollowers, fs.MaxFollowers, ds.Celebrities(), sc.CelebrityFollowers)
	fmt.Fprintf(stdout, "  celebrity: %s (uid %d, %d followers)\n", sf.Celebrity.ScreenName, sf.Celebrity.ID, sf.Celebrity.Followers)
	fmt.Fprintf(stdout, "  every user's password: %s; app_key %s app_secret %s\n", password, sf.AppKey, sf.AppSecret)
	fmt.Fprintf(stdout, "  %d access tokens for weibo bench in %s\n", len(sf.Users), out)
	fmt.Fprintln(stdout, "  the search index is not built: run weibo reindex with the same --data/--db")
	return nil
}

// loadSeed streams the data set into the bulk loader. Rendering texts and
// writing SQL each keep a core busy, so a producer goroutine renders while
// this one writes, handing rows over in batches.
func loadSeed(ctx context.Context, ds *seed.Dataset, bulk *sqlstore.Bulk, hash string, done *atomic.Int64) error {
	type batch struct {
		users    []*domain.User
		follows  []seed.Follow
		statuses []*seed.Status
		comments []*seed.Comment
	}
	const size = 1024
	ch := make(chan batch, 8)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	prodErr := make(chan error, 1)
	go func() {
		defer close(ch)
		var cur batch
		n := 0
		send := func(force bool) error {
			if n < size && !force {
				return nil
			}
			select {
			case ch <- cur:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur, n = batch{}, 0
			return nil
		}
		err := ds.EachUser(func(u *domain.User) error { cur.users = append(cur.users, u); n++; return send(false) })
		if err == nil {
			err = send(true)
		}
		if err == nil {
			err = ds.EachFollow(func(f seed.Follow) error { cur.follows = append(cur.follows, f); n++; return send(false) })
		}
		if err == nil {
			err = send(true)
		}
		if err == nil {
			err = ds.EachStatus(func(s *seed.Status) error { cur.statuses = append(cur.statuses, s); n++; return send(false) })
		}
		if err == nil {
			err = send(true)
		}
		if err == nil {
			err = ds.EachComment(func(c *seed.Comment) error { cur.comments = append(cur.comments, c); n++; return send(false) })
		}
		if err == nil {
			err = send(true)
		}
		prodErr <- err
	}()
	for b := range ch {
		for _, u := range b.users {
			if err := bulk.AddUser(ctx, u, hash); err != nil {
				return err
			}
		}
		for _, f := range b.follows {
			if err := bulk.AddFollow(ctx, f.Follower, f.Followee, f.At); err != nil {
				return err
			}
		}
		for _, s := range b.statuses {
			if err := bulk.AddStatus(ctx, &s.Status, s.Mentions, s.Topics, s.Links); err != nil {
				return err
			}
		}
		for _, c := range b.comments {
			if err := bulk.AddComment(ctx, &c.Comment, c.StatusUserID, c.ReplyUserID, c.Mentions); err != nil {
				return err
			}
		}
		done.Add(int64(len(b.users) + len(b.follows) + len(b.statuses) + len(b.comments)))
	}
	return <-prodErr
}

// seedApp registers the bench app and writes access tokens for a sample of
// users and the celebrity, through the ordinary store: the fixture weibo
// bench reads, so a load test needs neither sign-ups nor ~25 ms of argon2id
// per user to get tokens.
func seedApp(ctx context.Context, cfg config.Config, ds *seed.Dataset, password string, n int) (*loadgen.Fixture, error) {
	lg := app.Logger("warn")
	st, err := app.OpenStore(ctx, cfg, lg)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	svc, done, err := app.NewCore(ctx, cfg, st, lg, "weibo seed")
	if err != nil {
		return nil, err
	}
	defer done()
	a, secret, err := svc.CreateApp(ctx, core.CreateAppInput{Name: "weibo-bench", RedirectURI: "http://localhost/callback",
		Level: domain.AppLevelAdvanced})
	if err != nil {
		return nil, describe(err)
	}
	sf := &loadgen.Fixture{AppKey: a.Key, AppSecret: secret, Password: password}
	now := time.Now().UTC()
	ttl := svc.Options().AccessTokenTTL
	refs := append([]seed.UserRef{ds.Celebrity()}, ds.Sample(n)...)
	err = st.InTx(ctx, func(tx domain.Tx) error {
		for i, r := range refs {
			tok := core.NewAccessToken()
			t := &domain.Token{AccessHash: core.SecretHash(tok), UserID: r.ID, AppID: a.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
			if err := tx.CreateToken(ctx, t); err != nil {
				return err
			}
			u := loadgen.User{ID: r.ID, ScreenName: r.ScreenName, Followers: r.Followers, Followees: r.Followees,
				FollowsCelebrity: ds.Follows(r.ID, refs[0].ID), Token: tok}
			if i == 0 {
				sf.Celebrity = u
			} else {
				sf.Users = append(sf.Users, u)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("write tokens: %w", err)
	}
	return sf, nil
}

// progress draws a progress bar on a terminal (a line every 10 s
// otherwise) until the returned function is called.
func progress(w io.Writer, quiet bool, what string, total int64, done *atomic.Int64, rows func() int64) (stop func()) {
	if quiet {
		return func() {}
	}
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	every := 10 * time.Second
	if tty {
		every = 500 * time.Millisecond
	}
	start := time.Now()
	quit, finished := make(chan struct{}), make(chan struct{})
	draw := func(final bool) {
		d, el := done.Load(), time.Since(start).Seconds()
		frac := float64(d) / float64(max(total, 1))
		const width = 30
		bar := strings.Repeat("█", int(frac*width)) + strings.Repeat("·", width-int(frac*width))
		eta := "--"
		if d > 0 && !final {
			eta = (time.Duration(el/frac*(1-frac)) * time.Second).String()
		}
		line := fmt.Sprintf("%s %s %5.1f%% %d/%d  %d rows  %.0f rows/s  eta %s", what, bar, 100*frac, d, total,
			rows(), float64(rows())/el, eta)
		if tty {
			fmt.Fprintf(w, "\r%s\x1b[K", line)
			if final {
				fmt.Fprintln(w)
			}
		} else {
			fmt.Fprintln(w, line)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				draw(true)
				return
			case <-t.C:
				draw(false)
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}
