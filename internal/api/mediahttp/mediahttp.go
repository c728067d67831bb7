// Package mediahttp serves the stored media files (picture and avatar
// renditions) at /media/<key>, straight from the blob port: the URLs the
// APIs render point here unless --media-url names a CDN or bucket instead.
//
// Keys are derived from the content, so a file never changes: answers carry
// a strong ETag (the content's hash) and may be cached for a year.
package mediahttp

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/emotions"
	"github.com/weibo-server/weibo/internal/media"
)

// Prefix is the path below which media files are served.
const Prefix = "/media/"

// Registrar is what the server offers to mount routes on.
type Registrar interface {
	Handle(pattern string, h http.Handler)
}

// Handler serves GET and HEAD /media/<key>.
type Handler struct {
	blobs domain.Blobs
	log   *slog.Logger
}

// New builds the handler over the blob store.
func New(blobs domain.Blobs, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.Default()
	}
	return &Handler{blobs: blobs, log: log}
}

// Mount registers the handler. A GET pattern also answers HEAD; other
// methods get the mux's 405.
func (h *Handler) Mount(reg Registrar) { reg.Handle("GET "+Prefix, h) }

// immutable: a key names bytes that never change.
const immutable = "public, max-age=31536000, immutable"

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	// The bytes are images we encoded, but a browser must never take them
	// for anything else, nor run anything in them if opened directly.
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	key, ok := media.ParseKey(strings.TrimPrefix(r.URL.Path, Prefix))
	if !ok {
		notFound(w)
		return
	}
	rc, info, err := h.blobs.Get(r.Context(), key)
	if domain.IsKind(err, domain.KindNotFound) {
		notFound(w)
		return
	}
	if err != nil {
		level := slog.LevelError
		if errors.Is(err, r.Context().Err()) {
			level = slog.LevelDebug // the client went away
		}
		h.log.LogAttrs(r.Context(), level, "media: read blob", slog.String("key", key), slog.Any("err", err))
		hdr.Set("Cache-Control", "no-store")
		http.Error(w, "media unavailable", http.StatusServiceUnavailable)
		return
	}
	defer rc.Close()
	hdr.Set("Content-Type", info.ContentType)
	hdr.Set("ETag", `"`+info.ETag+`"`)
	hdr.Set("Cache-Control", immutable)
	// ServeContent answers If-None-Match (304) against the ETag set above,
	// HEAD, and Range requests, and sets Content-Length.
	http.ServeContent(w, r, "", info.ModTime, rc)
}

// notFound answers a key that is malformed or has no file. It is not
// cached: an id becomes a file when it is uploaded.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// EmotionsPrefix is the path below which the emoticon images are served
// (the default of --emotions-url).
const EmotionsPrefix = "/emotions/"

// MountEmotions serves the embedded emoticon images at
// /emotions/<file>.png. Their bytes change only with a new release, so
// they may be cached for a day.
func MountEmotions(reg Registrar) {
	fs := http.FileServerFS(emotionFiles{})
	reg.Handle("GET "+EmotionsPrefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		name := strings.TrimPrefix(r.URL.Path, EmotionsPrefix)
		if name == "" || strings.Contains(name, "/") || !strings.HasSuffix(name, ".png") {
			notFound(w)
			return
		}
		hdr.Set("Cache-Control", "public, max-age=86400")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		fs.ServeHTTP(w, r2)
	}))
}

// emotionFiles is the img directory of the embedded emoticons.
type emotionFiles struct{}

func (emotionFiles) Open(name string) (fs.File, error) {
	if name == "." || strings.Contains(name, "/") {
		return nil, fs.ErrNotExist // no directory listing
	}
	return emotions.Files.Open("img/" + name)
}
