package core

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// RateLimits are the Sina fixed-window limits (README §5). Zero disables a limit.
type RateLimits struct {
	// IPPerHour limits all calls from one client IP.
	IPPerHour int
	// UserPerHour limits all calls of one user through one app, by app level.
	UserPerHour map[domain.AppLevel]int
	// PostsPerHour limits statuses/update and statuses/repost per user and app.
	PostsPerHour int
	// CommentsPerHour limits comments/create and comments/reply per user and app.
	CommentsPerHour int
	// FollowsPerHour and FollowsPerDay limit friendships/create per user.
	FollowsPerHour int
	FollowsPerDay  int
	// MaxFriends is how many users one may follow.
	MaxFriends int
	// Login guards every sign-in path (login.go).
	Login LoginLimits
}

// DefaultRateLimits are the 2013 numbers for the normal tier; advanced apps
// get the "high" tier's.
func DefaultRateLimits() RateLimits {
	return RateLimits{
		IPPerHour:       10000,
		UserPerHour:     map[domain.AppLevel]int{domain.AppLevelNormal: 150, domain.AppLevelAdvanced: 450},
		PostsPerHour:    30,
		CommentsPerHour: 60,
		FollowsPerHour:  60,
		FollowsPerDay:   200,
		MaxFriends:      2000,
		Login:           DefaultLoginLimits(runtime.GOMAXPROCS(0)),
	}
}

// RateClass says which special limit an API call counts against.
type RateClass int

const (
	RateNone    RateClass = iota // not rate limited at all
	RateGeneral                  // counts against the IP and user limits
	RatePost                     // … and the post-status limit
	RateComment                  // … and the post-comment limit
)

// specialLimit names and sizes the per-API limit of a class.
func (l RateLimits) specialLimit(c RateClass) (api string, limit int) {
	switch c {
	case RatePost:
		return "/statuses/update", l.PostsPerHour
	case RateComment:
		return "/comments/create", l.CommentsPerHour
	}
	return "", 0
}

func (l RateLimits) userLimit(level domain.AppLevel) int {
	if l.UserPerHour == nil {
		return 0
	}
	if n, ok := l.UserPerHour[level]; ok {
		return n
	}
	return l.UserPerHour[domain.AppLevelNormal]
}

func rateKeys(v domain.Viewer, api string) (ip, user, special string) {
	return "rl:ip:" + v.IP, fmt.Sprintf("rl:u:%d:%d", v.UserID, v.AppID), fmt.Sprintf("rl:a:%d:%d:%s", v.UserID, v.AppID, api)
}

// CheckRate counts one call against the viewer's limits and refuses it
// (10022 IP, 10023 user, 10024 specific API) once a window is spent.
func (s *Service) CheckRate(ctx context.Context, v domain.Viewer, class RateClass) error {
	if class == RateNone || s.counter == nil {
		return nil
	}
	l := s.opts.Limits
	api, special := l.specialLimit(class)
	ipKey, userKey, apiKey := rateKeys(v, api)
	if l.IPPerHour > 0 && v.IP != "" {
		n, err := s.counter.Incr(ctx, ipKey, 1, time.Hour)
		if err != nil {
			return fmt.Errorf("rate limit: %w", err)
		}
		if n > l.IPPerHour {
			return domain.E(domain.KindRateLimited, domain.ReasonIPRateLimit, "IP requests out of rate limit")
		}
	}
	if ul := l.userLimit(v.AppLevel); ul > 0 && v.UserID != 0 {
		n, err := s.counter.Incr(ctx, userKey, 1, time.Hour)
		if err != nil {
			return fmt.Errorf("rate limit: %w", err)
		}
		if n > ul {
			return domain.E(domain.KindRateLimited, domain.ReasonUserRateLimit, "user requests out of rate limit")
		}
	}
	if special > 0 && v.UserID != 0 {
		n, err := s.counter.Incr(ctx, apiKey, 1, time.Hour)
		if err != nil {
			return fmt.Errorf("rate limit: %w", err)
		}
		if n > special {
			return &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonAPIRateLimit, Param: api,
				Msg: "user requests for " + api + " out of rate limit"}
		}
	}
	return nil
}

// APILimit is one per-API line of account/rate_limit_status.
type APILimit struct {
	API       string
	Limit     int
	Remaining int
}

// RateStatus is account/rate_limit_status.
type RateStatus struct {
	IPLimit, RemainingIPHits     int
	UserLimit, RemainingUserHits int
	APIs                         []APILimit
	Reset                        time.Time
}

// Unlimited is what account/rate_limit_status reports for a limit that is
// switched off. The object has no way to say "none", and reporting 0 would
// tell every well-behaved client it has no calls left and must wait.
const Unlimited = 1<<31 - 1

// RateLimitStatus reports the viewer's counters without counting this call.
func (s *Service) RateLimitStatus(ctx context.Context, v domain.Viewer) (*RateStatus, error) {
	l := s.opts.Limits
	now := s.now()
	// Windows are aligned to the hour (the counter's fixed windows), so the
	// reset is the next full hour.
	rs := &RateStatus{IPLimit: l.IPPerHour, UserLimit: l.userLimit(v.AppLevel), Reset: now.Truncate(time.Hour).Add(time.Hour)}
	get := func(key string) (int, error) {
		if s.counter == nil {
			return 0, nil
		}
		return s.counter.Get(ctx, key, time.Hour)
	}
	ipKey, userKey, _ := rateKeys(v, "")
	used, err := get(ipKey)
	if err != nil {
		return nil, err
	}
	rs.IPLimit, rs.RemainingIPHits = remaining(rs.IPLimit, used)
	if used, err = get(userKey); err != nil {
		return nil, err
	}
	rs.UserLimit, rs.RemainingUserHits = remaining(rs.UserLimit, used)
	for _, c := range []RateClass{RatePost, RateComment} {
		api, limit := l.specialLimit(c)
		if limit <= 0 {
			continue
		}
		_, _, apiKey := rateKeys(v, api)
		if used, err = get(apiKey); err != nil {
			return nil, err
		}
		rs.APIs = append(rs.APIs, APILimit{API: api, Limit: limit, Remaining: max(limit-used, 0)})
	}
	return rs, nil
}

// remaining gives a limit and what is left of it; a disabled (zero) limit is
// reported as Unlimited with all of it left.
func remaining(limit, used int) (int, int) {
	if limit <= 0 {
		return Unlimited, Unlimited
	}
	return limit, max(limit-used, 0)
}
