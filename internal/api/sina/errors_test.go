package sina

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/weibo-server/weibo/internal/domain"
)

func TestErrorTableComplete(t *testing.T) {
	for _, k := range domain.Kinds() {
		row, ok := errKinds[k]
		if !ok {
			t.Errorf("kind %v has no generic row", k)
			continue
		}
		checkErrorRow(t, k.String(), row)
	}
	for reason, kind := range domain.Reasons() {
		row, ok := errReasons[reason]
		if !ok {
			t.Errorf("reason %q (kind %v) has no row", reason, kind)
			continue
		}
		checkErrorRow(t, string(reason), row)
		// The reason's row wins over its kind's.
		code, _, _ := Lookup(domain.E(kind, reason, "x"))
		if code != row.code {
			t.Errorf("Lookup(%q) = %d, want %d", reason, code, row.code)
		}
	}
	for reason := range errReasons {
		if _, ok := domain.Reasons()[reason]; !ok {
			t.Errorf("row for unknown reason %q", reason)
		}
	}
}

func checkErrorRow(t *testing.T, name string, row errRow) {
	t.Helper()
	if row.code < 10001 || row.code > 21999 || row.msg == "" || row.oauth == "" {
		t.Errorf("%s: incomplete row %+v", name, row)
	}
	if http.StatusText(row.status) == "" || row.status < 400 {
		t.Errorf("%s: bad HTTP status %d", name, row.status)
	}
	if want := errorStatusRule(row.code); want != 0 && want != row.status {
		t.Errorf("%s: code %d has HTTP status %d, errors.md §1 suggests %d", name, row.code, row.status, want)
	}
}

// errorStatusRule is errors.md §1's inferred status for the codes it names
// (0 = not named there, or deliberately decided otherwise in the table).
func errorStatusRule(code int) int {
	switch {
	case code == 10001:
		return 500
	case code == 10002 || code == 10009:
		return 503
	case code == 10020:
		return 404
	case code == 10021:
		return 405
	case code == 10004 || code == 10005 || code == 10014 || code >= 10022 && code <= 10024:
		return 403
	case code == 21301 || code == 21302 || code == 21327 || code == 21332:
		return 401
	}
	return 0
}

// TestErrorStringsMatchSpec reads ../shared/spec/sina-v2/errors.md (beside
// the repository) and checks every row's message against the spec's string
// for its code.
func TestErrorStringsMatchSpec(t *testing.T) {
	f, err := os.Open("../../../../shared/spec/sina-v2/errors.md")
	if err != nil {
		t.Skipf("spec not beside the repository: %v", err)
	}
	defer f.Close()
	spec := map[int][]string{}
	codeFirst := regexp.MustCompile(`^\| (\d{5}) \| ([^|]+?) \|`)
	stringFirst := regexp.MustCompile("^\\| `([a-z_]+)` \\| (\\d{5}) \\|")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m := codeFirst.FindStringSubmatch(line); m != nil {
			code, _ := strconv.Atoi(m[1])
			spec[code] = append(spec[code], m[2])
		} else if m := stringFirst.FindStringSubmatch(line); m != nil {
			code, _ := strconv.Atoi(m[2])
			spec[code] = append(spec[code], m[1])
		}
	}
	if len(spec) < 100 {
		t.Fatalf("parsed only %d codes from errors.md", len(spec))
	}
	geo := geoErrorCodes(t)
	check := func(name string, row errRow) {
		strs, ok := spec[row.code]
		if row.code/100 == 219 && geo[row.code] {
			// location.md's error2 table gives each geo code a meaning,
			// not an error string: the code must be there, the English
			// rendering is ours.
			return
		}
		if !ok {
			t.Errorf("%s: code %d is not in errors.md", name, row.code)
			return
		}
		for _, s := range strs {
			if s == row.msg {
				return
			}
		}
		t.Errorf("%s: code %d message %q, errors.md says %q", name, row.code, row.msg, strs)
	}
	for k, row := range errKinds {
		check(k.String(), row)
		if row.oauthCode != 0 {
			if strs := spec[row.oauthCode]; len(strs) == 0 || strs[0] != row.oauth {
				t.Errorf("%s: OAuth code %d / %q, errors.md says %q", k, row.oauthCode, row.oauth, strs)
			}
		}
	}
	for r, row := range errReasons {
		check(string(r), row)
	}
}

func TestErrorLookupStrings(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		msg    string
		status int
	}{
		{"missing param", domain.MissingParam("status"), 10016, "Miss required parameter (status) , see doc for more info", 400},
		{"bad param", domain.BadParam("count", "int", "abc"), 10017,
			"Parameter (count)'s value invalid, expect (int) , but get (abc) , see doc for more info", 400},
		{"bad param with %s in value", domain.BadParam("q", "int", "%s%d"), 10017,
			"Parameter (q)'s value invalid, expect (int) , but get (%s%d) , see doc for more info", 400},
		{"annotations defaults", domain.E(domain.KindInvalid, domain.ReasonAnnotations, "too long"), 10017,
			"Parameter (annotations)'s value invalid, expect (a JSON array of at most 512 characters) , but get (a longer value) , see doc for more info", 400},
		{"api rate limit", &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonAPIRateLimit, Param: "statuses/update"},
			10024, "User requests for (statuses/update) out of rate limit", 403},
		{"text too long", domain.E(domain.KindInvalid, domain.ReasonTextTooLong, ""), 20012,
			"Text too long, please input text less than 140 characters", 400},
		{"duplicate (Sina's typo)", domain.E(domain.KindConflict, domain.ReasonDuplicateText, ""), 20019, "Repeat conetnt", 400},
		{"target missing", domain.E(domain.KindInvalid, domain.ReasonTargetMissing, ""), 20502,
			"Please input right target user id or screen_name", 400},
		{"status not found", domain.E(domain.KindNotFound, domain.ReasonStatusNotFound, ""), 20101, "Target weibo does not exist", 400},
		{"user not found", domain.E(domain.KindNotFound, domain.ReasonUserNotFound, ""), 20003, "User does not exists", 400},
		{"not own", domain.E(domain.KindForbidden, domain.ReasonNotOwnStatus, ""), 20102, "Not your own weibo", 403},
		{"no credentials", domain.E(domain.KindUnauthenticated, domain.ReasonNoCredentials, ""), 10006, "Source paramter (appkey) is missing", 401},
		{"token invalid", domain.E(domain.KindUnauthenticated, domain.ReasonTokenInvalid, ""), 21332, "invalid_access_token", 401},
		{"token expired", domain.E(domain.KindUnauthenticated, domain.ReasonTokenExpired, ""), 21327, "expired_token", 401},
		{"scope", domain.E(domain.KindForbidden, domain.ReasonScope, ""), 10014, "Insufficient app permissions", 403},
		{"api not found", domain.E(domain.KindNotFound, domain.ReasonNotFoundAPI, ""), 10020, "Request api not found", 404},
		{"bad method", domain.E(domain.KindInvalid, domain.ReasonBadMethod, ""), 10021, "HTTP method is not suported for this request", 405},
		{"body too large", domain.E(domain.KindTooLarge, domain.ReasonBodyTooLarge, ""), 10018, "Request body length over limit", 413},
		{"ip limit", domain.E(domain.KindRateLimited, domain.ReasonIPRateLimit, ""), 10022, "IP requests out of rate limit", 403},
		{"invalid category", domain.E(domain.KindInvalid, domain.ReasonInvalidCategory, ""), 21702, "Invalid category", 400},
		// Generic rows.
		{"generic invalid", domain.E(domain.KindInvalid, "", "whatever"), 10008, "Param error, see doc for more info", 400},
		{"generic not found", domain.ErrNotFound, 10008, "Param error, see doc for more info", 400},
		{"generic conflict", domain.ErrConflict, 20606, "Object already exists", 400},
		{"generic forbidden", domain.E(domain.KindForbidden, "", ""), 10012, "Illegal request", 403},
		{"generic unauthenticated", domain.E(domain.KindUnauthenticated, "", ""), 21301, "Auth faild", 401},
		{"generic rate limit", domain.E(domain.KindRateLimited, "", ""), 10023, "User requests out of rate limit", 403},
		{"unavailable", domain.E(domain.KindUnavailable, "", "db down"), 10002, "Service unavailable", 503},
		{"plain error", errors.New("boom"), 10001, "System error", 500},
		{"nil error", nil, 10001, "System error", 500},
		{"wrapped", fmt.Errorf("ctx: %w", domain.MissingParam("uid")), 10016, "Miss required parameter (uid) , see doc for more info", 400},
		{"unknown reason falls back to kind", domain.E(domain.KindNotFound, "no_such_reason", ""), 10008, "Param error, see doc for more info", 400},
		{"unknown kind is internal", domain.E(domain.Kind(99), "", ""), 10001, "System error", 500},
	}
	for _, tt := range tests {
		code, msg, status := Lookup(tt.err)
		if code != tt.code || msg != tt.msg || status != tt.status {
			t.Errorf("%s: Lookup = %d %q %d, want %d %q %d", tt.name, code, msg, status, tt.code, tt.msg, tt.status)
		}
	}
}

func TestWriteErrorEnvelope(t *testing.T) {
	r := httptest.NewRequest("GET", "/2/statuses/home_timeline.json?access_token=x", nil)
	w := httptest.NewRecorder()
	WriteError(w, r, domain.E(domain.KindInvalid, domain.ReasonTargetMissing, "x"), discardLogger())
	if w.Code != 400 || w.Header().Get("Content-Type") != "application/json;charset=UTF-8" {
		t.Errorf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"error": "Please input right target user id or screen_name", "error_code": float64(20502),
		"request": "/2/statuses/home_timeline.json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("envelope (-want +got):\n%s", diff)
	}

	w = httptest.NewRecorder()
	WriteError(w, r, domain.E(domain.KindUnauthenticated, domain.ReasonTokenInvalid, ""), discardLogger())
	if w.Code != 401 || w.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("401 without challenge: %d %v", w.Code, w.Header())
	}

	// A limit that lifts by itself says when, in whole seconds rounded up.
	w = httptest.NewRecorder()
	WriteError(w, r, &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonIPRateLimit, RetryAfter: 1500 * time.Millisecond}, discardLogger())
	if w.Code != 403 || w.Header().Get("Retry-After") != "2" {
		t.Errorf("rate limit: %d Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	w = httptest.NewRecorder()
	WriteOAuthError(w, r, &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonPasswordRateLimit, RetryAfter: time.Minute})
	if w.Header().Get("Retry-After") != "60" {
		t.Errorf("OAuth rate limit: Retry-After %q", w.Header().Get("Retry-After"))
	}
}

func TestWriteErrorInternalNotLeaked(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	r := httptest.NewRequest("POST", "/2/statuses/update.json", nil)
	w := httptest.NewRecorder()
	w.Header().Set("X-Request-Id", "req-123")
	secret := errors.New("pq: password authentication failed for user weibo at 10.1.2.3")
	WriteError(w, r, domain.Errf(secret, "load user %d", 42), log)

	if w.Code != 500 {
		t.Errorf("status %d", w.Code)
	}
	var body ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body != (ErrorBody{Error: "System error", ErrorCode: 10001, Request: "/2/statuses/update.json"}) {
		t.Errorf("body = %+v", body)
	}
	if strings.Contains(w.Body.String(), "10.1.2.3") || strings.Contains(w.Body.String(), "load user") {
		t.Errorf("internal detail leaked: %s", w.Body.String())
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one log line, got %d: %s", len(lines), logs.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["level"] != "ERROR" || rec["request_id"] != "req-123" || !strings.Contains(fmt.Sprint(rec["err"]), "10.1.2.3") ||
		rec["path"] != "/2/statuses/update.json" {
		t.Errorf("log record = %v", rec)
	}

	// Ordinary client errors are not logged.
	logs.Reset()
	WriteError(httptest.NewRecorder(), r, domain.MissingParam("status"), log)
	if logs.Len() != 0 {
		t.Errorf("client error logged: %s", logs.String())
	}

	// A request whose client hung up fails with its context's error: that
	// is not logged as an error (only at debug level).
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	gone := r.WithContext(ctx)
	WriteError(httptest.NewRecorder(), gone, fmt.Errorf("app of token: %w", context.Canceled), log)
	if logs.Len() != 0 {
		t.Errorf("client hang-up logged: %s", logs.String())
	}
	// The same error while the client is still there is a real failure.
	WriteError(httptest.NewRecorder(), r, fmt.Errorf("app of token: %w", context.Canceled), log)
	if !strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("cancellation with a live client not logged: %q", logs.String())
	}
}

func TestWriteOAuthError(t *testing.T) {
	r := httptest.NewRequest("POST", "/oauth2/access_token", nil)
	w := httptest.NewRecorder()
	WriteOAuthErrorLog(w, r, domain.E(domain.KindInvalid, domain.ReasonInvalidGrant, "invalid authorization code:abc"), discardLogger())
	var body ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	want := ErrorBody{Error: "invalid_grant", ErrorCode: 21325, Request: "/oauth2/access_token",
		ErrorURI: "/oauth2/access_token", ErrorDescription: "invalid authorization code:abc"}
	if body != want || w.Code != 400 {
		t.Errorf("got %d %+v, want %+v", w.Code, body, want)
	}

	tests := []struct {
		err    error
		oauth  string
		code   int
		desc   string
		status int
	}{
		{domain.E(domain.KindUnauthenticated, domain.ReasonInvalidClient, "bad secret"), "invalid_client", 21324, "bad secret", 401},
		{domain.E(domain.KindInvalid, domain.ReasonRedirectMismatch, ""), "redirect_uri_mismatch", 21322, "redirect_uri_mismatch", 400},
		{domain.E(domain.KindUnauthenticated, domain.ReasonBadPassword, ""), "invalid_grant", 21302, "Username or password error", 401},
		{domain.MissingParam("client_id"), "invalid_request", 10016, "missing required parameter client_id", 400},
		{domain.E(domain.KindUnavailable, "", "nats: no responders"), "temporarily_unavailable", 21331, "Service unavailable", 503},
		{errors.New("secret detail"), "server_error", 10001, "System error", 500},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		WriteOAuthErrorLog(w, r, tt.err, discardLogger())
		var body ErrorBody
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if body.Error != tt.oauth || body.ErrorCode != tt.code || body.ErrorDescription != tt.desc || w.Code != tt.status {
			t.Errorf("%v: got %d %+v, want %s %d %q %d", tt.err, w.Code, body, tt.oauth, tt.code, tt.desc, tt.status)
		}
	}
}

func TestOAuthRedirectParamsError(t *testing.T) {
	q := OAuthRedirectParams(domain.E(domain.KindForbidden, domain.ReasonAccessDenied, "user denied"))
	want := "error=access_denied&error_code=21330&error_description=user+denied"
	if got := q.Encode(); got != want {
		t.Errorf("params %q, want %q", got, want)
	}
	q = OAuthRedirectParams(errors.New("db exploded"))
	if q.Get("error") != "server_error" || q.Get("error_code") != "10001" || strings.Contains(q.Encode(), "exploded") {
		t.Errorf("internal error params %v", q)
	}
}

func TestPanicResponderError(t *testing.T) {
	for path, oauth := range map[string]bool{"/2/statuses/update.json": false, "/oauth2/access_token": true, "/2/oauth2/authorize": true} {
		w := httptest.NewRecorder()
		PanicResponder(w, httptest.NewRequest("POST", path, nil))
		var body ErrorBody
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		want := ErrorBody{Error: "System error", ErrorCode: 10001, Request: path}
		if oauth {
			want = ErrorBody{Error: "server_error", ErrorCode: 10001, Request: path, ErrorURI: path, ErrorDescription: "System error"}
		}
		if w.Code != 500 || body != want {
			t.Errorf("%s: %d %+v, want %+v", path, w.Code, body, want)
		}
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// geoErrorCodes reads the codes of location.md's "location/error2" table (the
// v2 geo errors, 219xx), beside errors.md.
func geoErrorCodes(t *testing.T) map[int]bool {
	t.Helper()
	b, err := os.ReadFile("../../../../shared/spec/sina-v2/location.md")
	if err != nil {
		t.Fatalf("location.md: %v", err)
	}
	_, table, ok := strings.Cut(string(b), "### location/error2")
	if !ok {
		t.Fatal("location.md has no location/error2 section")
	}
	table, _, _ = strings.Cut(table, "\n### ")
	codes := map[int]bool{}
	row := regexp.MustCompile(`(?m)^\| (219\d\d) \|`)
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		code, _ := strconv.Atoi(m[1])
		codes[code] = true
	}
	if len(codes) < 15 {
		t.Fatalf("parsed only %d geo codes from location.md", len(codes))
	}
	return codes
}
