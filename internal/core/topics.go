package core

import (
	"context"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// Topic ids and topic favourites for every dialect (Tencent's ht/* and
// fav/*ht): a favourite topic is a followed topic (trend.go), and a topic
// gets its id the first time anyone names it for one.

// MaxTopicIDs bounds one lookup of topic ids or infos.
const MaxTopicIDs = 30

// TopicIDs returns the id of each topic name, giving names that have none
// yet their id (one transaction).
func (s *Service) TopicIDs(ctx context.Context, names []string) ([]domain.Topic, error) {
	if len(names) > MaxTopicIDs {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsTooMany, fmt.Sprintf("at most %d topics", MaxTopicIDs))
	}
	clean := make([]string, 0, len(names))
	for _, n := range names {
		t, err := trendName(n)
		if err != nil {
			return nil, err
		}
		clean = append(clean, t)
	}
	var out []domain.Topic
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		out = out[:0]
		for _, n := range clean {
			id, err := tx.AddTopic(ctx, s.ids.Next(), n)
			if err != nil {
				return err
			}
			out = append(out, domain.Topic{ID: id, Name: n})
		}
		return nil
	})
	return out, err
}

// TopicInfo is a topic with its counts.
type TopicInfo struct {
	domain.Topic
	// Followers is how many follow (favourite) it; Statuses how many public
	// statuses carry it.
	Followers, Statuses int
	// FollowedAt is when the user a list is of followed it (zero elsewhere).
	FollowedAt time.Time
}

// TopicInfos describes the topics of ids, in that order; unknown ids are
// left out.
func (s *Service) TopicInfos(ctx context.Context, ids []int64) ([]TopicInfo, error) {
	if len(ids) > MaxTopicIDs {
		return nil, domain.E(domain.KindInvalid, domain.ReasonIDsTooMany, fmt.Sprintf("at most %d topics", MaxTopicIDs))
	}
	topics, err := s.store.TopicsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var list []domain.Topic
	for _, id := range ids {
		if t, ok := topics[id]; ok {
			list = append(list, t)
		}
	}
	return s.topicInfos(ctx, list)
}

func (s *Service) topicInfos(ctx context.Context, list []domain.Topic) ([]TopicInfo, error) {
	ids := make([]int64, len(list))
	names := make([]string, len(list))
	for i, t := range list {
		ids[i], names[i] = t.ID, t.Name
	}
	followers, err := s.store.TopicFollowerCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	statuses, err := s.store.TopicStatusCounts(ctx, names)
	if err != nil {
		return nil, err
	}
	out := make([]TopicInfo, len(list))
	for i, t := range list {
		out[i] = TopicInfo{Topic: t, Followers: followers[t.ID], Statuses: statuses[t.Name]}
	}
	return out, nil
}

// maxFavoriteTopics bounds the favourite topics one list reads.
const maxFavoriteTopics = 500

// FavoriteTopics lists the topics the viewer follows, newest first, with
// their counts and when the viewer followed each.
func (s *Service) FavoriteTopics(ctx context.Context, v domain.Viewer) ([]TopicInfo, error) {
	topics, _, err := s.store.FollowedTopics(ctx, v.UserID, domain.Page{Count: maxFavoriteTopics, Page: 1})
	if err != nil {
		return nil, err
	}
	out, err := s.topicInfos(ctx, topics)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	at, err := s.store.TopicFollowTimes(ctx, v.UserID, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].FollowedAt = at[out[i].ID]
	}
	return out, nil
}

// FavoriteTopic makes the viewer follow topic id (which must exist).
func (s *Service) FavoriteTopic(ctx context.Context, v domain.Viewer, id int64) error {
	topics, err := s.store.TopicsByIDs(ctx, []int64{id})
	if err != nil {
		return err
	}
	t, ok := topics[id]
	if !ok {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "no such topic")
	}
	_, err = s.FollowTopic(ctx, v, t.Name)
	return err
}

// UnfavoriteTopic ends the viewer's follow of topic id.
func (s *Service) UnfavoriteTopic(ctx context.Context, v domain.Viewer, id int64) error {
	err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.UnfollowTopic(ctx, v.UserID, id) })
	if domain.IsKind(err, domain.KindNotFound) {
		return domain.E(domain.KindNotFound, domain.ReasonNone, "not one of your favourite topics")
	}
	return err
}
