package sina_test

import (
	"context"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

func TestProfileEmail(t *testing.T) {
	k := testkit.Start(t)
	if _, err := k.App.Core.CreateUser(context.Background(), core.CreateUserInput{ScreenName: "mailer", Password: "secret-mailer", Email: "Mail@Example.com"}); err != nil {
		t.Fatal(err)
	}
	u := &testkit.User{Client: k.Anonymous()}
	var tok struct {
		AccessToken  string `json:"access_token"`
		ExpiresIn    int    `json:"expires_in"`
		RemindIn     string `json:"remind_in"`
		UID          string `json:"uid"`
		RefreshToken string `json:"refresh_token"`
	}
	u.Must(u.Form("POST", "/oauth2/access_token", reqParams("client_id", k.AppKey(), "client_secret", k.AppSecret(),
		"grant_type", "password", "username", "mailer", "password", "secret-mailer", "scope", "email")), &tok)
	u.Token = tok.AccessToken
	got := mustDecode[[]struct {
		Email string `json:"email"`
	}](t, u.Get("/2/account/profile/email.json", nil))
	if len(got) != 1 || got[0].Email != "mail@example.com" {
		t.Fatalf("email: %+v", got)
	}
	none := mustDecode[[]struct {
		Email string `json:"email"`
	}](t, k.NewUser("nomail").Get("/2/account/profile/email.json", nil))
	if len(none) != 1 || none[0].Email != "" {
		t.Fatalf("no email: %+v", none)
	}
	scoped := k.NewUserScoped("friendships_groups_read", "scoped")
	mustFail(t, scoped.Client, scoped.Get("/2/account/profile/email.json", nil), 403, 10014, "")
	mustFail(t, u.Client, u.Post("/2/account/profile/email.json", nil), 405, 10021, "")
}

type specNickname struct {
	IsLegal         bool     `json:"is_legal"`
	SuggestNickname []string `json:"suggest_nickname"`
}

func TestVerifyNickname(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser("taken_name")
	k.NewUser("taken_name1")
	check := func(n string) specNickname {
		t.Helper()
		return mustDecode[specNickname](t, u.Get("/2/register/verify_nickname.json", reqParams("nickname", n)))
	}
	if r := check("新名字"); !r.IsLegal || len(r.SuggestNickname) == 0 {
		t.Fatalf("a free Chinese name (width 6): %+v", r)
	}
	r := check("taken_name")
	if r.IsLegal || len(r.SuggestNickname) != 5 {
		t.Fatalf("a taken name: %+v", r)
	}
	for _, s := range r.SuggestNickname {
		if s == "taken_name1" || !strings.HasPrefix(s, "taken_name") {
			t.Fatalf("suggestion %q: taken, or not a variant", s)
		}
		if c := check(s); !c.IsLegal {
			t.Fatalf("suggested %q is not legal", s)
		}
	}
	for _, bad := range []string{"abc", "名", strings.Repeat("长", 11), "has space", "a!b@c", "12345"} {
		if r := check(bad); r.IsLegal {
			t.Fatalf("%q is legal", bad)
		}
	}
	mustFail(t, u.Client, u.Get("/2/register/verify_nickname.json", nil), 400, 10016, "nickname")
}

func TestFriendsChainAndActiveFollowers(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		me, target, a, b, c := k.NewUser("me"), k.NewUser("target"), k.NewUser("aa"), k.NewUser("bb"), k.NewUser("cc")
		fsFollow(t, me, a)
		fsFollow(t, me, b)
		fsFollow(t, me, c)
		fsFollow(t, a, target)
		fsFollow(t, c, target)
		fsFollow(t, b, c)
		fsFollow(t, me, target)
		l := mustDecode[sinaspec.Users](t, me.Get("/2/friendships/friends_chain/followers.json", reqParams("uid", idString(target.ID))))
		if ids := fsUserIDs(l.Users); len(ids) != 2 || ids[0] != c.ID || ids[1] != a.ID || l.TotalNumber != 2 {
			t.Fatalf("friends_chain: %v (total %d)", ids, l.TotalNumber)
		}
		l = mustDecode[sinaspec.Users](t, me.Get("/2/friendships/friends_chain/followers.json", reqParams("uid", idString(target.ID), "count", "1", "page", "2")))
		if ids := fsUserIDs(l.Users); len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("friends_chain page 2: %v", ids)
		}
		mustFail(t, me.Client, me.Get("/2/friendships/friends_chain/followers.json", nil), 400, 10016, "uid")
		mustFail(t, me.Client, me.Get("/2/friendships/friends_chain/followers.json", reqParams("uid", "999999")), 400, 20003, "")

		// c has a follower (b), a none: c ranks first; me too follows target.
		act := mustDecode[struct {
			Users []*sinaspec.User `json:"users"`
		}](t, target.Get("/2/friendships/followers/active.json", reqParams("uid", idString(target.ID))))
		if ids := fsUserIDs(act.Users); len(ids) != 3 || ids[0] != c.ID {
			t.Fatalf("followers/active: %v", ids)
		}
		act = mustDecode[struct {
			Users []*sinaspec.User `json:"users"`
		}](t, target.Get("/2/friendships/followers/active.json", reqParams("uid", idString(target.ID), "count", "1")))
		if len(act.Users) != 1 {
			t.Fatalf("followers/active count=1: %d users", len(act.Users))
		}
		mustFail(t, me.Client, me.Get("/2/friendships/followers/active.json", reqParams("uid", idString(target.ID), "count", "0")), 400, 10017, "count")
		mustFail(t, me.Client, me.Get("/2/friendships/followers/active.json", nil), 400, 10016, "uid")
	})
}
