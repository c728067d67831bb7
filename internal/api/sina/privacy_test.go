package sina_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// specPrivacy is objects.md §6, every key required.
type specPrivacy struct {
	Comment  int `json:"comment"`
	Geo      int `json:"geo"`
	Message  int `json:"message"`
	Realname int `json:"realname"`
	Badge    int `json:"badge"`
	Mobile   int `json:"mobile"`
	Webim    int `json:"webim"`
}

func setPrivacy(t *testing.T, k *testkit.Kit, u *testkit.User, edit func(p *domain.Privacy)) {
	t.Helper()
	ctx := context.Background()
	p, err := k.App.Core.Privacy(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit(&p)
	if _, err := k.App.Core.SetPrivacy(ctx, u.ID, p); err != nil {
		t.Fatal(err)
	}
}

func TestGetPrivacy(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice := k.NewUser("alice")
		got := mustDecode[specPrivacy](t, alice.Get("/2/account/get_privacy.json", nil))
		if want := (specPrivacy{Comment: 0, Geo: 1, Message: 0, Realname: 0, Badge: 1, Mobile: 1, Webim: 1}); got != want {
			t.Fatalf("defaults: got %+v, want %+v", got, want)
		}
		u := fsUser(t, alice, alice.ID)
		if !u.AllowAllComment || !u.AllowAllActMsg || !u.GeoEnabled {
			t.Fatalf("user object with default privacy: %+v", u)
		}
		setPrivacy(t, k, alice, func(p *domain.Privacy) {
			p.Comment, p.Message, p.Geo, p.WebIM = domain.PrivacyFollowed, domain.PrivacyTrusted, false, false
		})
		got = mustDecode[specPrivacy](t, alice.Get("/2/account/get_privacy.json", nil))
		if want := (specPrivacy{Comment: 1, Geo: 0, Message: 2, Realname: 0, Badge: 1, Mobile: 1, Webim: 0}); got != want {
			t.Fatalf("after the change: got %+v, want %+v", got, want)
		}
		// Every user object reports the settings, to everyone.
		u = fsUser(t, k.NewUser("bob"), alice.ID)
		if u.AllowAllComment || u.AllowAllActMsg || u.GeoEnabled {
			t.Fatalf("user object after the change: %+v", u)
		}
		mustFail(t, alice.Client, alice.Post("/2/account/get_privacy.json", nil), http.StatusMethodNotAllowed, 10021, "")
		mustFail(t, alice.Client, k.Anonymous().Get("/2/account/get_privacy.json", nil), http.StatusUnauthorized, 10006, "")
	})
}

func TestSetPrivacyRefusesUnknownLevels(t *testing.T) {
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	for _, p := range []domain.Privacy{{Comment: 3}, {Message: -1}} {
		if _, err := k.App.Core.SetPrivacy(context.Background(), alice.ID, p); !domain.IsReason(err, domain.ReasonBadParam) {
			t.Fatalf("SetPrivacy(%+v): %v", p, err)
		}
	}
}

func TestPrivacyCommentRule(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, friend, stranger := k.NewUser("alice"), k.NewUser("friend"), k.NewUser("stranger")
		fsFollow(t, alice, friend)
		fsFollow(t, stranger, alice) // following alice does not make one followed by her
		setPrivacy(t, k, alice, func(p *domain.Privacy) { p.Comment = domain.PrivacyFollowed })
		st := post(t, alice, "only my friends may answer")

		mustFail(t, stranger.Client, stranger.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "me too")),
			http.StatusForbidden, 20508, "")
		c := mustDecode[sinaspec.Comment](t, friend.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "hello")))
		// Replying to a comment is commenting too.
		mustFail(t, stranger.Client, stranger.Post("/2/comments/reply.json", reqParams("id", idString(st.ID), "cid", idString(c.ID), "comment", "hi")),
			http.StatusForbidden, 20508, "")
		mustDecode[sinaspec.Comment](t, alice.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "mine")))
		// A repost with is_comment stands, without the refused comment.
		rp := mustDecode[sinaspec.Status](t, stranger.Post("/2/statuses/repost.json", reqParams("id", idString(st.ID), "status", "look", "is_comment", "1")))
		if rp.RetweetedStatus == nil || rp.RetweetedStatus.ID != st.ID {
			t.Fatalf("repost: %+v", rp)
		}
		got := mustDecode[sinaspec.Status](t, alice.Get("/2/statuses/show.json", reqParams("id", idString(st.ID))))
		if got.CommentsCount != 2 || got.RepostsCount != 1 {
			t.Fatalf("counters: comments %d reposts %d, want 2 and 1", got.CommentsCount, got.RepostsCount)
		}

		// Trusted: followed people and verified users; the stranger is neither.
		setPrivacy(t, k, alice, func(p *domain.Privacy) { p.Comment = domain.PrivacyTrusted })
		mustFail(t, stranger.Client, stranger.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "again")),
			http.StatusForbidden, 20508, "")
		mustDecode[sinaspec.Comment](t, friend.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "again")))
		setPrivacy(t, k, alice, func(p *domain.Privacy) { p.Comment = domain.PrivacyEveryone })
		mustDecode[sinaspec.Comment](t, stranger.Post("/2/comments/create.json", reqParams("id", idString(st.ID), "comment", "at last")))
	})
}

func TestPrivacyMessageRule(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	alice, friend, stranger := k.NewUser("alice"), k.NewUser("friend"), k.NewUser("stranger")
	fsFollow(t, alice, friend)
	if err := k.App.Core.CanMessage(ctx, stranger.ID, alice.ID); err != nil {
		t.Fatalf("everyone may message by default: %v", err)
	}
	setPrivacy(t, k, alice, func(p *domain.Privacy) { p.Message = domain.PrivacyFollowed })
	if err := k.App.Core.CanMessage(ctx, stranger.ID, alice.ID); !domain.IsReason(err, domain.ReasonPrivacyForbidden) {
		t.Fatalf("stranger messaging: %v", err)
	}
	if err := k.App.Core.CanMessage(ctx, friend.ID, alice.ID); err != nil {
		t.Fatalf("followed messaging: %v", err)
	}
	if err := k.App.Core.CanMessage(ctx, friend.ID, 999999); !domain.IsReason(err, domain.ReasonUserNotFound) {
		t.Fatalf("messaging no one: %v", err)
	}
	block(t, k, alice, friend)
	if err := k.App.Core.CanMessage(ctx, friend.ID, alice.ID); !domain.IsReason(err, domain.ReasonBlockedBy) {
		t.Fatalf("messaging one's blocker: %v", err)
	}
	if err := k.App.Core.CanMessage(ctx, alice.ID, friend.ID); !domain.IsReason(err, domain.ReasonUnblockFirst) {
		t.Fatalf("messaging whom one blocks: %v", err)
	}
}

func TestPrivacyGeoAndEmail(t *testing.T) {
	k := testkit.Start(t)
	ctx := context.Background()
	alice := k.NewUser("alice")
	if _, err := k.App.Core.CreateUser(ctx, core.CreateUserInput{ScreenName: "carol", Password: "secret-carol", Email: "carol@example.com"}); err != nil {
		t.Fatal(err)
	}
	st := mustDecode[sinaspec.Status](t, alice.Post("/2/statuses/update.json", reqParams("status", "here", "lat", "39.9", "long", "116.4")))
	if st.Geo == nil {
		t.Fatal("geo on: the location is kept")
	}
	setPrivacy(t, k, alice, func(p *domain.Privacy) { p.Geo = false })
	st = mustDecode[sinaspec.Status](t, alice.Post("/2/statuses/update.json", reqParams("status", "there", "lat", "39.9", "long", "116.4")))
	if st.Geo != nil {
		t.Fatalf("geo off: the location is dropped, got %+v", st.Geo)
	}

	find := func() []sinaspec.UserSuggestion {
		return mustDecode[[]sinaspec.UserSuggestion](t, alice.Get("/2/search/suggestions/users.json", reqParams("q", "Carol@Example.com")))
	}
	if got := find(); len(got) != 1 || got[0].ScreenName != "carol" {
		t.Fatalf("found by e-mail: %+v", got)
	}
	carol, err := k.App.Core.ResolveUser(ctx, core.UserRef{ScreenName: "carol"})
	if err != nil {
		t.Fatal(err)
	}
	p := carol.Privacy
	p.FindByEmail = false
	if _, err := k.App.Core.SetPrivacy(ctx, carol.ID, p); err != nil {
		t.Fatal(err)
	}
	if got := find(); len(got) != 0 {
		t.Fatalf("not findable by e-mail, yet found: %+v", got)
	}
}
