package domain

import (
	"context"
)

// UserPrefs are a person's display and reminder settings: the local
// settings of an Xweibo site (spec/xweibo.md §5.8: setting, saveShow,
// saveNotice), kept per user whatever dialect reads them.
type UserPrefs struct {
	// NewFeed is how new weibos are announced (user_newfeed): 0 a tip
	// to click, 1 shown as they come.
	NewFeed int
	// NewMsg is how new messages are announced (user_newmsg), likewise.
	NewMsg int
	// PageStatuses and PageComments are the page sizes of the person's
	// lists (user_page_wb, user_page_comment).
	PageStatuses int
	PageComments int
	// NewNotice shows the site's system-notice tip (user_newnotice).
	NewNotice bool
	// The reminders (saveNotice): which counters the person is reminded
	// of, and which @mentions count: MentionFrom 0 anyone, 1 only people
	// they follow; MentionType 0 every weibo, 1 original weibos only.
	RemindComment, RemindDM, RemindFollower, RemindMention bool
	MentionFrom, MentionType                               int
}

// Bounds of the page sizes a person may choose.
const (
	MinPrefsPage = 1
	MaxPrefsPage = 200
)

// DefaultUserPrefs are the settings of a person who never saved any:
// Xweibo's defaults (new weibos as a tip, 20 weibos and 10 comments a page)
// and every reminder on, as Sina's own defaults are.
func DefaultUserPrefs() UserPrefs {
	return UserPrefs{NewFeed: 0, NewMsg: 0, PageStatuses: 20, PageComments: 10, NewNotice: true,
		RemindComment: true, RemindDM: true, RemindFollower: true, RemindMention: true}
}

// PrefsReader reads settings.
type PrefsReader interface {
	// UserPrefs returns the user's settings, DefaultUserPrefs() when they
	// never saved any.
	UserPrefs(ctx context.Context, userID int64) (UserPrefs, error)
}

// PrefsWriter writes settings and personal domains.
type PrefsWriter interface {
	// PutUserPrefs replaces the user's settings.
	PutUserPrefs(ctx context.Context, userID int64, p UserPrefs) error
	// SetUserDomain gives the user the personal domain d: KindConflict when
	// another user has it, KindNotFound when there is no such user.
	SetUserDomain(ctx context.Context, userID int64, d string) error
}
