package domain

import (
	"errors"
	"fmt"
	"time"
)

// Kind is the closed set of error classes. Dialects map a (Kind, Reason) pair
// to their own codes; everything else in the program only asks for the kind.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindTooLarge
	KindRateLimited
	KindUnavailable
)

var kindNames = [...]string{"internal", "invalid", "unauthenticated", "forbidden", "not_found", "conflict", "too_large", "rate_limited", "unavailable"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Kinds lists every Kind, for tests that check a dialect's table is complete.
func Kinds() []Kind {
	return []Kind{KindInternal, KindInvalid, KindUnauthenticated, KindForbidden, KindNotFound, KindConflict, KindTooLarge, KindRateLimited, KindUnavailable}
}

// Reason refines a Kind where clients must tell cases apart (a Sina client
// distinguishes "text too long" from "content is null"). The empty reason is
// the generic case of its kind.
type Reason string

const (
	ReasonNone Reason = ""

	// Parameters.
	ReasonMissingParam Reason = "missing_param" // Param names it
	ReasonBadParam     Reason = "bad_param"     // Param, Want, Got describe it
	ReasonIDsEmpty     Reason = "ids_empty"
	ReasonIDsTooMany   Reason = "ids_too_many"
	ReasonUIDMissing   Reason = "uid_missing"
	ReasonBodyTooLarge Reason = "body_too_large"
	ReasonNotFoundAPI  Reason = "api_not_found"
	ReasonBadMethod    Reason = "bad_method"

	// Content.
	ReasonTextEmpty     Reason = "text_empty"
	ReasonTextTooLong   Reason = "text_too_long"
	ReasonDuplicateText Reason = "duplicate_text"
	ReasonAnnotations   Reason = "annotations_too_long"

	// Statuses and comments.
	ReasonStatusNotFound   Reason = "status_not_found"
	ReasonNotOwnStatus     Reason = "not_own_status"
	ReasonRepostOwn        Reason = "repost_own"
	ReasonStatusIDMissing  Reason = "status_id_missing"
	ReasonCommentNotFound  Reason = "comment_not_found"
	ReasonNotOwnComment    Reason = "not_own_comment"
	ReasonCommentIDMissing Reason = "comment_id_missing"

	// Users and relationships.
	ReasonUserNotFound     Reason = "user_not_found"
	ReasonDomainNotFound   Reason = "domain_not_found"
	ReasonFriendshipUsers  Reason = "friendship_users_missing"
	ReasonTargetMissing    Reason = "target_missing"
	ReasonFollowSelf       Reason = "follow_self"
	ReasonAlreadyFollowed  Reason = "already_followed"
	ReasonNotFollowed      Reason = "not_followed"
	ReasonFollowRateLimit  Reason = "follow_rate_limit"
	ReasonFriendLimit      Reason = "friend_limit"
	ReasonPrivacyForbidden Reason = "privacy_forbidden"
	ReasonBadDomain        Reason = "bad_domain"
	ReasonListNotFound     Reason = "list_not_found"

	// Blocks (the blacklist) and privacy settings.
	ReasonBlockedBy      Reason = "blocked_by"      // the other user blocks the viewer
	ReasonUnblockFirst   Reason = "unblock_first"   // the viewer blocks the other: unblock before following
	ReasonBlockSelf      Reason = "block_self"      // blocking oneself
	ReasonAlreadyBlocked Reason = "already_blocked" // blocking someone already blocked
	ReasonNotBlocked     Reason = "not_blocked"     // unblocking someone not blocked
	ReasonBlockLimit     Reason = "block_limit"     // more than MaxBlocks

	// Friend groups.
	ReasonListNameTooLong Reason = "list_name_too_long" // 20601
	ReasonListDescTooLong Reason = "list_desc_too_long" // 20602
	ReasonListNotOwner    Reason = "list_not_owner"     // 20604
	ReasonListIllegal     Reason = "list_illegal"       // 20605: bad name, description or tags
	ReasonListMemberTaken Reason = "list_member_exists" // 20606
	ReasonListNameTaken   Reason = "list_name_taken"    // 20608
	ReasonListTooMany     Reason = "list_too_many"      // 20614
	ReasonListFull        Reason = "list_full"          // 20615
	ReasonNeedFollow      Reason = "need_follow"        // 20503: only people one follows

	// Auth and OAuth.
	ReasonNoCredentials      Reason = "no_credentials"
	ReasonAuthFailed         Reason = "auth_failed"
	ReasonBadPassword        Reason = "bad_password"
	ReasonPasswordRateLimit  Reason = "password_rate_limit"
	ReasonTokenInvalid       Reason = "token_invalid"
	ReasonTokenExpired       Reason = "token_expired"
	ReasonInsecureTransport  Reason = "insecure_transport"
	ReasonScope              Reason = "insufficient_scope"
	ReasonAppLevel           Reason = "app_level"
	ReasonInvalidRequest     Reason = "invalid_request"
	ReasonUnknownAppKey      Reason = "unknown_app_key" // 21311: a source (app key) no app has
	ReasonInvalidClient      Reason = "invalid_client"
	ReasonInvalidGrant       Reason = "invalid_grant"
	ReasonUnauthorizedClient Reason = "unauthorized_client"
	ReasonUnsupportedGrant   Reason = "unsupported_grant_type"
	ReasonUnsupportedResp    Reason = "unsupported_response_type"
	ReasonRedirectMismatch   Reason = "redirect_uri_mismatch"
	ReasonAccessDenied       Reason = "access_denied"
	// Signed-request gates (Xweibo's api_sign): a request time outside the
	// window, a signer naming no user the action may run without, a caller
	// outside the address allowlist.
	ReasonStaleTime    Reason = "stale_time"
	ReasonNotBound     Reason = "not_bound"
	ReasonIPNotAllowed Reason = "ip_not_allowed"

	// Limits.
	ReasonIPRateLimit   Reason = "ip_rate_limit"
	ReasonUserRateLimit Reason = "user_rate_limit"
	ReasonAPIRateLimit  Reason = "api_rate_limit" // Param names the API

	// Remind.
	ReasonInvalidCategory Reason = "invalid_category"

	// Pictures.
	ReasonImageType     Reason = "image_type"      // not an image of an accepted format, or undecodable
	ReasonImageTooLarge Reason = "image_too_large" // over the byte or pixel limit
	ReasonImageMissing  Reason = "image_missing"   // an upload without an image
	ReasonRemoteFetch   Reason = "remote_fetch"    // a remote resource could not be fetched

	// Favourite tags, status and user tags, trends (social area).
	ReasonTagRepeated   Reason = "tag_repeated"    // the same tag text twice, or one already taken
	ReasonTagTooMany    Reason = "tag_too_many"    // more tags than allowed
	ReasonTagIllegal    Reason = "tag_illegal"     // empty, too long or forbidden characters
	ReasonTagTooLong    Reason = "tag_too_long"    // a user or status tag over 7 Chinese characters (21002)
	ReasonTagsNull      Reason = "tags_null"       // no tag given where one is needed (21001)
	ReasonTrendNameNull Reason = "trend_name_null" // 20801
	ReasonTrendIDNull   Reason = "trend_id_null"   // 20802

	// Short links (errors.md §3, 215xx).
	ReasonURLsNull    Reason = "urls_null"     // 21501: no url_long or url_short
	ReasonURLsTooMany Reason = "urls_too_many" // 21502: more than 20
	ReasonURLNull     Reason = "url_null"      // 21504: no url_short where one is needed

	// Places and location (location.md error2, 219xx).
	ReasonGeoBadCoordinate Reason = "geo_bad_coordinate" // 21906: malformed or out-of-range lng,lat (Param names it)
	ReasonGeoBadIP         Reason = "geo_bad_ip"         // 21905
	ReasonGeoOutOfRange    Reason = "geo_out_of_range"   // 21907: a longitude or latitude past the globe (Param names it)
	ReasonGeoNoData        Reason = "geo_no_data"        // 21903: nothing the server holds answers the question
	ReasonGeoNoService     Reason = "geo_no_service"     // 21903: needs data no offline server ships (routes, cell towers)
	ReasonGeoUpstream      Reason = "geo_upstream"       // 21909: the routing service an operator configured failed
	ReasonGeoNeedCenter    Reason = "geo_need_center"    // 21910: neither city nor centre coordinate
	ReasonGeoBadCity       Reason = "geo_bad_city"       // 21918: unknown city code
	ReasonPOINotFound      Reason = "poi_not_found"      // no such place (poiid, srcid)
)

// Reasons lists every non-empty reason with the kind it is used with, so a
// dialect's table can be checked for completeness.
func Reasons() map[Reason]Kind {
	return map[Reason]Kind{
		ReasonMissingParam: KindInvalid, ReasonBadParam: KindInvalid, ReasonIDsEmpty: KindInvalid,
		ReasonIDsTooMany: KindInvalid, ReasonUIDMissing: KindInvalid, ReasonBodyTooLarge: KindTooLarge,
		ReasonNotFoundAPI: KindNotFound, ReasonBadMethod: KindInvalid,
		ReasonTextEmpty: KindInvalid, ReasonTextTooLong: KindInvalid, ReasonDuplicateText: KindConflict,
		ReasonAnnotations:    KindInvalid,
		ReasonStatusNotFound: KindNotFound, ReasonNotOwnStatus: KindForbidden, ReasonRepostOwn: KindForbidden,
		ReasonStatusIDMissing: KindInvalid, ReasonCommentNotFound: KindNotFound, ReasonNotOwnComment: KindForbidden,
		ReasonCommentIDMissing: KindInvalid,
		ReasonUserNotFound:     KindNotFound, ReasonDomainNotFound: KindNotFound, ReasonFriendshipUsers: KindNotFound,
		ReasonTargetMissing: KindInvalid, ReasonFollowSelf: KindInvalid, ReasonAlreadyFollowed: KindConflict,
		ReasonNotFollowed: KindConflict, ReasonFollowRateLimit: KindRateLimited, ReasonFriendLimit: KindForbidden,
		ReasonPrivacyForbidden: KindForbidden, ReasonBadDomain: KindInvalid, ReasonListNotFound: KindNotFound,
		ReasonBlockedBy: KindForbidden, ReasonUnblockFirst: KindForbidden, ReasonBlockSelf: KindInvalid,
		ReasonAlreadyBlocked: KindConflict, ReasonNotBlocked: KindConflict, ReasonBlockLimit: KindForbidden,
		ReasonListNameTooLong: KindInvalid, ReasonListDescTooLong: KindInvalid, ReasonListNotOwner: KindForbidden,
		ReasonListIllegal: KindInvalid, ReasonListMemberTaken: KindConflict, ReasonListNameTaken: KindConflict,
		ReasonListTooMany: KindForbidden, ReasonListFull: KindForbidden, ReasonNeedFollow: KindForbidden,
		ReasonNoCredentials: KindUnauthenticated, ReasonAuthFailed: KindUnauthenticated,
		ReasonBadPassword: KindUnauthenticated, ReasonPasswordRateLimit: KindRateLimited,
		ReasonTokenInvalid: KindUnauthenticated, ReasonTokenExpired: KindUnauthenticated,
		ReasonInsecureTransport: KindForbidden, ReasonScope: KindForbidden, ReasonAppLevel: KindForbidden, ReasonUnknownAppKey: KindUnauthenticated,
		ReasonInvalidRequest: KindInvalid, ReasonInvalidClient: KindUnauthenticated, ReasonInvalidGrant: KindInvalid,
		ReasonUnauthorizedClient: KindForbidden, ReasonUnsupportedGrant: KindInvalid, ReasonUnsupportedResp: KindInvalid,
		ReasonRedirectMismatch: KindInvalid, ReasonAccessDenied: KindForbidden,
		ReasonStaleTime: KindUnauthenticated, ReasonNotBound: KindUnauthenticated, ReasonIPNotAllowed: KindForbidden,
		ReasonIPRateLimit: KindRateLimited, ReasonUserRateLimit: KindRateLimited, ReasonAPIRateLimit: KindRateLimited,
		ReasonInvalidCategory: KindInvalid,
		ReasonImageType:       KindInvalid, ReasonImageTooLarge: KindTooLarge, ReasonImageMissing: KindInvalid,
		ReasonRemoteFetch: KindUnavailable,
		ReasonTagRepeated: KindInvalid, ReasonTagTooMany: KindInvalid, ReasonTagIllegal: KindInvalid,
		ReasonTagTooLong: KindInvalid, ReasonTagsNull: KindInvalid,
		ReasonGeoBadCoordinate: KindInvalid, ReasonGeoBadIP: KindInvalid, ReasonGeoOutOfRange: KindInvalid, ReasonGeoNoData: KindNotFound,
		ReasonGeoNoService: KindNotFound, ReasonGeoUpstream: KindUnavailable, ReasonGeoNeedCenter: KindInvalid, ReasonGeoBadCity: KindInvalid,
		ReasonPOINotFound:   KindNotFound,
		ReasonTrendNameNull: KindInvalid, ReasonTrendIDNull: KindInvalid,
		ReasonURLsNull: KindInvalid, ReasonURLsTooMany: KindInvalid, ReasonURLNull: KindInvalid,
	}
}

// Error is the one error type that crosses package boundaries. Msg is for
// people (logs, descriptions); Param/Want/Got let a dialect fill its own
// message templates ("Parameter (%s)'s value invalid, expect (%s), but get (%s)").
type Error struct {
	Kind   Kind
	Reason Reason
	Msg    string
	Param  string
	Want   string
	Got    string
	Err    error
	// RetryAfter, on a refusal that lifts by itself (a rate limit), is how
	// long until it does; dialects may pass it on (HTTP Retry-After).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	msg := e.Msg
	if msg == "" {
		msg = string(e.Reason)
	}
	if msg == "" {
		msg = e.Kind.String()
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an *Error of the given kind and reason.
func E(kind Kind, reason Reason, msg string) *Error {
	return &Error{Kind: kind, Reason: reason, Msg: msg}
}

// Errf wraps err as an internal error with context; internal errors are logged
// once, at the edge.
func Errf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	return &Error{Kind: KindInternal, Msg: fmt.Sprintf(format, args...), Err: err}
}

// MissingParam reports a required parameter that was not given.
func MissingParam(name string) *Error {
	return &Error{Kind: KindInvalid, Reason: ReasonMissingParam, Param: name, Msg: "missing required parameter " + name}
}

// BadParam reports a parameter whose value cannot be used.
func BadParam(name, want, got string) *Error {
	return &Error{Kind: KindInvalid, Reason: ReasonBadParam, Param: name, Want: want, Got: got,
		Msg: fmt.Sprintf("parameter %s: expected %s, got %q", name, want, got)}
}

// AsError returns the *Error inside err, or an internal one wrapping it.
func AsError(err error) *Error {
	var de *Error
	if errors.As(err, &de) {
		return de
	}
	return &Error{Kind: KindInternal, Err: err}
}

// IsKind reports whether err is a domain error of kind k.
func IsKind(err error, k Kind) bool {
	var de *Error
	return errors.As(err, &de) && de.Kind == k
}

// IsReason reports whether err is a domain error with reason r.
func IsReason(err error, r Reason) bool {
	var de *Error
	return errors.As(err, &de) && de.Reason == r
}

// ErrIDTaken is inside the error of an insert whose generated id (or other
// generated key, such as an app key) is already in use. It is not the
// client's doing, so it is never a conflict the client is told about: stores
// report it as KindInternal, and the core runs the transaction again with
// fresh ids. Unique node numbers (leased per process) keep it from happening;
// this is what stands behind them.
var ErrIDTaken = errors.New("generated id already in use")

// Sentinel store errors; stores wrap driver errors into these kinds.
var (
	ErrNotFound = &Error{Kind: KindNotFound, Msg: "not found"}
	ErrConflict = &Error{Kind: KindConflict, Msg: "already exists"}
)
