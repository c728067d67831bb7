package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/weibo-server/weibo/internal/domain"
)

// ContactEmail is the viewer's own e-mail address (account/profile/email),
// "" when they gave none.
func (s *Service) ContactEmail(ctx context.Context, viewer int64) (string, error) {
	u, err := s.store.UserByID(ctx, viewer)
	if err != nil {
		return "", err
	}
	return u.Email, nil
}

// NicknameCheck is register/verify_nickname's answer.
type NicknameCheck struct {
	Legal   bool
	Suggest []string
}

// nicknameWidth counts a nickname as register/verify_nickname does: a
// Chinese (wide) character 2, any other 1.
func nicknameWidth(name string) int {
	n := 0
	for _, r := range name {
		if r > unicode.MaxASCII {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// nicknameRule reports whether name follows the nickname rule: 4 to 20
// wide, of Chinese characters, letters, digits, _ and -, not all digits
// (a screen name of digits would read as a uid), and a valid screen name.
func nicknameRule(name string) bool {
	if w := nicknameWidth(name); w < 4 || w > 20 {
		return false
	}
	for _, r := range name {
		if !(unicode.Is(unicode.Han, r) || (r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))) || r == '_' || r == '-') {
			return false
		}
	}
	return validScreenName(name) == nil
}

// maxNicknameSuggestions is how many free variants verify_nickname offers.
const maxNicknameSuggestions = 5

// VerifyNickname says whether name may be taken now (it follows the rule
// and no one has it) and, either way, offers free variants: the name (cut
// to fit, or with what the rule refuses removed) with digits or a suffix
// appended, each checked against the rule and the users.
func (s *Service) VerifyNickname(ctx context.Context, name string) (*NicknameCheck, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, domain.MissingParam("nickname")
	}
	taken := func(n string) (bool, error) {
		_, err := s.store.UserByScreenName(ctx, n)
		if domain.IsKind(err, domain.KindNotFound) {
			// Free, unless held back after its account was deleted.
			err := s.checkNameFree(ctx, n)
			if errors.Is(err, ErrNameHeld) {
				return true, nil
			}
			return false, err
		}
		return err == nil, err
	}
	out := &NicknameCheck{Suggest: []string{}}
	if nicknameRule(name) {
		t, err := taken(name)
		if err != nil {
			return nil, err
		}
		out.Legal = !t
	}
	// The stem: what the rule allows of name, short enough for a suffix.
	var b strings.Builder
	for _, r := range name {
		if unicode.Is(unicode.Han, r) || (r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))) || r == '_' || r == '-' {
			if nicknameWidth(b.String()+string(r)) > 16 {
				break
			}
			b.WriteRune(r)
		}
	}
	stem := b.String()
	if stem == "" {
		stem = "weibo"
	}
	var cands []string
	for _, suffix := range []string{"_", "2013", "001", "002", "_v", "123", "888", "_cn"} {
		cands = append(cands, stem+suffix)
	}
	for i := 1; len(cands) < 40; i++ {
		cands = append(cands, fmt.Sprintf("%s%d", stem, i))
	}
	var tried []string
	for _, c := range cands {
		if nicknameRule(c) && c != name {
			tried = append(tried, c)
		}
	}
	users, err := s.store.UsersByScreenNames(ctx, tried)
	if err != nil {
		return nil, err
	}
	taken2 := map[string]bool{}
	for _, u := range users {
		taken2[strings.ToLower(u.ScreenName)] = true
	}
	for _, c := range tried {
		if len(out.Suggest) == maxNicknameSuggestions {
			break
		}
		if !taken2[strings.ToLower(c)] {
			out.Suggest = append(out.Suggest, c)
		}
	}
	return out, nil
}

// ChainFollowers lists whom the viewer follows who follow uid.
func (s *Service) ChainFollowers(ctx context.Context, viewer, uid int64, c domain.Cursor) (*UserList, error) {
	if _, err := s.ResolveUser(ctx, UserRef{ID: uid}); err != nil {
		return nil, err
	}
	list := func(ctx context.Context, target int64, c domain.Cursor) ([]int64, int, error) {
		return s.store.ChainFollowerIDs(ctx, viewer, target, c)
	}
	return s.userList(ctx, viewer, list, uid, c, true)
}

// ActiveFollowers lists up to count of uid's most followed followers (优质
// 粉丝: the spec leaves the ranking open; followers' own audience is the
// measure a reader can check), leaving out anyone a block separates from
// the viewer.
func (s *Service) ActiveFollowers(ctx context.Context, viewer, uid int64, count int) ([]*UserView, error) {
	if _, err := s.ResolveUser(ctx, UserRef{ID: uid}); err != nil {
		return nil, err
	}
	ids, err := s.store.ActiveFollowerIDs(ctx, uid, count)
	if err != nil {
		return nil, err
	}
	vs, err := s.userViews(ctx, viewer, ids, true)
	if err != nil {
		return nil, err
	}
	out := vs[:0]
	for _, v := range vs {
		if !v.Rel.Blocked() {
			out = append(out, v)
		}
	}
	return out, nil
}
