package domain

import "testing"

func TestCanSeeBlocked(t *testing.T) {
	st := &Status{ID: 1, UserID: 10}
	for _, rel := range []Relationship{{Blocking: true}, {BlockedBy: true}, {Following: true, FollowedBy: true, BlockedBy: true}} {
		if CanSee(20, st, rel, false) {
			t.Errorf("viewer with %+v sees a public status", rel)
		}
	}
	if !CanSee(10, st, Relationship{Blocking: true}, false) {
		t.Error("the author always sees their own")
	}
	if !CanSee(20, st, Relationship{}, false) {
		t.Error("no block: public is public")
	}
	if r := (Relationship{Following: true, Blocking: true}).Reverse(); r != (Relationship{FollowedBy: true, BlockedBy: true}) {
		t.Errorf("Reverse: %+v", r)
	}
}

func TestPrivacyLevelAllows(t *testing.T) {
	plain, verified := &User{ID: 1}, &User{ID: 2, Verified: true}
	cases := []struct {
		l        PrivacyLevel
		actor    *User
		followed bool
		want     bool
	}{
		{PrivacyEveryone, plain, false, true},
		{PrivacyFollowed, plain, false, false},
		{PrivacyFollowed, verified, false, false},
		{PrivacyFollowed, plain, true, true},
		{PrivacyTrusted, plain, false, false},
		{PrivacyTrusted, verified, false, true},
		{PrivacyTrusted, plain, true, true},
		{PrivacyTrusted, nil, false, false},
	}
	for _, c := range cases {
		if got := c.l.Allows(c.actor, c.followed); got != c.want {
			t.Errorf("%d.Allows(%+v, %v) = %v", c.l, c.actor, c.followed, got)
		}
	}
	for l, ok := range map[PrivacyLevel]bool{-1: false, 0: true, 1: true, 2: true, 3: false} {
		if l.Valid() != ok {
			t.Errorf("%d.Valid() = %v", l, !ok)
		}
	}
}
