package xweibo

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/domain"
)

// Envelope is every answer but sinaurl's success (spec §4): rst the result
// (false or "" on failure), errno 0 or a seven-digit code, err "" or a
// message (a list of failures for the batch calls).
type Envelope struct {
	Rst   any `json:"rst"`
	Errno int `json:"errno"`
	Err   any `json:"err"`
}

// row is one errno with the message sent with it: the seed's text where it
// has one (with the Sina v1 "400xx:" prefix 2.1 passes on, spec §5.3: our
// server raises these itself, and keeps the prefix for the clients that
// read it), else one in the same style.
type row struct {
	errno int
	msg   string
	// gate marks the failures of the gate and of the data layer, whose rst
	// is "" in 2.1; the controller's own refusals answer rst false.
	gate bool
}

// The errnos (spec §5), one table. Handlers name rows for the checks that
// are theirs (which parameter is empty); errors from the core are mapped
// by errFor below: the action's row for the reason, the common row for
// the reason, the row of the kind.
var (
	// §5.1 parameter errors.
	errEmpty     = row{1010000, "Parameter can not be empty", false}
	errNumber    = row{1010002, "Parameter must be a number", false}
	errLength    = row{1010005, "Parameter length exceeds limit", false}
	errSensitive = row{1010007, "Parameters contain sensitive characters", false}

	// §5.2 platform errors.
	errToken       = row{1040000, "40113:Oauth Error: token_rejected!", true}
	errDenied      = row{1040002, "Access Timeout or Access denied", true}
	errNoAppKey    = row{1040003, "source paramter (appkey) is missing", true}
	errBlacklisted = row{1040005, "40028:黑名单用户", true}
	errPostOften   = row{1040006, "40028:发布内容过于频繁", true}
	errCmtOften    = row{1040007, "40028:发表评论过于频繁", true}
	errNoAPI       = row{1040015, "interface unavailable", true}
	errQuota       = row{1040016, "this function is unavailable, or the API quota is used up", true}
	errPostOnly    = row{1040017, "only POST is allowed", false}
	errFormat      = row{1040019, "Parameter format error", false}
	errSystem      = row{1050000, "unknow system error api: ", true}

	// §5.3 per action.
	errUpdateEmpty   = row{1020000, "40012:Error: content is null!", true}
	errUpdateLong    = row{1020001, "40013:Error: Text too long, please input text less than 140 characters!", true}
	errRepeated      = row{1020002, "40025:Error: repeated weibo text!", true}
	errNotImage      = row{1020100, "40009:Error: image is null or not an image!", true}
	errImageType     = row{1020101, "40045:Error: not supported image type!", true}
	errImageSize     = row{1020102, "40008:Error: image size too large!", true}
	errRepostID      = row{1020200, "40016:Error: weibo id is null!", true}
	errRepostLong    = row{1020201, "40013:Error: Text too long, please input text less than 140 characters!", true}
	errDestroyID     = row{1020300, "40016:Error: weibo id is null!", true}
	errDestroyNone   = row{1020301, "40031:Error: target weibo does not exist!", true}
	errDestroyOwn    = row{1020302, "40036:Error: not your own weibo!", true}
	errCommentID     = row{1020400, "40016:Error: weibo id is null!", true}
	errCommentEmpty  = row{1020401, "40012:Error: content is null!", true}
	errCommentNone   = row{1020402, "40031:Error: target weibo does not exist!", true}
	errCommentLong   = row{1020403, "40013:Error: Text too long, please input text less than 140 characters!", true}
	errCommentOther  = row{1020405, "40028:由于对方的设置，你不能进行此操作", true}
	errReplyID       = row{1020500, "40016:Error: weibo id is null!", true}
	errReplyCid      = row{1020501, "40020:Error: Comment id is null!", true}
	errReplyEmpty    = row{1020502, "40012:Error: content is null!", true}
	errReplyLong     = row{1020503, "40013:Error: Text too long, please input text less than 140 characters!", true}
	errReplyNone     = row{1020504, "40031:Error: target weibo does not exist!", true}
	errCmtDelID      = row{1020600, "40020:Error: Comment id is null!", true}
	errCmtDelOwn     = row{1020601, "40015:Error: not your own comment!", true}
	errCmtDelFail    = row{1020602, "删除评论失败", true}
	errFavGone       = row{1020700, "50001:Error: the weibo was deleted by its author!", true}
	errFavNone       = row{1020701, "40031:Error: target weibo is not a favorite!", true}
	errFollowFail    = row{1020800, "40028:添加关注操作失败", true}
	errFollowNoUser  = row{1020801, "40028:fuid错误", true}
	errUnfollowID    = row{1020802, "40028:fuid错误", true}
	errUnfollowName  = row{1020803, "40028:fuid错误", true}
	errFollowBatch   = row{1020804, "关注失败", true}
	errFollowed      = row{1020805, "40303:Error: already followed", true}
	errFollowOften   = row{1020806, "40028:关注过于频繁", true}
	errFollowBlocked = row{1020807, "40028:对方在你的黑名单中，请先解除", true}
	errFollowLimit   = row{1020809, "40028:关注人数已达上限", true}
	errDMEmpty       = row{1020900, "40012:Error: content is null!", true}
	errDMTo          = row{1020901, "40028:私信收件人为空或是自己", true}
	errDMNotFan      = row{1020902, "40017:Error: the recipient does not follow you!", true}
	errDMID          = row{1020903, "40021:Error: direct message id is null or not yours!", true}
	errDMNone        = row{1020904, "40010:Error: direct message does not exist!", true}
	errNoticeEmpty   = row{1021100, "提醒设置参数为空", false}
	errNoTarget      = row{1021200, "40026:Error: please input right target user id (or screen_name)!", true}
	errNickTaken     = row{1021300, "40028:昵称已被使用", true}
	errNickBad       = row{1021301, "40028:昵称不可用，请换一个", true}
	errDescription   = row{1021302, "请重新填写个人描述", true}
	errTagEmpty      = row{1021500, "标签为空", false}
	errTagFail       = row{1021501, "添加标签失败", true}
	errTagID         = row{1021502, "标签id为空", false}
	errBlockNoUser   = row{1021600, "要加入黑名单的用户不存在", true}
	errPrefsEmpty    = row{1021700, "要更新的选项值都为空", false}

	// §5.4 gate and local validation.
	errIPRefused = row{3010000, "Ip not allowed to access", true}
	errTime      = row{3010001, "Access time failure", true}
	errSign      = row{3010002, "Signature is not correct", true}
	errNotBound  = row{3010003, "Does not bind the user", true}
	errNickEmpty = row{2010003, "nick can not be empty", false}
	errGender    = row{2010004, "gender can not be empty", false}
	errProvince  = row{2010005, "province must be a number", false}
	errCity      = row{2010006, "city must be a number", false}

	// The 2.1 controller's six- and seven-digit codes of applyDomain and
	// the topic subscriptions (spec §5.4 "Other codes"), answered with rst
	// "false" (or "true", isSubjectFollowed's 500104).
	errDomainTaken        = row{400022, "该域名已被使用", false}
	errDomainFormat       = row{400023, "域名格式错误：6到20位字母或数字，不能全是数字", false}
	errDomainSet          = row{400024, "你已经设置过个性域名", false}
	errSubjectRepeat      = row{500100, "该话题已收藏", false}
	errSubjectEmpty       = row{500101, "话题关键字不能为空", false}
	errSubjectNotFollowed = row{500103, "没有收藏该话题", false}
	errSubjectNotFaved    = row{500104, "该话题未收藏", false}
	errSubjectFollowed    = row{500105, "该话题已收藏", false}
	errSubjectWho         = row{500107, "请指定用户", false}
)

// commonRows map reasons whatever the action.
var commonRows = map[domain.Reason]row{
	domain.ReasonMissingParam:     errEmpty,
	domain.ReasonIDsEmpty:         errEmpty,
	domain.ReasonUIDMissing:       errEmpty,
	domain.ReasonTargetMissing:    errEmpty,
	domain.ReasonStatusIDMissing:  errEmpty,
	domain.ReasonTagsNull:         errEmpty,
	domain.ReasonIDsTooMany:       errLength,
	domain.ReasonBodyTooLarge:     errLength,
	domain.ReasonTextEmpty:        errEmpty,
	domain.ReasonTextTooLong:      errLength,
	domain.ReasonTagTooLong:       errLength,
	domain.ReasonTagIllegal:       errSensitive,
	domain.ReasonDuplicateText:    errRepeated,
	domain.ReasonNotFoundAPI:      errNoAPI,
	domain.ReasonBadMethod:        errPostOnly,
	domain.ReasonImageType:        errImageType,
	domain.ReasonImageTooLarge:    errImageSize,
	domain.ReasonImageMissing:     errNotImage,
	domain.ReasonNotOwnStatus:     errDestroyOwn,
	domain.ReasonNotOwnComment:    errCmtDelOwn,
	domain.ReasonStatusNotFound:   errDestroyNone,
	domain.ReasonUserNotFound:     errNoTarget,
	domain.ReasonBlockedBy:        errCommentOther,
	domain.ReasonPrivacyForbidden: errCommentOther,
	domain.ReasonNeedFollow:       errDMNotFan,
	domain.ReasonUnblockFirst:     errFollowBlocked,
	domain.ReasonFollowSelf:       errFollowFail,
	domain.ReasonAlreadyFollowed:  errFollowed,
	domain.ReasonFollowRateLimit:  errFollowOften,
	domain.ReasonFriendLimit:      errFollowLimit,
	domain.ReasonAuthFailed:       errSign,
	domain.ReasonStaleTime:        errTime,
	domain.ReasonNotBound:         errNotBound,
	domain.ReasonIPNotAllowed:     errIPRefused,
	domain.ReasonNoCredentials:    errNoAppKey,
	domain.ReasonInvalidClient:    errNoAppKey,
	domain.ReasonTokenInvalid:     errToken,
	domain.ReasonTokenExpired:     errToken,
	domain.ReasonTagRepeated:      errTagFail,
	domain.ReasonTagTooMany:       errTagFail,
}

// actionRows map reasons for one action, where the seed gives that action
// codes of its own.
var actionRows = map[string]map[domain.Reason]row{
	"update": {
		domain.ReasonTextEmpty: errUpdateEmpty, domain.ReasonMissingParam: errUpdateEmpty,
		domain.ReasonTextTooLong: errUpdateLong,
	},
	"destroy": {
		domain.ReasonMissingParam: errDestroyID, domain.ReasonStatusIDMissing: errDestroyID,
		domain.ReasonStatusNotFound: errDestroyNone, domain.ReasonNotOwnStatus: errDestroyOwn,
	},
	"repost": {
		domain.ReasonMissingParam: errRepostID, domain.ReasonStatusIDMissing: errRepostID,
		domain.ReasonTextTooLong: errRepostLong,
	},
	"comment": {
		domain.ReasonStatusIDMissing: errCommentID, domain.ReasonTextEmpty: errCommentEmpty,
		domain.ReasonStatusNotFound: errCommentNone, domain.ReasonTextTooLong: errCommentLong,
	},
	"reply": {
		domain.ReasonStatusIDMissing: errReplyID, domain.ReasonCommentIDMissing: errReplyCid,
		domain.ReasonTextEmpty: errReplyEmpty, domain.ReasonTextTooLong: errReplyLong,
		domain.ReasonStatusNotFound: errReplyNone, domain.ReasonCommentNotFound: errReplyCid,
	},
	"comment_destroy": {
		domain.ReasonMissingParam: errCmtDelID, domain.ReasonCommentIDMissing: errCmtDelID,
		domain.ReasonCommentNotFound: errCmtDelOwn, domain.ReasonNotOwnComment: errCmtDelOwn,
	},
	"createFavorite": {domain.ReasonStatusNotFound: errFavGone},
	"deleteFavorite": {domain.ReasonStatusNotFound: errFavNone},
	"createFriendship": {
		domain.ReasonMissingParam: errFollowFail, domain.ReasonUserNotFound: errFollowNoUser,
	},
	"deleteFriendship": {domain.ReasonUserNotFound: errUnfollowID},
	"friendship":       {domain.ReasonUserNotFound: errNoTarget},
	"sendDirectMessage": {
		domain.ReasonTextEmpty: errDMEmpty, domain.ReasonUserNotFound: errDMTo,
		domain.ReasonPrivacyForbidden: errDMNotFan,
	},
	"deleteDirectMessage": {domain.ReasonMissingParam: errDMID},
	"createBlocks":        {domain.ReasonUserNotFound: errBlockNoUser},
	"createTags": {
		domain.ReasonTagsNull: errTagEmpty, domain.ReasonMissingParam: errTagEmpty,
	},
	"deleteTags":         {domain.ReasonMissingParam: errTagID, domain.ReasonBadParam: errTagID},
	"upload_pic":         {domain.ReasonImageMissing: errEmpty},
	"updateProfileImage": {domain.ReasonImageMissing: errEmpty},
	"sendNotice":         {domain.ReasonMissingParam: errEmpty, domain.ReasonTextTooLong: errLength},
	"getComments":        {domain.ReasonStatusNotFound: errCommentNone},
}

// kindRows are the rows of each kind, for reasons without a row.
var kindRows = map[domain.Kind]row{
	domain.KindInvalid:         errNumber,
	domain.KindUnauthenticated: errToken,
	domain.KindForbidden:       errDenied,
	domain.KindTooLarge:        errLength,
	domain.KindRateLimited:     errQuota,
	domain.KindUnavailable:     errDenied,
}

// rateRows are the rate-limit rows of the actions that have their own.
var rateRows = map[string]row{
	"update": errPostOften, "repost": errPostOften, "comment": errCmtOften, "reply": errCmtOften,
	"createFriendship": errFollowOften,
}

// failure is an answer a handler chose itself: a row, and in err, when
// set, the batch calls' list of failures.
type failure struct {
	row  row
	list any
	// rst, when set, is the rst answered in place of false or "" (the
	// 2.1 controller's "false" and "true" strings).
	rst any
}

func (f *failure) Error() string { return strconv.Itoa(f.row.errno) + " " + f.row.msg }

func fail(r row) error { return &failure{row: r} }

// failRst is fail answering rst.
func failRst(r row, rst string) error { return &failure{row: r, rst: rst} }

// errFor maps err for action: what the client is told.
func errFor(action string, err error) (row, any) {
	var f *failure
	if errors.As(err, &f) {
		if f.list != nil {
			return f.row, f.list
		}
		return f.row, f.row.msg
	}
	de := domain.AsError(err)
	if de.Kind == domain.KindRateLimited && de.Reason != domain.ReasonFollowRateLimit {
		if r, ok := rateRows[action]; ok {
			return r, r.msg
		}
	}
	if de.Reason == domain.ReasonBadParam && strings.Contains(de.Want, "UTF-8") {
		// What no parameter may hold (NUL, control characters, invalid
		// UTF-8): refused before any reader, whatever the parameter.
		return errSensitive, errSensitive.msg
	}
	if r, ok := actionRows[action][de.Reason]; ok {
		return r, r.msg
	}
	if r, ok := commonRows[de.Reason]; ok {
		return r, r.msg
	}
	if de.Kind == domain.KindNotFound {
		// What the seed has no code for (a comment, a user, a tag that is
		// not there) is, as in 2.1, an unmapped upstream error.
		return errSystem, errSystem.msg + action + ": " + de.Msg
	}
	if r, ok := kindRows[de.Kind]; ok {
		return r, r.msg
	}
	return errSystem, errSystem.msg + action
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, action string, err error) {
	writeJSON(w, a.failure(w, r, action, err), a.log)
}

// failure is the envelope of err for action, logged when it is internal.
func (a *API) failure(w http.ResponseWriter, r *http.Request, action string, err error) *Envelope {
	var f *failure
	isFailure := errors.As(err, &f)
	if !isFailure {
		logEdgeError(r, w, domain.AsError(err), err, a.log)
	}
	rw, msg := errFor(action, err)
	env := &Envelope{Rst: false, Errno: rw.errno, Err: msg}
	if rw.gate {
		env.Rst = ""
	}
	if isFailure && f.rst != nil {
		env.Rst = f.rst
	}
	return env
}

// writeJSON answers HTTP 200 always: clients read errno (spec §9.3).
func writeJSON(w http.ResponseWriter, v any, log *slog.Logger) {
	body, err := json.Marshal(v)
	if err != nil {
		if log != nil {
			log.Error("encode xweibo answer", "err", err)
		}
		body, _ = json.Marshal(&Envelope{Rst: "", Errno: errSystem.errno, Err: errSystem.msg})
	}
	if err := apiutil.WriteJSONBytes(w, http.StatusOK, body); err != nil && log != nil {
		log.Debug("write response", "err", err)
	}
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
		slog.String("dialect", "xweibo"),
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("query", r.URL.RawQuery),
		slog.Any("err", err))
}

// PanicResponder answers a call whose handler panicked (the server's
// recover middleware has logged it): 1050000 in the envelope.
func PanicResponder(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, &Envelope{Rst: "", Errno: errSystem.errno, Err: errSystem.msg}, nil)
}
