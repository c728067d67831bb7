package hostile

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
)

func init() {
	Dialects["xweibo"] = Dialect{
		Login: func(t testing.TB, k *testkit.Kit, u *testkit.User) Signer {
			xweiboKit.Store(k)
			return xweiboSigner{c: u.Xweibo(k), k: k}
		},
		Forged:     xweiboForged,
		CheckError: xweiboError,
		Valid:      xweiboValid,
	}
}

// xweiboKit is the kit the forged signers that sign correctly (an unbound
// api_uid) sign for: Login, which runs first for every route, sets it.
var xweiboKit atomic.Pointer[testkit.Kit]

// xweiboSigner signs as a partner site does: api_uid, api_time and
// api_sign = md5(AKEY#api_uid#api_time#SKEY#NAME#API_KEY) in the form
// body, NAME taken from m, or in a multipart body's fields (PHP's $_POST
// holds both). A request with neither (a GET, a raw body) gets them in the
// query, where api_sign counts but the other two do not: the gate refuses
// it.
type xweiboSigner struct {
	c *testkit.XweiboClient
	k *testkit.Kit
	// uid and at, when set, replace the client's uid and the kit's time.
	uid, at string
	// sign, when set, replaces the signature.
	sign string
}

func (s xweiboSigner) Sign(o *Outgoing) error {
	name := strings.TrimPrefix(o.Query.Get("m"), "api/weibo/action.")
	uid, at := s.c.UID, strconv.FormatInt(s.k.Clock.Now().Unix(), 10)
	if s.uid != "" {
		uid = s.uid
	}
	if s.at != "" {
		at = s.at
	}
	sign := core.XweiboSign(s.c.AKey, uid, at, s.c.SKey, name, s.c.APIKey)
	if s.sign != "" {
		sign = s.sign
	}
	v := o.Form
	if v == nil {
		v = o.Fields
	}
	if v == nil {
		v = o.Query
	}
	v.Set("api_uid", uid)
	v.Set("api_time", at)
	v.Set("api_sign", sign)
	return nil
}

// xweiboFixed sets the three values as given, signing nothing.
type xweiboFixed struct{ uid, at, sign string }

func (s xweiboFixed) Sign(o *Outgoing) error {
	v := o.Form
	if v == nil {
		v = o.Fields
	}
	if v == nil {
		v = o.Query
	}
	v.Set("api_uid", s.uid)
	v.Set("api_time", s.at)
	v.Set("api_sign", s.sign)
	return nil
}

// xweiboForged are credentials the gate must refuse (3010001-3010003, or
// 1010007 for bytes no parameter may hold).
func xweiboForged() map[string]Signer {
	out := map[string]Signer{
		"wrong api_sign":      xweiboFixed{"1", "1700000000", "00000000000000000000000000000000"},
		"huge api_time":       xweiboFixed{"1", "99999999999999999999", "x"},
		"negative api_time":   xweiboFixed{"1", "-1", "x"},
		"NUL in api_sign":     xweiboFixed{"1", "1700000000", "a\x00b"},
		"10KB api_uid":        xweiboFixed{strings.Repeat("9", 10<<10), "1700000000", "x"},
		"api_sign in capital": xweiboFixed{"", "", "ABCDEF"},
	}
	if k := xweiboKit.Load(); k != nil {
		// Signed as the partner signs, but for nobody, or too late.
		c := k.Xweibo("")
		out["unbound api_uid"] = xweiboSigner{c: c, k: k, uid: "4503599627370495"}
		out["stale api_time"] = xweiboSigner{c: c, k: k, at: strconv.FormatInt(k.Clock.Now().Unix()-3600, 10)}
		out["other action's sign"] = xweiboSigner{c: c, k: k, sign: core.XweiboSign(c.AKey, "", "1", c.SKey, "update", c.APIKey)}
	}
	return out
}

// xweiboError: the API answers HTTP 200 even on errors (errno travels in
// the envelope, spec §9.3), so any 4xx is wrong.
func xweiboError(_ *apiutil.RouteInfo, resp *Response) error {
	return errors.New("an Xweibo answer with HTTP " + strconv.Itoa(resp.Status) + ": errors travel in errno")
}

// xweiboValid gives the values only the dialect knows.
func xweiboValid(rt *apiutil.RouteInfo, p apiutil.ParamInfo, fx *Fixture) ([]string, bool) {
	action := strings.TrimPrefix(rt.Query, "m=api/weibo/action.")
	switch {
	case p.Name == "uid" && action == "createFriendship":
		return []string{idstr(fx.Dave.ID)}, true
	case (p.Name == "id" || p.Name == "name") && p.Object != "status" && p.Object != "comment" &&
		(strings.Contains(action, "Friendship") || strings.Contains(action, "Blocks") || strings.Contains(action, "DirectMessage") && p.Name == "name"):
		// Relation writes: dave, whom no fixture relies on (blocking or
		// unfollowing bob would change what alice sees for every route
		// running meanwhile).
		if p.Name == "name" {
			return []string{fx.Dave.ScreenName}, true
		}
		return []string{idstr(fx.Dave.ID)}, true
	case p.Name == "t_name" || p.Name == "s_name":
		return []string{fx.Bob.ScreenName}, true
	case (p.Name == "nick" && action == "saveProfile") || (p.Name == "name" && action == "updateProfile"):
		// alice's own name: the profile write succeeds without renaming
		// her under the routes running meanwhile.
		return []string{fx.Alice.ScreenName}, true
	}
	return nil, false
}
