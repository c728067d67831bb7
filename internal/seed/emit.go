package seed

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// DefaultRepostText is what a repost says when its author wrote nothing
// (core.DefaultRepostText; repeated because seed may not import core).
const DefaultRepostText = "转发微博"

// Follow is one follow edge.
type Follow struct {
	Follower, Followee int64
	At                 time.Time
}

// Status is a status with the rows that hang off it, as the store writes
// them in the status's transaction.
type Status struct {
	domain.Status
	Mentions []int64  // user ids, sorted, without the author
	Topics   []string // sorted
	Links    []string // sorted
}

// Comment is a comment with the denormalised authors and its mentions.
type Comment struct {
	domain.Comment
	StatusUserID int64
	ReplyUserID  int64
	Mentions     []int64 // sorted, without the commenter
}

// Counts are the number of rows of each kind.
type Counts struct {
	Users, Follows, Statuses, Reposts, Private, Comments, Replies int
}

// Counts returns how many rows each Each* method emits.
func (d *Dataset) Counts() Counts {
	c := Counts{Users: len(d.userID), Follows: len(d.to), Statuses: len(d.stID), Comments: len(d.cmID)}
	for i := range d.stParent {
		if d.stParent[i] >= 0 {
			c.Reposts++
		}
		if d.stPrivate[i] {
			c.Private++
		}
	}
	for _, r := range d.cmReply {
		if r >= 0 {
			c.Replies++
		}
	}
	return c
}

// EachUser calls fn with every user in id order, counters set.
func (d *Dataset) EachUser(fn func(u *domain.User) error) error {
	r := newRand(d.cfg.Seed, streamUsers+100)
	for i, id := range d.userID {
		p := provinces[r.IntN(len(provinces))]
		city := r.IntN(len(p.city))
		u := &domain.User{
			ID: id, ScreenName: d.names[i], Description: descriptions[r.IntN(len(descriptions))],
			Location: p.name + " " + p.city[city], Province: p.code, City: city + 1,
			Gender: []string{"m", "f"}[r.IntN(2)], Lang: "zh-cn", VerifiedType: -1,
			CreatedAt:      time.UnixMilli(d.userAt[i]).UTC(),
			FollowersCount: int(d.followers[i]), FriendsCount: int(d.off[i+1] - d.off[i]),
			BiFollowersCount: int(d.bi[i]), StatusesCount: int(d.posts[i]),
			Privacy: domain.DefaultPrivacy(), // what the users table's defaults give a bulk-loaded row
		}
		if int(d.followers[i]) >= d.cfg.CelebrityFollowers {
			u.Verified, u.VerifiedType, u.VerifiedReason = true, 0, "知名博主"
		}
		if err := fn(u); err != nil {
			return err
		}
	}
	return nil
}

// EachFollow calls fn with every follow edge in primary-key order
// (follower, followee).
func (d *Dataset) EachFollow(fn func(f Follow) error) error {
	r := newRand(d.cfg.Seed, streamFollows+100)
	now := d.cfg.Now.UnixMilli() - 60_000
	for u := range d.userID {
		for _, v := range d.followees(u) {
			from := max(d.userAt[u], d.userAt[v])
			at := from + r.Int64N(max(now-from, 1))
			if err := fn(Follow{Follower: d.userID[u], Followee: d.userID[v], At: time.UnixMilli(at).UTC()}); err != nil {
				return err
			}
		}
	}
	return nil
}

// EachStatus calls fn with every status in id order.
func (d *Dataset) EachStatus(fn func(s *Status) error) error {
	for i := range d.stID {
		own, full := d.statusText(i)
		st := &Status{Status: domain.Status{
			ID: d.stID[i], UserID: d.userID[d.stAuthor[i]], Text: full,
			CreatedAt:    time.UnixMilli(d.stAt[i]).UTC(),
			RepostsCount: int(d.stReposts[i]), CommentsCount: int(d.stComments[i]),
		}}
		if d.stPrivate[i] {
			st.Visible.Type = domain.VisiblePrivate
		}
		if p := d.stParent[i]; p >= 0 {
			st.ParentID, st.RetweetedID = d.stID[p], d.stID[d.stRoot[i]]
		}
		// Entities come from what the author typed, as core.PostStatus and
		// core.Repost extract them: a repost's chain is not re-mentioned.
		ent := text.Extract(own)
		st.Mentions = d.resolve(ent.Mentions, d.stAuthor[i])
		st.Topics = sortedUnique(ent.Topics)
		st.Links = sortedUnique(ent.URLs)
		if err := fn(st); err != nil {
			return err
		}
	}
	return nil
}

// EachComment calls fn with every comment in id order.
func (d *Dataset) EachComment(fn func(c *Comment) error) error {
	for k := range d.cmID {
		s := d.cmStatus[k]
		c := &Comment{Comment: domain.Comment{
			ID: d.cmID[k], StatusID: d.stID[s], UserID: d.userID[d.cmAuthor[k]], Text: d.commentText(k),
			CreatedAt: time.UnixMilli(d.cmAt[k]).UTC(),
		}, StatusUserID: d.userID[d.stAuthor[s]]}
		if p := d.cmReply[k]; p >= 0 {
			c.ReplyID, c.ReplyUserID = d.cmID[p], d.userID[d.cmAuthor[p]]
		}
		c.Mentions = d.resolve(text.Extract(c.Text).Mentions, d.cmAuthor[k])
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// resolve turns mentioned names into sorted user ids, dropping unknown
// names and the author, as core.mentionTargets does.
func (d *Dataset) resolve(names []string, author int32) []int64 {
	var out []int64
	for _, n := range names {
		if i, ok := d.nameIdx[n]; ok && i != author {
			out = append(out, d.userID[i])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func sortedUnique(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// mentionee is someone the author plausibly mentions: one of their followees.
func (d *Dataset) mentionee(r *rand.Rand, author int32) int32 {
	if f := d.followees(int(author)); len(f) > 0 {
		return f[r.IntN(len(f))]
	}
	return int32(r.IntN(len(d.names)))
}

// statusText returns what the author typed and the stored text (the typed
// text plus, for a repost of a repost, the //@chain).
func (d *Dataset) statusText(i int) (own, full string) {
	r := newRand(d.cfg.Seed^streamStatusText<<32, uint64(i))
	a := d.stAuthor[i]
	p := d.stParent[i]
	if p < 0 {
		t := d.originalText(r, a)
		return t, t
	}
	own = pick(r, repostPhrases)
	if own != "" && r.Float64() < 0.2 {
		own += " @" + d.names[d.mentionee(r, a)] + " "
	}
	if own == "" {
		own = DefaultRepostText
	}
	full = own
	if d.stRoot[i] != p { // the parent is itself a repost: quote it
		_, parentFull := d.statusText(int(p))
		full = fitChain(own, "//@"+d.names[d.stAuthor[p]]+":"+parentFull)
	}
	return own, full
}

func (d *Dataset) originalText(r *rand.Rand, a int32) string {
	var b strings.Builder
	if r.Float64() < 0.2 {
		b.WriteString("#" + pick(r, topics) + "# ")
	}
	b.WriteString(pick(r, subjects))
	b.WriteString(pick(r, predicates))
	b.WriteString("，")
	b.WriteString(pick(r, comments))
	b.WriteString(pick(r, []string{"。", "！", "~", "…", "！！"}))
	if r.Float64() < 0.4 {
		b.WriteString(pick(r, emoticons))
	}
	if r.Float64() < 0.15 {
		b.WriteString(" #" + pick(r, topics) + "#")
	}
	if r.Float64() < 0.25 {
		// A space or punctuation must end a mention: CJK letters would
		// otherwise run on as part of the name.
		b.WriteString(" @" + d.names[d.mentionee(r, a)] + " ")
		if r.Float64() < 0.2 {
			b.WriteString("@" + d.names[d.mentionee(r, a)] + " ")
		}
	}
	if r.Float64() < 0.1 {
		b.WriteString(" " + pick(r, linkHosts) + randAlnum(r, 7) + " ")
	}
	t := strings.TrimSpace(b.String())
	if text.Count(t) > text.MaxStatusLen { // cannot happen with these lists; stay valid if they grow
		t = string([]rune(t)[:text.MaxStatusLen])
	}
	return t
}

func (d *Dataset) commentText(k int) string {
	r := newRand(d.cfg.Seed^streamCommentText<<32, uint64(k))
	a := d.cmAuthor[k]
	body := pick(r, commentPhrases)
	if r.Float64() < 0.3 {
		body += pick(r, emoticons)
	}
	if r.Float64() < 0.1 {
		body += " @" + d.names[d.mentionee(r, a)] + " "
	}
	body = strings.TrimSpace(body)
	if p := d.cmReply[k]; p >= 0 {
		// core.CreateComment's form of a reply.
		body = "回复@" + d.names[d.cmAuthor[p]] + ":" + body
	}
	return body
}

const alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

func randAlnum(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	return string(b)
}

// fitChain is core.fitChain: the author's words plus as much of the chain
// as fits in 140.
func fitChain(own, chain string) string {
	full := own + chain
	if text.Count(full) <= text.MaxStatusLen {
		return full
	}
	rs := []rune(chain)
	lo, hi := 0, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if text.Count(own+string(rs[:mid])) <= text.MaxStatusLen {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return own + string(rs[:lo])
}

// UserRef names a seeded user.
type UserRef struct {
	ID         int64
	ScreenName string
	Followers  int
	Followees  int
}

func (d *Dataset) ref(i int) UserRef {
	return UserRef{ID: d.userID[i], ScreenName: d.names[i], Followers: int(d.followers[i]),
		Followees: int(d.off[i+1] - d.off[i])}
}

// Celebrity returns the user with the most followers.
func (d *Dataset) Celebrity() UserRef {
	best := 0
	for i, f := range d.followers {
		if f > d.followers[best] {
			best = i
		}
	}
	return d.ref(best)
}

// Celebrities counts users with at least CelebrityFollowers followers.
func (d *Dataset) Celebrities() int {
	n := 0
	for _, f := range d.followers {
		if int(f) >= d.cfg.CelebrityFollowers {
			n++
		}
	}
	return n
}

// Sample returns n distinct users drawn uniformly (deterministically for
// the seed), in draw order: the "random warm users" of load tests.
func (d *Dataset) Sample(n int) []UserRef {
	n = min(n, len(d.userID))
	r := newRand(d.cfg.Seed, streamSample)
	perm := r.Perm(len(d.userID))[:n]
	out := make([]UserRef, n)
	for k, i := range perm {
		out[k] = d.ref(i)
	}
	return out
}

// FollowStats summarises the follow graph.
type FollowStats struct {
	MeanFollowees, MedianFollowers, MaxFollowers float64
}

// FollowStats returns follower-count statistics, for the summary.
func (d *Dataset) FollowStats() FollowStats {
	f := slices.Clone(d.followers)
	slices.Sort(f)
	n := len(f)
	return FollowStats{
		MeanFollowees:   float64(len(d.to)) / float64(max(n, 1)),
		MedianFollowers: float64(f[n/2]),
		MaxFollowers:    float64(f[n-1]),
	}
}

// Follows reports whether the user follower follows followee (both ids of
// seeded users).
func (d *Dataset) Follows(follower, followee int64) bool {
	u, ok := slices.BinarySearch(d.userID, follower) // ids grow with the index
	if !ok {
		return false
	}
	v, ok := slices.BinarySearch(d.userID, followee)
	if !ok {
		return false
	}
	_, ok = slices.BinarySearch(d.followees(u), int32(v))
	return ok
}
