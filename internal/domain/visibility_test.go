package domain

import "testing"

// TestAudienceAgreesWithCanSee: Audience is CanSee summed up over viewers;
// a visibility type added to one and not the other fails here.
func TestAudienceAgreesWithCanSee(t *testing.T) {
	const author, viewer = 1, 2
	rels := []Relationship{{}, {Following: true}, {FollowedBy: true}, {Following: true, FollowedBy: true}}
	for typ := -1; typ <= 6; typ++ {
		st := &Status{UserID: author, Visible: Visibility{Type: typ, ListID: 7}}
		all, some := true, false
		for _, rel := range rels {
			for _, inGroup := range []bool{false, true} {
				see := CanSee(viewer, st, rel, inGroup)
				all = all && see
				some = some || see
			}
		}
		all = all && CanSee(0, st, Relationship{}, false)
		want := AudienceAuthor
		switch {
		case all:
			want = AudienceEveryone
		case some:
			want = AudienceSome
		}
		if got := st.Visible.Audience(); got != want {
			t.Errorf("visible type %d: Audience %d, CanSee says %d", typ, got, want)
		}
		if !CanSee(author, st, Relationship{}, false) {
			t.Errorf("visible type %d: the author cannot see it", typ)
		}
	}
}
