package sina

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
)

// ErrorBody is the Sina error envelope (errors.md §1). ErrorURI and
// ErrorDescription are only set on /oauth2/* endpoints.
type ErrorBody struct {
	Error            string `json:"error"`
	ErrorCode        int    `json:"error_code"`
	Request          string `json:"request"`
	ErrorURI         string `json:"error_uri,omitempty"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// errRow is one line of the error table.
type errRow struct {
	code   int
	msg    string // errors.md "error string"; %s placeholders filled from the error
	status int    // HTTP status (errors.md §1, inferred)
	oauth  string // the OAuth2 "error" string on /oauth2/* endpoints
	// oauthCode, when set, replaces code on /oauth2/* endpoints.
	oauthCode int
	// defaults for the %s placeholders when the error leaves them empty.
	param, want, got string
}

// errKinds is the generic row of each kind: the answer to an error whose
// reason is empty, or whose reason has no row of its own.
var errKinds = map[domain.Kind]errRow{
	domain.KindInternal: {code: 10001, msg: "System error", status: 500, oauth: "server_error"},
	domain.KindInvalid:  {code: 10008, msg: "Param error, see doc for more info", status: 400, oauth: "invalid_request"},
	// A generic authentication failure: Sina's catch-all token error.
	domain.KindUnauthenticated: {code: 21301, msg: "Auth faild", status: 401, oauth: "invalid_client"},
	// 10005 and 10014 both blame the app key's permissions, which would send a
	// developer after the wrong problem; 10012 is the one system code that
	// says "not allowed" without claiming a cause.
	domain.KindForbidden: {code: 10012, msg: "Illegal request", status: 403, oauth: "access_denied"},
	// No generic "not found" exists: 20003 names users and 10020 means the API
	// path. An object the request names does not exist: a parameter error.
	domain.KindNotFound: {code: 10008, msg: "Param error, see doc for more info", status: 400, oauth: "invalid_request"},
	// "Object already exists" (the groups module's code) is the only generic
	// duplicate message in the table.
	domain.KindConflict:    {code: 20606, msg: "Object already exists", status: 400, oauth: "invalid_request"},
	domain.KindTooLarge:    {code: 10018, msg: "Request body length over limit", status: 413, oauth: "invalid_request"},
	domain.KindRateLimited: {code: 10023, msg: "User requests out of rate limit", status: 403, oauth: "temporarily_unavailable"},
	domain.KindUnavailable: {code: 10002, msg: "Service unavailable", status: 503, oauth: "temporarily_unavailable", oauthCode: 21331},
}

// errReasons maps each reason to its Sina code.
var errReasons = map[domain.Reason]errRow{
	// Parameters.
	domain.ReasonMissingParam: {code: 10016, msg: "Miss required parameter (%s) , see doc for more info", status: 400, oauth: "invalid_request"},
	domain.ReasonBadParam:     {code: 10017, msg: "Parameter (%s)'s value invalid, expect (%s) , but get (%s) , see doc for more info", status: 400, oauth: "invalid_request"},
	domain.ReasonIDsEmpty:     {code: 20001, msg: "IDs is null", status: 400, oauth: "invalid_request"},
	domain.ReasonIDsTooMany:   {code: 20009, msg: "IDs is too many", status: 400, oauth: "invalid_request"},
	domain.ReasonUIDMissing:   {code: 20002, msg: "Uid parameter is null", status: 400, oauth: "invalid_request"},
	domain.ReasonBodyTooLarge: {code: 10018, msg: "Request body length over limit", status: 413, oauth: "invalid_request"},
	domain.ReasonNotFoundAPI:  {code: 10020, msg: "Request api not found", status: 404, oauth: "invalid_request"},
	domain.ReasonBadMethod:    {code: 10021, msg: "HTTP method is not suported for this request", status: 405, oauth: "invalid_request"},

	// Content.
	domain.ReasonTextEmpty:     {code: 20008, msg: "Content is null", status: 400, oauth: "invalid_request"},
	domain.ReasonTextTooLong:   {code: 20012, msg: "Text too long, please input text less than 140 characters", status: 400, oauth: "invalid_request"},
	domain.ReasonDuplicateText: {code: 20019, msg: "Repeat conetnt", status: 400, oauth: "invalid_request"},
	// No code of its own: a 10017 about the annotations parameter (README §9).
	domain.ReasonAnnotations: {code: 10017, msg: "Parameter (%s)'s value invalid, expect (%s) , but get (%s) , see doc for more info",
		status: 400, oauth: "invalid_request", param: "annotations", want: "a JSON array of at most 512 characters", got: "a longer value"},

	// Statuses and comments.
	domain.ReasonStatusNotFound:   {code: 20101, msg: "Target weibo does not exist", status: 400, oauth: "invalid_request"},
	domain.ReasonNotOwnStatus:     {code: 20102, msg: "Not your own weibo", status: 403, oauth: "access_denied"},
	domain.ReasonRepostOwn:        {code: 20103, msg: "Can't repost yourself weibo", status: 403, oauth: "access_denied"},
	domain.ReasonStatusIDMissing:  {code: 20109, msg: "Weibo id is null", status: 400, oauth: "invalid_request"},
	domain.ReasonCommentNotFound:  {code: 20201, msg: "Target weibo comment does not exist", status: 400, oauth: "invalid_request"},
	domain.ReasonNotOwnComment:    {code: 20203, msg: "Not your own comment", status: 403, oauth: "access_denied"},
	domain.ReasonCommentIDMissing: {code: 20204, msg: "Comment id is null", status: 400, oauth: "invalid_request"},

	// Users and relationships.
	domain.ReasonUserNotFound:     {code: 20003, msg: "User does not exists", status: 400, oauth: "invalid_request"},
	domain.ReasonDomainNotFound:   {code: 20401, msg: "Domain not exist", status: 400, oauth: "invalid_request"},
	domain.ReasonFriendshipUsers:  {code: 20501, msg: "Source_user or target_user does not exists", status: 400, oauth: "invalid_request"},
	domain.ReasonTargetMissing:    {code: 20502, msg: "Please input right target user id or screen_name", status: 400, oauth: "invalid_request"},
	domain.ReasonFollowSelf:       {code: 20504, msg: "Can not follow yourself", status: 403, oauth: "access_denied"},
	domain.ReasonFollowRateLimit:  {code: 20505, msg: "Social graph updates out of rate limit", status: 403, oauth: "temporarily_unavailable"},
	domain.ReasonAlreadyFollowed:  {code: 20506, msg: "Already followed", status: 400, oauth: "invalid_request"},
	domain.ReasonPrivacyForbidden: {code: 20508, msg: "According to user privacy settings,you can not do this", status: 403, oauth: "access_denied"},
	domain.ReasonFriendLimit:      {code: 20513, msg: "Friend count is out of limit!", status: 403, oauth: "access_denied"},
	domain.ReasonNotFollowed:      {code: 20522, msg: "Not followed", status: 400, oauth: "invalid_request"},
	domain.ReasonListNotFound:     {code: 20603, msg: "List does not exists", status: 400, oauth: "invalid_request"},
	// Blocks (errors.md §2: 20508, 20512 and the 209xx blacklist codes).
	domain.ReasonBlockedBy:      {code: 20508, msg: "According to user privacy settings,you can not do this", status: 403, oauth: "access_denied"},
	domain.ReasonUnblockFirst:   {code: 20512, msg: "Please delete the user from you blacklist before you follow the user", status: 403, oauth: "access_denied"},
	domain.ReasonAlreadyBlocked: {code: 20901, msg: "Error: in blacklist", status: 400, oauth: "invalid_request"},
	domain.ReasonBlockLimit:     {code: 20902, msg: "Error: Blacklist limit has been reached.", status: 403, oauth: "access_denied"},
	domain.ReasonBlockSelf:      {code: 20904, msg: "Error: Can not add yourself to the blacklist.", status: 400, oauth: "invalid_request"},
	domain.ReasonNotBlocked:     {code: 20905, msg: "Error: not in blacklist", status: 400, oauth: "invalid_request"},
	// Friend groups (errors.md §2, 206xx).
	domain.ReasonNeedFollow:      {code: 20503, msg: "Need you follow user_id", status: 403, oauth: "access_denied"},
	domain.ReasonListNameTooLong: {code: 20601, msg: "List name too long, please input text less than 10 characters", status: 400, oauth: "invalid_request"},
	domain.ReasonListDescTooLong: {code: 20602, msg: "List description too long, please input text less than 70 characters", status: 400, oauth: "invalid_request"},
	domain.ReasonListNotOwner:    {code: 20604, msg: "Only the owner has the authority", status: 403, oauth: "access_denied"},
	domain.ReasonListIllegal:     {code: 20605, msg: "Illegal list name or list description", status: 400, oauth: "invalid_request"},
	domain.ReasonListMemberTaken: {code: 20606, msg: "Object already exists", status: 400, oauth: "invalid_request"},
	domain.ReasonListNameTaken:   {code: 20608, msg: "List name duplicate", status: 400, oauth: "invalid_request"},
	domain.ReasonListTooMany:     {code: 20614, msg: "Too many lists, see doc for more info", status: 403, oauth: "access_denied"},
	domain.ReasonListFull:        {code: 20615, msg: "Too many members, see doc for more info", status: 403, oauth: "access_denied"},
	domain.ReasonBadDomain:       {code: 21101, msg: "Domain parameter is error", status: 400, oauth: "invalid_request"},

	// Authentication (errors.md §4 recommendation: no credentials 10006,
	// unknown token 21332, expired token 21327, missing scope or level 10014).
	// 10006 answers an unauthenticated call, so it is a 401 like the 213xx.
	domain.ReasonNoCredentials:     {code: 10006, msg: "Source paramter (appkey) is missing", status: 401, oauth: "invalid_request"},
	domain.ReasonAuthFailed:        {code: 21301, msg: "Auth faild", status: 401, oauth: "invalid_client"},
	domain.ReasonBadPassword:       {code: 21302, msg: "Username or password error", status: 401, oauth: "invalid_grant"},
	domain.ReasonPasswordRateLimit: {code: 21303, msg: "Username and pwd auth out of rate limit", status: 403, oauth: "temporarily_unavailable"},
	domain.ReasonTokenInvalid:      {code: 21332, msg: "invalid_access_token", status: 401, oauth: "invalid_access_token"},
	domain.ReasonTokenExpired:      {code: 21327, msg: "expired_token", status: 401, oauth: "expired_token"},
	domain.ReasonInsecureTransport: {code: 21320, msg: "OAuth2 must use https", status: 403, oauth: "invalid_request"},
	domain.ReasonScope:             {code: 10014, msg: "Insufficient app permissions", status: 403, oauth: "access_denied"},
	domain.ReasonAppLevel:          {code: 10014, msg: "Insufficient app permissions", status: 403, oauth: "access_denied"},
	// The signed-request gates are Xweibo's; should one reach Sina it is a
	// failed authentication, or 10004 for an address refused.
	domain.ReasonStaleTime:    {code: 21301, msg: "Auth faild", status: 401, oauth: "invalid_client"},
	domain.ReasonNotBound:     {code: 21301, msg: "Auth faild", status: 401, oauth: "invalid_client"},
	domain.ReasonIPNotAllowed: {code: 10004, msg: "IP limit", status: 403, oauth: "access_denied"},

	// OAuth2 (errors.md §4): the OAuth string is the message; HTTP statuses as
	// RFC 6749 §5.2 gives them (invalid_client 401, the rest 400).
	domain.ReasonRedirectMismatch:   {code: 21322, msg: "redirect_uri_mismatch", status: 400, oauth: "redirect_uri_mismatch"},
	domain.ReasonInvalidRequest:     {code: 21323, msg: "invalid_request", status: 400, oauth: "invalid_request"},
	domain.ReasonUnknownAppKey:      {code: 21311, msg: "Consumer key unknown", status: 401, oauth: "invalid_client"},
	domain.ReasonInvalidClient:      {code: 21324, msg: "invalid_client", status: 401, oauth: "invalid_client"},
	domain.ReasonInvalidGrant:       {code: 21325, msg: "invalid_grant", status: 400, oauth: "invalid_grant"},
	domain.ReasonUnauthorizedClient: {code: 21326, msg: "unauthorized_client", status: 400, oauth: "unauthorized_client"},
	domain.ReasonUnsupportedGrant:   {code: 21328, msg: "unsupported_grant_type", status: 400, oauth: "unsupported_grant_type"},
	domain.ReasonUnsupportedResp:    {code: 21329, msg: "unsupported_response_type", status: 400, oauth: "unsupported_response_type"},
	domain.ReasonAccessDenied:       {code: 21330, msg: "access_denied", status: 403, oauth: "access_denied"},

	// Limits.
	domain.ReasonIPRateLimit:   {code: 10022, msg: "IP requests out of rate limit", status: 403, oauth: "temporarily_unavailable"},
	domain.ReasonUserRateLimit: {code: 10023, msg: "User requests out of rate limit", status: 403, oauth: "temporarily_unavailable"},
	domain.ReasonAPIRateLimit:  {code: 10024, msg: "User requests for (%s) out of rate limit", status: 403, oauth: "temporarily_unavailable"},

	// Remind.
	domain.ReasonInvalidCategory: {code: 21702, msg: "Invalid category", status: 400, oauth: "invalid_request"},

	// Pictures (errors.md §3, 200xx; the error strings keep Sina's spelling).
	domain.ReasonImageType:     {code: 20005, msg: "Unsupported image type, only suport JPG, GIF, PNG", status: 400, oauth: "invalid_request"},
	domain.ReasonImageTooLarge: {code: 20006, msg: "Image size too large", status: 400, oauth: "invalid_request"},
	domain.ReasonImageMissing:  {code: 20007, msg: "Does multipart has image", status: 400, oauth: "invalid_request"},
	// A picture URL that could not be fetched: the remote side failed.
	domain.ReasonRemoteFetch: {code: 10003, msg: "Remote service error", status: 502, oauth: "temporarily_unavailable"},

	// Favourite tags (errors.md §3, 207xx).
	domain.ReasonTagRepeated: {code: 20701, msg: "Repeated tag text", status: 400, oauth: "invalid_request"},
	domain.ReasonTagTooMany:  {code: 20702, msg: "Tags is too many", status: 400, oauth: "invalid_request"},
	domain.ReasonTagIllegal:  {code: 20703, msg: "Illegal tag name", status: 400, oauth: "invalid_request"},
	// Trends (errors.md §3, 208xx).
	domain.ReasonTrendNameNull: {code: 20801, msg: "Trend_name is null", status: 400, oauth: "invalid_request"},
	domain.ReasonTrendIDNull:   {code: 20802, msg: "Trend_id is null", status: 400, oauth: "invalid_request"},
	// Short links (errors.md §3, 215xx).
	domain.ReasonURLsNull:    {code: 21501, msg: "Urls is null", status: 400, oauth: "invalid_request"},
	domain.ReasonURLsTooMany: {code: 21502, msg: "Urls is too many", status: 400, oauth: "invalid_request"},
	domain.ReasonURLNull:     {code: 21504, msg: "Url is null", status: 400, oauth: "invalid_request"},
	// Status and user tags (errors.md §3, 210xx).
	domain.ReasonTagsNull:   {code: 21001, msg: "Tags parameter is null", status: 400, oauth: "invalid_request"},
	domain.ReasonTagTooLong: {code: 21002, msg: "Tags name too long", status: 400, oauth: "invalid_request"},

	// Places and location (location.md, location/error2: 219xx).
	domain.ReasonGeoBadCoordinate: {code: 21906, msg: "Illegal longitude or latitude: parameter (%s), expect (%s), but get (%s)",
		status: 400, oauth: "invalid_request", want: "lng,lat"},
	domain.ReasonGeoBadIP: {code: 21905, msg: "Illegal IP address: parameter (%s), expect (%s), but get (%s)", status: 400, oauth: "invalid_request", param: "ip", want: "IPv4 addresses"},
	domain.ReasonGeoOutOfRange: {code: 21907, msg: "Coordinate out of range: parameter (%s), expect (%s), but get (%s)",
		status: 400, oauth: "invalid_request", want: "degrees within the globe"},
	domain.ReasonGeoNoData: {code: 21903, msg: "No data to return", status: 400, oauth: "invalid_request"},
	// What needs a road, transit or cell-tower database: none ships with
	// the server, and none is invented.
	domain.ReasonGeoNoService: {code: 21903, msg: "No data to return: (%s) needs %s, which this server does not have",
		status: 400, oauth: "invalid_request", want: "a data set"},
	// Param carries what went wrong with the router (an HTTP status, a timeout).
	domain.ReasonGeoUpstream:   {code: 21909, msg: "Remote service error: the routing service failed (%s)", status: 502, oauth: "temporarily_unavailable", param: "no answer"},
	domain.ReasonGeoNeedCenter: {code: 21910, msg: "Need at least city or the centre coordinate", status: 400, oauth: "invalid_request"},
	domain.ReasonGeoBadCity:    {code: 21918, msg: "Illegal city code: parameter (%s), expect (%s), but get (%s)", status: 400, oauth: "invalid_request", param: "city", want: "a 4-digit city code"},
	// No code of its own in errors.md or location.md: a 10017 about poiid.
	domain.ReasonPOINotFound: {code: 10017, msg: "Parameter (%s)'s value invalid, expect (%s) , but get (%s) , see doc for more info",
		status: 400, oauth: "invalid_request", param: "poiid", want: "the id of an existing place", got: "the id of no place"},
}

// errRowFor picks the row for a domain error: its reason's row, else its
// kind's generic row, else (an unknown kind) the internal row.
func errRowFor(de *domain.Error) errRow {
	if row, ok := errReasons[de.Reason]; ok {
		return row
	}
	if row, ok := errKinds[de.Kind]; ok {
		return row
	}
	return errKinds[domain.KindInternal]
}

// errMessage fills the row's %s placeholders, in order, from Param, Want and
// Got (or the row's defaults). The values are substituted as plain text.
func errMessage(row errRow, de *domain.Error) string {
	if !strings.Contains(row.msg, "%s") {
		return row.msg
	}
	args := []string{orDefault(de.Param, row.param), orDefault(de.Want, row.want), orDefault(de.Got, row.got)}
	var b strings.Builder
	rest := row.msg
	for i := 0; ; i++ {
		before, after, found := strings.Cut(rest, "%s")
		b.WriteString(before)
		if !found {
			break
		}
		if i < len(args) {
			b.WriteString(args[i])
		}
		rest = after
	}
	return b.String()
}

func orDefault(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// asDomainError is domain.AsError that also turns a nil error (a caller bug)
// into an internal one.
func asDomainError(err error) *domain.Error {
	if err == nil {
		return &domain.Error{Kind: domain.KindInternal, Msg: "sina: error writer called with a nil error"}
	}
	return domain.AsError(err)
}

// Lookup maps err to its Sina error code, English message and HTTP status.
// Errors that are not *domain.Error are internal (10001 "System error").
func Lookup(err error) (code int, msg string, httpStatus int) {
	de := asDomainError(err)
	row := errRowFor(de)
	return row.code, errMessage(row, de), row.status
}

// WriteError answers an API call (/2/...) with the Sina error envelope, request
// = the request path. Internal errors are logged here, once, with the request
// ID (the X-Request-Id the server middleware put on the response, else the
// request's); the client sees only "System error". Unavailable errors are
// logged as warnings. A nil log means slog.Default().
func WriteError(w http.ResponseWriter, r *http.Request, err error, log *slog.Logger) {
	de := asDomainError(err)
	row := errRowFor(de)
	logEdgeError(r, w, de, err, row, log)
	body := ErrorBody{Error: errMessage(row, de), ErrorCode: row.code, Request: r.URL.Path}
	setRetryAfter(w, de)
	writeErrorBody(w, row.status, body)
}

// WriteOAuthError answers an /oauth2/* endpoint: error is the OAuth error
// string (invalid_grant, ...), error_uri the request path and
// error_description the error's Msg (for internal and unavailable errors,
// only the table's message). Internal errors are logged with slog.Default(); use
// WriteOAuthErrorLog to choose the logger.
func WriteOAuthError(w http.ResponseWriter, r *http.Request, err error) {
	WriteOAuthErrorLog(w, r, err, nil)
}

// WriteOAuthErrorLog is WriteOAuthError with the logger for internal errors
// (nil means slog.Default()).
func WriteOAuthErrorLog(w http.ResponseWriter, r *http.Request, err error, log *slog.Logger) {
	de := asDomainError(err)
	row := errRowFor(de)
	logEdgeError(r, w, de, err, row, log)
	code, errStr, desc := oauthFields(row, de)
	body := ErrorBody{Error: errStr, ErrorCode: code, Request: r.URL.Path, ErrorURI: r.URL.Path, ErrorDescription: desc}
	setRetryAfter(w, de)
	writeErrorBody(w, row.status, body)
}

// OAuthRedirectParams gives the query parameters with which oauth2/authorize
// reports err to the client's redirect_uri: error, error_code and
// error_description. The caller adds state.
func OAuthRedirectParams(err error) url.Values {
	de := asDomainError(err)
	code, errStr, desc := oauthFields(errRowFor(de), de)
	return url.Values{
		"error":             {errStr},
		"error_code":        {strconv.Itoa(code)},
		"error_description": {desc},
	}
}

// PanicResponder answers a request whose handler panicked, after the server
// has logged the panic: 10001 "System error", in the OAuth shape under
// /oauth2/ and /2/oauth2/, else in the API shape. It logs nothing.
func PanicResponder(w http.ResponseWriter, r *http.Request) {
	row := errKinds[domain.KindInternal]
	body := ErrorBody{Error: row.msg, ErrorCode: row.code, Request: r.URL.Path}
	if strings.HasPrefix(r.URL.Path, "/oauth2/") || strings.HasPrefix(r.URL.Path, "/2/oauth2/") {
		body.Error = row.oauth
		body.ErrorURI = r.URL.Path
		body.ErrorDescription = row.msg
	}
	writeErrorBody(w, row.status, body)
}

func oauthFields(row errRow, de *domain.Error) (code int, errStr, desc string) {
	code = row.code
	if row.oauthCode != 0 {
		code = row.oauthCode
	}
	desc = errMessage(row, de)
	// Internal and unavailable messages describe our insides: not for clients.
	if de.Kind != domain.KindInternal && de.Kind != domain.KindUnavailable && de.Msg != "" {
		desc = de.Msg
	}
	return code, row.oauth, desc
}

// setRetryAfter tells a client refused by a limit when to try again (RFC
// 9110 §10.2.3), in whole seconds rounded up.
func setRetryAfter(w http.ResponseWriter, de *domain.Error) {
	if de.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(retryAfterSeconds(de.RetryAfter), 10))
	}
}

func retryAfterSeconds(d time.Duration) int64 { return int64((d + time.Second - 1) / time.Second) }

func writeErrorBody(w http.ResponseWriter, status int, body ErrorBody) {
	if status == http.StatusUnauthorized {
		// Some HTTP stacks (older Android/Java HttpURLConnection) fail on a 401
		// without a challenge.
		w.Header().Set("WWW-Authenticate", `Bearer realm="weibo"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	_ = apiutil.WriteJSON(w, status, body) // the client is gone, or nothing to do
}

// logEdgeError logs internal (error) and unavailable (warning) errors at the
// edge, where the request ID is known.
func logEdgeError(r *http.Request, w http.ResponseWriter, de *domain.Error, err error, row errRow, log *slog.Logger) {
	level := slog.LevelError
	switch {
	case de.Kind == domain.KindInternal || row.code == 10001:
	case de.Kind == domain.KindUnavailable:
		level = slog.LevelWarn
	default:
		return
	}
	if log == nil {
		log = slog.Default()
	}
	if err == nil {
		err = de
	}
	if r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// The client hung up mid-request: nothing failed on our side, and
		// nobody reads the answer. Not worth an operator's attention.
		level = slog.LevelDebug
	}
	log.LogAttrs(r.Context(), level, "api error",
		slog.String("dialect", "sina"),
		slog.String("request_id", requestID(w, r)),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("error_code", row.code),
		slog.String("kind", de.Kind.String()),
		slog.Any("err", err),
	)
}

// requestID reads the request ID without importing the server: the server's
// middleware validates it and sets it on the response header (and on the
// request, for handlers that run before anything is written).
func requestID(w http.ResponseWriter, r *http.Request) string {
	if id := w.Header().Get("X-Request-Id"); id != "" {
		return id
	}
	return r.Header.Get("X-Request-Id")
}
