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

// scopeWords describes each known scope to the person granting it.
var scopeWords = map[string]string{
	ScopeAll:                   "全部权限：以下各项，以及今后新增的授权项",
	ScopeEmail:                 "读取你的联系邮箱",
	ScopeDirectMessagesRead:    "读取你的私信",
	ScopeDirectMessagesWrite:   "以你的名义发送私信",
	ScopeInvitationWrite:       "以你的名义发送邀请",
	ScopeFriendshipGroupsRead:  "查看你的好友分组及其成员和分组微博",
	ScopeFriendshipGroupsWrite: "创建、修改和删除你的好友分组，管理分组成员",
	ScopeStatusesToMeRead:      "读取只发给你看的定向微博",
	ScopeFollowAppOfficial:     "让你关注该应用的官方微博",
}

// ScopeGrant is one scope as the consent page shows it.
type ScopeGrant struct {
	Name  string
	Words string
}

// DescribeScopes lists the known scopes among names, in order, with their
// plain words; unknown names are left out, as they are of the grant.
func DescribeScopes(names []string) []ScopeGrant {
	var out []ScopeGrant
	for _, n := range names {
		if w, ok := scopeWords[n]; ok {
			out = append(out, ScopeGrant{Name: n, Words: w})
		}
	}
	return out
}

// knownScope reports whether name is a scope this server grants.
func knownScope(name string) bool {
	_, ok := scopeWords[name]
	return ok
}
