package core

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/text"
)

// Tags (tags.md). Status tags are a user's private labels on their own
// statuses: only their owner sees or uses them. User tags are public
// profile keywords from one dictionary shared by every user, so a tag id
// names the same text for all, and its weight is how many users carry it.

// checkTag validates one tag text (trimmed by the caller): letters,
// digits, marks, '_', '-', '·' and, where spaces is set, inner spaces
// (20703 otherwise); at most MaxTagLen Weibo characters, i.e. 7 Chinese or
// 14 half-width ones (21002).
func checkTag(t string, spaces bool) error {
	if t == "" || t != strings.TrimSpace(t) {
		return domain.E(domain.KindInvalid, domain.ReasonTagIllegal, "illegal tag name")
	}
	for _, r := range t {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r), r == '_', r == '-', r == '·':
		case r == ' ' && spaces:
		default:
			return domain.E(domain.KindInvalid, domain.ReasonTagIllegal, fmt.Sprintf("illegal tag name %q", t))
		}
	}
	if text.Count(t) > domain.MaxTagLen {
		return domain.E(domain.KindInvalid, domain.ReasonTagTooLong, "tag name longer than 7 Chinese or 14 half-width characters")
	}
	return nil
}

// distinctTags checks texts and drops repeats (compared case-insensitively),
// keeping the first spelling.
func distinctTags(texts []string, spaces bool) ([]string, error) {
	seen := make(map[string]bool, len(texts))
	out := texts[:0:0]
	for _, t := range texts {
		if err := checkTag(t, spaces); err != nil {
			return nil, err
		}
		k := strings.ToLower(t)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// StatusTags lists the viewer's labels, most used first.
func (s *Service) StatusTags(ctx context.Context, v domain.Viewer, p domain.Page) ([]domain.StatusTag, int, error) {
	return s.store.StatusTags(ctx, v.UserID, p)
}

// StatusTagsOf maps each of statusIDs to the labels the viewer put on it
// (none for statuses that are not theirs: labels are private).
func (s *Service) StatusTagsOf(ctx context.Context, v domain.Viewer, statusIDs []int64) (map[int64][]string, error) {
	return s.store.StatusTagsOf(ctx, v.UserID, statusIDs)
}

// statusTagByText is the viewer's label named text; param names the
// parameter that gave it, for the error when there is none.
func (s *Service) statusTagByText(ctx context.Context, r domain.Reader, uid int64, text, param string) (domain.StatusTag, error) {
	m, err := r.StatusTagsByText(ctx, uid, []string{text})
	if err != nil {
		return domain.StatusTag{}, err
	}
	t, ok := m[text]
	if !ok {
		return t, domain.BadParam(param, "the name of one of your status tags", text)
	}
	return t, nil
}

// TaggedStatusIDs lists the viewer's statuses carrying the label named
// tag, newest first.
func (s *Service) TaggedStatusIDs(ctx context.Context, v domain.Viewer, tag string, p domain.Page) (*IDList, error) {
	t, err := s.statusTagByText(ctx, s.store, v.UserID, tag, "tag")
	if err != nil {
		return nil, err
	}
	ids, total, err := s.store.TaggedStatusIDs(ctx, v.UserID, t.ID, domain.StatusQuery{Page: p, Viewer: v.UserID})
	if err != nil {
		return nil, err
	}
	return &IDList{IDs: ids, Total: total}, nil
}

// CreateStatusTag adds a label; one the viewer has already is 20701.
func (s *Service) CreateStatusTag(ctx context.Context, v domain.Viewer, tag string) (*domain.StatusTag, error) {
	if err := checkTag(tag, false); err != nil {
		return nil, err
	}
	t := domain.StatusTag{UserID: v.UserID, Tag: tag}
	err := s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		_, total, err := tx.StatusTags(ctx, v.UserID, domain.Page{})
		if err != nil {
			return err
		}
		if total >= domain.MaxStatusTagsPerUser {
			return domain.E(domain.KindInvalid, domain.ReasonTagTooMany, fmt.Sprintf("at most %d status tags", domain.MaxStatusTagsPerUser))
		}
		t.ID = s.ids.Next()
		err = tx.CreateStatusTag(ctx, t, s.now())
		if domain.IsKind(err, domain.KindConflict) {
			return domain.E(domain.KindInvalid, domain.ReasonTagRepeated, "you have a status tag of this name")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// DeleteStatusTag deletes the viewer's label named tag, taking it off
// their statuses.
func (s *Service) DeleteStatusTag(ctx context.Context, v domain.Viewer, tag string) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		t, err := s.statusTagByText(ctx, tx, v.UserID, tag, "tag")
		if err != nil {
			return err
		}
		return tx.DeleteStatusTag(ctx, v.UserID, t.ID)
	})
}

// RenameStatusTag renames the viewer's label oldTag to newTag, on every
// status that carries it. A new name another label has is 20701.
func (s *Service) RenameStatusTag(ctx context.Context, v domain.Viewer, oldTag, newTag string) (*domain.StatusTag, error) {
	if err := checkTag(newTag, false); err != nil {
		return nil, err
	}
	var out domain.StatusTag
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		t, err := s.statusTagByText(ctx, tx, v.UserID, oldTag, "old_tag")
		if err != nil {
			return err
		}
		err = tx.RenameStatusTag(ctx, v.UserID, t.ID, newTag)
		if domain.IsKind(err, domain.KindConflict) {
			return domain.E(domain.KindInvalid, domain.ReasonTagRepeated, "another status tag has this name")
		}
		out = domain.StatusTag{ID: t.ID, UserID: v.UserID, Tag: newTag}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// TaggedStatus is a status with the labels its author put on it.
type TaggedStatus struct {
	*StatusView
	Tags []string
}

// UpdateStatusTags sets the labels of one of the viewer's statuses to
// texts (at most five). Texts that name none of the viewer's labels are
// left out, so that none, or only unknown ones, clear the status's labels
// (tags.md A7).
func (s *Service) UpdateStatusTags(ctx context.Context, v domain.Viewer, statusID int64, texts []string) (*TaggedStatus, error) {
	if len(texts) > domain.MaxTagsPerStatus {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTagTooMany, fmt.Sprintf("a status carries at most %d tags", domain.MaxTagsPerStatus))
	}
	var st *domain.Status
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if st, err = s.visibleStatus(ctx, tx, v.UserID, statusID); err != nil {
			return err
		}
		if st.UserID != v.UserID {
			return domain.E(domain.KindForbidden, domain.ReasonNotOwnStatus, "not your own weibo")
		}
		have, err := tx.StatusTagsByText(ctx, v.UserID, texts)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(texts))
		for _, t := range texts {
			if tag, ok := have[t]; ok {
				ids = append(ids, tag.ID)
			}
		}
		return tx.SetStatusTags(ctx, v.UserID, statusID, ids)
	})
	if err != nil {
		return nil, err
	}
	view, err := s.viewOne(ctx, v.UserID, st)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.StatusTagsOf(ctx, v.UserID, []int64{statusID})
	if err != nil {
		return nil, err
	}
	out := &TaggedStatus{StatusView: view, Tags: tags[statusID]}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	return out, nil
}

// UserTags lists the tags of user uid (everyone may read them), newest
// first.
func (s *Service) UserTags(ctx context.Context, uid int64, p domain.Page) ([]domain.UserTag, error) {
	if _, err := s.UserByID(ctx, uid); err != nil {
		return nil, err
	}
	tags, _, err := s.store.UserTags(ctx, uid, p)
	return tags, err
}

// UserTagsOf maps each of uids to its tags; unknown users map to none.
func (s *Service) UserTagsOf(ctx context.Context, uids []int64) (map[int64][]domain.UserTag, error) {
	return s.store.UserTagsOf(ctx, uids)
}

// UsersWithTag finds people by a user tag (Tencent's search/userbytag): the
// users carrying the tag text (compared case-insensitively), newest account
// first, a page at a time; total counts every carrier. Users blocked either
// way are left out of the page, so a page may come out short. A text no one
// has ever carried finds nobody.
func (s *Service) UsersWithTag(ctx context.Context, viewer int64, text string, p domain.Page) (ids []int64, total int, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, 0, domain.MissingParam("tag")
	}
	tags, err := s.store.UserTagsByText(ctx, []string{text})
	if err != nil {
		return nil, 0, err
	}
	tag, ok := tags[text]
	if !ok {
		return nil, 0, nil
	}
	ids, total, err = s.store.UserIDsWithTag(ctx, tag.ID, p)
	if err != nil || viewer == 0 || len(ids) == 0 {
		return ids, total, err
	}
	rels, err := s.store.Relationships(ctx, viewer, ids)
	if err != nil {
		return nil, 0, err
	}
	kept := ids[:0]
	for _, id := range ids {
		if !rels[id].Blocked() {
			kept = append(kept, id)
		}
	}
	return kept, total, nil
}

// SuggestUserTags proposes up to n tags the viewer does not carry: those
// most carried among the people they follow, then the most carried of all.
// (tags.md: Sina's were random; ours are ranked, so they are stable.)
func (s *Service) SuggestUserTags(ctx context.Context, v domain.Viewer, n int) ([]domain.UserTag, error) {
	return s.store.PopularUserTags(ctx, v.UserID, n)
}

// CreateUserTags gives the viewer the tags named texts, adding new texts
// to the dictionary, and returns the tags' ids in the order given. A tag
// the viewer carries already is reported again, not added twice; more
// than MaxUserTags in all is 20702 and adds none.
func (s *Service) CreateUserTags(ctx context.Context, v domain.Viewer, texts []string) ([]int64, error) {
	texts, err := distinctTags(texts, true)
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return nil, domain.E(domain.KindInvalid, domain.ReasonTagsNull, "tags is null")
	}
	if len(texts) > domain.MaxUserTags {
		return nil, userTagsTooMany()
	}
	var out []int64
	err = s.inTxNewIDs(ctx, func(tx domain.Tx) error {
		out = out[:0]
		_, total, err := tx.UserTags(ctx, v.UserID, domain.Page{})
		if err != nil {
			return err
		}
		for _, t := range texts {
			id, err := tx.AddUserTagText(ctx, s.ids.Next(), t)
			if err != nil {
				return err
			}
			err = tx.AddUserTag(ctx, v.UserID, id, s.now())
			switch {
			case err == nil:
				if total++; total > domain.MaxUserTags {
					return userTagsTooMany()
				}
			case !domain.IsKind(err, domain.KindConflict):
				return err
			}
			out = append(out, id)
		}
		return nil
	})
	return out, err
}

func userTagsTooMany() error {
	return domain.E(domain.KindInvalid, domain.ReasonTagTooMany, fmt.Sprintf("a user carries at most %d tags", domain.MaxUserTags))
}

// DestroyUserTag takes tag tagID from the viewer; one they do not carry is
// a bad tag_id.
func (s *Service) DestroyUserTag(ctx context.Context, v domain.Viewer, tagID int64) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		err := tx.RemoveUserTag(ctx, v.UserID, tagID)
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.BadParam("tag_id", "the id of one of your tags", fmt.Sprint(tagID))
		}
		return err
	})
}

// DestroyUserTags takes those of tagIDs the viewer carries from them and
// returns which; the others are skipped.
func (s *Service) DestroyUserTags(ctx context.Context, v domain.Viewer, tagIDs []int64) ([]int64, error) {
	var out []int64
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		out = out[:0]
		for _, id := range tagIDs {
			err := tx.RemoveUserTag(ctx, v.UserID, id)
			if domain.IsKind(err, domain.KindNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, id)
		}
		return nil
	})
	return out, err
}
