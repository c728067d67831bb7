// Package apiutil is the plumbing the API dialects share: request parameters
// and their typed readers, paging, JSON/JSONP/XML writers and client address
// helpers. It knows nothing of any dialect: every failure is a *domain.Error
// that the dialect's own error table turns into its wire format.
package apiutil

import (
	"bytes"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
)

// DefaultMaxBody is the body limit FromRequest applies when given a
// non-positive one: room for a 5 MB picture upload plus the other fields.
const DefaultMaxBody = 6 << 20

// multipartMemory is how much of a multipart body is kept in memory; file
// parts beyond it spill to temporary files, which net/http removes when the
// handler returns.
const multipartMemory = 8 << 20

// maxGot bounds how much of a rejected value is echoed back in an error.
const maxGot = 64

// MaxValueLen is the longest parameter name or value accepted, in bytes.
// Nothing a dialect accepts comes near it (a status is at most 140 by the
// Weibo rule, about 2 KB with links; annotations 512 characters; a list of
// 100 ids 2 KB), so the parameters that have no limit of their own (an
// OAuth state, a search query, a screen name looked up) get this one, and
// a longer value is refused before any reader sees it.
const MaxValueLen = 8 << 10

// Params is the merged set of request parameters: the query string and the
// form body (urlencoded or multipart values). Sina SDKs send POST parameters
// in either place; where both carry a name, the body wins.
//
// The zero Params is empty and usable.
type Params struct {
	v     url.Values
	watch func(name string, rd Reader)
}

// Watch returns p reporting every read of a parameter to f: the name and
// the reader used. Dialects install it when a test asks (RouteInfo.CheckRead);
// f runs on the reading goroutine.
func (p Params) Watch(f func(name string, rd Reader)) Params {
	p.watch = f
	return p
}

func (p Params) note(name string, rd Reader) {
	if p.watch != nil {
		p.watch(name, rd)
	}
}

// NewParams wraps already-parsed values (tests, non-HTTP callers).
func NewParams(v url.Values) Params { return Params{v: v} }

// FromRequest reads the query string and, for POST/PUT/PATCH/DELETE, a body of
// type application/x-www-form-urlencoded (also assumed when the type is
// missing) or multipart/form-data. Other bodies (JSON, octet streams) are left
// unread for the handler.
//
// The parse is cached on the request the way net/http caches it (r.PostForm,
// r.Form, r.MultipartForm), so an auth middleware and the handler may both
// call FromRequest; r.FormValue agrees with the result, and multipart files
// stay available in r.MultipartForm.File.
//
// A body over maxBody (DefaultMaxBody when maxBody <= 0) is a KindTooLarge
// ReasonBodyTooLarge error; a malformed query or body is a BadParam error.
func FromRequest(r *http.Request, maxBody int64) (Params, error) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Params{}, domain.BadParam("query", "a url-encoded query string", truncate(r.URL.RawQuery))
	}
	body, err := readBody(r, maxBody)
	if err != nil {
		return Params{}, err
	}
	merged := make(url.Values, len(query)+len(body))
	for k, vs := range query {
		merged[k] = vs
	}
	for k, vs := range body {
		merged[k] = vs // the body wins
	}
	if err := checkValues(merged); err != nil {
		return Params{}, err
	}
	r.Form = merged
	return Params{v: merged}, nil
}

// checkValues decides, once for every dialect, what any parameter may
// hold: names and values are UTF-8 text without control characters other
// than tab, line feed and carriage return (browsers send a textarea's line
// breaks as CRLF), at most MaxValueLen bytes. PostgreSQL cannot store NUL
// or invalid UTF-8 (SQLite would), no client means a control character,
// and no reader should have to think about either. The answer names the
// offending parameter, the first in name order when several are.
func checkValues(v url.Values) error {
	var first string
	var firstErr *domain.Error
	for name, vs := range v {
		if firstErr != nil && name > first {
			continue
		}
		if e := checkParam(name, vs); e != nil {
			first, firstErr = name, e
		}
	}
	if firstErr != nil {
		return firstErr
	}
	return nil
}

func checkParam(name string, vs []string) *domain.Error {
	if len(name) > MaxValueLen || !CleanText(name) {
		return domain.BadParam(strconv.QuoteToASCII(truncate(name)), "a parameter name of UTF-8 text", "")
	}
	for _, s := range vs {
		if len(s) > MaxValueLen {
			return domain.BadParam(name, "at most "+strconv.Itoa(MaxValueLen)+" bytes", strconv.Itoa(len(s))+" bytes")
		}
		if !CleanText(s) {
			return domain.BadParam(name, "UTF-8 text without control characters", strconv.QuoteToASCII(truncate(s)))
		}
	}
	return nil
}

// CleanText reports whether s is valid UTF-8 without control characters
// (U+0000–U+001F) other than tab, line feed and carriage return: what
// FromRequest accepts in a parameter.
func CleanText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// readBody returns the body's parameters, parsing it at most once per request.
func readBody(r *http.Request, maxBody int64) (url.Values, error) {
	ct := r.Header.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.ToLower(strings.TrimSpace(ct))
	multipart := ct == "multipart/form-data"
	if r.PostForm != nil && (!multipart || r.MultipartForm != nil) {
		return r.PostForm, nil
	}
	body := url.Values{}
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		r.PostForm = body
		return body, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		r.PostForm = body
		return body, nil
	}
	form := multipart || ct == "application/x-www-form-urlencoded" || ct == ""
	if form && r.ContentLength > maxBody {
		return nil, tooLarge()
	}
	switch {
	case multipart:
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
		if err := r.ParseMultipartForm(multipartMemory); err != nil {
			return nil, bodyError(err, "a multipart/form-data body")
		}
		for k, vs := range r.MultipartForm.Value {
			body[k] = vs
		}
	case ct == "application/x-www-form-urlencoded" || ct == "":
		raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return nil, bodyError(err, "a readable body")
		}
		if int64(len(raw)) > maxBody {
			return nil, tooLarge()
		}
		if ct == "" && len(bytes.TrimSpace(raw)) == 0 {
			break
		}
		body, err = url.ParseQuery(string(raw))
		if err != nil {
			return nil, domain.BadParam("body", "an application/x-www-form-urlencoded body", truncate(string(raw)))
		}
	}
	r.PostForm = body
	return body, nil
}

func tooLarge() *domain.Error {
	return domain.E(domain.KindTooLarge, domain.ReasonBodyTooLarge, "request body over the size limit")
}

func bodyError(err error, want string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge()
	}
	de := domain.BadParam("body", want, truncate(err.Error()))
	de.Err = err
	return de
}

// Values returns the merged parameters; callers must not modify them.
func (p Params) Values() url.Values { return p.v }

// Has reports whether name was given with a value that is not blank. A
// blank value ("", "  ") counts as absent here exactly as in the number,
// switch, enum and list readers, so that a caller that checks Has first can
// rely on the reader: after Has, Int64List and StringList return at least
// one element or an error, never nothing.
func (p Params) Has(name string) bool {
	p.note(name, ReadHas)
	_, ok := p.number(name)
	return ok
}

// Given reports whether name was sent at all, even empty: the difference
// between a missing text (10016) and an empty one (20008).
func (p Params) Given(name string) bool {
	p.note(name, ReadGiven)
	_, ok := p.v[name]
	return ok
}

// String returns the value of name, "" when absent. It is not trimmed: text
// parameters (status, comment) keep their spaces.
func (p Params) String(name string) string {
	p.note(name, ReadString)
	return p.v.Get(name)
}

// RequiredString returns the value of name, untrimmed; absent, empty or
// blank is MissingParam (as Has sees it).
func (p Params) RequiredString(name string) (string, error) {
	p.note(name, ReadRequiredString)
	if !p.Has(name) {
		return "", domain.MissingParam(name)
	}
	return p.v.Get(name), nil
}

// number returns the trimmed value of name and whether it is present. An
// empty or all-blank value counts as absent (SDKs send "max_id=").
func (p Params) number(name string) (string, bool) {
	s := strings.TrimSpace(p.v.Get(name))
	return s, s != ""
}

// Int64 returns name as an int64, def when absent.
func (p Params) Int64(name string, def int64) (int64, error) {
	p.note(name, ReadInt64)
	s, ok := p.number(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, domain.BadParam(name, "int64", truncate(s))
	}
	return n, nil
}

// RequiredInt64 returns name as an int64; absent is MissingParam.
func (p Params) RequiredInt64(name string) (int64, error) {
	p.note(name, ReadRequiredInt64)
	if _, ok := p.number(name); !ok {
		return 0, domain.MissingParam(name)
	}
	return p.Int64(name, 0)
}

// Int returns name as an int in [lo, hi], def when absent. A value below lo,
// or not a number, is BadParam; a value above hi is clamped to hi, as Sina
// does for count (">100 treated as 100").
func (p Params) Int(name string, def, lo, hi int) (int, error) {
	p.note(name, ReadInt)
	s, ok := p.number(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange && n > 0 {
			return hi, nil // a huge positive number is still "above hi"
		}
		return 0, domain.BadParam(name, "int", truncate(s))
	}
	if n < int64(lo) {
		return 0, domain.BadParam(name, rangeWant(lo, hi), s)
	}
	if n > int64(hi) {
		return hi, nil
	}
	return int(n), nil
}

// IntIn is Int without clamping: a value outside [lo, hi] is BadParam. Use it
// where clamping would answer the wrong question (a page number, an enum coded
// as an int).
func (p Params) IntIn(name string, def, lo, hi int) (int, error) {
	p.note(name, ReadIntIn)
	s, ok := p.number(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, domain.BadParam(name, "int", truncate(s))
	}
	if n < int64(lo) || n > int64(hi) {
		return 0, domain.BadParam(name, rangeWant(lo, hi), s)
	}
	return int(n), nil
}

func rangeWant(lo, hi int) string {
	return "int in [" + strconv.Itoa(lo) + ", " + strconv.Itoa(hi) + "]"
}

// Bool01 returns name as a boolean switch: 0/1 (Sina's convention), also
// true/false in any case (forcelogin, needcount). def when absent.
func (p Params) Bool01(name string, def bool) (bool, error) {
	p.note(name, ReadBool01)
	s, ok := p.number(name)
	if !ok {
		return def, nil
	}
	switch strings.ToLower(s) {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, domain.BadParam(name, "0 or 1", truncate(s))
}

// Enum returns name if it is one of allowed (exact match), def when absent.
func (p Params) Enum(name, def string, allowed ...string) (string, error) {
	p.note(name, ReadEnum)
	s, ok := p.number(name)
	if !ok {
		return def, nil
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", domain.BadParam(name, "one of "+strings.Join(allowed, ","), truncate(s))
}

// Int64List reads a comma-separated list of positive int64 ids. Elements are
// trimmed, duplicates are dropped keeping the first occurrence, and an empty
// element ("1,,2", "1,") is BadParam. More than limit distinct ids is a
// KindInvalid ReasonIDsTooMany error. Absent yields nil: the caller decides
// whether that is IDsEmpty, UIDMissing or fine.
func (p Params) Int64List(name string, limit int) ([]int64, error) {
	p.note(name, ReadInt64List)
	raw, ok := p.number(name)
	if !ok {
		return nil, nil
	}
	limit = max(limit, 0)
	parts := strings.Split(raw, ",")
	out := make([]int64, 0, min(len(parts), limit))
	seen := make(map[int64]struct{}, len(out))
	for _, part := range parts {
		part = strings.TrimSpace(part)
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n <= 0 {
			return nil, domain.BadParam(name, "comma-separated positive int64 ids", truncate(part))
		}
		if _, dup := seen[n]; dup {
			continue
		}
		if len(out) >= limit {
			return nil, tooMany(name, limit)
		}
		seen[n] = struct{}{}
		out = append(out, n)
	}
	return out, nil
}

// StringList reads a comma-separated list of non-empty strings with the same
// rules as Int64List (trimmed, deduplicated in order, no empty elements, at
// most limit).
func (p Params) StringList(name string, limit int) ([]string, error) {
	p.note(name, ReadStringList)
	raw, ok := p.number(name)
	if !ok {
		return nil, nil
	}
	limit = max(limit, 0)
	parts := strings.Split(raw, ",")
	out := make([]string, 0, min(len(parts), limit))
	seen := make(map[string]struct{}, len(out))
	for _, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, domain.BadParam(name, "comma-separated non-empty values", truncate(raw))
		}
		if _, dup := seen[part]; dup {
			continue
		}
		if len(out) >= limit {
			return nil, tooMany(name, limit)
		}
		seen[part] = struct{}{}
		out = append(out, part)
	}
	return out, nil
}

func tooMany(name string, limit int) *domain.Error {
	e := domain.E(domain.KindInvalid, domain.ReasonIDsTooMany, "parameter "+name+": more than "+strconv.Itoa(limit)+" values")
	e.Param = name
	e.Want = "at most " + strconv.Itoa(limit) + " values"
	return e
}

// Float returns name as a finite float64; ok is false when absent.
func (p Params) Float(name string) (v float64, ok bool, err error) {
	p.note(name, ReadFloat)
	s, present := p.number(name)
	if !present {
		return 0, false, nil
	}
	f, perr := strconv.ParseFloat(s, 64)
	if perr != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, domain.BadParam(name, "float", truncate(s))
	}
	return f, true, nil
}

// FloatIn is Float restricted to [lo, hi].
func (p Params) FloatIn(name string, lo, hi float64) (v float64, ok bool, err error) {
	f, ok, err := p.Float(name)
	if err != nil || !ok {
		return 0, ok, err
	}
	if f < lo || f > hi {
		return 0, false, domain.BadParam(name, "float in ["+strconv.FormatFloat(lo, 'g', -1, 64)+", "+
			strconv.FormatFloat(hi, 'g', -1, 64)+"]", truncate(strings.TrimSpace(p.v.Get(name))))
	}
	return f, true, nil
}

// Lat reads a latitude in [-90, 90].
func (p Params) Lat(name string) (float64, bool, error) { return p.FloatIn(name, -90, 90) }

// Long reads a longitude in [-180, 180].
func (p Params) Long(name string) (float64, bool, error) { return p.FloatIn(name, -180, 180) }

// Callback reads a JSONP callback name: absent yields "", anything but
// dot-separated ASCII JavaScript identifiers (at most 128 bytes) is BadParam.
func (p Params) Callback(name string) (string, error) {
	p.note(name, ReadCallback)
	s := p.v.Get(name)
	if s == "" {
		return "", nil
	}
	if !ValidCallback(s) {
		return "", domain.BadParam(name, "a javascript identifier", truncate(s))
	}
	return s, nil
}

// truncate bounds a value echoed back in an error, on a rune boundary.
func truncate(s string) string {
	if len(s) <= maxGot {
		return s
	}
	cut := maxGot
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
