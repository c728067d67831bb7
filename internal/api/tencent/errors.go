package tencent

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/weibo-server/weibo/internal/domain"
)

// Tencent answers with two codes (spec §6): ret says what class of failure
// (1 parameter, 2 rate limit, 3 authentication, 4 server), errcode refines
// the failures of content-creating calls (spec §6.2). Where §6.2 has no code
// for a failure, errcode repeats ret, so that it is never 0 on a failure.
const (
	retOK     = 0
	retParam  = 1
	retRate   = 2
	retAuth   = 3
	retServer = 4
)

// errRow is one line of the table.
type errRow struct {
	ret, errcode int
	msg          string // the message when the error's own is not for clients
}

// errKinds is the row of each kind, for reasons without a row of their own.
var errKinds = map[domain.Kind]errRow{
	domain.KindInternal:        {retServer, retServer, "server internal error"},
	domain.KindInvalid:         {retParam, retParam, "parameter error"},
	domain.KindUnauthenticated: {retAuth, retAuth, "authentication failed"},
	// 5: "forbidden, e.g. a city restriction or a blacklisted uin".
	domain.KindForbidden: {retParam, 5, "forbidden"},
	// 6: "on delete: the record does not exist; on publish: the parent
	// node no longer exists".
	domain.KindNotFound:    {retParam, 6, "record does not exist"},
	domain.KindConflict:    {retParam, retParam, "already exists"},
	domain.KindTooLarge:    {retParam, retParam, "request too large"},
	domain.KindRateLimited: {retRate, 10, "rate limited"},
	domain.KindUnavailable: {retServer, retServer, "service unavailable"},
}

// errReasons refines the reasons §6.2 has a code for.
var errReasons = map[domain.Reason]errRow{
	domain.ReasonTextTooLong:   {retParam, 8, "content too long"},
	domain.ReasonDuplicateText: {retParam, 13, "duplicate post"},
	domain.ReasonBlockedBy:     {retParam, 5, "forbidden by the other user's blacklist"},
	domain.ReasonNotFoundAPI:   {retParam, retParam, "api not found"},
	domain.ReasonBadMethod:     {retParam, retParam, "HTTP method not supported by this api"},
}

// errSourceGone is the row of a repost, reply or comment whose parent is
// gone (§6.2's 11, "the source message was deleted").
var errSourceGone = errRow{retParam, 11, "source message was deleted"}

func rowFor(de *domain.Error) errRow {
	if row, ok := errReasons[de.Reason]; ok {
		return row
	}
	if row, ok := errKinds[de.Kind]; ok {
		return row
	}
	return errKinds[domain.KindInternal]
}

// message is what a client is told: the error's own words, except for
// internal and unavailable errors, whose words describe our insides.
func message(de *domain.Error, row errRow) string {
	if de.Kind == domain.KindInternal || de.Kind == domain.KindUnavailable || de.Msg == "" {
		return row.msg
	}
	return de.Msg
}

// logEdgeError logs internal errors once, here at the edge, with the
// request ID; unavailable ones as warnings.
func logEdgeError(r *http.Request, w http.ResponseWriter, de *domain.Error, err error, log *slog.Logger) {
	level := slog.LevelError
	switch de.Kind {
	case domain.KindInternal:
	case domain.KindUnavailable:
		level = slog.LevelWarn
	default:
		return
	}
	if r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		level = slog.LevelDebug // the client hung up: nobody reads the answer
	}
	id := w.Header().Get("X-Request-Id")
	if id == "" {
		id = r.Header.Get("X-Request-Id")
	}
	log.LogAttrs(r.Context(), level, "api error",
		slog.String("dialect", "tencent"),
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Any("err", err))
}

// setRetryAfter tells a client refused by a limit when to try again.
func setRetryAfter(w http.ResponseWriter, de *domain.Error) {
	if de.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((de.RetryAfter+999_999_999)/1_000_000_000), 10))
	}
}

// PanicResponder answers a request of this dialect whose handler panicked
// (the server's recover middleware has logged it): ret 4 in the envelope
// on /api/*, a text answer on /cgi-bin/*.
func PanicResponder(w http.ResponseWriter, r *http.Request) {
	row := errKinds[domain.KindInternal]
	if isOAuthPath(r.URL.Path) {
		writeOAuthText(w, http.StatusInternalServerError, row, row.msg)
		return
	}
	writeEnvelope(w, formatOf(r), &envelope{Ret: row.ret, Msg: row.msg, Errcode: row.errcode}, nil)
}
