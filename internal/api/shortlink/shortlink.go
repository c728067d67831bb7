// Package shortlink serves the short links the core makes (short_url.md)
// at /t/<code> on the server's own host: each GET is counted, with its
// referring site and the region of the client's address, and redirected
// to the long URL. --short-url-base names this path, or a short host a
// proxy maps onto it.
package shortlink

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// Prefix is the path below which short links are served.
const Prefix = "/t/"

// Registrar is what the server offers to mount routes on.
type Registrar interface {
	Handle(pattern string, h http.Handler)
}

// Mount registers the redirect. trustProxy trusts X-Forwarded-For for the
// client's address, as the APIs do.
func Mount(reg Registrar, svc *core.Service, trustProxy bool, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	reg.Handle(Prefix, &handler{svc: svc, trustProxy: trustProxy, log: log})
}

type handler struct {
	svc        *core.Service
	trustProxy bool
	log        *slog.Logger
}

// validCode reports whether code can be one: 1 to 11 base62 characters.
func validCode(code string) bool {
	if code == "" || len(code) > 11 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	code := strings.TrimPrefix(r.URL.Path, Prefix)
	if !validCode(code) {
		http.NotFound(w, r)
		return
	}
	var long string
	var err error
	if r.Method == http.MethodHead {
		// A HEAD is a link checker or a preview, not a click.
		var l []core.ShortLink
		if l, err = h.svc.ExpandShort(r.Context(), []string{code}); err == nil {
			if l[0].Link == nil {
				err = domain.E(domain.KindNotFound, domain.ReasonNone, "no such short link")
			} else {
				long = l[0].Link.Long
			}
		}
	} else {
		long, err = h.svc.FollowShortLink(r.Context(), code, r.Referer(), apiutil.ClientIP(r, h.trustProxy))
	}
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		h.log.ErrorContext(r.Context(), "short link", "code", code, "err", err)
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	// Every click must reach us to be counted.
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, long, http.StatusFound)
}
