package core

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/ids"
	"github.com/weibo-server/weibo/internal/text"
)

// Trends (trends.md): the #话题# that core extracts from every status are
// ranked over real windows of time (the last hour, day, week), and people
// follow topics by name. Rankings count public statuses that are not
// deleted, so they say nothing of what only some may see.

// TrendPeriod is the window of a ranking.
type TrendPeriod int

const (
	TrendHourly TrendPeriod = iota
	TrendDaily
	TrendWeekly
)

// length is the window's duration; size how many topics it ranks
// (trends.md: typically 10 hourly, up to 20).
func (p TrendPeriod) length() time.Duration {
	switch p {
	case TrendDaily:
		return 24 * time.Hour
	case TrendWeekly:
		return 7 * 24 * time.Hour
	}
	return time.Hour
}

func (p TrendPeriod) size() int {
	if p == TrendHourly {
		return 10
	}
	return 20
}

// trendTTL is how long a ranking is served before it is computed again: a
// new post shows within seconds, and a burst of readers costs one query.
const trendTTL = 5 * time.Second

// HotTopic is one entry of a ranking: how many statuses of the window
// carry the topic, and the change since the window before.
type HotTopic struct {
	Name   string
	Amount int
	Delta  int
}

// TrendList is a ranking of the window [Start, AsOf).
type TrendList struct {
	Period TrendPeriod
	Start  time.Time
	AsOf   time.Time
	Topics []HotTopic
}

type trendKey struct {
	period TrendPeriod
	app    int64
}

// trendCache keeps the rankings per node for trendTTL.
type trendCache struct {
	mu sync.Mutex
	m  map[trendKey]*TrendList
}

// HotTopics ranks the topics of the period's window ending now; baseApp
// counts only the statuses posted through the viewer's app.
func (s *Service) HotTopics(ctx context.Context, v domain.Viewer, period TrendPeriod, baseApp bool) (*TrendList, error) {
	key := trendKey{period: period}
	if baseApp {
		key.app = v.AppID
		if key.app == 0 {
			// No app: nothing was posted through it.
			now := s.now()
			return &TrendList{Period: period, Start: now.Add(-period.length()), AsOf: now, Topics: []HotTopic{}}, nil
		}
	}
	now := s.now()
	s.trends.mu.Lock()
	l := s.trends.m[key]
	s.trends.mu.Unlock()
	if l != nil && !now.Before(l.AsOf) && now.Sub(l.AsOf) < trendTTL {
		return l, nil
	}
	d := period.length()
	w := domain.TopicWindow{From: now.Add(-d), To: now.Add(time.Millisecond), AppID: key.app}
	w.MinID = ids.MinIDAt(w.From)
	hot, err := s.store.HotTopics(ctx, w, period.size())
	if err != nil {
		return nil, fmt.Errorf("hot topics: %w", err)
	}
	names := make([]string, len(hot))
	for i, h := range hot {
		names[i] = h.Topic
	}
	prev := domain.TopicWindow{From: w.From.Add(-d), To: w.From, AppID: key.app}
	prev.MinID = ids.MinIDAt(prev.From)
	before, err := s.store.TopicCountsIn(ctx, prev, names)
	if err != nil {
		return nil, fmt.Errorf("hot topics: %w", err)
	}
	l = &TrendList{Period: period, Start: w.From, AsOf: now, Topics: make([]HotTopic, len(hot))}
	for i, h := range hot {
		l.Topics[i] = HotTopic{Name: h.Topic, Amount: h.Count, Delta: h.Count - before[h.Topic]}
	}
	s.trends.mu.Lock()
	if s.trends.m == nil {
		s.trends.m = map[trendKey]*TrendList{}
	}
	s.trends.m[key] = l
	s.trends.mu.Unlock()
	return l, nil
}

// trendName is the topic a client names: its text, without the '#' marks
// around it if it was sent with them. It must be a topic core could have
// extracted (one line, no '#', at most text.MaxTopicLen characters).
func trendName(raw string) (string, error) {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(t, "#") && strings.HasSuffix(t, "#") && len(t) >= 2 {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if t == "" {
		return "", domain.E(domain.KindInvalid, domain.ReasonTrendNameNull, "trend_name is null")
	}
	if strings.ContainsAny(t, "#\r\n") || utf8.RuneCountInString(t) > text.MaxTopicLen {
		return "", domain.BadParam("trend_name", fmt.Sprintf("a topic of at most %d characters without '#'", text.MaxTopicLen), t)
	}
	return t, nil
}

// FollowedTopic is a topic someone follows, with how many public statuses
// carry it.
type FollowedTopic struct {
	domain.Topic
	Statuses int
}

// FollowedTopics lists the topics user uid follows (anyone may read them),
// newest follow first.
func (s *Service) FollowedTopics(ctx context.Context, uid int64, p domain.Page) ([]FollowedTopic, error) {
	if _, err := s.UserByID(ctx, uid); err != nil {
		return nil, err
	}
	topics, _, err := s.store.FollowedTopics(ctx, uid, p)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	counts, err := s.store.TopicStatusCounts(ctx, names)
	if err != nil {
		return nil, err
	}
	out := make([]FollowedTopic, len(topics))
	for i, t := range topics {
		out[i] = FollowedTopic{Topic: t, Statuses: counts[t.Name]}
	}
	return out, nil
}

// FollowsTopic reports whether the viewer follows the topic named name,
// and its id when they do.
func (s *Service) FollowsTopic(ctx context.Context, v domain.Viewer, name string) (int64, bool, error) {
	name, err := trendName(name)
	if err != nil {
		return 0, false, err
	}
	t, err := s.store.TopicByName(ctx, name)
	if domain.IsKind(err, domain.KindNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	ok, err := s.store.FollowsTopic(ctx, v.UserID, t.ID)
	if err != nil || !ok {
		return 0, false, err
	}
	return t.ID, true, nil
}

// FollowTopic makes the viewer follow the topic named name and returns its
// id. Following it again is an error (trends.md: no second id).
func (s *Service) FollowTopic(ctx context.Context, v domain.Viewer, name string) (int64, error) {
	name, err := trendName(name)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		var err error
		if id, err = tx.AddTopic(ctx, s.ids.Next(), name); err != nil {
			return err
		}
		err = tx.FollowTopic(ctx, v.UserID, id, s.now())
		if domain.IsKind(err, domain.KindConflict) {
			return domain.E(domain.KindConflict, domain.ReasonNone, "you follow this topic already")
		}
		return err
	})
	return id, err
}

// UnfollowTopic ends the viewer's follow of topic topicID; a topic they do
// not follow is a bad trend_id.
func (s *Service) UnfollowTopic(ctx context.Context, v domain.Viewer, topicID int64) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		err := tx.UnfollowTopic(ctx, v.UserID, topicID)
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.BadParam("trend_id", "the id of a topic you follow", fmt.Sprint(topicID))
		}
		return err
	})
}
