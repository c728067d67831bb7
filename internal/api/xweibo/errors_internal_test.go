package xweibo

import (
	"errors"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

// Every row of the table is a documented code: seven digits in one of the
// classes of spec §5 (101, 102, 104, 105, 201, 301), with a message.
func TestErrnoTable(t *testing.T) {
	rows := []row{errEmpty, errNumber, errLength, errSensitive, errToken, errDenied, errNoAppKey, errBlacklisted,
		errPostOften, errCmtOften, errNoAPI, errQuota, errPostOnly, errSystem, errUpdateEmpty, errUpdateLong,
		errRepeated, errNotImage, errImageType, errImageSize, errRepostID, errRepostLong, errDestroyID,
		errDestroyNone, errDestroyOwn, errCommentID, errCommentEmpty, errCommentNone, errCommentLong,
		errCommentOther, errReplyID, errReplyCid, errReplyEmpty, errReplyLong, errReplyNone, errCmtDelID,
		errCmtDelOwn, errCmtDelFail, errFavGone, errFavNone, errFollowFail, errFollowNoUser, errUnfollowID,
		errUnfollowName, errFollowBatch, errFollowed, errFollowOften, errFollowBlocked, errFollowLimit, errDMEmpty,
		errDMTo, errDMNotFan, errDMID, errDMNone, errNoticeEmpty, errNoTarget, errNickTaken, errTagEmpty,
		errTagFail, errTagID, errBlockNoUser, errIPRefused, errTime, errSign, errNotBound, errNickEmpty,
		errGender, errProvince, errCity, errFormat, errNickBad, errDescription, errPrefsEmpty}
	for _, r := range rows {
		class := r.errno / 10000
		switch class {
		case 101, 102, 104, 105, 201, 301:
		default:
			t.Errorf("errno %d is not a seven-digit code of a documented class", r.errno)
		}
		if r.msg == "" {
			t.Errorf("errno %d has no message", r.errno)
		}
	}
	// The 2.1 controller's own codes of applyDomain and the topic
	// subscriptions: six digits (and 4000221), answered with rst strings.
	for _, r := range []row{errDomainTaken, errDomainFormat, errDomainSet, errSubjectRepeat, errSubjectEmpty,
		errSubjectNotFollowed, errSubjectNotFaved, errSubjectFollowed, errSubjectWho} {
		if r.errno < 400000 || r.errno > 599999 || r.msg == "" || r.gate {
			t.Errorf("row %+v", r)
		}
	}
	// Every kind has a row, or falls to 1050000 on purpose (internal).
	for _, k := range domain.Kinds() {
		r, _ := errFor("update", domain.E(k, domain.ReasonNone, "x"))
		if r.errno == 0 {
			t.Errorf("kind %v answers errno 0", k)
		}
	}
	// A handler's own row passes through untouched.
	if r, msg := errFor("update", fail(errSign)); r != errSign || msg != errSign.msg {
		t.Errorf("fail(errSign) = %v %v", r, msg)
	}
	if r, _ := errFor("update", errors.New("boom")); r != errSystem {
		t.Errorf("an unknown error = %v", r)
	}
}
