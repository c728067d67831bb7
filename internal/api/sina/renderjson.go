package sina

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"sync"

	"github.com/maypok86/otter/v2"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The fast path for status lists. Building Status and User objects and
// reflect-encoding them was two thirds of a warm home_timeline's CPU, yet
// almost every byte of a status is the same for every viewer and for every
// read until the status changes. So each status and each author is encoded
// once, by encoding/json exactly as the slow path does, and kept as bytes
// with holes where the per-viewer values go (a status's "favorited", a
// user's "following" and "follow_me"). A page is then the envelope, those
// bytes and a few booleans: copies instead of reflection.
//
// Cached bytes are never stale: an entry keeps a copy of every input it was
// rendered from (the whole domain.Status, domain.User, the app's name and
// URL) and is used only when the current input is equal, field by field. A
// changed counter or text yields a new rendering, whoever changed it, on
// whichever node; no invalidation is needed. encoding/json stays the
// reference: TestFastRenderSameBytes compares both paths byte for byte.

// rawJSON is an answer already encoded as JSON (with its final newline);
// the handler writes it as is.
type rawJSON []byte

// Bounds of the render caches, in bytes of rendered JSON. A hot page set is
// a few thousand statuses and authors (~1 KB each); these hold tens of
// thousands, beyond which rarely read entries are evicted.
const (
	renderStatusCacheBytes = 48 << 20
	renderUserCacheBytes   = 16 << 20
)

// renderCache holds the encoded statuses and users of one API.
type renderCache struct {
	statuses *otter.Cache[int64, *statusBytes]
	users    *otter.Cache[int64, *userBytes]
}

func newRenderCache() *renderCache {
	return &renderCache{
		statuses: otter.Must(&otter.Options[int64, *statusBytes]{
			MaximumWeight: renderStatusCacheBytes,
			Weigher:       func(_ int64, v *statusBytes) uint32 { return uint32(len(v.b) + 256) },
		}),
		users: otter.Must(&otter.Options[int64, *userBytes]{
			MaximumWeight: renderUserCacheBytes,
			Weigher:       func(_ int64, v *userBytes) uint32 { return uint32(len(v.b) + 256) },
		}),
	}
}

// statusBytes is a status encoded without its viewer-dependent parts:
// b[:fav] ends with `"favorited":`, b[mid:tail] runs from after the value to
// the end of "geo", and b[tail:] is `,"reposts_count":…}`. The author and
// the original go between mid and tail.
type statusBytes struct {
	st              domain.Status // what b was rendered from
	hasApp          bool
	appName, appURL string
	b               []byte
	fav, mid, tail  int
}

// userBytes is a user encoded with holes for the viewer's relationship:
// b[:fol] ends with `"following":`, b[folEnd:rem] ends with `"remark":`,
// b[remEnd:fme] ends with `"follow_me":`, b[fmeEnd:] is the rest.
type userBytes struct {
	u                                     domain.User
	b                                     []byte
	fol, folEnd, rem, remEnd, fme, fmeEnd int
}

var (
	keyFavorited    = []byte(`"favorited":false`)
	keyRepostsCount = []byte(`,"reposts_count":`)
	keyFollowing    = []byte(`"following":false`)
	keyFollowMe     = []byte(`"follow_me":false`)
	keyRemark       = []byte(`"remark":""`)
	errSplit        = errors.New("sina: rendered object lacks an expected key")
)

// sameStatus reports whether two statuses render the same: every field is
// compared (TestSameStatusComparesEveryField keeps it so as fields are added).
func sameStatus(a, b *domain.Status) bool {
	return a.ID == b.ID && a.UserID == b.UserID && a.AppID == b.AppID && a.Text == b.Text &&
		a.CreatedAt == b.CreatedAt && a.RetweetedID == b.RetweetedID && a.ParentID == b.ParentID &&
		a.Visible == b.Visible && sameGeo(a.Geo, b.Geo) && a.Annotations == b.Annotations &&
		slices.Equal(a.PicIDs, b.PicIDs) && a.RIP == b.RIP && a.Deleted == b.Deleted &&
		a.RepostsCount == b.RepostsCount && a.CommentsCount == b.CommentsCount &&
		a.AttitudesCount == b.AttitudesCount
}

func sameGeo(a, b *domain.Geo) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// statusPart returns st's encoded bytes, from the cache when they were
// rendered from an equal status and app.
func (a *API) statusPart(st *domain.Status, app *domain.App) (*statusBytes, error) {
	var name, url string
	if app != nil {
		name, url = app.Name, app.URL
	}
	if e, ok := a.rc.statuses.GetIfPresent(st.ID); ok && e.hasApp == (app != nil) &&
		e.appName == name && e.appURL == url && sameStatus(&e.st, st) {
		return e, nil
	}
	b, err := json.Marshal(a.renderStatus(&core.StatusView{Status: st, App: app}, renderOpts{}, nil))
	if err != nil {
		return nil, err
	}
	f := bytes.Index(b, keyFavorited)
	if f < 0 {
		return nil, errSplit
	}
	e := &statusBytes{st: *st, hasApp: app != nil, appName: name, appURL: url, b: b}
	e.st.PicIDs = slices.Clone(st.PicIDs)
	if st.Geo != nil {
		g := *st.Geo
		e.st.Geo = &g
	}
	e.fav = f + len(keyFavorited) - len("false")
	e.mid = f + len(keyFavorited)
	t := bytes.Index(b[e.mid:], keyRepostsCount)
	if t < 0 {
		return nil, errSplit
	}
	e.tail = e.mid + t
	a.rc.statuses.Set(st.ID, e)
	return e, nil
}

// userPart returns u's encoded bytes (as a status's author: no latest status).
func (a *API) userPart(u *domain.User) (*userBytes, error) {
	if e, ok := a.rc.users.GetIfPresent(u.ID); ok && e.u == *u {
		return e, nil
	}
	b, err := json.Marshal(a.user(&core.UserView{User: u}, renderOpts{trimStatus: true}))
	if err != nil {
		return nil, err
	}
	e := &userBytes{u: *u, b: b}
	f := bytes.Index(b, keyFollowing)
	if f < 0 {
		return nil, errSplit
	}
	e.fol, e.folEnd = f+len(keyFollowing)-len("false"), f+len(keyFollowing)
	r := bytes.Index(b[e.folEnd:], keyRemark)
	if r < 0 {
		return nil, errSplit
	}
	e.rem, e.remEnd = e.folEnd+r+len(keyRemark)-len(`""`), e.folEnd+r+len(keyRemark)
	m := bytes.Index(b[e.remEnd:], keyFollowMe)
	if m < 0 {
		return nil, errSplit
	}
	e.fme = e.remEnd + m + len(keyFollowMe) - len("false")
	e.fmeEnd = e.remEnd + m + len(keyFollowMe)
	a.rc.users.Set(u.ID, e)
	return e, nil
}

// appendStatus appends v as renderStatus and encoding/json would.
func (a *API) appendStatus(dst []byte, v *core.StatusView, o renderOpts) ([]byte, error) {
	st := v.Status
	if st.Deleted {
		// Rare and small: not worth a cache entry.
		b, err := json.Marshal(a.renderStatus(v, o, nil))
		return append(dst, b...), err
	}
	e, err := a.statusPart(st, v.App)
	if err != nil {
		return dst, err
	}
	dst = append(dst, e.b[:e.fav]...)
	dst = strconv.AppendBool(dst, v.Favorited)
	dst = append(dst, e.b[e.mid:e.tail]...)
	if v.User != nil {
		if o.trimUser {
			dst = append(dst, `,"user":{"id":`...)
			dst = strconv.AppendInt(dst, st.UserID, 10)
			dst = append(dst, `,"idstr":"`...)
			dst = strconv.AppendInt(dst, st.UserID, 10)
			dst = append(dst, `"}`...)
			if st.UserID != 0 {
				dst = append(dst, `,"uid":`...)
				dst = strconv.AppendInt(dst, st.UserID, 10)
			}
		} else {
			dst = append(dst, `,"user":`...)
			if dst, err = a.appendUser(dst, v.User); err != nil {
				return dst, err
			}
		}
	}
	if v.Retweeted != nil {
		dst = append(dst, `,"retweeted_status":`...)
		if dst, err = a.appendStatus(dst, v.Retweeted, o); err != nil {
			return dst, err
		}
	}
	return append(dst, e.b[e.tail:]...), nil
}

// appendUser appends a status's author as statusUser and encoding/json would.
func (a *API) appendUser(dst []byte, v *core.UserView) ([]byte, error) {
	if v.Latest != nil {
		// Authors never carry their latest status on status pages; render
		// the odd one that does the slow way rather than cache its shape.
		b, err := json.Marshal(a.user(v, renderOpts{trimStatus: true}))
		return append(dst, b...), err
	}
	e, err := a.userPart(v.User)
	if err != nil {
		return dst, err
	}
	dst = append(dst, e.b[:e.fol]...)
	dst = strconv.AppendBool(dst, v.Rel.Following)
	dst = append(dst, e.b[e.folEnd:e.rem]...)
	if v.Rel.Remark == "" {
		dst = append(dst, `""`...)
	} else {
		// The viewer's own remark, escaped as encoding/json escapes it.
		r, err := json.Marshal(v.Rel.Remark)
		if err != nil {
			return dst, err
		}
		dst = append(dst, r...)
	}
	dst = append(dst, e.b[e.remEnd:e.fme]...)
	dst = strconv.AppendBool(dst, v.Rel.FollowedBy)
	return append(dst, e.b[e.fmeEnd:]...), nil
}

// statusesKey opens a Timeline envelope encoded with no statuses.
var statusesKey = []byte(`{"statuses":[`)

// timelineJSON is timeline(l, o) encoded, as json.Encoder would write it.
func (a *API) timelineJSON(l *core.StatusList, o renderOpts) (rawJSON, error) {
	env, err := json.Marshal(a.timelineEnvelope(l, []*Status{}))
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(env, statusesKey) {
		return nil, errSplit
	}
	buf := append(getPageBuf(), statusesKey...)
	for i, v := range l.Items {
		if i > 0 {
			buf = append(buf, ',')
		}
		if buf, err = a.appendStatus(buf, v, o); err != nil {
			return nil, err
		}
	}
	buf = append(buf, env[len(statusesKey):]...)
	return append(buf, '\n'), nil
}

// statusJSON is status(v, o) encoded, as json.Encoder would write it.
func (a *API) statusJSON(v *core.StatusView, o renderOpts) (rawJSON, error) {
	buf, err := a.appendStatus(getPageBuf(), v, o)
	if err != nil {
		return nil, err
	}
	return append(buf, '\n'), nil
}

// Page buffers are recycled: a home page is ~30 KB, and allocating (and
// zeroing, and collecting) one per request was most of what the fast path
// still cost.
var pageBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxPooledBuf keeps the odd huge answer (200 statuses) from pinning memory.
const maxPooledBuf = 1 << 20

func getPageBuf() []byte { return (*pageBufs.Get().(*[]byte))[:0] }

// putPageBuf recycles the buffer of an answer that has been written; the
// caller must not touch raw afterwards.
func putPageBuf(raw rawJSON) {
	if cap(raw) > maxPooledBuf {
		return
	}
	b := []byte(raw[:0])
	pageBufs.Put(&b)
}
