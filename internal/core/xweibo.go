package core

import (
	"context"
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// XweiboOptions configure the gate of Xweibo's md5-signed API
// (spec/xweibo.md §2-3). The zero value turns the API off.
type XweiboOptions struct {
	// APIKey is API_KEY, the key shared with partner sites: the last part
	// of every api_sign. Empty: the API is off.
	APIKey string
	// AppKey names the registered app whose key and signing secret are
	// AKEY and SKEY.
	AppKey string
	// AllowAnonymous and AllowOthers are the action lists of §3 (matched
	// without regard to case, as actions are dispatched).
	AllowAnonymous []string
	AllowOthers    []string
	// DefaultUser is the screen name of the site's account the AllowOthers
	// actions run as.
	DefaultUser string
	// Window is how far api_time may lie from now (default 10 minutes);
	// AcceptOld accepts any past api_time, as 2.1 did.
	Window    time.Duration
	AcceptOld bool
	// AllowIPs, when not empty, are the only callers answered.
	AllowIPs []netip.Prefix
}

// XweiboRequest is what a signed Xweibo call carries (spec §2), as sent.
type XweiboRequest struct {
	UID, Time, Sign string
	// Method is the action name exactly as it appears after "action." in
	// m: the signature covers it as sent.
	Method string
	IP     string
}

// XweiboEnabled reports whether the Xweibo API is served.
func (s *Service) XweiboEnabled() bool { return s.opts.Xweibo.APIKey != "" }

// XweiboSign computes api_sign: md5(AKEY#api_uid#api_time#SKEY#NAME#API_KEY)
// in lower-case hex (spec §2).
func XweiboSign(akey, uid, apiTime, skey, method, apiKey string) string {
	sum := md5.Sum([]byte(akey + "#" + uid + "#" + apiTime + "#" + skey + "#" + method + "#" + apiKey))
	return hex.EncodeToString(sum[:])
}

// ViewerForXweibo checks a signed call in the order of spec §2 (caller
// address, time, signature) and answers who it runs as: the user api_uid
// names; else, by §3, the default account for an AllowOthers action (that
// list first, as 2.1 checks it first), nobody for an AllowAnonymous one,
// and otherwise ReasonNotBound. api_uid is a user id of this server: the
// server is the Xweibo site, so the partner's "bound uid" is the account it
// acts for here. A refused call has changed nothing.
func (s *Service) ViewerForXweibo(ctx context.Context, r XweiboRequest) (domain.Viewer, error) {
	o := s.opts.Xweibo
	if o.APIKey == "" {
		return domain.Viewer{}, domain.E(domain.KindNotFound, domain.ReasonNotFoundAPI, "the Xweibo API is not enabled on this server")
	}
	if len(o.AllowIPs) > 0 && !ipAllowed(o.AllowIPs, r.IP) {
		return domain.Viewer{}, domain.E(domain.KindForbidden, domain.ReasonIPNotAllowed, "Ip not allowed to access")
	}
	ts, err := strconv.ParseInt(strings.TrimSpace(r.Time), 10, 64)
	if err != nil {
		return domain.Viewer{}, domain.E(domain.KindUnauthenticated, domain.ReasonStaleTime, "Access time failure")
	}
	window := o.Window
	if window <= 0 {
		window = 10 * time.Minute
	}
	now := s.now().Unix()
	w := int64(window / time.Second)
	if ts > now+w || (!o.AcceptOld && ts < now-w) {
		return domain.Viewer{}, domain.E(domain.KindUnauthenticated, domain.ReasonStaleTime, "Access time failure")
	}
	app, err := s.store.AppByKey(ctx, o.AppKey)
	if domain.IsKind(err, domain.KindNotFound) {
		s.log.Warn("xweibo: --xweibo-app-key names no registered app", "app_key", o.AppKey)
		return domain.Viewer{}, domain.E(domain.KindUnauthenticated, domain.ReasonInvalidClient, "source paramter (appkey) is missing")
	}
	if err != nil {
		return domain.Viewer{}, fmt.Errorf("xweibo app: %w", err)
	}
	secret, err := s.store.AppSigningSecret(ctx, app.ID)
	if domain.IsKind(err, domain.KindNotFound) {
		s.log.Warn("xweibo: the app of --xweibo-app-key has no signing secret (created before they were kept): create a new app", "app_key", o.AppKey)
		return domain.Viewer{}, domain.E(domain.KindUnauthenticated, domain.ReasonInvalidClient, "source paramter (appkey) is missing")
	}
	if err != nil {
		return domain.Viewer{}, fmt.Errorf("xweibo app secret: %w", err)
	}
	want := XweiboSign(app.Key, r.UID, r.Time, secret, r.Method, o.APIKey)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(r.Sign))) != 1 {
		return domain.Viewer{}, domain.E(domain.KindUnauthenticated, domain.ReasonAuthFailed, "Signature is not correct")
	}
	v := domain.Viewer{AppID: app.ID, AppLevel: app.Level, IP: r.IP}
	if uid, err := strconv.ParseInt(r.UID, 10, 64); err == nil && uid > 0 {
		u, err := s.store.UserByID(ctx, uid)
		switch {
		case err == nil:
			v.UserID = u.ID
			return v, nil
		case !domain.IsKind(err, domain.KindNotFound):
			return domain.Viewer{}, fmt.Errorf("xweibo user: %w", err)
		}
	}
	if listed(o.AllowOthers, r.Method) && o.DefaultUser != "" {
		u, err := s.store.UserByScreenName(ctx, o.DefaultUser)
		switch {
		case err == nil:
			v.UserID = u.ID
			return v, nil
		case domain.IsKind(err, domain.KindNotFound):
			s.log.Warn("xweibo: --xweibo-default-user names no user", "screen_name", o.DefaultUser)
		default:
			return domain.Viewer{}, fmt.Errorf("xweibo default user: %w", err)
		}
	}
	if listed(o.AllowAnonymous, r.Method) {
		return v, nil
	}
	return domain.Viewer{}, domain.E(domain.KindUnauthenticated, domain.ReasonNotBound, "Does not bind the user")
}

func listed(list []string, method string) bool {
	for _, m := range list {
		if strings.EqualFold(m, method) {
			return true
		}
	}
	return false
}

func ipAllowed(allow []netip.Prefix, ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
