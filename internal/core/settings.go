package core

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/text"
)

// Limits of the profile fields (Sina's settings page: a description of 70
// characters, a location of 30).
const (
	MaxDescription = 70
	MaxLocation    = 30
)

// UpdateProfile changes the viewer's screen name, description, location and
// gender (m, f or n). A screen name taken by another person, in any case,
// is a conflict.
func (s *Service) UpdateProfile(ctx context.Context, v domain.Viewer, p domain.ProfileChange) (*domain.User, error) {
	p.ScreenName = strings.TrimSpace(p.ScreenName)
	p.Description = strings.TrimSpace(p.Description)
	p.Location = strings.TrimSpace(p.Location)
	if err := validScreenName(p.ScreenName); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(p.Description) > MaxDescription {
		return nil, domain.BadParam("description", fmt.Sprintf("at most %d characters", MaxDescription), p.Description)
	}
	if utf8.RuneCountInString(p.Location) > MaxLocation {
		return nil, domain.BadParam("location", fmt.Sprintf("at most %d characters", MaxLocation), p.Location)
	}
	if p.Gender != "m" && p.Gender != "f" && p.Gender != "n" {
		return nil, domain.BadParam("gender", "m, f or n", p.Gender)
	}
	if err := validPlace(p.Province, p.City); err != nil {
		return nil, err
	}
	if err := s.checkNameFree(ctx, p.ScreenName); err != nil {
		return nil, err
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		u, err := tx.UserByID(ctx, v.UserID)
		if err != nil {
			return err
		}
		if err := tx.UpdateProfile(ctx, v.UserID, p); err != nil {
			return err
		}
		if u.ScreenName != p.ScreenName {
			// Findable by the new name in suggestions at once.
			return tx.SetUserNameKeys(ctx, v.UserID, text.NameKeys(p.ScreenName))
		}
		return nil
	})
	if domain.IsKind(err, domain.KindConflict) {
		return nil, &domain.Error{Kind: domain.KindConflict, Reason: domain.ReasonBadParam, Param: "screen_name",
			Want: "a name not yet taken", Got: p.ScreenName, Msg: "screen name already taken", Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("update profile: %w", err)
	}
	return s.store.UserByID(ctx, v.UserID)
}

// ChangePassword replaces the viewer's password after checking the current
// one, and ends every other browser session of theirs: whoever signed in
// with the old password is signed out. keepSession is the session secret
// of the browser making the change ("" ends them all).
func (s *Service) ChangePassword(ctx context.Context, v domain.Viewer, current, next, keepSession string) error {
	if utf8.RuneCountInString(next) < 6 || len(next) > 256 {
		return domain.BadParam("password", "6 to 256 characters", "***")
	}
	u, err := s.store.UserByID(ctx, v.UserID)
	if err != nil {
		return err
	}
	// The current password is checked as a sign-in is, guard included: a
	// borrowed session is no way around the limits on guessing it.
	if _, err := s.Authenticate(ctx, LoginAttempt{Login: u.ScreenName, Password: current, IP: v.IP}); err != nil {
		if domain.IsKind(err, domain.KindUnauthenticated) {
			return domain.E(domain.KindUnauthenticated, domain.ReasonBadPassword, "the current password is wrong")
		}
		return err
	}
	release, err := s.gate.enter(ctx, 0)
	if err != nil {
		return err
	}
	hash, err := hashPassword(next, s.opts.Password)
	release()
	if err != nil {
		return err
	}
	keep := ""
	if keepSession != "" {
		keep = hashSecret(keepSession)
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.SetPasswordHash(ctx, v.UserID, hash); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, v.UserID, keep)
	})
}

// SignOutEverywhere ends every browser session of the user.
func (s *Service) SignOutEverywhere(ctx context.Context, userID int64) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error { return tx.DeleteUserSessions(ctx, userID, "") })
}

// validPlace checks the place codes of a profile change: a province of
// Weibo's numbering (geo.WeiboProvinces) or 0 for none, and a city of that
// province or 0. A city without a province is refused: it means nothing.
func validPlace(prov, city *int) error {
	if prov == nil {
		if city != nil {
			return domain.BadParam("province", "a province code with the city code", "")
		}
		return nil
	}
	if *prov != 0 {
		if _, ok := geo.WeiboPlace(*prov, 0); !ok {
			return domain.BadParam("province", "a province code (common/get_province)", fmt.Sprint(*prov))
		}
	}
	if city != nil && *city != 0 {
		if _, ok := geo.WeiboPlace(*prov, *city); !ok || *prov == 0 {
			return domain.BadParam("city", "a city code of the province (common/get_city)", fmt.Sprint(*city))
		}
	}
	return nil
}
