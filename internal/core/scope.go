package core

// Scopes a user can grant an app at authorization time (Sina README §4),
// with the plain words the consent page shows for each. A token carries
// the scopes requested when it was issued (none by default); a refresh
// keeps them. Routes that need one declare it in their dialect's route
// table and answer 10014 to a token without it.
const (
	ScopeAll                   = "all"
	ScopeEmail                 = "email"
	ScopeDirectMessagesRead    = "direct_messages_read"
	ScopeDirectMessagesWrite   = "direct_messages_write"
	ScopeInvitationWrite       = "invitation_write"
	ScopeFriendshipGroupsRead  = "friendships_groups_read"
	ScopeFriendshipGroupsWrite = "friendships_groups_write"
	ScopeStatusesToMeRead      = "statuses_to_me_read"
	ScopeFollowAppOfficial     = "follow_app_official_microblog"
)

// scopeWords describes each known scope to the person granting it, in
// Chinese and in English (the consent page's two languages).
var scopeWords = map[string][2]string{
	ScopeAll:                   {"全部权限：以下各项，以及今后新增的授权项", "Everything below, and whatever is added later"},
	ScopeEmail:                 {"读取你的联系邮箱", "Read your contact e-mail address"},
	ScopeDirectMessagesRead:    {"读取你的私信", "Read your direct messages"},
	ScopeDirectMessagesWrite:   {"以你的名义发送私信", "Send direct messages as you"},
	ScopeInvitationWrite:       {"以你的名义发送邀请", "Send invitations as you"},
	ScopeFriendshipGroupsRead:  {"查看你的好友分组及其成员和分组微博", "See your follow groups, their members and their statuses"},
	ScopeFriendshipGroupsWrite: {"创建、修改和删除你的好友分组，管理分组成员", "Create, change and delete your follow groups and their members"},
	ScopeStatusesToMeRead:      {"读取只发给你看的定向微博", "Read statuses meant for you alone"},
	ScopeFollowAppOfficial:     {"让你关注该应用的官方微博", "Make you follow the app's official account"},
}

// ScopeGrant is one scope as the consent page shows it.
type ScopeGrant struct {
	Name    string
	Words   string // in Chinese
	English string
}

// DescribeScopes lists the known scopes among names, in order, with their
// plain words; unknown names are left out, as they are of the grant.
func DescribeScopes(names []string) []ScopeGrant {
	var out []ScopeGrant
	for _, n := range names {
		if w, ok := scopeWords[n]; ok {
			out = append(out, ScopeGrant{Name: n, Words: w[0], English: w[1]})
		}
	}
	return out
}

// knownScope reports whether name is a scope this server grants.
func knownScope(name string) bool {
	_, ok := scopeWords[name]
	return ok
}

// oauth1Scopes are what an OAuth 1.0a (Tencent) token may do beyond the
// basics: Tencent's API has no scopes, and serves its private/* (direct
// messages) to every token, so its consent page says so.
var oauth1Scopes = []string{ScopeDirectMessagesRead, ScopeDirectMessagesWrite}

// OAuth1Grants lists what an OAuth 1.0a token is given, as the consent
// page shows it.
func OAuth1Grants() []ScopeGrant { return DescribeScopes(oauth1Scopes) }
