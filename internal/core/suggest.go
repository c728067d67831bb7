package core

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/schools"
	"github.com/weibo-server/weibo/internal/text"
)

// Suggestions: type-ahead (search/suggestions/*), topics (search/topics)
// and recommendations (suggestions/*). Every answer is computed from what
// the server holds, by rules written out below, and nothing the viewer may
// not see (a private status, a hidden user) goes into one.

// SuggestMaxCount bounds every suggestion list.
const SuggestMaxCount = 50

// maxQueryRunes bounds a type-ahead query.
const maxQueryRunes = 64

func suggestQuery(q string) (string, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return "", domain.MissingParam("q")
	}
	if utf8.RuneCountInString(q) > maxQueryRunes {
		return "", domain.BadParam("q", fmt.Sprintf("at most %d characters", maxQueryRunes), q)
	}
	return q, nil
}

// UserSuggestion is one entry of search/suggestions/users.
type UserSuggestion struct {
	User *domain.User
}

// SuggestUsers completes a typed name: users whose screen name, its pinyin
// or its pinyin initials start with q (text.NameKeys; Chinese input also by
// its pinyin, so homophones are found). Names starting with q itself come
// first, then by followers. The spec's hint that Sina listed only users
// above a follower threshold is met by that order rather than a cut-off,
// which would leave a small server's suggestions empty. Users the viewer
// marked not interested are left out. Remarks (the viewer's notes on
// people) join the match through remarks() once the social area has them.
func (s *Service) SuggestUsers(ctx context.Context, viewer int64, q string, count int) ([]*domain.User, error) {
	q, err := suggestQuery(q)
	if err != nil {
		return nil, err
	}
	count = min(max(count, 1), SuggestMaxCount)
	var cands []int64
	for _, k := range text.QueryKeys(q) {
		got, err := s.store.UserIDsByNameKey(ctx, k, 200)
		if err != nil {
			return nil, err
		}
		cands = append(cands, got...)
	}
	if strings.Contains(q, "@") {
		// An e-mail address finds its owner when they allow it (privacy).
		u, err := s.store.UserByEmail(ctx, strings.ToLower(q))
		if err != nil && !domain.IsKind(err, domain.KindNotFound) {
			return nil, err
		}
		if err == nil && u.Privacy.FindByEmail {
			cands = append(cands, u.ID)
		}
	}
	rem, err := s.remarks(ctx, viewer)
	if err != nil {
		return nil, err
	}
	for uid, r := range rem {
		if m, _ := text.MatchName(r, q); m {
			cands = append(cands, uid)
		}
	}
	users, err := s.store.UsersByIDs(ctx, cands)
	if err != nil {
		return nil, err
	}
	hidden, err := s.hiddenSet(ctx, viewer)
	if err != nil {
		return nil, err
	}
	var out []*domain.User
	exact := map[int64]bool{}
	for _, u := range users {
		if hidden[u.ID] {
			continue
		}
		_, e := text.MatchName(u.ScreenName, q)
		exact[u.ID] = e
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if exact[a.ID] != exact[b.ID] {
			return exact[a.ID]
		}
		if a.FollowersCount != b.FollowersCount {
			return a.FollowersCount > b.FollowersCount
		}
		return a.ID < b.ID
	})
	return out[:min(len(out), count)], nil
}

// remarks are the viewer's remarks (备注) on other users, by user id
// (remark.go sets them).
func (s *Service) remarks(ctx context.Context, viewer int64) (map[int64]string, error) {
	if viewer == 0 {
		return nil, nil
	}
	return s.store.Remarks(ctx, viewer)
}

func (s *Service) hiddenSet(ctx context.Context, viewer int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if viewer == 0 {
		return out, nil
	}
	ids, err := s.store.HiddenFromSuggestions(ctx, viewer)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// AtUser is one entry of search/suggestions/at_users.
type AtUser struct {
	ID       int64
	Nickname string
	Remark   string
}

// Bounds of at_users' candidate pools (the spec's ranges of count).
const (
	atFollowingPool = 2000
	atFollowersPool = 1000
)

// SuggestAtUsers completes an @name from the viewer's own circle: typ 0
// the people the viewer follows (newest follow first), typ 1 the viewer's
// followers, those the viewer follows back first. rng chooses what q is
// matched against: 0 nickname, 1 remark, 2 both (names as SuggestUsers
// matches them, pinyin included).
func (s *Service) SuggestAtUsers(ctx context.Context, viewer int64, q string, typ, rng, count int) ([]AtUser, error) {
	q, err := suggestQuery(q)
	if err != nil {
		return nil, err
	}
	if typ != 0 && typ != 1 {
		return nil, domain.BadParam("type", "0 or 1", fmt.Sprint(typ))
	}
	if rng < 0 || rng > 2 {
		return nil, domain.BadParam("range", "0, 1 or 2", fmt.Sprint(rng))
	}
	pool := atFollowingPool
	list := s.store.FriendIDs
	if typ == 1 {
		pool, list = atFollowersPool, s.store.FollowerIDs
	}
	count = min(max(count, 1), pool)
	ids, _, err := list(ctx, viewer, domain.Cursor{Count: pool})
	if err != nil {
		return nil, err
	}
	if typ == 1 && len(ids) > 0 {
		rels, err := s.store.Relationships(ctx, viewer, ids)
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(ids, func(a, b int64) int {
			fa, fb := rels[a].Following, rels[b].Following
			switch {
			case fa && !fb:
				return -1
			case fb && !fa:
				return 1
			}
			return 0
		})
	}
	users, err := s.store.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	rem, err := s.remarks(ctx, viewer)
	if err != nil {
		return nil, err
	}
	out := []AtUser{}
	for _, id := range ids {
		u := users[id]
		if u == nil {
			continue
		}
		m := false
		if rng != 1 {
			m, _ = text.MatchName(u.ScreenName, q)
		}
		if !m && rng != 0 && rem[id] != "" {
			m, _ = text.MatchName(rem[id], q)
		}
		if m {
			out = append(out, AtUser{ID: id, Nickname: u.ScreenName, Remark: rem[id]})
			if len(out) == count {
				break
			}
		}
	}
	return out, nil
}

// SuggestSchools finds schools of the embedded list (internal/schools) whose
// name contains q; typ 0 is every kind, else schools.Type's numbering.
func (s *Service) SuggestSchools(q string, typ, count int) ([]schools.School, error) {
	q, err := suggestQuery(q)
	if err != nil {
		return nil, err
	}
	if typ < 0 || typ > 5 {
		return nil, domain.BadParam("type", "0 to 5", fmt.Sprint(typ))
	}
	return schools.Find(q, typ, min(max(count, 1), SuggestMaxCount)), nil
}

// SuggestCompanies completes an employer's name from what users entered:
// the organisation part of verification reasons ("新浪网 产品经理" → 新浪网),
// the only employer data profiles hold so far; a career field, when
// profiles get one, joins here.
func (s *Service) SuggestCompanies(ctx context.Context, q string, count int) ([]string, error) {
	q, err := suggestQuery(q)
	if err != nil {
		return nil, err
	}
	count = min(max(count, 1), SuggestMaxCount)
	reasons, err := s.store.VerifiedReasons(ctx, q, 4*count)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, r := range reasons {
		org, _, _ := strings.Cut(strings.TrimSpace(r), " ")
		if strings.Contains(strings.ToLower(org), strings.ToLower(q)) && !slices.Contains(out, org) {
			out = append(out, org)
			if len(out) == count {
				break
			}
		}
	}
	return out, nil
}

// SuggestApps finds registered apps whose name contains q, with how many
// users authorized each (live tokens), most used first.
func (s *Service) SuggestApps(ctx context.Context, q string, count int) ([]domain.AppMembers, error) {
	q, err := suggestQuery(q)
	if err != nil {
		return nil, err
	}
	return s.store.AppsByName(ctx, q, min(max(count, 1), SuggestMaxCount))
}

// TopicStatuses is search/topics: statuses carrying #q# that the viewer may
// see, newest first.
func (s *Service) TopicStatuses(ctx context.Context, viewer int64, q string, p domain.Page) (*StatusList, error) {
	topic, err := suggestQuery(strings.Trim(strings.TrimSpace(q), "#"))
	if err != nil {
		return nil, err
	}
	if p.Offset()+p.Count > SearchMaxDepth {
		return &StatusList{}, nil
	}
	ids, total, err := s.store.TopicStatusIDs(ctx, topic, domain.StatusQuery{Page: p, Viewer: viewer})
	if err != nil {
		return nil, err
	}
	items, hidden, err := s.listViews(ctx, viewer, ids)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: total, Hidden: hidden}, nil
}

// ---- suggestions/users/hot ----

// HotCategories are suggestions/users/hot's categories (the 2013 list and
// the older SDKs' names). Each is defined by words of the index: a
// category's users are those who wrote about its words in the last 30
// days. default is everyone.
var HotCategories = map[string][]string{
	"default": nil,
	"ent":     {"电影", "明星", "综艺", "追剧", "演唱会", "娱乐"}, "music": {"音乐", "歌手", "唱歌", "演唱会", "专辑"},
	"sports": {"体育", "足球", "篮球", "跑步", "健身", "世界杯", "比赛"}, "fashion": {"时尚", "穿搭", "美妆", "衣服"},
	"art": {"艺术", "摄影", "画画", "展览", "设计"}, "cartoon": {"动漫", "漫画", "动画"},
	"games": {"游戏", "电竞", "手游"}, "trip": {"旅行", "旅游", "日出", "海边", "爬山"},
	"food": {"美食", "火锅", "咖啡", "早餐", "红烧肉", "饺子", "面馆"}, "health": {"健康", "减肥", "养生", "医生"},
	"literature": {"读书", "小说", "文学", "诗歌", "作家"}, "stock": {"股票", "股市", "基金"},
	"business": {"商业", "创业", "职场", "公司"}, "tech": {"科技", "数码", "手机", "程序员", "代码", "互联网"},
	"house": {"房子", "房价", "装修"}, "auto": {"汽车", "开车", "自驾"}, "fate": {"星座", "运势"},
	"govern": {"政务", "政府", "公安"}, "medium": {"新闻", "媒体", "记者"}, "marketer": {"营销", "广告", "推广"},
	// Older SDKs' names, mapped to the category they mean.
	"hk_famous": {"香港", "明星"}, "model": {"模特", "时尚"}, "cooking": {"美食", "做饭", "厨师"},
	"finance": {"财经", "股票", "基金"}, "singer": {"歌手", "唱歌"}, "writer": {"作家", "写作", "小说"},
	"moderator": {"主持人", "节目"}, "stockplayer": {"股票", "股市"},
}

// Hot-user scoring: transparent, over the last hotWindow.
const (
	hotWindow       = 7 * 24 * time.Hour
	hotCategorySpan = 30 * 24 * time.Hour
	hotCandidates   = 200
	hotShown        = 20
	hotCacheTTL     = 10 * time.Minute
)

type hotEntry struct {
	ids     []int64
	expires time.Time
}

var hotCache sync.Map // category → hotEntry (per process; all viewers share it)

// HotUsers lists popular users of a category: score = 3 × followers gained
// in the last 7 days + statuses posted in the last 7 days + log2(1 +
// followers), among the 200 most followed users (default) or the authors
// who wrote about the category's words in the last 30 days. The ranking is
// shared and cached for 10 minutes; the viewer, people they already follow
// and people they marked not interested are then left out. An unknown
// category is an empty list (the spec's rule).
func (s *Service) HotUsers(ctx context.Context, viewer int64, category string) ([]*UserView, error) {
	words, ok := HotCategories[category]
	if !ok {
		return []*UserView{}, nil
	}
	ranked, err := s.hotRanking(ctx, category, words)
	if err != nil {
		return nil, err
	}
	keep, err := s.notYetFollowed(ctx, viewer, ranked)
	if err != nil {
		return nil, err
	}
	return s.userViews(ctx, viewer, keep[:min(len(keep), hotShown)], false)
}

func (s *Service) hotRanking(ctx context.Context, category string, words []string) ([]int64, error) {
	if e, ok := hotCache.Load(category); ok && s.now().Before(e.(hotEntry).expires) {
		return e.(hotEntry).ids, nil
	}
	var cands []int64
	var err error
	if words == nil {
		if cands, err = s.store.MostFollowedIDs(ctx, hotCandidates); err != nil {
			return nil, err
		}
	} else if cands, err = s.authorsWriting(ctx, 0, strings.Join(words, " "), s.now().Add(-hotCategorySpan), hotCandidates); err != nil {
		return nil, err
	}
	since := s.now().Add(-hotWindow)
	growth, err := s.store.NewFollowerCounts(ctx, cands, since)
	if err != nil {
		return nil, err
	}
	activity, err := s.store.StatusCountsSince(ctx, cands, ids.MinIDAt(since)-1)
	if err != nil {
		return nil, err
	}
	users, err := s.store.UsersByIDs(ctx, cands)
	if err != nil {
		return nil, err
	}
	score := map[int64]float64{}
	var ranked []int64
	for _, id := range cands {
		u := users[id]
		if u == nil || u.Silenced {
			continue
		}
		score[id] = 3*float64(growth[id]) + float64(activity[id]) + math.Log2(1+float64(u.FollowersCount))
		ranked = append(ranked, id)
	}
	slices.SortStableFunc(ranked, func(a, b int64) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	hotCache.Store(category, hotEntry{ids: ranked, expires: s.now().Add(hotCacheTTL)})
	return ranked, nil
}

// authorsWriting: authors of statuses the viewer may see that hold any of
// words (segmented), posted since, most such statuses first, at most limit.
func (s *Service) authorsWriting(ctx context.Context, viewer int64, words string, since time.Time, limit int) ([]int64, error) {
	if s.search == nil {
		return nil, nil
	}
	q := domain.StatusSearch{Words: words, AnyWord: true, SinceID: ids.MinIDAt(since) - 1}
	found, _, _, err := s.searchVisible(ctx, viewer, q, 4*limit)
	if err != nil {
		return nil, err
	}
	sts, err := s.store.StatusesByIDs(ctx, found)
	if err != nil {
		return nil, err
	}
	n := map[int64]int{}
	var order []int64
	for _, id := range found {
		if st := sts[id]; st != nil {
			if n[st.UserID] == 0 {
				order = append(order, st.UserID)
			}
			n[st.UserID]++
		}
	}
	slices.SortStableFunc(order, func(a, b int64) int { return n[b] - n[a] })
	return order[:min(len(order), limit)], nil
}

// notYetFollowed drops from ids the viewer, whom they follow, whom they
// marked not interested and silenced accounts, keeping the order.
func (s *Service) notYetFollowed(ctx context.Context, viewer int64, ids []int64) ([]int64, error) {
	hidden, err := s.hiddenSet(ctx, viewer)
	if err != nil {
		return nil, err
	}
	rels := map[int64]domain.Relationship{}
	if viewer != 0 && len(ids) > 0 {
		if rels, err = s.store.Relationships(ctx, viewer, ids); err != nil {
			return nil, err
		}
	}
	// Silenced accounts are never suggested (issue 17).
	users, err := s.store.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if u := users[id]; u != nil && u.Silenced {
			continue
		}
		if id != viewer && !hidden[id] && !rels[id].Following {
			out = append(out, id)
		}
	}
	return out, nil
}

// ---- suggestions/users/may_interested ----

// Interest is one may_interested suggestion and why: Kind "f" (followed by
// N of the people the viewer follows, listed in Via) or "h" (follows the
// viewer, who does not follow back; Via lists mutual contacts, N of them).
type Interest struct {
	UserID int64
	Kind   string
	Via    []int64
	N      int
}

// Bounds of the friends-of-friends walk.
const (
	fofFollowees = 500   // the viewer's newest followees looked through
	fofEdges     = 20000 // their follow edges read at most
	fofFans      = 200   // the viewer's newest followers considered for "h"
	fofPool      = 200   // suggestions ranked in all
	fofVia       = 10    // uids listed per reason
)

// MayInterest suggests people through the viewer's circle: friends of
// friends ("f"), most shared first, then followers the viewer does not
// follow back ("h"), most mutual contacts first. Already followed, the
// viewer and people marked not interested are left out.
func (s *Service) MayInterest(ctx context.Context, viewer int64, c domain.Cursor) ([]Interest, error) {
	followees, _, err := s.store.FriendIDs(ctx, viewer, domain.Cursor{Count: fofFollowees})
	if err != nil {
		return nil, err
	}
	edges, err := s.store.FolloweesOf(ctx, followees, fofEdges)
	if err != nil {
		return nil, err
	}
	via := map[int64][]int64{}
	var cands []int64
	for _, e := range edges {
		if len(via[e.To]) == 0 {
			cands = append(cands, e.To)
		}
		via[e.To] = append(via[e.To], e.From)
	}
	fans, _, err := s.store.FollowerIDs(ctx, viewer, domain.Cursor{Count: fofFans})
	if err != nil {
		return nil, err
	}
	keep, err := s.notYetFollowed(ctx, viewer, append(slices.Clone(cands), fans...))
	if err != nil {
		return nil, err
	}
	ok := map[int64]bool{}
	for _, id := range keep {
		ok[id] = true
	}
	var out []Interest
	for _, id := range cands {
		if ok[id] {
			out = append(out, Interest{UserID: id, Kind: "f", Via: via[id][:min(len(via[id]), fofVia)], N: len(via[id])})
		}
	}
	slices.SortStableFunc(out, func(a, b Interest) int { return b.N - a.N })
	out = out[:min(len(out), fofPool)]
	var hs []Interest
	for _, id := range fans {
		if ok[id] && len(via[id]) == 0 && len(out)+len(hs) < fofPool {
			common, total, err := s.store.CommonFriendIDs(ctx, viewer, id, domain.Cursor{Count: fofVia})
			if err != nil {
				return nil, err
			}
			hs = append(hs, Interest{UserID: id, Kind: "h", Via: common, N: total})
		}
	}
	slices.SortStableFunc(hs, func(a, b Interest) int { return b.N - a.N })
	out = append(out, hs...)
	off := min(c.Cursor, len(out))
	return out[off:min(len(out), off+c.Count)], nil
}

// ---- suggestions/users/by_status ----

// byStatusWords is how many words of a text by_status looks up.
const byStatusWords = 5

// UsersByStatus suggests people who write about what content says: its
// most telling words (the index's Keywords: rare words first, stop words
// out) are searched in what the viewer may see, and authors are ranked by
// how many of those words they used, then how often. The viewer, people
// they follow and people marked not interested are left out.
func (s *Service) UsersByStatus(ctx context.Context, viewer int64, content string, num int) ([]*UserView, error) {
	if strings.TrimSpace(content) == "" {
		return nil, domain.MissingParam("content")
	}
	if s.search == nil {
		return nil, domain.E(domain.KindUnavailable, domain.ReasonNone, "search is not configured")
	}
	num = min(max(num, 1), SuggestMaxCount)
	words, err := s.search.Keywords(ctx, content, byStatusWords)
	if err != nil {
		return nil, err
	}
	wordsOf := map[int64]int{}
	posts := map[int64]int{}
	var order []int64
	for _, w := range words {
		found, _, _, err := s.searchVisible(ctx, viewer, domain.StatusSearch{Words: w}, 100)
		if err != nil {
			return nil, err
		}
		sts, err := s.store.StatusesByIDs(ctx, found)
		if err != nil {
			return nil, err
		}
		seen := map[int64]bool{}
		for _, id := range found {
			st := sts[id]
			if st == nil {
				continue
			}
			if wordsOf[st.UserID] == 0 && posts[st.UserID] == 0 {
				order = append(order, st.UserID)
			}
			posts[st.UserID]++
			if !seen[st.UserID] {
				seen[st.UserID] = true
				wordsOf[st.UserID]++
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int64) int {
		if wordsOf[a] != wordsOf[b] {
			return wordsOf[b] - wordsOf[a]
		}
		return posts[b] - posts[a]
	})
	keep, err := s.notYetFollowed(ctx, viewer, order)
	if err != nil {
		return nil, err
	}
	return s.userViews(ctx, viewer, keep[:min(len(keep), num)], false)
}

// NotInterested records that the viewer never wants uid suggested again
// (by users/hot, may_interested, by_status and search/suggestions/users),
// and returns uid's user.
func (s *Service) NotInterested(ctx context.Context, viewer, uid int64) (*UserView, error) {
	if uid <= 0 {
		return nil, domain.BadParam("uid", "a user id", fmt.Sprint(uid))
	}
	if _, err := s.ResolveUser(ctx, UserRef{ID: uid}); err != nil {
		return nil, err
	}
	if uid == viewer {
		return nil, domain.BadParam("uid", "another user than yourself", fmt.Sprint(uid))
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.HideFromSuggestions(ctx, viewer, uid, s.now()) })
	if err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, viewer, uid)
}

// ---- suggestions/statuses/reorder ----

// Bounds and weights of the interest score.
const (
	// ReorderMaxSection is the longest section the spec allows (24 h).
	ReorderMaxSection = 24 * time.Hour
	// reorderPool is the most recent home statuses ranked.
	reorderPool = 500
	// interactionSpan is how far back the viewer's comments and reposts count.
	interactionSpan = 90 * 24 * time.Hour
	// reorderFollowedTopics is how many of the viewer's followed topics
	// (the most recently followed) count as theirs.
	reorderFollowedTopics = 200
)

// InterestScore is the transparent score by which reorder ranks a home
// timeline status for its viewer:
//
//	2.0 × ln(1 + the viewer's comments on and reposts of the author's
//	            statuses in the last 90 days)        — people you engage with
//	+ 1.5 × topics of the status the viewer follows (trends/follow) or
//	            also wrote about in the last 90 days  — what you care about
//	+ 0.5 × ln(1 + the status's reposts + comments)  — what others engage with
//	+ 1.0 × 1/(1 + age in hours / 6)                 — freshness, halved at 6 h
//
// Ties keep the newer status first.
func InterestScore(interactions, sharedTopics, engagement int, age time.Duration) float64 {
	return 2.0*math.Log1p(float64(interactions)) + 1.5*float64(sharedTopics) +
		0.5*math.Log1p(float64(engagement)) + 1.0/(1+age.Hours()/6)
}

// ReorderHome ranks the viewer's home timeline statuses of the last
// section by InterestScore and returns the page p.
func (s *Service) ReorderHome(ctx context.Context, v domain.Viewer, section time.Duration, p domain.Page) (*StatusList, error) {
	if section <= 0 || section > ReorderMaxSection {
		return nil, domain.BadParam("section", "seconds in [1, 86400]", fmt.Sprint(int64(section.Seconds())))
	}
	now := s.now()
	since := ids.MinIDAt(now.Add(-section)) - 1
	homeIDs, err := s.store.HomeStatusIDs(ctx, v.UserID, domain.StatusQuery{Viewer: v.UserID,
		Page: domain.Page{SinceID: since, Count: reorderPool}})
	if err != nil {
		return nil, err
	}
	sts, err := s.statusesByIDs(ctx, homeIDs)
	if err != nil {
		return nil, err
	}
	inter, err := s.store.Interactions(ctx, v.UserID, ids.MinIDAt(now.Add(-interactionSpan))-1)
	if err != nil {
		return nil, err
	}
	mine, err := s.store.TopicsOfUser(ctx, v.UserID, ids.MinIDAt(now.Add(-interactionSpan))-1, 200)
	if err != nil {
		return nil, err
	}
	followed, _, err := s.store.FollowedTopics(ctx, v.UserID, domain.Page{Count: reorderFollowedTopics, Page: 1})
	if err != nil {
		return nil, err
	}
	for _, t := range followed {
		if !slices.Contains(mine, t.Name) {
			mine = append(mine, t.Name)
		}
	}
	topics, err := s.store.TopicsOfStatuses(ctx, homeIDs)
	if err != nil {
		return nil, err
	}
	score := map[int64]float64{}
	for _, st := range sts {
		shared := 0
		for _, t := range topics[st.ID] {
			if slices.Contains(mine, t) {
				shared++
			}
		}
		score[st.ID] = InterestScore(inter[st.UserID], shared, st.RepostsCount+st.CommentsCount, now.Sub(st.CreatedAt))
	}
	slices.SortStableFunc(sts, func(a, b *domain.Status) int {
		switch {
		case score[a.ID] > score[b.ID]:
			return -1
		case score[a.ID] < score[b.ID]:
			return 1
		case a.ID > b.ID:
			return -1
		case a.ID < b.ID:
			return 1
		}
		return 0
	})
	total := len(sts)
	off := min(p.Offset(), total)
	page := sts[off:min(total, off+p.Count)]
	items, err := s.views(ctx, v.UserID, page, true)
	if err != nil {
		return nil, err
	}
	return &StatusList{Items: items, Total: total, Hidden: len(items) < len(page)}, nil
}
