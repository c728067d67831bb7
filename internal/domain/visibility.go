package domain

// CanSee is the visibility rule, the one place it is written in Go (stores
// express the same rule in SQL): the author sees everything of theirs; others
// see public statuses; close-friends statuses (密友, visible.type 4) are seen by
// mutual followers of the author (inferred: the 2013 API has no separate 密友
// list, and mutual follow is its closest meaning); group statuses (type 3) are
// seen by members of the author's friend group ListID (inGroup: the viewer
// is one); private statuses only by the author.
// A block hides everything of the author's from the viewer, whichever of the
// two blocked the other (docs/SOCIAL.md). rel is the viewer's relationship
// to the author.
func CanSee(viewer int64, s *Status, rel Relationship, inGroup bool) bool {
	if s.Deleted {
		return false
	}
	if viewer != 0 && viewer == s.UserID {
		return true
	}
	if rel.Blocked() {
		return false
	}
	switch s.Visible.Type {
	case VisiblePublic:
		return true
	case VisibleCloseFriends:
		return viewer != 0 && rel.Following && rel.FollowedBy
	case VisibleGroup:
		return viewer != 0 && inGroup
	default:
		return false
	}
}

// SilencedFrom reports whether a silenced author's status is hidden from
// viewer: a moderator limited the author (User.Silenced), so only the author
// and their followers see it (rel is the viewer's relationship to the
// author). It applies on top of CanSee.
func SilencedFrom(viewer, author int64, silenced bool, rel Relationship) bool {
	return silenced && viewer != author && !rel.Following
}

// Audience is who besides its author may see a status, as far as the status
// alone tells: everyone, some viewers (CanSee decides which, from the
// viewer's relationship to the author and their groups), or no one.
type Audience int

const (
	AudienceAuthor Audience = iota
	AudienceSome
	AudienceEveryone
)

// Audience of a visibility, in CanSee's terms: AudienceEveryone for what
// CanSee shows every viewer, AudienceSome for what it shows some viewers
// besides the author, AudienceAuthor for the rest. A new visibility type
// gets its case here and in CanSee together.
func (v Visibility) Audience() Audience {
	switch v.Type {
	case VisiblePublic:
		return AudienceEveryone
	case VisibleCloseFriends, VisibleGroup:
		return AudienceSome
	default:
		return AudienceAuthor
	}
}
