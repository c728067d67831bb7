package core

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// The login guard. Every sign-in path — the password grant, the OAuth
// consent page, the web site's login form — checks a password through
// Authenticate and nothing else, so each is limited alike:
//
//   - per client address (an IPv4 address, an IPv6 /64): at most
//     IPFailuresPerHour failed sign-ins in a clock hour, whatever the account,
//     so spraying many names from one address stops (10022);
//   - per account and address: after FreeFailures failures the pair waits
//     Delay, then twice as long after each further failure, up to MaxDelay
//     (21303). A guesser slows down exponentially while the owner, signing in
//     from another address, is not affected at all, and even from the same
//     address waits at most MaxDelay;
//   - per process: at most Options.LoginConcurrency password checks run at
//     once (argon2id takes 19 MiB each), and at most MaxPending sign-ins are
//     in progress, checking or waiting for a slot; more are refused at once
//     (21303), so a burst cannot exhaust memory or queue without end.
//
// The counters go through the domain.Counter port (fixed windows aligned to
// the Unix epoch), so they are shared by every node once that port is.

// LoginLimits are the login guard's limits (RateLimits.Login). The zero
// value turns each off; the password-check slots (Options.LoginConcurrency)
// always bound memory, and without MaxPending sign-ins queue for them.
type LoginLimits struct {
	// IPFailuresPerHour: failed sign-ins one client address may make per
	// clock hour before its sign-ins are refused until the hour ends.
	IPFailuresPerHour int
	// FreeFailures: failures of one account from one address, within a UTC
	// day, before the delays start.
	FreeFailures int
	// Delay is the wait after the first failure past FreeFailures; each
	// further failure doubles it, up to MaxDelay. Zero: no delays.
	Delay, MaxDelay time.Duration
	// MaxPending: sign-ins in progress at once (checking a password or
	// waiting for a slot); more are refused at once. Zero: no bound.
	MaxPending int
}

// DefaultLoginLimits are the guard's defaults for a machine with slots
// password-check slots.
func DefaultLoginLimits(slots int) LoginLimits {
	return LoginLimits{IPFailuresPerHour: 100, FreeFailures: 5, Delay: time.Second, MaxDelay: 15 * time.Minute,
		MaxPending: 16 * max(slots, 1)}
}

// loginFailureWindow is how long an account's failures from one address are
// remembered (a fixed window: until the end of the UTC day).
const loginFailureWindow = 24 * time.Hour

// LoginAttempt is one sign-in: what the person typed and where from.
type LoginAttempt struct {
	Login    string // screen name or e-mail
	Password string
	// IP is the client's address as the dialect or site determined it
	// (behind a trusted proxy, the forwarded one). Empty skips the
	// per-address limits (command-line tools).
	IP string
}

// Authenticate is the one password check of every sign-in path: it applies
// the login guard (see above), then checks the login name (screen name or
// e-mail) and password. Errors: ReasonBadPassword (unknown name or wrong
// password, indistinguishable), ReasonIPRateLimit (the address has failed
// too often this hour), ReasonPasswordRateLimit (this account must wait
// from this address, or too many sign-ins are in progress); the refusals
// carry RetryAfter.
func (s *Service) Authenticate(ctx context.Context, in LoginAttempt) (*domain.User, error) {
	login := strings.TrimSpace(in.Login)
	if login == "" || in.Password == "" {
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonBadPassword, "username or password missing")
	}
	l := s.opts.Limits.Login
	ipKey := loginIPKey(in.IP)
	counter := s.counter
	if counter == nil {
		l.IPFailuresPerHour, l.Delay = 0, 0
	}

	// The address first, and before anything is read: a sprayer is turned
	// away at the cost of one counter. The slot is taken before checking, so
	// concurrent guesses cannot all slip under the limit; it is given back
	// unless the attempt fails on the password.
	ipSlot := l.IPFailuresPerHour > 0 && ipKey != ""
	ipCounter := "login:ip:" + ipKey
	if ipSlot {
		n, err := counter.Incr(ctx, ipCounter, 1, time.Hour)
		if err != nil {
			return nil, fmt.Errorf("login limit: %w", err)
		}
		if n > l.IPFailuresPerHour {
			s.loginRefused[refusedIP].Add(1)
			return nil, &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonIPRateLimit,
				Msg: "too many failed sign-ins from this address; try again later", RetryAfter: s.windowLeft(time.Hour)}
		}
	}
	failed := false
	defer func() {
		if ipSlot && !failed {
			s.counterAdd(ctx, ipCounter, -1, time.Hour)
		}
	}()

	u, err := s.userByLogin(ctx, login)
	if err != nil {
		return nil, err
	}
	// The account is the user when there is one, so an e-mail and a screen
	// name of the same person share their failures; else the name typed,
	// hashed (a long name must not become a long key).
	acct := "n:" + hashSecret(strings.ToLower(login))[:32]
	if u != nil {
		acct = "u:" + strconv.FormatInt(u.ID, 10)
	}
	pair := "login:fail:" + acct + "|" + ipKey
	if l.Delay > 0 {
		if err := s.waitTurn(ctx, l, pair); err != nil {
			return nil, err
		}
	}

	release, err := s.gate.enter(ctx, l.MaxPending)
	if err != nil {
		return nil, err
	}
	ok, err := s.checkCredentials(ctx, u, in.Password)
	release()
	if err != nil {
		return nil, err
	}
	if !ok {
		failed = true
		if l.Delay > 0 {
			s.noteFailure(ctx, l, pair)
		}
		return nil, domain.E(domain.KindUnauthenticated, domain.ReasonBadPassword, "username or password error")
	}
	if l.Delay > 0 {
		// A success forgets the pair's failures: the owner starts afresh.
		if n, err := counter.Get(ctx, pair, loginFailureWindow); err == nil && n != 0 {
			s.counterAdd(ctx, pair, -n, loginFailureWindow)
		}
	}
	return u, nil
}

// userByLogin finds the user a login name names, or nil.
func (s *Service) userByLogin(ctx context.Context, login string) (*domain.User, error) {
	if len(login) > 254 {
		return nil, nil // longer than any screen name or e-mail: nobody
	}
	var u *domain.User
	var err error
	if strings.Contains(login, "@") {
		u, err = s.store.UserByEmail(ctx, strings.ToLower(login))
	} else {
		u, err = s.store.UserByScreenName(ctx, login)
	}
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	return u, nil
}

// checkCredentials checks password against u's hash; with no user it spends
// the same time on a dummy hash, so timing does not reveal which names exist.
// It runs inside a password-check slot.
func (s *Service) checkCredentials(ctx context.Context, u *domain.User, password string) (bool, error) {
	if u == nil {
		checkPassword(password, s.dummyHash())
		return false, nil
	}
	cred, err := s.store.CredentialsOf(ctx, u.ID)
	if err != nil {
		return false, fmt.Errorf("sign in: %w", err)
	}
	return checkPassword(password, cred.PasswordHash), nil
}

// dummyHash is a hash of a random password with the parameters this
// server hashes new passwords with, so checking it costs what checking a
// real user's does. Made once, on the first unknown name.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy, _ = hashPassword(randomToken(16), s.opts.Password) // a failure leaves "", which never matches, at once
	})
	return s.dummy
}

// loginDelay is the wait after the n-th failure of a pair (n >= FreeFailures):
// Delay, doubled n-FreeFailures times, at most MaxDelay.
func loginDelay(l LoginLimits, n int) time.Duration {
	maxDelay := max(l.MaxDelay, l.Delay)
	d := l.Delay
	for i := max(l.FreeFailures, 1); i < n && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

// waitTurn refuses the attempt while the pair waits out its delay. The delay
// after the n-th failure is a "door" counter keyed by n in fixed windows of
// that delay: the failure closes the door for the rest of its window, and an
// attempt takes the door for itself, so of concurrent attempts only one is
// let through per window. Windows of doubling length aligned to the epoch
// nest, so a guesser let in at the start of one window and failing again
// waits at least half the next delay; the owner waits at most MaxDelay.
func (s *Service) waitTurn(ctx context.Context, l LoginLimits, pair string) error {
	n, err := s.counter.Get(ctx, pair, loginFailureWindow)
	if err != nil {
		return fmt.Errorf("login limit: %w", err)
	}
	if n < max(l.FreeFailures, 1) {
		return nil
	}
	d := loginDelay(l, n)
	door, err := s.counter.Incr(ctx, loginDoor(pair, n), 1, d)
	if err != nil {
		return fmt.Errorf("login limit: %w", err)
	}
	if door > 1 {
		s.loginRefused[refusedDelay].Add(1)
		left := s.windowLeft(d)
		return &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonPasswordRateLimit, RetryAfter: left,
			Msg: fmt.Sprintf("too many failed sign-ins for this account; try again in %d seconds", secondsCeil(left))}
	}
	return nil
}

// noteFailure counts a failed password and, past the free ones, closes the
// door of the delay that follows.
func (s *Service) noteFailure(ctx context.Context, l LoginLimits, pair string) {
	n, err := s.counter.Incr(ctx, pair, 1, loginFailureWindow)
	if err != nil {
		s.log.WarnContext(ctx, "login guard: count failure", "err", err)
		return
	}
	if n >= max(l.FreeFailures, 1) {
		s.counterAdd(ctx, loginDoor(pair, n), 1, loginDelay(l, n))
	}
}

func loginDoor(pair string, n int) string { return "login:wait:" + strconv.Itoa(n) + ":" + pair }

// counterAdd changes a counter, logging (not failing on) an error: a refund
// that does not happen only makes a limit stricter until its window ends.
func (s *Service) counterAdd(ctx context.Context, key string, n int, window time.Duration) {
	if _, err := s.counter.Incr(ctx, key, n, window); err != nil {
		s.log.WarnContext(ctx, "login guard: counter", "key", key, "err", err)
	}
}

// windowLeft is what is left of the current fixed window of length w (the
// Counter's windows are aligned to the Unix epoch).
func (s *Service) windowLeft(w time.Duration) time.Duration {
	t := s.now().UnixNano()
	left := int64(w) - t%int64(w)
	return time.Duration(left)
}

func secondsCeil(d time.Duration) int64 { return int64((d + time.Second - 1) / time.Second) }

// loginIPKey is the address a client's failures are counted under: an IPv4
// address, or the /64 of an IPv6 one (one subscriber's allocation: counting
// single IPv6 addresses would give an attacker 2^64 budgets).
func loginIPKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		if len(ip) > 64 {
			return hashSecret(ip)[:32]
		}
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// The password-check slots.

// passwordGate bounds concurrent argon2id evaluations (slots) and the
// sign-ins in progress, waiting included (pending).
type passwordGate struct {
	slots   chan struct{}
	pending atomic.Int64
	busy    *atomic.Int64 // refusals for want of a slot
}

func newPasswordGate(slots int, busy *atomic.Int64) *passwordGate {
	return &passwordGate{slots: make(chan struct{}, max(slots, 1)), busy: busy}
}

// enter takes a slot, waiting for one unless maxPending (0: no bound)
// sign-ins are already in progress, in which case it refuses at once. The
// caller must call release.
func (g *passwordGate) enter(ctx context.Context, maxPending int) (release func(), err error) {
	if n := g.pending.Add(1); maxPending > 0 && n > int64(maxPending) {
		g.pending.Add(-1)
		if g.busy != nil {
			g.busy.Add(1)
		}
		return nil, &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonPasswordRateLimit, RetryAfter: time.Second,
			Msg: "too many sign-ins in progress; try again in a moment"}
	}
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		g.pending.Add(-1)
		return nil, fmt.Errorf("wait for a password check: %w", ctx.Err())
	}
	return func() {
		<-g.slots
		g.pending.Add(-1)
	}, nil
}

// Refusal reasons counted for metrics.
const (
	refusedIP = iota
	refusedDelay
	refusedBusy
	refusedKinds
)

// LoginStats describe the login guard now, for metrics.
type LoginStats struct {
	Checking int // password checks running
	Pending  int // sign-ins in progress, checks running included
	// Refused counts refusals since start: by address limit, by account
	// delay, and for want of a password-check slot.
	RefusedIP, RefusedDelay, RefusedBusy int64
}

// LoginStats reports the login guard's state.
func (s *Service) LoginStats() LoginStats {
	return LoginStats{
		Checking: len(s.gate.slots), Pending: int(s.gate.pending.Load()),
		RefusedIP: s.loginRefused[refusedIP].Load(), RefusedDelay: s.loginRefused[refusedDelay].Load(),
		RefusedBusy: s.loginRefused[refusedBusy].Load(),
	}
}
